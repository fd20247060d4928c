//! Specwright's governance engine: Spectral-compatible rulesets run over the document layer.
//!
//! - [`function`]: the interface rule functions implement ([`function::RuleFunction`]).
//! - [`functions`]: Spectral's core functions.
//! - [`view`]: the linted view (resolved or as written) with JavaScript-like accessors.
//! - [`format`]: document formats (`oas2`, `oas3_1`, JSON Schema drafts).
//! - [`ruleset`]: rules as loaded; [`loader`] reads ruleset files.
//! - [`jsonpath`]: Spectral's JSONPath dialect and the one-walk matcher.
//! - [`engine`]: [`Linter`] runs rules and maps findings to source ranges ([`locate`]).
//!
//! Where its behaviour meets or departs from Spectral's is written down in COMPATIBILITY.md
//! beside this crate's Cargo.toml.

pub mod engine;
pub mod format;
pub mod function;
pub mod functions;
pub mod jsonpath;
pub mod loader;
pub mod locate;
pub mod oas;
pub mod output;
pub mod policytest;
pub mod ruleset;
pub mod view;

pub use engine::{EarlyLint, EarlySender, Finding, LintError, Linter};
pub use format::{Format, FormatSet};
pub use function::{Ctx, FunctionRegistry, FunctionResult, Options, RuleFunction, Target};
pub use loader::{builtin_ruleset, ParserOptions, Ruleset, RulesetError};
pub use ruleset::{Rule, Severity, Then};
pub use view::{Document, NodeRef, Seg, Val};
