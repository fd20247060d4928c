//! Errors that name the file, line and column, with a short excerpt of the source.

use crate::text::{LineIndex, Position};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Io,
    TooLarge,
    NotUtf8,
    Syntax,
    TooDeep,
    AliasLimit,
    /// A `$ref` whose target file is outside the allowed root.
    RefOutsideRoot,
    /// A `$ref` whose target file or pointer does not exist.
    RefNotFound,
    /// A `$ref` that could not be understood.
    RefInvalid,
    /// A remote (`http`/`https`) `$ref` while remote refs are off.
    RemoteRefDisabled,
    TooManyFiles,
}

/// An error in a spec: where it is (file and 0-based position, printed 1-based) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub kind: ErrorKind,
    pub file: String,
    pub position: Option<Position>,
    pub message: String,
    /// The offending source line with a caret under the column.
    pub excerpt: Option<String>,
}

impl LoadError {
    pub fn new(kind: ErrorKind, file: impl Into<String>, message: impl Into<String>) -> LoadError {
        LoadError {
            kind,
            file: file.into(),
            position: None,
            message: message.into(),
            excerpt: None,
        }
    }

    /// Attaches a position (a byte offset into `text`) and the excerpt around it.
    pub fn at(mut self, text: &str, index: &LineIndex, offset: usize) -> LoadError {
        let pos = index.position(text, offset);
        self.position = Some(pos);
        self.excerpt = Some(excerpt(text, index, pos));
        self
    }
}

/// The source line at `pos` (trimmed to 120 columns) and a caret under the column.
pub fn excerpt(text: &str, index: &LineIndex, pos: Position) -> String {
    let line = pos.line as usize;
    let start = index.line_start(line).unwrap_or(text.len());
    let end = index.line_start(line + 1).unwrap_or(text.len());
    let src = text[start..end].trim_end_matches(['\n', '\r']);
    let shown: String = src.chars().take(120).collect();
    let caret_col = (pos.character as usize).min(shown.chars().count());
    format!(
        "{:>5} | {}\n      | {}^",
        line + 1,
        shown,
        " ".repeat(caret_col)
    )
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(
                f,
                "{}:{}:{}: {}",
                self.file,
                p.line + 1,
                p.character + 1,
                self.message
            )?,
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if let Some(ex) = &self.excerpt {
            write!(f, "\n{ex}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}
