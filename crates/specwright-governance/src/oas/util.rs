//! Helpers shared by the OpenAPI functions, mirroring spectral-rulesets' `utils/`.

use crate::view::{Seg, Val};

/// The HTTP methods Spectral's `getAllOperations` treats as operations.
pub const OPERATION_KEYS: [&str; 8] = [
    "get", "head", "post", "put", "patch", "delete", "options", "trace",
];

/// JavaScript `value !== null && typeof value === 'object'` (arrays included).
pub fn is_object(v: &Val<'_>) -> bool {
    v.is_object() || v.is_array()
}

/// `@stoplight/json`'s `isPlainObject`: a non-array object.
pub fn is_plain_object(v: &Val<'_>) -> bool {
    v.is_object()
}

/// One operation of a `paths` object: its path key, method and value.
pub struct Operation<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub value: Val<'a>,
}

/// Spectral's `getAllOperations(paths)`: plain-object path items, then plain-object members
/// named after an HTTP method, in document order.
pub fn all_operations<'a>(paths: Val<'a>) -> Vec<Operation<'a>> {
    let mut out = Vec::new();
    if !is_plain_object(&paths) {
        return out;
    }
    for (path, item) in paths.members() {
        if !is_plain_object(&item) {
            continue;
        }
        for (method, op) in item.members() {
            if is_plain_object(&op) && OPERATION_KEYS.contains(&method) {
                out.push(Operation {
                    path,
                    method,
                    value: op,
                });
            }
        }
    }
    out
}

/// `[...target_path, extra...]` as strings.
pub fn path_plus(base: &[Seg<'_>], extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = base.iter().map(ToString::to_string).collect();
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

/// Strict JavaScript equality (`===`) of two values in the view, with arrays and objects
/// compared by identity (same node), as JavaScript compares references.
pub fn js_strict_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    use specwright_document::Value;
    match (a, b) {
        (Val::Undefined, Val::Undefined) => true,
        (Val::Key(x), Val::Key(y)) => x == y,
        (Val::Key(x), other) | (other, Val::Key(x)) => other.as_str() == Some(x),
        (Val::Index(i), other) | (other, Val::Index(i)) => other.as_f64() == Some(*i as f64),
        (Val::Node(x), Val::Node(y)) => match (&x.node.value, &y.node.value) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(p), Value::Bool(q)) => p == q,
            (Value::Number(p), Value::Number(q)) => p.as_f64() == q.as_f64(),
            (Value::String(p), Value::String(q)) => p == q,
            (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => {
                std::ptr::eq(x.node, y.node)
            }
            _ => false,
        },
        _ => false,
    }
}

/// JavaScript's `String(value)`, as messages and fingerprints print values: text as is,
/// numbers as JavaScript prints them, objects as `[object Object]`, arrays as their items
/// joined with commas (nested arrays too; null items and an array inside itself, reached
/// through a `$ref`, print empty, as `Array.prototype.join` does).
pub fn js_string(v: &Val<'_>) -> String {
    js_string_within(v, &mut Vec::new())
}

/// [`js_string`] with the arrays being joined around `v`.
fn js_string_within(v: &Val<'_>, joining: &mut Vec<*const specwright_document::Node>) -> String {
    use specwright_document::Value;
    match v {
        Val::Undefined => "undefined".into(),
        Val::Key(k) => k.to_string(),
        Val::Index(i) => i.to_string(),
        Val::Node(n) => match &n.node.value {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(x) => js_number(x),
            Value::String(s) => s.to_string(),
            Value::Object(_) => "[object Object]".into(),
            Value::Array(_) => {
                let me: *const specwright_document::Node = n.node;
                if joining.contains(&me) {
                    return String::new();
                }
                joining.push(me);
                let joined = v
                    .items()
                    .map(|item| match item.node().map(|i| &i.value) {
                        Some(Value::Null) => String::new(),
                        _ => js_string_within(&item, joining),
                    })
                    .collect::<Vec<_>>()
                    .join(",");
                joining.pop();
                joined
            }
        },
    }
}

/// A number printed as JavaScript prints it (`1` not `1.0`).
pub fn js_number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e21 => format!("{}", f as i64),
        Some(f) => {
            let s = format!("{f}");
            s
        }
        None => n.to_string(),
    }
}

/// JavaScript's `Number(s)` for a string: trimmed, empty is 0, `0x`/`0o`/`0b` integers,
/// decimal literals and `Infinity`; anything else is NaN.
pub fn string_to_number(s: &str) -> f64 {
    let t = s.trim();
    if t.is_empty() {
        return 0.0;
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(digits) = t.strip_prefix(prefix) {
            return u64::from_str_radix(digits, radix).map_or(f64::NAN, |n| n as f64);
        }
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned == "Infinity" {
        return if t.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let literal = !unsigned.is_empty()
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && unsigned
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.');
    if literal {
        t.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::Document;
    use specwright_document::{LoadOptions, Spec};

    #[test]
    fn js_string_prints_as_javascript_string_does() {
        let spec = Spec::from_text(
            std::path::Path::new("/tmp/js-string-test.yaml"),
            "n: 1.0\nl: [a, null, [b, 2], {k: v}, true]\nloop: [x, {$ref: '#/loop'}]\n",
            &LoadOptions::default(),
        )
        .unwrap();
        let doc = Document::new(&spec);
        let root = doc.root(true);
        assert_eq!(js_string(&root.get("n")), "1");
        assert_eq!(js_string(&root.get("l")), "a,,b,2,[object Object],true");
        assert_eq!(js_string(&root), "[object Object]");
        assert_eq!(js_string(&Val::Undefined), "undefined");
        // The array holds itself through the `$ref`: joined once, empty inside.
        assert_eq!(js_string(&root.get("loop")), "x,");
    }
}
