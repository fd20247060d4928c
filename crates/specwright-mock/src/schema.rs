//! OpenAPI schemas to JSON Schema 2020-12 for the `jsonschema` crate, and its errors to
//! Prism-style violations.
//!
//! The crate knows no OAS 3.0 keywords, so 3.0/2.0 schemas are rewritten: `nullable` adds
//! `null`, boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers, `$ref` siblings are
//! dropped. readOnly properties are removed from request schemas and writeOnly ones from
//! response schemas (also through refs and `allOf`), as the spec says they must not appear.
//! Refs become `#/$defs/dN` so each compiled validator is self-contained.

use crate::model::{follow, lookup, Api, Dialect};
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{json, Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Request,
    Response,
}

struct Converter<'a> {
    api: &'a Api,
    dir: Direction,
    names: IndexMap<String, String>,
    done: Map<String, Value>,
    queue: Vec<String>,
}

pub fn to_json_schema(api: &Api, schema: &Value, dir: Direction) -> Value {
    let mut c = Converter {
        api,
        dir,
        names: IndexMap::new(),
        done: Map::new(),
        queue: Vec::new(),
    };
    let root = c.convert(schema);
    while let Some(r) = c.queue.pop() {
        let name = c.names[&r].clone();
        let target = lookup(&api.doc, &r).cloned().unwrap_or(json!({}));
        let converted = c.convert(&target);
        c.done.insert(name, converted);
    }
    let mut out = match root {
        Value::Object(m) => m,
        other => {
            let mut m = Map::new();
            m.insert("allOf".into(), json!([other]));
            m
        }
    };
    if !c.done.is_empty() {
        out.insert("$defs".into(), Value::Object(c.done));
    }
    Value::Object(out)
}

/// True when the (resolved) property schema is marked readOnly/writeOnly for `dir`.
pub fn hidden(api: &Api, prop: &Value, dir: Direction) -> bool {
    let key = match dir {
        Direction::Request => "readOnly",
        Direction::Response => "writeOnly",
    };
    let p = follow(&api.doc, prop);
    if p.get(key).and_then(Value::as_bool) == Some(true) {
        return true;
    }
    p.get("allOf").and_then(Value::as_array).is_some_and(|all| {
        all.iter()
            .any(|s| follow(&api.doc, s).get(key).and_then(Value::as_bool) == Some(true))
    })
}

