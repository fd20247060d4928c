//! request-validator generation (decK's `generateValidatorPlugin`).
//!
//! An `x-kong-plugin-request-validator` at any level is a template; each operation below it
//! gets its own copy with, unless the template sets them:
//! - `config.parameter_schema`: path and operation parameters (cookies skipped), each with
//!   `in`, `name`, `required`, `style`, `explode` and `schema` as a JSON *string*;
//! - `config.body_schema`: the schema of the first `application/json` or
//!   `application/*+json` request body, with every reachable `#/components/schemas/X` copied
//!   under `definitions` and refs rewritten to `#/definitions/X`;
//! - `config.version: draft4` whenever a schema was generated;
//! - `config.allowed_content_types`: every request-body media type, sorted.
//!
//! No parameters and no JSON body means no plugin, unless the template lists
//! `allowed_content_types` (then the body schema is `{}`).

use crate::entity::{Ctx, Obj};
use crate::error::{Raw, RawResult};
use crate::gojson;
use crate::input::{deref, join, ref_of};
use crate::names::sanitize_regex_capture;
use crate::plugins::plugin_id;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

pub const JSON_SCHEMA_VERSION: &str = "draft4";

/// A parameter object (resolved) and where it is.
pub struct ParamRef<'a> {
    pub value: &'a Value,
    pub path: Vec<String>,
}

impl ParamRef<'_> {
    fn str(&self, key: &str) -> &str {
        self.value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// Schema strings are costly for big specs, so each referenced component is serialised once
/// per translation and reused by every operation that reaches it.
#[derive(Default)]
pub struct SchemaCache {
    defs: RefCell<HashMap<String, Option<Rc<str>>>>,
}

pub struct Validator<'a> {
    pub doc: &'a Value,
    pub cache: SchemaCache,
}

