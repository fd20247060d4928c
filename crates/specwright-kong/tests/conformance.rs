//! Runs go-apiops' openapi2kong fixtures the way upstream's `openapi2kong_test.go` does
//! (see SOURCE.md beside them):
//! - `NAME.yaml` -> `NAME.expected.json`: tags `["OAS3_import", "OAS3file_NAME.yaml"]`, OIDC on,
//!   plus `x-test-config` (`treatAllHeadersAsRequired`, `reuseServices`) from the input;
//! - `NAME.yaml` -> `NAME.expected_inso.json`: inso names, no ids, OIDC off;
//! - `NAME.circular-yaml` -> `NAME.expected_no_circular.json`: circular refs ignored;
//! - `NAME.yaml` -> `NAME.expected_skip_header.json`: no header routes;
//! - `invalid/*.yaml` must fail, with the texts SOURCE.md lists;
//! - `extra/*` must translate (and pass the structural Kong schema), and match an
//!   `expected.json` beside them when there is one.
//!
//! The folder is `$SPECWRIGHT_SHARED/conformance/openapi2kong`, else `../shared/...` beside the
//! work tree; the test is skipped (with a line saying so) when neither exists.

use serde_json::Value;
use specwright_kong::{translate_text, Options};
use std::path::{Path, PathBuf};

fn fixtures_dir() -> Option<PathBuf> {
    let dir = match std::env::var("SPECWRIGHT_SHARED") {
        Ok(base) => PathBuf::from(base).join("conformance/openapi2kong"),
        Err(_) => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/conformance/openapi2kong"
        )),
    };
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipping openapi2kong conformance: {} not found",
            dir.display()
        );
        None
    }
}

fn base_options(file_name: &str) -> Options {
    Options {
        tags: Some(vec!["OAS3_import".into(), format!("OAS3file_{file_name}")]),
        ..Options::default()
    }
}

/// `x-test-config` from the input, as upstream's test reads it.
fn test_config(text: &str, opts: &mut Options) {
    let Ok(doc) = serde_yaml_ng::from_str::<Value>(text) else {
        return;
    };
    let cfg = &doc["x-test-config"];
    if let Some(b) = cfg["treatAllHeadersAsRequired"].as_bool() {
        opts.treat_all_headers_as_required = b;
    }
    if let Some(b) = cfg["reuseServices"].as_bool() {
        opts.reuse_services = b;
    }
}

/// `- file.yaml: "text"` lines from SOURCE.md's list of expected error texts.
fn expected_errors(dir: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(dir.join("SOURCE.md")).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let l = l.trim().strip_prefix("- ")?;
            let (file, rest) = l.split_once(": ")?;
            let msg = rest.trim().strip_prefix('"')?.strip_suffix('"')?;
            Some((file.trim().to_string(), msg.to_string()))
        })
        .collect()
}

struct Outcome {
    fixture: String,
    mode: &'static str,
    result: Result<(), String>,
}

fn compare(path: &Path, opts: &Options, expected_path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(expected_path).map_err(|e| e.to_string())?)
            .map_err(|e| format!("{}: {e}", expected_path.display()))?;
    let got = translate_text(path, &text, &Default::default(), opts).map_err(|e| e.to_string())?;
    if got.config == expected {
        Ok(())
    } else {
        Err(first_difference(&expected, &got.config, String::new()))
    }
}

fn first_difference(want: &Value, got: &Value, at: String) -> String {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    None => return format!("{at}/{k}: missing (want {v})"),
                    Some(g) if g != v => return first_difference(v, g, format!("{at}/{k}")),
                    _ => {}
                }
            }
            for k in b.keys() {
                if !a.contains_key(k) {
                    return format!("{at}/{k}: unexpected (got {})", b[k]);
                }
            }
            format!("{at}: differs")
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                if x != y {
                    return first_difference(x, y, format!("{at}/{i}"));
                }
            }
            format!("{at}: differs")
        }
        _ => format!("{at}: want {want}, got {got}"),
    }
}

fn sorted_files(dir: &Path, pred: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.is_file() && p.file_name().and_then(|n| n.to_str()).is_some_and(&pred));
    v.sort();
    v
}

