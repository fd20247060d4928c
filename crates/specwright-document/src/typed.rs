//! The typed view: any supported spec as an `openapiv3::OpenAPI` (the OAS 3.0 model).
//!
//! The raw tree stays the source of truth; this is a convenience for consumers that want
//! types. Other files are inlined ([`Spec::bundle`]), then Swagger 2.0 and OpenAPI 3.1 are
//! normalised to 3.0 ([`crate::normalize`]), then deserialised.

use crate::kind::SpecKind;
use crate::normalize::{oas31_to_oas30, swagger2_to_oas30};
use crate::spec::Spec;
use std::fmt;

/// A spec in the OAS 3.0 model, with what normalising it lost.
pub struct Typed {
    pub openapi: openapiv3::OpenAPI,
    /// The OAS 3.0 JSON the model was read from (refs within it kept as `$ref`).
    pub json: serde_json::Value,
    /// What had no OAS 3.0 form (3.1 only), one note each: `"<pointer>: <what>"`.
    pub lost: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypedError {
    pub file: String,
    /// JSON pointer of the offending node, when known.
    pub pointer: Option<String>,
    pub message: String,
}

impl fmt::Display for TypedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.pointer {
            Some(p) => write!(
                f,
                "{}: at {}: {}",
                self.file,
                if p.is_empty() { "(root)" } else { p },
                self.message
            ),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for TypedError {}

/// The OAS 3.0-shaped JSON of a spec: bundled, then normalised from 2.0 or 3.1.
pub fn oas30_json(spec: &Spec) -> Result<(serde_json::Value, Vec<String>), TypedError> {
    let file = spec.root().name.clone();
    let bundled = spec.bundle();
    match spec.kind {
        SpecKind::OpenApi30 => Ok((bundled, Vec::new())),
        SpecKind::Swagger2 => swagger2_to_oas30(&bundled)
            .map(|v| (v, Vec::new()))
            .map_err(|e| TypedError {
                file,
                pointer: Some(e.pointer),
                message: e.message,
            }),
        SpecKind::OpenApi31 => oas31_to_oas30(&bundled).map_err(|e| TypedError {
            file,
            pointer: Some(e.pointer),
            message: e.message,
        }),
        SpecKind::OpenApi3Other | SpecKind::Unknown => Err(TypedError {
            file,
            pointer: None,
            message: format!(
                "a typed view needs Swagger 2.0 or OpenAPI 3.0/3.1, not {}{}",
                spec.kind.label(),
                spec.version
                    .as_deref()
                    .map(|v| format!(" ({v})"))
                    .unwrap_or_default()
            ),
        }),
    }
}

impl Typed {
    pub fn of(spec: &Spec) -> Result<Typed, TypedError> {
        let (json, lost) = oas30_json(spec)?;
        let openapi = serde_json::from_value(json.clone()).map_err(|e| TypedError {
            file: spec.root().name.clone(),
            pointer: None,
            message: format!("does not fit the OpenAPI 3.0 model: {e}"),
        })?;
        Ok(Typed {
            openapi,
            json,
            lost,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::LoadOptions;

    fn load(name: &str, text: &str) -> Spec {
        let dir = tempfile::tempdir().unwrap();
        Spec::from_text(
            &dir.path().join(name),
            text,
            &LoadOptions {
                root: Some(dir.path().to_path_buf()),
                ..LoadOptions::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn swagger2_becomes_typed_oas30() {
        let spec = load(
            "s.yaml",
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: api.example.com\nbasePath: /v1\nschemes: [https]\npaths:\n  /pets:\n    get:\n      produces: [application/json]\n      responses:\n        '200':\n          description: ok\n          schema: {$ref: '#/definitions/Pet'}\ndefinitions:\n  Pet: {type: object}\n",
        );
        let t = Typed::of(&spec).unwrap();
        assert_eq!(t.openapi.servers[0].url, "https://api.example.com/v1");
        assert!(t.openapi.components.unwrap().schemas.contains_key("Pet"));
        assert!(t.openapi.paths.paths.contains_key("/pets"));
    }

    #[test]
    fn oas31_becomes_typed_oas30_and_says_what_was_lost() {
        let spec = load(
            "s.yaml",
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nwebhooks:\n  ping:\n    post:\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    N: {type: [string, 'null']}\n",
        );
        let t = Typed::of(&spec).unwrap();
        assert!(!t.lost.is_empty());
        assert_eq!(t.json["components"]["schemas"]["N"]["nullable"], true);
    }

    #[test]
    fn unknown_documents_have_no_typed_view() {
        let spec = load("s.yaml", "asyncapi: 2.0.0\n");
        let err = Typed::of(&spec).err().unwrap();
        assert!(err.message.contains("unknown"), "{err}");
    }
}