impl<'a> Validator<'a> {
    pub fn new(doc: &'a Value) -> Validator<'a> {
        Validator {
            doc,
            cache: SchemaCache::default(),
        }
    }

    /// The validator plugin for one operation, or `None` when there is nothing to validate.
    #[allow(clippy::too_many_arguments)]
    pub fn generate(
        &self,
        ctx: &Ctx,
        template: Option<&Obj>,
        op: &Value,
        op_path: &[String],
        path_params: Option<&[ParamRef]>,
        op_params: Option<&[ParamRef]>,
        base: &str,
    ) -> RawResult<Option<Obj>> {
        let Some(template) = template else {
            return Ok(None);
        };
        let mut plugin = template.clone();
        if !ctx.opts.skip_id {
            let name = plugin
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("request-validator")
                .to_string();
            plugin.insert("id".into(), json!(plugin_id(ctx, base, &name)));
        }
        let mut config = match plugin.remove("config") {
            Some(Value::Object(c)) => c,
            _ => Obj::new(),
        };
        let absent = |c: &Obj, k: &str| c.get(k).is_none_or(Value::is_null);
        if absent(&config, "parameter_schema") {
            let ps = self.parameter_schema(path_params, op_params, ctx.inso)?;
            if !ps.is_empty() {
                config.insert("parameter_schema".into(), Value::Array(ps));
                config.insert("version".into(), json!(JSON_SCHEMA_VERSION));
            }
        }
        if absent(&config, "body_schema") {
            let body = self.body_schema(op, op_path);
            if let Some(body) = body.filter(|b| !b.is_empty()) {
                config.insert("body_schema".into(), json!(body));
                config.insert("version".into(), json!(JSON_SCHEMA_VERSION));
            } else if absent(&config, "parameter_schema") {
                if absent(&config, "allowed_content_types") {
                    return Ok(None);
                }
                config.insert("body_schema".into(), json!("{}"));
                config.insert("version".into(), json!(JSON_SCHEMA_VERSION));
            }
        }
        if absent(&config, "allowed_content_types") {
            if let Some(types) = self.content_types(op, op_path) {
                config.insert("allowed_content_types".into(), json!(types));
            }
        }
        plugin.insert("config".into(), Value::Object(config));
        ctx.set_origin(&mut plugin, op_path);
        Ok(Some(plugin))
    }

    /// decK's parameter merge, quirks kept: a path parameter is added once for every
    /// operation parameter that differs from it in both name and location; then all
    /// operation parameters, or the path ones when the operation has none.
    fn parameter_schema(
        &self,
        path: Option<&[ParamRef]>,
        op: Option<&[ParamRef]>,
        inso: bool,
    ) -> RawResult<Vec<Value>> {
        if path.is_none() && op.is_none() {
            return Ok(Vec::new());
        }
        let path = path.unwrap_or_default();
        let mut combined: Vec<&ParamRef> = Vec::new();
        for pp in path {
            for opp in op.unwrap_or_default() {
                if pp.str("name") != opp.str("name") && pp.str("in") != opp.str("in") {
                    combined.push(pp);
                }
            }
        }
        match op {
            Some(op) => combined.extend(op.iter()),
            None => combined.extend(path.iter()),
        }
        let mut out = Vec::with_capacity(combined.len());
        for p in combined {
            let location = p.str("in");
            if location == "cookie" {
                // The request-validator plugin cannot check cookies; decK skips them too.
                continue;
            }
            let style = match p.value.get("style").and_then(Value::as_str) {
                Some(s) if !s.is_empty() => s.to_string(),
                _ => match location {
                    "header" | "path" => "simple".into(),
                    "query" | "cookie" => "form".into(),
                    _ => String::new(),
                },
            };
            let explode = match p.value.get("explode").and_then(Value::as_bool) {
                Some(b) => b,
                None => style == "form",
            };
            let name = if location == "path" {
                sanitize_regex_capture(p.str("name"), inso)
            } else {
                p.str("name").to_string()
            };
            let required = p
                .value
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let mut conf = Obj::new();
            conf.insert("style".into(), json!(style));
            conf.insert("explode".into(), json!(explode));
            conf.insert("in".into(), json!(location));
            conf.insert("name".into(), json!(name));
            conf.insert("required".into(), json!(required));
            let schema_path = join(&p.path, &["schema"]);
            if let Some(ex) = self.extract(p.value.get("schema"), &schema_path) {
                conf.insert("schema".into(), json!(ex.text));
                if ex.missing_top_level_type() {
                    return Err(Raw::at(
                        &schema_path,
                        "parameter schemas for request-validator plugin must have a top-level type property",
                    ));
                }
            }
            out.push(Value::Object(conf));
        }
        Ok(out)
    }

    fn request_content(
        &self,
        op: &'a Value,
        op_path: &[String],
    ) -> Option<(&'a serde_json::Map<String, Value>, Vec<String>)> {
        let rb = op.get("requestBody")?;
        let (rb, rb_path) = deref(self.doc, rb, &join(op_path, &["requestBody"]))?;
        match rb.get("content")? {
            Value::Object(c) => Some((c, join(&rb_path, &["content"]))),
            _ => None,
        }
    }

    /// The first JSON media type's schema; an unparsable media type ends the search.
    fn body_schema(&self, op: &'a Value, op_path: &[String]) -> Option<String> {
        let (content, content_path) = self.request_content(op, op_path)?;
        for (media, value) in content {
            let (typ, sub) = parse_media_type(media)?;
            if typ == "application" && (sub == "json" || sub.ends_with("+json")) {
                let path = join(&content_path, &[media, "schema"]);
                return Some(
                    self.extract(value.get("schema"), &path)
                        .map(|e| e.text)
                        .unwrap_or_default(),
                );
            }
        }
        None
    }

    fn content_types(&self, op: &'a Value, op_path: &[String]) -> Option<Vec<String>> {
        let (content, _) = self.request_content(op, op_path)?;
        if content.is_empty() {
            return None;
        }
        let mut list: Vec<String> = content.keys().cloned().collect();
        list.sort();
        Some(list)
    }

    /// decK's `extractSchema`: the schema (or `{"$ref": ...}`) plus `definitions` holding
    /// every reachable referenced schema, as a Go-encoded JSON string.
    pub fn extract(&self, schema: Option<&'a Value>, path: &[String]) -> Option<Extracted<'a>> {
        let schema = schema?;
        let (resolved, _) = deref(self.doc, schema, path)?;
        let mut seen: BTreeMap<&'a str, &'a Value> = BTreeMap::new();
        let mut visited_inline: HashSet<*const Value> = HashSet::new();
        self.collect_refs(schema, &mut seen, &mut visited_inline);

        let mut text = String::new();
        let root_ref = ref_of(schema);
        let mut defs: Vec<(String, Rc<str>)> = seen
            .keys()
            .filter_map(|r| {
                let body = self.definition_text(r)?;
                Some((r.replacen("#/components/schemas/", "", 1), body))
            })
            .collect();
        defs.sort_by(|a, b| a.0.cmp(&b.0));
        match root_ref {
            Some(r) => {
                text.push_str("{\"$ref\":");
                gojson::write_str(r, &mut text);
                if !seen.is_empty() {
                    text.push(',');
                    write_definitions(&defs, &mut text);
                }
                text.push('}');
            }
            None => {
                let Value::Object(o) = resolved else {
                    return None;
                };
                let mut keys: Vec<&str> = o.keys().map(String::as_str).collect();
                if !seen.is_empty() && !o.contains_key("definitions") {
                    keys.push("definitions");
                }
                keys.sort();
                text.push('{');
                for (i, k) in keys.iter().enumerate() {
                    if i > 0 {
                        text.push(',');
                    }
                    if *k == "definitions" && !seen.is_empty() {
                        write_definitions(&defs, &mut text);
                    } else {
                        gojson::write_str(k, &mut text);
                        text.push(':');
                        gojson::write(&o[*k], &mut text);
                    }
                }
                text.push('}');
            }
        }
        let text = text.replace(
            "\"$ref\":\"#/components/schemas/",
            "\"$ref\":\"#/definitions/",
        );
        Some(Extracted {
            text,
            root: if root_ref.is_some() {
                None
            } else {
                Some(resolved)
            },
            definitions: seen.into_values().collect(),
        })
    }

    /// Serialised body of one referenced schema, cached.
    fn definition_text(&self, reference: &str) -> Option<Rc<str>> {
        if let Some(hit) = self.cache.defs.borrow().get(reference) {
            return hit.clone();
        }
        let body = resolve_ref(self.doc, reference).map(|v| Rc::<str>::from(gojson::to_string(v)));
        self.cache
            .defs
            .borrow_mut()
            .insert(reference.to_string(), body.clone());
        body
    }

    /// decK's `dereferenceSchema`: walks allOf/anyOf/oneOf, properties, not,
    /// additionalProperties and items, recording each reference once (cycle-safe).
    fn collect_refs(
        &self,
        sr: &'a Value,
        seen: &mut BTreeMap<&'a str, &'a Value>,
        inline: &mut HashSet<*const Value>,
    ) {
        let s = match ref_of(sr) {
            Some(r) => {
                if seen.contains_key(r) {
                    return;
                }
                let Some(target) = resolve_ref(self.doc, r) else {
                    return;
                };
                seen.insert(r, target);
                target
            }
            None => {
                // Inline schemas cannot loop without a ref, but guard anyway.
                if !inline.insert(sr as *const Value) {
                    return;
                }
                sr
            }
        };
        let Value::Object(o) = s else { return };
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(list)) = o.get(key) {
                for item in list {
                    self.collect_refs(item, seen, inline);
                }
            }
        }
        if let Some(Value::Object(props)) = o.get("properties") {
            for v in props.values() {
                self.collect_refs(v, seen, inline);
            }
        }
        for key in ["not", "additionalProperties", "items"] {
            if let Some(v @ Value::Object(_)) = o.get(key) {
                self.collect_refs(v, seen, inline);
            }
        }
    }
}

