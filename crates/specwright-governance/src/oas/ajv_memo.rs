//! Remembers what the whole-document schema check found in each large subtree of a
//! document (a path item, a component), keyed by the subtree's content, so that re-linting
//! an edited buffer validates again only the subtrees that changed.
//!
//! In the studio every keystroke re-lints the whole buffer, and validating Stripe's 4 MB
//! against the OpenAPI 3.0 schema is one indivisible job of ~50-70 ms on one thread: the
//! longest part of the lint. An edit changes one subtree; the others give the same errors.
//!
//! Why it is sound: validating a value against a subschema depends only on the two, as long
//! as the schema has no `$dynamicRef` (whose target depends on the way in) and no
//! `unevaluated*` keyword (which depends on what sibling keywords evaluated), so the memo
//! is only used with the OpenAPI 2.0 and 3.0 document schemas, which have neither (a test
//! checks that). The key also holds the schema's address, which is stable because the
//! schemas live in the process-wide registry beside this memo. Subtrees are keyed by a
//! 64-bit content hash: with `n` entries remembered, the chance that a changed subtree
//! hashes like one of them is about `n / 2^64`.

use super::ajv::{Draft, Instance, Kind, Params};
use crate::view::AddrHash;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

/// Instance depths (path lengths from the document root) whose subtrees are remembered:
/// `paths./a` and `components.schemas` at 2, `components.schemas.A` at 3.
pub(crate) const DEPTHS: std::ops::RangeInclusive<usize> = 2..=3;

/// Forget everything past this many entries (a long session editing many documents).
const MAX_ENTRIES: usize = 100_000;
/// ... or past this many remembered errors in all.
const MAX_ERRORS: usize = 100_000;
/// A subtree with more errors than this is validated again each time rather than stored.
const MAX_ERRORS_PER_ENTRY: usize = 5_000;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    /// Address of the subschema, of the schema document it is in, and of its base URI.
    pub schema: usize,
    pub scope_root: usize,
    pub scope_base: (usize, usize),
    pub draft: Draft,
    pub all_errors: bool,
    pub content: u64,
}

/// One error found in a subtree, its path relative to the subtree's root.
pub(crate) struct Remembered {
    pub keyword: &'static str,
    pub path: Box<[OwnedSeg]>,
    pub nullable: bool,
    pub message: Box<str>,
    pub params: Params,
}

pub(crate) enum OwnedSeg {
    Key(Box<str>),
    Index(usize),
}

pub(crate) struct Entry {
    pub valid: bool,
    /// How many schema levels below the subtree's own the validation went: a replay must
    /// not pass the validator's depth limit where the original did not.
    pub depth: usize,
    pub errors: Box<[Remembered]>,
}

#[derive(Default)]
pub(crate) struct SubtreeMemo {
    entries: HashMap<Key, Arc<Entry>>,
    errors: usize,
}

impl SubtreeMemo {
    pub fn get(&self, key: &Key) -> Option<Arc<Entry>> {
        self.entries.get(key).cloned()
    }

