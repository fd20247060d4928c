//! OpenAPI 3.1 to 3.0.3 where 3.0 can express it; whatever cannot be kept is reported.

use super::{child, insert_after, NormalizeError, METHODS};
use serde_json::{json, Map, Value};
use std::collections::HashSet;

type Obj = Map<String, Value>;

/// JSON Schema 2020-12 keywords that 3.0's schema subset lacks and that have no rewrite.
const UNSUPPORTED: [&str; 21] = [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "prefixItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentSchemas",
    "dependentRequired",
    "patternProperties",
    "propertyNames",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
];

const STRING_KEYWORDS: [&str; 4] = ["minLength", "maxLength", "pattern", "format"];
const NUMBER_KEYWORDS: [&str; 6] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "format",
];
const OBJECT_KEYWORDS: [&str; 5] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];
const ARRAY_KEYWORDS: [&str; 4] = ["items", "minItems", "maxItems", "uniqueItems"];

/// Keywords that only constrain instances of `ty`, so they can move into that type's branch.
fn keywords_for(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &STRING_KEYWORDS,
        "number" | "integer" => &NUMBER_KEYWORDS,
        "object" => &OBJECT_KEYWORDS,
        "array" => &ARRAY_KEYWORDS,
        _ => &[],
    }
}

/// OpenAPI 3.1 -> 3.0.3 where expressible. Returns the document and one note per lossy step,
/// each `"<pointer in the input>: <what was lost>"`.
pub fn oas31_to_oas30(doc: &Value) -> Result<(Value, Vec<String>), NormalizeError> {
    let root = doc
        .as_object()
        .ok_or_else(|| NormalizeError::new("", "an OpenAPI document must be an object"))?;
    match root.get("openapi") {
        Some(Value::String(v)) if v == "3.1" || v.starts_with("3.1.") => {}
        _ => {
            return Err(NormalizeError::new(
                "/openapi",
                "not an OpenAPI 3.1 document (expected `openapi: 3.1.x`)",
            ))
        }
    }
    let mut out = root.clone();
    let mut down = Down::default();
    down.document(&mut out)?;
    Ok((Value::Object(out), down.notes))
}

#[derive(Default)]
struct Down {
    notes: Vec<String>,
    /// `components.pathItems`, inlined where referenced since 3.0 cannot reference them.
    path_items: Obj,
    /// Security schemes dropped because 3.0 lacks their type.
    dropped_schemes: HashSet<String>,
}

/// Replaces `old` by `new` at the same position.
fn rename(map: &mut Obj, old: &str, new: &str, value: Value) {
    match map.keys().position(|k| k == old) {
        Some(i) => {
            map.shift_remove(old);
            map.shift_insert(i.min(map.len()), new.to_owned(), value);
        }
        None => {
            map.insert(new.to_owned(), value);
        }
    }
}

/// Inserts `key` before `before` (or at the end).
fn insert_before(map: &mut Obj, before: &str, key: &str, value: Value) {
    match map.keys().position(|k| k == before) {
        Some(i) if !map.contains_key(key) => {
            map.shift_insert(i, key.to_owned(), value);
        }
        _ => {
            map.insert(key.to_owned(), value);
        }
    }
}

fn type_is_null(v: Option<&Value>) -> bool {
    match v {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => !ts.is_empty() && ts.iter().all(|t| t == "null"),
        _ => false,
    }
}

/// A schema that only admits `null` (`{type: "null"}`, `{const: null}`, `{enum: [null]}`),
/// give or take annotations.
fn is_null_schema(v: &Value) -> bool {
    let Value::Object(s) = v else {
        return false;
    };
    let mut constrains_null = false;
    for (k, v) in s {
        match k.as_str() {
            "type" if type_is_null(Some(v)) => constrains_null = true,
            "const" if v.is_null() => constrains_null = true,
            "enum" if v.as_array().is_some_and(|e| e.iter().all(Value::is_null)) => {
                constrains_null = true
            }
            "title" | "description" | "$comment" => {}
            k if k.starts_with("x-") => {}
            _ => return false,
        }
    }
    constrains_null
}

impl Down {
    fn note(&mut self, ptr: &str, message: impl std::fmt::Display) {
        let at = if ptr.is_empty() { "(root)" } else { ptr };
        self.notes.push(format!("{at}: {message}"));
    }

    fn document(&mut self, root: &mut Obj) -> Result<(), NormalizeError> {
        root.insert("openapi".into(), "3.0.3".into());
        if root.shift_remove("jsonSchemaDialect").is_some() {
            self.note(
                "/jsonSchemaDialect",
                "removed; 3.0 reads every schema as its own JSON Schema subset",
            );
        }
        if let Some(webhooks) = root.shift_remove("webhooks") {
            let names: Vec<&str> = webhooks
                .as_object()
                .map(|w| w.keys().map(String::as_str).collect())
                .unwrap_or_default();
            self.note(
                "/webhooks",
                format!(
                    "dropped {} webhook(s) ({}); 3.0 cannot describe webhooks",
                    names.len(),
                    names.join(", ")
                ),
            );
        }
        if let Some(Value::Object(info)) = root.get_mut("info") {
            self.info(info);
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            if let Some(items) = components.shift_remove("pathItems") {
                self.path_items = items.as_object().cloned().unwrap_or_default();
                self.note(
                    "/components/pathItems",
                    "removed (3.0 has no reusable path items); references to them are inlined",
                );
            }
            if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
                let mtls: Vec<String> = schemes
                    .iter()
                    .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                    .map(|(k, _)| k.clone())
                    .collect();
                for name in mtls {
                    schemes.shift_remove(&name);
                    let ptr = child("/components/securitySchemes", &name);
                    self.note(&ptr, "dropped: 3.0 has no mutualTLS security scheme");
                    self.dropped_schemes.insert(name);
                }
            }
        }
        if let Some(security) = root.get_mut("security") {
            self.security(security, "/security");
        }
        match root.get_mut("paths") {
            Some(Value::Object(paths)) => {
                for (key, item) in paths.iter_mut() {
                    if !key.starts_with("x-") {
                        self.path_item(item, &child("/paths", key));
                    }
                }
            }
            Some(_) => return Err(NormalizeError::new("/paths", "`paths` must be an object")),
            None => {
                // Optional in 3.1, required in 3.0.
                let after = if root.contains_key("servers") {
                    "servers"
                } else {
                    "info"
                };
                insert_after(root, after, "paths", json!({}));
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.components(components);
        }
        Ok(())
    }

