//! The real public specs in ../shared/corpus: counts match what the issue states, every
//! file of the multi-file spec loads with no broken ref, every spec has a typed view.
//! Skipped (with a line saying so) when the shared folder is absent.

use specwright_document::typed::Typed;
use specwright_document::{LoadOptions, Spec, Stats};
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("SPECWRIGHT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let specs = shared.join("corpus/specs");
    if specs.is_dir() {
        Some(specs)
    } else {
        eprintln!("skipped: no shared corpus at {}", specs.display());
        None
    }
}

const DIGITALOCEAN: &str = "digitalocean/specification/DigitalOcean-public.v2.yaml";

#[test]
fn counts_match_the_published_figures() {
    let Some(dir) = corpus() else { return };
    for (name, paths, operations, schemas) in [
        ("stripe-v30.yaml", 318, 468, 819),
        ("kubernetes-v2.json", 562, 1123, 771),
        ("openai-v31.yaml", 182, 288, 1422),
        ("twilio-api-v2010-v30.json", 121, 197, 148),
    ] {
        let spec = Spec::load(&dir.join(name), &LoadOptions::default()).unwrap();
        let s = Stats::of(&spec);
        assert_eq!(
            (s.paths, s.operations, s.schemas),
            (paths, operations, schemas),
            "{name}"
        );
        assert_eq!(s.refs_broken, 0, "{name}");
    }
}

#[test]
fn the_multi_file_spec_loads_completely() {
    let Some(dir) = corpus() else { return };
    let spec = Spec::load(&dir.join(DIGITALOCEAN), &LoadOptions::default()).unwrap();
    let errors: Vec<String> = spec.ref_errors().map(|(_, e)| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(spec.files.len() > 2000, "{} files", spec.files.len());
    let s = Stats::of(&spec);
    assert!(s.operations > 600, "{s:?}");
    // Every operation resolves through its file refs.
    let paths = spec.cursor().get("paths").unwrap();
    for (key, item) in paths.members() {
        assert!(item.clone().resolve().is_ok(), "{key}");
    }
}

#[test]
fn every_corpus_spec_has_a_typed_view() {
    let Some(dir) = corpus() else { return };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .collect();
    names.push(DIGITALOCEAN.to_string());
    names.sort();
    for name in names {
        let spec = Spec::load(&dir.join(&name), &LoadOptions::default()).unwrap();
        let typed = Typed::of(&spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ops: usize = typed
            .openapi
            .paths
            .paths
            .values()
            .filter_map(|p| p.as_item())
            .map(|p| p.iter().count())
            .sum();
        assert_eq!(ops, Stats::of(&spec).operations, "{name}");
    }
}
