//! JSON text exactly as Go's `json.Marshal` writes a `map[string]interface{}`.
//!
//! decK embeds JSON schemas as *strings* (`body_schema`, `parameter_schema[].schema`), and
//! consumers compare those strings byte for byte, so the encoding must match Go's: keys
//! sorted at every level, numbers passed through float64, and `<`, `>`, `&`, U+2028 and
//! U+2029 escaped. serde_json does none of these, hence this small writer.

use serde_json::Value;

/// Compact Go-style JSON of a value.
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    write(v, &mut out);
    out
}

pub fn write(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_str(s, out),
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(k, out);
                out.push(':');
                write(&o[k.as_str()], out);
            }
            out.push('}');
        }
    }
}

/// Go decodes every JSON number into float64 and prints it with `strconv` 'f' format
/// (shortest round trip) below 1e21, else 'e' format with a signed exponent.
fn write_number(n: &serde_json::Number, out: &mut String) {
    let f = n.as_f64().unwrap_or(0.0);
    if f == 0.0 {
        out.push('0');
        return;
    }
    let abs = f.abs();
    if (1e-6..1e21).contains(&abs) {
        out.push_str(&format!("{f}"));
    } else {
        let s = format!("{f:e}");
        // Rust writes `1e21` / `1e-7`; Go writes `1e+21` / `1e-07` trimmed to `1e-7`.
        match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => {
                out.push_str(m);
                out.push_str("e+");
                out.push_str(e);
            }
            _ => out.push_str(&s),
        }
    }
}

pub fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_and_escapes_html() {
        let v = json!({"b": "<a&b>", "a": [1, 2.5, true, null]});
        assert_eq!(
            to_string(&v),
            r#"{"a":[1,2.5,true,null],"b":"\u003ca\u0026b\u003e"}"#
        );
    }

    #[test]
    fn numbers_go_through_float64() {
        assert_eq!(to_string(&json!(1.0)), "1");
        assert_eq!(to_string(&json!(1e21)), "1e+21");
        assert_eq!(to_string(&json!(0.0000001)), "1e-7");
        assert_eq!(to_string(&json!(9007199254740993u64)), "9007199254740992");
        assert_eq!(to_string(&json!(-3)), "-3");
    }

    #[test]
    fn control_characters() {
        assert_eq!(to_string(&json!("a\nb\u{1}")), r#""a\nb\u0001""#);
    }
}
