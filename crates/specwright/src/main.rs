//! `specwright`: thin command line over the engine crates.
//!
//! Exit codes: 0 success, 1 findings or refusal, 2 usage or input error.

mod cmd;
mod common;

use clap::{Parser, Subcommand};
use std::io::Write;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Lint specs with a Spectral-compatible ruleset (exit 1 on findings at the fail severity,
    /// 2 when a spec or the ruleset cannot be read; readable specs are still reported).
    Lint(cmd::lint::Args),
    /// Test policies: each rule against its failing and passing examples.
    Policy(cmd::policy::Args),
    /// Changes between two versions of a spec; exit 1 when any is breaking.
    Diff(cmd::diff::Args),
    /// Approve a spec (governance, Kong translation, breaking changes) and push it to git.
    Push(cmd::push::Args),
    /// The spec as Kong decK declarative config (like `deck file openapi2kong`).
    Translate(cmd::translate::Args),
    /// The spec as a diagram: schemas, resources or gateway, in Mermaid, DOT or SVG.
    Diagram(cmd::diagram::Args),
    /// A mock server for the spec (Prism's flags), reloading when the spec changes.
    Mock(cmd::mock::Args),
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            exit_without_teardown(code);
        }
    };
    let result = match cli.command {
        Command::Stats(args) => cmd::stats::run(args),
        Command::Lint(args) => cmd::lint::run(args),
        Command::Policy(args) => cmd::policy::run(args),
        Command::Diff(args) => cmd::diff::run(args),
        Command::Push(args) => cmd::push::run(args),
        Command::Translate(args) => cmd::translate::run(args),
        Command::Diagram(args) => cmd::diagram::run(args),
        Command::Mock(args) => cmd::mock::run(args),
    };
    let code = match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    };
    exit_without_teardown(code)
}

/// Ends the process once its output is flushed, without running the C runtime's exit
/// handlers. The costly one is mimalloc's: it walks every page of the heap to free it, 7 ms
/// after a Stripe lint (a tenth of the run), just before the kernel drops the whole
/// address space anyway. Every command has joined its threads and closed its files by now.
fn exit_without_teardown(code: u8) -> ! {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(unix)]
    // SAFETY: `_exit` only ends the process; nothing runs after it.
    unsafe {
        libc::_exit(code.into())
    }
    #[cfg(not(unix))]
    std::process::exit(code.into())
}
