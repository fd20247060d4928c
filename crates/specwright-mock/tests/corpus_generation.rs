//! Every generated response body in the shared corpus specs validates against its schema:
//! for each operation and declared status, a static and a seeded dynamic preview are made
//! and the engine's self-check (the `sl-violations` header) must stay empty.

use specwright_mock::{Engine, MockOptions, Preview};
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let dir = match std::env::var("SPECWRIGHT_SHARED") {
        Ok(s) if !s.is_empty() => PathBuf::from(s).join("corpus/specs"),
        _ => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus/specs"
        )),
    };
    dir.is_dir().then_some(dir)
}

#[test]
fn generated_bodies_validate_over_the_corpus() {
    let Some(dir) = corpus() else {
        println!("skipped: no shared/corpus/specs (set SPECWRIGHT_SHARED)");
        return;
    };
    let specs = [
        "oai-petstore-expanded-v30.yaml",
        "oai-petstore-v2.json",
        "oai-petstore-expanded-v2.json",
        "oai-uber-v2.yaml",
        "oai-uspto-v30.json",
        "oai-link-example-v30.yaml",
        "oai-webhook-example-v31.json",
    ];
    let mut checked = 0;
    let mut bad = Vec::new();
    for name in specs {
        let path = dir.join(name);
        if !path.exists() {
            continue;
        }
        for dynamic in [false, true] {
            let opts = MockOptions {
                dynamic,
                seed: Some(11),
                ..MockOptions::default()
            };
            let engine = Engine::load(&path, opts)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .engine;
            // Large specs: a bounded sample of operations keeps the test quick in debug builds.
            for op in engine.operations().into_iter().take(60) {
                for status in &op.statuses {
                    let Ok(code) = status.parse::<u16>() else {
                        continue;
                    };
                    let preview = Preview {
                        operation: format!("{} {}", op.method, op.path),
                        status: Some(code),
                        dynamic,
                        accept: Some("application/json".into()),
                        ..Preview::default()
                    };
                    let Ok(r) = engine.preview(&preview) else {
                        continue;
                    };
                    checked += 1;
                    // Only generated bodies are ours to answer for; spec examples are served as written.
                    if let Some(v) = r.header("sl-violations") {
                        if dynamic || !has_example(&engine, &preview) {
                            bad.push(format!(
                                "{name} {} {} {code} dynamic={dynamic}: {v}",
                                op.method, op.path
                            ));
                        }
                    }
                }
            }
        }
    }
    println!(
        "corpus generation: {checked} responses checked, {} invalid",
        bad.len()
    );
    for b in bad.iter().take(20) {
        println!("  {b}");
    }
    assert!(
        bad.is_empty(),
        "{} generated bodies violate their schema",
        bad.len()
    );
}

fn has_example(engine: &Engine, p: &Preview) -> bool {
    engine.has_example(&p.operation, p.status, p.accept.as_deref())
}
