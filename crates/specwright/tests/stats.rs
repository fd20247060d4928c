//! `specwright stats`: JSON shape, exit codes, errors that name file, line and column.

use std::process::Command;

fn specwright() -> Command {
    Command::new(env!("CARGO_BIN_EXE_specwright"))
}

fn example() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/bookshop/openapi.yaml")
}

/// `specwright stats --format json SPEC`, which must succeed.
fn stats_json(spec: &std::path::Path) -> serde_json::Value {
    let out = specwright()
        .args(["stats", "--format", "json"])
        .arg(spec)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn json_output_has_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n    post: {responses: {'200': {description: ok}}}\n  /b:\n    $ref: 'paths.yaml#/b'\ncomponents:\n  schemas:\n    A: {type: string}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("paths.yaml"),
        "b:\n  delete: {responses: {'204': {description: gone}}}\n",
    )
    .unwrap();
    let v = stats_json(&dir.path().join("api.yaml"));
    assert_eq!(v["kind"], "openapi-3.0");
    assert_eq!(v["paths"], 2);
    assert_eq!(v["operations"], 3);
    assert_eq!(v["schemas"], 1);
    assert_eq!(v["files"], 2);
    assert_eq!(v["refs_resolved"], 1);
}

#[test]
fn malformed_input_exits_2_naming_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {,\n}\n").unwrap();
    let out = specwright().arg("stats").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.json:3:"), "{err}");
    assert!(err.contains('^'), "{err}");
}

#[test]
fn missing_file_and_bad_usage_exit_2() {
    let out = specwright()
        .args(["stats", "/nonexistent/spec.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = specwright()
        .args(["stats", "--format", "xml", "x.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = specwright().arg("no-such-command").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_example_workspace_loads_completely() {
    let v = stats_json(&example());
    assert!(v["files"].as_u64().unwrap() >= 2, "{v}");
    assert_eq!(v["refs_broken"], 0, "{v}");
    assert!(v["operations"].as_u64().unwrap() >= 5, "{v}");
}

#[test]
fn piped_output_has_no_progress_noise() {
    let out = specwright().arg("stats").arg(example()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("loading"), "{err}");
}
