//! Per-repository gate policy, read from `.specwright.yaml` at the root of the target
//! repository (the governance team owns the target), else of the spec's own repository:
//!
//! ```yaml
//! gate:
//!   fail-severity: warn   # error (default) | warn | info | hint
//! ```

use crate::gate::Severity;
use specwright_document::parse::parse_text;
use specwright_document::{LineIndex, ParseLimits};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = ".specwright.yaml";

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub fail_severity: Severity,
    /// The file it was read from (`None`: defaults).
    pub source: Option<PathBuf>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            fail_severity: Severity::Error,
            source: None,
        }
    }
}

impl Policy {
    /// Reads the first policy file found in `dirs` (in order); defaults when none exists.
    /// A file that exists but is wrong is an error (`file:line:col: message`), never
    /// silently ignored: a typo must not loosen the gate.
    pub fn find(dirs: &[&Path]) -> Result<Policy, String> {
        for d in dirs {
            let path = d.join(FILE_NAME);
            if path.is_file() {
                return Policy::read(&path);
            }
        }
        Ok(Policy::default())
    }

    pub fn read(path: &Path) -> Result<Policy, String> {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
        let index = LineIndex::new(&text);
        let parsed =
            parse_text(&name, &text, &index, &ParseLimits::default()).map_err(|e| e.to_string())?;
        let at = |span: specwright_document::Span| {
            let p = index.position(&text, span.start as usize);
            format!("{name}:{}:{}", p.line + 1, p.character + 1)
        };
        let mut policy = Policy {
            source: Some(path.to_path_buf()),
            ..Policy::default()
        };
        let Some(gate) = parsed.root.get("gate") else {
            return Ok(policy);
        };
        if let Some(sev) = gate.get("fail-severity") {
            let text_value = match &sev.value {
                specwright_document::Value::String(s) => s.to_string(),
                specwright_document::Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            policy.fail_severity = Severity::parse(&text_value).ok_or_else(|| {
                format!(
                    "{}: gate.fail-severity must be error, warn, info or hint",
                    at(sev.span)
                )
            })?;
        }
        Ok(policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_file_wins_and_errors_have_positions() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        assert_eq!(Policy::find(&[a.path()]).unwrap(), Policy::default());
        std::fs::write(b.path().join(FILE_NAME), "gate:\n  fail-severity: warn\n").unwrap();
        let p = Policy::find(&[a.path(), b.path()]).unwrap();
        assert_eq!(p.fail_severity, Severity::Warn);
        std::fs::write(a.path().join(FILE_NAME), "gate:\n  fail-severity: loud\n").unwrap();
        let e = Policy::find(&[a.path(), b.path()]).unwrap_err();
        assert!(
            e.ends_with(
                ".specwright.yaml:2:18: gate.fail-severity must be error, warn, info or hint"
            ),
            "{e}"
        );
    }
}
