//! Behaviour tests on small fixtures, one module per behaviour.

mod generation;
mod reload;
mod security;
mod selection;
mod validation;

use crate::{Engine, MockOptions, MockRequest, MockResponse};
use std::path::Path;

pub(crate) fn engine(spec: &str, opts: MockOptions) -> Engine {
    Engine::from_text(Path::new("/tmp/specwright-mock-fixture.yaml"), spec, opts)
        .unwrap_or_else(|e| panic!("fixture does not load: {e}"))
        .engine
}

pub(crate) fn get(e: &Engine, target: &str) -> MockResponse {
    e.handle(&MockRequest::new("GET", target))
}