fn write_definitions(defs: &[(String, Rc<str>)], out: &mut String) {
    out.push_str("\"definitions\":{");
    for (i, (k, body)) in defs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        gojson::write_str(k, out);
        out.push(':');
        out.push_str(body);
    }
    out.push('}');
}

/// Follows a `#/...` reference (and any chain after it) to a schema.
fn resolve_ref<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let segs = specwright_document::pointer::parse_pointer(reference.strip_prefix('#')?).ok()?;
    let first = crate::input::walk(doc, &segs)?;
    deref(doc, first, &segs).map(|(v, _)| v)
}

/// A schema as decK embeds it.
pub struct Extracted<'a> {
    pub text: String,
    root: Option<&'a Value>,
    definitions: Vec<&'a Value>,
}

impl Extracted<'_> {
    /// decK refuses a parameter schema with `oneOf`/`anyOf` but no `type` beside it.
    fn missing_top_level_type(&self) -> bool {
        let mut found = None;
        for v in self
            .root
            .into_iter()
            .chain(self.definitions.iter().copied())
        {
            if let Value::Object(o) = v {
                let (t, hit) = top_level_type(o);
                if hit {
                    found = Some(t);
                    break;
                }
            }
        }
        matches!(found, Some(t) if t.is_empty())
    }
}

