//! The mock's view of a spec: operations, parameters, bodies and responses read from the
//! bundled JSON, with Swagger 2.0 mapped onto the same shapes as OpenAPI 3.x.
//!
//! Schemas stay as written (refs included); `schema.rs` and `generate.rs` read them through
//! [`Api::resolve`]. Working on the bundle directly keeps 2.0, 3.0 and 3.1 in one code path
//! without a lossy typed model (3.1 schemas are JSON Schema 2020-12).

use indexmap::IndexMap;
use serde_json::{json, Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Swagger2,
    Oas30,
    Oas31,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum In {
    Path,
    Query,
    Header,
    Cookie,
}

impl In {
    pub fn label(self) -> &'static str {
        match self {
            In::Path => "path",
            In::Query => "query",
            In::Header => "header",
            In::Cookie => "cookie",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub location: In,
    pub required: bool,
    pub deprecated: bool,
    pub schema: Value,
    /// `form`, `simple`, `spaceDelimited`, `pipeDelimited`, `deepObject`.
    pub style: String,
    pub explode: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Media {
    pub media: String,
    pub schema: Option<Value>,
    pub example: Option<Value>,
    /// Named examples, values already taken out of their Example Objects.
    pub examples: IndexMap<String, Value>,
    /// Form fields whose `encoding` forbids reserved characters.
    pub no_reserved: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct HeaderDef {
    pub name: String,
    pub schema: Value,
    pub example: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusKey {
    Code(u16),
    /// `2XX`: the first digit.
    Range(u16),
    Default,
}

#[derive(Clone, Debug)]
pub struct Response {
    pub key: StatusKey,
    pub headers: Vec<HeaderDef>,
    pub content: Vec<Media>,
}

#[derive(Clone, Debug)]
pub struct Body {
    pub required: bool,
    pub content: Vec<Media>,
}

#[derive(Clone, Debug)]
pub enum SchemeKind {
    ApiKey {
        location: In,
        name: String,
    },
    Basic,
    Bearer,
    Digest,
    OAuth2,
    OpenId,
    /// An HTTP scheme the mock does not know: any Authorization header with that scheme name.
    OtherHttp(String),
}

#[derive(Clone, Debug)]
pub struct Operation {
    pub id: Option<String>,
    pub method: String,
    pub path: String,
    pub segments: Vec<Vec<Part>>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// Alternatives (OR) of requirement sets (AND of scheme names). Empty: no security.
    pub security: Vec<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Lit(String),
    Var(String),
}

pub struct Api {
    pub dialect: Dialect,
    pub doc: Value,
    pub base_paths: Vec<String>,
    pub operations: Vec<Operation>,
    pub schemes: IndexMap<String, SchemeKind>,
    /// `x-json-schema-faker` options that change output: minItems/maxItems.
    pub faker_min_items: Option<u64>,
    pub faker_max_items: Option<u64>,
    pub faker_fill_properties: Option<bool>,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ModelError(pub String);

impl Api {
    pub fn from_bundle(doc: Value) -> Result<Api, ModelError> {
        let dialect = if doc.get("swagger").is_some() {
            Dialect::Swagger2
        } else {
            match doc.get("openapi").and_then(Value::as_str) {
                Some(v) if v.starts_with("3.1") || v.starts_with("3.2") => Dialect::Oas31,
                Some(v) if v.starts_with("3.") => Dialect::Oas30,
                Some(v) => return Err(ModelError(format!("unsupported OpenAPI version {v}"))),
                None => {
                    return Err(ModelError(
                        "not an OpenAPI document: no `openapi` or `swagger` field".into(),
                    ))
                }
            }
        };
        let mut api = Api {
            dialect,
            doc: Value::Null,
            base_paths: Vec::new(),
            operations: Vec::new(),
            schemes: IndexMap::new(),
            faker_min_items: None,
            faker_max_items: None,
            faker_fill_properties: None,
        };
        if let Some(cfg) = doc.get("x-json-schema-faker") {
            api.faker_min_items = cfg.get("minItems").and_then(Value::as_u64);
            api.faker_max_items = cfg.get("maxItems").and_then(Value::as_u64);
            api.faker_fill_properties = cfg.get("fillProperties").and_then(Value::as_bool);
        }
        api.base_paths = base_paths(&doc, dialect);
        api.schemes = read_schemes(&doc, dialect);
        let global_security = doc.get("security").cloned();
        let mut operations = Vec::new();
        if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                let item = follow(&doc, item);
                let Some(item_obj) = item.as_object() else {
                    continue;
                };
                let shared = item_obj.get("parameters").cloned();
                for method in METHODS {
                    let Some(op) = item_obj.get(method) else {
                        continue;
                    };
                    operations.push(read_operation(
                        &doc,
                        dialect,
                        path,
                        method,
                        op,
                        shared.as_ref(),
                        global_security.as_ref(),
                    ));
                }
            }
        }
        api.operations = operations;
        api.doc = doc;
        Ok(api)
    }

    /// Follows `$ref`s (bounded, so a loop of refs cannot hang).
    pub fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        follow(&self.doc, v)
    }
}

pub fn follow<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => match lookup(doc, r) {
                Some(t) => v = t,
                None => return v,
            },
            None => return v,
        }
    }
    v
}