    fn info(&mut self, info: &mut Obj) {
        if info.shift_remove("summary").is_some() {
            self.note("/info/summary", "removed; 3.0 info has no summary");
        }
        let Some(Value::Object(license)) = info.get_mut("license") else {
            return;
        };
        let Some(id) = license.shift_remove("identifier") else {
            return;
        };
        let id = id.as_str().unwrap_or_default().to_owned();
        if license.contains_key("url") || id.is_empty() {
            self.note(
                "/info/license/identifier",
                format!("removed SPDX identifier `{id}`; 3.0 licenses only have a url"),
            );
        } else {
            let url = format!("https://spdx.org/licenses/{id}.html");
            self.note(
                "/info/license/identifier",
                format!("SPDX identifier `{id}` replaced by the url {url}"),
            );
            license.insert("url".into(), url.into());
        }
    }

    fn components(&mut self, components: &mut Obj) {
        for (section, entries) in components.iter_mut() {
            let Value::Object(entries) = entries else {
                continue;
            };
            let base = child("/components", section);
            for (name, entry) in entries.iter_mut() {
                let ptr = child(&base, name);
                match section.as_str() {
                    "schemas" => self.schema(entry, &ptr),
                    "responses" => self.response(entry, &ptr),
                    "parameters" | "headers" => self.parameter(entry, &ptr),
                    "requestBodies" => self.request_body(entry, &ptr),
                    "callbacks" => self.callback(entry, &ptr),
                    "examples" | "links" | "securitySchemes" => {
                        if let Value::Object(m) = entry {
                            self.reference(m, &ptr);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// For Reference Objects outside schemas: 3.1 lets `summary`/`description` override the
    /// target's, 3.0 allows no siblings at all. Returns whether `map` is a reference.
    fn reference(&mut self, map: &mut Obj, ptr: &str) -> bool {
        if !map.contains_key("$ref") {
            return false;
        }
        let dropped: Vec<String> = map.keys().filter(|k| *k != "$ref").cloned().collect();
        if !dropped.is_empty() {
            map.retain(|k, _| k == "$ref");
            self.note(
                ptr,
                format!(
                    "dropped {} beside `$ref` (3.0 references take no siblings)",
                    dropped
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        true
    }

    fn security(&mut self, security: &mut Value, ptr: &str) {
        if self.dropped_schemes.is_empty() {
            return;
        }
        let Value::Array(requirements) = security else {
            return;
        };
        let dropped = &self.dropped_schemes;
        let mut removed = false;
        requirements.retain_mut(|req| {
            let Value::Object(req) = req else {
                return true;
            };
            let before = req.len();
            req.retain(|k, _| !dropped.contains(k));
            removed |= req.len() != before;
            // An emptied requirement would mean "no auth needed", which it never said.
            before == 0 || !req.is_empty()
        });
        if requirements.is_empty() && removed {
            self.note(
                ptr,
                "every requirement used a dropped mutualTLS scheme; this now reads as no security",
            );
        } else if removed {
            self.note(ptr, "removed requirements on dropped mutualTLS schemes");
        }
    }

    fn path_item(&mut self, item: &mut Value, ptr: &str) {
        let Value::Object(map) = item else {
            return;
        };
        let target = map
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/pathItems/"))
            .map(|name| name.replace("~1", "/").replace("~0", "~"));
        if let Some(target) = target.and_then(|name| self.path_items.get(&name).cloned()) {
            // 3.1 leaves clashes undefined; the referenced item wins, siblings fill gaps.
            let mut inlined = target.as_object().cloned().unwrap_or_default();
            for (k, v) in map.iter() {
                if k != "$ref" && !inlined.contains_key(k) {
                    inlined.insert(k.clone(), v.clone());
                }
            }
            *map = inlined;
        }
        for (key, v) in map.iter_mut() {
            let at = child(ptr, key);
            match key.as_str() {
                "parameters" => {
                    if let Value::Array(list) = v {
                        for (i, p) in list.iter_mut().enumerate() {
                            self.parameter(p, &child(&at, &i.to_string()));
                        }
                    }
                }
                m if METHODS.contains(&m) => self.operation(v, &at),
                _ => {}
            }
        }
    }

    fn operation(&mut self, op: &mut Value, ptr: &str) {
        let Value::Object(op) = op else {
            return;
        };
        for (key, v) in op.iter_mut() {
            let at = child(ptr, key);
            match key.as_str() {
                "parameters" => {
                    if let Value::Array(list) = v {
                        for (i, p) in list.iter_mut().enumerate() {
                            self.parameter(p, &child(&at, &i.to_string()));
                        }
                    }
                }
                "requestBody" => self.request_body(v, &at),
                "responses" => {
                    if let Value::Object(responses) = v {
                        for (code, r) in responses.iter_mut() {
                            if !code.starts_with("x-") {
                                self.response(r, &child(&at, code));
                            }
                        }
                    }
                }
                "callbacks" => {
                    if let Value::Object(callbacks) = v {
                        for (name, cb) in callbacks.iter_mut() {
                            self.callback(cb, &child(&at, name));
                        }
                    }
                }
                "security" => self.security(v, &at),
                _ => {}
            }
        }
        if !op.contains_key("responses") {
            // Optional in 3.1, required in 3.0.
            op.insert("responses".into(), json!({}));
        }
    }

    fn callback(&mut self, cb: &mut Value, ptr: &str) {
        let Value::Object(map) = cb else {
            return;
        };
        if self.reference(map, ptr) {
            return;
        }
        for (expr, item) in map.iter_mut() {
            if !expr.starts_with("x-") {
                self.path_item(item, &child(ptr, expr));
            }
        }
    }

    /// Parameters and headers (same shape for what matters here).
    fn parameter(&mut self, p: &mut Value, ptr: &str) {
        let Value::Object(map) = p else {
            return;
        };
        if self.reference(map, ptr) {
            return;
        }
        if let Some(schema) = map.get_mut("schema") {
            self.schema(schema, &child(ptr, "schema"));
        }
        if let Some(content) = map.get_mut("content") {
            self.content(content, &child(ptr, "content"));
        }
    }

    fn request_body(&mut self, body: &mut Value, ptr: &str) {
        let Value::Object(map) = body else {
            return;
        };
        if self.reference(map, ptr) {
            return;
        }
        if let Some(content) = map.get_mut("content") {
            self.content(content, &child(ptr, "content"));
        }
    }

    fn response(&mut self, response: &mut Value, ptr: &str) {
        let Value::Object(map) = response else {
            return;
        };
        if self.reference(map, ptr) {
            return;
        }
        for (key, v) in map.iter_mut() {
            let at = child(ptr, key);
            match key.as_str() {
                "content" => self.content(v, &at),
                "headers" => {
                    if let Value::Object(headers) = v {
                        for (name, h) in headers.iter_mut() {
                            self.parameter(h, &child(&at, name));
                        }
                    }
                }
                "links" => {
                    if let Value::Object(links) = v {
                        for (name, link) in links.iter_mut() {
                            if let Value::Object(link) = link {
                                self.reference(link, &child(&at, name));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn content(&mut self, content: &mut Value, ptr: &str) {
        let Value::Object(content) = content else {
            return;
        };
        for (mime, media) in content.iter_mut() {
            let at = child(ptr, mime);
            let Value::Object(media) = media else {
                continue;
            };
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &child(&at, "schema"));
            }
            if let Some(Value::Object(encoding)) = media.get_mut("encoding") {
                let enc_at = child(&at, "encoding");
                for (name, e) in encoding.iter_mut() {
                    if let Some(Value::Object(headers)) = e.get_mut("headers") {
                        let h_at = child(&child(&enc_at, name), "headers");
                        for (h, header) in headers.iter_mut() {
                            self.parameter(header, &child(&h_at, h));
                        }
                    }
                }
            }
        }
    }

    fn schema(&mut self, v: &mut Value, ptr: &str) {
        match v {
            // Boolean schemas: exact 3.0 equivalents.
            Value::Bool(true) => *v = json!({}),
            Value::Bool(false) => *v = json!({ "not": {} }),
            Value::Object(s) => self.schema_object(s, ptr),
            _ => {}
        }
    }

    fn schema_object(&mut self, s: &mut Obj, ptr: &str) {
        // `anyOf: [X, {type: "null"}]` is 3.1's nullable; take the null branches out before
        // they are rewritten.
        let parent_typed = s.contains_key("type");
        let mut collapsed = Vec::new();
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(list)) = s.get_mut(key) else {
                continue;
            };
            let at = child(ptr, key);
            let mut kept = Vec::with_capacity(list.len());
            for (i, mut branch) in std::mem::take(list).into_iter().enumerate() {
                let branch_at = child(&at, &i.to_string());
                if is_null_schema(&branch) {
                    let annotated = ["title", "description"]
                        .iter()
                        .any(|k| branch.get(*k).is_some());
                    if annotated {
                        self.note(&branch_at, "dropped the annotations of a null branch");
                    }
                    if !collapsed.contains(&key) {
                        collapsed.push(key);
                    }
                    continue;
                }
                self.schema(&mut branch, &branch_at);
                kept.push(branch);
            }
            *list = kept;
        }

        for (key, child_v) in s.iter_mut() {
            let at = child(ptr, key);
            match key.as_str() {
                "properties" => {
                    if let Value::Object(props) = child_v {
                        for (name, prop) in props.iter_mut() {
                            self.schema(prop, &child(&at, name));
                        }
                    }
                }
                "allOf" => {
                    if let Value::Array(list) = child_v {
                        for (i, item) in list.iter_mut().enumerate() {
                            self.schema(item, &child(&at, &i.to_string()));
                        }
                    }
                }
                "not" => self.schema(child_v, &at),
                // Booleans are valid 3.0 for additionalProperties; handled below for items.
                "additionalProperties" | "items" if child_v.is_object() => {
                    self.schema(child_v, &at)
                }
                _ => {}
            }
        }

        for key in collapsed {
            self.collapse_nullable_branches(s, key, parent_typed, ptr);
        }
        self.schema_type(s, ptr);
        self.schema_keywords(s, ptr);
        wrap_ref_siblings(s);
    }

    /// Finishes `anyOf`/`oneOf` whose null branches were removed.
    fn collapse_nullable_branches(
        &mut self,
        s: &mut Obj,
        key: &str,
        parent_typed: bool,
        ptr: &str,
    ) {
        let Some(Value::Array(list)) = s.get(key) else {
            return;
        };
        let list = list.clone();
        // With a `type` beside it, the null branch could only match if that type allows null,
        // which the type rewrite below expresses itself.
        let nullable = !parent_typed;
        match list.len() {
            0 => {
                s.shift_remove(key);
                if nullable {
                    self.null_only(s, ptr);
                }
                return;
            }
            1 => {
                let only = list.into_iter().next().unwrap_or_default();
                match only {
                    // An inline branch that shares no keyword with the parent merges into it,
                    // so `anyOf: [{type: string}, {type: "null"}]` reads as a nullable string.
                    Value::Object(branch)
                        if !branch.contains_key("$ref")
                            && branch.keys().all(|k| !s.contains_key(k)) =>
                    {
                        let at = s.keys().position(|k| k == key).unwrap_or(s.len());
                        s.shift_remove(key);
                        for (offset, (k, v)) in branch.into_iter().enumerate() {
                            s.shift_insert((at + offset).min(s.len()), k, v);
                        }
                    }
                    only => match s.get_mut("allOf") {
                        Some(Value::Array(all)) => {
                            all.push(only);
                            s.shift_remove(key);
                        }
                        _ => rename(s, key, "allOf", json!([only])),
                    },
                }
            }
            _ => {}
        }
        if nullable {
            let anchor = [key, "type", "allOf"]
                .into_iter()
                .find(|k| s.contains_key(*k))
                .unwrap_or(key);
            insert_after(s, anchor, "nullable", true.into());
        }
    }

    /// A schema that only admits null: 3.0 has no null type, the nearest is a nullable enum.
    fn null_only(&mut self, s: &mut Obj, ptr: &str) {
        s.shift_remove("type");
        s.insert("nullable".into(), true.into());
        if !s.contains_key("enum") {
            s.insert("enum".into(), json!([null]));
        }
        self.note(
            ptr,
            "null-only schema written as `nullable: true, enum: [null]`; 3.0 has no null type",
        );
    }

    fn schema_type(&mut self, s: &mut Obj, ptr: &str) {
        let types = match s.get("type") {
            Some(Value::Array(types)) => types.clone(),
            Some(Value::String(t)) if t == "null" => {
                return self.null_only(s, ptr);
            }
            _ => return,
        };
        let mut names: Vec<String> = Vec::new();
        for t in types.iter().filter_map(Value::as_str) {
            if !names.iter().any(|n| n == t) {
                names.push(t.to_owned());
            }
        }
        let has_null = names.iter().any(|n| n == "null");
        names.retain(|n| n != "null");
        match names.as_slice() {
            [] => self.null_only(s, ptr),
            [only] => {
                s.insert("type".into(), only.clone().into());
                if has_null {
                    insert_after(s, "type", "nullable", true.into());
                }
            }
            many => {
                // One branch per type; type-specific keywords move into the branches they
                // constrain, which is what they meant beside a type array.
                let branches: Vec<Value> = many
                    .iter()
                    .map(|ty| {
                        let mut branch = Obj::new();
                        branch.insert("type".into(), ty.clone().into());
                        for k in keywords_for(ty) {
                            if let Some(v) = s.get(*k) {
                                branch.insert((*k).to_owned(), v.clone());
                            }
                        }
                        if has_null {
                            branch.insert("nullable".into(), true.into());
                        }
                        Value::Object(branch)
                    })
                    .collect();
                for k in STRING_KEYWORDS
                    .iter()
                    .chain(&NUMBER_KEYWORDS)
                    .chain(&OBJECT_KEYWORDS)
                    .chain(&ARRAY_KEYWORDS)
                {
                    s.shift_remove(*k);
                }
                let any_of = Value::Array(branches);
                if !s.contains_key("anyOf") {
                    rename(s, "type", "anyOf", any_of);
                } else {
                    let wrapped = json!({ "anyOf": any_of });
                    match s.get_mut("allOf") {
                        Some(Value::Array(all)) => {
                            all.push(wrapped);
                            s.shift_remove("type");
                        }
                        _ => rename(s, "type", "allOf", json!([wrapped])),
                    }
                }
            }
        }
    }

    fn schema_keywords(&mut self, s: &mut Obj, ptr: &str) {
        if let Some(c) = s.get("const").cloned() {
            match s.get("enum") {
                Some(Value::Array(e)) if e.contains(&c) => {
                    s.insert("enum".into(), json!([c]));
                    s.shift_remove("const");
                }
                Some(_) => {
                    s.shift_remove("const");
                    self.note(
                        &child(ptr, "const"),
                        "dropped: conflicts with `enum`, which is kept",
                    );
                }
                None => rename(s, "const", "enum", json!([c])),
            }
        }

        match s.get("examples").cloned() {
            None => {}
            Some(Value::Array(list)) if !s.contains_key("example") => match list.first() {
                Some(first) => {
                    rename(s, "examples", "example", first.clone());
                    if list.len() > 1 {
                        self.note(
                            &child(ptr, "examples"),
                            format!(
                                "kept the first of {} examples as `example`; 3.0 schemas have one",
                                list.len()
                            ),
                        );
                    }
                }
                None => {
                    s.shift_remove("examples");
                }
            },
            Some(_) => {
                s.shift_remove("examples");
                self.note(
                    &child(ptr, "examples"),
                    "dropped; 3.0 schemas have a single `example`",
                );
            }
        }

        exclusive_bound(s, "exclusiveMinimum", "minimum", |bound, limit| {
            limit > bound
        });
        exclusive_bound(s, "exclusiveMaximum", "maximum", |bound, limit| {
            limit < bound
        });

        if let Some(encoding) = s.get("contentEncoding").cloned() {
            if encoding == "base64" && !s.contains_key("format") {
                rename(s, "contentEncoding", "format", "byte".into());
            } else {
                s.shift_remove("contentEncoding");
                self.note(
                    &child(ptr, "contentEncoding"),
                    format!("dropped contentEncoding {encoding}"),
                );
            }
        }
        if let Some(media) = s.get("contentMediaType").cloned() {
            if media == "application/octet-stream" && !s.contains_key("format") {
                rename(s, "contentMediaType", "format", "binary".into());
            } else {
                s.shift_remove("contentMediaType");
                self.note(
                    &child(ptr, "contentMediaType"),
                    format!("dropped contentMediaType {media}"),
                );
            }
        }
        if s.shift_remove("contentSchema").is_some() {
            self.note(&child(ptr, "contentSchema"), "dropped contentSchema");
        }

        match s.get("items") {
            // Any item allowed: the same as no `items`.
            Some(Value::Bool(true)) => {
                s.shift_remove("items");
            }
            // No item allowed: an empty array.
            Some(Value::Bool(false)) => {
                rename(s, "items", "maxItems", 0.into());
            }
            _ => {}
        }

        for keyword in UNSUPPORTED {
            if s.shift_remove(keyword).is_some() {
                self.note(
                    &child(ptr, keyword),
                    format!("removed `{keyword}`; OpenAPI 3.0 schemas do not support it"),
                );
            }
        }
    }
}

/// 2020-12's numeric `exclusiveMinimum: n` becomes `minimum: n, exclusiveMinimum: true`,
/// unless an existing inclusive bound is already stricter.
fn exclusive_bound(s: &mut Obj, exclusive: &str, inclusive: &str, stricter: fn(f64, f64) -> bool) {
    let Some(Value::Number(bound)) = s.get(exclusive).cloned() else {
        return;
    };
    let limit = s.get(inclusive).and_then(Value::as_f64);
    match (bound.as_f64(), limit) {
        (Some(b), Some(l)) if stricter(b, l) => {
            s.shift_remove(exclusive);
        }
        _ => {
            s.insert(exclusive.to_owned(), true.into());
            if s.contains_key(inclusive) {
                s.insert(inclusive.to_owned(), Value::Number(bound));
            } else {
                insert_before(s, exclusive, inclusive, Value::Number(bound));
            }
        }
    }
}

/// 3.0 ignores `$ref` siblings; 3.1 applies them. `allOf: [{$ref}]` applies them in 3.0 too.
fn wrap_ref_siblings(s: &mut Obj) {
    if s.len() < 2 {
        return;
    }
    let Some(reference) = s.get("$ref").cloned() else {
        return;
    };
    let target = json!({ "$ref": reference });
    match s.get_mut("allOf") {
        Some(Value::Array(all)) => {
            all.insert(0, target);
            s.shift_remove("$ref");
        }
        _ => rename(s, "$ref", "allOf", json!([target])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::test_support::{assert_counts_kept, corpus_dir, load, typed};

    fn convert(doc: Value) -> (Value, Vec<String>) {
        oas31_to_oas30(&doc).unwrap_or_else(|e| panic!("{e}"))
    }

    fn doc(extra: Value) -> Value {
        let mut d =
            json!({ "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": {} });
        if let (Value::Object(d), Value::Object(extra)) = (&mut d, extra) {
            d.extend(extra);
        }
        d
    }

    /// Converts one schema (as `components.schemas.S`) and returns it with the notes.
    fn schema(s: Value) -> (Value, Vec<String>) {
        let (out, notes) = convert(doc(json!({ "components": { "schemas": { "S": s } } })));
        (out["components"]["schemas"]["S"].clone(), notes)
    }

    fn has_note(notes: &[String], pointer: &str, text: &str) -> bool {
        notes
            .iter()
            .any(|n| n.starts_with(&format!("{pointer}: ")) && n.contains(text))
    }

    #[test]
    fn document_level_changes() {
        let (out, notes) = convert(json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "summary": "s", "version": "1", "license": { "name": "MIT", "identifier": "MIT" } },
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "servers": [{ "url": "/" }],
            "webhooks": { "newPet": { "post": { "responses": {} } } }
        }));
        assert_eq!(out["openapi"], "3.0.3");
        let keys: Vec<&str> = out
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["openapi", "info", "servers", "paths"]);
        assert_eq!(
            out["info"],
            json!({ "title": "t", "version": "1", "license": { "name": "MIT", "url": "https://spdx.org/licenses/MIT.html" } })
        );
        assert!(has_note(&notes, "/jsonSchemaDialect", "removed"));
        assert!(has_note(
            &notes,
            "/webhooks",
            "dropped 1 webhook(s) (newPet)"
        ));
        assert!(has_note(&notes, "/info/summary", "removed"));
        assert!(has_note(&notes, "/info/license/identifier", "MIT"));
        let (out, notes) = convert(doc(json!({ "info": { "title": "t", "version": "1",
            "license": { "name": "x", "identifier": "Apache-2.0", "url": "https://a" } } })));
        assert_eq!(
            out["info"]["license"],
            json!({ "name": "x", "url": "https://a" })
        );
        assert!(has_note(
            &notes,
            "/info/license/identifier",
            "removed SPDX identifier"
        ));
    }

    #[test]
    fn type_arrays_with_null_become_nullable() {
        let (s, notes) = schema(json!({ "type": ["string", "null"], "maxLength": 3 }));
        assert_eq!(
            s,
            json!({ "type": "string", "nullable": true, "maxLength": 3 })
        );
        assert!(notes.is_empty());
        let (s, _) = schema(json!({ "type": ["integer"] }));
        assert_eq!(s, json!({ "type": "integer" }));
        let (s, notes) = schema(json!({ "type": "null", "description": "d" }));
        assert_eq!(
            s,
            json!({ "description": "d", "nullable": true, "enum": [null] })
        );
        assert!(has_note(&notes, "/components/schemas/S", "null-only"));
        let (s, _) = schema(json!({ "type": ["null"] }));
        assert_eq!(s, json!({ "nullable": true, "enum": [null] }));
    }

    #[test]
    fn multi_type_arrays_become_any_of() {
        let (s, notes) = schema(json!({
            "description": "d", "type": ["string", "integer", "null"], "minLength": 1, "minimum": 0,
            "format": "int64", "items": { "type": "string" }, "default": "x"
        }));
        assert_eq!(
            s,
            json!({ "description": "d", "anyOf": [
                { "type": "string", "minLength": 1, "format": "int64", "nullable": true },
                { "type": "integer", "minimum": 0, "format": "int64", "nullable": true }
            ], "default": "x" })
        );
        assert!(notes.is_empty());
        // An existing anyOf keeps its meaning: both must hold.
        let (s, _) = schema(
            json!({ "type": ["object", "array"], "anyOf": [{ "required": ["a"] }, { "minItems": 1 }] }),
        );
        assert_eq!(
            s,
            json!({ "allOf": [{ "anyOf": [{ "type": "object" }, { "type": "array" }] }],
                    "anyOf": [{ "required": ["a"] }, { "minItems": 1 }] })
        );
    }

    #[test]
    fn const_becomes_enum() {
        assert_eq!(
            schema(json!({ "type": "string", "const": "a" })).0,
            json!({ "type": "string", "enum": ["a"] })
        );
        assert_eq!(
            schema(json!({ "const": "a", "enum": ["a", "b"] })).0,
            json!({ "enum": ["a"] })
        );
        let (s, notes) = schema(json!({ "const": "c", "enum": ["a"] }));
        assert_eq!(s, json!({ "enum": ["a"] }));
        assert!(has_note(&notes, "/components/schemas/S/const", "conflicts"));
    }

    #[test]
    fn examples_array_becomes_example() {
        let (s, notes) = schema(json!({ "type": "integer", "examples": [1] }));
        assert_eq!(s, json!({ "type": "integer", "example": 1 }));
        assert!(notes.is_empty());
        let (s, notes) = schema(json!({ "type": "integer", "examples": [1, 2, 3] }));
        assert_eq!(s, json!({ "type": "integer", "example": 1 }));
        assert!(has_note(
            &notes,
            "/components/schemas/S/examples",
            "first of 3"
        ));
        let (s, notes) = schema(json!({ "example": 0, "examples": [1] }));
        assert_eq!(s, json!({ "example": 0 }));
        assert!(has_note(
            &notes,
            "/components/schemas/S/examples",
            "dropped"
        ));
        // Media type and parameter `examples` are maps in 3.0 too and stay.
        let (out, notes) = convert(doc(json!({ "paths": { "/a": { "get": {
            "parameters": [{ "name": "q", "in": "query", "schema": { "type": "string" }, "examples": { "a": { "value": "x" } } }],
            "responses": { "200": { "description": "", "content": { "application/json": {
                "examples": { "one": { "value": 1 } } } } } }
        } } } })));
        let get = &out["paths"]["/a"]["get"];
        assert_eq!(
            get["parameters"][0]["examples"],
            json!({ "a": { "value": "x" } })
        );
        assert_eq!(
            get["responses"]["200"]["content"]["application/json"]["examples"],
            json!({ "one": { "value": 1 } })
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn numeric_exclusive_bounds_become_boolean() {
        assert_eq!(
            schema(json!({ "type": "number", "exclusiveMinimum": 0 })).0,
            json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true })
        );
        assert_eq!(
            schema(json!({ "type": "number", "minimum": -5, "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 3 })).0,
            json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 3 })
        );
        assert_eq!(
            schema(json!({ "type": "integer", "minimum": 5, "exclusiveMinimum": 1 })).0,
            json!({ "type": "integer", "minimum": 5 })
        );
        // Already 3.0-style booleans are left alone.
        assert_eq!(
            schema(json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true })).0,
            json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true })
        );
    }

    #[test]
    fn ref_siblings() {
        let (s, notes) = schema(json!({ "type": "object", "properties": {
            "a": { "$ref": "#/components/schemas/A", "description": "d" },
            "b": { "$ref": "#/components/schemas/A" },
            "c": { "$ref": "#/components/schemas/A", "allOf": [{ "required": ["x"] }] }
        } }));
        let p = &s["properties"];
        assert_eq!(
            p["a"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/A" }], "description": "d" })
        );
        assert_eq!(p["b"], json!({ "$ref": "#/components/schemas/A" }));
        assert_eq!(
            p["c"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/A" }, { "required": ["x"] }] })
        );
        assert!(notes.is_empty());
        // Reference Objects elsewhere cannot keep summary/description.
        let (out, notes) = convert(doc(json!({ "paths": { "/a": { "get": {
            "parameters": [{ "$ref": "#/components/parameters/p", "description": "override" }],
            "responses": { "200": { "$ref": "#/components/responses/r", "summary": "s" } }
        } } } })));
        let get = &out["paths"]["/a"]["get"];
        assert_eq!(
            get["parameters"][0],
            json!({ "$ref": "#/components/parameters/p" })
        );
        assert_eq!(
            get["responses"]["200"],
            json!({ "$ref": "#/components/responses/r" })
        );
        assert!(has_note(
            &notes,
            "/paths/~1a/get/parameters/0",
            "`description`"
        ));
        assert!(has_note(
            &notes,
            "/paths/~1a/get/responses/200",
            "`summary`"
        ));
    }

    #[test]
    fn null_branches_become_nullable() {
        let (s, notes) = schema(
            json!({ "anyOf": [{ "$ref": "#/components/schemas/A" }, { "type": "null" }], "description": "d" }),
        );
        assert_eq!(
            s,
            json!({ "allOf": [{ "$ref": "#/components/schemas/A" }], "nullable": true, "description": "d" })
        );
        assert!(notes.is_empty());
        let (s, _) = schema(
            json!({ "oneOf": [{ "type": "string" }, { "type": "integer" }, { "type": "null" }] }),
        );
        assert_eq!(
            s,
            json!({ "oneOf": [{ "type": "string" }, { "type": "integer" }], "nullable": true })
        );
        // With its own type, the null branch adds nothing.
        let (s, _) =
            schema(json!({ "type": "string", "anyOf": [{ "minLength": 1 }, { "type": "null" }] }));
        assert_eq!(s, json!({ "type": "string", "minLength": 1 }));
        let (s, _) = schema(
            json!({ "description": "d", "anyOf": [{ "type": ["string"], "maxLength": 2 }, { "type": "null" }] }),
        );
        assert_eq!(
            s,
            json!({ "description": "d", "type": "string", "nullable": true, "maxLength": 2 })
        );
        // Shared keywords cannot merge.
        let (s, _) = schema(
            json!({ "description": "d", "anyOf": [{ "type": "string", "description": "e" }, { "type": "null" }] }),
        );
        assert_eq!(
            s,
            json!({ "description": "d", "allOf": [{ "type": "string", "description": "e" }], "nullable": true })
        );
    }

    #[test]
    fn content_keywords_and_unsupported_keywords() {
        let (s, notes) = schema(json!({ "type": "string", "contentEncoding": "base64" }));
        assert_eq!(s, json!({ "type": "string", "format": "byte" }));
        assert!(notes.is_empty());
        let (s, _) =
            schema(json!({ "type": "string", "contentMediaType": "application/octet-stream" }));
        assert_eq!(s, json!({ "type": "string", "format": "binary" }));
        let (s, notes) = schema(
            json!({ "type": "string", "contentMediaType": "image/png", "contentSchema": {} }),
        );
        assert_eq!(s, json!({ "type": "string" }));
        assert!(has_note(
            &notes,
            "/components/schemas/S/contentMediaType",
            "image/png"
        ));
        assert!(has_note(
            &notes,
            "/components/schemas/S/contentSchema",
            "dropped"
        ));
        let (s, notes) = schema(json!({
            "$schema": "x", "$id": "y", "$comment": "c", "type": "object",
            "patternProperties": { "^a": {} }, "$defs": { "D": {} }, "if": {}, "then": {}, "else": {},
            "prefixItems": [], "unevaluatedProperties": false, "propertyNames": { "pattern": "a" }
        }));
        assert_eq!(s, json!({ "type": "object" }));
        assert_eq!(notes.len(), 11);
        assert!(has_note(
            &notes,
            "/components/schemas/S/patternProperties",
            "removed"
        ));
    }

    #[test]
    fn boolean_schemas_and_items() {
        let (s, _) = schema(
            json!({ "type": "object", "properties": { "any": true, "none": false },
                                    "additionalProperties": false }),
        );
        assert_eq!(
            s,
            json!({ "type": "object", "properties": { "any": {}, "none": { "not": {} } }, "additionalProperties": false })
        );
        assert_eq!(
            schema(json!({ "type": "array", "items": false })).0,
            json!({ "type": "array", "maxItems": 0 })
        );
        assert_eq!(
            schema(json!({ "type": "array", "items": true })).0,
            json!({ "type": "array" })
        );
    }

    #[test]
    fn nested_schemas_everywhere_are_converted() {
        let nullable = json!({ "type": ["string", "null"] });
        let (out, _) = convert(doc(json!({
            "paths": { "/a": {
                "parameters": [{ "name": "p", "in": "query", "schema": nullable }],
                "post": {
                    "requestBody": { "content": { "application/json": { "schema": { "type": "array", "items": nullable } } } },
                    "responses": { "200": { "description": "",
                        "headers": { "X": { "schema": nullable } },
                        "content": { "text/plain": { "schema": { "allOf": [nullable], "not": nullable } } } } },
                    "callbacks": { "cb": { "{$request.body#/url}": { "post": {
                        "requestBody": { "content": { "application/json": { "schema": nullable } } } } } } }
                }
            } },
            "components": { "headers": { "H": { "schema": nullable } }, "parameters": { "P": { "name": "p", "in": "query",
                "content": { "application/json": { "schema": { "additionalProperties": nullable } } } } } },
            "x-ext": { "type": ["string", "null"] }
        })));
        let want = json!({ "type": "string", "nullable": true });
        let item = &out["paths"]["/a"];
        assert_eq!(item["parameters"][0]["schema"], want);
        let post = &item["post"];
        assert_eq!(
            post["requestBody"]["content"]["application/json"]["schema"]["items"],
            want
        );
        let r = &post["responses"]["200"];
        assert_eq!(r["headers"]["X"]["schema"], want);
        assert_eq!(r["content"]["text/plain"]["schema"]["allOf"][0], want);
        assert_eq!(r["content"]["text/plain"]["schema"]["not"], want);
        let cb = &post["callbacks"]["cb"]["{$request.body#/url}"]["post"];
        assert_eq!(
            cb["requestBody"]["content"]["application/json"]["schema"],
            want
        );
        assert_eq!(cb["responses"], json!({}));
        assert_eq!(out["components"]["headers"]["H"]["schema"], want);
        assert_eq!(
            out["components"]["parameters"]["P"]["content"]["application/json"]["schema"]
                ["additionalProperties"],
            want
        );
        // Extensions are opaque.
        assert_eq!(out["x-ext"], json!({ "type": ["string", "null"] }));
    }

    #[test]
    fn path_items_components_and_mutual_tls() {
        let (out, notes) = convert(doc(json!({
            "security": [{ "mtls": [] }, { "key": [] }, { "mtls": [], "key": [] }],
            "paths": { "/a": { "$ref": "#/components/pathItems/A", "summary": "s" } },
            "components": {
                "pathItems": { "A": { "get": { "security": [{ "mtls": [] }], "responses": {} } } },
                "securitySchemes": { "mtls": { "type": "mutualTLS" }, "key": { "type": "apiKey", "name": "k", "in": "header" } }
            }
        })));
        assert_eq!(
            out["paths"]["/a"],
            json!({ "get": { "security": [], "responses": {} }, "summary": "s" })
        );
        assert!(out["components"].get("pathItems").is_none());
        assert_eq!(
            out["components"]["securitySchemes"],
            json!({ "key": { "type": "apiKey", "name": "k", "in": "header" } })
        );
        assert_eq!(out["security"], json!([{ "key": [] }, { "key": [] }]));
        assert!(has_note(&notes, "/components/pathItems", "inlined"));
        assert!(has_note(
            &notes,
            "/components/securitySchemes/mtls",
            "mutualTLS"
        ));
        assert!(has_note(&notes, "/security", "mutualTLS"));
        assert!(has_note(
            &notes,
            "/paths/~1a/get/security",
            "now reads as no security"
        ));
    }

    #[test]
    fn errors() {
        assert_eq!(oas31_to_oas30(&json!("x")).unwrap_err().pointer, "");
        let e = oas31_to_oas30(&json!({ "openapi": "3.0.3" })).unwrap_err();
        assert_eq!(e.pointer, "/openapi");
        assert!(e.to_string().starts_with("/openapi: "));
        let e = oas31_to_oas30(&doc(json!({ "paths": [] }))).unwrap_err();
        assert_eq!(e.pointer, "/paths");
    }

    #[test]
    fn result_deserialises_into_typed_model() {
        let (out, _) = convert(doc(json!({
            "webhooks": { "w": { "post": { "responses": {} } } },
            "paths": { "/a": { "get": { "responses": { "200": { "description": "", "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/S", "description": "d" } } } } } } } },
            "components": { "schemas": { "S": { "type": "object", "properties": {
                "n": { "type": ["number", "null"], "exclusiveMinimum": 0, "examples": [1] },
                "m": { "type": ["string", "integer"] },
                "c": { "const": "x" },
                "o": { "anyOf": [{ "type": "string" }, { "type": "null" }] }
            } } } }
        })));
        let api = typed(out).unwrap();
        assert_eq!(api.operations().count(), 1);
        assert_eq!(api.components.unwrap().schemas.len(), 1);
    }

    #[test]
    fn corpus_oas31_specs_convert_and_deserialise() {
        let Some(dir) = corpus_dir() else {
            return;
        };
        for name in ["openai-v31.yaml", "oai-webhook-example-v31.json"] {
            let Some(input) = load(&dir, name) else {
                continue;
            };
            let (out, notes) = oas31_to_oas30(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
            let schemas_in = input
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .map_or(0, Map::len);
            let (paths, ops, schemas) = assert_counts_kept(name, &input, out, schemas_in);
            eprintln!(
                "{name}: {paths} paths, {ops} operations, {schemas} schemas, {} notes",
                notes.len()
            );
        }
    }
}
