//! The Mermaid output parses with the official parser (npm `mermaid`, run by
//! tests/diagram/parse-mermaid.mjs under Node) and the DOT output with Graphviz `dot -Tsvg`.
//! Each check runs when its tool is on PATH and prints a skip line otherwise, so `cargo test`
//! never needs Node. tests/diagram/check.sh runs the same checks through the CLI on the whole
//! corpus.

use specwright_diagram::{
    focus, gateway, resources, schemas, to_dot, to_mermaid, Graph, ResourceOptions, SchemaOptions,
};
use specwright_document::{LoadOptions, Spec};
use std::path::{Path, PathBuf};
use std::process::Command;

const CHECKS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/diagram");

fn on_path(tool: &str, version_flag: &str) -> bool {
    Command::new(tool)
        .arg(version_flag)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn load(p: &Path) -> Spec {
    Spec::load(p, &LoadOptions::default()).expect("spec loads")
}

/// The graphs to check: every view of the fixture, and a few corpus views when present.
fn graphs() -> Vec<(String, Graph)> {
    let fixtures = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    let pets = load(&fixtures.join("pets.yaml"));
    let schema_view = schemas(&pets, &SchemaOptions::default()).unwrap();
    let compact = ResourceOptions {
        compact: true,
        ..Default::default()
    };
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("kong.json")).unwrap())
            .unwrap();
    let mut out = vec![
        (
            "pets-focus".to_string(),
            focus(&schema_view, "Pet", 1).unwrap(),
        ),
        ("pets-schemas".to_string(), schema_view),
        (
            "pets-resources".into(),
            resources(&pets, &ResourceOptions::default()).unwrap(),
        ),
        ("pets-compact".into(), resources(&pets, &compact).unwrap()),
        (
            "pets-gateway".into(),
            gateway("Pets", &config, &[]).unwrap(),
        ),
    ];
    let shared = std::env::var_os("SPECWRIGHT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let corpus = shared.join("corpus/specs");
    if corpus.is_dir() {
        for name in [
            "oai-petstore-v2.json",
            "oai-uber-v2.yaml",
            "oai-link-example-v30.yaml",
            "oai-webhook-example-v31.json",
        ] {
            let spec = load(&corpus.join(name));
            out.push((
                format!("{name}-schemas"),
                schemas(&spec, &SchemaOptions::default()).unwrap(),
            ));
            out.push((
                format!("{name}-resources"),
                resources(&spec, &ResourceOptions::default()).unwrap(),
            ));
        }
        let k8s = load(&corpus.join("kubernetes-v2.json"));
        out.push((
            "kubernetes-compact".into(),
            resources(&k8s, &compact).unwrap(),
        ));
        let stripe = load(&corpus.join("stripe-v30.yaml"));
        let full = schemas(&stripe, &SchemaOptions::default()).unwrap();
        out.push(("stripe-focus".into(), focus(&full, "customer", 1).unwrap()));
        // The full stripe view goes to the Mermaid parser only: dot takes minutes on it.
        out.push(("stripe-schemas-mermaid-only".into(), full));
    } else {
        println!("corpus skipped: no shared folder (set SPECWRIGHT_SHARED)");
    }
    out
}

fn write_all(dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut mmd, mut dot) = (Vec::new(), Vec::new());
    for (name, g) in graphs() {
        let m = dir.join(format!("{name}.mmd"));
        std::fs::write(&m, to_mermaid(&g)).unwrap();
        mmd.push(m);
        if !name.ends_with("mermaid-only") {
            let d = dir.join(format!("{name}.dot"));
            std::fs::write(&d, to_dot(&g)).unwrap();
            dot.push(d);
        }
    }
    (mmd, dot)
}

fn out_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("specwright-diagram-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn mermaid_parses_with_the_official_parser() {
    if !on_path("node", "--version") {
        println!("skipped: node is not on PATH (tests/diagram/check.sh runs this check)");
        return;
    }
    let modules = Path::new(CHECKS).join("node_modules");
    if !modules.join("mermaid").is_dir() || !modules.join("jsdom").is_dir() {
        let installed = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(CHECKS)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !installed {
            println!("skipped: npm could not install mermaid into tests/diagram/node_modules");
            return;
        }
    }
    let dir = out_dir("mermaid");
    let (files, _) = write_all(&dir);
    let out = Command::new("node")
        .arg(Path::new(CHECKS).join("parse-mermaid.mjs"))
        .args(&files)
        .output()
        .expect("node runs");
    let log = String::from_utf8_lossy(&out.stdout);
    println!("{log}");
    assert!(
        out.status.success(),
        "mermaid.parse failed:\n{log}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        log.lines().filter(|l| l.starts_with("ok ")).count(),
        files.len()
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn dot_lays_out_with_graphviz() {
    if !on_path("dot", "-V") {
        println!("skipped: Graphviz dot is not on PATH (apt install graphviz)");
        return;
    }
    let dir = out_dir("dot");
    let (_, files) = write_all(&dir);
    for f in &files {
        let out = Command::new("dot")
            .arg("-Tsvg")
            .arg(f)
            .output()
            .expect("dot runs");
        assert!(
            out.status.success() && out.stdout.starts_with(b"<?xml"),
            "dot -Tsvg {}: {}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        // Warnings mean dot guessed at something we wrote (a bad HTML label, say).
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.trim().is_empty(),
            "dot warned on {}: {err}",
            f.display()
        );
    }
    println!("dot -Tsvg accepted {} files", files.len());
    let _ = std::fs::remove_dir_all(dir);
}
