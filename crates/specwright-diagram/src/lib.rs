//! Diagrams of OpenAPI specs, built in the engine so the studio and the CLI draw the same
//! picture.
//!
//! - [`schemas()`]: every named schema with its properties; `$ref` edges labelled with the
//!   property and cardinality, `allOf` inheritance, `oneOf`/`anyOf` unions with the
//!   discriminator; cycles, unused schemas and lint-count badges marked.
//! - [`resources()`]: the path tree with each operation's method, operationId, tags,
//!   security and deprecation; compact mode groups paths by tag or first segment.
//! - [`gateway()`]: the Kong entities a translation produces (services → routes →
//!   plugins, upstreams → targets), from decK config and its entity → spec map.
//! - [`focus()`]: one node's neighbourhood.
//! - Output: [`to_mermaid`], [`to_dot`], [`to_svg`] (laid out by [`layout`], no external
//!   program). Every node, row and edge keeps the file and JSON pointer it came from.

pub mod dot;
pub mod focus;
pub mod gateway;
pub mod layout;
pub mod mermaid;
pub mod model;
pub mod resources;
pub mod schemas;
pub mod svg;

pub use dot::to_dot;
pub use focus::focus;
pub use gateway::{gateway, EntityOrigin};
pub use mermaid::to_mermaid;
pub use model::{Edge, EdgeKind, Graph, Mark, Node, NodeKind, Row, Source, View};
pub use resources::{resources, GroupBy, ResourceOptions};
pub use schemas::{schemas, title, SchemaOptions};
pub use svg::to_svg;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DiagramError {
    #[error("{0}: not an OpenAPI or Swagger document (no `openapi` or `swagger` version field)")]
    NotOpenApi(String),
    #[error("no {view} node named `{name}`{}", if near.is_empty() { String::new() } else { format!(" (did you mean: {})", near.join(", ")) })]
    NotFound {
        name: String,
        view: &'static str,
        near: Vec<String>,
    },
    #[error("gateway config: {0}")]
    Gateway(String),
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Mermaid,
    Dot,
    Svg,
}

/// Renders a graph in a format.
pub fn render(graph: &Graph, format: Format) -> String {
    match format {
        Format::Mermaid => to_mermaid(graph),
        Format::Dot => to_dot(graph),
        Format::Svg => to_svg(graph),
    }
}
