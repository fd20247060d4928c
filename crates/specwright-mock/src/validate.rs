//! Request validation: parameters are read per their style, coerced to their schema types,
//! and validated together per location (so a missing one reads "must have required
//! property"); bodies are parsed by media type and validated against the request schema.

use crate::engine::{problem, Engine, MockRequest, MockResponse};
use crate::generate::schema_type;
use crate::model::{follow, Api, In, Operation, Param};
use crate::negotiate;
use crate::schema::{Direction, Violation};
use crate::security::cookies;
use serde_json::{json, Map, Value};

/// 415 when a body is sent with a media type the operation does not accept.
pub fn content_type(op: &Operation, req: &MockRequest) -> Option<MockResponse> {
    let body = op.body.as_ref()?;
    if req.body.is_empty() || body.content.is_empty() {
        return None;
    }
    let ct = negotiate::essence(req.get_header("content-type").unwrap_or(""));
    if body
        .content
        .iter()
        .any(|m| negotiate::matches(&negotiate::essence(&m.media), &ct))
    {
        return None;
    }
    let list: Vec<&str> = body.content.iter().map(|m| m.media.as_str()).collect();
    Some(problem(
        415,
        "INVALID_CONTENT_TYPE",
        "Invalid content type",
        &format!("Supported content types: {}", list.join(", ")),
        None,
    ))
}

pub fn request(
    engine: &Engine,
    op: &Operation,
    req: &MockRequest,
    path_values: &[(String, String)],
    query: &[(String, String)],
) -> Vec<Violation> {
    let api = engine.api();
    let oi = api
        .operations
        .iter()
        .position(|o| std::ptr::eq(o, op))
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let cookie_pairs = cookies(req);
    for location in [In::Path, In::Query, In::Header, In::Cookie] {
        let params: Vec<&Param> = op
            .params
            .iter()
            .filter(|p| p.location == location)
            .collect();
        if params.is_empty() {
            continue;
        }
        let mut instance = Map::new();
        for p in &params {
            let key = if location == In::Header {
                p.name.to_ascii_lowercase()
            } else {
                p.name.clone()
            };
            let raw: Vec<String> = match location {
                In::Path => path_values
                    .iter()
                    .filter(|(k, v)| k == &p.name && !v.is_empty())
                    .map(|(_, v)| v.clone())
                    .collect(),
                In::Query => query
                    .iter()
                    .filter(|(k, _)| k == &p.name)
                    .map(|(_, v)| v.clone())
                    .collect(),
                In::Header => req
                    .headers
                    .iter()
                    .filter(|(k, _)| k.eq_ignore_ascii_case(&p.name))
                    .map(|(_, v)| v.clone())
                    .collect(),
                In::Cookie => cookie_pairs
                    .iter()
                    .filter(|(k, _)| k == &p.name)
                    .map(|(_, v)| v.clone())
                    .collect(),
            };
            let value = read_param(api, p, &raw, query);
            if let Some(v) = value {
                if p.deprecated {
                    let what = match location {
                        In::Path => "Path",
                        In::Query => "Query",
                        In::Header => "Header",
                        In::Cookie => "Cookie",
                    };
                    warnings.push(Violation {
                        location: vec!["request".into(), location.label().into(), p.name.clone()],
                        severity: "Warning",
                        code: Some(json!("deprecated")),
                        message: format!("{what} param {} is deprecated", p.name),
                    });
                }
                instance.insert(key, v);
            }
        }
        // The location's schema (all its parameters as properties) is built once per key.
        let schema = || {
            let mut props = Map::new();
            let mut required = Vec::new();
            for p in &params {
                let key = if location == In::Header {
                    p.name.to_ascii_lowercase()
                } else {
                    p.name.clone()
                };
                props.insert(key.clone(), p.schema.clone());
                if p.required {
                    required.push(Value::String(key));
                }
            }
            json!({"type": "object", "properties": props, "required": required})
        };
        let key = format!("req:{oi}:{}", location.label());
        out.extend(engine.check(
            &key,
            schema,
            Direction::Request,
            &Value::Object(instance),
            &["request", location.label()],
        ));
    }
    if let Some(body) = &op.body {
        if req.body.is_empty() {
            if body.required {
                out.push(Violation::error(
                    vec!["request".into(), "body".into()],
                    Some(json!("required")),
                    "Body parameter is required".into(),
                ));
            }
        } else {
            let ct = negotiate::essence(req.get_header("content-type").unwrap_or(""));
            let found = body
                .content
                .iter()
                .enumerate()
                .find(|(_, m)| negotiate::matches(&negotiate::essence(&m.media), &ct));
            if let Some((mi, media)) = found {
                if let Some(schema) = &media.schema {
                    match parse_body(api, &ct, req, schema, &media.no_reserved) {
                        Ok(None) => {}
                        Ok(Some((value, reserved))) => {
                            out.extend(reserved);
                            let key = format!("reqbody:{oi}:{mi}");
                            out.extend(engine.check(
                                &key,
                                || schema.clone(),
                                Direction::Request,
                                &value,
                                &["request", "body"],
                            ));
                        }
                        Err(msg) => out.push(Violation::error(
                            vec!["request".into(), "body".into()],
                            Some(json!("type")),
                            msg,
                        )),
                    }
                }
            }
        }
    }
    out.extend(warnings);
    out
}

