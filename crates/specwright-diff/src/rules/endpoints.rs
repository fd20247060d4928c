//! Paths and operations: what disappeared, what appeared, what got deprecated.
//!
//! | id | level | when |
//! |---|---|---|
//! | `path-removed` | breaking (warning if every operation was deprecated) | a path no longer exists |
//! | `path-added` | info | a new path |
//! | `operation-removed` | breaking (warning if it was deprecated) | a method of a path no longer exists |
//! | `operation-added` | info | a new method on an existing path |
//! | `operation-deprecated` | info | an operation is newly marked `deprecated` |
//! | `base-path-changed` | breaking | Swagger 2.0 `basePath` changed: every endpoint moved |
//!
//! Paths are matched with parameter names ignored (`/pets/{id}` = `/pets/{petId}`).

use super::{parameters, request_body, responses, security, Ctx};
use crate::model::{self, is_deprecated};
use crate::Level;
use specwright_document::SpecKind;

pub fn check(cx: &mut Ctx<'_>) {
    base_path(cx);
    let old_paths = model::paths(cx.old);
    let new_paths = model::paths(cx.new);
    let old_root = model::paths_object(cx.old).unwrap_or_else(|| cx.old.cursor());
    let new_root = model::paths_object(cx.new).unwrap_or_else(|| cx.new.cursor());

    for op in &old_paths {
        if new_paths.iter().any(|n| n.key == op.key) {
            continue;
        }
        let ops = model::operations(&op.cursor);
        let all_deprecated = !ops.is_empty() && ops.iter().all(|(_, o)| is_deprecated(o));
        let (level, why) = if all_deprecated {
            (Level::Warning, " (it was deprecated)")
        } else {
            (Level::Breaking, "")
        };
        cx.emit(
            "path-removed",
            level,
            Some(&op.path),
            format!("path `{}` removed{why}", op.path),
            Some(&op.cursor),
            Some(&new_root),
        );
    }
    for np in &new_paths {
        let Some(op_path) = old_paths.iter().find(|o| o.key == np.key) else {
            cx.emit(
                "path-added",
                Level::Info,
                Some(&np.path),
                format!("path `{}` added", np.path),
                Some(&old_root),
                Some(&np.cursor),
            );
            continue;
        };
        let old_ops = model::operations(&op_path.cursor);
        let new_ops = model::operations(&np.cursor);
        for (method, old_op) in &old_ops {
            let label = format!("{} {}", method.to_ascii_uppercase(), np.path);
            let Some((_, new_op)) = new_ops.iter().find(|(m, _)| m == method) else {
                let (level, why) = if is_deprecated(old_op) {
                    (Level::Warning, " (it was deprecated)")
                } else {
                    (Level::Breaking, "")
                };
                cx.emit(
                    "operation-removed",
                    level,
                    Some(&label),
                    format!("operation {label} removed{why}"),
                    Some(old_op),
                    Some(&np.cursor),
                );
                continue;
            };
            if !is_deprecated(old_op) && is_deprecated(new_op) {
                cx.emit(
                    "operation-deprecated",
                    Level::Info,
                    Some(&label),
                    format!("operation {label} deprecated"),
                    Some(old_op),
                    Some(new_op),
                );
            }
            let pair = super::OpPair {
                label: &label,
                old_path: &op_path.path,
                new_path: &np.path,
                old_item: &op_path.cursor,
                new_item: &np.cursor,
                old: old_op,
                new: new_op,
            };
            parameters::check(cx, &pair);
            request_body::check(cx, &pair);
            responses::check(cx, &pair);
            security::check_operation(cx, &pair);
        }
        for (method, new_op) in &new_ops {
            if old_ops.iter().any(|(m, _)| m == method) {
                continue;
            }
            let label = format!("{} {}", method.to_ascii_uppercase(), np.path);
            cx.emit(
                "operation-added",
                Level::Info,
                Some(&label),
                format!("operation {label} added"),
                Some(&op_path.cursor),
                Some(new_op),
            );
        }
    }
}

/// Swagger 2.0 `basePath` prefixes every path; a change moves every endpoint.
fn base_path(cx: &mut Ctx<'_>) {
    if cx.old.kind != SpecKind::Swagger2 || cx.new.kind != SpecKind::Swagger2 {
        return;
    }
    let old = cx.old.cursor().get("basePath");
    let new = cx.new.cursor().get("basePath");
    let text = |c: &Option<specwright_document::Cursor<'_>>| {
        c.as_ref()
            .and_then(|c| c.node.as_str())
            .unwrap_or("/")
            .trim_end_matches('/')
            .to_string()
    };
    if text(&old) != text(&new) {
        let (o, n) = (cx.old.cursor(), cx.new.cursor());
        cx.emit(
            "base-path-changed",
            Level::Breaking,
            None,
            format!(
                "basePath changed from `{}` to `{}`: every endpoint moved",
                old.as_ref().and_then(|c| c.node.as_str()).unwrap_or("/"),
                new.as_ref().and_then(|c| c.node.as_str()).unwrap_or("/")
            ),
            Some(old.as_ref().unwrap_or(&o)),
            Some(new.as_ref().unwrap_or(&n)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::Level;

    const BASE: &str = r#"openapi: 3.0.3
info: {title: t, version: "1.0.0"}
paths:
  /pets/{petId}:
    get:
      responses: {"200": {description: ok}}
    delete:
      responses: {"204": {description: gone}}
  /old:
    get:
      deprecated: true
      responses: {"200": {description: ok}}
"#;

    #[test]
    fn renamed_path_parameter_is_the_same_endpoint() {
        let new = BASE.replace("{petId}", "{id}");
        assert!(changes(BASE, &new).is_empty(), "{:#?}", changes(BASE, &new));
    }

    #[test]
    fn removed_operation_is_breaking_and_points_at_both_versions() {
        let new = BASE.replace(
            "    delete:\n      responses: {\"204\": {description: gone}}\n",
            "",
        );
        let all = changes(BASE, &new);
        let c = only(&all, "operation-removed");
        assert_eq!(c.level, Level::Breaking);
        assert_eq!(c.operation.as_deref(), Some("DELETE /pets/{petId}"));
        let old = c.old.unwrap();
        assert_eq!(old.pointer, "/paths/~1pets~1{petId}/delete");
        // The range is the value's (line 8, below `delete:`).
        assert_eq!(old.range.start.line, 7);
        assert_eq!(c.new.unwrap().pointer, "/paths/~1pets~1{petId}");
    }

    #[test]
    fn removed_deprecated_path_is_a_warning() {
        let new = BASE.replace(
            "  /old:\n    get:\n      deprecated: true\n      responses: {\"200\": {description: ok}}\n",
            "",
        );
        let all = changes(BASE, &new);
        assert_eq!(level_of(&all, "path-removed"), Level::Warning);
    }

    #[test]
    fn removed_path_is_breaking_and_added_is_info() {
        let new = BASE.replace("/pets/{petId}", "/animals/{petId}");
        let all = changes(BASE, &new);
        assert_eq!(level_of(&all, "path-removed"), Level::Breaking);
        assert_eq!(level_of(&all, "path-added"), Level::Info);
    }

    #[test]
    fn swagger2_base_path_change_is_breaking() {
        let old = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nbasePath: /v1\npaths: {}\n";
        let new = old.replace("/v1", "/v2");
        assert_eq!(
            level_of(&changes(old, &new), "base-path-changed"),
            Level::Breaking
        );
        assert!(changes(old, old).is_empty());
    }
}
