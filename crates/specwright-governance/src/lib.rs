//! Specwright's governance engine: Spectral-compatible rulesets run over the document layer.
//!
//! - [`function`]: the interface rule functions implement ([`function::RuleFunction`]).
//! - [`functions`]: Spectral's core functions.
//! - [`view`]: the linted view (resolved or as written) with JavaScript-like accessors.
//! - [`format`]: document formats (`oas2`, `oas3_1`, JSON Schema drafts).
//! - [`ruleset`]: rules as loaded.

pub mod format;
pub mod function;
pub mod functions;
pub mod ruleset;
pub mod view;

pub use format::{Format, FormatSet};
pub use function::{Ctx, FunctionRegistry, FunctionResult, Options, RuleFunction, Target};
pub use ruleset::{Rule, Severity, Then};
pub use view::{Document, NodeRef, Seg, Val};
