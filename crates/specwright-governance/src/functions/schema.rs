//! `schema`: validates the target against a JSON Schema (`schema`, `dialect`, `allErrors`).
//! Spectral runs AJV 8 and formats its errors with better-ajv-errors; this goes through the
//! crate's AJV clone (`oas::ajv`) and the same formatting (`oas::schema_fn`), so which errors
//! are reported (AJV's keyword order, first error only unless `allErrors`) and their messages
//! and paths are Spectral's.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use crate::oas::ajv::Draft;
use crate::oas::schema_fn::{meta_error, run_with_meta, SchemaRun};
use std::any::Any;

pub struct Schema;

const DIALECTS: [&str; 6] = [
    "auto",
    "draft4",
    "draft6",
    "draft7",
    "draft2019-09",
    "draft2020-12",
];

/// Spectral's choice of AJV instance: `dialect`, or with `auto` the schema's `$schema`,
/// else draft 7. Draft 6 runs on AJV's default (draft 7) instance in Spectral too.
fn draft(options: &serde_json::Value) -> Draft {
    let dialect = match options.get("dialect").and_then(|d| d.as_str()) {
        None | Some("auto") => {
            let uri = options["schema"]
                .get("$schema")
                .and_then(|s| s.as_str())
                .unwrap_or("");
            if uri.contains("json-schema.org/draft/2020-12") {
                "draft2020-12"
            } else if uri.contains("json-schema.org/draft/2019-09") {
                "draft2019-09"
            } else if uri.contains("json-schema.org/draft-04") {
                "draft4"
            } else {
                "draft7"
            }
        }
        Some(d) => d,
    };
    match dialect {
        "draft4" => Draft::Draft4,
        "draft2019-09" => Draft::Draft2019,
        "draft2020-12" => Draft::Draft2020,
        _ => Draft::Draft7,
    }
}

/// What a rule's options fix once: the dialect and `allErrors`.
struct Prepared {
    draft: Draft,
    all_errors: bool,
}

impl RuleFunction for Schema {
    fn name(&self) -> &'static str {
        "schema"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        let o = options
            .as_object()
            .ok_or("\"schema\" function needs `schema`")?;
        match o.get("schema") {
            Some(s) if s.is_object() || s.is_boolean() => {}
            _ => return Err("`schema` must be a JSON Schema object".into()),
        }
        for (k, v) in o {
            match k.as_str() {
                "schema" => {}
                "allErrors" if v.is_boolean() => {}
                "dialect" if v.as_str().is_some_and(|d| DIALECTS.contains(&d)) => {}
                other => {
                    return Err(format!(
                        "\"schema\" function: bad option `{other}` (allErrors: bool; dialect: one of {})",
                        DIALECTS.join(", ")
                    ))
                }
            }
        }
        Ok(())
    }
    /// A schema its dialect's meta-schema rejects is refused with the ruleset, where
    /// Spectral would report AJV's compile error at every match.
    fn prepare(
        &self,
        options: &serde_json::Value,
    ) -> Result<Option<Box<dyn Any + Send + Sync>>, String> {
        let draft = draft(options);
        if let Some(e) = meta_error(&options["schema"], draft) {
            return Err(format!("invalid schema: {e}"));
        }
        Ok(Some(Box::new(Prepared {
            draft,
            all_errors: options
                .get("allErrors")
                .and_then(|a| a.as_bool())
                .unwrap_or(false),
        })))
    }
    fn call(&self, t: &Target<'_>, options: &Options, ctx: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let Some(p) = options.prepared::<Prepared>() else {
            return vec![];
        };
        let value = (!t.value.is_undefined()).then(|| t.value.to_json());
        let path = t.path_strings();
        let run = SchemaRun {
            draft: p.draft,
            rewrite_nullable: false,
            all_errors: p.all_errors,
            resolved: ctx.resolved,
            path: &path,
        };
        run_with_meta(value.as_ref(), &options["schema"], &run, Some(&None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked_at_load() {
        assert!(Schema
            .check_options(&serde_json::json!({"schema": {"type": "string"}}))
            .is_ok());
        assert!(Schema
            .check_options(&serde_json::json!({"schema": 1}))
            .is_err());
        assert!(Schema
            .check_options(&serde_json::json!({"schema": {}, "dialect": "draft3"}))
            .is_err());
        assert!(Schema
            .prepare(&serde_json::json!({"schema": {"type": 5}}))
            .is_err());
        assert!(Schema
            .prepare(&serde_json::json!({"schema": {"maxLength": 2}, "dialect": "draft4"}))
            .is_ok());
        // Draft 7 tuples are valid draft 7, though not 2020-12.
        assert!(Schema
            .prepare(&serde_json::json!({"schema": {"items": [{"type": "string"}]}}))
            .is_ok());
    }
}
