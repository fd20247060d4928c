//! `schema`: validates the target against a JSON Schema (`schema`, `dialect`, `allErrors`)
//! with the `jsonschema` crate. Like Spectral (AJV with `allErrors: false`), only the first
//! error is reported unless `allErrors` is set.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use jsonschema::Draft;
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

fn draft(options: &serde_json::Value) -> Option<Draft> {
    match options
        .get("dialect")
        .and_then(|d| d.as_str())
        .unwrap_or("auto")
    {
        "draft4" => Some(Draft::Draft4),
        "draft6" => Some(Draft::Draft6),
        "draft7" => Some(Draft::Draft7),
        "draft2019-09" => Some(Draft::Draft201909),
        "draft2020-12" => Some(Draft::Draft202012),
        // `auto`: the schema's `$schema`, else draft 7 (AJV's default in Spectral).
        _ => options["schema"]
            .get("$schema")
            .is_none()
            .then_some(Draft::Draft7),
    }
}

fn compile(options: &serde_json::Value) -> Result<jsonschema::Validator, String> {
    let mut b = jsonschema::options();
    if let Some(d) = draft(options) {
        b = b.with_draft(d);
    }
    b.build(&options["schema"])
        .map_err(|e| format!("invalid schema: {e}"))
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
    fn prepare(
        &self,
        options: &serde_json::Value,
    ) -> Result<Option<Box<dyn Any + Send + Sync>>, String> {
        Ok(Some(Box::new(compile(options)?)))
    }
    fn call(&self, t: &Target<'_>, options: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let Some(v) = options.prepared::<jsonschema::Validator>() else {
            return vec![];
        };
        let base = t.path_strings();
        if t.value.is_undefined() {
            let prop = t
                .path
                .last()
                .map(|p| format!("\"{p}\" property "))
                .unwrap_or_default();
            return vec![FunctionResult::at(format!("{prop}must exist"), base)];
        }
        let value = t.value.to_json();
        let all = options
            .get("allErrors")
            .and_then(|a| a.as_bool())
            .unwrap_or(false);
        let mut out = Vec::new();
        for e in v.iter_errors(&value) {
            let mut path = base.clone();
            path.extend(
                e.instance_path
                    .as_str()
                    .split('/')
                    .skip(1)
                    .map(|s| s.replace("~1", "/").replace("~0", "~")),
            );
            let prop = path
                .last()
                .map(|p| format!("\"{p}\" property "))
                .unwrap_or_default();
            let msg = if e.instance_path.as_str().is_empty() {
                e.to_string()
            } else {
                format!("{prop}{e}")
            };
            out.push(FunctionResult::at(msg, path));
            if !all {
                break;
            }
        }
        out
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
    }
}
