//! `specwright push` end to end with the real governance engine and Kong translator, against
//! a real bare repository: an error finding refuses the push and leaves the remote untouched;
//! a clean spec lands with its config, approval record and SARIF report.

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", dir.join("no-global-config"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A bare remote with one commit on `main`, and a fresh HOME so no user config leaks in.
fn remote(tmp: &Path) -> std::path::PathBuf {
    let bare = tmp.join("remote.git");
    std::fs::create_dir_all(&bare).unwrap();
    git(&bare, &["init", "--bare", "-q", "-b", "main"]);
    let seed = tmp.join("seed");
    std::fs::create_dir_all(&seed).unwrap();
    git(&seed, &["init", "-q", "-b", "main"]);
    std::fs::write(seed.join("README.md"), "apis\n").unwrap();
    git(&seed, &["add", "README.md"]);
    git(
        &seed,
        &[
            "-c",
            "user.name=Seed",
            "-c",
            "user.email=seed@example.com",
            "commit",
            "-q",
            "-m",
            "seed",
        ],
    );
    git(&seed, &["push", "-q", bare.to_str().unwrap(), "main"]);
    bare
}

fn push(tmp: &Path, spec: &Path, bare: &Path, ruleset: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_specwright"))
        .arg("push")
        .arg(spec)
        .arg("--repo")
        .arg(format!("file://{}", bare.display()))
        .args([
            "--reviewer",
            "Rita Reviewer <rita@example.com>",
            "--dir",
            "apis/pets",
        ])
        .arg("--ruleset")
        .arg(ruleset)
        .env("HOME", tmp)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", tmp.join("gitconfig"))
        .env("GIT_AUTHOR_NAME", "Rita Reviewer")
        .env("GIT_AUTHOR_EMAIL", "rita@example.com")
        .env("GIT_COMMITTER_NAME", "Rita Reviewer")
        .env("GIT_COMMITTER_EMAIL", "rita@example.com")
        .output()
        .unwrap()
}

const CLEAN: &str = "openapi: 3.0.3
info: {title: Pets, version: '1.0.0', description: Pets., contact: {name: Team}}
servers: [{url: 'https://api.example.com'}]
tags: [{name: pets, description: Pets.}]
paths:
  /pets:
    get:
      operationId: listPets
      summary: List pets
      description: Lists pets.
      tags: [pets]
      responses:
        '200': {description: ok}
";

#[test]
fn an_error_finding_refuses_the_push_and_a_clean_spec_lands() {
    let tmp = tempfile::tempdir().unwrap();
    let tmp = tmp.path();
    std::fs::write(tmp.join("gitconfig"), "").unwrap();
    let bare = remote(tmp);
    let before = git(&bare, &["rev-parse", "main"]);
    let work = tmp.join("work");
    std::fs::create_dir_all(&work).unwrap();
    // A ruleset whose one rule is an error: every operation needs an operationId.
    let ruleset = work.join("ruleset.yaml");
    std::fs::write(
        &ruleset,
        "rules:\n  op-id:\n    given: $.paths[*][get,put,post,delete]\n    severity: error\n    then: {field: operationId, function: truthy}\n",
    )
    .unwrap();
    let spec = work.join("openapi.yaml");

    std::fs::write(&spec, CLEAN.replace("      operationId: listPets\n", "")).unwrap();
    let out = push(tmp, &spec, &bare, &ruleset);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        git(&bare, &["rev-parse", "main"]),
        before,
        "a refused gate must not touch the remote"
    );

    std::fs::write(&spec, CLEAN).unwrap();
    let out = push(tmp, &spec, &bare, &ruleset);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = git(&bare, &["ls-tree", "-r", "--name-only", "main"]);
    for want in [
        "apis/pets/openapi.yaml",
        "apis/pets/approval.json",
        "apis/pets/lint.sarif",
    ] {
        assert!(
            files.lines().any(|f| f == want),
            "{want} missing from {files}"
        );
    }
    assert!(
        files
            .lines()
            .any(|f| f.starts_with("apis/pets/") && f.contains("kong")),
        "{files}"
    );
    let parent = git(&bare, &["rev-parse", "main~1"]);
    assert_eq!(parent, before, "the push appends to the branch's history");
    let record = git(&bare, &["show", "main:apis/pets/approval.json"]);
    assert!(record.contains("rita@example.com"), "{record}");
}
