//! `specwright push SPEC --repo PATH|URL --reviewer "Name <email>"`: approve a spec and push
//! it, with its Kong config, approval record and SARIF lint report, to a git branch.
//!
//! The gate runs the real governance engine (`--ruleset`, else `.spectral.yaml` in the
//! spec's repository, else `spectral:oas`) and the real Kong translator; see
//! `specwright_gitops` for the rest. Exit codes: 0 pushed, 1 refused (gate or a remote that
//! moved), 2 input or git error.

use crate::common::LoadArgs;
use specwright_document::Spec;
use specwright_gitops::engines::gate_inputs;
use specwright_gitops::{GitOptions, Prepared, PushError, PushRequest, Reviewer};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The spec to approve (all files it references are pushed too).
    spec: PathBuf,
    /// Target repository: a local path or a URL (https, ssh, file).
    #[arg(long, value_name = "PATH|URL")]
    repo: String,
    /// Target branch (created from the remote's default branch when missing); default:
    /// the default branch.
    #[arg(long, value_name = "NAME")]
    branch: Option<String>,
    /// Folder in the repository; default `apis/<slug of info.title>`.
    #[arg(long, value_name = "DIR")]
    dir: Option<String>,
    /// Who approves: "Name <email>".
    #[arg(long, value_name = "NAME <EMAIL>")]
    reviewer: String,
    /// Governance ruleset (Spectral format).
    #[arg(long, value_name = "FILE")]
    ruleset: Option<PathBuf>,
    /// Commit message subject.
    #[arg(long, value_name = "MSG")]
    message: Option<String>,
    /// Accept breaking changes against the branch's version, for this reason (recorded).
    #[arg(long, value_name = "REASON")]
    allow_breaking: Option<String>,
    #[command(flatten)]
    load: LoadArgs,
}

pub fn run(args: Args) -> Result<u8, String> {
    let reviewer = Reviewer::parse(&args.reviewer)?;
    let request = PushRequest {
        spec: args.spec.clone(),
        load: args.load.options(),
        repo: args.repo.clone(),
        branch: args.branch.clone(),
        dir: args.dir.clone(),
        reviewer,
        message: args.message.clone(),
        allow_breaking: args.allow_breaking.clone(),
    };
    let git = GitOptions {
        // On a terminal git may ask for credentials as it normally would.
        interactive: std::io::stdin().is_terminal(),
        ..GitOptions::default()
    };
    let prepared = match Prepared::open(request, git) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let rules = ruleset(&prepared.spec, args.ruleset.as_deref());
    let inputs = gate_inputs(&prepared.spec, rules.as_deref())?;
    let t = &prepared.target;
    eprintln!(
        "target: {} branch `{}`{} folder {}",
        t.remote,
        t.branch,
        if t.remote_tip.is_none() { " (new)" } else { "" },
        prepared.layout.dir
    );
    match prepared.diff() {
        Some(d) => eprint!("{}", specwright_diff::render::text(d)),
        None => eprintln!("no previous version on the branch: nothing to compare"),
    }
    let gate = prepared.gate(&inputs);
    let counts: Vec<String> = gate
        .counts
        .iter()
        .map(|(s, n)| format!("{n} {}", s.label()))
        .collect();
    eprintln!(
        "governance ({}): {}; fail severity `{}`",
        inputs.lint.ruleset,
        counts.join(", "),
        gate.fail_severity.label()
    );
    for f in inputs
        .lint
        .findings
        .iter()
        .filter(|f| f.severity <= gate.fail_severity)
    {
        eprintln!(
            "  {}:{}:{} {} {}: {}",
            f.file.display(),
            f.range.start.line + 1,
            f.range.start.character + 1,
            f.severity.label(),
            f.rule,
            f.message
        );
    }
    match prepared.push(&inputs) {
        Ok(out) => {
            println!(
                "pushed {} to {} branch `{}`{}",
                &out.commit[..out.commit.len().min(12)],
                out.remote,
                out.branch,
                if out.created_branch { " (created)" } else { "" }
            );
            for f in &out.files {
                println!("  {f}");
            }
            Ok(0)
        }
        Err(e) => fail(e),
    }
}

fn fail(e: PushError) -> Result<u8, String> {
    eprintln!("error: {e}");
    Ok(e.exit_code())
}

/// The ruleset: `--ruleset`, else `.spectral.yaml|yml|json` at the spec's repository root,
/// else none (the built-in `spectral:oas`).
fn ruleset(spec: &Spec, flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_path_buf).or_else(|| {
        [".spectral.yaml", ".spectral.yml", ".spectral.json"]
            .iter()
            .map(|n| spec.root_dir.join(n))
            .find(|p| p.is_file())
    })
}
