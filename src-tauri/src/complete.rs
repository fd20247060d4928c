//! `$ref` completion: every component of the spec (in any of its files), written the way a
//! `$ref` in the edited file must name it.

use crate::types::RefTarget;
use specwright_document::pointer::escape_segment;
use specwright_document::Spec;
use std::path::{Component, Path};

/// Sections that hold reusable definitions: OpenAPI 3 `components.*`, Swagger 2 top level.
const SWAGGER2_SECTIONS: [&str; 3] = ["definitions", "parameters", "responses"];

pub fn ref_targets(spec: &Spec, editing: &Path) -> Vec<RefTarget> {
    let from_dir = editing.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    for file in &spec.files {
        let prefix = if file.path == editing {
            String::new()
        } else {
            match relative(from_dir, &file.path) {
                Some(r) => r,
                None => continue,
            }
        };
        let Some(root) = file.root.as_object() else {
            continue;
        };
        let mut push = |path: Vec<&str>, section: &str| {
            let pointer: String = path
                .iter()
                .map(|s| format!("/{}", escape_segment(s)))
                .collect();
            out.push(RefTarget {
                reference: format!("{prefix}#{pointer}"),
                section: section.to_string(),
            });
        };
        if let Some(components) = root.get("components").and_then(|c| c.as_object()) {
            for (section, items) in components.iter() {
                if let Some(items) = items.as_object() {
                    for name in items.keys() {
                        push(vec!["components", section, name], section);
                    }
                }
            }
        }
        for section in SWAGGER2_SECTIONS {
            if let Some(items) = root.get(section).and_then(|c| c.as_object()) {
                // OpenAPI 3 roots have no such top-level sections; Swagger 2 ones do.
                if spec.kind == specwright_document::SpecKind::Swagger2 || !prefix.is_empty() {
                    for name in items.keys() {
                        push(vec![section, name], section);
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.reference.cmp(&b.reference));
    out.dedup();
    out
}

/// `to` relative to the folder `from`, as a `./`-prefixed `/`-separated reference path.
fn relative(from: &Path, to: &Path) -> Option<String> {
    let from: Vec<Component> = from.components().collect();
    let to_c: Vec<Component> = to.components().collect();
    let common = from
        .iter()
        .zip(to_c.iter())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    if common == from.len() {
        parts.push(".".into());
    }
    for _ in common..from.len() {
        parts.push("..".into());
    }
    for c in &to_c[common..] {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use specwright_document::LoadOptions;
    use std::fs;

    #[test]
    fn lists_components_of_every_file_relative_to_the_edited_one() {
        let d = tempfile::tempdir().unwrap();
        fs::create_dir_all(d.path().join("shared")).unwrap();
        let root = d.path().join("openapi.yaml");
        fs::write(
            &root,
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Own: {}\n    Ext:\n      $ref: './shared/c.yaml#/components/schemas/Book~1Item'\n",
        )
        .unwrap();
        fs::write(
            d.path().join("shared/c.yaml"),
            "components:\n  schemas:\n    Book/Item: {type: object}\n  parameters:\n    Limit: {name: limit, in: query}\n",
        )
        .unwrap();
        let opts = LoadOptions {
            root: Some(d.path().to_path_buf()),
            ..LoadOptions::default()
        };
        let spec = Spec::load(&root, &opts).unwrap();
        let root_abs = spec.root().path.clone();
        let refs: Vec<_> = ref_targets(&spec, &root_abs)
            .into_iter()
            .map(|r| r.reference)
            .collect();
        assert_eq!(
            refs,
            vec![
                "#/components/schemas/Ext",
                "#/components/schemas/Own",
                "./shared/c.yaml#/components/parameters/Limit",
                "./shared/c.yaml#/components/schemas/Book~1Item",
            ]
        );
        // Seen from the fragment, the root's components are one folder up.
        let frag = spec.files[1].path.clone();
        let refs: Vec<_> = ref_targets(&spec, &frag)
            .into_iter()
            .map(|r| r.reference)
            .collect();
        assert!(refs.contains(&"../openapi.yaml#/components/schemas/Own".to_string()));
        assert!(refs.contains(&"#/components/parameters/Limit".to_string()));
    }
}
