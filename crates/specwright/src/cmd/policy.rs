//! `specwright policy test [DIR]`: runs each policy rule on its failing and passing
//! example specs and reports per rule.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Check every rule fires where its failing examples say and is silent on passing ones.
    Test {
        /// A policy folder (with ruleset.yaml) or a folder of them.
        #[arg(default_value = "policies")]
        dir: PathBuf,
    },
}

pub fn run(args: Args) -> Result<u8, String> {
    let Command::Test { dir } = args.command;
    let reports = specwright_governance::policytest::run(&dir)?;
    let mut failed = 0;
    for r in &reports {
        if r.problems.is_empty() {
            println!("ok    {}/{} ({} examples)", r.policy, r.rule, r.examples);
        } else {
            failed += 1;
            println!("FAIL  {}/{}", r.policy, r.rule);
            for p in &r.problems {
                println!("        {p}");
            }
        }
    }
    println!(
        "\n{} rules: {} passed, {failed} failed",
        reports.len(),
        reports.len() - failed
    );
    Ok(u8::from(failed > 0))
}
