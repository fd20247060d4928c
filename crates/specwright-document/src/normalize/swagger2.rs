//! Swagger 2.0 to OpenAPI 3.0.3, following swagger2openapi's mapping.

use super::{child, NormalizeError, METHODS};
use crate::pointer::escape_segment;
use percent_encoding::percent_decode_str;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

type Obj = Map<String, Value>;
type Result<T> = std::result::Result<T, NormalizeError>;

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
/// swagger2openapi's default when neither the operation nor the document says what it produces.
const ANY_MEDIA: &str = "*/*";

/// Parameter fields that become the parameter's `schema` in 3.0.
const SCHEMA_KEYS: [&str; 16] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// Swagger 2.0 -> OpenAPI 3.0.3, the way swagger2openapi converts.
///
/// References into other files keep their file part; only the fragment is rewritten, on the
/// assumption that the other file is converted the same way. A reference to a parameter in
/// another file cannot be told apart from a body parameter, so it stays a parameter reference.
pub fn swagger2_to_oas30(doc: &Value) -> Result<Value> {
    let root = doc
        .as_object()
        .ok_or_else(|| NormalizeError::new("", "a Swagger 2.0 document must be an object"))?;
    let version_ok = match root.get("swagger") {
        Some(Value::String(s)) => s == "2.0",
        // Unquoted `swagger: 2.0` in YAML is a number.
        Some(Value::Number(n)) => n.as_f64() == Some(2.0),
        _ => false,
    };
    if !version_ok {
        return Err(NormalizeError::new(
            "/swagger",
            "not a Swagger 2.0 document (expected `swagger: \"2.0\"`)",
        ));
    }
    Converter::new(root)?.document()
}

/// A parameter whose location is known: written inline or a local `#/parameters/` reference.
struct Param<'a> {
    raw: &'a Obj,
    /// Pointer of `raw` in the input.
    ptr: String,
    name: &'a str,
    location: &'a str,
    /// Name under `#/parameters` when reached through a reference.
    global: Option<&'a str>,
}

enum ParamEntry<'a> {
    Known(Param<'a>),
    /// A reference that cannot be followed here (another file, or dangling); already rewritten.
    Opaque(String),
}

impl ParamEntry<'_> {
    fn known(&self) -> Option<&Param<'_>> {
        match self {
            ParamEntry::Known(p) => Some(p),
            ParamEntry::Opaque(_) => None,
        }
    }
}

enum CollectionStyle {
    Default,
    Style(&'static str, Option<bool>),
    /// No 3.0 equivalent: kept as `x-collectionFormat`, as swagger2openapi does.
    Unsupported(String),
}

struct Converter<'a> {
    root: &'a Obj,
    consumes: Option<Vec<String>>,
    produces: Option<Vec<String>>,
    global_params: Option<&'a Obj>,
    schema_names: HashMap<String, String>,
    param_names: HashMap<String, String>,
    response_names: HashMap<String, String>,
}

fn obj<'v>(v: &'v Value, ptr: &str, what: &str) -> Result<&'v Obj> {
    v.as_object()
        .ok_or_else(|| NormalizeError::new(ptr, format!("{what} must be an object")))
}

fn opt_obj<'v>(parent: &'v Obj, key: &str, ptr: &str) -> Result<Option<&'v Obj>> {
    match parent.get(key) {
        None => Ok(None),
        Some(v) => obj(v, &child(ptr, key), &format!("`{key}`")).map(Some),
    }
}

fn opt_str<'v>(parent: &'v Obj, key: &str, ptr: &str) -> Result<Option<&'v str>> {
    match parent.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(NormalizeError::new(
            child(ptr, key),
            format!("`{key}` must be a string"),
        )),
    }
}

/// A list of media types or schemes; a lone string is accepted as swagger2openapi patches it.
fn string_list(parent: &Obj, key: &str, ptr: &str) -> Result<Option<Vec<String>>> {
    let at = child(ptr, key);
    match parent.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let s = item.as_str().ok_or_else(|| {
                    NormalizeError::new(child(&at, &i.to_string()), "expected a string")
                })?;
                if !out.iter().any(|o| o == s) {
                    out.push(s.to_owned());
                }
            }
            Ok(Some(out))
        }
        Some(_) => Err(NormalizeError::new(
            at,
            format!("`{key}` must be an array of strings"),
        )),
    }
}

/// swagger2openapi's `sanitise`: component names must match `^[a-zA-Z0-9.\-_]+$` in 3.0.
fn sanitise(name: &str) -> String {
    let name = name.replacen("[]", "Array", 1);
    let mut out = String::with_capacity(name.len());
    let mut in_bad = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
            out.push(c);
            in_bad = false;
        } else if !in_bad {
            out.push('_');
            in_bad = true;
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// Old name -> 3.0 component name for one section; renamed entries never collide.
fn component_names(section: Option<&Obj>) -> HashMap<String, String> {
    let Some(section) = section else {
        return HashMap::new();
    };
    let mut used: HashSet<String> = section
        .keys()
        .filter(|k| sanitise(k) == **k)
        .cloned()
        .collect();
    let mut names = HashMap::new();
    for key in section.keys() {
        let clean = sanitise(key);
        let name = if clean == *key {
            clean
        } else {
            let mut candidate = clean.clone();
            let mut n = 2;
            while used.contains(&candidate) {
                candidate = format!("{clean}_{n}");
                n += 1;
            }
            used.insert(candidate.clone());
            candidate
        };
        names.insert(key.clone(), name);
    }
    names
}

fn decode_segment(segment: &str) -> String {
    percent_decode_str(segment)
        .decode_utf8_lossy()
        .replace("~1", "/")
        .replace("~0", "~")
}

fn server(url: &str) -> Value {
    let url = url.replace("{{", "{").replace("}}", "}");
    let mut server = Obj::new();
    let mut variables = Obj::new();
    let mut rest = url.as_str();
    // Templated hosts need declared variables in 3.0; the value is unknown, as in swagger2openapi.
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        if !name.is_empty() {
            variables.insert(name.to_owned(), json!({ "default": "unknown" }));
        }
        rest = &rest[start + len + 1..];
    }
    server.insert("url".into(), Value::String(url.clone()));
    if !variables.is_empty() {
        server.insert("variables".into(), Value::Object(variables));
    }
    Value::Object(server)
}

fn build_servers(host: Option<&str>, base_path: Option<&str>, schemes: &[String]) -> Vec<Value> {
    match (host, base_path) {
        (Some(host), _) => {
            let base = base_path.unwrap_or("").trim_end_matches('/');
            if schemes.is_empty() {
                // No scheme: the one used to fetch the spec, i.e. a scheme-relative URL.
                vec![server(&format!("//{host}{base}"))]
            } else {
                schemes
                    .iter()
                    .map(|s| server(&format!("{s}://{host}{base}")))
                    .collect()
            }
        }
        (None, Some(base)) => vec![server(base)],
        (None, None) => Vec::new(),
    }
}

fn collection_style(location: &str, format: Option<&str>, is_array: bool) -> CollectionStyle {
    let format = match format {
        Some(f) => f,
        // csv is the 2.0 default for arrays.
        None if is_array => "csv",
        None => return CollectionStyle::Default,
    };
    match (location, format) {
        ("query", "csv") | ("formData", "csv") => CollectionStyle::Style("form", Some(false)),
        ("query", "multi") | ("formData", "multi") => CollectionStyle::Style("form", Some(true)),
        ("query", "ssv") | ("formData", "ssv") => CollectionStyle::Style("spaceDelimited", None),
        ("query", "pipes") | ("formData", "pipes") => CollectionStyle::Style("pipeDelimited", None),
        ("path", "csv") | ("header", "csv") => CollectionStyle::Style("simple", None),
        (_, other) => CollectionStyle::Unsupported(other.to_owned()),
    }
}

