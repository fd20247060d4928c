//! Swagger 2.0 and OpenAPI 3.1 documents rewritten as OpenAPI 3.0.3, so that consumers can
//! deserialise any supported spec into the typed `openapiv3::OpenAPI` model.
//!
//! Both normalisers work on plain `serde_json::Value` trees (key order kept) and never
//! resolve references: `$ref`s are rewritten to where the target lives in 3.0, nothing more.

mod oas31;
mod swagger2;

pub use oas31::oas31_to_oas30;
pub use swagger2::swagger2_to_oas30;

use serde_json::{Map, Value};
use std::fmt;

/// Why a document could not be normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalizeError {
    /// JSON pointer of the offending node in the input document (`""` is the root).
    pub pointer: String,
    pub message: String,
}

impl NormalizeError {
    pub(crate) fn new(pointer: impl Into<String>, message: impl Into<String>) -> NormalizeError {
        NormalizeError {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for NormalizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.message)
    }
}

impl std::error::Error for NormalizeError {}

/// `base` extended by one unescaped segment.
fn child(base: &str, segment: &str) -> String {
    format!("{base}/{}", crate::pointer::escape_segment(segment))
}

/// Inserts `key` right after `after` (or at the end when `after` is absent), so that added
/// keywords sit next to the ones they qualify instead of at the end of the object.
fn insert_after(map: &mut Map<String, Value>, after: &str, key: &str, value: Value) {
    match map.keys().position(|k| k == after) {
        Some(i) if !map.contains_key(key) => {
            map.shift_insert(i + 1, key.to_owned(), value);
        }
        _ => {
            map.insert(key.to_owned(), value);
        }
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

#[cfg(test)]
mod test_support {
    use serde_json::Value;
    use std::path::PathBuf;

    /// The shared corpus folder, or `None` (with a message) when it is not checked out.
    pub fn corpus_dir() -> Option<PathBuf> {
        let base = std::env::var("SPECWRIGHT_SHARED")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").into());
        let dir = PathBuf::from(base).join("corpus/specs");
        if dir.is_dir() {
            Some(dir)
        } else {
            eprintln!("skipping corpus test: {} not found", dir.display());
            None
        }
    }

    /// Loads a corpus file (YAML or JSON) through the crate's own parser.
    pub fn load(dir: &std::path::Path, name: &str) -> Option<Value> {
        let path = dir.join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipping {}: not readable", path.display());
            return None;
        };
        let index = crate::text::LineIndex::new(&text);
        let parsed = crate::parse::parse_text(name, &text, &index, &Default::default())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        Some(parsed.root.to_json())
    }

    pub fn count_paths(paths: Option<&Value>) -> (usize, usize) {
        let Some(Value::Object(paths)) = paths else {
            return (0, 0);
        };
        let mut ops = 0;
        let mut n = 0;
        for (k, item) in paths {
            if !k.starts_with('/') {
                continue;
            }
            n += 1;
            if let Value::Object(item) = item {
                ops += super::METHODS
                    .iter()
                    .filter(|m| item.contains_key(**m))
                    .count();
            }
        }
        (n, ops)
    }

    /// Checks that a conversion kept every path, operation and schema, in the JSON and in
    /// the typed model; returns (paths, operations, schemas).
    pub fn assert_counts_kept(
        name: &str,
        input: &Value,
        out: Value,
        schemas_in: usize,
    ) -> (usize, usize, usize) {
        let (paths, ops) = count_paths(input.get("paths"));
        assert_eq!(
            count_paths(out.get("paths")),
            (paths, ops),
            "{name}: paths/operations"
        );
        let api = typed(out).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(api.paths.paths.len(), paths, "{name}: typed paths");
        assert_eq!(api.operations().count(), ops, "{name}: typed operations");
        let schemas = api.components.as_ref().map_or(0, |c| c.schemas.len());
        assert_eq!(schemas, schemas_in, "{name}: schemas");
        (paths, ops, schemas)
    }

    /// Deserialises into the typed model; a big stack because deep schemas recurse a lot in
    /// debug builds.
    pub fn typed(doc: Value) -> Result<openapiv3::OpenAPI, String> {
        std::thread::Builder::new()
            .stack_size(64 * 1024 * 1024)
            .spawn(move || {
                serde_json::from_value::<openapiv3::OpenAPI>(doc).map_err(|e| e.to_string())
            })
            .expect("spawn")
            .join()
            .expect("join")
    }
}