impl Converter<'_> {
    fn def_ref(&mut self, r: &str) -> Value {
        if !r.starts_with('#') {
            return json!({});
        }
        let n = self.names.len();
        let name = match self.names.get(r) {
            Some(name) => name.clone(),
            None => {
                let name = format!("d{n}");
                self.names.insert(r.to_string(), name.clone());
                self.queue.push(r.to_string());
                name
            }
        };
        json!({ "$ref": format!("#/$defs/{name}") })
    }

    fn convert(&mut self, s: &Value) -> Value {
        let Some(obj) = s.as_object() else {
            return s.clone();
        };
        let legacy = self.api.dialect != Dialect::Oas31;
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            let reference = self.def_ref(r);
            if legacy || obj.len() == 1 {
                return reference;
            }
            let mut rest = obj.clone();
            rest.remove("$ref");
            let rest = self.convert(&Value::Object(rest));
            return json!({ "allOf": [reference, rest] });
        }
        let mut out = Map::new();
        for (k, v) in obj {
            let nv = match k.as_str() {
                "properties" | "patternProperties" | "$defs" | "definitions"
                | "dependentSchemas" => {
                    let mut m = Map::new();
                    for (pk, pv) in v.as_object().into_iter().flatten() {
                        if k == "properties" && hidden(self.api, pv, self.dir) {
                            continue;
                        }
                        m.insert(pk.clone(), self.convert(pv));
                    }
                    Value::Object(m)
                }
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "propertyNames"
                | "if"
                | "then"
                | "else"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "additionalItems"
                | "contentSchema" => {
                    if let (true, Value::Array(a)) = (k == "items", v) {
                        // Tuple `items` (drafts before 2020-12).
                        out.insert(
                            "prefixItems".into(),
                            Value::Array(a.iter().map(|x| self.convert(x)).collect()),
                        );
                        continue;
                    }
                    self.convert(v)
                }
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => match v {
                    Value::Array(a) => Value::Array(a.iter().map(|x| self.convert(x)).collect()),
                    other => other.clone(),
                },
                "required" => v.clone(),
                "nullable" | "x-nullable" | "discriminator" | "xml" | "example"
                | "externalDocs" | "deprecated"
                    if legacy =>
                {
                    continue
                }
                "exclusiveMinimum" | "exclusiveMaximum" if legacy && v.is_boolean() => continue,
                "minimum" | "maximum" if legacy => {
                    let ex = if k == "minimum" {
                        "exclusiveMinimum"
                    } else {
                        "exclusiveMaximum"
                    };
                    if obj.get(ex).and_then(Value::as_bool) == Some(true) {
                        out.insert(ex.into(), v.clone());
                        continue;
                    }
                    v.clone()
                }
                _ => v.clone(),
            };
            out.insert(k.clone(), nv);
        }
        // Hidden properties are not required either.
        if let (Some(Value::Array(req)), Some(props)) = (obj.get("required"), obj.get("properties"))
        {
            let kept: Vec<Value> = req
                .iter()
                .filter(|r| {
                    r.as_str()
                        .and_then(|n| props.get(n))
                        .is_none_or(|p| !hidden(self.api, p, self.dir))
                })
                .cloned()
                .collect();
            out.insert("required".into(), Value::Array(kept));
        }
        let nullable = legacy
            && (obj.get("nullable").and_then(Value::as_bool) == Some(true)
                || obj.get("x-nullable").and_then(Value::as_bool) == Some(true));
        if nullable {
            match out.get("type").cloned() {
                Some(Value::String(t)) => {
                    out.insert("type".into(), json!([t, "null"]));
                }
                Some(Value::Array(mut a)) if !a.contains(&json!("null")) => {
                    a.push(json!("null"));
                    out.insert("type".into(), Value::Array(a));
                }
                _ => {}
            }
            if let Some(Value::Array(e)) = out.get_mut("enum") {
                if !e.contains(&Value::Null) {
                    e.push(Value::Null);
                }
            }
            // Composite schemas: null is allowed besides them.
            if !out.contains_key("type") && !out.is_empty() {
                let inner = Value::Object(std::mem::take(&mut out));
                out.insert("anyOf".into(), json!([{"type": "null"}, inner]));
            }
        }
        Value::Object(out)
    }
}

pub type Validator = jsonschema::Validator;

pub fn compile(schema: &Value) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_format("byte", |s: &str| {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.decode(s).is_ok()
        })
        .build(schema)
        .map_err(|e| e.to_string())
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Violation {
    pub location: Vec<String>,
    pub severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Value>,
    pub message: String,
}

impl Violation {
    pub fn error(location: Vec<String>, code: Option<Value>, message: String) -> Violation {
        Violation {
            location,
            severity: "Error",
            code,
            message,
        }
    }
    pub fn is_error(&self) -> bool {
        self.severity == "Error"
    }
}

/// Validates and maps errors Ajv-style (Prism's wording), shallow errors first.
pub fn violations(v: &Validator, instance: &Value, base: &[&str]) -> Vec<Violation> {
    let mut out: Vec<(usize, Violation)> = Vec::new();
    for e in v.iter_errors(instance) {
        let segs: Vec<String> = e.instance_path().iter().map(|s| s.to_string()).collect();
        let (code, message) = describe(e.kind());
        let mut location: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        location.extend(segs.iter().cloned());
        out.push((
            segs.len(),
            Violation::error(location, Some(json!(code)), message),
        ));
    }
    out.sort_by_key(|(d, _)| *d);
    out.into_iter().map(|(_, v)| v).collect()
}

fn num(v: &Value) -> String {
    v.to_string()
}

