//! The rules, one module per part of the contract. Each rule id (`response-property-removed`)
//! is stable and documented beside the code that emits it; tests sit at the bottom of each
//! module.

pub mod endpoints;
pub mod parameters;
pub mod request_body;
pub mod responses;
pub mod schema;
pub mod security;

use crate::{Change, Level, Location};
use specwright_document::{Cursor, Spec, Target};
use std::collections::HashSet;

/// Which way data flows: tightening what the server *accepts* breaks clients (requests),
/// widening what the server *sends* breaks clients (responses).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Request,
    Response,
}

/// One operation present in both versions.
pub struct OpPair<'p, 'a> {
    /// `GET /pets/{id}` (new path).
    pub label: &'p str,
    pub old_path: &'p str,
    pub new_path: &'p str,
    pub old_item: &'p Cursor<'a>,
    pub new_item: &'p Cursor<'a>,
    pub old: &'p Cursor<'a>,
    pub new: &'p Cursor<'a>,
}

/// State shared by the rules while comparing two specs.
pub struct Ctx<'a> {
    pub old: &'a Spec,
    pub new: &'a Spec,
    changes: Vec<Change>,
    /// Schema pairs already compared (per direction): bounds recursion on circular schemas
    /// and compares a shared schema once instead of once per use.
    pub(crate) seen: HashSet<(Target, Target, Direction)>,
}

impl<'a> Ctx<'a> {
    pub fn new(old: &'a Spec, new: &'a Spec) -> Ctx<'a> {
        Ctx {
            old,
            new,
            changes: Vec::new(),
            seen: HashSet::new(),
        }
    }

    pub fn into_changes(self) -> Vec<Change> {
        self.changes
    }

    pub fn emit(
        &mut self,
        id: &'static str,
        level: Level,
        operation: Option<&str>,
        message: String,
        old: Option<&Cursor<'_>>,
        new: Option<&Cursor<'_>>,
    ) {
        self.changes.push(Change {
            id,
            level,
            operation: operation.map(str::to_string),
            message,
            old: old.map(Location::of),
            new: new.map(Location::of),
        });
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small in-memory specs for the rule tests.
    use crate::{diff, Change, Level};
    use specwright_document::{LoadOptions, Spec};

    pub fn load(text: &str) -> Spec {
        let dir = std::env::temp_dir();
        Spec::from_text(
            &dir.join("specwright-diff-fixture.yaml"),
            text,
            &LoadOptions {
                root: Some(dir),
                ..LoadOptions::default()
            },
        )
        .expect("fixture parses")
    }

    pub fn changes(old: &str, new: &str) -> Vec<Change> {
        diff(&load(old), &load(new)).changes
    }

    /// The single change with this id (panics with the full list otherwise).
    pub fn only(changes: &[Change], id: &str) -> Change {
        let found: Vec<&Change> = changes.iter().filter(|c| c.id == id).collect();
        assert_eq!(found.len(), 1, "expected one `{id}` in {changes:#?}");
        found[0].clone()
    }

    pub fn level_of(changes: &[Change], id: &str) -> Level {
        only(changes, id).level
    }

    pub fn ids(changes: &[Change]) -> Vec<&'static str> {
        changes.iter().map(|c| c.id).collect()
    }

    /// A 3.0 spec with one operation whose request and 200 response use `schema` (YAML,
    /// indented for the `schema:` slots).
    pub fn with_schema(req: &str, resp: &str) -> String {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: "1.0.0"}}
paths:
  /items:
    post:
      requestBody:
        content:
          application/json:
            schema: {req}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {resp}
"#
        )
    }
}
