//! Specwright's mock server and preview engine.
//!
//! - [`Engine`]: a spec turned into a request → response function with Prism's behaviour
//!   (selection, `Prefer`, negotiation, validation, security, CORS) and correct data
//!   generation; no I/O, so the studio previews responses without a server.
//! - [`MockServer`]: the engine behind axum on a loopback port, with hot reload of the spec
//!   and every file it references; stops when dropped.

mod cors;
mod engine;
mod generate;
mod model;
mod negotiate;
mod schema;
mod security;
mod server;
mod validate;

pub use engine::{Engine, MockOptions, MockRequest, MockResponse, OperationInfo, Preview};
pub use server::{MockServer, ServerOptions};

use specwright_document::{LoadOptions, Spec, SpecKind};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum MockError {
    /// Load or parse failure, displayed as `file:line:col: message`.
    #[error("{0}")]
    Load(String),
    #[error("{file}: {message}")]
    Spec { file: String, message: String },
    #[error("cannot bind {addr}: {message}")]
    Bind { addr: String, message: String },
}

/// A loaded engine plus the files it was read from (what the reloader watches).
pub struct Loaded {
    pub engine: Engine,
    pub files: Vec<PathBuf>,
}

impl Engine {
    pub fn load(path: &Path, opts: MockOptions) -> Result<Loaded, MockError> {
        let spec = Spec::load(path, &LoadOptions::default())
            .map_err(|e| MockError::Load(e.to_string()))?;
        Self::from_spec(&spec, opts)
    }

    pub fn from_text(path: &Path, text: &str, opts: MockOptions) -> Result<Loaded, MockError> {
        let spec = Spec::from_text(path, text, &LoadOptions::default())
            .map_err(|e| MockError::Load(e.to_string()))?;
        Self::from_spec(&spec, opts)
    }

    pub fn from_spec(spec: &Spec, opts: MockOptions) -> Result<Loaded, MockError> {
        let file = spec.root().name.clone();
        if let Some((_, err)) = spec.ref_errors().next() {
            return Err(MockError::Load(err.to_string()));
        }
        if matches!(spec.kind, SpecKind::Unknown) {
            return Err(MockError::Spec {
                file,
                message: "not an OpenAPI document: no `openapi` or `swagger` field".into(),
            });
        }
        let api = model::Api::from_bundle(spec.bundle()).map_err(|e| MockError::Spec {
            file: file.clone(),
            message: e.0,
        })?;
        Ok(Loaded {
            engine: Engine::new(api, opts),
            files: spec.files.iter().map(|f| f.path.clone()).collect(),
        })
    }
}

#[cfg(test)]
mod tests;
