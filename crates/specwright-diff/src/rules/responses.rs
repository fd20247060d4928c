//! Responses: status codes, media types, headers; bodies compared in the response direction.
//!
//! | id | level | when |
//! |---|---|---|
//! | `response-success-status-removed` | breaking | a 2xx or `default` response is gone |
//! | `response-status-removed` | warning | another status is gone (clients may handle it) |
//! | `response-status-added` | info | |
//! | `response-media-type-removed` | breaking | clients asking for it get nothing usable |
//! | `response-media-type-added` | info | |
//! | `response-body-removed` | breaking | the response no longer declares a schema |
//! | `response-header-removed` | breaking if it was `required`, else warning | |
//!
//! Response bodies are compared with [`super::schema`] in the response direction: removed
//! properties, properties no longer required, widened types or enums break clients.

use super::schema;
use super::{Ctx, Direction, OpPair};
use crate::model;
use crate::Level;

pub fn check<'a>(cx: &mut Ctx<'a>, op: &OpPair<'_, 'a>) {
    let old = model::responses(cx.old, op.old);
    let new = model::responses(cx.new, op.new);
    let label = op.label;
    let new_container = op.new.get("responses").unwrap_or_else(|| op.new.clone());
    let old_container = op.old.get("responses").unwrap_or_else(|| op.old.clone());
    for o in &old {
        let Some(n) = new
            .iter()
            .find(|n| n.status.eq_ignore_ascii_case(&o.status))
        else {
            let (id, level) = if o.is_success() {
                ("response-success-status-removed", Level::Breaking)
            } else {
                ("response-status-removed", Level::Warning)
            };
            cx.emit(
                id,
                level,
                Some(label),
                format!("response `{}` removed", o.status),
                Some(&o.cursor),
                Some(&new_container),
            );
            continue;
        };
        for om in &o.media {
            let Some(nm) = n.media.iter().find(|m| m.name == om.name) else {
                let (id, msg) = if n.media.is_empty() {
                    (
                        "response-body-removed",
                        format!("response `{}` no longer has a body", o.status),
                    )
                } else {
                    (
                        "response-media-type-removed",
                        format!("response `{}` media type `{}` removed", o.status, om.name),
                    )
                };
                cx.emit(
                    id,
                    Level::Breaking,
                    Some(label),
                    msg,
                    Some(&om.cursor),
                    Some(&n.cursor),
                );
                if n.media.is_empty() {
                    break; // one finding for the whole body
                }
                continue;
            };
            match (&om.schema, &nm.schema) {
                (Some(os), Some(ns)) => schema::compare(
                    cx,
                    label,
                    Direction::Response,
                    &format!("response {} ({})", o.status, om.name),
                    os.clone(),
                    ns.clone(),
                ),
                (Some(os), None) => cx.emit(
                    "response-body-removed",
                    Level::Breaking,
                    Some(label),
                    format!(
                        "response `{}` ({}) no longer has a schema",
                        o.status, om.name
                    ),
                    Some(os),
                    Some(&nm.cursor),
                ),
                _ => {}
            }
        }
        for nm in &n.media {
            if !o.media.iter().any(|m| m.name == nm.name) {
                cx.emit(
                    "response-media-type-added",
                    Level::Info,
                    Some(label),
                    format!("response `{}` media type `{}` added", n.status, nm.name),
                    Some(&o.cursor),
                    Some(&nm.cursor),
                );
            }
        }
        for (name, oh) in &o.headers {
            if n.headers.iter().any(|(h, _)| h == name) {
                continue;
            }
            let required = oh
                .get("required")
                .and_then(|r| r.node.as_bool())
                .unwrap_or(false);
            cx.emit(
                "response-header-removed",
                if required {
                    Level::Breaking
                } else {
                    Level::Warning
                },
                Some(label),
                format!("response `{}` header `{name}` removed", o.status),
                Some(oh),
                Some(&n.cursor),
            );
        }
    }
    for n in &new {
        if !old.iter().any(|o| o.status.eq_ignore_ascii_case(&n.status)) {
            cx.emit(
                "response-status-added",
                Level::Info,
                Some(label),
                format!("response `{}` added", n.status),
                Some(&old_container),
                Some(&n.cursor),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::Level;

    fn spec(responses: &str) -> String {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: "1.0.0"}}
paths:
  /items:
    get:
      responses:
{responses}"#
        )
    }

    const OK: &str = "        \"200\":\n          description: ok\n          content:\n            application/json: {schema: {type: object}}\n";
    const NOT_FOUND: &str = "        \"404\": {description: missing}\n";

    #[test]
    fn removed_success_status_is_breaking_other_is_warning() {
        let both = spec(&format!("{OK}{NOT_FOUND}"));
        assert_eq!(
            level_of(
                &changes(&both, &spec(NOT_FOUND)),
                "response-success-status-removed"
            ),
            Level::Breaking
        );
        assert_eq!(
            level_of(&changes(&both, &spec(OK)), "response-status-removed"),
            Level::Warning
        );
        assert_eq!(
            level_of(&changes(&spec(OK), &both), "response-status-added"),
            Level::Info
        );
    }

    #[test]
    fn removed_media_type_and_body() {
        let two = spec(&format!(
            "{OK}            text/plain: {{schema: {{type: string}}}}\n"
        ));
        assert_eq!(
            level_of(&changes(&two, &spec(OK)), "response-media-type-removed"),
            Level::Breaking
        );
        let bare = spec("        \"200\": {description: ok}\n");
        assert_eq!(
            level_of(&changes(&spec(OK), &bare), "response-body-removed"),
            Level::Breaking
        );
    }

    #[test]
    fn removed_required_header_is_breaking() {
        let with = spec("        \"200\":\n          description: ok\n          headers:\n            X-Rate: {required: true, schema: {type: integer}}\n            X-Opt: {schema: {type: integer}}\n");
        let without = spec("        \"200\": {description: ok}\n");
        let all = changes(&with, &without);
        let levels: Vec<Level> = all
            .iter()
            .filter(|c| c.id == "response-header-removed")
            .map(|c| c.level)
            .collect();
        assert_eq!(levels, [Level::Breaking, Level::Warning]);
    }
}
