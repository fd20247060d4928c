//! Parity with Spectral 6.16 on the shared corpus: every spec is linted with
//! `extends: ["spectral:oas"]` and the findings, keyed by (code, path, source file), are
//! compared with Spectral's own JSON output in `corpus/spectral/`. Asserts precision and
//! recall of at least 0.99 overall, equal ranges for at least 95% and Spectral's message for
//! at least 99% of matched findings,
//! and prints per-spec and per-rule tables of misses and extras.
//!
//! The corpus lives outside the repository (`SPECWRIGHT_SHARED`, else `../shared` beside
//! the checkout); without it the test says so and passes.

use specwright_document::LoadOptions;
use specwright_governance::{FunctionRegistry, Linter, Ruleset};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

fn shared_dir() -> PathBuf {
    match std::env::var_os("SPECWRIGHT_SHARED") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
    }
}

type Key = (String, String, String);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Range4(u64, u64, u64, u64);

fn range_of(v: &serde_json::Value) -> Range4 {
    let n = |a: &str, b: &str| v[a][b].as_u64().unwrap_or(u64::MAX);
    Range4(
        n("start", "line"),
        n("start", "character"),
        n("end", "line"),
        n("end", "character"),
    )
}

/// The spec a Spectral result file was produced from: `specs/<stem>.*`, or for a multi-file
/// spec the source file whose text declares `openapi:`/`swagger:` at the top level.
fn spec_for(corpus: &Path, stem: &str, findings: &[serde_json::Value]) -> Option<PathBuf> {
    for ext in ["yaml", "yml", "json"] {
        let p = corpus.join("specs").join(format!("{stem}.{ext}"));
        if p.is_file() {
            return Some(p);
        }
    }
    let mut sources: Vec<&str> = findings
        .iter()
        .filter_map(|f| f["source"].as_str())
        .collect();
    sources.sort();
    sources.dedup();
    sources.into_iter().map(|s| corpus.join(s)).find(|p| {
        std::fs::read_to_string(p).is_ok_and(|t| {
            t.lines().any(|l| {
                l.starts_with("openapi:")
                    || l.starts_with("swagger:")
                    || l.contains("\"openapi\":")
                    || l.contains("\"swagger\":")
            })
        })
    })
}

