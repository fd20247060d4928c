//! The draft-04 meta-schema check of a document's schema without expanding its `$ref`s.
//!
//! `oasExample` checks every example's schema against its dialect's meta-schema first
//! ([`meta_error`](super::schema_fn::meta_error)). In the resolved view that schema is
//! expanded: every `$ref` is replaced by its target, so a multi-file spec's response schemas
//! become trees many times the size of the spec (DigitalOcean: 4 MB of JSON from 109 KB),
//! which were serialized to be remembered by content and validated whole.
//!
//! The draft-04 meta-schema is a conjunction of checks on one schema object at a time (its
//! own keywords: `type`, `enum`, `required`, `minLength`, ...), applied again to every
//! subschema (`properties/*`, `items`, `allOf/*`, `not`, ...) by `{"$ref": "#"}`. So the
//! expanded tree is valid when every schema object it holds is valid on its own keywords,
//! and every such object is a node of the document. [`draft4_valid`] checks each node once
//! per lint on a *shallow* copy (its subschemas, each checked on its own, and the keywords
//! the meta-schema does not constrain left out) with the same validator, and
//! follows subschemas through `$ref`s. It answers `true` only when that proves the
//! expanded schema valid; anything it cannot vouch for (a keyword it would have to expand,
//! a `$ref` with siblings, a target that is not an object) returns `false`, and the caller
//! takes the full check, so findings are the same either way.

use super::ajv::{Draft, Validator};
use super::schema_fn::{registry, DRAFT4_META};
use crate::format::Format;
use crate::function::Ctx;
use crate::view::{plain_json, AddrHash, Document};
use serde_json::{Map, Value as J};
use specwright_document::{Node, Value};
use std::collections::HashSet;
use std::sync::OnceLock;

/// What the meta-schema expects at a keyword holding subschemas.
#[derive(Clone, Copy)]
enum Sub {
    /// A schema (or, where allowed, a boolean): `not`, `additional*`.
    One,
    /// A schema or an array of schemas: `items`.
    OneOrArray,
    /// An array of schemas: `allOf`, `anyOf`, `oneOf`.
    Array,
    /// An object of schemas (or, for `dependencies`, string arrays).
    Map,
}

fn sub_of(key: &str) -> Option<Sub> {
    Some(match key {
        "not" | "additionalItems" | "additionalProperties" => Sub::One,
        "items" => Sub::OneOrArray,
        "allOf" | "anyOf" | "oneOf" => Sub::Array,
        "properties" | "patternProperties" | "definitions" | "dependencies" => Sub::Map,
        _ => return None,
    })
}

/// The meta-schema's constrained keywords, when it has the shape this module relies on:
/// an object type with `properties` and nothing else constraining the schema as a whole,
/// and the subschema keywords as [`sub_of`] describes them. `None` disables the shortcut.
fn constrained() -> Option<&'static HashSet<String>> {
    static KEYS: OnceLock<Option<HashSet<String>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let meta = registry().by_id.get(DRAFT4_META)?.as_object()?;
        let allowed = [
            "$id",
            "$schema",
            "description",
            "definitions",
            "type",
            "properties",
            "default",
        ];
        if meta.keys().any(|k| !allowed.contains(&k.as_str()))
            || meta.get("type") != Some(&J::String("object".into()))
        {
            return None;
        }
        let props = meta.get("properties")?.as_object()?;
        let one = serde_json::json!({"anyOf": [{"type": "boolean"}, {"$ref": "#"}], "default": {}});
        let map = serde_json::json!({"type": "object", "additionalProperties": {"$ref": "#"}, "default": {}});
        let expected = [
            ("not", serde_json::json!({"$ref": "#"})),
            ("additionalItems", one.clone()),
            ("additionalProperties", one),
            (
                "items",
                serde_json::json!({"anyOf": [{"$ref": "#"}, {"$ref": "#/definitions/schemaArray"}], "default": {}}),
            ),
            ("allOf", serde_json::json!({"$ref": "#/definitions/schemaArray"})),
            ("anyOf", serde_json::json!({"$ref": "#/definitions/schemaArray"})),
            ("oneOf", serde_json::json!({"$ref": "#/definitions/schemaArray"})),
            ("properties", map.clone()),
            ("patternProperties", map.clone()),
            ("definitions", map),
            (
                "dependencies",
                serde_json::json!({"type": "object", "additionalProperties": {"anyOf": [{"$ref": "#"}, {"$ref": "#/definitions/stringArray"}]}}),
            ),
        ];
        let array = serde_json::json!({"type": "array", "minItems": 1, "items": {"$ref": "#"}});
        if expected.iter().any(|(k, v)| props.get(*k) != Some(v))
            || meta.get("definitions")?.get("schemaArray") != Some(&array)
        {
            return None;
        }
        // Keywords whose meta-schema is `{}` accept anything: left out of shallow copies.
        Some(
            props
                .iter()
                .filter(|(k, v)| sub_of(k).is_none() && v.as_object().is_none_or(|o| !o.is_empty()))
                .map(|(k, _)| k.clone())
                .collect(),
        )
    })
    .as_ref()
}

