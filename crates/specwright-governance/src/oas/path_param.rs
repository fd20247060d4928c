//! `oasPathParam`: path templates and path parameters agree (defined, used, required, unique),
//! and no two paths are equivalent once their parameters are blanked.

use super::util::{is_object, OPERATION_KEYS};
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use crate::view::Val;

pub struct OasPathParam;

/// The `{name}` templates of a path as Spectral's `/(\{;?\??[a-zA-Z0-9_-]+\*?\})/g` finds
/// them: (start, end, name with `{}?*;` removed).
fn templates(path: &str) -> Vec<(usize, usize, String)> {
    let b = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            let mut j = i + 1;
            if j < b.len() && b[j] == b';' {
                j += 1;
            }
            if j < b.len() && b[j] == b'?' {
                j += 1;
            }
            let name_start = j;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-') {
                j += 1;
            }
            if j > name_start {
                let mut k = j;
                if k < b.len() && b[k] == b'*' {
                    k += 1;
                }
                if k < b.len() && b[k] == b'}' {
                    let name = path[name_start..j].to_string();
                    out.push((i, k + 1, name));
                    i = k + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

fn is_named_path_param(p: &Val<'_>) -> bool {
    p.get("in").as_str() == Some("path") && !p.get("name").is_undefined()
}

/// Records a named path parameter; returns whether it is new (Spectral's
/// `isUnknownNamedPathParam`).
fn check_param(
    p: &Val<'_>,
    path: Vec<String>,
    out: &mut Vec<FunctionResult>,
    seen: &[(String, Vec<String>)],
) -> Option<(String, Vec<String>)> {
    if !is_named_path_param(p) {
        return None;
    }
    let name = super::util::js_string(&p.get("name"));
    if p.get("required").as_bool() != Some(true) {
        out.push(FunctionResult::at(
            format!("Path parameter \"{name}\" must have \"required\" property that is set to \"true\"."),
            path.clone(),
        ));
    }
    if seen.iter().any(|(n, _)| *n == name) {
        out.push(FunctionResult::at(
            format!("Path parameter \"{name}\" must not be defined multiple times."),
            path,
        ));
        return None;
    }
    Some((name, path))
}

impl RuleFunction for OasPathParam {
    fn name(&self) -> &'static str {
        "oasPathParam"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    fn call(&self, target: &Target<'_>, _: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let paths = target.value;
        if !paths.is_object() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut unique: Vec<(String, &str)> = Vec::new();
        for (path, item) in paths.members() {
            if !is_object(&item) {
                continue;
            }
            let tpl = templates(path);
            let mut normalized = String::with_capacity(path.len());
            let mut last = 0;
            for (s, e, _) in &tpl {
                normalized.push_str(&path[last..*s]);
                normalized.push('%');
                last = *e;
            }
            normalized.push_str(&path[last..]);
            match unique.iter().find(|(n, _)| *n == normalized) {
                Some((_, first)) => out.push(FunctionResult::at(
                    format!("Paths \"{first}\" and \"{path}\" must not be equivalent."),
                    vec!["paths".into(), path.into()],
                )),
                None => unique.push((normalized, path)),
            }
            let mut elements: Vec<String> = Vec::new();
            for (_, _, name) in tpl {
                if elements.contains(&name) {
                    out.push(FunctionResult::at(
                        format!(
                            "Path \"{path}\" must not use parameter \"{{{name}}}\" multiple times."
                        ),
                        vec!["paths".into(), path.into()],
                    ));
                } else {
                    elements.push(name);
                }
            }
            let mut top: Vec<(String, Vec<String>)> = Vec::new();
            let params = item.get("parameters");
            if params.is_array() {
                for (i, p) in params.items().enumerate() {
                    if !is_object(&p) {
                        continue;
                    }
                    let full = vec![
                        "paths".into(),
                        path.into(),
                        "parameters".into(),
                        i.to_string(),
                    ];
                    if let Some(entry) = check_param(&p, full, &mut out, &top) {
                        top.push(entry);
                    }
                }
            }
            for (op, op_val) in item.members() {
                if !is_object(&op_val) || op == "parameters" || !OPERATION_KEYS.contains(&op) {
                    continue;
                }
                let mut own: Vec<(String, Vec<String>)> = Vec::new();
                let op_path: Vec<String> = vec!["paths".into(), path.into(), op.into()];
                let params = op_val.get("parameters");
                if params.is_array() {
                    for (i, p) in params.items().enumerate() {
                        if !is_object(&p) {
                            continue;
                        }
                        let mut full = op_path.clone();
                        full.push("parameters".into());
                        full.push(i.to_string());
                        if let Some(entry) = check_param(&p, full, &mut out, &own) {
                            own.push(entry);
                        }
                    }
                }
                // `{...topParams, ...operationParams}`: operation entries override in place.
                let mut defined = top.clone();
                for (n, p) in own {
                    match defined.iter_mut().find(|(m, _)| *m == n) {
                        Some(slot) => slot.1 = p,
                        None => defined.push((n, p)),
                    }
                }
                // Object key order: integer-like names first (JavaScript property order).
                let mut ordered = defined.clone();
                ordered.sort_by_key(|(n, _)| array_index(n).map_or((1, 0), |i| (0, i)));
                for (n, p) in &ordered {
                    if !elements.contains(n) {
                        out.push(FunctionResult::at(
                            format!("Parameter \"{n}\" must be used in path \"{path}\"."),
                            p.clone(),
                        ));
                    }
                }
                for e in &elements {
                    if !defined.iter().any(|(n, _)| n == e) {
                        out.push(FunctionResult::at(
                            format!("Operation must define parameter \"{{{e}}}\" as expected by path \"{path}\"."),
                            op_path.clone(),
                        ));
                    }
                }
            }
        }
        out
    }
}

/// A JavaScript array-index-like property name (`"0"`, `"12"`), which objects order first.
fn array_index(s: &str) -> Option<u64> {
    if s.is_empty() || (s.len() > 1 && s.starts_with('0')) || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    s.parse().ok().filter(|&n: &u64| n < u32::MAX as u64)
}

#[cfg(test)]
mod tests {
    use super::templates;
    use crate::oas::testing::run;

    #[test]
    fn finds_templates_like_spectral() {
        let t: Vec<_> = templates("/a/{id}/{;x*}/{}/{b c}")
            .into_iter()
            .map(|t| t.2)
            .collect();
        assert_eq!(t, ["id", "x"]);
    }

    #[test]
    fn path_parameters_must_match() {
        let spec = "openapi: 3.0.0\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - {in: path, name: other, required: true}\n  /a/{key}:\n    parameters:\n      - {in: path, name: key}\n    get: {}\n";
        let found = run(spec, "$.paths", None, "oasPathParam", None);
        let msgs: Vec<_> = found.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
        assert!(msgs.contains(&(
            "paths./a/{id}.get.parameters.0",
            "Parameter \"other\" must be used in path \"/a/{id}\"."
        )));
        assert!(msgs.contains(&(
            "paths./a/{id}.get",
            "Operation must define parameter \"{id}\" as expected by path \"/a/{id}\"."
        )));
        assert!(msgs.contains(&(
            "paths./a/{key}",
            "Paths \"/a/{id}\" and \"/a/{key}\" must not be equivalent."
        )));
        assert!(msgs.contains(&(
            "paths./a/{key}.parameters.0",
            "Path parameter \"key\" must have \"required\" property that is set to \"true\"."
        )));
        assert_eq!(found.len(), 4);
        let ok = "openapi: 3.0.0\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - {in: path, name: id, required: true}\n";
        assert!(run(ok, "$.paths", None, "oasPathParam", None).is_empty());
    }
}