/// Removes `collectionFormat` from (nested) items: 3.0 has no per-level serialisation.
fn strip_collection_format(items: &Value) -> Value {
    match items {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "collectionFormat")
                .map(|(k, v)| {
                    let v = if k == "items" {
                        strip_collection_format(v)
                    } else {
                        v.clone()
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn is_file(p: &Param<'_>) -> bool {
    p.raw.get("type").and_then(Value::as_str) == Some("file")
}

/// Content types of a form body: the form types the operation consumes, else by file upload.
fn form_types(consumes: Option<&[String]>, has_file: bool) -> Vec<String> {
    let mut types: Vec<String> = consumes
        .unwrap_or_default()
        .iter()
        .filter(|c| *c == FORM || *c == MULTIPART)
        .cloned()
        .collect();
    if types.is_empty() {
        types.push(if has_file { MULTIPART } else { FORM }.to_owned());
    }
    types
}

impl<'a> Converter<'a> {
    fn new(root: &'a Obj) -> Result<Converter<'a>> {
        let definitions = opt_obj(root, "definitions", "")?;
        let global_params = opt_obj(root, "parameters", "")?;
        let responses = opt_obj(root, "responses", "")?;
        Ok(Converter {
            root,
            consumes: string_list(root, "consumes", "")?,
            produces: string_list(root, "produces", "")?,
            global_params,
            schema_names: component_names(definitions),
            param_names: component_names(global_params),
            response_names: component_names(responses),
        })
    }

    fn global_param(&self, name: &str) -> Option<&'a Obj> {
        self.global_params?.get(name)?.as_object()
    }

    fn is_body_location(location: Option<&str>) -> bool {
        matches!(location, Some("body") | Some("formData"))
    }

    /// Rewrites a 2.0 reference to where its target lives in 3.0.
    fn rewrite_ref(&self, reference: &str) -> String {
        let Some((file, fragment)) = reference.split_once('#') else {
            return reference.to_owned();
        };
        let Some(rest) = fragment.strip_prefix('/') else {
            return reference.to_owned();
        };
        let local = file.is_empty();
        let (section, tail) = match rest.split_once('/') {
            Some((s, t)) => (s, Some(t)),
            None => (rest, None),
        };
        let (target, names) = match section {
            "definitions" => ("schemas", Some(&self.schema_names)),
            "parameters" => ("parameters", Some(&self.param_names)),
            "responses" => ("responses", Some(&self.response_names)),
            "securityDefinitions" => ("securitySchemes", None),
            _ => return reference.to_owned(),
        };
        let Some(tail) = tail else {
            return format!("{file}#/components/{target}");
        };
        let (segment, more) = match tail.split_once('/') {
            Some((a, b)) => (a, Some(b)),
            None => (tail, None),
        };
        let name = decode_segment(segment);
        let mut target = target;
        if local && section == "parameters" {
            let location = self
                .global_param(&name)
                .and_then(|p| p.get("in"))
                .and_then(Value::as_str);
            if Self::is_body_location(location) {
                target = "requestBodies";
            }
        }
        let new_name = match names {
            Some(names) if local => names.get(&name).cloned().unwrap_or_else(|| name.clone()),
            // Another file's names are unknown: apply the same (collision-free) cleaning.
            Some(_) => sanitise(&name),
            None => name.clone(),
        };
        let segment = if new_name == name {
            segment.to_owned()
        } else {
            escape_segment(&new_name)
        };
        match more {
            Some(more) => format!("{file}#/components/{target}/{segment}/{more}"),
            None => format!("{file}#/components/{target}/{segment}"),
        }
    }

    fn document(&self) -> Result<Value> {
        let root = self.root;
        let mut out = Obj::new();
        out.insert("openapi".into(), "3.0.3".into());
        if let Some(info) = root.get("info") {
            out.insert("info".into(), info.clone());
        }
        let servers = build_servers(
            opt_str(root, "host", "")?,
            opt_str(root, "basePath", "")?,
            &string_list(root, "schemes", "")?.unwrap_or_default(),
        );
        if !servers.is_empty() {
            out.insert("servers".into(), Value::Array(servers));
        }
        let mut components_done = false;
        for (key, value) in root {
            match key.as_str() {
                "swagger" | "info" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
                "paths" => {
                    out.insert("paths".into(), self.paths(value)?);
                }
                "definitions" | "parameters" | "responses" | "securityDefinitions" => {
                    if !components_done {
                        components_done = true;
                        let components = self.components()?;
                        if !components.is_empty() {
                            out.insert("components".into(), Value::Object(components));
                        }
                    }
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !out.contains_key("paths") {
            let after = if out.contains_key("servers") {
                "servers"
            } else {
                "info"
            };
            super::insert_after(&mut out, after, "paths", json!({}));
        }
        Ok(Value::Object(out))
    }

    fn components(&self) -> Result<Obj> {
        let root = self.root;
        let mut schemas = Obj::new();
        if let Some(defs) = opt_obj(root, "definitions", "")? {
            for (name, schema) in defs {
                let ptr = child("/definitions", name);
                schemas.insert(self.schema_names[name].clone(), self.schema(schema, &ptr)?);
            }
        }
        let mut responses = Obj::new();
        if let Some(section) = opt_obj(root, "responses", "")? {
            let produces = self.produces.clone().unwrap_or_default();
            for (name, response) in section {
                let ptr = child("/responses", name);
                let converted = self.response(response, &ptr, &produces)?;
                responses.insert(self.response_names[name].clone(), converted);
            }
        }
        let mut parameters = Obj::new();
        let mut request_bodies = Obj::new();
        if let Some(section) = self.global_params {
            for (name, value) in section {
                let ptr = child("/parameters", name);
                let param = self.inline_param(value, &ptr)?;
                let new_name = self.param_names[name].clone();
                match param.location {
                    "body" => {
                        let body = self.body_request(&param, &self.global_body_types())?;
                        request_bodies.insert(new_name, body);
                    }
                    "formData" => {
                        let types = form_types(self.consumes.as_deref(), is_file(&param));
                        request_bodies.insert(new_name, self.form_request(&[&param], &types)?);
                    }
                    _ => {
                        parameters.insert(new_name, self.param(&param)?);
                    }
                }
            }
        }
        let mut security = Obj::new();
        if let Some(section) = opt_obj(root, "securityDefinitions", "")? {
            for (name, scheme) in section {
                let ptr = child("/securityDefinitions", name);
                security.insert(name.clone(), self.security_scheme(scheme, &ptr)?);
            }
        }
        let mut components = Obj::new();
        for (key, section) in [
            ("schemas", schemas),
            ("responses", responses),
            ("parameters", parameters),
            ("requestBodies", request_bodies),
            ("securitySchemes", security),
        ] {
            if !section.is_empty() {
                components.insert(key.into(), Value::Object(section));
            }
        }
        Ok(components)
    }

    fn global_body_types(&self) -> Vec<String> {
        match &self.consumes {
            Some(c) if !c.is_empty() => c.clone(),
            _ => vec![JSON.to_owned()],
        }
    }

    fn security_scheme(&self, value: &Value, ptr: &str) -> Result<Value> {
        let scheme = obj(value, ptr, "a security definition")?;
        let kind = opt_str(scheme, "type", ptr)?
            .ok_or_else(|| NormalizeError::new(ptr, "security definition without `type`"))?;
        let mut out = Obj::new();
        match kind {
            "basic" => {
                out.insert("type".into(), "http".into());
                out.insert("scheme".into(), "basic".into());
            }
            "apiKey" => {
                out.insert("type".into(), "apiKey".into());
            }
            "oauth2" => {
                out.insert("type".into(), "oauth2".into());
            }
            other => {
                return Err(NormalizeError::new(
                    child(ptr, "type"),
                    format!("unknown security definition type `{other}`"),
                ))
            }
        }
        for (key, v) in scheme {
            match key.as_str() {
                "type" | "authorizationUrl" | "tokenUrl" | "scopes" => {}
                "flow" if kind == "oauth2" => {
                    out.insert("flows".into(), self.oauth_flows(scheme, ptr)?);
                }
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        if kind == "oauth2" && !out.contains_key("flows") {
            return Err(NormalizeError::new(
                ptr,
                "oauth2 security definition without `flow`",
            ));
        }
        Ok(Value::Object(out))
    }

    fn oauth_flows(&self, scheme: &Obj, ptr: &str) -> Result<Value> {
        let flow = opt_str(scheme, "flow", ptr)?.unwrap_or_default();
        let (name, fields): (&str, &[&str]) = match flow {
            "implicit" => ("implicit", &["authorizationUrl"]),
            "password" => ("password", &["tokenUrl"]),
            "application" => ("clientCredentials", &["tokenUrl"]),
            "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
            other => {
                return Err(NormalizeError::new(
                    child(ptr, "flow"),
                    format!("unknown oauth2 flow `{other}`"),
                ))
            }
        };
        let mut body = Obj::new();
        for field in fields {
            if let Some(v) = scheme.get(*field) {
                body.insert((*field).into(), v.clone());
            }
        }
        let scopes = scheme.get("scopes").cloned().unwrap_or_else(|| json!({}));
        body.insert("scopes".into(), scopes);
        let mut flows = Obj::new();
        flows.insert(name.into(), Value::Object(body));
        Ok(Value::Object(flows))
    }

    fn paths(&self, value: &Value) -> Result<Value> {
        let paths = obj(value, "/paths", "`paths`")?;
        let mut out = Obj::new();
        for (key, item) in paths {
            let converted = if key.starts_with("x-") {
                item.clone()
            } else {
                self.path_item(item, &child("/paths", key))?
            };
            out.insert(key.clone(), converted);
        }
        Ok(Value::Object(out))
    }

    fn path_item(&self, value: &Value, ptr: &str) -> Result<Value> {
        let item = obj(value, ptr, "a path item")?;
        let shared = match item.get("parameters") {
            Some(list) => self.param_list(list, &child(ptr, "parameters"))?,
            None => Vec::new(),
        };
        let mut out = Obj::new();
        for (key, v) in item {
            match key.as_str() {
                "$ref" => {
                    let r = v.as_str().map(|r| self.rewrite_ref(r).into());
                    out.insert(key.clone(), r.unwrap_or_else(|| v.clone()));
                }
                "parameters" => {
                    let list = self.plain_params(&shared)?;
                    if !list.is_empty() {
                        out.insert(key.clone(), Value::Array(list));
                    }
                }
                m if METHODS.contains(&m) => {
                    let op = self.operation(v, &child(ptr, m), &shared)?;
                    out.insert(key.clone(), op);
                }
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        Ok(Value::Object(out))
    }

    fn inline_param(&self, value: &'a Value, ptr: &str) -> Result<Param<'a>> {
        let raw = obj(value, ptr, "a parameter")?;
        let location = opt_str(raw, "in", ptr)?
            .ok_or_else(|| NormalizeError::new(ptr, "parameter without `in`"))?;
        if !matches!(location, "query" | "header" | "path" | "formData" | "body") {
            return Err(NormalizeError::new(
                child(ptr, "in"),
                format!("unknown parameter location `{location}`"),
            ));
        }
        let name = opt_str(raw, "name", ptr)?
            .ok_or_else(|| NormalizeError::new(ptr, "parameter without `name`"))?;
        Ok(Param {
            raw,
            ptr: ptr.to_owned(),
            name,
            location,
            global: None,
        })
    }

    fn param_list(&self, value: &'a Value, ptr: &str) -> Result<Vec<ParamEntry<'a>>> {
        let list = value
            .as_array()
            .ok_or_else(|| NormalizeError::new(ptr, "`parameters` must be an array"))?;
        let mut out = Vec::with_capacity(list.len());
        for (i, entry) in list.iter().enumerate() {
            let at = child(ptr, &i.to_string());
            let reference = entry.get("$ref").and_then(Value::as_str);
            let Some(reference) = reference else {
                out.push(ParamEntry::Known(self.inline_param(entry, &at)?));
                continue;
            };
            let global = reference
                .strip_prefix("#/parameters/")
                .filter(|name| !name.contains('/'))
                .map(decode_segment);
            let resolved = global.as_ref().and_then(|name| {
                let (key, value) = self.global_params?.get_key_value(name.as_str())?;
                Some((key, value))
            });
            match resolved {
                Some((key, value)) => {
                    let mut param = self.inline_param(value, &child("/parameters", key))?;
                    param.global = Some(key);
                    out.push(ParamEntry::Known(param));
                }
                None => out.push(ParamEntry::Opaque(self.rewrite_ref(reference))),
            }
        }
        Ok(out)
    }

    /// Non-body parameters as 3.0 parameters (or references to them).
    fn plain_params(&self, entries: &[ParamEntry<'_>]) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        for entry in entries {
            match entry {
                ParamEntry::Opaque(r) => out.push(json!({ "$ref": r })),
                ParamEntry::Known(p) if Self::is_body_location(Some(p.location)) => {}
                ParamEntry::Known(p) => match p.global {
                    Some(name) => {
                        let name = escape_segment(&self.param_names[name]);
                        out.push(json!({ "$ref": format!("#/components/parameters/{name}") }));
                    }
                    None => out.push(self.param(p)?),
                },
            }
        }
        Ok(out)
    }

    fn operation(&self, value: &Value, ptr: &str, shared: &[ParamEntry<'_>]) -> Result<Value> {
        let op = obj(value, ptr, "an operation")?;
        let own = match op.get("parameters") {
            Some(list) => self.param_list(list, &child(ptr, "parameters"))?,
            None => Vec::new(),
        };
        let consumes = string_list(op, "consumes", ptr)?.or_else(|| self.consumes.clone());
        let produces = string_list(op, "produces", ptr)?
            .or_else(|| self.produces.clone())
            .unwrap_or_default();
        let mut body = self.request_body(&own, shared, consumes.as_deref(), ptr)?;
        let mut out = Obj::new();
        for (key, v) in op {
            match key.as_str() {
                "consumes" | "produces" => {}
                "parameters" => {
                    let list = self.plain_params(&own)?;
                    if !list.is_empty() {
                        out.insert(key.clone(), Value::Array(list));
                    }
                    if let Some(b) = body.take() {
                        out.insert("requestBody".into(), b);
                    }
                }
                "responses" => {
                    if let Some(b) = body.take() {
                        out.insert("requestBody".into(), b);
                    }
                    let responses = self.responses(v, &child(ptr, key), &produces)?;
                    out.insert(key.clone(), responses);
                }
                "schemes" => {
                    if let Some(servers) = self.operation_servers(op, ptr)? {
                        out.insert("servers".into(), servers);
                    }
                }
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        if let Some(b) = body {
            out.insert("requestBody".into(), b);
        }
        Ok(Value::Object(out))
    }

    /// Servers for an operation whose `schemes` differ from the document's.
    fn operation_servers(&self, op: &Obj, ptr: &str) -> Result<Option<Value>> {
        let own = string_list(op, "schemes", ptr)?.unwrap_or_default();
        let global = string_list(self.root, "schemes", "")?.unwrap_or_default();
        let host = opt_str(self.root, "host", "")?;
        let same = own.len() == global.len() && own.iter().all(|s| global.contains(s));
        if same || host.is_none() || own.is_empty() {
            return Ok(None);
        }
        let base = opt_str(self.root, "basePath", "")?;
        Ok(Some(Value::Array(build_servers(host, base, &own))))
    }

    fn request_body(
        &self,
        own: &[ParamEntry<'_>],
        shared: &[ParamEntry<'_>],
        consumes: Option<&[String]>,
        ptr: &str,
    ) -> Result<Option<Value>> {
        let own: Vec<&Param<'_>> = own.iter().filter_map(ParamEntry::known).collect();
        // Operation parameters override path ones with the same name and location.
        let inherited = shared.iter().filter_map(ParamEntry::known).filter(|p| {
            !own.iter()
                .any(|o| o.name == p.name && o.location == p.location)
        });
        let all: Vec<&Param<'_>> = inherited.chain(own.iter().copied()).collect();
        let bodies: Vec<&Param<'_>> = all
            .iter()
            .copied()
            .filter(|p| p.location == "body")
            .collect();
        let forms: Vec<&Param<'_>> = all
            .iter()
            .copied()
            .filter(|p| p.location == "formData")
            .collect();
        let at = child(ptr, "parameters");
        if bodies.len() > 1 {
            return Err(NormalizeError::new(at, "more than one body parameter"));
        }
        if !bodies.is_empty() && !forms.is_empty() {
            return Err(NormalizeError::new(
                at,
                "both a body parameter and formData parameters",
            ));
        }
        if let Some(body) = bodies.first() {
            let types = match consumes {
                Some(c) if !c.is_empty() => c.to_vec(),
                _ => vec![JSON.to_owned()],
            };
            if let Some(name) = body.global {
                if types == self.global_body_types() {
                    let name = escape_segment(&self.param_names[name]);
                    return Ok(Some(
                        json!({ "$ref": format!("#/components/requestBodies/{name}") }),
                    ));
                }
            }
            return self.body_request(body, &types).map(Some);
        }
        if forms.is_empty() {
            return Ok(None);
        }
        let types = form_types(consumes, forms.iter().any(|p| is_file(p)));
        if let [only] = forms.as_slice() {
            if let Some(name) = only.global {
                if types == form_types(self.consumes.as_deref(), is_file(only)) {
                    let name = escape_segment(&self.param_names[name]);
                    return Ok(Some(
                        json!({ "$ref": format!("#/components/requestBodies/{name}") }),
                    ));
                }
            }
        }
        self.form_request(&forms, &types).map(Some)
    }

    fn body_request(&self, param: &Param<'_>, types: &[String]) -> Result<Value> {
        let schema = match param.raw.get("schema") {
            Some(s) => self.schema(s, &child(&param.ptr, "schema"))?,
            None => json!({}),
        };
        let mut content = Obj::new();
        for t in types {
            content.insert(t.clone(), json!({ "schema": schema.clone() }));
        }
        let mut out = Obj::new();
        if let Some(d) = param.raw.get("description") {
            out.insert("description".into(), d.clone());
        }
        out.insert("content".into(), Value::Object(content));
        if param.raw.get("required") == Some(&Value::Bool(true)) {
            out.insert("required".into(), true.into());
        }
        for (k, v) in param.raw {
            if k.starts_with("x-") {
                out.insert(k.clone(), v.clone());
            }
        }
        Ok(Value::Object(out))
    }

    fn form_request(&self, params: &[&Param<'_>], types: &[String]) -> Result<Value> {
        let mut properties = Obj::new();
        let mut required = Vec::new();
        let mut encoding = Obj::new();
        for p in params {
            let mut schema = self.param_schema(p, true)?;
            let format = p.raw.get("collectionFormat").and_then(Value::as_str);
            let is_array = p.raw.get("type").and_then(Value::as_str) == Some("array");
            match collection_style("formData", format, is_array) {
                CollectionStyle::Default | CollectionStyle::Style("form", Some(true)) => {}
                CollectionStyle::Style(style, explode) => {
                    let mut e = Obj::new();
                    e.insert("style".into(), style.into());
                    if let Some(explode) = explode {
                        e.insert("explode".into(), explode.into());
                    }
                    encoding.insert(p.name.to_owned(), Value::Object(e));
                }
                CollectionStyle::Unsupported(f) => {
                    if let Value::Object(s) = &mut schema {
                        s.insert("x-collectionFormat".into(), f.into());
                    }
                }
            }
            properties.insert(p.name.to_owned(), schema);
            if p.raw.get("required") == Some(&Value::Bool(true)) {
                required.push(Value::String(p.name.to_owned()));
            }
        }
        let mut schema = Obj::new();
        schema.insert("type".into(), "object".into());
        schema.insert("properties".into(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".into(), Value::Array(required));
        }
        let schema = Value::Object(schema);
        let mut content = Obj::new();
        for t in types {
            let mut media = Obj::new();
            media.insert("schema".into(), schema.clone());
            // style/explode only govern urlencoded bodies.
            if t == FORM && !encoding.is_empty() {
                media.insert("encoding".into(), Value::Object(encoding.clone()));
            }
            content.insert(t.clone(), Value::Object(media));
        }
        let mut out = Obj::new();
        out.insert("content".into(), Value::Object(content));
        if any_required {
            out.insert("required".into(), true.into());
        }
        Ok(Value::Object(out))
    }

    /// The `schema` of a non-body parameter, header or form field. Form fields have no
    /// parameter object in 3.0, so their description and extensions move onto the schema.
    fn param_schema(&self, p: &Param<'_>, form_field: bool) -> Result<Value> {
        if !p.raw.contains_key("type") {
            if let Some(s) = p.raw.get("schema") {
                return self.schema(s, &child(&p.ptr, "schema"));
            }
        }
        let mut schema = Obj::new();
        for (k, v) in p.raw {
            let key = k.as_str();
            let moves = SCHEMA_KEYS.contains(&key)
                || key == "x-nullable"
                || (form_field && (key == "description" || key.starts_with("x-")));
            if key == "items" {
                schema.insert(k.clone(), strip_collection_format(v));
            } else if moves {
                schema.insert(k.clone(), v.clone());
            }
        }
        self.schema(&Value::Object(schema), &p.ptr)
    }

    fn param(&self, p: &Param<'_>) -> Result<Value> {
        let raw = p.raw;
        let mut out = Obj::new();
        out.insert("name".into(), p.name.into());
        out.insert("in".into(), p.location.into());
        if let Some(d) = raw.get("description") {
            out.insert("description".into(), d.clone());
        }
        if p.location == "path" {
            out.insert("required".into(), true.into());
        } else if let Some(r) = raw.get("required") {
            out.insert("required".into(), r.clone());
        }
        if p.location == "query" {
            if let Some(a) = raw.get("allowEmptyValue") {
                out.insert("allowEmptyValue".into(), a.clone());
            }
        }
        let format = raw.get("collectionFormat").and_then(Value::as_str);
        let is_array = raw.get("type").and_then(Value::as_str) == Some("array");
        match collection_style(p.location, format, is_array) {
            CollectionStyle::Default => {}
            CollectionStyle::Style(style, explode) => {
                out.insert("style".into(), style.into());
                if let Some(explode) = explode {
                    out.insert("explode".into(), explode.into());
                }
            }
            CollectionStyle::Unsupported(f) => {
                out.insert("x-collectionFormat".into(), f.into());
            }
        }
        out.insert("schema".into(), self.param_schema(p, false)?);
        for (k, v) in raw {
            let key = k.as_str();
            let consumed = matches!(
                key,
                "name"
                    | "in"
                    | "description"
                    | "required"
                    | "allowEmptyValue"
                    | "collectionFormat"
                    | "x-nullable"
                    | "schema"
            ) || SCHEMA_KEYS.contains(&key);
            if !consumed {
                out.insert(k.clone(), v.clone());
            }
        }
        Ok(Value::Object(out))
    }

    fn responses(&self, value: &Value, ptr: &str, produces: &[String]) -> Result<Value> {
        let responses = obj(value, ptr, "`responses`")?;
        let mut out = Obj::new();
        for (code, response) in responses {
            let converted = if code.starts_with("x-") {
                response.clone()
            } else {
                self.response(response, &child(ptr, code), produces)?
            };
            out.insert(code.clone(), converted);
        }
        Ok(Value::Object(out))
    }

    fn response(&self, value: &Value, ptr: &str, produces: &[String]) -> Result<Value> {
        let response = obj(value, ptr, "a response")?;
        if let Some(r) = response.get("$ref").and_then(Value::as_str) {
            return Ok(json!({ "$ref": self.rewrite_ref(r) }));
        }
        let schema = match response.get("schema") {
            Some(s) => Some(self.schema(s, &child(ptr, "schema"))?),
            None => None,
        };
        let mut content = Obj::new();
        if let Some(schema) = &schema {
            let any = [ANY_MEDIA.to_owned()];
            let types = if produces.is_empty() {
                &any[..]
            } else {
                produces
            };
            for t in types {
                content.insert(t.clone(), json!({ "schema": schema.clone() }));
            }
        }
        if let Some(examples) = opt_obj(response, "examples", ptr)? {
            for (mime, example) in examples {
                let media = content
                    .entry(mime.clone())
                    .or_insert_with(|| match &schema {
                        Some(s) => json!({ "schema": s.clone() }),
                        None => json!({}),
                    });
                if let Value::Object(media) = media {
                    media.insert("example".into(), example.clone());
                }
            }
        }
        let mut content = Some(content).filter(|c| !c.is_empty());
        let mut out = Obj::new();
        // Required in both versions; swagger2openapi patches it the same way.
        let description = response
            .get("description")
            .cloned()
            .unwrap_or_else(|| "".into());
        out.insert("description".into(), description);
        for (key, v) in response {
            match key.as_str() {
                "description" => {}
                "schema" | "examples" => {
                    if let Some(c) = content.take() {
                        out.insert("content".into(), Value::Object(c));
                    }
                }
                "headers" => {
                    let at = child(ptr, key);
                    let headers = obj(v, &at, "`headers`")?;
                    let mut converted = Obj::new();
                    for (name, header) in headers {
                        let h = self.header(header, &child(&at, name))?;
                        converted.insert(name.clone(), h);
                    }
                    out.insert(key.clone(), Value::Object(converted));
                }
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        Ok(Value::Object(out))
    }

    fn header(&self, value: &Value, ptr: &str) -> Result<Value> {
        let raw = obj(value, ptr, "a header")?;
        if let Some(r) = raw.get("$ref").and_then(Value::as_str) {
            return Ok(json!({ "$ref": self.rewrite_ref(r) }));
        }
        let p = Param {
            raw,
            ptr: ptr.to_owned(),
            name: "",
            location: "header",
            global: None,
        };
        let mut out = Obj::new();
        if let Some(d) = raw.get("description") {
            out.insert("description".into(), d.clone());
        }
        let format = raw.get("collectionFormat").and_then(Value::as_str);
        if let CollectionStyle::Unsupported(f) = collection_style("header", format, false) {
            out.insert("x-collectionFormat".into(), f.into());
        }
        out.insert("schema".into(), self.param_schema(&p, false)?);
        for (k, v) in raw {
            let key = k.as_str();
            let consumed = matches!(key, "description" | "collectionFormat" | "x-nullable")
                || SCHEMA_KEYS.contains(&key);
            if !consumed {
                out.insert(k.clone(), v.clone());
            }
        }
        Ok(Value::Object(out))
    }

    fn schema(&self, value: &Value, ptr: &str) -> Result<Value> {
        let s = obj(value, ptr, "a schema")?;
        let is_file = s.get("type").and_then(Value::as_str) == Some("file");
        let mut out = Obj::new();
        for (key, v) in s {
            match key.as_str() {
                "$ref" => {
                    let r = v.as_str().map(|r| self.rewrite_ref(r).into());
                    out.insert(key.clone(), r.unwrap_or_else(|| v.clone()));
                }
                "type" if is_file => {
                    out.insert("type".into(), "string".into());
                    out.insert("format".into(), "binary".into());
                }
                "format" if is_file => {}
                "x-nullable" => {
                    if !s.contains_key("nullable") {
                        out.insert("nullable".into(), v.clone());
                    }
                }
                "discriminator" => {
                    let d = match v {
                        Value::String(name) => json!({ "propertyName": name }),
                        other => other.clone(),
                    };
                    out.insert(key.clone(), d);
                }
                "properties" => {
                    let at = child(ptr, key);
                    let props = obj(v, &at, "`properties`")?;
                    let mut converted = Obj::new();
                    for (name, prop) in props {
                        converted.insert(name.clone(), self.schema(prop, &child(&at, name))?);
                    }
                    out.insert(key.clone(), Value::Object(converted));
                }
                "additionalProperties" | "items" | "not" if v.is_object() => {
                    out.insert(key.clone(), self.schema(v, &child(ptr, key))?);
                }
                "allOf" | "anyOf" | "oneOf" | "items" if v.is_array() => {
                    let at = child(ptr, key);
                    let list = v.as_array().into_iter().flatten().enumerate();
                    let converted = list
                        .map(|(i, s)| self.schema(s, &child(&at, &i.to_string())))
                        .collect::<Result<Vec<_>>>()?;
                    out.insert(key.clone(), Value::Array(converted));
                }
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        // 3.0 ignores `$ref` siblings; nullability is the one 2.0 authors clearly meant.
        if out.contains_key("$ref") && out.get("nullable") == Some(&Value::Bool(true)) {
            out = out
                .into_iter()
                .map(|(k, v)| match k.as_str() {
                    "$ref" => ("allOf".to_owned(), json!([{ "$ref": v }])),
                    _ => (k, v),
                })
                .collect();
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::test_support::{assert_counts_kept, corpus_dir, load, typed};

    fn convert(doc: Value) -> Value {
        swagger2_to_oas30(&doc).unwrap_or_else(|e| panic!("{e}"))
    }

    fn doc(extra: Value) -> Value {
        let mut d =
            json!({ "swagger": "2.0", "info": { "title": "t", "version": "1" }, "paths": {} });
        if let (Value::Object(d), Value::Object(extra)) = (&mut d, extra) {
            d.extend(extra);
        }
        d
    }

    fn op(paths: Value) -> Value {
        convert(doc(json!({ "paths": paths })))
    }

    #[test]
    fn servers_from_host_base_path_and_schemes() {
        let out = convert(doc(
            json!({ "host": "api.example.com", "basePath": "/v1/", "schemes": ["https", "http"] }),
        ));
        assert_eq!(
            out["servers"],
            json!([{ "url": "https://api.example.com/v1" }, { "url": "http://api.example.com/v1" }])
        );
        let out = convert(doc(json!({ "host": "api.example.com" })));
        assert_eq!(out["servers"], json!([{ "url": "//api.example.com" }]));
        let out = convert(doc(json!({ "basePath": "/api" })));
        assert_eq!(out["servers"], json!([{ "url": "/api" }]));
        let out = convert(doc(json!({})));
        assert!(out.get("servers").is_none());
        let out = convert(doc(
            json!({ "host": "{region}.example.com", "schemes": ["https"] }),
        ));
        assert_eq!(
            out["servers"],
            json!([{ "url": "https://{region}.example.com", "variables": { "region": { "default": "unknown" } } }])
        );
    }

    #[test]
    fn top_level_order_and_version() {
        let out = convert(json!({
            "x-top": 1, "swagger": "2.0", "host": "h", "info": { "title": "t", "version": "1", "x-i": 2 },
            "tags": [{ "name": "a" }], "paths": {}, "definitions": { "A": {} }, "security": []
        }));
        let keys: Vec<&str> = out
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "openapi",
                "info",
                "servers",
                "x-top",
                "tags",
                "paths",
                "components",
                "security"
            ]
        );
        assert_eq!(out["openapi"], "3.0.3");
        assert_eq!(out["info"]["x-i"], 2);
        // No `paths` at all still yields the required object.
        let out = convert(json!({ "swagger": "2.0", "info": { "title": "t", "version": "1" } }));
        assert_eq!(out["paths"], json!({}));
    }

    #[test]
    fn definitions_become_component_schemas_with_refs_rewritten() {
        let out = convert(doc(json!({ "definitions": {
            "Pet": { "type": "object", "properties": {
                "tag": { "$ref": "#/definitions/Tag" },
                "tags": { "type": "array", "items": { "$ref": "#/definitions/Tag" } },
                "owner": { "$ref": "people.yaml#/definitions/Person" },
                "whole": { "$ref": "whole.yaml" },
                "deep": { "$ref": "#/definitions/Tag/properties/name" }
            }, "allOf": [{ "$ref": "#/definitions/Tag" }], "additionalProperties": { "$ref": "#/definitions/Tag" } },
            "Tag": { "type": "object", "properties": { "name": { "type": "string" } } }
        } })));
        let pet = &out["components"]["schemas"]["Pet"];
        assert_eq!(pet["properties"]["tag"]["$ref"], "#/components/schemas/Tag");
        assert_eq!(
            pet["properties"]["tags"]["items"]["$ref"],
            "#/components/schemas/Tag"
        );
        assert_eq!(
            pet["properties"]["owner"]["$ref"],
            "people.yaml#/components/schemas/Person"
        );
        assert_eq!(pet["properties"]["whole"]["$ref"], "whole.yaml");
        assert_eq!(
            pet["properties"]["deep"]["$ref"],
            "#/components/schemas/Tag/properties/name"
        );
        assert_eq!(pet["allOf"][0]["$ref"], "#/components/schemas/Tag");
        assert_eq!(
            pet["additionalProperties"]["$ref"],
            "#/components/schemas/Tag"
        );
        assert!(out.get("definitions").is_none());
    }

    #[test]
    fn component_names_are_sanitised_and_refs_follow() {
        let out = convert(doc(json!({ "definitions": {
            "Page«Pet»": { "type": "object" },
            "Page_Pet_": { "type": "object" },
            "List[]": { "$ref": "#/definitions/Page%C2%ABPet%C2%BB" }
        } })));
        let schemas = out["components"]["schemas"].as_object().unwrap();
        let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
        assert_eq!(names, ["Page_Pet__2", "Page_Pet_", "ListArray"]);
        assert_eq!(
            schemas["ListArray"]["$ref"],
            "#/components/schemas/Page_Pet__2"
        );
    }

    #[test]
    fn schema_rules_nullable_file_discriminator() {
        let out = convert(doc(json!({ "definitions": {
            "A": { "type": "object", "discriminator": "kind", "x-nullable": true, "x-keep": 1,
                   "properties": { "kind": { "type": "string" }, "upload": { "type": "file", "format": "x" },
                                   "other": { "$ref": "#/definitions/B", "x-nullable": true } } },
            "B": { "type": "string", "discriminator": { "propertyName": "p" } }
        } })));
        let a = &out["components"]["schemas"]["A"];
        assert_eq!(a["discriminator"], json!({ "propertyName": "kind" }));
        assert_eq!(a["nullable"], true);
        assert!(a.get("x-nullable").is_none());
        assert_eq!(a["x-keep"], 1);
        assert_eq!(
            a["properties"]["upload"],
            json!({ "type": "string", "format": "binary" })
        );
        assert_eq!(
            a["properties"]["other"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/B" }], "nullable": true })
        );
        assert_eq!(
            out["components"]["schemas"]["B"]["discriminator"],
            json!({ "propertyName": "p" })
        );
    }

    #[test]
    fn non_body_parameters_move_schema_keywords_into_schema() {
        let out = op(json!({ "/p/{id}": { "get": {
            "parameters": [
                { "name": "id", "in": "path", "type": "integer", "format": "int64", "minimum": 1 },
                { "name": "q", "in": "query", "description": "d", "required": false, "type": "string",
                  "enum": ["a", "b"], "default": "a", "allowEmptyValue": true, "x-p": 1, "x-nullable": true },
                { "name": "h", "in": "header", "type": "string", "maxLength": 3 }
            ],
            "responses": { "200": { "description": "ok" } }
        } } }));
        let params = &out["paths"]["/p/{id}"]["get"]["parameters"];
        assert_eq!(
            params[0],
            json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64", "minimum": 1 } })
        );
        assert_eq!(
            params[1],
            json!({ "name": "q", "in": "query", "description": "d", "required": false, "allowEmptyValue": true,
                    "schema": { "type": "string", "enum": ["a", "b"], "default": "a", "nullable": true }, "x-p": 1 })
        );
        assert_eq!(
            params[2]["schema"],
            json!({ "type": "string", "maxLength": 3 })
        );
    }

    #[test]
    fn collection_formats_become_style_and_explode() {
        let arr = |name: &str, location: &str, cf: Option<&str>| {
            let mut p = json!({ "name": name, "in": location, "type": "array",
                                "items": { "type": "string", "collectionFormat": "csv" } });
            if let Some(cf) = cf {
                p["collectionFormat"] = cf.into();
            }
            p
        };
        let out = op(json!({ "/p/{a}": { "get": {
            "parameters": [
                arr("csv", "query", Some("csv")), arr("dflt", "query", None), arr("multi", "query", Some("multi")),
                arr("ssv", "query", Some("ssv")), arr("pipes", "query", Some("pipes")), arr("tsv", "query", Some("tsv")),
                arr("a", "path", Some("csv")), arr("h", "header", Some("pipes"))
            ],
            "responses": {}
        } } }));
        let params = out["paths"]["/p/{a}"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .clone();
        let style = |i: usize| {
            (
                params[i].get("style").cloned(),
                params[i].get("explode").cloned(),
            )
        };
        assert_eq!(style(0), (Some(json!("form")), Some(json!(false))));
        assert_eq!(style(1), (Some(json!("form")), Some(json!(false))));
        assert_eq!(style(2), (Some(json!("form")), Some(json!(true))));
        assert_eq!(style(3), (Some(json!("spaceDelimited")), None));
        assert_eq!(style(4), (Some(json!("pipeDelimited")), None));
        assert_eq!(style(5), (None, None));
        assert_eq!(params[5]["x-collectionFormat"], "tsv");
        assert_eq!(style(6), (Some(json!("simple")), None));
        assert_eq!(params[7]["x-collectionFormat"], "pipes");
        // Nested collectionFormat has no 3.0 place.
        assert_eq!(
            params[0]["schema"],
            json!({ "type": "array", "items": { "type": "string" } })
        );
        assert!(params.iter().all(|p| p.get("collectionFormat").is_none()));
    }

    #[test]
    fn body_parameter_becomes_request_body_by_consumes() {
        let body = json!({ "name": "b", "in": "body", "description": "the pet", "required": true, "x-b": 1,
                           "schema": { "$ref": "#/definitions/Pet" } });
        let paths = json!({ "/a": {
            "post": { "consumes": ["application/xml"], "parameters": [body.clone()], "responses": {} },
            "put": { "parameters": [body.clone()], "responses": {} }
        } });
        let out = convert(doc(
            json!({ "consumes": ["text/plain", "application/json"], "paths": paths.clone() }),
        ));
        let post = &out["paths"]["/a"]["post"];
        assert_eq!(
            post["requestBody"],
            json!({ "description": "the pet", "content": { "application/xml": { "schema": { "$ref": "#/components/schemas/Pet" } } },
                    "required": true, "x-b": 1 })
        );
        assert!(post.get("parameters").is_none());
        let put = &out["paths"]["/a"]["put"]["requestBody"]["content"];
        let types: Vec<&str> = put
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(types, ["text/plain", "application/json"]);
        let out = convert(doc(json!({ "paths": paths })));
        let put = &out["paths"]["/a"]["put"]["requestBody"]["content"];
        assert!(put.get("application/json").is_some());
    }

    #[test]
    fn form_data_becomes_form_request_body() {
        let out = op(json!({ "/f": {
            "post": { "parameters": [
                { "name": "name", "in": "formData", "type": "string", "required": true, "description": "n" },
                { "name": "tags", "in": "formData", "type": "array", "items": { "type": "string" }, "collectionFormat": "pipes" }
            ], "responses": {} },
            "put": { "consumes": ["multipart/form-data"], "parameters": [
                { "name": "file", "in": "formData", "type": "file" }
            ], "responses": {} },
            "patch": { "parameters": [{ "name": "file", "in": "formData", "type": "file", "x-f": 1 }], "responses": {} }
        } }));
        let post = &out["paths"]["/f"]["post"]["requestBody"];
        assert_eq!(
            *post,
            json!({ "content": { "application/x-www-form-urlencoded": {
                "schema": { "type": "object", "properties": {
                    "name": { "type": "string", "description": "n" },
                    "tags": { "type": "array", "items": { "type": "string" } }
                }, "required": ["name"] },
                "encoding": { "tags": { "style": "pipeDelimited" } }
            } }, "required": true })
        );
        let put = &out["paths"]["/f"]["put"]["requestBody"]["content"];
        assert_eq!(
            put["multipart/form-data"]["schema"]["properties"]["file"],
            json!({ "type": "string", "format": "binary" })
        );
        // A file upload without consumes still needs multipart.
        let patch = &out["paths"]["/f"]["patch"]["requestBody"]["content"]["multipart/form-data"];
        assert_eq!(patch["schema"]["properties"]["file"]["x-f"], 1);
    }

    #[test]
    fn global_parameters_responses_and_refs() {
        let out = convert(doc(json!({
            "parameters": {
                "limit": { "name": "limit", "in": "query", "type": "integer" },
                "pet": { "name": "pet", "in": "body", "schema": { "$ref": "#/definitions/Pet" } },
                "upload": { "name": "upload", "in": "formData", "type": "file" }
            },
            "responses": { "NotFound": { "description": "nf", "schema": { "$ref": "#/definitions/Error" } } },
            "produces": ["application/json"],
            "paths": { "/pets": {
                "post": { "parameters": [{ "$ref": "#/parameters/limit" }, { "$ref": "#/parameters/pet" },
                                         { "$ref": "other.yaml#/parameters/shared" }],
                          "responses": { "404": { "$ref": "#/responses/NotFound" } } },
                "put": { "consumes": ["application/xml"], "parameters": [{ "$ref": "#/parameters/pet" }], "responses": {} },
                "patch": { "parameters": [{ "$ref": "#/parameters/upload" }], "responses": {} }
            } }
        })));
        let c = &out["components"];
        assert_eq!(
            c["parameters"]["limit"],
            json!({ "name": "limit", "in": "query", "schema": { "type": "integer" } })
        );
        assert_eq!(
            c["requestBodies"]["pet"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Pet"
        );
        assert_eq!(
            c["requestBodies"]["upload"]["content"]["multipart/form-data"]["schema"]["properties"]
                ["upload"]["format"],
            "binary"
        );
        assert_eq!(
            c["responses"]["NotFound"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error"
        );
        let post = &out["paths"]["/pets"]["post"];
        assert_eq!(
            post["parameters"],
            json!([{ "$ref": "#/components/parameters/limit" }, { "$ref": "other.yaml#/components/parameters/shared" }])
        );
        assert_eq!(
            post["requestBody"],
            json!({ "$ref": "#/components/requestBodies/pet" })
        );
        assert_eq!(
            post["responses"]["404"],
            json!({ "$ref": "#/components/responses/NotFound" })
        );
        // Different consumes than the shared body: inlined with the operation's media types.
        let put = &out["paths"]["/pets"]["put"]["requestBody"];
        assert!(put["content"].get("application/xml").is_some());
        let patch = &out["paths"]["/pets"]["patch"]["requestBody"];
        assert_eq!(
            *patch,
            json!({ "$ref": "#/components/requestBodies/upload" })
        );
        // The section itself: a rewritten reference that names a body parameter.
        let empty = doc(json!({}));
        let conv = Converter::new(empty.as_object().unwrap()).unwrap();
        assert_eq!(
            conv.rewrite_ref("#/securityDefinitions/k"),
            "#/components/securitySchemes/k"
        );
    }

    #[test]
    fn path_level_parameters() {
        let out = op(json!({ "/p/{id}": {
            "parameters": [
                { "name": "id", "in": "path", "type": "string" },
                { "name": "body", "in": "body", "schema": { "type": "object" } }
            ],
            "x-path": true,
            "get": { "responses": {} },
            "post": { "parameters": [{ "name": "body", "in": "body", "schema": { "type": "string" } }], "responses": {} }
        } }));
        let item = &out["paths"]["/p/{id}"];
        assert_eq!(
            item["parameters"],
            json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }])
        );
        assert_eq!(item["x-path"], true);
        assert_eq!(
            item["get"]["requestBody"]["content"]["application/json"]["schema"]["type"],
            "object"
        );
        // The operation's own body parameter overrides the path's.
        assert_eq!(
            item["post"]["requestBody"]["content"]["application/json"]["schema"]["type"],
            "string"
        );
    }

    #[test]
    fn responses_content_examples_and_headers() {
        let out = convert(doc(
            json!({ "produces": ["application/json", "application/xml"], "paths": { "/r": { "get": {
            "responses": {
                "200": { "description": "ok", "schema": { "type": "array", "items": { "$ref": "#/definitions/P" } },
                         "examples": { "application/json": [1], "text/csv": "a,b" },
                         "headers": { "X-Rate": { "type": "integer", "description": "limit", "x-h": 1 },
                                      "X-List": { "type": "array", "items": { "type": "string" }, "collectionFormat": "csv" } },
                         "x-r": 1 },
                "204": { "description": "none" },
                "default": { "schema": { "type": "file" } },
                "x-ext": { "any": 1 }
            }
        } } } }),
        ));
        let responses = &out["paths"]["/r"]["get"]["responses"];
        let ok = &responses["200"];
        let types: Vec<&str> = ok["content"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(types, ["application/json", "application/xml", "text/csv"]);
        assert_eq!(ok["content"]["application/json"]["example"], json!([1]));
        assert_eq!(
            ok["content"]["application/xml"]["schema"]["items"]["$ref"],
            "#/components/schemas/P"
        );
        assert_eq!(ok["content"]["text/csv"]["example"], "a,b");
        assert_eq!(
            ok["headers"]["X-Rate"],
            json!({ "description": "limit", "schema": { "type": "integer" }, "x-h": 1 })
        );
        assert_eq!(
            ok["headers"]["X-List"],
            json!({ "schema": { "type": "array", "items": { "type": "string" } } })
        );
        assert_eq!(ok["x-r"], 1);
        assert_eq!(responses["204"], json!({ "description": "none" }));
        assert_eq!(responses["default"]["description"], "");
        assert_eq!(
            responses["default"]["content"]["application/json"]["schema"],
            json!({ "type": "string", "format": "binary" })
        );
        assert_eq!(responses["x-ext"], json!({ "any": 1 }));
        // Nothing produced anywhere: swagger2openapi's */*.
        let out = op(
            json!({ "/r": { "get": { "produces": [], "responses": { "200": { "description": "", "schema": {} } } } } }),
        );
        assert!(out["paths"]["/r"]["get"]["responses"]["200"]["content"]
            .get("*/*")
            .is_some());
    }

    #[test]
    fn security_definitions() {
        let out = convert(doc(json!({ "securityDefinitions": {
            "basic": { "type": "basic", "description": "b", "x-s": 1 },
            "key": { "type": "apiKey", "name": "X-Key", "in": "header" },
            "imp": { "type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": { "r": "read" } },
            "pwd": { "type": "oauth2", "flow": "password", "tokenUrl": "https://t" },
            "app": { "type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": {} },
            "code": { "type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {} }
        }, "security": [{ "key": [] }] })));
        let s = &out["components"]["securitySchemes"];
        assert_eq!(
            s["basic"],
            json!({ "type": "http", "scheme": "basic", "description": "b", "x-s": 1 })
        );
        assert_eq!(
            s["key"],
            json!({ "type": "apiKey", "name": "X-Key", "in": "header" })
        );
        assert_eq!(
            s["imp"],
            json!({ "type": "oauth2", "flows": { "implicit": { "authorizationUrl": "https://a", "scopes": { "r": "read" } } } })
        );
        assert_eq!(
            s["pwd"]["flows"],
            json!({ "password": { "tokenUrl": "https://t", "scopes": {} } })
        );
        assert_eq!(
            s["app"]["flows"],
            json!({ "clientCredentials": { "tokenUrl": "https://t", "scopes": {} } })
        );
        assert_eq!(
            s["code"]["flows"],
            json!({ "authorizationCode": { "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {} } })
        );
        assert_eq!(out["security"], json!([{ "key": [] }]));
    }

    #[test]
    fn extensions_are_kept_everywhere() {
        let out = convert(doc(
            json!({ "x-root": 1, "paths": { "x-paths": 2, "/a": { "x-item": 3, "get": {
            "x-op": 4, "operationId": "a", "schemes": ["https"],
            "parameters": [{ "name": "q", "in": "query", "type": "string", "x-param": 5 }],
            "responses": { "200": { "description": "", "x-resp": 6 }, "x-responses": 7 }
        } } } }),
        ));
        assert_eq!(out["x-root"], 1);
        assert_eq!(out["paths"]["x-paths"], 2);
        let item = &out["paths"]["/a"];
        assert_eq!(item["x-item"], 3);
        assert_eq!(item["get"]["x-op"], 4);
        assert_eq!(item["get"]["parameters"][0]["x-param"], 5);
        assert_eq!(item["get"]["responses"]["200"]["x-resp"], 6);
        assert_eq!(item["get"]["responses"]["x-responses"], 7);
        // No host: operation schemes have nothing to qualify.
        assert!(item["get"].get("schemes").is_none() && item["get"].get("servers").is_none());
        let out = convert(doc(
            json!({ "host": "h", "schemes": ["http"], "paths": { "/a": { "get": {
            "schemes": ["https"], "responses": {}
        } } } }),
        ));
        assert_eq!(
            out["paths"]["/a"]["get"]["servers"],
            json!([{ "url": "https://h" }])
        );
    }

    #[test]
    fn errors_point_at_the_offending_node() {
        let e = swagger2_to_oas30(&json!([])).unwrap_err();
        assert_eq!(e.pointer, "");
        let e = swagger2_to_oas30(&json!({ "openapi": "3.0.0" })).unwrap_err();
        assert_eq!(e.pointer, "/swagger");
        let e = swagger2_to_oas30(&doc(json!({ "paths": { "/a": { "get": {
            "parameters": [{ "name": "q" }], "responses": {} } } } })))
        .unwrap_err();
        assert_eq!(e.pointer, "/paths/~1a/get/parameters/0");
        assert!(e.to_string().contains("without `in`"));
        let e = swagger2_to_oas30(&doc(
            json!({ "securityDefinitions": { "o": { "type": "oauth2", "flow": "magic" } } }),
        ))
        .unwrap_err();
        assert_eq!(e.pointer, "/securityDefinitions/o/flow");
        let e = swagger2_to_oas30(&doc(json!({ "paths": { "/a": { "post": { "parameters": [
            { "name": "a", "in": "body", "schema": {} }, { "name": "b", "in": "formData", "type": "string" }
        ], "responses": {} } } } })))
        .unwrap_err();
        assert_eq!(e.pointer, "/paths/~1a/post/parameters");
        // YAML's unquoted 2.0 is a number.
        assert!(swagger2_to_oas30(&json!({ "swagger": 2.0, "info": {}, "paths": {} })).is_ok());
    }

    #[test]
    fn result_deserialises_into_typed_model() {
        let out = convert(doc(json!({
            "host": "h", "basePath": "/b", "schemes": ["https"],
            "definitions": { "Pet": { "type": "object", "discriminator": "kind", "required": ["kind"],
                                      "properties": { "kind": { "type": "string", "x-nullable": true } } } },
            "securityDefinitions": { "o": { "type": "oauth2", "flow": "accessCode", "authorizationUrl": "a", "tokenUrl": "t", "scopes": {} } },
            "paths": { "/p/{id}": {
                "parameters": [{ "name": "id", "in": "path", "type": "string" }],
                "post": { "parameters": [{ "name": "f", "in": "formData", "type": "file" },
                                         { "name": "q", "in": "query", "type": "array", "items": { "type": "integer" } }],
                          "responses": { "200": { "description": "ok", "schema": { "$ref": "#/definitions/Pet" },
                                                  "headers": { "X": { "type": "string" } } } } }
            } }
        })));
        let api = typed(out).unwrap();
        let op = api.paths.paths["/p/{id}"]
            .as_item()
            .unwrap()
            .post
            .as_ref()
            .unwrap();
        assert!(op.request_body.is_some());
        assert_eq!(api.components.unwrap().schemas.len(), 1);
    }

    #[test]
    fn corpus_swagger2_specs_convert_and_deserialise() {
        let Some(dir) = corpus_dir() else {
            return;
        };
        for name in [
            "oai-petstore-v2.json",
            "oai-petstore-expanded-v2.json",
            "oai-uber-v2.yaml",
            "kubernetes-v2.json",
            "argo-workflows-v2.json",
        ] {
            let Some(input) = load(&dir, name) else {
                continue;
            };
            let out = swagger2_to_oas30(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
            let definitions = input
                .get("definitions")
                .and_then(Value::as_object)
                .map_or(0, Map::len);
            let (paths, ops, schemas) = assert_counts_kept(name, &input, out, definitions);
            eprintln!("{name}: {paths} paths, {ops} operations, {schemas} schemas");
        }
    }
}