#[test]
fn openapi2kong_fixtures() {
    let Some(dir) = fixtures_dir() else { return };
    let mut outcomes = Vec::new();
    let name_of = |p: &Path| p.file_name().unwrap().to_string_lossy().to_string();

    for input in sorted_files(&dir, |n| {
        n.ends_with(".yaml") || n.ends_with(".circular-yaml")
    }) {
        let file_name = name_of(&input);
        let stem = file_name
            .strip_suffix(".circular-yaml")
            .or_else(|| file_name.strip_suffix(".yaml"))
            .unwrap()
            .to_string();
        let text = std::fs::read_to_string(&input).unwrap();
        let cases: [(&str, &'static str); 4] = [
            ("expected.json", "deck"),
            ("expected_inso.json", "inso"),
            ("expected_skip_header.json", "skip-header"),
            ("expected_no_circular.json", "no-circular"),
        ];
        for (suffix, mode) in cases {
            let expected = dir.join(format!("{stem}.{suffix}"));
            if !expected.is_file() {
                continue;
            }
            let mut opts = base_options(&file_name);
            match mode {
                "deck" => {
                    opts.oidc = true;
                    test_config(&text, &mut opts);
                }
                "inso" => {
                    opts.inso_compat = true;
                    opts.skip_id = true;
                }
                "skip-header" => opts.skip_route_by_header = true,
                _ => opts.ignore_circular_refs = true,
            }
            outcomes.push(Outcome {
                fixture: file_name.clone(),
                mode,
                result: compare(&input, &opts, &expected),
            });
        }
    }

    let texts = expected_errors(&dir);
    for input in sorted_files(&dir.join("invalid"), |n| {
        n.ends_with(".yaml") || n.ends_with(".yml")
    }) {
        let file_name = name_of(&input);
        let text = std::fs::read_to_string(&input).unwrap();
        let mut opts = base_options(&file_name);
        opts.oidc = true;
        let want = texts
            .iter()
            .find(|(f, _)| *f == file_name)
            .map(|(_, m)| m.clone());
        let result = match translate_text(&input, &text, &Default::default(), &opts) {
            Ok(_) => Err("translated, but must be rejected".to_string()),
            Err(e) => {
                let shown = e.to_string();
                let placed = e.position.is_some() && e.file.is_some();
                match &want {
                    Some(w) if !shown.contains(w.as_str()) => {
                        Err(format!("error lacks {w:?}: {shown}"))
                    }
                    _ if !placed => Err(format!("error has no file/line/column: {shown}")),
                    _ => Ok(()),
                }
            }
        };
        outcomes.push(Outcome {
            fixture: format!("invalid/{file_name}"),
            mode: "invalid",
            result,
        });
    }

    for input in sorted_files(&dir.join("extra"), |n| {
        n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".json")
    }) {
        let file_name = name_of(&input);
        if file_name.contains(".expected") {
            continue;
        }
        let stem = file_name
            .rsplit_once('.')
            .map(|(s, _)| s.to_string())
            .unwrap_or_default();
        let mut opts = base_options(&file_name);
        opts.oidc = true;
        let expected = dir.join("extra").join(format!("{stem}.expected.json"));
        let result = if expected.is_file() {
            compare(&input, &opts, &expected)
        } else {
            let text = std::fs::read_to_string(&input).unwrap();
            translate_text(&input, &text, &Default::default(), &opts)
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        outcomes.push(Outcome {
            fixture: format!("extra/{file_name}"),
            mode: "extra",
            result,
        });
    }

    println!("\n{:<62} {:<12} result", "fixture", "mode");
    for o in &outcomes {
        match &o.result {
            Ok(()) => println!("{:<62} {:<12} pass", o.fixture, o.mode),
            Err(e) => println!(
                "{:<62} {:<12} FAIL: {}",
                o.fixture,
                o.mode,
                e.lines().next().unwrap_or("")
            ),
        }
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    println!(
        "{} of {} fixture runs pass",
        outcomes.len() - failed,
        outcomes.len()
    );
    assert!(
        !outcomes.is_empty(),
        "no fixtures found in {}",
        dir.display()
    );
    assert_eq!(failed, 0, "{failed} fixture runs failed");
}
