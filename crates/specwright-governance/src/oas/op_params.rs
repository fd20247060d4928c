//! `oasOpParams`: an operation's parameters are unique by `in` + `name`, with at most one
//! body parameter and never body and formData together.

use super::util::{is_object, js_string};
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};

pub struct OasOpParams;

impl RuleFunction for OasOpParams {
    fn name(&self) -> &'static str {
        "oasOpParams"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    fn call(&self, target: &Target<'_>, _: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let params = &target.value;
        if !params.is_array() || params.len().unwrap_or(0) < 2 {
            return Vec::new();
        }
        let mut fingerprints: Vec<String> = Vec::new();
        let mut duplicates = Vec::new();
        let (mut body, mut form) = (Vec::new(), Vec::new());
        for (i, p) in params.items().enumerate() {
            // A reference object left in place (broken or cyclic) is skipped, as in Spectral.
            if !is_object(&p) || p.has("$ref") {
                continue;
            }
            let fp = format!("{}-{}", js_string(&p.get("in")), js_string(&p.get("name")));
            if fingerprints.contains(&fp) {
                duplicates.push(i);
            } else {
                fingerprints.push(fp);
            }
            match p.get("in").as_str() {
                Some("body") => body.push(i),
                Some("formData") => form.push(i),
                _ => {}
            }
        }
        let base = target.path_strings();
        let at = |i: usize| {
            let mut p = base.clone();
            p.push(i.to_string());
            p
        };
        let mut out: Vec<FunctionResult> = duplicates
            .iter()
            .map(|&i| {
                FunctionResult::at(
                    "A parameter in this operation already exposes the same combination of \"name\" and \"in\" values.",
                    at(i),
                )
            })
            .collect();
        if !body.is_empty() && !form.is_empty() {
            out.push(FunctionResult::new(
                "Operation must not have both \"in:body\" and \"in:formData\" parameters.",
            ));
        }
        for &i in body.iter().skip(1) {
            out.push(FunctionResult::at(
                "Operation must not have more than a single instance of the \"in:body\" parameter.",
                at(i),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;

    #[test]
    fn duplicates_and_bodies() {
        let spec = "swagger: '2.0'\npaths:\n  /a:\n    post:\n      parameters:\n        - {in: query, name: a}\n        - {in: query, name: a}\n        - {in: body, name: b}\n        - {in: body, name: c}\n        - {in: formData, name: d}\n";
        let found = run(spec, "$.paths[*][*].parameters", None, "oasOpParams", None);
        let paths: Vec<_> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            paths,
            [
                "paths./a.post.parameters.1",
                "paths./a.post.parameters",
                "paths./a.post.parameters.3"
            ]
        );
        let ok = "swagger: '2.0'\npaths:\n  /a:\n    post:\n      parameters:\n        - {in: query, name: a}\n        - {in: path, name: a}\n";
        assert!(run(ok, "$.paths[*][*].parameters", None, "oasOpParams", None).is_empty());
    }
}
