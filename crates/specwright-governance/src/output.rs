//! Report formats for findings: Spectral JSON, SARIF 2.1.0, JUnit, GitHub Actions
//! annotations, Markdown, and the plain part of stylish (the CLI adds colours and code
//! frames). Baselines live here too, so the studio and the CLI share them.

use crate::engine::Finding;
use crate::ruleset::{Rule, Severity};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// Spectral's `--format json`: an array of `{code, path, message, severity, range, source}`.
pub fn json(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".into())
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// SARIF 2.1.0 with one `rules` entry (description, help URI, default level) per rule
/// that has findings or is enabled.
pub fn sarif<'r>(findings: &[Finding], rules: impl Iterator<Item = &'r Rule>) -> String {
    let mut meta = BTreeMap::new();
    for r in rules {
        meta.insert(r.name.clone(), r);
    }
    let rule_ids: Vec<String> = meta.keys().cloned().collect();
    let rules_json: Vec<_> = meta
        .values()
        .map(|r| {
            let mut v = json!({
                "id": r.name,
                "shortDescription": {"text": r.description.clone().unwrap_or_else(|| r.name.clone())},
                "defaultConfiguration": {"level": sarif_level(r.severity)},
                "properties": {"recommended": r.recommended},
            });
            if let Some(u) = &r.documentation_url {
                v["helpUri"] = json!(u);
            }
            v
        })
        .collect();
    let results: Vec<_> = findings
        .iter()
        .map(|f| {
            let mut v = json!({
                "ruleId": f.code,
                "level": sarif_level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.source.replace('\\', "/")},
                        "region": {
                            "startLine": f.range.start.line + 1,
                            "startColumn": f.range.start.character + 1,
                            "endLine": f.range.end.line + 1,
                            "endColumn": f.range.end.character + 1,
                        }
                    },
                    "logicalLocations": [{"fullyQualifiedName": specwright_document::pointer::to_pointer(&f.path)}]
                }],
                "partialFingerprints": {"specwright/v1": f.fingerprint},
            });
            if let Some(i) = rule_ids.iter().position(|r| *r == f.code) {
                v["ruleIndex"] = json!(i);
            }
            v
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "specwright",
                "informationUri": "https://github.com/specwright",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules_json,
            }},
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JUnit XML: a test suite per file, a failing test case per finding at or above
/// `fail` (others are not failures, unlike tools that count hints as failures).
pub fn junit(findings: &[Finding], files: &[String], fail: Option<Severity>) -> String {
    let failing = |f: &Finding| fail.is_some_and(|t| f.severity <= t);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total = findings.iter().filter(|f| failing(f)).count();
    out.push_str(&format!(
        "<testsuites name=\"specwright lint\" tests=\"{}\" failures=\"{total}\">\n",
        total.max(files.len())
    ));
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in files {
        by_file.entry(f.as_str()).or_default();
    }
    for f in findings.iter().filter(|f| failing(f)) {
        by_file.entry(f.source.as_str()).or_default().push(f);
    }
    for (file, list) in by_file {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
            xml(file),
            list.len().max(1),
            list.len()
        ));
        if list.is_empty() {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"lint\"/>\n",
                xml(file)
            ));
        }
        for f in list {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}#{}\">\n      <failure message=\"{}\" type=\"{}\">{}:{}:{} {} {}</failure>\n    </testcase>\n",
                xml(file),
                xml(&f.code),
                xml(&specwright_document::pointer::to_pointer(&f.path)),
                xml(&f.message),
                f.severity.name(),
                xml(file),
                f.range.start.line + 1,
                f.range.start.character + 1,
                xml(&f.code),
                xml(&f.message)
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn gh_escape(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_escape(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands (`::error file=..,line=..::message`).
pub fn github_actions(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let cmd = match f.severity {
            Severity::Error => "error",
            Severity::Warn => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        out.push_str(&format!(
            "::{cmd} title={},file={},line={},col={},endLine={},endColumn={}::{}\n",
            gh_prop(&f.code),
            gh_prop(&f.source),
            f.range.start.line + 1,
            f.range.start.character + 1,
            f.range.end.line + 1,
            f.range.end.character + 1,
            gh_escape(&f.message)
        ));
    }
    out
}

/// A Markdown table (for pull-request comments).
pub fn markdown(findings: &[Finding]) -> String {
    let mut out = String::from("| Code | Path | Message | Severity | Start | End | Source |\n|---|---|---|---|---|---|---|\n");
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    for f in findings {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {}:{} | {}:{} | {} |\n",
            cell(&f.code),
            cell(&specwright_document::pointer::to_pointer(&f.path)),
            cell(&f.message),
            f.severity.name(),
            f.range.start.line + 1,
            f.range.start.character + 1,
            f.range.end.line + 1,
            f.range.end.character + 1,
            cell(&f.source)
        ));
    }
    out
}

/// Counts per severity, for summaries.
pub fn summary(findings: &[Finding]) -> String {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    let (e, w, i, h) = (
        n(Severity::Error),
        n(Severity::Warn),
        n(Severity::Info),
        n(Severity::Hint),
    );
    if findings.is_empty() {
        return "No results with a severity of 'hint' or higher found!".into();
    }
    format!(
        "✖ {} problems ({e} errors, {w} warnings, {i} infos, {h} hints)",
        findings.len()
    )
}

/// A baseline: the fingerprints of accepted findings.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub fingerprints: BTreeSet<String>,
}

impl Baseline {
    pub fn of(findings: &[Finding]) -> Baseline {
        Baseline {
            version: 1,
            fingerprints: findings.iter().map(|f| f.fingerprint.clone()).collect(),
        }
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let b: Baseline =
            serde_json::from_str(text).map_err(|e| format!("not a specwright baseline: {e}"))?;
        if b.version != 1 {
            return Err(format!("unsupported baseline version {}", b.version));
        }
        Ok(b)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Findings not in the baseline.
    pub fn new_findings(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| !self.fingerprints.contains(&f.fingerprint))
            .collect()
    }
}
