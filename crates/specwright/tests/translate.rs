//! `specwright translate`: every flag reaches the engine (each rule fixture of specwright-kong,
//! run through the CLI with the flags its `x-test-options` name, gives the fixture's expected
//! config), output formats and files, standard input, and exit codes.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn specwright() -> Command {
    Command::new(env!("CARGO_BIN_EXE_specwright"))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specwright-kong/tests/fixtures")
}

fn translate(args: &[&str], spec: &Path) -> Output {
    specwright()
        .arg("translate")
        .args(args)
        .arg(spec)
        .output()
        .unwrap()
}

/// YAML text as a JSON value, read by the document layer.
fn yaml(text: &str) -> Value {
    let spec = specwright_document::Spec::from_text(
        Path::new("out.yaml"),
        text,
        &specwright_document::LoadOptions::default(),
    )
    .unwrap();
    spec.root().root.to_json()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The CLI flags for a fixture's `x-test-options` (the rule tests' own option names).
fn flags_for(spec: &str) -> Vec<&'static str> {
    let doc = yaml(spec);
    let on = |k: &str| doc["x-test-options"][k].as_bool().unwrap_or(false);
    let mut flags = vec!["--select-tag", "rule-test", "--format", "json"];
    for (option, flag) in [
        ("inso", "--inso-compat"),
        ("no_id", "--no-id"),
        ("oidc", "--generate-security"),
        ("security_plugins", "--security-plugins"),
        ("reuse_services", "--reuse-services"),
        ("ignore_circular_refs", "--ignore-circular-refs"),
        ("skip_route_by_header", "--skip-route-by-header"),
    ] {
        if on(option) {
            flags.push(flag);
        }
    }
    flags
}

#[test]
fn every_rule_fixture_translates_through_the_cli_with_its_flags() {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    let mut ran = 0;
    for spec in specs {
        let text = std::fs::read_to_string(&spec).unwrap();
        if !text
            .lines()
            .any(|l| l.starts_with("openapi:") || l.starts_with("swagger:"))
        {
            continue; // a file another fixture references
        }
        ran += 1;
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let out = translate(&flags_for(&text), &spec);
        let error = spec.with_extension("expected-error.txt");
        if error.is_file() {
            let want = std::fs::read_to_string(&error).unwrap();
            assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(err.contains(want.trim()), "{name}: {err}");
            assert!(
                err.contains(&format!("{name}:")),
                "{name} names the file: {err}"
            );
            continue;
        }
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let got: Value = serde_json::from_slice(&out.stdout).unwrap();
        let want: Value = serde_json::from_str(
            &std::fs::read_to_string(spec.with_extension("expected.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(got, want, "{name}");
    }
    assert!(ran >= 10, "found {ran} fixtures");
}

const SPEC: &str = "openapi: 3.0.3
info: {title: Pets API, version: '1'}
servers: [{url: 'https://pets.example.com/v1'}]
paths:
  /pets:
    get:
      operationId: listPets
      responses: {'200': {description: ok}}
";

#[test]
fn yaml_by_default_json_pretty_or_compact_to_stdout_or_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("pets.yaml");
    std::fs::write(&spec, SPEC).unwrap();

    let default = translate(&[], &spec);
    assert_eq!(default.status.code(), Some(0), "{}", stderr(&default));
    let yaml_text = String::from_utf8(default.stdout).unwrap();
    assert!(
        yaml_text.starts_with("_format_version: '3.0'\n")
            || yaml_text.starts_with("_format_version: \"3.0\"\n"),
        "{yaml_text}"
    );
    let from_yaml = yaml(&yaml_text);

    let pretty = translate(&["--format", "json"], &spec);
    let pretty_text = String::from_utf8(pretty.stdout).unwrap();
    assert!(pretty_text.lines().count() > 10, "pretty JSON spans lines");
    let from_pretty: Value = serde_json::from_str(&pretty_text).unwrap();
    assert_eq!(from_pretty, from_yaml);
    assert_eq!(
        from_pretty["services"][0]["routes"][0]["name"],
        "pets-api_listpets"
    );

    let out_file = dir.path().join("kong.json");
    let compact = translate(
        &[
            "--format",
            "json",
            "--compact",
            "-o",
            out_file.to_str().unwrap(),
        ],
        &spec,
    );
    assert_eq!(compact.status.code(), Some(0), "{}", stderr(&compact));
    assert!(compact.stdout.is_empty(), "written to the file, not stdout");
    let compact_text = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(compact_text.lines().count(), 1);
    assert_eq!(
        serde_json::from_str::<Value>(&compact_text).unwrap(),
        from_yaml
    );
}

#[test]
fn standard_input_names_and_tags_and_ids() {
    let mut child = specwright()
        .args([
            "translate",
            "-",
            "--format",
            "json",
            "--uuid-base",
            "zoo",
            "--select-tag",
            "a,b",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(SPEC.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let service = &v["services"][0];
    assert_eq!(service["name"], "zoo");
    assert_eq!(service["tags"], serde_json::json!(["a", "b"]));
    assert!(service["id"].is_string(), "ids by default");

    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("pets.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let out = translate(&["--format", "json", "--no-id"], &spec);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["services"][0].get("id").is_none(), "--no-id");
    assert!(v["services"][0]["routes"][0].get("id").is_none(), "--no-id");
}

#[test]
fn bad_input_exits_2_with_file_line_and_column_and_strict_fails_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "openapi: 3.0.3\ninfo: {title: x\npaths: {}\n").unwrap();
    let out = translate(&[], &broken);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.yaml:"), "{}", stderr(&out));

    let missing = translate(&[], &dir.path().join("nope.yaml"));
    assert_eq!(missing.status.code(), Some(2));

    // An unknown service field is a warning (Kong would reject it; decK passes it on).
    let spec = dir.path().join("warn.yaml");
    std::fs::write(
        &spec,
        SPEC.replace(
            "servers:",
            "x-kong-service-defaults: {colour: blue}\nservers:",
        ),
    )
    .unwrap();
    let lenient = translate(&["--format", "json"], &spec);
    assert_eq!(lenient.status.code(), Some(0), "{}", stderr(&lenient));
    assert!(
        stderr(&lenient).contains("warning:"),
        "{}",
        stderr(&lenient)
    );
    let strict = translate(&["--format", "json", "--strict"], &spec);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

fn route_count(args: &[&str], spec: &Path) -> usize {
    let out = translate(&[&["--format", "json"], args].concat(), spec);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["routes"].as_array().map_or(0, Vec::len))
        .sum()
}

#[test]
fn route_and_ref_flags_change_what_is_generated() {
    let headers = fixtures().join("header-routes.yaml");
    // Required enum headers: 2 regions x 2 versions, plus the plain route.
    assert_eq!(route_count(&[], &headers), 5);
    assert_eq!(route_count(&["--skip-route-by-header"], &headers), 1);
    // With --all-headers-required the optional X-Optional header is matched too.
    let first_headers = |args: &[&str]| {
        let out = translate(&[&["--format", "json"], args].concat(), &headers);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["services"][0]["routes"][0]["headers"].clone()
    };
    assert!(first_headers(&[]).get("X-Optional").is_none());
    assert_eq!(
        first_headers(&["--all-headers-required"])["X-Optional"],
        serde_json::json!(["a"])
    );

    let circular = fixtures().join("circular.yaml");
    assert_eq!(translate(&[], &circular).status.code(), Some(2));
    let ignored = translate(&["--ignore-circular-refs"], &circular);
    assert_eq!(ignored.status.code(), Some(0), "{}", stderr(&ignored));
}
