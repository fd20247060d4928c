//! One self-contained JSON document from a multi-file spec (see [`Spec::bundle`]).

use crate::kind::SpecKind;
use crate::node::{Node, Value};
use crate::pointer::to_fragment;
use crate::spec::{FileId, Spec, Target};
use serde_json::{Map, Value as J};
use std::collections::HashMap;

struct Bundler<'a> {
    spec: &'a Spec,
    /// External targets being inlined right now (to spot loops).
    stack: Vec<Target>,
    /// External targets that loop, hoisted under a component name.
    hoisted: Vec<(Target, String, Option<J>)>,
    names: HashMap<Target, usize>,
}

pub(crate) fn bundle(spec: &Spec) -> J {
    let mut b = Bundler {
        spec,
        stack: Vec::new(),
        hoisted: Vec::new(),
        names: HashMap::new(),
    };
    let mut doc = b.convert(FileId::ROOT, &spec.root().root);
    // Hoisted bodies may hoist more targets; compute until none is missing.
    while let Some(i) = b.hoisted.iter().position(|h| h.2.is_none()) {
        let t = b.hoisted[i].0.clone();
        b.stack.push(t.clone());
        let body = match spec.walk_target(&t) {
            Some(c) => b.convert(c.file, c.node),
            None => J::Null,
        };
        b.stack.pop();
        b.hoisted[i].2 = Some(body);
    }
    if !b.hoisted.is_empty() {
        let section: &[&str] = if spec.kind == SpecKind::Swagger2 {
            &["definitions"]
        } else {
            &["components", "schemas"]
        };
        if let J::Object(root) = &mut doc {
            let mut obj = root;
            for key in section {
                let entry = obj
                    .entry(key.to_string())
                    .or_insert_with(|| J::Object(Map::new()));
                if !entry.is_object() {
                    *entry = J::Object(Map::new());
                }
                obj = entry.as_object_mut().expect("just made an object");
            }
            for (_, name, body) in b.hoisted {
                obj.insert(name, body.unwrap_or(J::Null));
            }
        }
    }
    doc
}

impl Bundler<'_> {
    fn convert(&mut self, file: FileId, node: &Node) -> J {
        match &node.value {
            Value::Object(o) => {
                if let Some(r) = node.ref_target() {
                    if let Some(v) = self.reference(file, r) {
                        return v;
                    }
                }
                J::Object(
                    o.members
                        .iter()
                        .map(|m| (m.key.to_string(), self.convert(file, &m.value)))
                        .collect(),
                )
            }
            Value::Array(a) => J::Array(a.iter().map(|n| self.convert(file, n)).collect()),
            _ => node.to_json(),
        }
    }

    /// The bundled form of a `$ref`, or `None` to keep the object as written.
    fn reference(&mut self, file: FileId, reference: &str) -> Option<J> {
        let target = match self.spec.target_of(file, reference) {
            Some(Ok(t)) => t.clone(),
            _ => return None,
        };
        if target.file == FileId::ROOT {
            return Some(serde_json::json!({ "$ref": to_fragment(&target.path) }));
        }
        if self.stack.contains(&target) || self.names.contains_key(&target) {
            let name = self.hoist(&target);
            let prefix = if self.spec.kind == SpecKind::Swagger2 {
                "#/definitions/"
            } else {
                "#/components/schemas/"
            };
            return Some(serde_json::json!({ "$ref": format!("{prefix}{name}") }));
        }
        let cursor = self.spec.walk_target(&target)?;
        self.stack.push(target);
        let v = self.convert(cursor.file, cursor.node);
        self.stack.pop();
        Some(v)
    }

    fn hoist(&mut self, target: &Target) -> String {
        if let Some(&i) = self.names.get(target) {
            return self.hoisted[i].1.clone();
        }
        let file_stem = self
            .spec
            .file(target.file)
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let base = target.path.last().cloned().unwrap_or(file_stem);
        let base: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let taken = |n: &str| self.hoisted.iter().any(|h| h.1 == n) || self.root_has_schema(n);
        let mut name = base.clone();
        let mut k = 2;
        while taken(&name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        self.names.insert(target.clone(), self.hoisted.len());
        self.hoisted.push((target.clone(), name.clone(), None));
        name
    }

    fn root_has_schema(&self, name: &str) -> bool {
        let root = &self.spec.root().root;
        let section = if self.spec.kind == SpecKind::Swagger2 {
            root.get("definitions")
        } else {
            root.get("components").and_then(|c| c.get("schemas"))
        };
        section.and_then(|s| s.get(name)).is_some()
    }
}
