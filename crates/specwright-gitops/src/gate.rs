//! The approval gate.
//!
//! A spec is approvable when
//! 1. governance found nothing at or above the policy's fail severity,
//! 2. the Kong translation succeeded, and
//! 3. there is no breaking change against the last version on the target branch, unless
//!    `info.version`'s major went up or a waiver with a reason is given.
//!
//! Lint and translation come in as plain data ([`GateInputs`]) so this crate does not
//! depend on how governance or the translator are built; the CLI and the studio run them
//! and pass the results.

use serde::Serialize;
use specwright_diff::{major_version, Report};
use specwright_document::Range;
use std::path::PathBuf;

/// Spectral's severities, most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warn,
    Info,
    Hint,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warn,
        Severity::Info,
        Severity::Hint,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warn => "warn",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" | "0" => Some(Severity::Error),
            "warn" | "warning" | "1" => Some(Severity::Warn),
            "info" | "information" | "2" => Some(Severity::Info),
            "hint" | "3" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// One governance finding, as the gate and the SARIF report need it.
#[derive(Clone, Debug, Serialize)]
pub struct LintFinding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Absolute path of the file the finding is in.
    pub file: PathBuf,
    pub range: Range,
}

/// What governance reported for the spec.
#[derive(Clone, Debug, Serialize)]
pub struct LintSummary {
    /// Which ruleset ran (a file name, or the built-in ruleset's name).
    pub ruleset: String,
    /// sha256 (hex) of the ruleset as run, so the record pins the exact rules.
    pub ruleset_sha256: String,
    pub findings: Vec<LintFinding>,
}

impl LintSummary {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }
}

/// Everything the gate needs besides the diff, produced by the governance engine and the
/// Kong translator.
#[derive(Clone, Debug)]
pub struct GateInputs {
    pub lint: LintSummary,
    /// The generated Kong (decK) config as YAML, or why translation failed.
    pub translation: Result<String, String>,
}

/// Why the gate refused, one entry per failed condition.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Refusal {
    Governance {
        fail_severity: Severity,
        blocking: usize,
    },
    Translation {
        error: String,
    },
    Breaking {
        count: usize,
    },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Governance {
                fail_severity,
                blocking,
            } => write!(
                f,
                "governance: {blocking} finding(s) at or above `{}` (the policy's fail severity)",
                fail_severity.label()
            ),
            Refusal::Translation { error } => write!(f, "Kong translation failed: {error}"),
            Refusal::Breaking { count } => write!(
                f,
                "{count} breaking change(s) against the version on the target branch: raise \
                 info.version's major version, or waive them with a reason (--allow-breaking)"
            ),
        }
    }
}

/// How breaking changes were let through.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Acceptance {
    MajorVersionBump,
    Waiver,
}

#[derive(Clone, Debug, Serialize)]
pub struct GateResult {
    pub approvable: bool,
    pub refusals: Vec<Refusal>,
    pub fail_severity: Severity,
    /// Findings per severity, in [`Severity::ALL`] order.
    pub counts: Vec<(Severity, usize)>,
    pub breaking: usize,
    /// Set when there were breaking changes and they are accepted.
    pub breaking_accepted: Option<Acceptance>,
}

/// Evaluates the gate. `diff` is `None` for a first version (nothing to break).
pub fn evaluate(
    fail_severity: Severity,
    inputs: &GateInputs,
    diff: Option<&Report>,
    waiver: Option<&str>,
) -> GateResult {
    let mut refusals = Vec::new();
    let blocking = inputs
        .lint
        .findings
        .iter()
        .filter(|f| f.severity <= fail_severity)
        .count();
    if blocking > 0 {
        refusals.push(Refusal::Governance {
            fail_severity,
            blocking,
        });
    }
    if let Err(e) = &inputs.translation {
        refusals.push(Refusal::Translation { error: e.clone() });
    }
    let breaking = diff.map(|d| d.breaking().count()).unwrap_or(0);
    let mut breaking_accepted = None;
    if breaking > 0 {
        let d = diff.expect("breaking > 0 implies a diff");
        let bumped = match (
            d.old_version.as_deref().and_then(major_version),
            d.new_version.as_deref().and_then(major_version),
        ) {
            (Some(a), Some(b)) => b > a,
            _ => false,
        };
        if bumped {
            breaking_accepted = Some(Acceptance::MajorVersionBump);
        } else if waiver.is_some_and(|w| !w.trim().is_empty()) {
            breaking_accepted = Some(Acceptance::Waiver);
        } else {
            refusals.push(Refusal::Breaking { count: breaking });
        }
    }
    GateResult {
        approvable: refusals.is_empty(),
        refusals,
        fail_severity,
        counts: Severity::ALL
            .iter()
            .map(|s| (*s, inputs.lint.count(*s)))
            .collect(),
        breaking,
        breaking_accepted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use specwright_diff::{Change, Level};

    fn finding(severity: Severity) -> LintFinding {
        LintFinding {
            rule: "r".into(),
            severity,
            message: "m".into(),
            file: "/x.yaml".into(),
            range: Range::default(),
        }
    }

    fn inputs(findings: Vec<LintFinding>) -> GateInputs {
        GateInputs {
            lint: LintSummary {
                ruleset: "test".into(),
                ruleset_sha256: "0".into(),
                findings,
            },
            translation: Ok("_format_version: '3.0'\n".into()),
        }
    }

    fn report(old: &str, new: &str, breaking: bool) -> Report {
        let mut r = Report {
            old_version: Some(old.into()),
            new_version: Some(new.into()),
            changes: Vec::new(),
        };
        if breaking {
            r.changes.push(Change {
                id: "path-removed",
                level: Level::Breaking,
                operation: None,
                message: "gone".into(),
                old: None,
                new: None,
            });
        }
        r
    }

    #[test]
    fn fail_severity_decides_what_blocks() {
        let i = inputs(vec![finding(Severity::Warn)]);
        assert!(evaluate(Severity::Error, &i, None, None).approvable);
        let g = evaluate(Severity::Warn, &i, None, None);
        assert!(!g.approvable);
        assert_eq!(
            g.refusals,
            [Refusal::Governance {
                fail_severity: Severity::Warn,
                blocking: 1
            }]
        );
        assert_eq!(g.counts[1], (Severity::Warn, 1));
    }

    #[test]
    fn translation_failure_blocks() {
        let mut i = inputs(vec![]);
        i.translation = Err("bad x-kong-plugin".into());
        let g = evaluate(Severity::Error, &i, None, None);
        assert!(matches!(g.refusals[..], [Refusal::Translation { .. }]));
    }

    #[test]
    fn breaking_needs_major_bump_or_waiver() {
        let i = inputs(vec![]);
        let r = report("1.4.0", "1.5.0", true);
        assert!(!evaluate(Severity::Error, &i, Some(&r), None).approvable);
        assert!(!evaluate(Severity::Error, &i, Some(&r), Some("  ")).approvable);
        let w = evaluate(Severity::Error, &i, Some(&r), Some("clients migrated"));
        assert_eq!(w.breaking_accepted, Some(Acceptance::Waiver));
        let bump = evaluate(
            Severity::Error,
            &i,
            Some(&report("1.4.0", "2.0.0", true)),
            None,
        );
        assert_eq!(bump.breaking_accepted, Some(Acceptance::MajorVersionBump));
        assert!(evaluate(Severity::Error, &i, Some(&report("1", "1", false)), None).approvable);
    }
}
