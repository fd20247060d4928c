//! `specwright policy test`: the shipped policies pass; a policy whose examples disagree
//! with its rules fails with exit 1 and says which rule and where.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn specwright() -> Command {
    Command::new(env!("CARGO_BIN_EXE_specwright"))
}

fn policies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies")
}

fn policy_test(dir: &Path) -> Output {
    specwright()
        .args(["policy", "test"])
        .arg(dir)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Copies a folder tree (the policies are small).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

#[test]
fn shipped_policies_pass() {
    let o = policy_test(&policies());
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    for policy in ["api-security", "kong-readiness", "org-default"] {
        assert!(out.contains(&format!("ok    {policy}/")), "{policy}: {out}");
    }
    assert!(
        out.contains("ok    org-default/org-operation-summary (2 examples)"),
        "{out}"
    );
    assert!(!out.contains("FAIL"), "{out}");
    assert!(out.contains(" 0 failed"), "{out}");
}

#[test]
fn one_policy_folder_can_be_tested_alone() {
    let o = policy_test(&policies().join("org-default"));
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("2 rules: 2 passed, 0 failed"), "{out}");
}

#[test]
fn a_wrong_example_fails_and_names_the_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("org-default");
    copy_tree(&policies().join("org-default"), &dir);
    // The "passing" example of org-operation-summary loses its summary: the rule fires
    // where the example says it must stay silent.
    let pass = dir.join("tests/org-operation-summary/pass.yaml");
    let text = std::fs::read_to_string(&pass).unwrap();
    assert!(text.contains("      summary: List pets\n"));
    std::fs::write(&pass, text.replace("      summary: List pets\n", "")).unwrap();
    // The failing example of org-info-version-semver expects a pointer the rule does not
    // report.
    let expect = dir.join("tests/org-info-version-semver/expect.yaml");
    let text = std::fs::read_to_string(&expect).unwrap();
    std::fs::write(
        &expect,
        format!("{text}\nfail-extra.yaml: ['/info/title']\n"),
    )
    .unwrap();
    std::fs::copy(
        dir.join("tests/org-info-version-semver/pass.yaml"),
        dir.join("tests/org-info-version-semver/fail-extra.yaml"),
    )
    .unwrap();

    let o = policy_test(&dir);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("FAIL  org-default/org-operation-summary"),
        "{out}"
    );
    assert!(
        out.contains("pass.yaml: unexpected finding at `/paths/~1pets/get`"),
        "{out}"
    );
    assert!(
        out.contains("FAIL  org-default/org-info-version-semver"),
        "{out}"
    );
    assert!(
        out.contains("fail-extra.yaml: expected a finding at `/info/title`, got none"),
        "{out}"
    );
    assert!(out.contains("2 rules: 0 passed, 2 failed"), "{out}");
}

#[test]
fn a_rule_without_examples_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("ruleset.yaml"),
        "rules:\n  has-title:\n    given: $.info\n    then: {field: title, function: truthy}\n",
    )
    .unwrap();
    let o = policy_test(&dir);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("FAIL  p/has-title"), "{out}");
    assert!(out.contains("expect.yaml"), "{out}");
}

#[test]
fn a_folder_without_policies_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = policy_test(tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no policy"));
}
