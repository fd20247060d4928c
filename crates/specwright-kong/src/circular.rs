//! decK's circular-reference refusal (libopenapi's "infinite circular reference").
//!
//! Recursion is fine in general (fixture 15 loops through `allOf`). libopenapi refuses only a
//! loop whose every step is *required*: a schema that is itself a `$ref`, a required property
//! that is a `$ref` or an array of one, or a `$ref` inside a property's allOf/oneOf/anyOf.
//! `--ignore-circular-refs` accepts those too. This follows libopenapi's
//! `extractDefinitionRequiredRefProperties` over `components/schemas`.

use crate::error::Raw;
use serde_json::Value;
use specwright_document::Node;
use std::collections::HashMap;

const PREFIX: &str = "#/components/schemas/";

/// What the check reads of a document: the spec's own tree for a one-file spec (the
/// working copy leaves schemas out, see [`crate::working`]), a JSON document otherwise.
pub trait Tree: Sized {
    fn member(&self, key: &str) -> Option<&Self>;
    fn members(&self) -> Option<Vec<(&str, &Self)>>;
    fn items(&self) -> Option<&[Self]>;
    fn text(&self) -> Option<&str>;
    fn is_object(&self) -> bool;
}

impl Tree for Value {
    fn member(&self, key: &str) -> Option<&Self> {
        self.as_object()?.get(key)
    }
    fn members(&self) -> Option<Vec<(&str, &Self)>> {
        Some(
            self.as_object()?
                .iter()
                .map(|(k, v)| (k.as_str(), v))
                .collect(),
        )
    }
    fn items(&self) -> Option<&[Self]> {
        self.as_array().map(Vec::as_slice)
    }
    fn text(&self) -> Option<&str> {
        self.as_str()
    }
    fn is_object(&self) -> bool {
        Value::is_object(self)
    }
}

impl Tree for Node {
    fn member(&self, key: &str) -> Option<&Self> {
        self.as_object()?.get(key)
    }
    fn members(&self) -> Option<Vec<(&str, &Self)>> {
        Some(self.as_object()?.iter().collect())
    }
    fn items(&self) -> Option<&[Self]> {
        self.as_array()
    }
    fn text(&self) -> Option<&str> {
        self.as_str()
    }
    fn is_object(&self) -> bool {
        self.as_object().is_some()
    }
}

/// The first schema on an all-required `$ref` loop, if any.
pub fn check<T: Tree>(doc: &T) -> Result<(), Raw> {
    let Some(schemas) = doc
        .member("components")
        .and_then(|c| c.member("schemas"))
        .and_then(T::members)
    else {
        return Ok(());
    };
    let index: HashMap<&str, usize> = schemas
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (*n, i))
        .collect();
    let edges: Vec<Vec<usize>> = schemas
        .iter()
        .map(|(_, schema)| {
            let mut refs = Vec::new();
            required_refs(*schema, &mut refs);
            let mut out: Vec<usize> = refs
                .iter()
                .filter_map(|r| r.strip_prefix(PREFIX))
                .filter_map(|n| index.get(n).copied())
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    // Iterative DFS with colours: a back edge closes a required loop.
    let mut colour = vec![0u8; schemas.len()];
    for start in 0..schemas.len() {
        if colour[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        colour[start] = 1;
        while let Some((v, i)) = stack.pop() {
            if let Some(&w) = edges[v].get(i) {
                stack.push((v, i + 1));
                match colour[w] {
                    0 => {
                        colour[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => {
                        return Err(Raw::at(
                            &["components".into(), "schemas".into(), schemas[w].0.to_string()],
                            format!(
                                "cannot create v3 model from document: infinite circular reference detected: {} (use --ignore-circular-refs to accept it)",
                                schemas[w].0
                            ),
                        ));
                    }
                    _ => {}
                }
            } else {
                colour[v] = 2;
            }
        }
    }
    Ok(())
}

fn ref_str<T: Tree>(v: &T) -> Option<&str> {
    v.member("$ref")?.text()
}

fn required_refs<'a, T: Tree>(schema: &'a T, out: &mut Vec<&'a str>) {
    if let Some(r) = ref_str(schema) {
        out.push(r);
    }
    let (Some(required), Some(props)) = (
        schema.member("required").and_then(T::items),
        schema.member("properties"),
    ) else {
        return;
    };
    let Some(prop_list) = props.members() else {
        return;
    };
    for (_, prop) in prop_list {
        if prop.is_object() {
            if prop.member("properties").is_some() {
                required_refs(prop, out);
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                if let Some(items) = prop.member(key).and_then(T::items) {
                    for item in items {
                        direct_or_items_ref(item, out);
                    }
                }
            }
        }
    }
    for name in required.iter().filter_map(T::text) {
        if let Some(p) = props.member(name) {
            direct_or_items_ref(p, out);
        }
    }
}

fn direct_or_items_ref<'a, T: Tree>(v: &'a T, out: &mut Vec<&'a str>) {
    if let Some(r) = ref_str(v) {
        out.push(r);
    } else if let Some(r) = v.member("items").and_then(ref_str) {
        out.push(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn required_array_loop_is_refused() {
        let doc = json!({"components": {"schemas": {"Category": {
            "type": "object", "required": ["subs"],
            "properties": {"subs": {"type": "array", "items": {"$ref": "#/components/schemas/Category"}}}
        }}}});
        let e = check(&doc).unwrap_err();
        assert!(e
            .message
            .contains("infinite circular reference detected: Category"));
    }

    #[test]
    fn optional_and_allof_loops_pass() {
        let doc = json!({"components": {"schemas": {
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}]},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}]},
            "N": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/N"}}}
        }}});
        assert!(check(&doc).is_ok());
    }
}
