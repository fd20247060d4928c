//! Spectral's `schema` function as `oasSchema`/`oasExample` use it: AJV errors run through
//! `@stoplight/better-ajv-errors` and Spectral's message touches, so messages and paths
//! match. Also holds the JSON Schema meta-schemas AJV checks schemas against.

use super::ajv::{AjvError, Draft, Invalid, Params, Registry, Validator};
use crate::function::FunctionResult;
use serde_json::Value;
use specwright_document::pointer::to_pointer;
use std::sync::OnceLock;

/// The meta-schemas and OpenAPI schemas, parsed once.
pub fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        let mut r = Registry::default();
        let files: [&str; 21] = [
            include_str!("../../rulesets/schemas/json-schema/draft-04.json"),
            include_str!("../../rulesets/schemas/json-schema/draft-07.json"),
            include_str!("../../rulesets/schemas/json-schema/draft-2020-12/index.json"),
            include_str!("../../rulesets/schemas/json-schema/draft-2020-12/validation.json"),
            include_str!("../../rulesets/schemas/json-schema/ajv-2020-12/schema.json"),
            include_str!("../../rulesets/schemas/json-schema/ajv-2020-12/meta/applicator.json"),
            include_str!("../../rulesets/schemas/json-schema/ajv-2020-12/meta/content.json"),
            include_str!("../../rulesets/schemas/json-schema/ajv-2020-12/meta/core.json"),
            include_str!(
                "../../rulesets/schemas/json-schema/ajv-2020-12/meta/format-annotation.json"
            ),
            include_str!("../../rulesets/schemas/json-schema/ajv-2020-12/meta/meta-data.json"),
            include_str!("../../rulesets/schemas/json-schema/ajv-2020-12/meta/unevaluated.json"),
            include_str!("../../rulesets/schemas/json-schema/ajv-2020-12/meta/validation.json"),
            include_str!("../../rulesets/schemas/oas/v2.0.json"),
            include_str!("../../rulesets/schemas/oas/v3.0.json"),
            include_str!("../../rulesets/schemas/oas/v3.1/index.json"),
            include_str!("../../rulesets/schemas/oas/v3.1/dialect.schema.json"),
            include_str!("../../rulesets/schemas/oas/v3.1/meta.schema.json"),
            include_str!("../../rulesets/schemas/oas/v3.2/index.json"),
            include_str!("../../rulesets/schemas/oas/v3.2/dialect.schema.json"),
            include_str!("../../rulesets/schemas/oas/v3.2/meta.schema.json"),
            "{}",
        ];
        for f in files {
            if let Ok(v) = serde_json::from_str::<Value>(f) {
                r.add(v);
            }
        }
        r
    })
}

pub const DRAFT4_META: &str = "http://json-schema.org/draft-04/schema";
pub const DRAFT7_META: &str = "http://json-schema.org/draft-07/schema";
pub const DRAFT2020_META: &str = "https://json-schema.org/draft/2020-12/schema";

/// How the caller wants the run: dialect and Spectral's `rewriteNullable` post-processing.
pub struct SchemaRun<'a> {
    pub draft: Draft,
    pub rewrite_nullable: bool,
    /// AJV's `allErrors`: every error, not only each schema's first failing keyword.
    pub all_errors: bool,
    /// Whether the rule sees the resolved document (then a missing `$ref` is ignored).
    pub resolved: bool,
    /// The function's context path (where the value sits).
    pub path: &'a [String],
}

/// AJV's compile-time check of a schema against its dialect's meta-schema: the error
/// message AJV throws (`schema is invalid: ...`), or `None` when the schema is valid.
pub fn meta_error(schema: &Value, draft: Draft) -> Option<String> {
    let reg = registry();
    let meta_id = match draft {
        Draft::Draft4 => DRAFT4_META,
        Draft::Draft7 => DRAFT7_META,
        // No 2019-09 meta-schema here: its `$recursiveRef`s are not implemented, and the
        // 2020-12 one accepts the same keywords.
        Draft::Draft2019 | Draft::Draft2020 => DRAFT2020_META,
    };
    let meta = reg.by_id.get(meta_id)?;
    let mv = Validator::new(draft, false, Some(reg));
    let errs = mv.validate(meta, schema).ok()?;
    if errs.is_empty() {
        return None;
    }
    let text = errs
        .iter()
        .map(|e| format!("data{} {}", to_pointer(&e.instance_path), e.message))
        .collect::<Vec<_>>()
        .join(", ");
    Some(format!("schema is invalid: {text}"))
}

