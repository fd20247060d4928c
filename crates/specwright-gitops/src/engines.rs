//! Gate inputs from the real engines: governance with a Spectral ruleset and the Kong
//! translation. Behind the `engines` feature so the gate itself stays plain data; the CLI
//! and the studio both call [`gate_inputs`], so they gate a spec the same way.

use crate::gate::{GateInputs, LintFinding, LintSummary, Severity};
use crate::record::sha256_hex;
use specwright_document::Spec;
use specwright_governance::{builtin_ruleset, FunctionRegistry, Linter, Ruleset};
use std::path::Path;

/// Lints `spec` with `ruleset` (a Spectral ruleset file; `None`: the built-in
/// `spectral:oas`) and translates it to Kong config.
pub fn gate_inputs(spec: &Spec, ruleset: Option<&Path>) -> Result<GateInputs, String> {
    Ok(GateInputs {
        lint: lint(spec, ruleset)?,
        translation: specwright_kong::translate(spec, &specwright_kong::Options::default())
            .map(|t| specwright_kong::render(&t.config, specwright_kong::Format::Yaml))
            .map_err(|e| e.to_string()),
    })
}

fn lint(spec: &Spec, ruleset: Option<&Path>) -> Result<LintSummary, String> {
    let rerr = |e: specwright_governance::RulesetError| format!("{}: {}", e.location, e.message);
    let (linter, name, sha) = match ruleset {
        Some(path) => {
            let bytes =
                std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            let linter = Linter::from_file(path).map_err(rerr)?;
            (linter, path.display().to_string(), sha256_hex(&bytes))
        }
        None => {
            let registry = FunctionRegistry::with_core();
            let text = "extends: [\"spectral:oas\"]\n";
            let rs = Ruleset::from_text("spectral:oas", text, None, &registry).map_err(rerr)?;
            let builtin = builtin_ruleset("spectral:oas").unwrap_or_default();
            (
                Linter::new(rs, registry).map_err(rerr)?,
                "spectral:oas (built in)".to_string(),
                sha256_hex(builtin.as_bytes()),
            )
        }
    };
    let findings = linter.lint(spec).map_err(rerr)?;
    Ok(LintSummary {
        ruleset: name,
        ruleset_sha256: sha,
        findings: findings
            .into_iter()
            .map(|f| LintFinding {
                rule: f.code,
                severity: Severity::parse(f.severity.name()).unwrap_or(Severity::Error),
                message: f.message,
                file: f.file,
                range: f.range,
            })
            .collect(),
    })
}
