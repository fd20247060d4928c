//! Breaking-change detection between two versions of a spec, in the spirit of oasdiff.
//!
//! Both specs are compared on the *resolved* view (the document layer's [`Cursor`] follows
//! `$ref`s across files and keeps each node's file and span), so moving a schema into another
//! file or reformatting JSON as YAML changes nothing, while every finding still points at
//! the exact source of both versions.
//!
//! - [`model`]: a version-neutral view of endpoints (Swagger 2.0 and OpenAPI 3.x alike).
//! - [`rules`]: one module per concern, each rule documented where it lives:
//!   [`rules::endpoints`], [`rules::parameters`], [`rules::request_body`],
//!   [`rules::responses`], [`rules::security`], and [`rules::schema`] (structural schema
//!   comparison, direction-aware, bounded on circular schemas).
//! - [`render`]: text, JSON and Markdown reports.
//!
//! Levels follow oasdiff: [`Level::Breaking`] is definitely breaking for existing clients,
//! [`Level::Warning`] may break some clients (the spec cannot tell), [`Level::Info`] is
//! compatible.

pub mod model;
pub mod render;
pub mod rules;

use serde::Serialize;
use specwright_document::pointer::to_pointer;
use specwright_document::{Cursor, Range, Spec};

/// How bad a change is for clients written against the old version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Breaking,
    Warning,
    Info,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// Where a changed element is written: file, JSON pointer inside that file, and range
/// (0-based line and UTF-16 character, as the editor and Spectral count them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub pointer: String,
    pub range: Range,
}

impl Location {
    pub fn of(c: &Cursor<'_>) -> Location {
        Location {
            file: c.source().name.clone(),
            pointer: to_pointer(&c.path),
            range: c.range(),
        }
    }

    /// `file:line:col` (1-based) followed by the pointer.
    pub fn short(&self) -> String {
        format!(
            "{}:{}:{} {}",
            self.file,
            self.range.start.line + 1,
            self.range.start.character + 1,
            if self.pointer.is_empty() {
                "(root)"
            } else {
                &self.pointer
            }
        )
    }
}

/// One difference between the versions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Stable rule id (`response-property-removed`), for filtering and waivers.
    pub id: &'static str,
    pub level: Level,
    /// The endpoint it was found through (`GET /pets/{id}`), when it concerns one. A
    /// schema shared by many endpoints is compared once; the first endpoint is named.
    pub operation: Option<String>,
    pub message: String,
    /// Where it is in the old version (for an addition: the enclosing element).
    pub old: Option<Location>,
    /// Where it is in the new version (for a removal: the enclosing element).
    pub new: Option<Location>,
}

/// Everything that changed between two versions.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub old_version: Option<String>,
    pub new_version: Option<String>,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }

    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.level == Level::Breaking)
    }

    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.level == Level::Breaking)
    }
}

/// Compares two loaded specs. Either may be Swagger 2.0, OpenAPI 3.0 or 3.1.
pub fn diff(old: &Spec, new: &Spec) -> Report {
    let mut cx = rules::Ctx::new(old, new);
    rules::endpoints::check(&mut cx);
    rules::security::check_schemes(&mut cx);
    let mut changes = cx.into_changes();
    changes.sort_by(|a, b| {
        (a.level, &a.operation, a.id, &a.message).cmp(&(b.level, &b.operation, b.id, &b.message))
    });
    Report {
        old_version: info_version(old),
        new_version: info_version(new),
        changes,
    }
}

/// `info.version` of a spec, as written.
pub fn info_version(spec: &Spec) -> Option<String> {
    let v = spec.cursor().get("info")?.get("version")?;
    match &v.node.value {
        specwright_document::Value::String(s) => Some(s.to_string()),
        specwright_document::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The major component of a version string (`v2.1.0` and `2` both give 2).
pub fn major_version(version: &str) -> Option<u64> {
    let v = version.trim();
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    let digits: String = v.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_version_parses_common_forms() {
        assert_eq!(major_version("1.2.3"), Some(1));
        assert_eq!(major_version("v2"), Some(2));
        assert_eq!(major_version("10.0-beta"), Some(10));
        assert_eq!(major_version("draft"), None);
    }
}