    pub fn put(&mut self, key: Key, entry: Entry) {
        if entry.errors.len() > MAX_ERRORS_PER_ENTRY {
            return;
        }
        if self.entries.len() >= MAX_ENTRIES || self.errors + entry.errors.len() > MAX_ERRORS {
            self.entries.clear();
            self.errors = 0;
        }
        self.errors += entry.errors.len();
        if let Some(old) = self.entries.insert(key, Arc::new(entry)) {
            self.errors -= old.errors.len();
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.errors = 0;
    }
}

/// Content hashes of subtrees by their address.
pub(crate) type SubtreeHashes = HashMap<usize, u64, AddrHash>;

/// Content hashes of the arrays and objects at [`DEPTHS`] in `data`, by address, computed
/// bottom-up in one pass (each node's hash is made of its children's). `data` is a JSON
/// value or the document's own tree: the studio's lints hash the tree in place.
pub(crate) fn subtree_hashes<T: Instance>(data: &T) -> SubtreeHashes {
    let mut out = HashMap::default();
    hash_node(data, 0, &mut out);
    out
}

fn hash_node<T: Instance>(v: &T, depth: usize, out: &mut SubtreeHashes) -> u64 {
    // Fixed seed: hashes are compared across lints.
    let mut h = foldhash::quality::FixedState::with_seed(0x5eed_0a5d_0c5c_4e3a).build_hasher();
    match v.kind() {
        Kind::Null => h.write_u8(0),
        Kind::Bool => {
            h.write_u8(1);
            h.write_u8(u8::from(v.as_bool() == Some(true)));
        }
        Kind::Number => {
            // 1 and 1.0 differ to the validator (`integer`), so they hash apart.
            let n = v.as_number();
            if let Some(u) = n.and_then(serde_json::Number::as_u64) {
                h.write_u8(2);
                h.write_u64(u);
            } else if let Some(i) = n.and_then(serde_json::Number::as_i64) {
                h.write_u8(3);
                h.write_i64(i);
            } else {
                h.write_u8(4);
                h.write_u64(
                    n.and_then(serde_json::Number::as_f64)
                        .map_or(0, f64::to_bits),
                );
            }
        }
        Kind::String => {
            let s = v.as_str().unwrap_or_default();
            h.write_u8(5);
            h.write_usize(s.len());
            h.write(s.as_bytes());
        }
        Kind::Array => {
            let a = v.as_array().unwrap_or_default();
            h.write_u8(6);
            h.write_usize(a.len());
            for item in a {
                h.write_u64(hash_node(item, depth + 1, out));
            }
        }
        Kind::Object => {
            h.write_u8(7);
            h.write_usize(v.member_count());
            // In order: error order follows key order.
            for (k, item) in v.members() {
                h.write_usize(k.len());
                h.write(k.as_bytes());
                h.write_u64(hash_node(item, depth + 1, out));
            }
        }
    }
    let hash = h.finish();
    if DEPTHS.contains(&depth) && (v.is_object() || v.is_array()) {
        out.insert(v as *const T as usize, hash);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::super::ajv::{AjvError, Validator};
    use super::super::schema_fn::registry;
    use super::*;
    use serde_json::{json, Value};

    const OAS30: &str = "https://spec.openapis.org/oas/3.0/schema/2019-04-02";
    const OAS2: &str = "http://swagger.io/v2/schema.json";

    fn validate(schema_id: &str, doc: &Value, remember: bool) -> Vec<AjvError> {
        let reg = registry();
        let mut v = Validator::new(Draft::Draft2020, true, Some(reg));
        v.track = false;
        v.remember_subtrees = remember;
        v.validate(&reg.by_id[schema_id], doc)
            .expect("schema compiles")
    }

    /// `doc` loaded as the studio loads a buffer: the document's own tree.
    fn tree_of(doc: &Value) -> specwright_document::Spec {
        let text = serde_json::to_string_pretty(doc).expect("serializes");
        specwright_document::Spec::from_text(
            std::path::Path::new("/tmp/memo.json"),
            &text,
            &specwright_document::LoadOptions::default(),
        )
        .expect("loads")
    }

    fn validate_in_place(
        schema_id: &str,
        spec: &specwright_document::Spec,
        remember: bool,
    ) -> Vec<AjvError> {
        let reg = registry();
        let mut v = Validator::new(Draft::Draft2020, true, Some(reg));
        v.remember_subtrees = remember;
        v.validate_instance(&reg.by_id[schema_id], &*spec.root().root)
            .expect("schema compiles")
    }

    /// A tree and its JSON copy hash alike, so that either finds what the other remembered.
    #[test]
    fn a_tree_in_place_hashes_like_its_json_copy() {
        let doc = oas30_doc();
        let spec = tree_of(&doc);
        let mut from_json: Vec<u64> = subtree_hashes(&doc).into_values().collect();
        let mut from_tree: Vec<u64> = subtree_hashes(&*spec.root().root).into_values().collect();
        from_json.sort_unstable();
        from_tree.sort_unstable();
        assert!(from_json.len() > 5, "{from_json:?}");
        assert_eq!(from_tree, from_json);
    }

    /// A 3.0 document with errors inside path items and components, and two path items
    /// with the same content (one subtree's errors replayed at another path).
    fn oas30_doc() -> Value {
        let broken_item = json!({
            "get": {
                "responses": {"200": {"description": "ok", "bogus": 1}},
                "parameters": [{"name": "q", "in": "nowhere"}],
                "x-fine": true
            },
            "extra": {}
        });
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": broken_item.clone(),
                "/b": broken_item,
                "/c": {"post": {"requestBody": {"content": {}}, "responses": {}}},
                "/d": {"get": {"responses": {"200": {"$ref": "#/components/responses/R"}}}}
            },
            "components": {
                "schemas": {
                    "A": {"type": "object", "properties": {"n": {"type": "nope"}}},
                    "B": {"type": "string", "nullable": "yes", "enum": ["x"]},
                    "C": {"$ref": "#/components/schemas/A"}
                },
                "responses": {"R": {"description": 5}}
            }
        })
    }

    /// Every path to an object member or array item in `v`.
    fn paths(v: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        let children: Vec<(String, &Value)> = match v {
            Value::Object(m) => m.iter().map(|(k, c)| (k.clone(), c)).collect(),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, c)| (i.to_string(), c))
                .collect(),
            _ => return,
        };
        for (k, c) in children {
            at.push(k);
            out.push(at.clone());
            paths(c, at, out);
            at.pop();
        }
    }

    fn at_mut<'v>(v: &'v mut Value, path: &[String]) -> &'v mut Value {
        path.iter().fold(v, |cur, k| match cur {
            Value::Array(a) => &mut a[k.parse::<usize>().expect("index")],
            other => &mut other[k.as_str()],
        })
    }

    /// Seeded edits like a user's: a value replaced, a member added or removed, a subtree
    /// copied over another. Each edited document is validated with the memo (holding
    /// every earlier document's subtrees) and without it; the errors must be the same.
    fn edits_replay_like_fresh_validation(schema_id: &str, base: Value, seed: u64) {
        let mut state = seed;
        let mut next = move |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % n
        };
        let mut doc = base;
        for round in 0..150 {
            let fresh = validate(schema_id, &doc, false);
            assert_eq!(validate(schema_id, &doc, true), fresh, "round {round}");
            assert_eq!(
                validate(schema_id, &doc, true),
                fresh,
                "replayed, round {round}"
            );
            // The studio remembers the document's own tree, checked in place.
            let spec = tree_of(&doc);
            assert_eq!(
                validate_in_place(schema_id, &spec, true),
                fresh,
                "in place, round {round}"
            );
            let mut all = Vec::new();
            paths(&doc, &mut Vec::new(), &mut all);
            let target = all[next(all.len())].clone();
            let donor = at_mut(&mut doc.clone(), &all[next(all.len())]).clone();
            let slot = at_mut(&mut doc, &target);
            *slot = match next(6) {
                0 => json!("text"),
                1 => json!(7),
                2 => json!({"x-ext": 1, "description": "d"}),
                3 => donor,
                4 => match slot.take() {
                    Value::Object(mut m) => {
                        m.insert("unexpected".into(), json!(true));
                        Value::Object(m)
                    }
                    other => other,
                },
                _ => match slot.take() {
                    Value::Object(mut m) => {
                        let first = m.keys().next().cloned();
                        if let Some(k) = first {
                            m.remove(&k);
                        }
                        Value::Object(m)
                    }
                    other => other,
                },
            };
        }
    }

    #[test]
    fn remembered_subtrees_give_the_errors_of_a_fresh_validation() {
        let doc = oas30_doc();
        let fresh = validate(OAS30, &doc, false);
        let rebased = fresh
            .iter()
            .filter(|e| e.instance_path.starts_with(&["paths".into(), "/b".into()]))
            .count();
        assert!(rebased >= 3, "/b has errors of its own: {fresh:?}");
        assert!(
            fresh
                .iter()
                .any(|e| matches!(e.params, Params::AdditionalProperty(_))),
            "{fresh:?}"
        );
        assert_eq!(validate(OAS30, &doc, true), fresh);
        assert_eq!(validate(OAS30, &doc, true), fresh, "replayed");
    }

    #[test]
    fn edited_oas30_documents_replay_like_fresh_validation() {
        for seed in 1..=4 {
            edits_replay_like_fresh_validation(OAS30, oas30_doc(), seed);
        }
    }

    #[test]
    fn edited_swagger2_documents_replay_like_fresh_validation() {
        let doc = json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"responses": {"200": {"description": "ok"}}, "schemes": ["ftp"]}},
                "/b": {"get": {"responses": {"200": {"description": "ok"}}, "schemes": ["ftp"]}}
            },
            "definitions": {"A": {"type": "object", "required": "n"}}
        });
        for seed in 1..=4 {
            edits_replay_like_fresh_validation(OAS2, doc.clone(), seed);
        }
    }

    /// The memo is sound only for schemas whose results do not depend on the way in.
    #[test]
    fn the_remembered_schemas_have_no_dynamic_refs_or_unevaluated_keywords() {
        fn keys(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    for (k, c) in m {
                        out.push(k.clone());
                        keys(c, out);
                    }
                }
                Value::Array(a) => a.iter().for_each(|c| keys(c, out)),
                _ => {}
            }
        }
        for id in [OAS30, OAS2] {
            let mut found = Vec::new();
            keys(&registry().by_id[id], &mut found);
            assert!(found.len() > 100, "{id} is the whole schema");
            for k in [
                "$dynamicRef",
                "$recursiveRef",
                "unevaluatedProperties",
                "unevaluatedItems",
            ] {
                assert!(!found.iter().any(|f| f == k), "{id} has {k}");
            }
        }
    }

    fn hash_at(doc: &Value, a: &str, b: &str) -> u64 {
        let hashes = subtree_hashes(doc);
        hashes[&(&doc[a][b] as *const Value as usize)]
    }

    #[test]
    fn equal_subtrees_hash_alike_and_any_change_hashes_apart() {
        let base = json!({"paths": {"/a": {"get": {"x": [1, "s", null, true, 1.5]}}}});
        let same = base.clone();
        assert_eq!(hash_at(&base, "paths", "/a"), hash_at(&same, "paths", "/a"));
        for changed in [
            json!({"paths": {"/a": {"get": {"x": [1, "s", null, true, 1.6]}}}}),
            json!({"paths": {"/a": {"get": {"x": [1.0, "s", null, true, 1.5]}}}}),
            json!({"paths": {"/a": {"get": {"x": [1, "t", null, true, 1.5]}}}}),
            json!({"paths": {"/a": {"get": {"y": [1, "s", null, true, 1.5]}}}}),
            json!({"paths": {"/a": {"get": {"x": [1, "s", null, false, 1.5]}}}}),
            json!({"paths": {"/a": {"get": {"x": ["s", 1, null, true, 1.5]}}}}),
            json!({"paths": {"/a": {"get": {"x": [[1, "s"], null, true, 1.5]}}}}),
        ] {
            assert_ne!(
                hash_at(&base, "paths", "/a"),
                hash_at(&changed, "paths", "/a")
            );
        }
    }

    #[test]
    fn key_order_is_part_of_the_content() {
        let a: Value = serde_json::from_str(r#"{"p": {"x": {"a": 1, "b": 2}}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"p": {"x": {"b": 2, "a": 1}}}"#).unwrap();
        assert_ne!(hash_at(&a, "p", "x"), hash_at(&b, "p", "x"));
    }

    #[test]
    fn only_collections_at_the_remembered_depths_are_hashed() {
        let doc = json!({"a": {"b": {"c": {"d": {}}}, "s": "text"}});
        let hashes = subtree_hashes(&doc);
        assert_eq!(hashes.len(), 2, "a.b (depth 2) and a.b.c (depth 3)");
        assert!(hashes.contains_key(&(&doc["a"]["b"] as *const Value as usize)));
        assert!(hashes.contains_key(&(&doc["a"]["b"]["c"] as *const Value as usize)));
    }

    #[test]
    fn the_memo_forgets_everything_when_full() {
        let mut memo = SubtreeMemo::default();
        let key = |n: u64| Key {
            schema: 1,
            scope_root: 2,
            scope_base: (3, 0),
            draft: Draft::Draft2020,
            all_errors: true,
            content: n,
        };
        let entry = || Entry {
            valid: true,
            depth: 1,
            errors: Box::new([]),
        };
        for n in 0..MAX_ENTRIES as u64 {
            memo.put(key(n), entry());
        }
        assert!(memo.get(&key(0)).is_some());
        memo.put(key(u64::MAX), entry());
        assert!(memo.get(&key(0)).is_none());
        assert!(memo.get(&key(u64::MAX)).is_some());
    }
}
