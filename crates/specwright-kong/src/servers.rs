//! Services and upstreams from OpenAPI `servers` (decK's `CreateKongService`).
//!
//! Rules: `{var}` -> `variables[var].default`; an empty path is `/`; no host is `localhost`;
//! a missing scheme comes from the port (80 http, 443 https) or the default (`https`, or the
//! service-defaults `protocol`); a missing port from the scheme. One server and no
//! upstream-defaults -> `service.host` is the hostname; otherwise an upstream
//! `<base>.upstream` with one target per server, unless the defaults set `host`.
//!
//! URLs are parsed by hand, not with the `url` crate: decK uses Go's `url.ParseRequestURI`,
//! which keeps the host's case and an explicit default port (`host:443`), and both show in
//! upstream targets; the `url` crate normalises them away.

use crate::entity::{Ctx, Obj};
use crate::error::{Raw, RawResult};
use crate::names::uuid5;
use serde_json::{json, Value};

/// One server URL after variable substitution and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerUrl {
    pub scheme: String,
    /// Host with port when one is known (`example.com:443`).
    pub host: String,
    pub path: String,
    pub query: Option<String>,
}

impl ServerUrl {
    pub fn hostname(&self) -> &str {
        match self.port_split() {
            Some((h, _)) => h,
            None => &self.host,
        }
    }

    pub fn port(&self) -> Option<&str> {
        self.port_split().map(|(_, p)| p)
    }

    fn port_split(&self) -> Option<(&str, &str)> {
        let (h, p) = self.host.rsplit_once(':')?;
        // `[::1]` without a port has its colon inside the brackets.
        if h.starts_with('[') && !h.ends_with(']') {
            return None;
        }
        Some((h.trim_start_matches('[').trim_end_matches(']'), p))
    }

    /// Go's `url.String()` shape, used as a cache key.
    pub fn render(&self) -> String {
        let mut s = String::new();
        if !self.scheme.is_empty() {
            s.push_str(&self.scheme);
            s.push(':');
        }
        if !self.host.is_empty() {
            s.push_str("//");
            s.push_str(&self.host);
        }
        s.push_str(&self.path);
        if let Some(q) = &self.query {
            s.push('?');
            s.push_str(q);
        }
        s
    }
}

/// A server entry: its URL with `{var}` replaced by each variable's default.
pub fn render_template(server: &Value) -> String {
    let mut url = scalar_text(server.get("url")).unwrap_or_default();
    if let Some(Value::Object(vars)) = server.get("variables") {
        for (name, var) in vars {
            let default = scalar_text(var.get("default")).unwrap_or_default();
            url = url.replace(&format!("{{{name}}}"), &default);
        }
    }
    url
}

/// The text of a YAML scalar as Go reads it into a string.
pub fn scalar_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Go's `url.ParseRequestURI` for the shapes server URLs take.
pub fn parse_request_uri(raw: &str) -> Result<ServerUrl, String> {
    let fail = |why: &str| format!("failed to parse uri '{raw}'; parse \"{raw}\": {why}");
    let mut rest = raw;
    let mut scheme = String::new();
    if let Some(i) = rest.find(':') {
        let cand = &rest[..i];
        let valid = !cand.is_empty()
            && cand.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && cand
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if valid {
            scheme = cand.to_ascii_lowercase();
            rest = &rest[i + 1..];
        } else if cand.chars().all(|c| c != '/') && !cand.is_empty() {
            return Err(fail("first path segment in URL cannot contain colon"));
        }
    }
    let mut query = None;
    if let Some((r, q)) = rest.split_once('?') {
        rest = r;
        query = Some(q.to_string());
    }
    if !rest.starts_with('/') {
        return Err(fail("invalid URI for request"));
    }
    let mut host = String::new();
    if !scheme.is_empty() && rest.starts_with("//") {
        let auth = &rest[2..];
        let end = auth.find('/').unwrap_or(auth.len());
        let authority = &auth[..end];
        rest = &auth[end..];
        let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if let Some(c) = hostport.chars().find(|c| {
            matches!(
                c,
                '{' | '}' | ' ' | '<' | '>' | '"' | '`' | '^' | '|' | '\\'
            )
        }) {
            return Err(fail(&format!("invalid character {c:?} in host name")));
        }
        if let Some((h, p)) = hostport.rsplit_once(':') {
            let bracketed_inner = h.starts_with('[') && !h.ends_with(']');
            if !bracketed_inner && !p.chars().all(|c| c.is_ascii_digit()) {
                return Err(fail(&format!("invalid port \":{p}\" after host")));
            }
        }
        host = hostport.to_string();
    }
    Ok(ServerUrl {
        scheme,
        host,
        path: rest.to_string(),
        query,
    })
}

