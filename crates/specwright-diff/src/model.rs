//! A version-neutral view of a spec's endpoints, so the rules are written once for
//! Swagger 2.0 and OpenAPI 3.x.
//!
//! - 2.0 `body` parameters become a request [`Body`] whose media types are the operation's
//!   (or the document's) `consumes`; response schemas get `produces` the same way. `formData`
//!   parameters stay parameters (that is what they are in 2.0).
//! - 2.0 non-body parameters carry their schema keywords inline, so the parameter object
//!   itself is the schema that gets compared.
//! - Path parameters are matched by position in the template, so `/pets/{id}` and
//!   `/pets/{petId}` are the same endpoint (as oasdiff does).

use specwright_document::stats::METHODS;
use specwright_document::{Cursor, Spec, SpecKind};

/// Follows `$ref`s; `None` when broken or a pure reference loop.
pub fn resolved(c: Cursor<'_>) -> Option<Cursor<'_>> {
    c.resolve().ok()
}

/// `/pets/{petId}` becomes `/pets/{}`: how endpoints are matched across versions.
pub fn normalize_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for ch in path.chars() {
        match ch {
            '{' if !in_param => {
                in_param = true;
                out.push('{');
            }
            '}' if in_param => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            _ => out.push(ch),
        }
    }
    out
}

/// Names of the template parameters of a path, in order.
pub fn template_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

pub struct PathItem<'a> {
    /// Matching key (see [`normalize_path`]).
    pub key: String,
    /// As written.
    pub path: String,
    pub cursor: Cursor<'a>,
}

/// The `paths` object of a spec (`None` when it has none).
pub fn paths_object<'a>(spec: &'a Spec) -> Option<Cursor<'a>> {
    spec.cursor().get("paths")
}

pub fn paths<'a>(spec: &'a Spec) -> Vec<PathItem<'a>> {
    let Some(paths) = paths_object(spec) else {
        return Vec::new();
    };
    let mut out: Vec<PathItem<'a>> = Vec::new();
    for (name, c) in paths.members() {
        if !name.starts_with('/') {
            continue; // extensions (`x-…`)
        }
        let Some(c) = resolved(c) else { continue };
        let key = normalize_path(name);
        // Two templates differing only in parameter names are one endpoint; keep the first.
        if out.iter().any(|p| p.key == key) {
            continue;
        }
        out.push(PathItem {
            key,
            path: name.to_string(),
            cursor: c,
        });
    }
    out
}

pub fn operations<'a>(path_item: &Cursor<'a>) -> Vec<(&'static str, Cursor<'a>)> {
    METHODS
        .iter()
        .filter_map(|m| path_item.get(m).map(|c| (*m, c)))
        .collect()
}

pub fn is_deprecated(op: &Cursor<'_>) -> bool {
    op.get("deprecated")
        .and_then(|d| d.node.as_bool())
        .unwrap_or(false)
}

/// One request parameter.
pub struct Param<'a> {
    /// `(in, name)`: header names lowercased (HTTP headers are case-insensitive), path
    /// parameters named by their position in the template.
    pub key: (String, String),
    pub name: String,
    pub location: String,
    pub cursor: Cursor<'a>,
    pub required: bool,
    /// The schema to compare: `schema`, the first `content` entry's schema, or (2.0
    /// non-body parameters) the parameter object itself.
    pub schema: Option<Cursor<'a>>,
}

/// Effective parameters of an operation: path-level ones overridden by operation-level
/// ones with the same `in` and `name`. The 2.0 `body` parameter is excluded (see
/// [`request_body`]).
pub fn parameters<'a>(
    spec: &'a Spec,
    path: &str,
    path_item: &Cursor<'a>,
    op: &Cursor<'a>,
) -> Vec<Param<'a>> {
    let template = template_params(path);
    let mut out: Vec<Param<'a>> = Vec::new();
    for level in [path_item, op] {
        let Some(list) = level.get("parameters") else {
            continue;
        };
        for item in list.items() {
            let Some(p) = resolved(item) else { continue };
            let Some(location) = p
                .get("in")
                .and_then(|n| n.node.as_str().map(str::to_string))
            else {
                continue;
            };
            if location == "body" {
                continue;
            }
            let Some(name) = p
                .get("name")
                .and_then(|n| n.node.as_str().map(str::to_string))
            else {
                continue;
            };
            let key_name = match location.as_str() {
                "header" => name.to_ascii_lowercase(),
                "path" => match template.iter().position(|t| *t == name) {
                    Some(i) => format!("#{i}"),
                    None => name.clone(),
                },
                _ => name.clone(),
            };
            let required = location == "path"
                || p.get("required")
                    .and_then(|r| r.node.as_bool())
                    .unwrap_or(false);
            let schema = if spec.kind == SpecKind::Swagger2 {
                Some(p.clone())
            } else if let Some(s) = p.get("schema") {
                Some(s)
            } else {
                p.get("content")
                    .and_then(|c| c.members().into_iter().next())
                    .and_then(|(_, m)| resolved(m))
                    .and_then(|m| m.get("schema"))
            };
            let key = (location.clone(), key_name);
            let param = Param {
                key,
                name,
                location,
                cursor: p,
                required,
                schema,
            };
            match out.iter_mut().find(|q| q.key == param.key) {
                Some(slot) => *slot = param,
                None => out.push(param),
            }
        }
    }
    out
}

