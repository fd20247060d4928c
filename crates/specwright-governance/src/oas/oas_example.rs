//! `oasExample`: `example`, `examples` and `default` values are valid against their schema
//! (media type objects with `type: media`, schema objects with `type: schema`).

use super::ajv::Draft;
use super::meta_view::draft4_valid;
use super::oas_schema::{check, dialect, Meta};
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use serde_json::Value;

pub struct OasExample;

const REQUEST_MEDIA: [&[&str]; 2] = [
    &["components", "requestBodies"],
    &["paths", "*", "*", "requestBody"],
];
const RESPONSE_MEDIA_3: [&[&str]; 2] = [
    &["components", "responses"],
    &["paths", "*", "*", "responses"],
];
const RESPONSE_MEDIA_2: [&[&str]; 2] = [&["responses"], &["paths", "*", "*", "responses"]];

fn is_subpath(path: &[String], prefixes: &[&[&str]]) -> bool {
    prefixes.iter().any(|p| {
        p.iter()
            .enumerate()
            .all(|(i, seg)| *seg == "*" || path.get(i).is_some_and(|x| x == seg))
    })
}

/// Drops readOnly (requests) or writeOnly (responses) properties from `required`, outside
/// `not` (Spectral's `relaxRequired`).
fn relax_required(schema: &mut Value, read_only: bool, write_only: bool) {
    let Value::Object(o) = schema else {
        if let Value::Array(a) = schema {
            a.iter_mut()
                .for_each(|s| relax_required(s, read_only, write_only));
        }
        return;
    };
    let required_ok = matches!(o.get("required"), None | Some(Value::Array(_)));
    if required_ok {
        let drop: Vec<String> = o
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| {
                p.iter()
                    .filter(|(_, s)| {
                        (read_only && s.get("readOnly") == Some(&Value::Bool(true)))
                            || (write_only && s.get("writeOnly") == Some(&Value::Bool(true)))
                    })
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        if !drop.is_empty() {
            if let Some(Value::Array(req)) = o.get_mut("required") {
                req.retain(|r| !r.as_str().is_some_and(|r| drop.iter().any(|d| d == r)));
                if req.is_empty() {
                    o.remove("required");
                }
            }
        }
    }
    for (k, v) in o.iter_mut() {
        match k.as_str() {
            "not" => {}
            "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas" => {
                if let Value::Object(m) = v {
                    m.values_mut()
                        .for_each(|s| relax_required(s, read_only, write_only));
                }
            }
            "items"
            | "additionalItems"
            | "additionalProperties"
            | "allOf"
            | "anyOf"
            | "oneOf"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "prefixItems"
            | "unevaluatedProperties"
            | "unevaluatedItems" => relax_required(v, read_only, write_only),
            _ => {}
        }
    }
}

impl RuleFunction for OasExample {
    fn name(&self) -> &'static str {
        "oasExample"
    }

    fn check_options(&self, options: &Value) -> Result<(), String> {
        let Value::Object(o) = options else {
            return Err("\"oasExample\" function has invalid options specified".into());
        };
        for (k, v) in o {
            let ok = match k.as_str() {
                "oasVersion" => matches!(v.as_u64(), Some(2 | 3)),
                "schemaField" => v.is_string(),
                "type" => matches!(v.as_str(), Some("media" | "schema")),
                _ => {
                    return Err(format!(
                        "\"oasExample\" function does not support \"{k}\" option"
                    ))
                }
            };
            if !ok {
                return Err(format!(
                    "\"oasExample\" function has an invalid \"{k}\" option"
                ));
            }
        }
        Ok(())
    }

    fn call(
        &self,
        target: &Target<'_>,
        options: &Options,
        ctx: &mut Ctx<'_>,
    ) -> Vec<FunctionResult> {
        let tv = target.value;
        if !tv.is_object() {
            return Vec::new();
        }
        let version = options
            .get("oasVersion")
            .and_then(Value::as_u64)
            .unwrap_or(3);
        let field = options
            .get("schemaField")
            .and_then(Value::as_str)
            .unwrap_or("$");
        let media = options.get("type").and_then(Value::as_str) == Some("media");
        let path = target.path_strings();
        let schema_val = if field == "$" { tv } else { tv.get(field) };
        let mut schema = schema_val.to_json();
        if !schema.is_object() {
            // `'required' in schema` throws on primitives in Spectral; nothing to check.
            return Vec::new();
        }
        if version == 2 || ctx.doc.formats.contains(crate::format::Format::Oas2) {
            if let Value::Object(o) = &mut schema {
                if o.get("required").is_some_and(Value::is_boolean) {
                    o.remove("required");
                }
            }
        }
        if media {
            let responses: &[&[&str]] = if version == 2 {
                &RESPONSE_MEDIA_2
            } else {
                &RESPONSE_MEDIA_3
            };
            let req = version == 3 && is_subpath(&path, &REQUEST_MEDIA);
            let resp = is_subpath(&path, responses);
            if req || resp {
                relax_required(&mut schema, req, resp);
            }
        }
        // (value, path) pairs to validate.
        let mut items: Vec<(Option<Value>, Vec<String>)> = Vec::new();
        let with = |extra: &[&str]| {
            let mut p = path.clone();
            p.extend(extra.iter().map(|s| s.to_string()));
            p
        };
        if media {
            if version == 3 && tv.has("example") {
                items.push((Some(tv.get("example").to_json()), with(&["example"])));
            } else if tv.has("examples") {
                let ex = tv.get("examples");
                if super::util::is_object(&ex) {
                    for (key, val) in ex.members() {
                        if version == 3 {
                            if !super::util::is_object(&val) || val.has("externalValue") {
                                continue;
                            }
                            let v = val.get("value");
                            items.push((
                                (!v.is_undefined()).then(|| v.to_json()),
                                with(&["examples", key, "value"]),
                            ));
                        } else {
                            items.push((Some(val.to_json()), with(&["examples", key])));
                        }
                    }
                }
            }
        } else {
            let fields: &[&str] = if version == 2 {
                &["example", "x-example", "default"]
            } else {
                &["example", "default"]
            };
            for f in fields {
                if tv.has(f) {
                    items.push((Some(tv.get(f).to_json()), with(&[f])));
                }
            }
        }
        // The meta-schema check: proven on the document's nodes when it can be (draft 4),
        // else remembered by content (the same schema serves many examples).
        let meta = match schema_val.node() {
            None => Meta::Check,
            Some(node) => {
                let root = ctx.doc.root(false);
                let draft = dialect(ctx.doc.formats, root.get("jsonSchemaDialect").as_str()).0;
                if draft == Draft::Draft4 && !items.is_empty() && draft4_valid(ctx, node) {
                    Meta::Valid
                } else {
                    Meta::Remember
                }
            }
        };
        let mut out = Vec::new();
        for (value, p) in items {
            out.extend(check(ctx, value.as_ref(), &schema, &p, meta));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;
    use serde_json::json;

    #[test]
    fn media_examples_follow_schema() {
        let spec = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {n: {type: integer}}}\n              examples:\n                good: {value: {n: 1}}\n                bad: {value: {n: x}}\n                ext: {externalValue: 'https://x'}\n";
        let opts = json!({"schemaField": "schema", "oasVersion": 3, "type": "media"});
        let found = run(
            spec,
            "$.paths[*][*].responses[*].content[*]",
            None,
            "oasExample",
            Some(opts),
        );
        let got: Vec<_> = found.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
        assert_eq!(
            got,
            [(
                "paths./a.get.responses.200.content.application/json.examples.bad.value.n",
                "\"n\" property type must be integer"
            )]
        );
    }

    #[test]
    fn schema_defaults_follow_schema() {
        let spec = "openapi: 3.0.0\ncomponents:\n  schemas:\n    A: {type: string, default: 3}\n    B: {type: string, example: ok}\n";
        let opts = json!({"schemaField": "$", "oasVersion": 3, "type": "schema"});
        let found = run(
            spec,
            "$.components.schemas[*]",
            None,
            "oasExample",
            Some(opts),
        );
        let got: Vec<_> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(got, ["components.schemas.A.default"]);
    }
}
