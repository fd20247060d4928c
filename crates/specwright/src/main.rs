//! `specwright`: thin command line over the engine crates.
//!
//! Exit codes: 0 success, 1 findings or refusal, 2 usage or input error.

mod cmd;
mod common;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "specwright",
    version,
    about = "Design, lint, translate, mock and ship OpenAPI specs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Kind, version, files, refs and counts of a spec.
    Stats(cmd::stats::Args),
    /// The spec as Kong decK declarative config (like `deck file openapi2kong`).
    Translate(cmd::translate::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Stats(args) => cmd::stats::run(args),
        Command::Translate(args) => cmd::translate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