/// A local `#/...` pointer into `doc`.
pub fn lookup<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    let decoded = percent_encoding::percent_decode_str(pointer)
        .decode_utf8()
        .ok()?;
    doc.pointer(&decoded)
}

fn base_paths(doc: &Value, dialect: Dialect) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |p: &str| {
        let p = p.trim_end_matches('/');
        if !p.is_empty() && p != "/" && !out.iter().any(|o| o == p) {
            out.push(p.to_string());
        }
    };
    if dialect == Dialect::Swagger2 {
        if let Some(b) = doc.get("basePath").and_then(Value::as_str) {
            push(b);
        }
        return out;
    }
    for server in doc
        .get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(url) = server.get("url").and_then(Value::as_str) else {
            continue;
        };
        // Server variables take their defaults.
        let mut url = url.to_string();
        if let Some(vars) = server.get("variables").and_then(Value::as_object) {
            for (k, v) in vars {
                if let Some(d) = v.get("default").and_then(Value::as_str) {
                    url = url.replace(&format!("{{{k}}}"), d);
                }
            }
        }
        let path = match url.find("://") {
            Some(i) => match url[i + 3..].find('/') {
                Some(j) => url[i + 3 + j..].to_string(),
                None => String::new(),
            },
            None => url.clone(),
        };
        push(&path);
    }
    out
}

fn read_schemes(doc: &Value, dialect: Dialect) -> IndexMap<String, SchemeKind> {
    let defs = if dialect == Dialect::Swagger2 {
        doc.get("securityDefinitions")
    } else {
        doc.pointer("/components/securitySchemes")
    };
    let mut out = IndexMap::new();
    for (name, s) in defs.and_then(Value::as_object).into_iter().flatten() {
        let s = follow(doc, s);
        let ty = s.get("type").and_then(Value::as_str).unwrap_or("");
        let kind = match ty {
            "apiKey" => {
                let location = match s.get("in").and_then(Value::as_str) {
                    Some("query") => In::Query,
                    Some("cookie") => In::Cookie,
                    _ => In::Header,
                };
                let name = s
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                SchemeKind::ApiKey { location, name }
            }
            "basic" => SchemeKind::Basic,
            "http" => {
                let scheme = s
                    .get("scheme")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_ascii_lowercase();
                match scheme.as_str() {
                    "basic" => SchemeKind::Basic,
                    "bearer" => SchemeKind::Bearer,
                    "digest" => SchemeKind::Digest,
                    _ => SchemeKind::OtherHttp(scheme),
                }
            }
            "oauth2" => SchemeKind::OAuth2,
            "openIdConnect" => SchemeKind::OpenId,
            _ => continue,
        };
        out.insert(name.clone(), kind);
    }
    out
}

