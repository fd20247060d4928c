//! The project's own fixtures, one per translation rule (`tests/fixtures/<rule>.yaml`, the
//! rule described in its header comment). Each has `<rule>.expected.json` (the config,
//! compared as JSON values) or `<rule>.expected-error.txt` (a text the error must contain, plus
//! a file:line:col). Options come from the fixture's `x-test-options` (`inso`, `oidc`,
//! `security_plugins`, `reuse_services`, ...); tags are `["rule-test"]`.
//!
//! `SPECWRIGHT_BLESS=1 cargo test -p specwright-kong --test rules` rewrites the expected JSON
//! after a deliberate change; review the diff before committing.

use serde_json::Value;
use specwright_kong::{translate_text, Options};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn options(text: &str) -> Options {
    let doc: Value = serde_yaml_ng::from_str(text).expect("fixture is YAML");
    let o = &doc["x-test-options"];
    let flag = |k: &str| o[k].as_bool().unwrap_or(false);
    Options {
        tags: Some(vec!["rule-test".into()]),
        inso_compat: flag("inso"),
        skip_id: flag("inso") || flag("no_id"),
        oidc: flag("oidc"),
        security_plugins: flag("security_plugins"),
        reuse_services: flag("reuse_services"),
        ignore_circular_refs: flag("ignore_circular_refs"),
        skip_route_by_header: flag("skip_route_by_header"),
        ..Options::default()
    }
}

fn is_spec(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("openapi:") || l.starts_with("swagger:"))
}

#[test]
fn rule_fixtures() {
    let bless = std::env::var("SPECWRIGHT_BLESS").is_ok();
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    inputs.sort();
    let mut failures = Vec::new();
    let mut ran = 0;
    for input in inputs {
        let text = std::fs::read_to_string(&input).unwrap();
        if !is_spec(&text) {
            continue; // a file other fixtures reference
        }
        ran += 1;
        let name = input.file_stem().unwrap().to_string_lossy().to_string();
        let json_path = input.with_extension("expected.json");
        let err_path = input.with_extension("expected-error.txt");
        let result = translate_text(&input, &text, &Default::default(), &options(&text));
        match (result, err_path.is_file()) {
            (Err(e), true) => {
                let want = std::fs::read_to_string(&err_path).unwrap();
                let shown = e.to_string();
                if !shown.contains(want.trim()) || e.position.is_none() {
                    failures.push(format!(
                        "{name}: error {shown:?} lacks {:?} or a position",
                        want.trim()
                    ));
                }
            }
            (Ok(_), true) => failures.push(format!("{name}: translated, expected an error")),
            (Err(e), false) => failures.push(format!("{name}: {e}")),
            (Ok(t), false) => {
                if bless {
                    let text = serde_json::to_string_pretty(&t.config).unwrap() + "\n";
                    std::fs::write(&json_path, text).unwrap();
                    continue;
                }
                let Ok(expected) = std::fs::read_to_string(&json_path) else {
                    failures.push(format!("{name}: no {}", display(&json_path)));
                    continue;
                };
                let expected: Value = serde_json::from_str(&expected).unwrap();
                if expected != t.config {
                    failures.push(format!(
                        "{name}: output differs from {}:\n{}",
                        display(&json_path),
                        serde_json::to_string_pretty(&t.config).unwrap()
                    ));
                }
            }
        }
    }
    assert!(ran >= 10, "expected the rule fixtures, found {ran}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn display(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().to_string()
}

#[test]
fn source_map_points_back_to_the_spec() {
    let path = fixtures().join("plugins.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let t = translate_text(&path, &text, &Default::default(), &options(&text)).unwrap();
    let find = |entity: &str| {
        t.sources
            .iter()
            .find(|s| s.entity == entity)
            .unwrap_or_else(|| panic!("no source for {entity}"))
    };
    // The route of `GET /doc` comes from that operation.
    let route = find("/services/0/routes/0");
    assert_eq!(route.source.pointer, "/paths/~1doc/get");
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("get:"))
        .unwrap();
    assert_eq!(
        route.source.range.start.line as usize,
        line + 1,
        "range starts at the operation body"
    );
    // The cors plugin on that route comes from the path-level extension.
    let cors = t
        .sources
        .iter()
        .find(|s| {
            s.entity.starts_with("/services/0/routes/0/plugins/")
                && s.name.as_deref() == Some("cors")
        })
        .unwrap();
    assert_eq!(cors.source.pointer, "/paths/~1doc/x-kong-plugin-cors");
    // Every entity in the output has a source.
    let services = t.config["services"].as_array().unwrap();
    let routes: usize = services
        .iter()
        .map(|s| s["routes"].as_array().unwrap().len())
        .sum();
    let kinds = |k: specwright_kong::EntityKind| t.sources.iter().filter(|s| s.kind == k).count();
    assert_eq!(kinds(specwright_kong::EntityKind::Service), services.len());
    assert_eq!(kinds(specwright_kong::EntityKind::Route), routes);
}

#[test]
fn external_ref_entities_map_to_the_other_file() {
    let path = fixtures().join("external-refs.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let t = translate_text(&path, &text, &Default::default(), &options(&text)).unwrap();
    let route = t
        .sources
        .iter()
        .find(|s| s.kind == specwright_kong::EntityKind::Route)
        .unwrap();
    assert!(
        route.source.file.ends_with("external-refs-paths.yaml"),
        "{:?}",
        route.source
    );
    assert_eq!(route.source.pointer, "/orders/post");
}

#[test]
fn output_keys_are_sorted_like_deck() {
    let path = fixtures().join("names.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let t = translate_text(&path, &text, &Default::default(), &options(&text)).unwrap();
    let yaml = specwright_kong::render(&t.config, specwright_kong::Format::Yaml);
    let top: Vec<&str> = yaml
        .lines()
        .filter(|l| !l.starts_with([' ', '-']))
        .collect();
    assert_eq!(
        top,
        ["_format_version: '3.0'", "services:", "upstreams: []"]
    );
    let keys: Vec<&String> = t.config["services"][0]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}
