//! Request parameters (path, query, header, cookie; 2.0 formData).
//!
//! | id | level | when |
//! |---|---|---|
//! | `request-parameter-removed` | warning | clients still send it; the server now ignores or rejects it |
//! | `new-required-request-parameter` | breaking | existing clients do not send it |
//! | `new-optional-request-parameter` | info | |
//! | `request-parameter-became-required` | breaking | |
//! | `request-parameter-became-optional` | info | |
//!
//! The parameter's schema is then compared in the request direction ([`super::schema`]):
//! narrowed types, removed enum values, tightened bounds and patterns.

use super::schema;
use super::{Ctx, Direction, OpPair};
use crate::model;
use crate::Level;

pub fn check<'a>(cx: &mut Ctx<'a>, op: &OpPair<'_, 'a>) {
    let old = model::parameters(cx.old, op.old_path, op.old_item, op.old);
    let new = model::parameters(cx.new, op.new_path, op.new_item, op.new);
    let label = op.label;
    for o in &old {
        let Some(n) = new.iter().find(|n| n.key == o.key) else {
            cx.emit(
                "request-parameter-removed",
                Level::Warning,
                Some(label),
                format!("{} parameter `{}` removed", o.location, o.name),
                Some(&o.cursor),
                Some(op.new),
            );
            continue;
        };
        let what = format!("{} parameter `{}`", n.location, n.name);
        if !o.required && n.required {
            cx.emit(
                "request-parameter-became-required",
                Level::Breaking,
                Some(label),
                format!("{what} became required"),
                Some(&o.cursor),
                Some(&n.cursor),
            );
        } else if o.required && !n.required {
            cx.emit(
                "request-parameter-became-optional",
                Level::Info,
                Some(label),
                format!("{what} became optional"),
                Some(&o.cursor),
                Some(&n.cursor),
            );
        }
        if let (Some(os), Some(ns)) = (&o.schema, &n.schema) {
            schema::compare(cx, label, Direction::Request, &what, os.clone(), ns.clone());
        }
    }
    for n in &new {
        if old.iter().any(|o| o.key == n.key) {
            continue;
        }
        let (id, level, kind) = if n.required {
            (
                "new-required-request-parameter",
                Level::Breaking,
                "required",
            )
        } else {
            ("new-optional-request-parameter", Level::Info, "optional")
        };
        cx.emit(
            id,
            level,
            Some(label),
            format!("new {kind} {} parameter `{}`", n.location, n.name),
            Some(op.old),
            Some(&n.cursor),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::Level;

    fn spec(params: &str) -> String {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: "1.0.0"}}
paths:
  /pets/{{id}}:
    parameters:
      - {{name: id, in: path, required: true, schema: {{type: string}}}}
    get:
      parameters: {params}
      responses: {{"200": {{description: ok}}}}
"#
        )
    }

    #[test]
    fn new_required_parameter_is_breaking_optional_is_info() {
        let old = spec("[]");
        let req = spec("[{name: q, in: query, required: true, schema: {type: string}}]");
        let opt = spec("[{name: q, in: query, schema: {type: string}}]");
        assert_eq!(
            level_of(&changes(&old, &req), "new-required-request-parameter"),
            Level::Breaking
        );
        assert_eq!(
            level_of(&changes(&old, &opt), "new-optional-request-parameter"),
            Level::Info
        );
        assert_eq!(
            level_of(&changes(&opt, &req), "request-parameter-became-required"),
            Level::Breaking
        );
        assert_eq!(
            level_of(&changes(&req, &opt), "request-parameter-became-optional"),
            Level::Info
        );
        assert_eq!(
            level_of(&changes(&opt, &old), "request-parameter-removed"),
            Level::Warning
        );
    }

    #[test]
    fn header_names_are_case_insensitive() {
        let a = spec("[{name: X-Trace, in: header, schema: {type: string}}]");
        let b = spec("[{name: x-trace, in: header, schema: {type: string}}]");
        assert!(changes(&a, &b).is_empty());
    }

    #[test]
    fn parameter_schema_is_compared_in_the_request_direction() {
        let a = spec("[{name: q, in: query, schema: {type: string, enum: [a, b]}}]");
        let b = spec("[{name: q, in: query, schema: {type: string, enum: [a]}}]");
        let all = changes(&a, &b);
        let c = only(&all, "request-enum-value-removed");
        assert_eq!(c.level, Level::Breaking);
        assert!(c.message.contains("query parameter `q`"), "{}", c.message);
        // Widening what the server accepts is fine.
        assert_eq!(
            level_of(&changes(&b, &a), "request-enum-value-added"),
            Level::Info
        );
    }

    #[test]
    fn path_level_parameter_overridden_by_operation() {
        let a = spec("[]");
        let b = spec("[{name: id, in: path, required: true, schema: {type: integer}}]");
        let all = changes(&a, &b);
        assert_eq!(level_of(&all, "request-type-changed"), Level::Breaking);
    }

    #[test]
    fn swagger2_inline_parameter_keywords_are_the_schema() {
        let a = r#"swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /p:
    get:
      parameters:
        - {name: limit, in: query, type: integer, maximum: 100}
      responses: {"200": {description: ok}}
"#;
        let b = a.replace("maximum: 100", "maximum: 50");
        assert_eq!(
            level_of(&changes(a, &b), "request-max-decreased"),
            Level::Breaking
        );
    }
}