fn read_operation(
    doc: &Value,
    dialect: Dialect,
    path: &str,
    method: &str,
    op: &Value,
    shared: Option<&Value>,
    global_security: Option<&Value>,
) -> Operation {
    // Operation parameters override path-level ones with the same name and location.
    let mut raw: Vec<&Value> = Vec::new();
    for p in shared.and_then(Value::as_array).into_iter().flatten() {
        raw.push(follow(doc, p));
    }
    for p in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let p = follow(doc, p);
        let key = (p.get("name"), p.get("in"));
        raw.retain(|q| (q.get("name"), q.get("in")) != key);
        raw.push(p);
    }
    let mut params = Vec::new();
    let mut form_fields: Vec<&Value> = Vec::new();
    let mut body_param: Option<&Value> = None;
    for p in raw {
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let location = match p.get("in").and_then(Value::as_str) {
            Some("path") => In::Path,
            Some("query") => In::Query,
            Some("header") => In::Header,
            Some("cookie") => In::Cookie,
            Some("body") => {
                body_param = Some(p);
                continue;
            }
            Some("formData") => {
                form_fields.push(p);
                continue;
            }
            _ => continue,
        };
        let (schema, style, explode) = if dialect == Dialect::Swagger2 {
            let style = match p.get("collectionFormat").and_then(Value::as_str) {
                Some("ssv") => "spaceDelimited",
                Some("pipes") => "pipeDelimited",
                Some("multi") => "form",
                _ => {
                    if location == In::Query {
                        "form"
                    } else {
                        "simple"
                    }
                }
            };
            let explode = p.get("collectionFormat").and_then(Value::as_str) == Some("multi");
            (swagger2_param_schema(p), style.to_string(), explode)
        } else {
            let default_style = match location {
                In::Query | In::Cookie => "form",
                _ => "simple",
            };
            let style = p
                .get("style")
                .and_then(Value::as_str)
                .unwrap_or(default_style)
                .to_string();
            let explode = p
                .get("explode")
                .and_then(Value::as_bool)
                .unwrap_or(style == "form");
            let schema = p
                .get("schema")
                .cloned()
                .or_else(|| {
                    // `content` parameters: the first media type's schema.
                    p.get("content")
                        .and_then(Value::as_object)
                        .and_then(|c| c.values().next())
                        .and_then(|m| m.get("schema").cloned())
                })
                .unwrap_or_else(|| json!({}));
            (schema, style, explode)
        };
        params.push(Param {
            name,
            location,
            required: p.get("required").and_then(Value::as_bool).unwrap_or(false)
                || location == In::Path,
            deprecated: p
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            schema,
            style,
            explode,
        });
    }

    let body = if dialect == Dialect::Swagger2 {
        let consumes = op
            .get("consumes")
            .or_else(|| doc.get("consumes"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        if let Some(bp) = body_param {
            let types = if consumes.is_empty() {
                vec!["application/json".to_string()]
            } else {
                consumes
            };
            Some(Body {
                required: bp.get("required").and_then(Value::as_bool).unwrap_or(false),
                content: types
                    .into_iter()
                    .map(|m| Media {
                        media: m,
                        schema: bp.get("schema").cloned(),
                        ..Media::default()
                    })
                    .collect(),
            })
        } else if !form_fields.is_empty() {
            let mut props = Map::new();
            let mut required = Vec::new();
            for f in &form_fields {
                let name = f
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let mut s = swagger2_param_schema(f);
                if f.get("allowEmptyValue").and_then(Value::as_bool) == Some(false)
                    && s.get("type").and_then(Value::as_str) == Some("string")
                {
                    s["minLength"] = json!(1);
                }
                if f.get("required").and_then(Value::as_bool).unwrap_or(false) {
                    required.push(Value::String(name.clone()));
                }
                props.insert(name, s);
            }
            let schema = json!({"type": "object", "properties": props, "required": required});
            let types = if consumes.is_empty() {
                vec!["application/x-www-form-urlencoded".to_string()]
            } else {
                consumes
            };
            Some(Body {
                required: !required.is_empty(),
                content: types
                    .into_iter()
                    .map(|m| Media {
                        media: m,
                        schema: Some(schema.clone()),
                        ..Media::default()
                    })
                    .collect(),
            })
        } else {
            None
        }
    } else {
        op.get("requestBody").map(|rb| {
            let rb = follow(doc, rb);
            Body {
                required: rb.get("required").and_then(Value::as_bool).unwrap_or(false),
                content: read_content(doc, rb.get("content")),
            }
        })
    };

    let produces: Option<Vec<String>> = op
        .get("produces")
        .or_else(|| doc.get("produces"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        });
    let mut responses = Vec::new();
    for (code, r) in op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let key = match code.as_str() {
            "default" => StatusKey::Default,
            c if c.len() == 3 && c[1..].eq_ignore_ascii_case("xx") => match c[..1].parse::<u16>() {
                Ok(d) => StatusKey::Range(d),
                Err(_) => continue,
            },
            c => match c.parse::<u16>() {
                Ok(n) if (100..600).contains(&n) => StatusKey::Code(n),
                _ => continue,
            },
        };
        let r = follow(doc, r);
        let response = if dialect == Dialect::Swagger2 {
            swagger2_response(doc, r, produces.as_deref(), key)
        } else {
            let mut headers = Vec::new();
            for (name, h) in r
                .get("headers")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let h = follow(doc, h);
                headers.push(HeaderDef {
                    name: name.clone(),
                    schema: h.get("schema").cloned().unwrap_or_else(|| json!({})),
                    example: h.get("example").cloned().or_else(|| {
                        h.get("examples")
                            .and_then(Value::as_object)
                            .and_then(|e| e.values().next())
                            .map(|e| follow(doc, e))
                            .and_then(|e| e.get("value").cloned())
                    }),
                });
            }
            Response {
                key,
                headers,
                content: read_content(doc, r.get("content")),
            }
        };
        responses.push(response);
    }

    let security = match op.get("security").or(global_security) {
        Some(Value::Array(alts)) => {
            let mut out = Vec::new();
            for alt in alts {
                let set: Vec<String> = alt
                    .as_object()
                    .map(|o| o.keys().cloned().collect())
                    .unwrap_or_default();
                if set.is_empty() {
                    // `{}` is the anonymous alternative: no credentials needed at all.
                    out.clear();
                    break;
                }
                out.push(set);
            }
            out
        }
        _ => Vec::new(),
    };

    Operation {
        id: op
            .get("operationId")
            .and_then(Value::as_str)
            .map(String::from),
        method: method.to_string(),
        path: path.to_string(),
        segments: parse_template(path),
        params,
        body,
        responses,
        security,
    }
}

