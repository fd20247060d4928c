//! `oasSecurityDefined`: security requirements name defined schemes, and OAuth scopes the
//! scheme lists. Options: `oasVersion` 2 (`securityDefinitions`) or 3
//! (`components.securitySchemes`).

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use crate::view::Val;

pub struct OasSecurityDefined;

fn version(options: &serde_json::Value) -> Option<u64> {
    options
        .get("oasVersion")
        .and_then(serde_json::Value::as_u64)
}

fn scope_defined(version: u64, scope: &str, scheme: &Val<'_>) -> bool {
    if !scheme.is_object() {
        return false;
    }
    if version == 2 {
        let scopes = scheme.get("scopes");
        return scopes.is_object() && scopes.has(scope);
    }
    let flows = scheme.get("flows");
    flows.is_object()
        && flows.members().any(|(_, flow)| {
            let scopes = flow.get("scopes");
            flow.is_object() && scopes.is_object() && scopes.has(scope)
        })
}

impl RuleFunction for OasSecurityDefined {
    fn name(&self) -> &'static str {
        "oasSecurityDefined"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        match options {
            serde_json::Value::Object(o) => {
                if let Some(k) = o.keys().find(|k| *k != "oasVersion") {
                    return Err(format!(
                        "\"oasSecurityDefined\" function does not support \"{k}\" option"
                    ));
                }
                match version(options) {
                    Some(2 | 3) | None if !o.contains_key("oasVersion") || version(options).is_some() => Ok(()),
                    _ => Err("\"oasSecurityDefined\" function and its \"oasVersion\" option accepts only the following values: 2, 3".into()),
                }
            }
            serde_json::Value::Null => Ok(()),
            _ => Err("\"oasSecurityDefined\" function has invalid options specified".into()),
        }
    }

    fn call(
        &self,
        target: &Target<'_>,
        options: &Options,
        ctx: &mut Ctx<'_>,
    ) -> Vec<FunctionResult> {
        let input = target.value;
        // Input schema: an object whose members are arrays of strings.
        if !input.is_object()
            || !input
                .members()
                .all(|(_, v)| v.is_array() && v.items().all(|s| s.is_string()))
        {
            return Vec::new();
        }
        if input.keys().next().is_none() {
            return Vec::new();
        }
        let root = ctx.root();
        if !root.is_object() {
            return Vec::new();
        }
        let v = version(options).unwrap_or(3);
        let defs = if v == 2 {
            root.get("securityDefinitions")
        } else if root.get("components").is_object() {
            root.get("components").get("securitySchemes")
        } else {
            Val::Undefined
        };
        let base = target.path_strings();
        let mut out = Vec::new();
        for (name, scopes) in input.members() {
            if !defs.is_object() || !defs.has(name) {
                let object = if target.path.len() == 2 {
                    "API"
                } else {
                    "Operation"
                };
                let location = if v == 2 {
                    "securityDefinitions"
                } else {
                    "components.securitySchemes"
                };
                let mut p = base.clone();
                p.push(name.into());
                out.push(FunctionResult::at(
                    format!("{object} \"security\" values must match a scheme defined in the \"{location}\" object."),
                    p,
                ));
                continue;
            }
            let scheme = defs.get(name);
            for (i, scope) in scopes.items().enumerate() {
                let scope = scope.as_str().unwrap_or_default();
                if !scope_defined(v, scope, &scheme) {
                    let mut p = base.clone();
                    p.push(name.into());
                    p.push(i.to_string());
                    out.push(FunctionResult::at(
                        format!("\"{scope}\" must be listed among scopes."),
                        p,
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;

    #[test]
    fn schemes_and_scopes_must_be_defined() {
        let spec = "openapi: 3.0.0\ncomponents:\n  securitySchemes:\n    o:\n      type: oauth2\n      flows:\n        implicit: {authorizationUrl: 'https://x', scopes: {read: r}}\nsecurity:\n  - o: [read, write]\n  - missing: []\n";
        let opts = serde_json::json!({"oasVersion": 3});
        let found = run(
            spec,
            "$.security[*]",
            None,
            "oasSecurityDefined",
            Some(opts.clone()),
        );
        let got: Vec<_> = found.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
        assert_eq!(
            got,
            [
                ("security.0.o.1", "\"write\" must be listed among scopes."),
                ("security.1.missing", "API \"security\" values must match a scheme defined in the \"components.securitySchemes\" object.")
            ]
        );
        let ok = spec
            .replace("[read, write]", "[read]")
            .replace("  - missing: []\n", "");
        assert!(run(&ok, "$.security[*]", None, "oasSecurityDefined", Some(opts)).is_empty());
    }
}
