//! decK's circular-reference refusal (libopenapi's "infinite circular reference").
//!
//! Recursion is fine in general (fixture 15 loops through `allOf`). libopenapi refuses only a
//! loop whose every step is *required*: a schema that is itself a `$ref`, a required property
//! that is a `$ref` or an array of one, or a `$ref` inside a property's allOf/oneOf/anyOf.
//! `--ignore-circular-refs` accepts those too. This follows libopenapi's
//! `extractDefinitionRequiredRefProperties` over `components/schemas`.

use crate::error::Raw;
use serde_json::{Map, Value};
use std::collections::HashMap;

const PREFIX: &str = "#/components/schemas/";

/// The first schema on an all-required `$ref` loop, if any.
pub fn check(doc: &Value) -> Result<(), Raw> {
    let Some(Value::Object(schemas)) = doc.get("components").and_then(|c| c.get("schemas")) else {
        return Ok(());
    };
    let names: Vec<&String> = schemas.keys().collect();
    let index: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            let mut refs = Vec::new();
            required_refs(&schemas[n.as_str()], &mut refs);
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
    let mut colour = vec![0u8; names.len()];
    for start in 0..names.len() {
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
                            &["components".into(), "schemas".into(), names[w].clone()],
                            format!(
                                "cannot create v3 model from document: infinite circular reference detected: {} (use --ignore-circular-refs to accept it)",
                                names[w]
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

fn ref_str(v: &Value) -> Option<&str> {
    v.as_object()?.get("$ref")?.as_str()
}

fn required_refs<'a>(schema: &'a Value, out: &mut Vec<&'a str>) {
    if let Some(r) = ref_str(schema) {
        out.push(r);
    }
    let Value::Object(o) = schema else { return };
    let (Some(Value::Array(required)), Some(Value::Object(props))) =
        (o.get("required"), o.get("properties"))
    else {
        return;
    };
    for prop in props.values() {
        if let Value::Object(p) = prop {
            if p.contains_key("properties") {
                required_refs(prop, out);
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                if let Some(Value::Array(items)) = p.get(key) {
                    for item in items {
                        direct_or_items_ref(item, out);
                    }
                }
            }
        }
    }
    for name in required.iter().filter_map(Value::as_str) {
        if let Some(p) = props.get(name) {
            direct_or_items_ref(p, out);
        }
    }
}

fn direct_or_items_ref<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    if let Some(r) = ref_str(v) {
        out.push(r);
    } else if let Some(r) = v
        .as_object()
        .and_then(|o: &Map<String, Value>| o.get("items"))
        .and_then(ref_str)
    {
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
