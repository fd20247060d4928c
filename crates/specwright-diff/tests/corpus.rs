//! No false positives on real specs: each corpus spec diffed against itself reformatted
//! (JSON written as YAML, YAML written as JSON; every file of a multi-file spec) must report
//! no change at all, breaking or otherwise. Skipped when the shared corpus is absent.

use specwright_diff::{diff, Level};
use specwright_document::{LoadOptions, Spec};
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("SPECWRIGHT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let specs = dir.join("corpus/specs");
    if specs.is_dir() {
        Some(specs)
    } else {
        eprintln!("skipped: no shared corpus at {}", specs.display());
        None
    }
}

fn to_yaml(v: &serde_json::Value) -> yaml_rust2::Yaml {
    use yaml_rust2::Yaml;
    match v {
        serde_json::Value::Null => Yaml::Null,
        serde_json::Value::Bool(b) => Yaml::Boolean(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Integer(i),
            None => Yaml::Real(n.to_string()),
        },
        serde_json::Value::String(s) => Yaml::String(s.clone()),
        serde_json::Value::Array(a) => Yaml::Array(a.iter().map(to_yaml).collect()),
        serde_json::Value::Object(o) => {
            let mut h = yaml_rust2::yaml::Hash::new();
            for (k, v) in o {
                h.insert(Yaml::String(k.clone()), to_yaml(v));
            }
            Yaml::Hash(h)
        }
    }
}

/// The same document in the other syntax.
fn reformat(text: &str, name: &str) -> String {
    let parsed = specwright_document::parse::parse_text(
        name,
        text,
        &specwright_document::LineIndex::new(text),
        &specwright_document::ParseLimits::default(),
    )
    .expect("corpus file parses");
    let json = parsed.root.to_json();
    match parsed.syntax {
        specwright_document::Syntax::Yaml => serde_json::to_string_pretty(&json).unwrap(),
        specwright_document::Syntax::Json => {
            let mut out = String::new();
            yaml_rust2::YamlEmitter::new(&mut out)
                .dump(&to_yaml(&json))
                .expect("emits YAML");
            out
        }
    }
}

fn load(path: &Path, root: &Path) -> Spec {
    Spec::load(
        path,
        &LoadOptions {
            root: Some(root.to_path_buf()),
            ..LoadOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn assert_no_changes(original: &Spec, reformatted: &Spec, what: &str) {
    let report = diff(original, reformatted);
    assert_eq!(
        report.count(Level::Breaking),
        0,
        "{what}: false breaking findings:\n{}",
        specwright_diff::render::text(&report)
    );
    assert!(
        report.changes.is_empty(),
        "{what}: spurious findings:\n{}",
        specwright_diff::render::text(&report)
    );
}

#[test]
fn single_file_specs_equal_themselves_reformatted() {
    let Some(specs) = shared() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(&specs).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "json" | "yaml" | "yml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let other = tmp.path().join(if ext == "json" {
            format!("{name}.yaml")
        } else {
            format!("{name}.json")
        });
        std::fs::write(&other, reformat(&text, &name)).unwrap();
        let original = load(&path, &specs);
        let reformatted = load(&other, tmp.path());
        assert_eq!(original.kind, reformatted.kind, "{name}");
        assert_no_changes(&original, &reformatted, &name);
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} corpus specs found");
}

fn copy_reformatted(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_reformatted(&path, &dest);
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let bytes = std::fs::read(&path).unwrap();
        match (ext, std::str::from_utf8(&bytes)) {
            // Names are kept so the `$ref`s still point at the right files.
            ("json" | "yaml" | "yml", Ok(text)) => {
                std::fs::write(&dest, reformat(text, &path.display().to_string())).unwrap()
            }
            _ => std::fs::write(&dest, bytes).unwrap(),
        }
    }
}

#[test]
fn multi_file_spec_equals_itself_reformatted() {
    let Some(specs) = shared() else { return };
    let src = specs.join("digitalocean");
    let root_spec = Path::new("specification/DigitalOcean-public.v2.yaml");
    if !src.join(root_spec).is_file() {
        eprintln!("skipped: no multi-file corpus spec");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    copy_reformatted(&src, tmp.path());
    let original = load(&src.join(root_spec), &src);
    assert!(original.files.len() > 100, "the corpus spec is multi-file");
    let reformatted = load(&tmp.path().join(root_spec), tmp.path());
    assert_eq!(original.files.len(), reformatted.files.len());
    assert_no_changes(&original, &reformatted, "digitalocean");
}
