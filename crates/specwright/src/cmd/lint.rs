//! `specwright lint SPEC...`: Spectral-compatible linting with the governance engine.
//!
//! Ruleset discovery like Spectral: `--ruleset`, else `.spectral.yaml|.yml|.json` in the
//! current folder, else the org default policy (`policies/org-default`, built in).

use crate::common::LoadArgs;
use specwright_document::{LoadOptions, Spec};
use specwright_governance::output::{self, Baseline};
use specwright_governance::{EarlyLint, Finding, FunctionRegistry, Linter, Ruleset, Severity};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[derive(clap::Args)]
pub struct Args {
    /// Specs to lint (YAML or JSON).
    #[arg(required = true)]
    specs: Vec<PathBuf>,
    /// Ruleset file (default: .spectral.yaml|.yml|.json here, else the org default policy).
    #[arg(long, short = 'r', value_name = "FILE")]
    ruleset: Option<PathBuf>,
    #[arg(long, short = 'f', value_enum, default_value = "stylish")]
    format: Format,
    /// Lowest severity that fails the run (exit 1).
    #[arg(long, short = 'F', value_enum, default_value = "error")]
    fail_severity: Fail,
    /// Write the report here instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Report only findings not recorded in this baseline.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings as the baseline.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    #[command(flatten)]
    load: LoadArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq)]