/// `parseServerUris`: at least one entry; `/` when there are no servers.
pub fn parse_servers(servers: &[Value]) -> Result<Vec<ServerUrl>, String> {
    if servers.is_empty() {
        return Ok(vec![parse_request_uri("/")?]);
    }
    servers
        .iter()
        .map(|s| {
            let mut u = parse_request_uri(&render_template(s))?;
            if u.path.is_empty() {
                u.path = "/".into();
            }
            Ok(u)
        })
        .collect()
}

/// `setServerDefaults`: host, scheme and port filled in.
pub fn set_defaults(targets: &mut [ServerUrl], scheme_default: &str) {
    for t in targets {
        if t.host.is_empty() {
            t.host = "localhost".into();
        }
        if t.scheme.is_empty() {
            t.scheme = match t.port() {
                Some("80") => "http".into(),
                Some("443") => "https".into(),
                _ => scheme_default.into(),
            };
        }
        if t.port().is_none() {
            match t.scheme.as_str() {
                "http" => t.host.push_str(":80"),
                "https" => t.host.push_str(":443"),
                _ => {}
            }
        }
    }
}

/// Canonical URLs of a servers block (cache key for `--reuse-services`).
pub fn render_server_urls(servers: &[Value]) -> Vec<String> {
    match parse_servers(servers) {
        Ok(mut t) => {
            set_defaults(&mut t, "https");
            t.iter().map(ServerUrl::render).collect()
        }
        Err(_) => servers.iter().map(render_template).collect(),
    }
}

/// A new service (and its upstream when one is needed). `origin` is the working-document
/// path recorded for the source map; `servers_path` is where the servers block is.
pub struct ServiceSpec<'a> {
    pub base: &'a str,
    pub servers: &'a [Value],
    pub servers_path: &'a [String],
    pub service_defaults: Option<&'a Obj>,
    pub upstream_defaults: Option<&'a Obj>,
    pub origin: &'a [String],
}

pub fn create_service(ctx: &Ctx, s: &ServiceSpec) -> RawResult<(Obj, Option<Obj>)> {
    let mut service = s.service_defaults.cloned().unwrap_or_default();
    if !ctx.opts.skip_id {
        service.insert(
            "id".into(),
            json!(uuid5(
                &ctx.opts.uuid_namespace,
                &format!("{}.service", s.base)
            )),
        );
    }
    service.insert("name".into(), json!(s.base));
    service.insert("tags".into(), json!(ctx.tags));
    service.insert("plugins".into(), json!([]));
    service.insert("routes".into(), json!([]));
    ctx.set_origin(&mut service, s.origin);

    let mut targets = parse_servers(s.servers)
        .map_err(|e| Raw::at(s.servers_path, format!("failed to create service: {e}")))?;
    let mut scheme = "https".to_string();
    if let Some(p) = service.get("protocol").filter(|v| !v.is_null()) {
        scheme = p
            .as_str()
            .ok_or_else(|| {
                Raw::at(
                    s.origin,
                    "expected 'protocol' in service defaults to be a string",
                )
            })?
            .to_string();
    }
    set_defaults(&mut targets, &scheme);
    let first = &targets[0];
    if is_absent(&service, "protocol") {
        scheme = first.scheme.clone();
        service.insert("protocol".into(), json!(scheme));
    }
    if is_absent(&service, "path") {
        service.insert("path".into(), json!(first.path));
    }
    if is_absent(&service, "port") {
        let port = match first.port() {
            Some(p) => {
                let n: u16 = p.parse().map_err(|_| {
                    Raw::at(
                        s.servers_path,
                        format!("strconv.ParseUint: parsing \"{p}\": value out of range"),
                    )
                })?;
                json!(n)
            }
            None if scheme != "http" => json!(443),
            None => json!(80),
        };
        service.insert("port".into(), port);
    }
    let mut upstream = None;
    if is_absent(&service, "host") {
        if targets.len() == 1 && s.upstream_defaults.is_none() {
            service.insert("host".into(), json!(first.hostname()));
        } else {
            let u = create_upstream(ctx, s)?;
            service.insert("host".into(), u["name"].clone());
            upstream = Some(u);
        }
    }
    Ok((service, upstream))
}

