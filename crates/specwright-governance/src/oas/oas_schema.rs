//! `oasSchema`: the core `schema` check with the dialect of the document's OpenAPI version
//! (draft 4 with `nullable` for OAS 2 and 3.0, 2020-12 for 3.1), as Spectral's `oasSchema`.

use super::ajv::Draft;
use super::schema_fn::{meta_error, run_with_meta, SchemaRun};
use crate::format::Format;
use crate::format::FormatSet;
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use serde_json::Value;
use std::collections::HashMap;

pub struct OasSchema;

/// The dialect and nullable handling Spectral's `oasSchema` picks for a document.
pub fn dialect(formats: FormatSet, json_schema_dialect: Option<&str>) -> (Draft, bool) {
    if formats.contains(Format::Oas3_1) || formats.contains(Format::Oas3_2) {
        let draft = match json_schema_dialect {
            Some(d) if d.contains("draft-04") => Draft::Draft4,
            Some(d) if d.contains("draft-06") || d.contains("draft-07") => Draft::Draft7,
            Some(d) if d.contains("2019-09") => Draft::Draft2019,
            _ => Draft::Draft2020,
        };
        return (draft, false);
    }
    if formats.contains(Format::Oas3_0) || formats.contains(Format::Oas2) {
        return (Draft::Draft4, true);
    }
    (Draft::Draft7, false)
}

/// Swagger's `x-nullable: true` becomes `nullable: true` (Spectral's `visitOAS2`).
pub fn oas2_nullable(schema: &mut Value) {
    match schema {
        Value::Object(o) => {
            if o.get("x-nullable") == Some(&Value::Bool(true)) {
                o.remove("x-nullable");
                o.insert("nullable".into(), Value::Bool(true));
            }
            for v in o.values_mut() {
                oas2_nullable(v);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(oas2_nullable),
        _ => {}
    }
}

/// Runs a schema check for an OAS function on a JSON value at `path`.
pub fn check(
    ctx: &mut Ctx<'_>,
    value: Option<&Value>,
    schema: &Value,
    path: &[String],
    meta_key: Option<usize>,
) -> Vec<FunctionResult> {
    let root = ctx.doc.root(false);
    let (draft, rewrite) = dialect(ctx.doc.formats, root.get("jsonSchemaDialect").as_str());
    let mut owned;
    let mut schema = schema;
    if ctx.doc.formats.contains(Format::Oas2) {
        owned = schema.clone();
        oas2_nullable(&mut owned);
        schema = &owned;
    }
    // The meta-schema check depends only on the schema: remember it per schema node.
    let meta = meta_key.map(|key| {
        let cache = ctx.cache.get_or_insert_with(
            "oas.schema-meta",
            HashMap::<(usize, bool), Option<String>>::new,
        );
        cache
            .entry((key, draft == Draft::Draft4))
            .or_insert_with(|| meta_error(schema, draft))
            .clone()
    });
    let opts = SchemaRun {
        draft,
        rewrite_nullable: rewrite,
        resolved: ctx.resolved,
        path,
    };
    let out = run_with_meta(value, schema, &opts, meta.as_ref());
    owned = Value::Null;
    let _ = owned;
    out
}

impl RuleFunction for OasSchema {
    fn name(&self) -> &'static str {
        "oasSchema"
    }

    fn check_options(&self, options: &Value) -> Result<(), String> {
        match options {
            Value::Object(o) if o.get("schema").is_some_and(Value::is_object) => {
                match o.keys().find(|k| *k != "schema") {
                    Some(k) => Err(format!(
                        "\"oasSchema\" function does not support \"{k}\" option"
                    )),
                    None => Ok(()),
                }
            }
            _ => Err("\"oasSchema\" function has invalid options specified".into()),
        }
    }

    fn call(
        &self,
        target: &Target<'_>,
        options: &Options,
        ctx: &mut Ctx<'_>,
    ) -> Vec<FunctionResult> {
        let Some(schema) = options.get("schema") else {
            return Vec::new();
        };
        let value = (!target.value.is_undefined()).then(|| target.value.to_json());
        // The options' schema is the same on every call: key its meta check by address.
        let key = schema as *const Value as usize;
        check(
            ctx,
            value.as_ref(),
            schema,
            &target.path_strings(),
            Some(key),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;

    #[test]
    fn duplicated_enum_entries() {
        let opts = serde_json::json!({"schema": {"type": "array", "uniqueItems": true}});
        let spec = "openapi: 3.0.0\ncomponents:\n  schemas:\n    A: {type: string, enum: [a, b, a]}\n    B: {type: string, enum: [a, b]}\n";
        let found = run(
            spec,
            "$.components.schemas[*]",
            Some("enum"),
            "oasSchema",
            Some(opts),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "components.schemas.A.enum");
        assert!(
            found[0].1.contains("must not have duplicate items"),
            "{}",
            found[0].1
        );
    }
}
