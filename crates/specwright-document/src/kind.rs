//! What kind of document a tree is, by the same predicates Spectral's formats use.

use crate::node::{Node, Value};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum SpecKind {
    /// Swagger 2.0 (`swagger: "2.0"`).
    #[serde(rename = "swagger-2.0")]
    Swagger2,
    /// OpenAPI 3.0.x.
    #[serde(rename = "openapi-3.0")]
    OpenApi30,
    /// OpenAPI 3.1.x.
    #[serde(rename = "openapi-3.1")]
    OpenApi31,
    /// Any other OpenAPI 3 minor version (e.g. 3.2).
    #[serde(rename = "openapi-3")]
    OpenApi3Other,
    /// Not an OpenAPI document: still lintable as plain data.
    #[serde(rename = "unknown")]
    Unknown,
}

impl SpecKind {
    pub fn detect(root: &Node) -> (SpecKind, Option<String>) {
        let version_text = |n: &Node| match &n.value {
            Value::String(s) => Some(s.to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        if let Some(v) = root.get("swagger").and_then(version_text) {
            // Spectral: `swagger` must parse to 2.
            let kind = if v.parse::<f64>().ok() == Some(2.0) {
                SpecKind::Swagger2
            } else {
                SpecKind::Unknown
            };
            return (kind, Some(v));
        }
        if let Some(v) = root.get("openapi").and_then(version_text) {
            let kind = if is_minor(&v, "3.0") {
                SpecKind::OpenApi30
            } else if is_minor(&v, "3.1") {
                SpecKind::OpenApi31
            } else if v.starts_with("3.") || v == "3" {
                SpecKind::OpenApi3Other
            } else {
                SpecKind::Unknown
            };
            return (kind, Some(v));
        }
        (SpecKind::Unknown, None)
    }

    pub fn label(self) -> &'static str {
        match self {
            SpecKind::Swagger2 => "Swagger 2.0",
            SpecKind::OpenApi30 => "OpenAPI 3.0",
            SpecKind::OpenApi31 => "OpenAPI 3.1",
            SpecKind::OpenApi3Other => "OpenAPI 3.x",
            SpecKind::Unknown => "unknown",
        }
    }

    pub fn is_openapi(self) -> bool {
        !matches!(self, SpecKind::Unknown)
    }
}

/// `/^3\.N(?:\.[0-9]*)?$/`, as Spectral's oas3_N predicates.
fn is_minor(v: &str, minor: &str) -> bool {
    match v.strip_prefix(minor) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('.')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    fn doc(key: &str, v: Value) -> Node {
        let o = crate::node::Object {
            members: vec![crate::node::Member {
                key: key.into(),
                key_span: Span::default(),
                value: Node::new(v, Span::default()),
            }]
            .into_boxed_slice(),
        };
        Node::new(Value::Object(o), Span::default())
    }

    #[test]
    fn detects_versions() {
        let s = |x: &str| Value::String(x.into());
        assert_eq!(
            SpecKind::detect(&doc("swagger", s("2.0"))).0,
            SpecKind::Swagger2
        );
        assert_eq!(
            SpecKind::detect(&doc("openapi", s("3.0.3"))).0,
            SpecKind::OpenApi30
        );
        assert_eq!(
            SpecKind::detect(&doc("openapi", s("3.1.0"))).0,
            SpecKind::OpenApi31
        );
        assert_eq!(
            SpecKind::detect(&doc("openapi", s("3.10"))).0,
            SpecKind::OpenApi3Other
        );
        assert_eq!(
            SpecKind::detect(&doc("asyncapi", s("2.0"))).0,
            SpecKind::Unknown
        );
    }
}
