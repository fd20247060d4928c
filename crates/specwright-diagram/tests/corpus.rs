//! The corpus specs (shared/corpus/specs): every schema is a node of the schema view's SVG
//! and every operation is in the resource view's SVG (full and compact), each found by its
//! `data-file` + `data-pointer`; the SVG is well-formed XML. Skipped when shared/ is absent.

use specwright_diagram::{resources, schemas, to_svg, ResourceOptions, SchemaOptions};
use specwright_document::pointer::to_pointer;
use specwright_document::stats::METHODS;
use specwright_document::{LoadOptions, Spec, SpecKind, Stats};
use std::collections::HashSet;
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("SPECWRIGHT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let dir = shared.join("corpus/specs");
    dir.is_dir().then_some(dir)
}

fn specs(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus folder reads")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml")
            )
        })
        .collect();
    let multi = dir.join("digitalocean/specification/DigitalOcean-public.v2.yaml");
    if multi.is_file() {
        v.push(multi);
    }
    v.sort();
    v
}

/// (file, pointer) of every element with a `data-pointer` whose class starts with `class`.
fn sources(svg: &str, class: &str) -> HashSet<(String, String)> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|c| c == class))
        })
        .filter_map(|n| {
            Some((
                n.attribute("data-file")?.to_string(),
                n.attribute("data-pointer")?.to_string(),
            ))
        })
        .collect()
}

fn check(path: &std::path::Path) {
    let spec = Spec::load(path, &LoadOptions::default()).expect("corpus spec loads");
    let stats = Stats::of(&spec);
    let root = spec.root().name.clone();

    let g = schemas(&spec, &SchemaOptions::default()).expect("schema view");
    let drawn = sources(&to_svg(&g), "node");
    let base = if spec.kind == SpecKind::Swagger2 {
        vec!["definitions".to_string()]
    } else {
        vec!["components".to_string(), "schemas".to_string()]
    };
    let names: Vec<String> = spec
        .root()
        .root
        .walk(&base)
        .and_then(|n| n.as_object())
        .map(|o| o.keys().map(str::to_string).collect())
        .unwrap_or_default();
    assert_eq!(names.len(), stats.schemas);
    for name in &names {
        let mut p = base.clone();
        p.push(name.clone());
        assert!(
            drawn.contains(&(root.clone(), to_pointer(&p))),
            "{}: schema {name} is not drawn",
            path.display()
        );
    }

    // Operations, found independently of the view: every method of every path item.
    let mut ops = Vec::new();
    if let Some(paths) = spec.cursor().get("paths") {
        for (_, item) in paths.members() {
            let Ok(item) = item.resolve() else { continue };
            for (method, op) in item.members() {
                if METHODS.contains(&method) {
                    ops.push((spec.file(op.file).name.clone(), to_pointer(&op.path)));
                }
            }
        }
    }
    assert_eq!(ops.len(), stats.operations);
    for compact in [false, true] {
        let g = resources(
            &spec,
            &ResourceOptions {
                compact,
                ..Default::default()
            },
        )
        .expect("resource view");
        let svg = to_svg(&g);
        let drawn = sources(&svg, if compact { "chip" } else { "row" });
        for op in &ops {
            assert!(
                drawn.contains(op),
                "{} (compact: {compact}): operation {op:?} is not drawn",
                path.display()
            );
        }
    }
    println!(
        "{}: {} schemas, {} operations drawn",
        path.display(),
        names.len(),
        ops.len()
    );
}

#[test]
fn every_schema_and_operation_of_the_corpus_is_drawn() {
    let Some(dir) = corpus() else {
        println!("skipped: no shared corpus (set SPECWRIGHT_SHARED)");
        return;
    };
    let all = specs(&dir);
    assert!(all.len() >= 10, "corpus has its specs");
    for p in all {
        check(&p);
    }
}