/// Spectral's `schema(targetVal, {schema, allErrors: false})`.
pub fn run(value: Option<&Value>, schema: &Value, opts: &SchemaRun<'_>) -> Vec<FunctionResult> {
    run_with_meta(value, schema, opts, None)
}

/// [`run`] with the meta-schema check already made by the caller (a schema reused across
/// calls is checked once).
pub fn run_with_meta(
    value: Option<&Value>,
    schema: &Value,
    opts: &SchemaRun<'_>,
    meta: Option<&Option<String>>,
) -> Vec<FunctionResult> {
    let path = opts.path;
    let Some(value) = value else {
        let prop = path
            .last()
            .map(|p| crate::functions::presence::print_property(p))
            .unwrap_or_default();
        return vec![FunctionResult::at(
            format!("{prop}must exist"),
            path.to_vec(),
        )];
    };
    let reg = registry();
    let meta = match meta {
        Some(m) => m.clone(),
        None => meta_error(schema, opts.draft),
    };
    if let Some(text) = meta {
        return vec![FunctionResult::at(text, path.to_vec())];
    }
    let v = Validator::new(opts.draft, opts.all_errors, Some(reg));
    let mut errors = match v.validate(schema, value) {
        Ok(e) => e,
        Err(Invalid::MissingRef(r)) => {
            if opts.resolved {
                return Vec::new();
            }
            return vec![FunctionResult::at(
                format!("can't resolve reference {r} from id #"),
                path.to_vec(),
            )];
        }
        Err(Invalid::Other(m)) => return vec![FunctionResult::at(m, path.to_vec())],
    };
    if errors.is_empty() {
        return Vec::new();
    }
    if opts.rewrite_nullable {
        for e in &mut errors {
            if e.keyword == "type" && e.schema_nullable {
                e.message.push_str(",null");
            }
        }
    }
    let unmatched: Vec<(String, &'static str)> = errors
        .iter()
        .filter(|e| {
            e.keyword == "anyOf"
                || (e.keyword == "oneOf" && matches!(e.params, Params::NoneMatched))
        })
        .map(|e| (to_pointer(&e.instance_path), e.keyword))
        .collect();
    prettify(&errors, value, path)
        .into_iter()
        .map(|(message, epath)| {
            let ptr = to_pointer(&epath);
            let msg = describe_array_item(&message, &epath);
            let msg = match unmatched.iter().find(|(p, _)| *p == ptr) {
                Some((_, kw)) if msg.ends_with(&format!(" in {kw}")) => {
                    format!("{msg}. None of the schemas matched, see the other errors reported for this value")
                }
                _ => msg,
            };
            let mut full = path.to_vec();
            full.extend(epath);
            FunctionResult::at(msg, full)
        })
        .collect()
}

fn describe_array_item(message: &str, path: &[String]) -> String {
    let Some(index) = path
        .last()
        .filter(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
    else {
        return message.to_string();
    };
    let type_prefix = format!("\"{index}\" property type");
    if let Some(rest) = message.strip_prefix(&type_prefix) {
        return format!("Item at index {index}{rest}");
    }
    let prefix = format!("\"{index}\" property");
    match message.strip_prefix(&prefix) {
        Some(rest) => format!("Item at index {index}{rest}"),
        None => message.to_string(),
    }
}

fn clean(m: &str) -> String {
    m.replace('\'', "\"").replace("NOT", "not")
}

/// `better-ajv-errors`' tree segments: `/\/[\w$_-]+(\/\d+)?/g` over the escaped pointer.
fn tree_segments(ptr: &str) -> Vec<String> {
    if ptr.is_empty() {
        return vec![String::new()];
    }
    let b = ptr.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'-';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && i + 1 < b.len() && word(b[i + 1]) {
            let mut j = i + 1;
            while j < b.len() && word(b[j]) {
                j += 1;
            }
            if j + 1 < b.len() && b[j] == b'/' && b[j + 1].is_ascii_digit() {
                let mut k = j + 1;
                while k < b.len() && b[k].is_ascii_digit() {
                    k += 1;
                }
                j = k;
            }
            out.push(ptr[i..j].to_string());
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[derive(Default)]
struct TreeNode {
    children: Vec<(String, TreeNode)>,
    errors: Option<Vec<usize>>,
}

/// better-ajv-errors' `prettify`: (message, instance path) per reported error.
fn prettify(errors: &[AjvError], data: &Value, prop_path: &[String]) -> Vec<(String, Vec<String>)> {
    let mut root = TreeNode::default();
    for (i, e) in errors.iter().enumerate() {
        let segs = tree_segments(&to_pointer(&e.instance_path));
        if segs.is_empty() {
            continue;
        }
        let mut node = &mut root;
        for (n, s) in segs.iter().enumerate() {
            let pos = match node.children.iter().position(|(k, _)| k == s) {
                Some(p) => p,
                None => {
                    node.children.push((
                        s.clone(),
                        TreeNode {
                            children: Vec::new(),
                            errors: Some(Vec::new()),
                        },
                    ));
                    node.children.len() - 1
                }
            };
            node = &mut node.children[pos].1;
            if n == segs.len() - 1 {
                node.errors.get_or_insert_with(Vec::new).push(i);
            }
        }
    }
    filter_redundant(&mut root, errors);
    let mut out = Vec::new();
    create(&root, errors, data, prop_path, &mut out);
    out
}

fn filter_redundant(node: &mut TreeNode, errors: &[AjvError]) {
    if let Some(errs) = &node.errors {
        if errs.iter().any(|&i| errors[i].keyword == "anyOf") && !node.children.is_empty() {
            node.errors = None;
        }
    }
    // An enum-only child with any sibling is dropped (`.some(getErrors)` is always true).
    let n = node.children.len();
    if n > 1 {
        node.children.retain(|(_, c)| {
            !c.errors
                .as_ref()
                .is_some_and(|e| !e.is_empty() && e.iter().all(|&i| errors[i].keyword == "enum"))
        });
    }
    for (_, c) in &mut node.children {
        filter_redundant(c, errors);
    }
}

fn last_segment(ptr: &str) -> Option<&str> {
    ptr.rfind('/').map(|i| &ptr[i + 1..])
}

fn value_at<'a>(data: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut cur = data;
    for p in path {
        cur = match cur {
            Value::Object(o) => o.get(p)?,
            Value::Array(a) => a.get(p.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn pretty_name(e: &AjvError, data: &Value, prop_path: &[String]) -> String {
    let ptr = to_pointer(&e.instance_path);
    let name = last_segment(&ptr)
        .map(String::from)
        .or_else(|| prop_path.last().cloned());
    match name {
        Some(n) => format!("\"{n}\" property"),
        None => {
            let t = match value_at(data, &e.instance_path) {
                None => "Undefined",
                Some(Value::String(_)) => "String",
                Some(Value::Number(_)) => "Number",
                Some(Value::Bool(_)) => "Boolean",
                Some(_) => "Object",
            };
            t.to_string()
        }
    }
}

fn leven(a: &str, b: &str) -> usize {
    let a: Vec<u16> = a.encode_utf16().collect();
    let b: Vec<u16> = b.encode_utf16().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest allowed string by Levenshtein distance, as both formatters suggest it.
pub fn best_match(value: &str, allowed: &[Value]) -> Option<String> {
    let mut matches: Vec<(usize, &str)> = allowed
        .iter()
        .filter_map(Value::as_str)
        .map(|a| (leven(a, value), a))
        .collect();
    matches.sort_by_key(|m| m.0);
    let (w, best) = *matches.first()?;
    (allowed.len() == 1 || w < best.chars().map(char::len_utf16).sum()).then(|| best.to_string())
}

fn create(
    node: &TreeNode,
    errors: &[AjvError],
    data: &Value,
    prop_path: &[String],
    out: &mut Vec<(String, Vec<String>)>,
) {
    let errs = node.errors.as_deref().unwrap_or(&[]);
    if !errs.is_empty() && errs.iter().all(|&i| errors[i].keyword == "enum") {
        let first = &errors[errs[0]];
        let mut allowed: Vec<Value> = Vec::new();
        for &i in errs {
            if let Params::AllowedValues(vs) = &errors[i].params {
                for v in vs {
                    if !allowed.contains(v) {
                        allowed.push(v.clone());
                    }
                }
            }
        }
        let list = allowed
            .iter()
            .map(|v| match v {
                Value::String(s) => format!("\"{s}\""),
                Value::Number(n) => super::util::js_number(n),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut msg = format!(
            "{} {}: {list}",
            pretty_name(first, data, prop_path),
            first.message
        );
        if let Some(Value::String(s)) = value_at(data, &first.instance_path) {
            if let Some(b) = best_match(s, &allowed) {
                msg.push_str(&format!(". Did you mean \"{b}\"?"));
            }
        }
        out.push((msg, first.instance_path.clone()));
        return;
    }
    for &i in errs {
        let e = &errors[i];
        let msg = match e.keyword {
            "additionalProperties" => match &e.params {
                Params::AdditionalProperty(p) => {
                    format!("Property \"{p}\" is not expected to be here")
                }
                _ => e.message.clone(),
            },
            "type" => {
                let ptr = to_pointer(&e.instance_path);
                match last_segment(&ptr)
                    .map(String::from)
                    .or_else(|| prop_path.last().cloned())
                {
                    Some(n) => format!("\"{n}\" property type {}", e.message),
                    None => format!("Value type {}", e.message),
                }
            }
            "errorMessage" => e.message.clone(),
            _ => format!("{} {}", pretty_name(e, data, prop_path), clean(&e.message)),
        };
        out.push((msg, e.instance_path.clone()));
    }
    for (_, c) in &node.children {
        create(c, errors, data, prop_path, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn results(schema: Value, value: Value) -> Vec<(String, String)> {
        let path = vec![
            "components".to_string(),
            "schemas".into(),
            "A".into(),
            "example".into(),
        ];
        let opts = SchemaRun {
            draft: Draft::Draft4,
            rewrite_nullable: true,
            all_errors: false,
            resolved: true,
            path: &path,
        };
        run(Some(&value), &schema, &opts)
            .into_iter()
            .map(|r| (r.path.unwrap_or_default().join("."), r.message))
            .collect()
    }

    #[test]
    fn messages_like_spectral() {
        let s = json!({"type": "object", "properties": {"price": {"type": "number", "nullable": true}}});
        assert_eq!(
            results(s, json!({"price": "x"})),
            [(
                "components.schemas.A.example.price".into(),
                "\"price\" property type must be number,null".into()
            )]
        );
        let s = json!({"type": "object", "required": ["state"]});
        assert_eq!(
            results(s, json!({})),
            [(
                "components.schemas.A.example".into(),
                "\"example\" property must have required property \"state\"".into()
            )]
        );
        let s = json!({"type": "string", "enum": ["GET", "POST"]});
        assert_eq!(
            results(s, json!("GEt")),
            [("components.schemas.A.example".into(), "\"example\" property must be equal to one of the allowed values: \"GET\", \"POST\". Did you mean \"GET\"?".into())]
        );
        assert!(results(json!({"type": "string"}), json!("ok")).is_empty());
    }

    #[test]
    fn invalid_schemas_are_reported() {
        let r = results(json!({"type": "file"}), json!(1));
        assert_eq!(r.len(), 1);
        assert!(
            r[0].1.starts_with("schema is invalid: data/type"),
            "{}",
            r[0].1
        );
        let r = results(json!({"nullable": true}), json!(1));
        assert_eq!(r[0].1, "\"nullable\" cannot be used without \"type\"");
    }
}