/// Nodes (by address, and view) whose expansion is known valid in this lint: every schema
/// object reachable from them passed its shallow check.
#[derive(Default)]
struct Known(HashSet<(usize, bool), AddrHash>);

const KNOWN: &str = "oas.draft4-meta-valid";

/// Whether the schema `node`, as `Val::to_json` gives it in the rule's view (expanded in
/// the resolved view), is valid against the draft-04 meta-schema, proven without expanding
/// it. `false` means "not proven": the caller runs the full check.
pub fn draft4_valid(ctx: &mut Ctx<'_>, node: &Node) -> bool {
    let Some(keys) = constrained() else {
        return false;
    };
    let Some(meta) = registry().by_id.get(DRAFT4_META) else {
        return false;
    };
    let mut walk = Walk {
        doc: ctx.doc,
        resolved: ctx.resolved,
        // `check` rewrites `x-nullable` for OAS 2, which could make two `enum` values equal.
        oas2: ctx.doc.formats.contains(Format::Oas2),
        keys,
        todo: Vec::new(),
        seen: HashSet::default(),
    };
    let known = ctx.cache.get_or_insert_with(KNOWN, Known::default);
    if !matches!(walk.sub(node), Some(Kid::Schema)) {
        return false;
    }
    let validator = Validator::new(Draft::Draft4, false, Some(registry()));
    while let Some(n) = walk.todo.pop() {
        let key = (n as *const Node as usize, walk.resolved);
        if known.0.contains(&key) || !walk.seen.insert(key) {
            continue;
        }
        let Some(shallow) = walk.shallow(n) else {
            return false;
        };
        if !matches!(validator.validate(meta, &shallow), Ok(e) if e.is_empty()) {
            return false;
        }
    }
    known.0.extend(walk.seen);
    true
}

struct Walk<'d, 'k> {
    doc: &'d Document<'d>,
    resolved: bool,
    oas2: bool,
    keys: &'k HashSet<String>,
    /// Schema objects still to check.
    todo: Vec<&'d Node>,
    seen: HashSet<(usize, bool), AddrHash>,
}

