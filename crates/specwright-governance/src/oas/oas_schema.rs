//! `oasSchema`: the core `schema` check with the dialect of the document's OpenAPI version
//! (draft 4 with `nullable` for OAS 2 and 3.0, 2020-12 for 3.1), as Spectral's `oasSchema`.

use super::ajv::Draft;
use super::schema_fn::{meta_error, run_with_meta, SchemaRun};
use crate::format::Format;
use crate::format::FormatSet;
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

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

/// Meta-schema verdicts by (schema as JSON text, draft). `meta_error` is a function of
/// those two alone (the meta-schemas are built in), so a remembered verdict is exactly the
/// one a new check would give. Bounded: forgotten wholesale past `META_MEMO_BYTES` of keys.
struct MetaMemo {
    verdicts: HashMap<(Vec<u8>, Draft), Option<String>>,
    bytes: usize,
}

const META_MEMO_BYTES: usize = 16 << 20;

fn remembered_meta_error(schema: &Value, draft: Draft) -> Option<String> {
    static MEMO: OnceLock<Mutex<MetaMemo>> = OnceLock::new();
    let memo = MEMO.get_or_init(|| {
        Mutex::new(MetaMemo {
            verdicts: HashMap::new(),
            bytes: 0,
        })
    });
    let key = (serde_json::to_vec(schema).unwrap_or_default(), draft);
    if let Some(v) = memo.lock().expect("meta memo lock").verdicts.get(&key) {
        return v.clone();
    }
    // Checked outside the lock: two threads may both check a new schema, with one result.
    let verdict = meta_error(schema, draft);
    let mut m = memo.lock().expect("meta memo lock");
    if m.bytes + key.0.len() > META_MEMO_BYTES {
        m.verdicts.clear();
        m.bytes = 0;
    }
    m.bytes += key.0.len();
    m.verdicts.insert(key, verdict.clone());
    verdict
}

/// Meta-schema verdicts of [`Meta::Stable`] schemas in this lint, by address.
#[derive(Default)]
struct StableVerdicts(HashMap<usize, Option<String>, crate::view::AddrHash>);

const STABLE_VERDICTS: &str = "oas.stable-meta-verdicts";

/// How [`check`] gets the schema's meta-schema verdict.
#[derive(Clone, Copy)]
pub enum Meta {
    /// Checked on this call.
    Check,
    /// Remembered by content across calls, threads and lints (a schema reused often).
    Remember,
    /// As `Remember`, for a schema that outlives the lint (a rule's options): also
    /// remembered by address for the rest of the lint, which spares serializing it again.
    Stable,
    /// Already known to be valid (see [`super::meta_view::draft4_valid`]).
    Valid,
}

/// Runs a schema check for an OAS function on a JSON value at `path`.
pub fn check(
    ctx: &mut Ctx<'_>,
    value: Option<&Value>,
    schema: &Value,
    path: &[String],
    meta: Meta,
) -> Vec<FunctionResult> {
    let root = ctx.doc.root(false);
    let (draft, rewrite) = dialect(ctx.doc.formats, root.get("jsonSchemaDialect").as_str());
    // The schema as the caller holds it, before the OAS 2 rewrite below copies it.
    let stable_key = schema as *const Value as usize;
    let mut owned;
    let mut schema = schema;
    if ctx.doc.formats.contains(Format::Oas2) {
        owned = schema.clone();
        oas2_nullable(&mut owned);
        schema = &owned;
    }
    // The meta-schema check depends only on the schema and the draft: remember it by
    // content, for every lint thread and every later lint (the studio's re-lints).
    let meta = match meta {
        Meta::Check => None,
        Meta::Remember => Some(remembered_meta_error(schema, draft)),
        Meta::Valid => Some(None),
        Meta::Stable => {
            let verdicts = ctx
                .cache
                .get_or_insert_with(STABLE_VERDICTS, StableVerdicts::default);
            let verdict = verdicts
                .0
                .entry(stable_key)
                .or_insert_with(|| remembered_meta_error(schema, draft));
            Some(verdict.clone())
        }
    };
    let opts = SchemaRun {
        draft,
        rewrite_nullable: rewrite,
        all_errors: false,
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
        // The options' schema is the same on every call: remember its meta check.
        check(
            ctx,
            value.as_ref(),
            schema,
            &target.path_strings(),
            Meta::Stable,
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;

    /// A remembered meta-schema verdict is the one a fresh check gives, per draft.
    #[test]
    fn meta_memo_is_exact_per_schema_and_draft() {
        use super::{meta_error, remembered_meta_error, Draft};
        let schemas = [
            serde_json::json!({"type": "string", "nullable": true}),
            serde_json::json!({"type": 7}),
            serde_json::json!({"type": "object", "exclusiveMinimum": true}),
            serde_json::json!({"type": "object", "exclusiveMinimum": 3}),
        ];
        for _ in 0..2 {
            for s in &schemas {
                for d in [Draft::Draft4, Draft::Draft7, Draft::Draft2020] {
                    assert_eq!(remembered_meta_error(s, d), meta_error(s, d), "{s} {d:?}");
                }
            }
        }
    }

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