fn read_param(api: &Api, p: &Param, raw: &[String], query: &[(String, String)]) -> Option<Value> {
    let schema = follow(&api.doc, &p.schema);
    let ty = schema.as_object().and_then(schema_type);
    match ty.as_deref() {
        Some("object") if p.location == In::Query && p.style == "deepObject" => {
            let prefix = format!("{}[", p.name);
            let mut m = Map::new();
            for (k, v) in query {
                if let Some(rest) = k.strip_prefix(&prefix).and_then(|r| r.strip_suffix(']')) {
                    m.insert(rest.to_string(), Value::String(v.clone()));
                }
            }
            (!m.is_empty()).then(|| coerce(api, schema, Value::Object(m)))
        }
        Some("object") if p.location == In::Query && p.explode => {
            // Exploded form objects spread their properties over the query.
            let props = schema.get("properties").and_then(Value::as_object)?;
            let mut m = Map::new();
            for (k, v) in query {
                if props.contains_key(k) {
                    m.insert(k.clone(), Value::String(v.clone()));
                }
            }
            (!m.is_empty()).then(|| coerce(api, schema, Value::Object(m)))
        }
        Some("object") => {
            let first = raw.first()?;
            let parts: Vec<&str> = first.split(',').collect();
            let mut m = Map::new();
            if p.explode {
                for kv in parts {
                    if let Some((k, v)) = kv.split_once('=') {
                        m.insert(k.to_string(), Value::String(v.to_string()));
                    }
                }
            } else {
                for pair in parts.chunks(2) {
                    if let [k, v] = pair {
                        m.insert(k.to_string(), Value::String(v.to_string()));
                    }
                }
            }
            Some(coerce(api, schema, Value::Object(m)))
        }
        Some("array") => {
            if raw.is_empty() {
                return None;
            }
            let items: Vec<Value> = if raw.len() > 1 || (p.explode && p.location == In::Query) {
                raw.iter().map(|s| Value::String(s.clone())).collect()
            } else {
                let sep = match p.style.as_str() {
                    "spaceDelimited" => ' ',
                    "pipeDelimited" => '|',
                    _ => ',',
                };
                raw[0]
                    .split(sep)
                    .map(|s| Value::String(s.to_string()))
                    .collect()
            };
            Some(coerce(api, schema, Value::Array(items)))
        }
        _ => raw
            .first()
            .map(|s| coerce(api, schema, Value::String(s.clone()))),
    }
}

