//! Approve-and-push against a bare repository over `file://`.

mod common;

use common::*;
use specwright_gitops::{Prepared, PushError, Refusal, Severity};

fn url(p: &std::path::Path) -> String {
    format!("file://{}", p.display())
}

#[test]
fn first_push_creates_the_branch_and_an_update_appends_history() {
    let env = Env::new();
    let remote = env.bare_remote(&env.path("remote.git"));
    let spec = write_spec(&env.path("work"), "1.0.0", PET, "[]");

    let p = Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone()).unwrap();
    assert!(p.diff().is_none(), "nothing to compare on a new branch");
    assert_eq!(p.target.default_branch.as_deref(), Some("main"));
    let preview = p.record_preview(&clean(&spec));
    assert_eq!(preview.reviewer.email, "rita@example.com");
    let first = p.push(&clean(&spec)).unwrap();
    assert!(first.created_branch);
    assert_eq!(
        env.git(&remote, &["rev-parse", "refs/heads/apis"]),
        first.commit
    );
    // Branched from the default branch: its history and files are kept.
    assert_eq!(env.show(&remote, "apis", "README.md"), "governance repo");
    assert_eq!(
        env.git(&remote, &["log", "--format=%s", "apis"]),
        "Approve Pet Store 1.0.0 (apis/pets)\nSeed"
    );
    // Every spec file with its relative layout, plus the generated files.
    let tree = env.git(&remote, &["ls-tree", "-r", "--name-only", "apis"]);
    for f in [
        "apis/pets/openapi.yaml",
        "apis/pets/schemas/pet.yaml",
        "apis/pets/deck/kong.yaml",
        "apis/pets/approval.json",
        "apis/pets/lint.sarif",
    ] {
        assert!(tree.lines().any(|l| l == f), "{f} missing from\n{tree}");
    }
    assert_eq!(
        env.show(&remote, "apis", "apis/pets/schemas/pet.yaml"),
        PET.trim_end()
    );
    let record: serde_json::Value =
        serde_json::from_str(&env.show(&remote, "apis", "apis/pets/approval.json")).unwrap();
    assert_eq!(record["reviewer"]["name"], "Rita Reviewer");
    assert!(humantime::parse_rfc3339(record["approved_at"].as_str().unwrap()).is_ok());
    assert_eq!(record["spec"]["root"], "openapi.yaml");
    assert_eq!(
        record["spec"]["files"],
        serde_json::json!(["openapi.yaml", "schemas/pet.yaml"])
    );
    assert_eq!(record["spec"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(record["ruleset"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(record["findings"]["error"], 0);
    assert!(record["breaking_changes"].is_null());
    let sarif: serde_json::Value =
        serde_json::from_str(&env.show(&remote, "apis", "apis/pets/lint.sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    // Author is the user's git identity; the reviewer is a trailer and in the record.
    let author = env.git(&remote, &["log", "-n1", "--format=%an <%ae>%n%b", "apis"]);
    assert!(
        author.starts_with("Test Author <author@example.com>"),
        "{author}"
    );
    assert!(
        author.contains("Reviewed-by: Rita Reviewer <rita@example.com>"),
        "{author}"
    );

    // A compatible update (new optional parameter) appends one commit.
    write_spec(
        &env.path("work"),
        "1.1.0",
        PET,
        "[{name: limit, in: query, schema: {type: integer}}]",
    );
    let p = Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone()).unwrap();
    let diff = p.diff().expect("compared with the branch");
    assert!(!diff.has_breaking());
    assert!(diff
        .changes
        .iter()
        .any(|c| c.id == "new-optional-request-parameter"));
    let second = p.push(&clean(&spec)).unwrap();
    assert!(!second.created_branch);
    assert_eq!(
        env.git(&remote, &["rev-parse", "apis~1"]),
        first.commit,
        "the update's parent is the first approval"
    );
    let record: serde_json::Value =
        serde_json::from_str(&env.show(&remote, "apis", "apis/pets/approval.json")).unwrap();
    assert_eq!(record["previous"]["commit"], first.commit.as_str());
    assert_eq!(record["previous"]["version"], "1.0.0");
}

#[test]
fn gate_refusals_leave_the_remote_untouched() {
    let env = Env::new();
    let remote = env.bare_remote(&env.path("remote.git"));
    let spec = write_spec(&env.path("work"), "1.0.0", PET, "[]");
    let before = env.refs(&remote);

    // An error finding.
    let p = Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone()).unwrap();
    let bad = inputs(vec![(Severity::Error, "operation-description")], &spec);
    match p.push(&bad) {
        Err(PushError::Refused(g)) => assert!(matches!(
            g.refusals[..],
            [Refusal::Governance { blocking: 1, .. }]
        )),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(env.refs(&remote), before);

    // A failed translation.
    let p = Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone()).unwrap();
    let mut broken = clean(&spec);
    broken.translation = Err("x-kong-plugin-foo: unknown plugin".into());
    let e = p.push(&broken).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(
        e.to_string()
            .contains("Kong translation failed: x-kong-plugin-foo"),
        "{e}"
    );
    assert_eq!(env.refs(&remote), before);
}

#[test]
fn policy_file_in_the_target_repo_sets_the_fail_severity() {
    let env = Env::new();
    let remote = env.bare_remote(&env.path("remote.git"));
    let seed = env.path("seed-remote.git");
    std::fs::write(
        seed.join(".specwright.yaml"),
        "gate:\n  fail-severity: warn\n",
    )
    .unwrap();
    env.git(&seed, &["add", ".specwright.yaml"]);
    env.git(&seed, &["commit", "-q", "-m", "Policy"]);
    env.git(&seed, &["push", "-q", remote.to_str().unwrap(), "main"]);
    let spec = write_spec(&env.path("work"), "1.0.0", PET, "[]");
    let p = Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone()).unwrap();
    assert_eq!(p.policy.fail_severity, Severity::Warn);
    let warn = inputs(vec![(Severity::Warn, "info-contact")], &spec);
    assert!(!p.gate(&warn).approvable);
    assert!(
        p.gate(&inputs(vec![(Severity::Info, "x")], &spec))
            .approvable
    );
}

#[test]
fn breaking_changes_need_a_waiver_or_a_major_version() {
    let env = Env::new();
    let remote = env.bare_remote(&env.path("remote.git"));
    let spec = write_spec(&env.path("work"), "1.0.0", PET, "[]");
    Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone())
        .unwrap()
        .push(&clean(&spec))
        .unwrap();
    let before = env.refs(&remote);

    // `tag` removed from the response: breaking, same major.
    write_spec(&env.path("work"), "1.1.0", PET_NO_TAG, "[]");
    let p = Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone()).unwrap();
    let diff = p.diff().unwrap();
    let c = diff
        .breaking()
        .find(|c| c.id == "response-property-removed")
        .expect("breaking finding");
    let old = c.old.as_ref().unwrap();
    assert_eq!(
        old.file, "apis:apis/pets/schemas/pet.yaml",
        "old side names the branch"
    );
    assert_eq!(old.pointer, "/properties/tag");
    assert!(c.new.as_ref().unwrap().file.ends_with("schemas/pet.yaml"));
    match p.push(&clean(&spec)) {
        Err(PushError::Refused(g)) => assert_eq!(g.refusals, [Refusal::Breaking { count: 1 }]),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(env.refs(&remote), before, "a refused gate pushes nothing");

    // The same change with a waiver goes through and is recorded.
    let mut req = request(&spec, &url(&remote), "apis");
    req.allow_breaking = Some("tag was never populated; consumers confirmed".into());
    let p = Prepared::open(req, env.git.clone()).unwrap();
    p.push(&clean(&spec)).unwrap();
    let record: serde_json::Value =
        serde_json::from_str(&env.show(&remote, "apis", "apis/pets/approval.json")).unwrap();
    let b = &record["breaking_changes"];
    assert_eq!(b["accepted_by"], "waiver");
    assert_eq!(b["reason"], "tag was never populated; consumers confirmed");
    assert_eq!(b["count"], 1);
    assert_eq!(b["changes"][0]["id"], "response-property-removed");
    let body = env.git(&remote, &["log", "-n1", "--format=%b", "apis"]);
    assert!(
        body.contains("Breaking-Changes: 1 accepted by waiver"),
        "{body}"
    );

    // A major version bump lets a breaking change through without a waiver.
    write_spec(
        &env.path("work"),
        "2.0.0",
        "type: object\nproperties:\n  name: {type: string}\n",
        "[]",
    );
    let p = Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone()).unwrap();
    assert!(p.diff().unwrap().has_breaking());
    p.push(&clean(&spec)).unwrap();
    let record: serde_json::Value =
        serde_json::from_str(&env.show(&remote, "apis", "apis/pets/approval.json")).unwrap();
    assert_eq!(
        record["breaking_changes"]["accepted_by"],
        "major-version-bump"
    );
    assert_eq!(env.git(&remote, &["rev-list", "--count", "apis"]), "4");
}

