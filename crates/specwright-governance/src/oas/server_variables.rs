//! `serverVariables`: a server URL's `{variables}` are all defined, none is unused, defaults
//! are in the enum, and (with `checkSubstitutions`) substituted URLs are valid URLs.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use crate::view::Val;

pub struct ServerVariables;

/// `url.match(/{(.+?)}/g)` without the braces.
fn url_variables(url: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = url;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        // `.+?` needs at least one character before the closing brace (not a newline).
        let Some(first) = after.chars().next() else {
            break;
        };
        let skip = first.len_utf8();
        match after[skip..].find('}') {
            Some(end) if !after[..skip + end].contains('\n') && first != '\n' => {
                out.push(after[..skip + end].to_string());
                rest = &after[skip + end + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// Whether a variable object matches the function's input schema.
fn valid_variable(v: &Val<'_>) -> bool {
    if !v.is_object() {
        return false;
    }
    v.members().all(|(k, x)| match k {
        "enum" => x.is_array() && x.items().all(|i| i.is_string()),
        "default" | "description" | "examples" => x.is_string(),
        _ => k.starts_with("x-"),
    })
}

/// JavaScript `encodeURI`.
fn encode_uri(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() || ";,/?:@&=+$-_.!~*'()#".contains(ch) {
            out.push(ch);
        } else {
            let mut buf = [0u8; 4];
            for b in ch.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Whether `new URL(s)` (WHATWG, no base) accepts `s`: an absolute URL with a scheme, and for
/// the special schemes a host that contains no forbidden code point and a numeric port.
pub fn is_absolute_url(s: &str) -> bool {
    let s = s.trim_matches(|c: char| c <= ' ');
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return false;
    }
    let scheme = scheme.to_ascii_lowercase();
    let special = matches!(scheme.as_str(), "http" | "https" | "ws" | "wss" | "ftp");
    if !special {
        return true;
    }
    let rest = s[colon + 1..].trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(i) => (&host_port[..=i], host_port[i + 1..].strip_prefix(':')),
            None => return false,
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    if host.is_empty() {
        return false;
    }
    if !host.starts_with('[')
        && host
            .chars()
            .any(|c| " #%/:<>?@[\\]^|".contains(c) || c < ' ' || c == '\u{7f}')
    {
        // `%` is allowed only as a valid percent escape, which WHATWG decodes first.
        if !(host.contains('%')
            && !host.chars().any(|c| " #/:<>?@[\\]^|".contains(c))
            && percent_ok(host))
        {
            return false;
        }
    }
    match port {
        None | Some("") => true,
        Some(p) => {
            p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u32>().is_ok_and(|n| n <= 65535)
        }
    }
}

/// A host with `%` escapes: every escape is valid and decodes to no forbidden code point.
fn percent_ok(host: &str) -> bool {
    let b = host.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let Some(v) = host
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            else {
                return false;
            };
            bytes.push(v);
            i += 3;
        } else {
            bytes.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(bytes).is_ok_and(|d| !d.chars().any(|c| " #%/:<>?@[\\]^|".contains(c)))
}

impl RuleFunction for ServerVariables {
    fn name(&self) -> &'static str {
        "serverVariables"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        match options {
            serde_json::Value::Null => Ok(()),
            serde_json::Value::Object(o) => {
                for (k, v) in o {
                    if k != "checkSubstitutions" && k != "requireDefault" {
                        return Err(format!(
                            "\"serverVariables\" function does not support \"{k}\" option"
                        ));
                    }
                    if !v.is_boolean() {
                        return Err(format!("\"serverVariables\" function and its \"{k}\" option accepts only boolean values"));
                    }
                }
                Ok(())
            }
            _ => Err("\"serverVariables\" function has invalid options specified".into()),
        }
    }

    fn call(&self, target: &Target<'_>, options: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let input = target.value;
        let url = input.get("url");
        let vars = input.get("variables");
        let input_ok = input.is_object()
            && url.is_string()
            && (vars.is_undefined()
                || (vars.is_object() && vars.members().all(|(_, v)| valid_variable(&v))));
        if !input_ok {
            return vec![FunctionResult::new("Invalid Server Object")];
        }
        let flag = |k: &str| options.get(k).and_then(serde_json::Value::as_bool) == Some(true);
        let url = url.as_str().unwrap_or_default();
        let base = target.path_strings();
        let at = |extra: &[&str]| {
            let mut p = base.clone();
            p.extend(extra.iter().map(|s| s.to_string()));
            p
        };
        let found = url_variables(url);
        let defined: Vec<&str> = vars.keys().collect();
        let mut out = Vec::new();
        for d in &defined {
            if !found.iter().any(|f| f == d) {
                out.push(FunctionResult::at(
                    format!(
                        "Server's \"variables\" object has unused defined \"{d}\" url variable."
                    ),
                    at(&["variables", d]),
                ));
            }
        }
        if found.is_empty() {
            return out;
        }
        let missing: Vec<&str> = found
            .iter()
            .filter(|f| !defined.contains(&f.as_str()))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            out.push(FunctionResult::at(
                format!(
                    "Not all server's variables are described with \"variables\" object. Missed: {}.",
                    missing.join(", ")
                ),
                at(&["variables"]),
            ));
        }
        if vars.is_undefined() {
            return out;
        }
        let mut pairs: Vec<(String, Vec<String>)> = Vec::new();
        for key in &defined {
            if !found.iter().any(|f| f == key) {
                continue;
            }
            let var = vars.get(key);
            let (en, default) = (var.get("enum"), var.get("default"));
            if !en.is_undefined() {
                let values: Vec<String> = en
                    .items()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect();
                if let Some(d) = default.as_str() {
                    if !values.iter().any(|v| v == d) {
                        out.push(FunctionResult::at(
                            format!(
                                "Server Variable \"{key}\" has a default not listed in the enum."
                            ),
                            at(&["variables", key, "default"]),
                        ));
                    }
                }
                pairs.push((key.to_string(), values));
            } else if let Some(d) = default.as_str() {
                pairs.push((key.to_string(), vec![d.to_string()]));
            } else {
                pairs.push((key.to_string(), Vec::new()));
            }
            if default.is_undefined() && flag("requireDefault") {
                out.push(FunctionResult::at(
                    format!("Server Variable \"{key}\" has a missing default."),
                    at(&["variables", key]),
                ));
            }
        }
        if flag("checkSubstitutions") && !pairs.is_empty() {
            let mut invalid = Vec::new();
            substitute(url, &pairs, 0, &mut invalid);
            if invalid.len() == 5 {
                out.push(FunctionResult::at(
                    format!(
                        "At least 5 substitutions of server variables resulted in invalid URLs: {} and more",
                        invalid.join(", ")
                    ),
                    at(&["variables"]),
                ));
            } else if !invalid.is_empty() {
                out.push(FunctionResult::at(
                    format!(
                        "A few substitutions of server variables resulted in invalid URLs: {}",
                        invalid.join(", ")
                    ),
                    at(&["variables"]),
                ));
            }
        }
        out
    }
}

/// Spectral's `applyUrlVariables`, depth first, stopping at 5 invalid URLs.
fn substitute(
    url: &str,
    vars: &[(String, Vec<String>)],
    i: usize,
    invalid: &mut Vec<String>,
) -> bool {
    let (name, values) = &vars[i];
    let pattern = format!("{{{name}}}");
    for v in values {
        let s = url.replace(&pattern, &encode_uri(v));
        if i == vars.len() - 1 {
            if !is_absolute_url(&s) {
                invalid.push(s);
                if invalid.len() == 5 {
                    return true;
                }
            }
        } else if substitute(&s, vars, i + 1, invalid) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oas::testing::run;

    #[test]
    fn url_checks() {
        assert!(is_absolute_url("https://api.example.com:8443/v1"));
        assert!(!is_absolute_url("/v1"));
        assert!(!is_absolute_url("https://"));
        assert!(!is_absolute_url("https://a b.com"));
        assert_eq!(url_variables("https://{a}.x/{b}/{}"), ["a", "b"]);
    }

    #[test]
    fn variables_must_match() {
        let opts = serde_json::json!({"checkSubstitutions": true, "requireDefault": true});
        let spec = "openapi: 3.0.0\nservers:\n  - url: 'https://{env}.x.com/{v}'\n    variables:\n      env: {default: prod, enum: [dev, test]}\n      unused: {default: a}\n";
        let found = run(
            spec,
            "$.servers[*]",
            None,
            "serverVariables",
            Some(opts.clone()),
        );
        let got: Vec<_> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            got,
            [
                "servers.0.variables.unused",
                "servers.0.variables",
                "servers.0.variables.env.default"
            ]
        );
        let ok = "openapi: 3.0.0\nservers:\n  - url: 'https://{env}.x.com'\n    variables:\n      env: {default: dev, enum: [dev, test]}\n";
        assert!(run(ok, "$.servers[*]", None, "serverVariables", Some(opts)).is_empty());
    }
}