/// Strings from the wire to the schema's types; what does not parse stays a string so the
/// validator reports the type error.
pub fn coerce(api: &Api, schema: &Value, v: Value) -> Value {
    let schema = follow(&api.doc, schema);
    let ty = schema.as_object().and_then(schema_type);
    match v {
        Value::String(s) if ty.as_deref() == Some("array") && !schema_allows_string(schema) => {
            coerce(api, schema, Value::Array(vec![Value::String(s)]))
        }
        Value::String(s) => match ty.as_deref() {
            Some("integer") => match s.parse::<i64>() {
                Ok(n) => Value::from(n),
                // Integers beyond 64 bits are still integers (JSON has no bound).
                Err(_) if is_integer_literal(&s) => s
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::String(s)),
                Err(_) => Value::String(s),
            },
            Some("number") => match s.parse::<f64>() {
                Ok(n) if n.is_finite() && !s.trim().is_empty() => {
                    if n.fract() == 0.0 && n.abs() < 9.0e15 {
                        json!(n as i64)
                    } else {
                        json!(n)
                    }
                }
                _ => Value::String(s),
            },
            Some("boolean") => match s.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(s),
            },
            Some("null") if s.is_empty() => Value::Null,
            _ => Value::String(s),
        },
        Value::Array(items) => {
            let item_schema = schema.get("items").cloned().unwrap_or(json!({}));
            Value::Array(
                items
                    .into_iter()
                    .map(|x| coerce(api, &item_schema, x))
                    .collect(),
            )
        }
        Value::Object(m) => {
            let props = schema.get("properties");
            Value::Object(
                m.into_iter()
                    .map(|(k, x)| {
                        let s = props.and_then(|p| p.get(&k)).cloned().unwrap_or(json!({}));
                        let x = coerce(api, &s, x);
                        (k, x)
                    })
                    .collect(),
            )
        }
        other => other,
    }
}

fn is_integer_literal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `type: [array, string]` and the like: a lone value stays a string.
fn schema_allows_string(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
        _ => false,
    }
}

type Parsed = Option<(Value, Vec<Violation>)>;

fn parse_body(
    api: &Api,
    ct: &str,
    req: &MockRequest,
    schema: &Value,
    no_reserved: &[String],
) -> Result<Parsed, String> {
    if negotiate::is_json(ct) {
        return serde_json::from_slice(&req.body)
            .map(|v| Some((v, Vec::new())))
            .map_err(|e| format!("Invalid JSON: {e}"));
    }
    let fields: Vec<(String, String, String)> = if ct == "application/x-www-form-urlencoded" {
        let text = String::from_utf8_lossy(&req.body);
        text.split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, raw) = pair.split_once('=').unwrap_or((pair, ""));
                let decode = |s: &str| {
                    let s = s.replace('+', " ");
                    percent_encoding::percent_decode_str(&s)
                        .decode_utf8_lossy()
                        .into_owned()
                };
                (decode(k), decode(raw), raw.to_string())
            })
            .collect()
    } else if ct == "multipart/form-data" {
        let boundary = req
            .get_header("content-type")
            .and_then(|c| {
                c.split(';')
                    .filter_map(|p| p.trim().strip_prefix("boundary="))
                    .next()
                    .map(|b| b.trim_matches('"').to_string())
            })
            .ok_or("multipart body without a boundary")?;
        multipart(&req.body, &boundary)
            .into_iter()
            .map(|(k, v)| (k, v.clone(), v))
            .collect()
    } else if ct.starts_with("text/") {
        return Ok(Some((
            Value::String(String::from_utf8_lossy(&req.body).into_owned()),
            Vec::new(),
        )));
    } else {
        // Binary and other media types are not validated.
        return Ok(None);
    };
    let mut reserved = Vec::new();
    let mut m = Map::new();
    for (k, v, raw) in fields {
        if no_reserved.contains(&k) && raw.chars().any(|c| ":/?#[]@!$&'()*+,;=".contains(c)) {
            reserved.push(Violation::error(
                vec!["request".into(), "body".into(), k.clone()],
                None,
                "Reserved characters used in request body".into(),
            ));
        }
        // A repeated field is an array (form style, exploded); `coerce` makes a single
        // value of an array property a one-item array.
        match m.get_mut(&k) {
            Some(Value::Array(a)) => a.push(Value::String(v)),
            Some(first) => {
                let first = first.take();
                m.insert(k, Value::Array(vec![first, Value::String(v)]));
            }
            None => {
                m.insert(k, Value::String(v));
            }
        }
    }
    Ok(Some((coerce(api, schema, Value::Object(m)), reserved)))
}

/// Minimal multipart/form-data reader (field name and bytes). multer, the maintained parser,
/// is async-only, and the engine must stay synchronous for the studio's preview calls.
fn multipart(body: &[u8], boundary: &str) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    let delim = format!("--{boundary}");
    let mut out = Vec::new();
    for part in text.split(delim.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        let Some((head, content)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        let name = head
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("name="))
            .next()
            .map(|n| n.trim_matches('"').to_string());
        if let Some(name) = name {
            out.push((name, content.to_string()));
        }
    }
    out
}
