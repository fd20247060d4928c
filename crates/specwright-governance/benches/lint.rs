//! Lint speed with `extends: [spectral:oas]`: a full lint of stripe-v30.yaml (from the
//! shared corpus, skipped when it is absent) and the studio's edit-one-line-then-relint
//! (`Linter::lint_text` on a cached ruleset, which re-parses from the previous buffer) on
//! stripe and on a 100 KB spec, next to the same edit loaded afresh and linted
//! (`reload_edit_line`), so one run shows what re-parsing from the previous buffer saves.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use specwright_document::{LoadOptions, Spec};
use specwright_governance::{FunctionRegistry, Linter, Ruleset};
use std::path::{Path, PathBuf};
use std::time::Duration;

// The studio and the CLI run on mimalloc: measure with the allocator they use.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn shared_dir() -> PathBuf {
    std::env::var_os("SPECWRIGHT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
}

fn oas_linter() -> Linter {
    let registry = FunctionRegistry::with_core();
    let ruleset = Ruleset::from_text(
        "bench-ruleset.yaml",
        "extends: [spectral:oas]\n",
        None,
        &registry,
    )
    .expect("spectral:oas loads");
    Linter::new(ruleset, registry).expect("spectral:oas compiles")
}

/// The text with one line changed the way a user types: a description gets a word more.
/// Alternates between two edits so every iteration lints a buffer that differs from the
/// previous one.
fn edited(text: &str, i: usize) -> String {
    let at = text
        .find("description: ")
        .expect("the spec has a description");
    let mut s = String::with_capacity(text.len() + 8);
    s.push_str(&text[..at + 13]);
    s.push_str(if i % 2 == 0 { "Edited " } else { "Changed " });
    s.push_str(&text[at + 13..]);
    s
}

fn relint(c: &mut Criterion, name: &str, path: &Path, text: &str) {
    let linter = oas_linter();
    let options = LoadOptions::default();
    // Warm the plan cache, as the studio has after its first lint.
    linter.lint_text(path, text, &options).expect("lints");
    let mut i = 0;
    c.bench_function(&format!("relint_edit_line/{name}"), |b| {
        b.iter_batched(
            || {
                i += 1;
                edited(text, i)
            },
            |buf| linter.lint_text(path, &buf, &options).expect("lints"),
            BatchSize::LargeInput,
        )
    });
    c.bench_function(&format!("reload_edit_line/{name}"), |b| {
        b.iter_batched(
            || {
                i += 1;
                edited(text, i)
            },
            |buf| {
                let spec = Spec::from_text(path, &buf, &options).expect("loads");
                let found = linter.lint(&spec).expect("lints");
                specwright_document::drop_large(spec, buf.len());
                found
            },
            BatchSize::LargeInput,
        )
    });
}

fn benches(c: &mut Criterion) {
    let fixture = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/fixtures/commerce-100k.yaml"
    ));
    let text = std::fs::read_to_string(fixture).expect("fixture");
    relint(c, "commerce-100k", fixture, &text);

    let stripe = shared_dir().join("corpus/specs/stripe-v30.yaml");
    let Ok(text) = std::fs::read_to_string(&stripe) else {
        eprintln!("{} absent: stripe benches skipped", stripe.display());
        return;
    };
    let linter = oas_linter();
    let options = LoadOptions::default();
    c.bench_function("lint_file/stripe-v30 (load + lint)", |b| {
        b.iter(|| linter.lint_file(&stripe, &options).expect("lints"))
    });
    let spec = Spec::load(&stripe, &options).expect("stripe loads");
    c.bench_function("lint_loaded/stripe-v30 (lint only)", |b| {
        b.iter(|| linter.lint(&spec).expect("lints"))
    });
    relint(c, "stripe-v30", &stripe, &text);
}

criterion_group! {
    name = lint;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(lint);
