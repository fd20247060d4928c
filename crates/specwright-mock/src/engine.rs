//! One request in, one response out, no I/O: routing, security, request validation,
//! response selection, negotiation, generation and serialisation. The HTTP server and the
//! studio's preview both call [`Engine::handle`].

use crate::generate::{self, Generator};
use crate::model::{Api, Media, Operation, Part, Response, SchemeKind, StatusKey};
use crate::negotiate;
use crate::schema::{self, Direction, Validator, Violation};
use crate::security;
use crate::validate;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Clone, Debug, Default)]
pub struct MockOptions {
    /// Generate data from schemas instead of serving examples (`-d`).
    pub dynamic: bool,
    /// Seed for dynamic data: the same request then gets the same response.
    pub seed: Option<u64>,
    /// Answer 500 when the response would violate the spec (`--errors`).
    pub errors: bool,
    /// CORS headers and preflight answers (on by default in the CLI).
    pub cors: bool,
    /// `--json-schema-faker-fillProperties=false`: dynamic objects carry only required properties.
    pub fill_properties: Option<bool>,
}

#[derive(Clone, Debug, Default)]
pub struct MockRequest {
    pub method: String,
    /// Path with optional `?query`.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl MockRequest {
    pub fn new(method: &str, target: &str) -> MockRequest {
        MockRequest {
            method: method.to_string(),
            target: target.to_string(),
            ..MockRequest::default()
        }
    }
    pub fn header(mut self, name: &str, value: &str) -> MockRequest {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> MockRequest {
        self.body = body.into();
        self
    }
    pub fn get_header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MockResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl MockResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the preview asks for: an operation and, optionally, status, example, media type.
#[derive(Clone, Debug, Default)]
pub struct Preview {
    /// `operationId`, or `METHOD /path/template`.
    pub operation: String,
    pub status: Option<u16>,
    pub example: Option<String>,
    pub dynamic: bool,
    pub accept: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OperationInfo {
    pub id: Option<String>,
    pub method: String,
    pub path: String,
    pub statuses: Vec<String>,
}

/// Lazily compiled validators: compiling every schema of a large spec up front would cost
/// startup time that most operations never need.
pub(crate) struct Slot {
    schema: Value,
    dir: Direction,
    compiled: OnceLock<Option<Validator>>,
}

pub struct Engine {
    pub(crate) api: Api,
    pub(crate) opts: MockOptions,
    slots: Mutex<HashMap<String, Arc<Slot>>>,
    cache: Mutex<HashMap<(usize, usize, usize), Value>>,
    example_ok: Mutex<HashMap<(usize, usize, usize), bool>>,
    /// Last body checked per response media type, with its violations.
    checked: Mutex<HashMap<(usize, usize, usize), CheckedBody>>,
    patterns: generate::Patterns,
    counter: AtomicU64,
}

type CheckedBody = (Vec<u8>, Vec<Violation>);
/// Path template variables and their raw values.
type PathVars = Vec<(String, String)>;

pub(crate) struct Prefer {
    pub code: Option<u16>,
    pub example: Option<String>,
    pub dynamic: Option<bool>,
}

impl Engine {
    pub fn new(api: Api, opts: MockOptions) -> Engine {
        Engine {
            api,
            opts,
            slots: Mutex::new(HashMap::new()),
            cache: Mutex::new(HashMap::new()),
            example_ok: Mutex::new(HashMap::new()),
            checked: Mutex::new(HashMap::new()),
            patterns: generate::Patterns::default(),
            counter: AtomicU64::new(0),
        }
    }

    pub fn options(&self) -> &MockOptions {
        &self.opts
    }

    pub fn operations(&self) -> Vec<OperationInfo> {
        self.api
            .operations
            .iter()
            .map(|o| OperationInfo {
                id: o.id.clone(),
                method: o.method.to_uppercase(),
                path: o.path.clone(),
                statuses: o
                    .responses
                    .iter()
                    .map(|r| match r.key {
                        StatusKey::Code(c) => c.to_string(),
                        StatusKey::Range(d) => format!("{d}XX"),
                        StatusKey::Default => "default".into(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// The slot for `key`; `schema` is only called (and the schema built) the first time a
    /// key is seen, so the hot path allocates no copy of the spec.
    pub(crate) fn validator(
        &self,
        key: &str,
        schema: impl FnOnce() -> Value,
        dir: Direction,
    ) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(slot) = slots.get(key) {
            return slot.clone();
        }
        let slot = Arc::new(Slot {
            schema: schema(),
            dir,
            compiled: OnceLock::new(),
        });
        slots.insert(key.to_string(), slot.clone());
        slot
    }

    /// Validates `instance` against the schema cached under `key` (compiled once), errors
    /// in Ajv's order and wording (Prism's).
    pub(crate) fn check(
        &self,
        key: &str,
        schema: impl FnOnce() -> Value,
        dir: Direction,
        instance: &Value,
        base: &[&str],
    ) -> Vec<Violation> {
        let slot = self.validator(key, schema, dir);
        let compiled = slot.compiled.get_or_init(|| {
            let s = schema::to_json_schema(&self.api, &slot.schema, slot.dir);
            schema::compile(&s).ok()
        });
        let Some(validator) = compiled else {
            return Vec::new();
        };
        let mut out = schema::violations(validator, instance, base);
        if out.is_empty() {
            return out;
        }
        // Same depth: the order properties are declared in (as Ajv reports them).
        out.sort_by_cached_key(|v| {
            let path = &v.location[base.len().min(v.location.len())..];
            (path.len(), self.order_key(&slot.schema, path))
        });
        if out.iter().any(|v| v.code == Some(json!("contains"))) {
            let converted = schema::to_json_schema(&self.api, &slot.schema, slot.dir);
            out = schema::expand_contains(validator, &converted, instance, base, out);
        }
        out
    }

    fn order_key(&self, schema: &Value, path: &[String]) -> Vec<usize> {
        let mut key = Vec::new();
        let mut s = crate::model::follow(&self.api.doc, schema);
        for seg in path {
            let props = s.get("properties").and_then(Value::as_object);
            match props.and_then(|p| p.keys().position(|k| k == seg)) {
                Some(i) => {
                    key.push(i);
                    s = crate::model::follow(&self.api.doc, &props.expect("checked")[seg.as_str()]);
                }
                None => {
                    key.push(seg.parse().unwrap_or(usize::MAX));
                    match s.get("items") {
                        Some(items) => s = crate::model::follow(&self.api.doc, items),
                        None => break,
                    }
                }
            }
        }
        key
    }

    /// A response without a server, for the studio's preview pane.
    pub fn preview(&self, p: &Preview) -> Result<MockResponse, String> {
        let op = self
            .api
            .operations
            .iter()
            .find(|o| {
                o.id.as_deref() == Some(p.operation.as_str())
                    || format!("{} {}", o.method.to_uppercase(), o.path)
                        .eq_ignore_ascii_case(&p.operation)
            })
            .ok_or_else(|| format!("no operation {}", p.operation))?;
        let prefer = Prefer {
            code: p.status,
            example: p.example.clone(),
            dynamic: Some(p.dynamic),
        };
        let oi = self
            .api
            .operations
            .iter()
            .position(|o| std::ptr::eq(o, op))
            .unwrap_or(0);
        let mut headers = Vec::new();
        if let Some(a) = &p.accept {
            headers.push(("accept".to_string(), a.clone()));
        }
        let req = MockRequest {
            method: op.method.to_uppercase(),
            target: op.path.clone(),
            headers,
            body: Vec::new(),
        };
        Ok(self.respond(oi, &req, &prefer, Vec::new()))
    }

    /// Whether the media type that `preview` would serve carries a spec example (served as
    /// written, not generated).
    pub fn has_example(&self, operation: &str, status: Option<u16>, accept: Option<&str>) -> bool {
        let Some(op) = self.api.operations.iter().find(|o| {
            o.id.as_deref() == Some(operation)
                || format!("{} {}", o.method.to_uppercase(), o.path).eq_ignore_ascii_case(operation)
        }) else {
            return false;
        };
        let r = match status {
            Some(c) => op.responses.iter().find(|r| r.key == StatusKey::Code(c)),
            None => default_response(op).map(|(i, _)| &op.responses[i]),
        };
        let Some(r) = r else { return false };
        let available: Vec<&str> = r.content.iter().map(|m| m.media.as_str()).collect();
        negotiate::choose(accept, &available)
            .is_some_and(|i| first_example(&r.content[i]).is_some())
    }

    pub fn handle(&self, req: &MockRequest) -> MockResponse {
        let mut res = self.handle_inner(req);
        if self.opts.cors {
            crate::cors::decorate(req, &mut res);
        }
        if req.method.eq_ignore_ascii_case("HEAD") {
            res.body.clear();
        }
        res
    }

    fn handle_inner(&self, req: &MockRequest) -> MockResponse {
        if self.opts.cors {
            if let Some(pre) = crate::cors::preflight(req) {
                return pre;
            }
        }
        let (path, query) = match req.target.split_once('?') {
            Some((p, q)) => (p, q),
            None => (req.target.as_str(), ""),
        };
        let method = req.method.to_ascii_lowercase();
        let (oi, path_values) = match self.route(path, &method) {
            Ok(r) => r,
            Err(status) => {
                return if status == 405 {
                    problem(
                        405,
                        "NO_METHOD_MATCHED_ERROR",
                        "Route resolved, but no method matched",
                        &format!(
                            "The route {path} has been matched, but it does not have \"{method}\" method defined"
                        ),
                        None,
                    )
                } else {
                    problem(
                        404,
                        "NO_PATH_MATCHED_ERROR",
                        "Route not resolved, no path matched",
                        &format!("The route {path} hasn't been found in the specification file"),
                        None,
                    )
                }
            }
        };
        let op = &self.api.operations[oi];
        let query_pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let prefer = parse_prefer(req.get_header("prefer"), &query_pairs);

        // Prism's order: security, then 415, then request validation.
        if let Some(challenge) = security::check(&self.api, op, req, &query_pairs) {
            let v = Violation::error(
                vec!["request".into()],
                Some(json!(401)),
                "Invalid security scheme used".into(),
            );
            return self.unauthorized(oi, req, challenge, v);
        }
        if let Some(res) = validate::content_type(op, req) {
            return res;
        }
        let violations = validate::request(self, op, req, &path_values, &query_pairs);
        if violations.iter().any(Violation::is_error) {
            return self.invalid_request(oi, req, violations, &prefer);
        }
        self.respond(oi, req, &prefer, violations)
    }

    /// Finds the operation: templates with the most literal segments win (`/test/fixed`
    /// before `/test/{id}`). Tries the path below a server base path first, then as is.
    fn route(&self, path: &str, method: &str) -> Result<(usize, Vec<(String, String)>), u16> {
        let mut candidates: Vec<&str> = Vec::new();
        for b in &self.api.base_paths {
            if let Some(rest) = path.strip_prefix(b.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    candidates.push(rest);
                }
            }
        }
        candidates.push(path);
        let mut path_matched = false;
        for p in candidates {
            let segs: Vec<String> = p
                .trim_start_matches('/')
                .split('/')
                .map(|s| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8_lossy()
                        .into_owned()
                })
                .collect();
            let mut best: Option<(usize, usize, PathVars)> = None;
            for (i, op) in self.api.operations.iter().enumerate() {
                let Some((score, vars)) = match_template(&op.segments, &segs) else {
                    continue;
                };
                path_matched = true;
                if op.method != method {
                    continue;
                }
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, i, vars));
                }
            }
            if let Some((_, i, vars)) = best {
                return Ok((i, vars));
            }
        }
        Err(if path_matched { 405 } else { 404 })
    }

    fn unauthorized(
        &self,
        oi: usize,
        req: &MockRequest,
        challenge: String,
        v: Violation,
    ) -> MockResponse {
        let op = &self.api.operations[oi];
        let declared = op
            .responses
            .iter()
            .position(|r| r.key == StatusKey::Code(401))
            .or_else(|| {
                op.responses
                    .iter()
                    .position(|r| r.key == StatusKey::Range(4))
            })
            .or_else(|| {
                op.responses
                    .iter()
                    .position(|r| r.key == StatusKey::Default)
            });
        let mut res = match declared {
            Some(ri) => {
                let prefer = Prefer {
                    code: None,
                    example: None,
                    dynamic: None,
                };
                self.build(oi, ri, 401, req, &prefer)
            }
            None => {
                let extra = if challenge.is_empty() {
                    None
                } else {
                    Some(json!({"WWW-Authenticate": challenge}))
                };
                problem(
                    401,
                    "UNAUTHORIZED",
                    "Invalid security scheme used",
                    "Your request does not fullfil the security requirements and no HTTP unauthorized response was found in the spec, so Prism is generating this error for you.",
                    extra.map(|h| ("headers", h)),
                )
            }
        };
        if !challenge.is_empty() {
            res.headers.push(("www-authenticate".into(), challenge));
        }
        res.headers.push((
            "sl-violations".into(),
            serde_json::to_string(&[v]).unwrap_or_default(),
        ));
        res
    }

    fn invalid_request(
        &self,
        oi: usize,
        req: &MockRequest,
        violations: Vec<Violation>,
        asked: &Prefer,
    ) -> MockResponse {
        let op = &self.api.operations[oi];
        let pick = |k: StatusKey| op.responses.iter().position(|r| r.key == k);
        let declared = pick(StatusKey::Code(422))
            .map(|i| (i, 422))
            .or_else(|| pick(StatusKey::Code(400)).map(|i| (i, 400)))
            .or_else(|| pick(StatusKey::Range(4)).map(|i| (i, 422)))
            .or_else(|| pick(StatusKey::Default).map(|i| (i, 422)));
        let mut res = match declared {
            Some((ri, status)) => {
                // A named example applies when the client asked for this very status.
                let prefer = Prefer {
                    code: None,
                    example: asked.example.clone().filter(|_| asked.code == Some(status)),
                    dynamic: None,
                };
                self.build(oi, ri, status, req, &prefer)
            }
            None => {
                let list: Vec<Value> = violations
                    .iter()
                    .filter(|v| v.is_error())
                    .map(render_for_body)
                    .collect();
                problem(
                    422,
                    "UNPROCESSABLE_ENTITY",
                    "Invalid request",
                    "Your request is not valid and no HTTP validation response was found in the spec, so Prism is generating this error for you.",
                    Some(("validation", Value::Array(list))),
                )
            }
        };
        res.headers.push((
            "sl-violations".into(),
            serde_json::to_string(&violations).unwrap_or_default(),
        ));
        res
    }

    /// Picks the response by `Prefer`/`__code`, else the lowest 2xx, then builds it.
    pub(crate) fn respond(
        &self,
        oi: usize,
        req: &MockRequest,
        prefer: &Prefer,
        request_violations: Vec<Violation>,
    ) -> MockResponse {
        let op = &self.api.operations[oi];
        let chosen = match prefer.code {
            Some(code) => {
                let exact = op
                    .responses
                    .iter()
                    .position(|r| r.key == StatusKey::Code(code));
                let range = op
                    .responses
                    .iter()
                    .position(|r| r.key == StatusKey::Range(code / 100));
                let default = op
                    .responses
                    .iter()
                    .position(|r| r.key == StatusKey::Default);
                match exact.or(range).or(default) {
                    Some(ri) => (ri, code),
                    None => {
                        return problem(
                            404,
                            "NOT_FOUND",
                            "The server cannot find the requested content",
                            &format!(
                                "Requested status code {code} is not defined in the document."
                            ),
                            None,
                        )
                    }
                }
            }
            None => match default_response(op) {
                Some(x) => x,
                None => {
                    return problem(
                        500,
                        "NO_RESPONSE_DEFINED",
                        "Can't find any HTTP response",
                        "The operation declares no responses.",
                        None,
                    )
                }
            },
        };
        let mut res = self.build(oi, chosen.0, chosen.1, req, prefer);
        let mut response_violations = Vec::new();
        if res.status < 400 || prefer.code.is_some() {
            response_violations = self.check_response(oi, chosen.0, &res);
        }
        let mut all = response_violations.clone();
        all.extend(request_violations);
        if self.opts.errors && response_violations.iter().any(Violation::is_error) {
            let list: Vec<Value> = response_violations
                .iter()
                .filter(|v| v.is_error())
                .map(render_for_body)
                .collect();
            res = problem(
                500,
                "VIOLATIONS",
                "Request/Response not valid",
                "Your request/response is not valid and the --errors flag is set, so Prism is generating this error for you.",
                Some(("validation", Value::Array(list))),
            );
        }
        if !all.is_empty() {
            res.headers.push((
                "sl-violations".into(),
                serde_json::to_string(&all).unwrap_or_default(),
            ));
        }
        res
    }

    fn check_response(&self, oi: usize, ri: usize, res: &MockResponse) -> Vec<Violation> {
        let op = &self.api.operations[oi];
        let Some(ct) = res.header("content-type") else {
            return Vec::new();
        };
        let Some((mi, media)) = op.responses[ri]
            .content
            .iter()
            .enumerate()
            .find(|(_, m)| m.media == ct)
        else {
            return Vec::new();
        };
        let (Some(schema), true) = (&media.schema, negotiate::is_json(ct)) else {
            return Vec::new();
        };
        // Static responses repeat byte for byte: the verdict on the last body served for
        // this media type is reused instead of parsing and validating it again.
        let key = (oi, ri, mi);
        if let Some((last, verdict)) = self
            .checked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            if *last == res.body {
                return verdict.clone();
            }
        }
        let Ok(body) = serde_json::from_slice::<Value>(&res.body) else {
            return Vec::new();
        };
        let verdict = self.check(
            &format!("res:{oi}:{ri}:{mi}"),
            || schema.clone(),
            Direction::Response,
            &body,
            &["response", "body"],
        );
        self.checked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, (res.body.clone(), verdict.clone()));
        verdict
    }

    /// Status, headers and body of response `ri` of operation `oi`.
    fn build(
        &self,
        oi: usize,
        ri: usize,
        status: u16,
        req: &MockRequest,
        prefer: &Prefer,
    ) -> MockResponse {
        let op = &self.api.operations[oi];
        let response = &op.responses[ri];
        let mut headers = self.response_headers(oi, ri, response, prefer);
        if response.content.is_empty() {
            return MockResponse {
                status,
                headers,
                body: Vec::new(),
            };
        }
        let available: Vec<&str> = response.content.iter().map(|m| m.media.as_str()).collect();
        let accept = req.get_header("accept");
        let Some(mi) = negotiate::choose(accept, &available) else {
            return problem(
                406,
                "NOT_ACCEPTABLE",
                "The server cannot produce a representation for your accept header",
                &format!("Unable to find content for {}", accept.unwrap_or("")),
                None,
            );
        };
        let media = &response.content[mi];
        let dynamic = prefer.dynamic.unwrap_or(self.opts.dynamic);
        let value = match &prefer.example {
            Some(name) => match media.examples.get(name) {
                Some(v) => Some(v.clone()),
                None => {
                    return problem(
                        404,
                        "NOT_FOUND",
                        "The server cannot find the requested content",
                        &format!(
                            "Response for contentType: {} and exampleKey: {name} does not exist.",
                            media.media
                        ),
                        None,
                    )
                }
            },
            None if dynamic => media
                .schema
                .as_ref()
                .map(|s| self.generate(oi, ri, mi, s, true, req))
                .or_else(|| first_example(media)),
            // A spec example that violates its own schema is not served by default (Prism
            // serves it, and clients then see a response the spec forbids): the static
            // sample from the schema is served instead. `--errors` keeps Prism's behaviour
            // (a 500 listing the violations), and a named example is served as asked.
            None => match (first_example(media), media.schema.as_ref()) {
                (Some(e), Some(s))
                    if !self.opts.errors && !self.example_fits(oi, ri, mi, s, &e) =>
                {
                    Some(self.static_body(oi, ri, mi, s))
                }
                (Some(e), _) => Some(e),
                (None, Some(s)) => Some(self.static_body(oi, ri, mi, s)),
                (None, None) => None,
            },
        };
        let Some(value) = value else {
            headers.push(("content-type".into(), media.media.clone()));
            return MockResponse {
                status,
                headers,
                body: Vec::new(),
            };
        };
        let body = match serialise(&media.media, &value) {
            Ok(b) => b,
            Err(()) => {
                return problem(
                    500,
                    "NO_COMPLEX_OBJECT_TEXT",
                    "Cannot serialise complex objects as text",
                    "Cannot serialise complex objects as text",
                    None,
                )
            }
        };
        headers.push(("content-type".into(), media.media.clone()));
        MockResponse {
            status,
            headers,
            body,
        }
    }

    fn response_headers(
        &self,
        oi: usize,
        ri: usize,
        response: &Response,
        prefer: &Prefer,
    ) -> Vec<(String, String)> {
        let dynamic = prefer.dynamic.unwrap_or(self.opts.dynamic);
        let mut out = Vec::new();
        for (hi, h) in response.headers.iter().enumerate() {
            if h.name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let v = match &h.example {
                Some(e) if !dynamic => e.clone(),
                _ => {
                    let seed = self.seed_for(&format!("h:{oi}:{ri}:{hi}"), dynamic);
                    let opts = self.gen_options(dynamic, 0);
                    Generator::new(&self.api, &self.patterns, Direction::Response, opts, seed)
                        .generate(&h.schema)
                }
            };
            let text = match v {
                Value::String(s) => s,
                Value::Array(a) => a
                    .iter()
                    .map(|x| {
                        x.as_str()
                            .map(String::from)
                            .unwrap_or_else(|| x.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            if axum::http::HeaderValue::from_str(&text).is_ok() {
                out.push((h.name.to_ascii_lowercase(), text));
            }
        }
        out
    }

    fn gen_options(&self, dynamic: bool, variant: u32) -> generate::Options {
        generate::Options {
            dynamic,
            fill_properties: self
                .opts
                .fill_properties
                .or(self.api.faker_fill_properties)
                .unwrap_or(true),
            min_items: self.api.faker_min_items,
            max_items: self.api.faker_max_items,
            variant,
        }
    }

    fn seed_for(&self, key: &str, dynamic: bool) -> u64 {
        match (dynamic, self.opts.seed) {
            (true, None) => {
                // Unseeded dynamic data differs per request.
                let n = self.counter.fetch_add(1, Ordering::Relaxed);
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(0);
                generate::fnv(key.as_bytes()) ^ t ^ n.wrapping_mul(0x9e3779b97f4a7c15)
            }
            (_, seed) => generate::fnv(key.as_bytes()) ^ seed.unwrap_or(0),
        }
    }

    /// Whether the first example of response media `(oi, ri, mi)` satisfies its schema
    /// (JSON media types only, as responses are checked; decided once per media type).
    fn example_fits(
        &self,
        oi: usize,
        ri: usize,
        mi: usize,
        schema: &Value,
        example: &Value,
    ) -> bool {
        let media = &self.api.operations[oi].responses[ri].content[mi].media;
        if !negotiate::is_json(media) {
            return true;
        }
        let key = (oi, ri, mi);
        if let Some(ok) = self
            .example_ok
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return *ok;
        }
        let ok = !self
            .check(
                &format!("res:{oi}:{ri}:{mi}"),
                || schema.clone(),
                Direction::Response,
                example,
                &[],
            )
            .iter()
            .any(Violation::is_error);
        self.example_ok
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, ok);
        ok
    }

    /// Static sample, checked against its schema and cached per response media type.
    fn static_body(&self, oi: usize, ri: usize, mi: usize, schema: &Value) -> Value {
        let key = (oi, ri, mi);
        if let Some(v) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return v.clone();
        }
        let v = self.generate_valid(oi, ri, mi, schema, false, 0);
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, v.clone());
        v
    }

    fn generate(
        &self,
        oi: usize,
        ri: usize,
        mi: usize,
        schema: &Value,
        dynamic: bool,
        req: &MockRequest,
    ) -> Value {
        let seed = self.seed_for(
            &format!("{}{}:{oi}:{ri}:{mi}", req.method, req.target),
            dynamic,
        );
        self.generate_valid(oi, ri, mi, schema, dynamic, seed)
    }

    /// Generates until the value satisfies the schema (bounded tries; the last try is
    /// returned even if invalid, and `--errors` then reports it).
    fn generate_valid(
        &self,
        oi: usize,
        ri: usize,
        mi: usize,
        schema: &Value,
        dynamic: bool,
        seed: u64,
    ) -> Value {
        let key = format!("res:{oi}:{ri}:{mi}");
        let mut last = Value::Null;
        for variant in 0..6u32 {
            let opts = self.gen_options(dynamic, variant);
            let v = Generator::new(
                &self.api,
                &self.patterns,
                Direction::Response,
                opts,
                seed.wrapping_add(variant as u64),
            )
            .generate(schema);
            if self
                .check(&key, || schema.clone(), Direction::Response, &v, &[])
                .is_empty()
            {
                return v;
            }
            last = v;
        }
        last
    }

    pub fn api_schemes(&self) -> &indexmap::IndexMap<String, SchemeKind> {
        &self.api.schemes
    }

    pub(crate) fn api(&self) -> &Api {
        &self.api
    }
}

fn first_example(media: &Media) -> Option<Value> {
    media
        .examples
        .values()
        .next()
        .cloned()
        .or_else(|| media.example.clone())
}

fn default_response(op: &Operation) -> Option<(usize, u16)> {
    let mut best: Option<(usize, u16)> = None;
    for (i, r) in op.responses.iter().enumerate() {
        if let StatusKey::Code(c) = r.key {
            if (200..300).contains(&c) && best.is_none_or(|(_, b)| c < b) {
                best = Some((i, c));
            }
        }
    }
    best.or_else(|| {
        op.responses
            .iter()
            .position(|r| r.key == StatusKey::Range(2))
            .map(|i| (i, 200))
    })
    .or_else(|| {
        op.responses
            .iter()
            .position(|r| r.key == StatusKey::Default)
            .map(|i| (i, 200))
    })
    .or_else(|| {
        op.responses.first().map(|r| match r.key {
            StatusKey::Code(c) => (0, c),
            StatusKey::Range(d) => (0, d * 100),
            StatusKey::Default => (0, 200),
        })
    })
}

fn match_template(
    template: &[Vec<Part>],
    segs: &[String],
) -> Option<(usize, Vec<(String, String)>)> {
    if template.len() != segs.len() {
        return None;
    }
    let mut score = 0;
    let mut vars = Vec::new();
    for (parts, seg) in template.iter().zip(segs) {
        if parts.len() == 1 {
            if let Part::Lit(l) = &parts[0] {
                if l != seg {
                    return None;
                }
                score += 1;
                continue;
            }
        }
        if !match_parts(parts, seg, &mut vars) {
            return None;
        }
    }
    Some((score, vars))
}

/// Mixed segments like `fixed.{format}` or `test:{rpc}`: literals anchor, variables take
/// what lies between them.
fn match_parts(parts: &[Part], seg: &str, vars: &mut Vec<(String, String)>) -> bool {
    match parts.first() {
        None => seg.is_empty(),
        Some(Part::Lit(l)) => match seg.strip_prefix(l.as_str()) {
            Some(rest) => match_parts(&parts[1..], rest, vars),
            None => false,
        },
        Some(Part::Var(name)) => {
            if parts.len() == 1 {
                vars.push((name.clone(), seg.to_string()));
                return true;
            }
            for (i, _) in seg.char_indices().chain(std::iter::once((seg.len(), ' '))) {
                let mark = vars.len();
                vars.push((name.clone(), seg[..i].to_string()));
                if match_parts(&parts[1..], &seg[i..], vars) {
                    return true;
                }
                vars.truncate(mark);
            }
            false
        }
    }
}

fn parse_prefer(header: Option<&str>, query: &[(String, String)]) -> Prefer {
    let mut p = Prefer {
        code: None,
        example: None,
        dynamic: None,
    };
    for part in header.unwrap_or("").split([',', ';']) {
        if let Some((k, v)) = part.split_once('=') {
            let v = v.trim().trim_matches('"');
            match k.trim().to_ascii_lowercase().as_str() {
                "code" => p.code = v.parse().ok(),
                "example" => p.example = Some(v.to_string()),
                "dynamic" => p.dynamic = v.parse().ok(),
                _ => {}
            }
        }
    }
    for (k, v) in query {
        match k.as_str() {
            "__code" => p.code = v.parse().ok(),
            "__example" => p.example = Some(v.clone()),
            "__dynamic" => p.dynamic = v.parse().ok(),
            _ => {}
        }
    }
    p
}

/// Problem-body form of a violation: request locations drop the leading "request" and
/// messages say where (Prism: "Request body property id must ...").
fn render_for_body(v: &Violation) -> Value {
    let mut loc = v.location.clone();
    let prefix = match loc.first().map(String::as_str) {
        Some("request") => {
            loc.remove(0);
            let mut it = loc.iter();
            match it.next().map(String::as_str) {
                Some("body") => {
                    let rest: Vec<&str> = it.map(String::as_str).collect();
                    if rest.is_empty() {
                        "Request body".to_string()
                    } else {
                        format!("Request body property {}", rest.join("."))
                    }
                }
                Some(l) => {
                    let rest: Vec<&str> = it.map(String::as_str).collect();
                    if rest.is_empty() {
                        format!("Request {l}")
                    } else {
                        format!("Request {l} parameter {}", rest.join("."))
                    }
                }
                None => "Request".to_string(),
            }
        }
        Some("response") => {
            let rest: Vec<&str> = loc.iter().skip(2).map(String::as_str).collect();
            if rest.is_empty() {
                "Response body".to_string()
            } else {
                format!("Response body property {}", rest.join("."))
            }
        }
        _ => String::new(),
    };
    let message = if v.code.as_ref().and_then(Value::as_str).is_some() && !prefix.is_empty() {
        format!("{prefix} {}", v.message)
    } else {
        v.message.clone()
    };
    let mut out = json!({"location": loc, "severity": v.severity});
    if let Some(c) = &v.code {
        out["code"] = c.clone();
    }
    out["message"] = Value::String(message);
    out
}

pub(crate) fn problem(
    status: u16,
    kind: &str,
    title: &str,
    detail: &str,
    extra: Option<(&str, Value)>,
) -> MockResponse {
    let mut body = json!({
        "type": format!("https://stoplight.io/prism/errors#{kind}"),
        "title": title,
        "status": status,
        "detail": detail,
    });
    if let Some((k, v)) = extra {
        body[k] = v;
    }
    MockResponse {
        status,
        headers: vec![("content-type".into(), "application/problem+json".into())],
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

/// Bytes for `value` as `media`: JSON for JSON types, text as is, XML naively as Prism does;
/// objects cannot be text.
fn serialise(media: &str, value: &Value) -> Result<Vec<u8>, ()> {
    if negotiate::is_json(media) {
        return Ok(serde_json::to_vec(value).unwrap_or_default());
    }
    if negotiate::is_xml(media) {
        return Ok(match value {
            Value::String(s) => s.clone().into_bytes(),
            other => {
                let mut out = String::from("<xml>");
                xml(other, &mut out);
                out.push_str("</xml>");
                out.into_bytes()
            }
        });
    }
    match value {
        Value::String(s) => Ok(s.clone().into_bytes()),
        Value::Number(n) => Ok(n.to_string().into_bytes()),
        Value::Bool(b) => Ok(b.to_string().into_bytes()),
        Value::Null => Ok(Vec::new()),
        _ if negotiate::essence(media).starts_with("text/") => Err(()),
        other => Ok(serde_json::to_vec(other).unwrap_or_default()),
    }
}

fn xml(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push('<');
                out.push_str(k);
                out.push('>');
                xml(x, out);
                out.push_str("</");
                out.push_str(k);
                out.push('>');
            }
        }
        Value::Array(a) => {
            for x in a {
                xml(x, out);
            }
        }
        Value::String(s) => {
            for c in s.chars() {
                match c {
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '&' => out.push_str("&amp;"),
                    c => out.push(c),
                }
            }
        }
        Value::Null => {}
        other => out.push_str(&other.to_string()),
    }
}
