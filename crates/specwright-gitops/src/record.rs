//! The approval record (`approval.json`), committed beside the spec, and the SARIF lint
//! report (`lint.sarif`).

use crate::gate::{Acceptance, GateResult, LintSummary, Severity};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specwright_diff::{Change, Report};
use std::collections::BTreeMap;

/// Who approved: `Name <email>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reviewer {
    pub name: String,
    pub email: String,
}

impl Reviewer {
    /// Parses `Name <email>`.
    pub fn parse(s: &str) -> Result<Reviewer, String> {
        let bad = || format!("reviewer `{s}` must look like `Name <email@example.com>`");
        let (name, rest) = s.trim().split_once('<').ok_or_else(bad)?;
        let email = rest.strip_suffix('>').ok_or_else(bad)?.trim();
        let name = name.trim();
        if name.is_empty() || !email.contains('@') || email.contains(['<', '>', ' ']) {
            return Err(bad());
        }
        Ok(Reviewer {
            name: name.to_string(),
            email: email.to_string(),
        })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SpecInfo {
    /// The root spec file, relative to the API's folder.
    pub root: String,
    /// Every spec file, relative to the API's folder, sorted.
    pub files: Vec<String>,
    /// See [`spec_hash`].
    pub sha256: String,
    pub title: Option<String>,
    pub version: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RulesetInfo {
    pub name: String,
    pub sha256: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BreakingInfo {
    pub count: usize,
    /// `waiver` or `major-version-bump`.
    pub accepted_by: String,
    /// The waiver's reason (absent for a major version bump).
    pub reason: Option<String>,
    pub changes: Vec<serde_json::Value>,
}

/// What is committed as `approval.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApprovalRecord {
    pub format: String,
    pub reviewer: Reviewer,
    /// RFC 3339, UTC.
    pub approved_at: String,
    pub spec: SpecInfo,
    pub ruleset: RulesetInfo,
    pub fail_severity: String,
    /// Finding counts by severity (`error`, `warn`, `info`, `hint`).
    pub findings: BTreeMap<String, usize>,
    /// The version this one was compared with (commit on the target branch).
    pub previous: Option<Previous>,
    /// Breaking changes that were let through, and why; absent when there were none.
    pub breaking_changes: Option<BreakingInfo>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Previous {
    pub commit: String,
    pub version: Option<String>,
}

pub const FORMAT: &str = "specwright-approval/1";

/// sha256 over all spec files in path order; each file contributes its relative path, a
/// NUL, its length as 8 little-endian bytes and its bytes, so moving or renaming a file
/// changes the hash as much as editing it.
pub fn spec_hash(files: &[(String, Vec<u8>)]) -> String {
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut h = Sha256::new();
    for (path, bytes) in sorted {
        h.update(path.as_bytes());
        h.update([0u8]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    hex(&h.finalize())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn change_json(c: &Change) -> serde_json::Value {
    serde_json::to_value(c).unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
pub fn build(
    reviewer: &Reviewer,
    approved_at: String,
    spec: SpecInfo,
    lint: &LintSummary,
    gate: &GateResult,
    diff: Option<&Report>,
    previous: Option<Previous>,
    waiver: Option<&str>,
) -> ApprovalRecord {
    let breaking_changes = match (&gate.breaking_accepted, diff) {
        (Some(how), Some(d)) => Some(BreakingInfo {
            count: d.breaking().count(),
            accepted_by: match how {
                Acceptance::Waiver => "waiver",
                Acceptance::MajorVersionBump => "major-version-bump",
            }
            .to_string(),
            reason: match how {
                Acceptance::Waiver => waiver.map(|w| w.trim().to_string()),
                Acceptance::MajorVersionBump => None,
            },
            changes: d.breaking().map(change_json).collect(),
        }),
        _ => None,
    };
    ApprovalRecord {
        format: FORMAT.to_string(),
        reviewer: reviewer.clone(),
        approved_at,
        spec,
        ruleset: RulesetInfo {
            name: lint.ruleset.clone(),
            sha256: lint.ruleset_sha256.clone(),
        },
        fail_severity: gate.fail_severity.label().to_string(),
        findings: Severity::ALL
            .iter()
            .map(|s| (s.label().to_string(), lint.count(*s)))
            .collect(),
        previous,
        breaking_changes,
    }
}

/// SARIF 2.1.0 for the lint findings. Written with `serde_json` directly: the subset we
/// emit is a dozen fields, smaller than any typed SARIF model crate. `uri_of` maps a
/// finding's file to its path in the repository layout.
pub fn sarif(lint: &LintSummary, uri_of: &dyn Fn(&std::path::Path) -> String) -> serde_json::Value {
    let mut rules: Vec<&str> = lint.findings.iter().map(|f| f.rule.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    let results: Vec<serde_json::Value> = lint
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "ruleId": f.rule,
                "level": match f.severity {
                    Severity::Error => "error",
                    Severity::Warn => "warning",
                    Severity::Info | Severity::Hint => "note",
                },
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri_of(&f.file)},
                        "region": {
                            "startLine": f.range.start.line + 1,
                            "startColumn": f.range.start.character + 1,
                            "endLine": f.range.end.line + 1,
                            "endColumn": f.range.end.character + 1,
                        }
                    }
                }]
            })
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "specwright",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|r| serde_json::json!({"id": r})).collect::<Vec<_>>(),
            }},
            "columnKind": "utf16CodeUnits",
            "properties": {"ruleset": lint.ruleset, "rulesetSha256": lint.ruleset_sha256},
            "results": results,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviewer_parsing() {
        let r = Reviewer::parse(" Ada Lovelace <ada@example.com> ").unwrap();
        assert_eq!(r.name, "Ada Lovelace");
        assert_eq!(r.email, "ada@example.com");
        assert!(Reviewer::parse("ada@example.com").is_err());
        assert!(Reviewer::parse("<ada@example.com>").is_err());
        assert!(Reviewer::parse("Ada <nope>").is_err());
    }

    #[test]
    fn spec_hash_covers_paths_and_contents_in_any_order() {
        let a = vec![
            ("a.yaml".to_string(), b"x".to_vec()),
            ("b.yaml".into(), b"y".to_vec()),
        ];
        let b = vec![a[1].clone(), a[0].clone()];
        assert_eq!(spec_hash(&a), spec_hash(&b));
        let renamed = vec![("c.yaml".to_string(), b"x".to_vec()), a[1].clone()];
        assert_ne!(spec_hash(&a), spec_hash(&renamed));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