#[test]
fn spectral_oas_parity_on_corpus() {
    let shared = shared_dir();
    let corpus = shared.join("corpus");
    if !corpus.join("spectral").is_dir() {
        println!(
            "parity: skipped, no corpus at {} (set SPECWRIGHT_SHARED)",
            corpus.display()
        );
        return;
    }
    let corpus = corpus.canonicalize().expect("corpus path");
    let registry = FunctionRegistry::with_core();
    let ruleset = Ruleset::from_text(
        "parity.yaml",
        "extends: [\"spectral:oas\"]\n",
        None,
        &registry,
    )
    .expect("spectral:oas loads");
    let linter = Linter::new(ruleset, registry)
        .expect("ruleset prepares")
        .remembering();

    let mut entries: Vec<PathBuf> = std::fs::read_dir(corpus.join("spectral"))
        .expect("spectral dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();

    let (mut tp, mut n_ours, mut n_theirs, mut range_eq) = (0usize, 0usize, 0usize, 0usize);
    let mut message_eq = 0usize;
    let mut per_rule: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut samples: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut range_samples: Vec<String> = Vec::new();
    println!(
        "\n{:<30} {:>7} {:>7} {:>7} {:>7} {:>9} {:>8}",
        "spec", "spectral", "ours", "missed", "extra", "range-eq", "ms"
    );
    for entry in entries {
        let stem = entry.file_stem().unwrap().to_string_lossy().to_string();
        let theirs_json: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(&entry).expect("read"))
                .expect("spectral json");
        let Some(spec_path) = spec_for(&corpus, &stem, &theirs_json) else {
            println!("{stem}: no spec found, skipped");
            continue;
        };
        let opts = LoadOptions {
            root: Some(corpus.clone()),
            ..LoadOptions::default()
        };
        let started = std::time::Instant::now();
        let ours_found = match linter.lint_file(&spec_path, &opts) {
            Ok(f) => f,
            Err(e) => panic!("{stem}: lint failed: {e}"),
        };
        let ms = started.elapsed().as_millis();
        // A second lint of the same text replays what the whole-document schema check
        // remembered of every subtree (the studio's re-lint, `Linter::remembering`): it
        // must find the same.
        let again = linter
            .lint_file(&spec_path, &opts)
            .unwrap_or_else(|e| panic!("{stem}: second lint failed: {e}"));
        assert!(
            again == ours_found,
            "{stem}: a second lint found something else than the first"
        );
        let mut theirs: HashMap<Key, Range4> = HashMap::new();
        // Spectral's messages per key (a key can carry several findings).
        let mut their_messages: HashMap<Key, HashSet<String>> = HashMap::new();
        for f in &theirs_json {
            let path: Vec<String> = f["path"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|s| {
                            s.as_str()
                                .map(String::from)
                                .unwrap_or_else(|| s.to_string())
                        })
                        .collect()
                })
                .unwrap_or_default();
            let key = (
                f["code"].as_str().unwrap_or_default().to_string(),
                path.join("\u{1f}"),
                f["source"].as_str().unwrap_or_default().to_string(),
            );
            their_messages
                .entry(key.clone())
                .or_default()
                .insert(f["message"].as_str().unwrap_or_default().to_string());
            theirs.entry(key).or_insert_with(|| range_of(&f["range"]));
        }
        let mut ours: HashMap<Key, Range4> = HashMap::new();
        for f in &ours_found {
            let source = f
                .file
                .strip_prefix(&corpus)
                .map(|p| p.to_string_lossy().to_string())
                .unwrap_or_else(|_| f.source.clone());
            let r = f.range;
            let key = (f.code.clone(), f.path.join("\u{1f}"), source);
            if their_messages
                .get(&key)
                .is_some_and(|m| m.contains(&f.message))
                && !ours.contains_key(&key)
            {
                message_eq += 1;
            }
            ours.entry(key).or_insert(Range4(
                r.start.line as u64,
                r.start.character as u64,
                r.end.line as u64,
                r.end.character as u64,
            ));
        }
        let (mut s_tp, mut s_eq) = (0, 0);
        for (k, r) in &ours {
            let e = per_rule.entry(k.0.clone()).or_default();
            match theirs.get(k) {
                Some(tr) => {
                    s_tp += 1;
                    e.0 += 1;
                    if tr == r {
                        s_eq += 1;
                    } else if range_samples.len() < 25 {
                        range_samples.push(format!(
                            "{stem} {} {} ours {r:?} spectral {tr:?}",
                            k.0,
                            k.1.replace('\u{1f}', ".")
                        ));
                    }
                }
                None => {
                    e.2 += 1;
                    let s = samples.entry(format!("extra {}", k.0)).or_default();
                    if s.len() < 4 {
                        s.push(format!("{stem}: {}", k.1.replace('\u{1f}', ".")));
                    }
                }
            }
        }
        for k in theirs.keys() {
            if !ours.contains_key(k) {
                per_rule.entry(k.0.clone()).or_default().1 += 1;
                let s = samples.entry(format!("missed {}", k.0)).or_default();
                if s.len() < 4 {
                    s.push(format!("{stem}: {} ({})", k.1.replace('\u{1f}', "."), k.2));
                }
            }
        }
        println!(
            "{:<30} {:>7} {:>7} {:>7} {:>7} {:>8.1}% {:>8}",
            stem,
            theirs.len(),
            ours.len(),
            theirs.len() - s_tp,
            ours.len() - s_tp,
            if s_tp == 0 {
                100.0
            } else {
                100.0 * s_eq as f64 / s_tp as f64
            },
            ms
        );
        tp += s_tp;
        range_eq += s_eq;
        n_ours += ours.len();
        n_theirs += theirs.len();
    }
    println!(
        "\n{:<40} {:>7} {:>7} {:>7}",
        "rule", "matched", "missed", "extra"
    );
    for (rule, (m, miss, extra)) in &per_rule {
        if *miss > 0 || *extra > 0 {
            println!("{rule:<40} {m:>7} {miss:>7} {extra:>7}");
        }
    }
    for (k, v) in &samples {
        println!("{k}:");
        for s in v {
            println!("    {s}");
        }
    }
    if !range_samples.is_empty() {
        println!("range differences (first {}):", range_samples.len());
        for s in &range_samples {
            println!("    {s}");
        }
    }
    let precision = if n_ours == 0 {
        1.0
    } else {
        tp as f64 / n_ours as f64
    };
    let recall = if n_theirs == 0 {
        1.0
    } else {
        tp as f64 / n_theirs as f64
    };
    let ranges = if tp == 0 {
        1.0
    } else {
        range_eq as f64 / tp as f64
    };
    let messages = if tp == 0 {
        1.0
    } else {
        message_eq as f64 / tp as f64
    };
    println!(
        "\nparity: precision {precision:.4} recall {recall:.4} ranges equal {:.2}% messages equal {:.2}% ({tp} matched, {n_ours} ours, {n_theirs} Spectral)",
        ranges * 100.0,
        messages * 100.0
    );
    assert!(
        messages >= 0.99,
        "messages equal for {:.2}% < 99%",
        messages * 100.0
    );
    assert!(precision >= 0.99, "precision {precision:.4} < 0.99");
    assert!(recall >= 0.99, "recall {recall:.4} < 0.99");
    assert!(
        ranges >= 0.95,
        "ranges equal for {:.2}% < 95%",
        ranges * 100.0
    );
}