impl<'d> Walk<'d, '_> {
    /// Where the expansion puts a `$ref`'s target instead of the reference.
    fn target(&self, node: &'d Node) -> Option<&'d Node> {
        if !self.resolved {
            return None;
        }
        self.doc.ref_end(node).map(|(_, t)| t)
    }

    /// A value at a subschema position: a schema object (queued for its own check) or a
    /// value to copy as it is.
    fn sub(&mut self, node: &'d Node) -> Option<Kid> {
        if let Some(t) = self.target(node) {
            // Expanded to the target, or kept as written where the expansion stops (a
            // recursive schema, the node budget): both must be valid. As written it is
            // `{"$ref": "..."}`, which is; with siblings, do not vouch.
            if node.as_object().is_none_or(|o| o.len() != 1) || t.as_object().is_none() {
                return None;
            }
            self.todo.push(t);
            return Some(Kid::Schema);
        }
        if node.as_object().is_some() {
            self.todo.push(node);
            return Some(Kid::Schema);
        }
        self.plain(node).map(Kid::Plain)
    }

    /// A value copied as written, when its expansion is exactly that (no `$ref` to follow
    /// inside) and, for OAS 2, no `x-nullable` that `check` would rewrite.
    fn plain(&self, node: &'d Node) -> Option<J> {
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match &n.value {
                Value::Array(items) => stack.extend(items.iter()),
                Value::Object(o) => {
                    if self.target(n).is_some() || (self.oas2 && o.contains_key("x-nullable")) {
                        return None;
                    }
                    stack.extend(o.members.iter().map(|m| &m.value));
                }
                _ => {}
            }
        }
        Some(plain_json(node))
    }

    /// The schema object `node` with only the keywords the meta-schema constrains, and
    /// without its subschemas (queued), which it checks against itself and nothing else:
    /// a valid subschema is as good as none, except in an array of schemas, which must
    /// not be empty (one `{}` stands for them).
    fn shallow(&mut self, node: &'d Node) -> Option<J> {
        let o = node.as_object()?;
        let mut out = Map::new();
        for m in o.members.iter() {
            let key = m.key.as_str();
            let v = &m.value;
            let copy = match sub_of(key) {
                Some(Sub::OneOrArray) if v.as_array().is_some() => self.items(v)?,
                Some(Sub::One | Sub::OneOrArray) => match self.sub(v)? {
                    Kid::Schema => continue,
                    Kid::Plain(j) => j,
                },
                Some(Sub::Array) => {
                    if self.target(v).is_some() {
                        return None;
                    }
                    match v.as_array() {
                        Some(_) => self.items(v)?,
                        None => self.plain(v)?,
                    }
                }
                Some(Sub::Map) => {
                    if self.target(v).is_some() {
                        return None;
                    }
                    match v.as_object() {
                        Some(map) => {
                            let mut copy = Map::new();
                            for m in map.members.iter() {
                                if let Kid::Plain(j) = self.sub(&m.value)? {
                                    copy.insert(m.key.as_str().to_owned(), j);
                                }
                            }
                            J::Object(copy)
                        }
                        None => self.plain(v)?,
                    }
                }
                None if self.keys.contains(key) => self.plain(v)?,
                None => continue,
            };
            out.insert(key.to_owned(), copy);
        }
        Some(J::Object(out))
    }

    fn items(&mut self, array: &'d Node) -> Option<J> {
        let items = array.as_array()?;
        let mut copy = Vec::new();
        let mut schemas = false;
        for item in items {
            match self.sub(item)? {
                Kid::Schema => schemas = true,
                Kid::Plain(j) => copy.push(j),
            }
        }
        if schemas {
            copy.push(J::Object(Map::new()));
        }
        Some(J::Array(copy))
    }
}

/// What stands at a subschema position in a shallow copy.
enum Kid {
    Schema,
    Plain(J),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::function::{Cache, FunctionRegistry};
    use crate::ruleset::{Rule, Severity};
    use crate::view::{NodeRef, Val};
    use specwright_document::{FileId, LoadOptions, Spec};
    use std::path::Path;

    fn rule(resolved: bool) -> Rule {
        Rule {
            name: "test".into(),
            description: None,
            message: None,
            severity: Severity::Warn,
            enabled: true,
            recommended: true,
            formats: None,
            given: vec!["$".into()],
            then: Vec::new(),
            resolved,
            documentation_url: None,
            defined_in: "test".into(),
            base_dir: None,
        }
    }