#[test]
fn a_remote_that_moved_is_not_clobbered() {
    let env = Env::new();
    let remote = env.bare_remote(&env.path("remote.git"));
    let spec = write_spec(&env.path("work"), "1.0.0", PET, "[]");
    Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone())
        .unwrap()
        .push(&clean(&spec))
        .unwrap();

    write_spec(
        &env.path("work"),
        "1.1.0",
        PET,
        "[{name: q, in: query, schema: {type: string}}]",
    );
    let p = Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone()).unwrap();

    // Meanwhile a colleague pushes to the same branch.
    let other = env.path("colleague");
    env.git(
        env.tmp.path(),
        &[
            "clone",
            "-q",
            "-b",
            "apis",
            remote.to_str().unwrap(),
            other.to_str().unwrap(),
        ],
    );
    std::fs::write(other.join("NOTES.md"), "ops notes\n").unwrap();
    env.git(&other, &["add", "NOTES.md"]);
    env.git(
        &other,
        &["commit", "-q", "-m", "Ops notes from a colleague"],
    );
    env.git(&other, &["push", "-q", "origin", "apis"]);
    let theirs = env.git(&other, &["rev-parse", "HEAD"]);

    let e = p.push(&clean(&spec)).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, PushError::RemoteMoved(_)), "{msg}");
    assert_eq!(e.exit_code(), 1);
    assert!(msg.contains("Ops notes from a colleague"), "{msg}");
    assert!(msg.contains("Nothing was pushed"), "{msg}");
    assert_eq!(
        env.git(&remote, &["rev-parse", "apis"]),
        theirs,
        "their commit stays"
    );

    // Retrying reviews against the new tip and then lands on top of it.
    let p = Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone()).unwrap();
    let out = p.push(&clean(&spec)).unwrap();
    assert_eq!(env.git(&remote, &["rev-parse", "apis~1"]), theirs);
    assert_eq!(env.git(&remote, &["rev-parse", "apis"]), out.commit);
}