/// A request or response payload in one media type.
pub struct Media<'a> {
    pub name: String,
    /// The media type object (3.x) or the body parameter / response (2.0).
    pub cursor: Cursor<'a>,
    pub schema: Option<Cursor<'a>>,
}

pub struct Body<'a> {
    pub cursor: Cursor<'a>,
    pub required: bool,
    pub media: Vec<Media<'a>>,
}

/// 2.0 `consumes`/`produces`: the operation's, else the document's, else JSON.
fn media_list(spec: &Spec, op: &Cursor<'_>, key: &str) -> Vec<String> {
    let list = op.get(key).or_else(|| spec.cursor().get(key));
    let names: Vec<String> = list
        .map(|l| {
            l.items()
                .into_iter()
                .filter_map(|i| i.node.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        vec!["application/json".to_string()]
    } else {
        names
    }
}

fn content_media<'a>(content: Option<Cursor<'a>>) -> Vec<Media<'a>> {
    let Some(content) = content else {
        return Vec::new();
    };
    content
        .members()
        .into_iter()
        .filter_map(|(name, m)| {
            let m = resolved(m)?;
            Some(Media {
                name: name.to_string(),
                schema: m.get("schema"),
                cursor: m,
            })
        })
        .collect()
}

pub fn request_body<'a>(
    spec: &'a Spec,
    path_item: &Cursor<'a>,
    op: &Cursor<'a>,
) -> Option<Body<'a>> {
    if spec.kind == SpecKind::Swagger2 {
        let body = [op, path_item].into_iter().find_map(|level| {
            level.get("parameters")?.items().into_iter().find_map(|i| {
                let p = resolved(i)?;
                (p.get("in")?.node.as_str() == Some("body")).then_some(p)
            })
        })?;
        let required = body
            .get("required")
            .and_then(|r| r.node.as_bool())
            .unwrap_or(false);
        let schema = body.get("schema");
        let media = media_list(spec, op, "consumes")
            .into_iter()
            .map(|name| Media {
                name,
                cursor: body.clone(),
                schema: schema.clone(),
            })
            .collect();
        return Some(Body {
            cursor: body,
            required,
            media,
        });
    }
    let body = op.get("requestBody")?;
    let required = body
        .get("required")
        .and_then(|r| r.node.as_bool())
        .unwrap_or(false);
    let media = content_media(body.get("content"));
    Some(Body {
        cursor: body,
        required,
        media,
    })
}

pub struct Response<'a> {
    pub status: String,
    pub cursor: Cursor<'a>,
    pub media: Vec<Media<'a>>,
    /// Header names lowercased, with their header objects.
    pub headers: Vec<(String, Cursor<'a>)>,
}

impl Response<'_> {
    /// 2xx, `2XX` and `default`: the answers clients are written for.
    pub fn is_success(&self) -> bool {
        self.status.starts_with('2') || self.status == "default"
    }
}

pub fn responses<'a>(spec: &'a Spec, op: &Cursor<'a>) -> Vec<Response<'a>> {
    let Some(responses) = op.get("responses") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (status, r) in responses.members() {
        if status.starts_with("x-") {
            continue;
        }
        let Some(r) = resolved(r) else { continue };
        let media = if spec.kind == SpecKind::Swagger2 {
            match r.get("schema") {
                Some(schema) => media_list(spec, op, "produces")
                    .into_iter()
                    .map(|name| Media {
                        name,
                        cursor: r.clone(),
                        schema: Some(schema.clone()),
                    })
                    .collect(),
                None => Vec::new(),
            }
        } else {
            content_media(r.get("content"))
        };
        let headers = r
            .get("headers")
            .map(|h| {
                h.members()
                    .into_iter()
                    .filter_map(|(n, c)| Some((n.to_ascii_lowercase(), resolved(c)?)))
                    .collect()
            })
            .unwrap_or_default();
        out.push(Response {
            status: status.to_string(),
            cursor: r,
            media,
            headers,
        });
    }
    out
}

/// The security requirements that apply to an operation (its own, else the document's),
/// and where they are written.
pub fn security<'a>(spec: &'a Spec, op: &Cursor<'a>) -> Option<Cursor<'a>> {
    op.get("security").or_else(|| spec.cursor().get("security"))
}

/// The security scheme definitions: `components.securitySchemes` or 2.0 `securityDefinitions`.
pub fn security_schemes(spec: &Spec) -> Option<Cursor<'_>> {
    match spec.kind {
        SpecKind::Swagger2 => spec.cursor().get("securityDefinitions"),
        _ => spec.cursor().get("components")?.get("securitySchemes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_match_by_position() {
        assert_eq!(
            normalize_path("/pets/{petId}/toys/{id}"),
            "/pets/{}/toys/{}"
        );
        assert_eq!(template_params("/pets/{petId}/toys/{id}"), ["petId", "id"]);
        assert_eq!(normalize_path("/plain"), "/plain");
    }
}