enum Format {
    Stylish,
    Json,
    Sarif,
    Junit,
    GithubActions,
    Markdown,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum Fail {
    Error,
    Warn,
    Info,
    Hint,
    Off,
}

impl Fail {
    fn threshold(self) -> Option<Severity> {
        match self {
            Fail::Error => Some(Severity::Error),
            Fail::Warn => Some(Severity::Warn),
            Fail::Info => Some(Severity::Info),
            Fail::Hint => Some(Severity::Hint),
            Fail::Off => None,
        }
    }
}

/// The org default policy, built into the binary so `lint` works anywhere.
const DEFAULT_POLICY: &str = include_str!("../../../../policies/org-default/ruleset.yaml");

/// The ruleset as Spectral finds it: `--ruleset`, else `.spectral.{yaml,yml,json}` in the
/// current folder, else the org default policy.
pub(crate) fn load_linter(explicit: Option<&Path>) -> Result<Linter, String> {
    if let Some(p) = explicit {
        return Linter::from_file(p).map_err(|e| e.to_string());
    }
    for name in [".spectral.yaml", ".spectral.yml", ".spectral.json"] {
        let p = Path::new(name);
        if p.exists() {
            return Linter::from_file(p).map_err(|e| e.to_string());
        }
    }
    let registry = FunctionRegistry::with_core();
    let rs = Ruleset::from_text(
        "policies/org-default/ruleset.yaml",
        DEFAULT_POLICY,
        None,
        &registry,
    )
    .map_err(|e| e.to_string())?;
    Linter::new(rs, registry).map_err(|e| e.to_string())
}

/// What linting every spec gave: the linter, the findings, the texts a stylish report
/// quotes, and how many specs could not be read.
type Linted = (Linter, Vec<Finding>, Vec<(String, String)>, usize);

/// Prepares the ruleset and lints every spec. The ruleset is prepared while the first spec
/// loads, and the part of that spec's lint that needs only its entry file's tree
/// ([`Linter::lint_early`]) runs while its references resolve. A ruleset error still wins.
fn lint_all(args: &Args, options: &LoadOptions) -> Result<Linted, String> {
    let ruleset: OnceLock<Result<Linter, String>> = OnceLock::new();
    let linted = std::thread::scope(|s| {
        // Dropped once the ruleset is prepared (or its preparation failed), which is what
        // the first spec's early lint waits for.
        let (prepared, is_prepared) = std::sync::mpsc::channel::<()>();
        let ruleset = &ruleset;
        let preparing = s.spawn(move || {
            let _ = ruleset.set(load_linter(args.ruleset.as_deref()));
            drop(prepared);
        });
        let (sender, early) = EarlyLint::channel();
        let mut first = args.specs.first().map(|p| {
            Spec::load_beside(p, options, s, move |root| {
                let _ = is_prepared.recv();
                if let Some(Ok(linter)) = ruleset.get() {
                    linter.lint_early(p, root, sender);
                }
            })
        });
        let mut early = Some(early);
        if let Err(panic) = preparing.join() {
            std::panic::resume_unwind(panic);
        }
        let linter = match ruleset.get() {
            Some(Ok(linter)) => linter,
            _ => return Err(String::new()),
        };
        let mut findings: Vec<Finding> = Vec::new();
        let mut texts: Vec<(String, String)> = Vec::new();
        // A spec that cannot be read does not hide the others' findings: its error is
        // printed here, the rest are linted and reported, and the exit code is 2.
        let mut unreadable = 0;
        for (i, spec_path) in args.specs.iter().enumerate() {
            let loaded = first
                .take()
                .unwrap_or_else(|| Spec::load(spec_path, options));
            let spec = match loaded {
                Ok(spec) => spec,
                Err(e) => {
                    eprintln!("error: {e}");
                    unreadable += 1;
                    continue;
                }
            };
            // Only the first spec's: its tree is the one the early lint ran on (when it
            // fails to load after its parse, the early findings must not reach another).
            let early = if i == 0 { early.take() } else { None };
            findings.extend(linter.lint_with(&spec, early).map_err(|e| e.to_string())?);
            if args.format == Format::Stylish {
                for f in &spec.files {
                    texts.push((f.name.clone(), f.text.clone()));
                }
            }
            if i + 1 == args.specs.len() {
                // The process ends after the report: freeing a large tree node by node
                // would only delay the exit.
                std::mem::forget(spec);
            }
        }
        Ok::<_, String>((findings, texts, unreadable))
    });
    let linter = ruleset
        .into_inner()
        .ok_or("the ruleset was not prepared")??;
    let (findings, texts, unreadable) = linted?;
    Ok((linter, findings, texts, unreadable))
}

pub fn run(args: Args) -> Result<u8, String> {
    let options = args.load.options();
    let (linter, mut findings, texts, unreadable) = lint_all(&args, &options)?;
    if unreadable == args.specs.len() {
        return Ok(2);
    }
    if let Some(path) = &args.write_baseline {
        // A baseline missing an unreadable spec's findings would report all of them as new
        // once it reads again.
        if unreadable > 0 {
            eprintln!(
                "error: {}: not written, {unreadable} spec(s) could not be read",
                path.display()
            );
        } else {
            std::fs::write(path, Baseline::of(&findings).to_json())
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let b = Baseline::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        findings = b.new_findings(findings);
    }
    let threshold = args.fail_severity.threshold();
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let report = match args.format {
        Format::Json => output::json(&findings),
        Format::Sarif => output::sarif(&findings, linter.ruleset.enabled_rules()),
        Format::Junit => {
            let names: Vec<String> = args.specs.iter().map(|p| p.display().to_string()).collect();
            output::junit(&findings, &names, threshold)
        }
        Format::GithubActions => output::github_actions(&findings),
        Format::Markdown => output::markdown(&findings),
        Format::Stylish => stylish(&findings, &texts, to_terminal),
    };
    match &args.output {
        Some(p) => std::fs::write(p, report).map_err(|e| format!("{}: {e}", p.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(report.as_bytes());
            if !report.ends_with('\n') {
                let _ = out.write_all(b"\n");
            }
        }
    }
    if unreadable > 0 {
        return Ok(2);
    }
    let failed = threshold.is_some_and(|t| findings.iter().any(|f| f.severity <= t));
    Ok(u8::from(failed))
}

/// Spectral's stylish layout grouped by file, with a highlighted code frame per finding
/// on a terminal.
fn stylish(findings: &[Finding], texts: &[(String, String)], color: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let hl = color.then(Highlighter::new);
    let mut current: Option<&str> = None;
    for f in findings {
        if current != Some(f.source.as_str()) {
            let _ = writeln!(
                out,
                "\n{}",
                if color {
                    format!("\x1b[4m{}\x1b[0m", f.source)
                } else {
                    f.source.clone()
                }
            );
            current = Some(&f.source);
        }
        let sev = match (f.severity, color) {
            (Severity::Error, true) => "\x1b[31merror\x1b[0m".to_string(),
            (Severity::Warn, true) => "\x1b[33mwarning\x1b[0m".to_string(),
            (s, _) => match s {
                Severity::Error => "error",
                Severity::Warn => "warning",
                Severity::Info => "information",
                Severity::Hint => "hint",
            }
            .to_string(),
        };
        let _ = writeln!(
            out,
            " {:>5}:{:<3} {:<8} {:<28} {:<50} {}",
            f.range.start.line + 1,
            f.range.start.character + 1,
            sev,
            f.code,
            f.message,
            f.path.join(".")
        );
        if let (Some(h), Some((_, text))) = (&hl, texts.iter().find(|(n, _)| *n == f.source)) {
            out.push_str(&h.frame(text, &f.source, f.range.start.line as usize));
        }
    }
    let _ = writeln!(out, "\n{}", output::summary(findings));
    out
}

/// Syntax-highlighted code frames (syntect), only used on a terminal.
struct Highlighter {
    syntaxes: syntect::parsing::SyntaxSet,
    theme: syntect::highlighting::Theme,
}

impl Highlighter {
    fn new() -> Highlighter {
        let themes = syntect::highlighting::ThemeSet::load_defaults();
        Highlighter {
            syntaxes: syntect::parsing::SyntaxSet::load_defaults_newlines(),
            theme: themes.themes["base16-ocean.dark"].clone(),
        }
    }

    /// Two lines either side of `line` (0-based), with a marker on `line`.
    fn frame(&self, text: &str, name: &str, line: usize) -> String {
        let ext = if name.ends_with(".json") {
            "json"
        } else {
            "yaml"
        };
        let syntax = self
            .syntaxes
            .find_syntax_by_extension(ext)
            .unwrap_or_else(|| self.syntaxes.find_syntax_plain_text());
        let mut h = syntect::easy::HighlightLines::new(syntax, &self.theme);
        let from = line.saturating_sub(2);
        let mut out = String::new();
        for (i, l) in syntect::util::LinesWithEndings::from(text).enumerate() {
            if i > line + 2 {
                break;
            }
            // Highlight every line so multi-line state stays right; print only the frame.
            let Ok(ranges) = h.highlight_line(l, &self.syntaxes) else {
                break;
            };
            if i >= from {
                let marker = if i == line { ">" } else { " " };
                out.push_str(&format!(
                    "   {marker} {:>5} | {}\x1b[0m",
                    i + 1,
                    syntect::util::as_24_bit_terminal_escaped(&ranges, false)
                ));
                if !l.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
        out
    }
}