#[test]
fn removed_spec_files_are_removed_and_bad_input_is_reported() {
    let env = Env::new();
    let remote = env.bare_remote(&env.path("remote.git"));
    let spec = write_spec(&env.path("work"), "1.0.0", PET, "[]");
    Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone())
        .unwrap()
        .push(&clean(&spec))
        .unwrap();
    // Inline the schema: schemas/pet.yaml is no longer part of the spec.
    let text = std::fs::read_to_string(&spec).unwrap().replace(
        "{$ref: 'schemas/pet.yaml'}",
        "{type: object, required: [name], properties: {name: {type: string}, tag: {type: string}}}",
    );
    std::fs::write(&spec, text).unwrap();
    let p = Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone()).unwrap();
    assert!(!p.diff().unwrap().has_breaking(), "{:#?}", p.diff());
    p.push(&clean(&spec)).unwrap();
    let tree = env.git(&remote, &["ls-tree", "-r", "--name-only", "apis"]);
    assert!(!tree.contains("schemas/pet.yaml"), "{tree}");

    // Bad input: a broken spec names file, line and column; a bad repository is clear.
    std::fs::write(&spec, "openapi: 3.0.3\ninfo: [unclosed\n").unwrap();
    let e = Prepared::open(request(&spec, &url(&remote), "apis"), env.git.clone())
        .err()
        .unwrap();
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("openapi.yaml:"), "{e}");
    let good = write_spec(&env.path("work2"), "1.0.0", PET, "[]");
    let e = Prepared::open(request(&good, "/no/such/repo", "apis"), env.git.clone())
        .err()
        .unwrap();
    assert!(e.to_string().contains("does not exist"), "{e}");
}