fn describe(kind: &jsonschema::error::ValidationErrorKind) -> (&'static str, String) {
    use jsonschema::error::{TypeKind, ValidationErrorKind as K};
    match kind {
        K::Type { kind } => {
            let t = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            };
            ("type", format!("must be {t}"))
        }
        K::Required { property } => (
            "required",
            format!(
                "must have required property '{}'",
                property
                    .as_str()
                    .map(String::from)
                    .unwrap_or_else(|| property.to_string())
            ),
        ),
        K::Enum { options } => {
            let list = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|o| {
                            o.as_str()
                                .map(String::from)
                                .unwrap_or_else(|| o.to_string())
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            (
                "enum",
                format!("must be equal to one of the allowed values: {list}"),
            )
        }
        K::Minimum { limit } => ("minimum", format!("must be >= {}", num(limit))),
        K::Maximum { limit } => ("maximum", format!("must be <= {}", num(limit))),
        K::ExclusiveMinimum { limit } => ("exclusiveMinimum", format!("must be > {}", num(limit))),
        K::ExclusiveMaximum { limit } => ("exclusiveMaximum", format!("must be < {}", num(limit))),
        K::MinLength { limit } => (
            "minLength",
            format!("must NOT have fewer than {limit} characters"),
        ),
        K::MaxLength { limit } => (
            "maxLength",
            format!("must NOT have more than {limit} characters"),
        ),
        K::MinItems { limit } => (
            "minItems",
            format!("must NOT have fewer than {limit} items"),
        ),
        K::MaxItems { limit } => ("maxItems", format!("must NOT have more than {limit} items")),
        K::MinProperties { limit } => (
            "minProperties",
            format!("must NOT have fewer than {limit} properties"),
        ),
        K::MaxProperties { limit } => (
            "maxProperties",
            format!("must NOT have more than {limit} properties"),
        ),
        K::Pattern { pattern } => ("pattern", format!("must match pattern \"{pattern}\"")),
        K::Format { format } => ("format", format!("must match format \"{format}\"")),
        K::AdditionalProperties { .. } => (
            "additionalProperties",
            "must NOT have additional properties".into(),
        ),
        K::Constant { .. } => ("const", "must be equal to constant".into()),
        K::MultipleOf { multiple_of, .. } => {
            ("multipleOf", format!("must be multiple of {multiple_of}"))
        }
        K::OneOfNotValid { .. } | K::OneOfMultipleValid { .. } => {
            ("oneOf", "must match exactly one schema in oneOf".into())
        }
        K::AnyOf { .. } => ("anyOf", "must match a schema in anyOf".into()),
        K::Contains => ("contains", "must contain at least 1 valid item(s)".into()),
        K::UniqueItems => ("uniqueItems", "must NOT have duplicate items".into()),
        K::Not { .. } => ("not", "must NOT be valid".into()),
        K::FalseSchema => ("false schema", "boolean schema is false".into()),
        other => ("schema", format!("{other:?}")),
    }
}

/// Ajv (`allErrors`, Prism's validator) reports a failed `contains` with the errors of each
/// array item that did not match, before the `contains` error, whose message names the
/// bound (`minContains`, default 1). The `jsonschema` crate reports only the `contains`
/// error, so the items are validated here against the `contains` subschema of `converted`
/// (the schema `validator` was compiled from).
pub fn expand_contains(
    validator: &Validator,
    converted: &Value,
    instance: &Value,
    base: &[&str],
    mut out: Vec<Violation>,
) -> Vec<Violation> {
    for e in validator.iter_errors(instance) {
        if !matches!(e.kind(), jsonschema::error::ValidationErrorKind::Contains) {
            continue;
        }
        let spath = e.schema_path().as_str();
        let Some((parent_ptr, _)) = spath.rsplit_once('/') else {
            continue;
        };
        let (Some(parent), Some(items)) = (
            converted.pointer(parent_ptr),
            instance
                .pointer(e.instance_path().as_str())
                .and_then(Value::as_array),
        ) else {
            continue;
        };
        let Some(sub) = parent.get("contains") else {
            continue;
        };
        let min = parent
            .get("minContains")
            .and_then(Value::as_u64)
            .unwrap_or(1);
        let max = parent.get("maxContains").and_then(Value::as_u64);
        let mut location: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        location.extend(e.instance_path().iter().map(|s| s.to_string()));
        let Some(at) = out
            .iter()
            .position(|v| v.location == location && v.code == Some(json!("contains")))
        else {
            continue;
        };
        out[at].message = match max {
            None => format!("must contain at least {min} valid item(s)"),
            Some(max) => {
                format!("must contain at least {min} and no more than {max} valid item(s)")
            }
        };
        // The subschema keeps resolving its refs against the root's definitions.
        let sub = match (sub, converted.get("$defs")) {
            (Value::Object(m), Some(defs)) if !m.contains_key("$defs") => {
                let mut m = m.clone();
                m.insert("$defs".into(), defs.clone());
                Value::Object(m)
            }
            (other, _) => other.clone(),
        };
        let Ok(sub) = compile(&sub) else {
            continue;
        };
        let mut item_errors = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let index = i.to_string();
            let mut item_base: Vec<&str> = location.iter().map(String::as_str).collect();
            item_base.push(&index);
            item_errors.extend(violations(&sub, item, &item_base));
        }
        out.splice(at..at, item_errors);
    }
    out
}
