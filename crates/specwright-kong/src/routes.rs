//! Routes: one per operation, with a regex path, the method, `regex_priority` and
//! `strip_path`, plus header-enum routes in front of it.
//!
//! - The OAS path is escaped (`( ) . + ? * [ $`; decK leaves `] { } ^ | \` alone), then each
//!   `{name}` becomes `(?<capture>[^#?/]+)` (`*` instead of `+` when the parameter schema has
//!   `minLength: 0`), and the result is `~<regex>$`.
//! - `regex_priority` is 200 for a plain path and 100 with parameters; a route-defaults value N
//!   is used as is for plain paths and as N-1 with parameters.
//! - Required header parameters with an `enum` fan out into one route per value
//!   combination (`<op>_<i>` with `headers`), followed by the plain route as the fallback.

use crate::error::{Raw, RawResult};
use crate::names::sanitize_regex_capture;
use crate::servers::scalar_text;
use serde_json::Value;

pub const PRIORITY_PLAIN: i64 = 200;
pub const PRIORITY_WITH_PARAMS: i64 = 100;

/// A parameter as the route rules see it (after `$ref`s are followed).
#[derive(Clone, Debug)]
pub struct Param<'a> {
    pub name: &'a str,
    pub location: &'a str,
    pub required: bool,
    /// The schema, `$ref` followed.
    pub schema: Option<&'a Value>,
}

/// The route path regex and its default priority.
pub fn path_regex(
    path_key: &str,
    op_params: &[Param],
    path_params: &[Param],
    inso: bool,
    at: &[String],
) -> RawResult<(String, i64)> {
    let mut escaped = String::with_capacity(path_key.len() + 8);
    for c in path_key.chars() {
        if matches!(c, '(' | ')' | '.' | '+' | '?' | '*' | '[' | '$') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    // Captures are found in the escaped path, as decK does, so a parameter name holding an
    // escaped character no longer matches its declaration (and keeps the `+` form).
    let mut out = String::with_capacity(escaped.len() + 32);
    let mut priority = PRIORITY_PLAIN;
    let mut rest = escaped.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        if close == 0 {
            out.push_str(&rest[..open + 1]);
            rest = after;
            continue;
        }
        let var = &after[..close];
        priority = PRIORITY_WITH_PARAMS;
        let capture = sanitize_regex_capture(var, inso);
        if capture.len() >= 32 {
            return Err(Raw::at(
                at,
                format!(
                    "path-parameter name exceeds 32 characters: '{var}' (sanitized to '{capture}')"
                ),
            ));
        }
        let min_zero = find_schema(op_params, path_params, var)
            .and_then(|s| s.get("minLength"))
            .and_then(Value::as_f64)
            == Some(0.0);
        out.push_str(&rest[..open]);
        out.push_str("(?<");
        out.push_str(&capture);
        out.push_str(if min_zero { ">[^#?/]*)" } else { ">[^#?/]+)" });
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok((format!("~{out}$"), priority))
}

/// The schema of a parameter by name: operation parameters first, then path-level ones.
fn find_schema<'a>(op: &[Param<'a>], path: &[Param<'a>], name: &str) -> Option<&'a Value> {
    op.iter()
        .chain(path.iter())
        .find(|p| p.name == name)
        .and_then(|p| p.schema)
}

/// Header parameters that split routes: operation ones, then path ones not overridden.
pub fn routing_headers<'a>(
    op: &[Param<'a>],
    path: &[Param<'a>],
    all_required: bool,
) -> Vec<Param<'a>> {
    let qualifies = |p: &Param| {
        p.location == "header"
            && (p.required || all_required)
            && p.schema
                .and_then(|s| s.get("enum"))
                .and_then(Value::as_array)
                .is_some_and(|e| !e.is_empty())
    };
    let mut out: Vec<Param> = Vec::new();
    for p in op.iter().chain(path.iter()) {
        if qualifies(p) && !out.iter().any(|q| q.name == p.name) {
            out.push(p.clone());
        }
    }
    out
}

/// Every combination of header values, first header varying slowest. Enum values become
/// strings, as decK reads them as YAML scalars.
pub fn header_combinations(headers: &[Param]) -> Vec<Vec<(String, String)>> {
    let mut result: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for h in headers {
        let values: Vec<String> = h
            .schema
            .and_then(|s| s.get("enum"))
            .and_then(Value::as_array)
            .map(|e| {
                e.iter()
                    .map(|v| scalar_text(Some(v)).unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default();
        let mut next = Vec::with_capacity(result.len() * values.len());
        for prefix in &result {
            for v in &values {
                let mut c = prefix.clone();
                c.push((h.name.to_string(), v.clone()));
                next.push(c);
            }
        }
        result = next;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p<'a>(
        name: &'a str,
        location: &'a str,
        required: bool,
        schema: Option<&'a Value>,
    ) -> Param<'a> {
        Param {
            name,
            location,
            required,
            schema,
        }
    }

    #[test]
    fn escapes_and_captures() {
        let (r, prio) = path_regex("/demo/{something}/else/{todo}/", &[], &[], false, &[]).unwrap();
        assert_eq!(r, "~/demo/(?<something>[^#?/]+)/else/(?<todo>[^#?/]+)/$");
        assert_eq!(prio, 100);
        let (r, prio) = path_regex("/batchs(Material='iron')", &[], &[], false, &[]).unwrap();
        assert_eq!(r, "~/batchs\\(Material='iron'\\)$");
        assert_eq!(prio, 200);
        let (r, _) = path_regex("/some/$test", &[], &[], false, &[]).unwrap();
        assert_eq!(r, "~/some/\\$test$");
    }

    #[test]
    fn min_length_zero_allows_empty() {
        let s = json!({"type": "string", "minLength": 0});
        let params = [p("id", "path", true, Some(&s))];
        let (r, _) = path_regex("/a/{id}", &params, &[], false, &[]).unwrap();
        assert_eq!(r, "~/a/(?<id>[^#?/]*)$");
    }

    #[test]
    fn long_capture_names_fail() {
        let name = format!("/a/{{{}}}", "x".repeat(40));
        let e = path_regex(&name, &[], &[], false, &[]).unwrap_err();
        assert!(e.message.contains("exceeds 32 characters"));
    }

    #[test]
    fn header_fan_out() {
        let a = json!({"enum": [1, 2]});
        let b = json!({"enum": ["v1", "v2"]});
        let op = [
            p("A", "header", true, Some(&a)),
            p("N", "header", true, None),
        ];
        let path = [
            p("B", "header", true, Some(&b)),
            p("A", "header", true, Some(&b)),
        ];
        let hs = routing_headers(&op, &path, false);
        assert_eq!(hs.iter().map(|h| h.name).collect::<Vec<_>>(), ["A", "B"]);
        let c = header_combinations(&hs);
        assert_eq!(c.len(), 4);
        assert_eq!(
            c[1],
            vec![("A".into(), "1".into()), ("B".into(), "v2".into())]
        );
        let opt = [p("O", "header", false, Some(&a))];
        assert!(routing_headers(&opt, &[], false).is_empty());
        assert_eq!(routing_headers(&opt, &[], true).len(), 1);
    }
}