/// decK's `fetchTopLevelType`: the `type` beside the first `oneOf`/`anyOf` found, and
/// whether one was found.
fn top_level_type(m: &serde_json::Map<String, Value>) -> (String, bool) {
    let one_of = matches!(m.get("oneOf"), Some(Value::Array(_)));
    let any_of = matches!(m.get("anyOf"), Some(Value::Array(_)));
    let typ = m
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if (one_of || any_of) && !typ.is_empty() {
        return (typ, true);
    }
    for (key, value) in m {
        if key == "items" {
            if let Value::Object(items) = value {
                if items.contains_key("oneOf") {
                    continue;
                }
            }
        }
        match value {
            Value::Object(o) => {
                let (t, hit) = top_level_type(o);
                if hit {
                    return (t, true);
                }
            }
            Value::Array(a) => {
                for item in a {
                    if let Value::Object(o) = item {
                        let (t, hit) = top_level_type(o);
                        if hit {
                            return (t, true);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    (String::new(), one_of || any_of)
}

/// Go's `mime.ParseMediaType`, reduced to what the validator needs: the lowercased type
/// and subtype, or `None` when the media type does not parse.
pub fn parse_media_type(s: &str) -> Option<(String, String)> {
    let (base, params) = match s.split_once(';') {
        Some((b, p)) => (b, Some(p)),
        None => (s, None),
    };
    let base = base.trim().to_ascii_lowercase();
    let (typ, sub) = base.split_once('/')?;
    if !is_token(typ) || !is_token(sub) {
        return None;
    }
    if let Some(params) = params {
        for p in params.split(';') {
            let p = p.trim();
            if p.is_empty() {
                continue;
            }
            let (k, v) = p.split_once('=')?;
            let v = v.trim();
            let quoted = v.len() >= 2 && v.starts_with('"') && v.ends_with('"');
            if !is_token(k.trim()) || !(quoted || is_token(v)) {
                return None;
            }
        }
    }
    Some((typ.to_string(), sub.to_string()))
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?=".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        assert_eq!(
            parse_media_type("application/json; charset=UTF-8"),
            Some(("application".into(), "json".into()))
        );
        assert_eq!(
            parse_media_type("Application/Merge-Patch+JSON"),
            Some(("application".into(), "merge-patch+json".into()))
        );
        assert_eq!(parse_media_type("application/json; charset"), None);
        assert_eq!(parse_media_type("*/*").map(|m| m.0), Some("*".into()));
        assert_eq!(parse_media_type("nonsense"), None);
    }

    #[test]
    fn extracts_refs_into_definitions() {
        let doc = json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "string", "description": "<b>"}
        }}});
        let v = Validator::new(&doc);
        let s = json!({"$ref": "#/components/schemas/A"});
        let e = v.extract(Some(&s), &[]).unwrap();
        assert_eq!(
            e.text,
            r##"{"$ref":"#/definitions/A","definitions":{"A":{"properties":{"b":{"$ref":"#/definitions/B"}},"type":"object"},"B":{"description":"\u003cb\u003e","type":"string"}}}"##
        );
        let inline = json!({"type": "array", "items": {"$ref": "#/components/schemas/B"}});
        let e = v.extract(Some(&inline), &[]).unwrap();
        assert_eq!(
            e.text,
            r##"{"definitions":{"B":{"description":"\u003cb\u003e","type":"string"}},"items":{"$ref":"#/definitions/B"},"type":"array"}"##
        );
    }

    #[test]
    fn recursive_schemas_terminate() {
        let doc = json!({"components": {"schemas": {
            "S": {"allOf": [{"$ref": "#/components/schemas/E"}]},
            "E": {"allOf": [{"$ref": "#/components/schemas/S"}]}
        }}});
        let v = Validator::new(&doc);
        let s = json!({"$ref": "#/components/schemas/S"});
        let e = v.extract(Some(&s), &[]).unwrap();
        assert!(e
            .text
            .contains("\"E\":{\"allOf\":[{\"$ref\":\"#/definitions/S\"}]}"));
    }

    #[test]
    fn one_of_without_type_is_flagged() {
        let doc = json!({});
        let v = Validator::new(&doc);
        let bad = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
        assert!(v.extract(Some(&bad), &[]).unwrap().missing_top_level_type());
        let good = json!({"type": "string", "oneOf": [{"minLength": 1}]});
        assert!(!v
            .extract(Some(&good), &[])
            .unwrap()
            .missing_top_level_type());
    }
}
