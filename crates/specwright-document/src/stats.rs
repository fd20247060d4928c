//! Counts that describe a spec (`specwright stats`).

use crate::kind::SpecKind;
use crate::spec::Spec;
use serde::Serialize;

/// HTTP methods that make an operation in a path item.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Stats {
    pub kind: SpecKind,
    pub version: Option<String>,
    pub files: usize,
    pub bytes: usize,
    /// `$ref` occurrences, and how many resolved.
    pub refs: usize,
    pub refs_resolved: usize,
    pub refs_broken: usize,
    /// Reference targets that lead back to themselves (recursive schemas).
    pub circular_targets: usize,
    pub paths: usize,
    pub operations: usize,
    /// `components.schemas`, or `definitions` for Swagger 2.0.
    pub schemas: usize,
    pub warnings: usize,
}

impl Stats {
    pub fn of(spec: &Spec) -> Stats {
        let root = spec.cursor();
        let paths = root.get("paths").map(|p| p.members()).unwrap_or_default();
        let operations = paths
            .iter()
            .filter_map(|(_, item)| item.clone().resolve().ok())
            .map(|item| {
                item.members()
                    .iter()
                    .filter(|(k, _)| METHODS.contains(k))
                    .count()
            })
            .sum();
        let schemas = if spec.kind == SpecKind::Swagger2 {
            root.get("definitions")
        } else {
            root.get("components").and_then(|c| c.get("schemas"))
        }
        .map(|s| s.members().len())
        .unwrap_or(0);
        let refs_resolved = spec.refs.iter().filter(|r| r.target.is_ok()).count();
        Stats {
            kind: spec.kind,
            version: spec.version.clone(),
            files: spec.files.len(),
            bytes: spec.files.iter().map(|f| f.text.len()).sum(),
            refs: spec.refs.len(),
            refs_resolved,
            refs_broken: spec.refs.len() - refs_resolved,
            circular_targets: spec.circular().len(),
            paths: paths.len(),
            operations,
            schemas,
            warnings: spec.files.iter().map(|f| f.warnings.len()).sum(),
        }
    }
}
