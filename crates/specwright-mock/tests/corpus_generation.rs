//! Every generated response body in the shared corpus specs validates against its schema:
//! for each sampled operation and each declared status, a static and a seeded dynamic
//! preview are made and the engine's self-check (the `sl-violations` header) must stay empty
//! (spec examples that break their schema are not served by default, so this covers them).
//!
//! Small specs are checked whole. Large specs (Stripe, Twilio, OpenAI, Kubernetes, Argo,
//! DigitalOcean) are sampled deterministically across the whole spec: every k-th operation
//! in document order, k chosen so that at most `SAMPLE` operations are checked, so the test
//! stays within CI's budget in a debug build on 2 cores while every region of each spec is
//! visited. The sample is printed (`--nocapture`) with the time per spec.

use specwright_document::{LoadOptions, Spec};
use specwright_mock::{Engine, MockOptions, Preview};
use std::path::PathBuf;
use std::time::Instant;

/// Operations checked per spec at most (all of them in the small specs).
const SAMPLE: usize = 24;

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

/// One test per spec, so the specs are checked in parallel.
macro_rules! corpus_specs {
    ($($test:ident => $file:expr,)*) => {
        $(
            #[test]
            fn $test() {
                check_spec($file);
            }
        )*
    };
}

corpus_specs! {
    petstore_expanded_v30 => "oai-petstore-expanded-v30.yaml",
    petstore_v2 => "oai-petstore-v2.json",
    petstore_expanded_v2 => "oai-petstore-expanded-v2.json",
    uber_v2 => "oai-uber-v2.yaml",
    uspto_v30 => "oai-uspto-v30.json",
    link_example_v30 => "oai-link-example-v30.yaml",
    webhook_example_v31 => "oai-webhook-example-v31.json",
    argo_workflows_v2 => "argo-workflows-v2.json",
    twilio_v30 => "twilio-api-v2010-v30.json",
    digitalocean_v30 => "digitalocean/specification/DigitalOcean-public.v2.yaml",
    openai_v31 => "openai-v31.yaml",
    kubernetes_v2 => "kubernetes-v2.json",
    stripe_v30 => "stripe-v30.yaml",
}

fn check_spec(name: &str) {
    let Some(dir) = corpus() else {
        println!("skipped: no shared/corpus/specs (set SPECWRIGHT_SHARED)");
        return;
    };
    let path = dir.join(name);
    assert!(path.exists(), "{} is not in the corpus", path.display());
    let mut checked = 0;
    let mut bad = Vec::new();
    let started = Instant::now();
    let spec = Spec::load(&path, &LoadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let loaded = started.elapsed();
    let mut sampled = 0;
    let mut total = 0;
    for dynamic in [false, true] {
        let opts = MockOptions {
            dynamic,
            seed: Some(11),
            ..MockOptions::default()
        };
        let engine = Engine::from_spec(&spec, opts)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .engine;
        let ops = engine.operations();
        total = ops.len();
        let stride = ops.len().div_ceil(SAMPLE).max(1);
        // Static and dynamic runs take different offsets, so twice as many operations
        // are visited in the large specs.
        let offset = if dynamic { stride / 2 } else { 0 };
        sampled = 0;
        for op in ops.iter().skip(offset).step_by(stride) {
            sampled += 1;
            for status in &op.statuses {
                // `default` and ranges are served through a concrete code elsewhere.
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
                // Spec examples that violate their schema are replaced by generated
                // data, so every body served by default must validate.
                if let Some(v) = r.header("sl-violations") {
                    bad.push(format!(
                        "{name} {} {} {status} dynamic={dynamic} (spec example: {}): {v}",
                        op.method,
                        op.path,
                        engine.has_example(
                            &preview.operation,
                            preview.status,
                            preview.accept.as_deref()
                        )
                    ));
                }
            }
        }
    }
    println!(
        "{name}: {sampled} of {total} operations per mode, {checked} responses, {:.1} s ({:.1} s loading)",
        started.elapsed().as_secs_f64(),
        loaded.as_secs_f64()
    );
    for b in bad.iter().take(20) {
        println!("  {}", b.chars().take(600).collect::<String>());
    }
    assert!(
        bad.is_empty(),
        "{name}: {} generated bodies violate their schema",
        bad.len()
    );
}