fn is_absent(o: &Obj, key: &str) -> bool {
    o.get(key).is_none_or(Value::is_null)
}

fn create_upstream(ctx: &Ctx, s: &ServiceSpec) -> RawResult<Obj> {
    let mut upstream = s.upstream_defaults.cloned().unwrap_or_default();
    let name = format!("{}.upstream", s.base);
    if !ctx.opts.skip_id {
        upstream.insert("id".into(), json!(uuid5(&ctx.opts.uuid_namespace, &name)));
    }
    upstream.insert("name".into(), json!(name));
    upstream.insert("tags".into(), json!(ctx.tags));
    ctx.set_origin(&mut upstream, s.servers_path);
    if let Some(given) = upstream.get("targets").filter(|v| !v.is_null()) {
        let Value::Array(list) = given else {
            return Err(Raw::at(s.origin, "expected 'targets' to be an array"));
        };
        let mut out = Vec::with_capacity(list.len());
        for t in list {
            let Value::Object(t) = t else {
                return Err(Raw::at(
                    s.origin,
                    "expected entries in 'targets' to be objects",
                ));
            };
            let mut t = t.clone();
            t.insert("tags".into(), json!(ctx.tags));
            out.push(Value::Object(t));
        }
        upstream.insert("targets".into(), Value::Array(out));
        return Ok(upstream);
    }
    let mut targets = parse_servers(s.servers)
        .map_err(|e| Raw::at(s.servers_path, format!("failed to generate upstream: {e}")))?;
    set_defaults(&mut targets, "https");
    let list = targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut o = Obj::new();
            o.insert("target".into(), json!(t.host));
            o.insert("tags".into(), json!(ctx.tags));
            let mut p = s.servers_path.to_vec();
            if !s.servers.is_empty() {
                p.push(i.to_string());
            }
            ctx.set_origin(&mut o, &p);
            Value::Object(o)
        })
        .collect();
    upstream.insert("targets".into(), Value::Array(list));
    Ok(upstream)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(url: &str) -> ServerUrl {
        let mut t = vec![parse_request_uri(url).unwrap()];
        if t[0].path.is_empty() {
            t[0].path = "/".into();
        }
        set_defaults(&mut t, "https");
        t.remove(0)
    }

    #[test]
    fn defaults_fill_host_scheme_port_path() {
        let u = one("/");
        assert_eq!(
            (u.scheme.as_str(), u.host.as_str(), u.path.as_str()),
            ("https", "localhost:443", "/")
        );
        let u = one("http://backend1.com/some/path");
        assert_eq!(
            (u.host.as_str(), u.path.as_str()),
            ("backend1.com:80", "/some/path")
        );
        let u = one("https://example.com");
        assert_eq!(u.path, "/");
        assert_eq!(u.hostname(), "example.com");
        let u = one("//x:80/a");
        // Without a scheme `//x` is a path for ParseRequestURI.
        assert_eq!(u.path, "//x:80/a");
    }

    #[test]
    fn scheme_from_port() {
        let mut t = vec![ServerUrl {
            scheme: String::new(),
            host: "h:80".into(),
            path: "/".into(),
            query: None,
        }];
        set_defaults(&mut t, "https");
        assert_eq!(t[0].scheme, "http");
    }

    #[test]
    fn variables_use_defaults() {
        let s = json!({"url": "https://{host}/{v}/x", "variables": {"host": {"default": "api.example.com"}, "v": {"default": "v1"}}});
        assert_eq!(render_template(&s), "https://api.example.com/v1/x");
        assert_eq!(
            render_server_urls(&[s]),
            vec!["https://api.example.com:443/v1/x"]
        );
    }

    #[test]
    fn bad_urls_are_errors() {
        assert!(parse_request_uri("example.com/api").is_err());
        assert!(parse_request_uri("https://{region}.example.com").is_err());
        assert!(parse_request_uri("https://h:abc/").is_err());
    }
}