pub fn parse_template(path: &str) -> Vec<Vec<Part>> {
    path.trim_start_matches('/')
        .split('/')
        .map(|seg| {
            let mut parts = Vec::new();
            let mut rest = seg;
            while let Some(open) = rest.find('{') {
                match rest[open..].find('}') {
                    Some(close) => {
                        if open > 0 {
                            parts.push(Part::Lit(rest[..open].to_string()));
                        }
                        parts.push(Part::Var(rest[open + 1..open + close].to_string()));
                        rest = &rest[open + close + 1..];
                    }
                    None => break,
                }
            }
            if !rest.is_empty() || parts.is_empty() {
                parts.push(Part::Lit(rest.to_string()));
            }
            parts
        })
        .collect()
}

fn read_content(doc: &Value, content: Option<&Value>) -> Vec<Media> {
    let mut out = Vec::new();
    for (media, m) in content.and_then(Value::as_object).into_iter().flatten() {
        let m = follow(doc, m);
        let mut examples = IndexMap::new();
        for (k, e) in m
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let e = follow(doc, e);
            if let Some(v) = e.get("value") {
                examples.insert(k.clone(), v.clone());
            }
        }
        let mut no_reserved = Vec::new();
        for (field, enc) in m
            .get("encoding")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if enc.get("allowReserved").and_then(Value::as_bool) == Some(false) {
                no_reserved.push(field.clone());
            }
        }
        out.push(Media {
            media: media.clone(),
            schema: m.get("schema").cloned(),
            example: m.get("example").cloned(),
            examples,
            no_reserved,
        });
    }
    out
}

/// A Swagger 2.0 non-body parameter's schema: its own type keywords (plus `items`).
fn swagger2_param_schema(p: &Value) -> Value {
    const KEYS: [&str; 16] = [
        "type",
        "format",
        "items",
        "enum",
        "default",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "multipleOf",
    ];
    let mut s = Map::new();
    for k in KEYS {
        if let Some(v) = p.get(k) {
            let v = if k == "items" {
                swagger2_param_schema(v)
            } else {
                v.clone()
            };
            s.insert(k.to_string(), v);
        }
    }
    if s.get("type").and_then(Value::as_str) == Some("file") {
        s.remove("type");
    }
    // Prism checks Swagger's `byte` as base64 text, pattern included.
    if s.get("format").and_then(Value::as_str) == Some("byte") && !s.contains_key("pattern") {
        s.insert("pattern".into(), json!("^[\\w\\d+\\/=]*$"));
    }
    Value::Object(s)
}

fn swagger2_response(
    doc: &Value,
    r: &Value,
    produces: Option<&[String]>,
    key: StatusKey,
) -> Response {
    let mut headers = Vec::new();
    for (name, h) in r
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let h = follow(doc, h);
        headers.push(HeaderDef {
            name: name.clone(),
            schema: swagger2_param_schema(h),
            example: h.get("x-example").cloned(),
        });
    }
    let examples = r.get("examples").and_then(Value::as_object);
    let schema = r.get("schema").cloned();
    let mut types: Vec<String> = match produces {
        Some(p) if !p.is_empty() => p.to_vec(),
        _ => examples
            .map(|e| e.keys().filter(|k| k.as_str() != "*/*").cloned().collect())
            .unwrap_or_default(),
    };
    if types.is_empty() && (schema.is_some() || examples.is_some_and(|e| !e.is_empty())) {
        types.push("application/json".to_string());
    }
    let mut content = Vec::new();
    if schema.is_some() || examples.is_some_and(|e| !e.is_empty()) {
        for t in types {
            let example = examples.and_then(|e| e.get(&t).or_else(|| e.get("*/*")).cloned());
            content.push(Media {
                media: t,
                schema: schema.clone(),
                example,
                ..Media::default()
            });
        }
    }
    Response {
        key,
        headers,
        content,
    }
}
