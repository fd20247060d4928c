//! Translation errors: the upstream message text plus where in the spec it comes from.

use specwright_document::{LoadError, Position};
use std::fmt;

/// Why a spec could not be translated. `message` carries decK's own wording (so scripts that
/// grep for it keep working); `file`/`position` say where, printed 1-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslateError {
    pub message: String,
    pub file: Option<String>,
    /// 0-based line and UTF-16 character.
    pub position: Option<Position>,
    /// JSON pointer of the offending node in that file.
    pub pointer: Option<String>,
    /// The source line with a caret under the column.
    pub excerpt: Option<String>,
}

impl TranslateError {
    pub fn new(message: impl Into<String>) -> TranslateError {
        TranslateError {
            message: message.into(),
            file: None,
            position: None,
            pointer: None,
            excerpt: None,
        }
    }
}

impl From<LoadError> for TranslateError {
    fn from(e: LoadError) -> TranslateError {
        TranslateError {
            message: e.message,
            file: Some(e.file),
            position: e.position,
            pointer: None,
            excerpt: e.excerpt,
        }
    }
}

impl fmt::Display for TranslateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.position) {
            (Some(file), Some(p)) => write!(
                f,
                "{file}:{}:{}: {}",
                p.line + 1,
                p.character + 1,
                self.message
            )?,
            (Some(file), None) => write!(f, "{file}: {}", self.message)?,
            _ => write!(f, "{}", self.message)?,
        }
        if let Some(ex) = &self.excerpt {
            write!(f, "\n{ex}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TranslateError {}

/// An error not yet placed: the message and the JSON path (in the working document) of the
/// node it is about. [`crate::input::Input::place`] turns it into a [`TranslateError`].
#[derive(Clone, Debug)]
pub struct Raw {
    pub message: String,
    pub path: Vec<String>,
}

impl Raw {
    pub fn at(path: &[String], message: impl Into<String>) -> Raw {
        Raw {
            message: message.into(),
            path: path.to_vec(),
        }
    }
}

pub type RawResult<T> = Result<T, Raw>;