    /// The schema objects of every file of the spec (values of `schema`, of a `schemas`,
    /// `definitions` or `properties` member, and `items`), as a function meets them in the view.
    fn schemas<'a>(doc: &'a Document<'a>, resolved: bool) -> Vec<(FileId, &'a Node)> {
        let mut out = Vec::new();
        for (i, file) in doc.spec.files.iter().enumerate() {
            let id = FileId(i as u32);
            let mut stack: Vec<(&str, &str, &Node)> = vec![("", "", &file.root)];
            while let Some((parent, key, n)) = stack.pop() {
                match &n.value {
                    Value::Object(o) => {
                        let schema = matches!(key, "schema" | "items")
                            || matches!(parent, "schemas" | "definitions" | "properties");
                        if schema {
                            out.push((id, NodeRef::new(doc, id, n, resolved).node));
                        }
                        stack.extend(o.members.iter().map(|m| (key, m.key.as_str(), &m.value)));
                    }
                    Value::Array(a) => stack.extend(a.iter().map(|c| (key, "", c))),
                    _ => {}
                }
            }
        }
        out
    }

    /// Checks `draft4_valid` against the full meta-schema check on every object of the
    /// spec, each with a fresh cache and all through one cache (what a lint does); returns
    /// how many it proved valid.
    fn agrees(spec: &Spec, limit: usize) -> usize {
        let doc = Document::new(spec);
        let registry = FunctionRegistry::with_core();
        let mut proven = 0;
        for resolved in [true, false] {
            let rule = rule(resolved);
            let mut shared = Cache::default();
            for (file, node) in schemas(&doc, resolved).into_iter().take(limit) {
                let json = Val::Node(NodeRef {
                    doc: &doc,
                    file,
                    node,
                    resolved,
                })
                .to_json();
                let full = super::super::schema_fn::meta_error(&json, Draft::Draft4);
                for cache in [&mut Cache::default(), &mut shared] {
                    let mut ctx = Ctx {
                        doc: &doc,
                        rule: &rule,
                        resolved,
                        registry: &registry,
                        cache,
                    };
                    if draft4_valid(&mut ctx, node) {
                        assert_eq!(full, None, "proven valid but is not: {json}");
                        proven += 1;
                    }
                }
            }
        }
        proven
    }

    fn spec(text: &str) -> Spec {
        Spec::from_text(
            Path::new("/tmp/meta-view.yaml"),
            text,
            &LoadOptions::default(),
        )
        .expect("test spec loads")
    }

    #[test]
    fn proves_only_what_the_full_check_accepts() {
        let text = r##"openapi: 3.0.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Ok:
      type: object
      required: [a]
      properties:
        a: {type: string, minLength: 1, pattern: '^x'}
        b: {$ref: '#/components/schemas/Node'}
        c: {type: array, items: [{type: string}, {$ref: '#/components/schemas/Ok'}]}
      additionalProperties: {type: integer}
    Node:
      type: object
      properties:
        next: {$ref: '#/components/schemas/Node'}
        all: {allOf: [{$ref: '#/components/schemas/Ok'}, {type: object}]}
    BadType: {type: strin}
    BadNested:
      type: object
      properties:
        x: {$ref: '#/components/schemas/BadType'}
    BadRequired: {type: object, required: []}
    BadMin: {type: string, minLength: -1}
    RefWithSiblings:
      properties:
        x: {$ref: '#/components/schemas/BadType', description: hidden}
    ToScalar:
      properties:
        x: {$ref: '#/components/schemas/Ok/required/0'}
    EnumRefs:
      enum: [{$ref: '#/components/schemas/E1'}, {$ref: '#/components/schemas/E2'}]
    E1: {a: 1}
    E2: {a: 1}
    Broken: {properties: {x: {$ref: '#/nowhere'}}}
    NotArray: {allOf: {type: string}}
    EmptyAllOf: {allOf: []}
    Deps: {dependencies: {a: [b], c: {type: object}, d: []}}
    ItemsBool: {items: true}
    AddlBool: {additionalProperties: false, additionalItems: true}
    TypeList: {type: [string, string]}
    Unknown: {x-anything: {$ref: '#/components/schemas/BadType'}, example: {$ref: '#/nowhere'}}
"##;
        let proven = agrees(&spec(text), usize::MAX);
        assert!(proven > 10, "proved only {proven}");
    }

    /// Every object of the corpus' OAS 2 and 3.0 specs (a bounded number per spec): what
    /// the shortcut proves valid, the full check accepts.
    #[test]
    fn agrees_with_the_full_check_on_the_corpus() {
        let shared = std::env::var_os("SPECWRIGHT_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
            });
        let specs = shared.join("corpus/specs");
        let Ok(entries) = std::fs::read_dir(&specs) else {
            return;
        };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.push(specs.join("digitalocean/specification/DigitalOcean-public.v2.yaml"));
        for path in files {
            let is_spec = path.extension().is_some_and(|e| e == "yaml" || e == "json");
            if !is_spec || !path.is_file() {
                continue;
            }
            let Ok(spec) = Spec::load(&path, &LoadOptions::default()) else {
                continue;
            };
            let formats = crate::format::FormatSet::detect(&spec.root().root);
            if !formats.contains(Format::Oas2) && !formats.contains(Format::Oas3_0) {
                continue;
            }
            // A debug build's frames through the validator are several times a release
            // build's, and the test thread's stack (2 MB) left little to spare on the deepest
            // corpus schemas: the check runs on a thread of its own with room.
            let proven = std::thread::scope(|s| {
                std::thread::Builder::new()
                    .stack_size(32 * 1024 * 1024)
                    .spawn_scoped(s, || agrees(&spec, 500))
                    .expect("spawn the check")
                    .join()
                    .expect("the check")
            });
            println!("{}: {proven} proven", path.display());
        }
    }
}
