//! A loaded ruleset: rules with their functions resolved and options prepared.

use crate::format::FormatSet;
use crate::function::{Options, RuleFunction};
use std::path::PathBuf;
use std::sync::Arc;

/// Spectral's severities; the number is what its JSON output prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error = 0,
    Warn = 1,
    Info = 2,
    Hint = 3,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warn => "warn",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    /// `error|warn|info|hint` or `0..=3`; `Ok(None)` for `off`.
    pub fn parse(value: &serde_json::Value) -> Result<Option<Severity>, String> {
        use serde_json::Value as J;
        let s = match value {
            J::String(s) => s.as_str(),
            J::Number(n) => match n.as_i64() {
                Some(0) => "error",
                Some(1) => "warn",
                Some(2) => "info",
                Some(3) => "hint",
                Some(-1) => "off",
                _ => "",
            },
            J::Bool(false) => "off",
            _ => "",
        };
        match s {
            "error" => Ok(Some(Severity::Error)),
            "warn" | "warning" => Ok(Some(Severity::Warn)),
            "info" | "information" => Ok(Some(Severity::Info)),
            "hint" => Ok(Some(Severity::Hint)),
            "off" => Ok(None),
            _ => Err(format!(
                "severity must be error, warn, info, hint, off or 0-3, not {value}"
            )),
        }
    }

    pub fn from_code(code: u8) -> Option<Severity> {
        match code {
            0 => Some(Severity::Error),
            1 => Some(Severity::Warn),
            2 => Some(Severity::Info),
            3 => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// One `then` entry: where (`field`) and what (`function` with prepared options).
#[derive(Clone)]
pub struct Then {
    /// `None`, `@key`, a `$`-JSONPath relative to the match, or a dotted lodash path.
    pub field: Option<String>,
    pub function_name: String,
    pub function: Arc<dyn RuleFunction>,
    pub options: Arc<Options>,
}

#[derive(Clone)]
pub struct Rule {
    pub name: String,
    pub description: Option<String>,
    /// Message template; `None` falls back to the description, then the function's message.
    pub message: Option<String>,
    /// Severity when enabled (`severity: off` disables the rule instead).
    pub severity: Severity,
    pub enabled: bool,
    pub recommended: bool,
    /// Document formats the rule applies to; `None` means every document.
    pub formats: Option<FormatSet>,
    /// `given` expressions with aliases expanded, as JSONPath.
    pub given: Vec<String>,
    pub then: Vec<Then>,
    pub resolved: bool,
    pub documentation_url: Option<String>,
    /// The ruleset file (or built-in name) that defined the rule.
    pub defined_in: String,
    /// Folder of that ruleset, for globs in overrides.
    pub base_dir: Option<PathBuf>,
}

/// Whether a `then.field` is a JSONPath (`$.a`, `$[0]`, `$..x`) rather than a property path.
/// Spectral hands every `$`-led field to jsonpath-plus, which reads `$ref` or `$id` as a
/// property name, not as the root.
pub fn field_is_jsonpath(field: &str) -> bool {
    field == "$" || field.starts_with("$.") || field.starts_with("$[")
}
