//! Request bodies (3.x `requestBody`, 2.0 `body` parameter with `consumes`).
//!
//! | id | level | when |
//! |---|---|---|
//! | `request-body-added-required` | breaking | existing clients send no body |
//! | `request-body-added-optional` | info | |
//! | `request-body-removed` | warning | clients still send one |
//! | `request-body-became-required` | breaking | |
//! | `request-body-became-optional` | info | |
//! | `request-media-type-removed` | breaking | clients sending it are refused |
//! | `request-media-type-added` | info | |
//!
//! Each media type present in both is compared in the request direction ([`super::schema`]).

use super::schema;
use super::{Ctx, Direction, OpPair};
use crate::model;
use crate::Level;

pub fn check<'a>(cx: &mut Ctx<'a>, op: &OpPair<'_, 'a>) {
    let old = model::request_body(cx.old, op.old_item, op.old);
    let new = model::request_body(cx.new, op.new_item, op.new);
    let label = op.label;
    let (old, new) = match (old, new) {
        (None, None) => return,
        (None, Some(n)) => {
            let (id, level, kind) = if n.required {
                ("request-body-added-required", Level::Breaking, "required")
            } else {
                ("request-body-added-optional", Level::Info, "optional")
            };
            cx.emit(
                id,
                level,
                Some(label),
                format!("{kind} request body added"),
                Some(op.old),
                Some(&n.cursor),
            );
            return;
        }
        (Some(o), None) => {
            cx.emit(
                "request-body-removed",
                Level::Warning,
                Some(label),
                "request body removed".to_string(),
                Some(&o.cursor),
                Some(op.new),
            );
            return;
        }
        (Some(o), Some(n)) => (o, n),
    };
    if !old.required && new.required {
        cx.emit(
            "request-body-became-required",
            Level::Breaking,
            Some(label),
            "request body became required".to_string(),
            Some(&old.cursor),
            Some(&new.cursor),
        );
    } else if old.required && !new.required {
        cx.emit(
            "request-body-became-optional",
            Level::Info,
            Some(label),
            "request body became optional".to_string(),
            Some(&old.cursor),
            Some(&new.cursor),
        );
    }
    for om in &old.media {
        let Some(nm) = new.media.iter().find(|n| n.name == om.name) else {
            cx.emit(
                "request-media-type-removed",
                Level::Breaking,
                Some(label),
                format!("request media type `{}` removed", om.name),
                Some(&om.cursor),
                Some(&new.cursor),
            );
            continue;
        };
        if let (Some(os), Some(ns)) = (&om.schema, &nm.schema) {
            schema::compare(
                cx,
                label,
                Direction::Request,
                &format!("request body ({})", om.name),
                os.clone(),
                ns.clone(),
            );
        }
    }
    for nm in &new.media {
        if !old.media.iter().any(|o| o.name == nm.name) {
            cx.emit(
                "request-media-type-added",
                Level::Info,
                Some(label),
                format!("request media type `{}` added", nm.name),
                Some(&old.cursor),
                Some(&nm.cursor),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::Level;

    fn spec(body: &str) -> String {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: "1.0.0"}}
paths:
  /items:
    post:
{body}      responses: {{"200": {{description: ok}}}}
"#
        )
    }

    const JSON_BODY: &str = "      requestBody:\n        content:\n          application/json: {schema: {type: object}}\n";

    #[test]
    fn body_presence_and_requiredness() {
        let none = spec("");
        let opt = spec(JSON_BODY);
        let req =
            spec(&JSON_BODY.replace("requestBody:\n", "requestBody:\n        required: true\n"));
        assert_eq!(
            level_of(&changes(&none, &req), "request-body-added-required"),
            Level::Breaking
        );
        assert_eq!(
            level_of(&changes(&none, &opt), "request-body-added-optional"),
            Level::Info
        );
        assert_eq!(
            level_of(&changes(&opt, &req), "request-body-became-required"),
            Level::Breaking
        );
        assert_eq!(
            level_of(&changes(&opt, &none), "request-body-removed"),
            Level::Warning
        );
    }

    #[test]
    fn removed_media_type_is_breaking() {
        let old = spec(&format!(
            "{JSON_BODY}          application/xml: {{schema: {{type: object}}}}\n"
        ));
        let new = spec(JSON_BODY);
        assert_eq!(
            level_of(&changes(&old, &new), "request-media-type-removed"),
            Level::Breaking
        );
        assert_eq!(
            level_of(&changes(&new, &old), "request-media-type-added"),
            Level::Info
        );
    }

    #[test]
    fn swagger2_consumes_are_the_media_types() {
        let old = r#"swagger: "2.0"
info: {title: t, version: "1"}
consumes: [application/json, application/xml]
paths:
  /p:
    post:
      parameters:
        - {name: b, in: body, schema: {type: object}}
      responses: {"200": {description: ok}}
"#;
        let new = old.replace(", application/xml", "");
        assert_eq!(
            level_of(&changes(old, &new), "request-media-type-removed"),
            Level::Breaking
        );
    }
}
