//! Policy tests: every rule a policy defines has failing and passing example specs beside
//! it, and an expectations file saying where it must fire.
//!
//! Layout of a policy folder:
//! ```text
//! policies/<policy>/ruleset.yaml
//! policies/<policy>/tests/<rule-id>/expect.yaml    # example file -> JSON pointers
//! policies/<policy>/tests/<rule-id>/fail*.yaml     # listed with the paths the rule must report
//! policies/<policy>/tests/<rule-id>/pass*.yaml     # listed with []: the rule stays silent
//! ```
//! A failing example passes when the rule reports exactly the listed paths there; a passing
//! example when the rule reports nothing. A rule defined in the policy's own ruleset
//! without at least one of each is itself a failure.

use crate::engine::Linter;
use specwright_document::LoadOptions;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The outcome for one rule.
#[derive(Debug)]
pub struct RuleReport {
    pub policy: String,
    pub rule: String,
    /// One line per problem; empty means the rule passed.
    pub problems: Vec<String>,
    pub examples: usize,
}

/// Runs the policy tests of every policy folder under `dir` (or of `dir` itself when it
/// holds a `ruleset.yaml`).
pub fn run(dir: &Path) -> Result<Vec<RuleReport>, String> {
    let mut policies: Vec<PathBuf> = Vec::new();
    if dir.join("ruleset.yaml").exists() {
        policies.push(dir.to_path_buf());
    } else {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for e in entries.flatten() {
            if e.path().join("ruleset.yaml").exists() {
                policies.push(e.path());
            }
        }
        policies.sort();
    }
    if policies.is_empty() {
        return Err(format!(
            "{}: no policy (a folder with ruleset.yaml) found",
            dir.display()
        ));
    }
    let mut out = Vec::new();
    for p in policies {
        out.extend(run_policy(&p)?);
    }
    Ok(out)
}

fn run_policy(dir: &Path) -> Result<Vec<RuleReport>, String> {
    let ruleset_path = dir.join("ruleset.yaml");
    let linter = Linter::from_file(&ruleset_path).map_err(|e| e.to_string())?;
    let policy = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let own_file = specwright_document::spec::display_name(&ruleset_path);
    let own: Vec<String> = linter
        .ruleset
        .rules
        .values()
        .filter(|r| r.defined_in == own_file)
        .map(|r| r.name.clone())
        .collect();
    let mut reports = Vec::new();
    for rule in &own {
        let tdir = dir.join("tests").join(rule);
        let mut rep = RuleReport {
            policy: policy.clone(),
            rule: rule.clone(),
            problems: Vec::new(),
            examples: 0,
        };
        let expect_path = tdir.join("expect.yaml");
        let text = match std::fs::read_to_string(&expect_path) {
            Ok(t) => t,
            Err(_) => {
                rep.problems.push(format!(
                    "no {} (failing and passing examples)",
                    expect_path.display()
                ));
                reports.push(rep);
                continue;
            }
        };
        let lines = specwright_document::LineIndex::new(&text);
        let root = specwright_document::parse::parse_text(
            &expect_path.display().to_string(),
            &text,
            &lines,
            &Default::default(),
        )
        .map_err(|e| e.to_string())?
        .root;
        let Some(obj) = root.as_object() else {
            return Err(format!(
                "{}: must map example files to lists of JSON pointers",
                expect_path.display()
            ));
        };
        let (mut fails, mut passes) = (0, 0);
        for m in &obj.members {
            let example = tdir.join(m.key.as_str());
            let want: BTreeSet<String> = m
                .value
                .as_array()
                .ok_or_else(|| {
                    format!(
                        "{}: `{}` must list JSON pointers",
                        expect_path.display(),
                        m.key
                    )
                })?
                .iter()
                .map(|p| p.as_str().unwrap_or_default().to_string())
                .collect();
            if want.is_empty() {
                passes += 1;
            } else {
                fails += 1;
            }
            rep.examples += 1;
            let findings = match linter.lint_file(&example, &LoadOptions::default()) {
                Ok(f) => f,
                Err(e) => {
                    rep.problems.push(format!("{}: {e}", m.key));
                    continue;
                }
            };
            let got: BTreeSet<String> = findings
                .iter()
                .filter(|f| f.code == *rule)
                .map(|f| specwright_document::pointer::to_pointer(&f.path))
                .collect();
            for missing in want.difference(&got) {
                rep.problems.push(format!(
                    "{}: expected a finding at `{missing}`, got none",
                    m.key
                ));
            }
            for extra in got.difference(&want) {
                rep.problems
                    .push(format!("{}: unexpected finding at `{extra}`", m.key));
            }
        }
        if fails == 0 {
            rep.problems.push("no failing example".into());
        }
        if passes == 0 {
            rep.problems.push("no passing example".into());
        }
        reports.push(rep);
    }
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_policies_pass_their_tests() {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies"));
        let reports = run(dir).expect("policies load");
        assert!(
            reports.len() >= 10,
            "expected the shipped policies' rules, got {}",
            reports.len()
        );
        let failed: Vec<String> = reports
            .iter()
            .filter(|r| !r.problems.is_empty())
            .map(|r| format!("{}/{}: {}", r.policy, r.rule, r.problems.join("; ")))
            .collect();
        assert!(
            failed.is_empty(),
            "policy tests failed:\n{}",
            failed.join("\n")
        );
    }

    #[test]
    fn a_wrong_expectation_is_reported() {
        let tmp = std::env::temp_dir().join(format!("sw-policytest-{}", std::process::id()));
        let t = tmp.join("p/tests/has-title");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(
            tmp.join("p/ruleset.yaml"),
            "rules:\n  has-title:\n    given: $.info\n    then: {field: title, function: truthy}\n",
        )
        .unwrap();
        std::fs::write(
            t.join("fail.yaml"),
            "openapi: 3.0.0\ninfo: {version: '1'}\n",
        )
        .unwrap();
        std::fs::write(t.join("pass.yaml"), "openapi: 3.0.0\ninfo: {title: x}\n").unwrap();
        std::fs::write(
            t.join("expect.yaml"),
            "fail.yaml: [/info/nope]\npass.yaml: []\n",
        )
        .unwrap();
        let r = run(&tmp.join("p")).unwrap();
        assert_eq!(r.len(), 1);
        assert!(
            r[0].problems
                .iter()
                .any(|p| p.contains("unexpected finding at `/info`")),
            "{:?}",
            r[0].problems
        );
        assert!(r[0]
            .problems
            .iter()
            .any(|p| p.contains("expected a finding at `/info/nope`")));
        std::fs::write(t.join("expect.yaml"), "fail.yaml: [/info]\npass.yaml: []\n").unwrap();
        assert!(run(&tmp.join("p")).unwrap()[0].problems.is_empty());
        std::fs::remove_dir_all(&tmp).ok();
    }
}
