//! Specwright's document layer: every other part reads specs through it.
//!
//! - [`parse`]: YAML 1.2 or JSON text to a [`Node`] tree where every key and value keeps
//!   its byte [`Span`]; bounded in size, depth and alias expansion.
//! - [`text`]: spans to 0-based line/UTF-16 character [`Range`]s (LSP and Spectral style).
//! - [`Spec`]: a spec with every file it references, `$ref`s resolved once, cycles found,
//!   file access confined to a root folder; [`Cursor`] walks the resolved view while
//!   each node still knows its file and span.
//! - [`normalize`] and [`typed`]: Swagger 2.0 and OpenAPI 3.1 normalised into the
//!   `openapiv3` model for consumers that want a typed view.

mod bundle;
pub mod error;
mod fast_yaml;
pub mod kind;
pub mod node;
pub mod normalize;
pub mod parse;
pub mod pointer;
pub mod release;
mod reparse;
pub mod spec;
pub mod stats;
#[cfg(test)]
mod test_rng;
pub mod text;
pub mod typed;
mod yaml_split;

pub use error::{ErrorKind, LoadError};
pub use kind::SpecKind;
pub use node::{Member, Node, Object, Value};
pub use parse::{ParseLimits, ParseWarning, Syntax};
pub use pointer::PathSeg;
pub use release::drop_large;
pub use spec::{
    Cursor, EditCache, FileId, LoadOptions, RefSite, SourceFile, Spec, Target, Unresolved,
};
pub use stats::Stats;
pub use text::{LineIndex, Position, Range, Span};
