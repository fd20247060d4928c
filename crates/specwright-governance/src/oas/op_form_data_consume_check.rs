//! `oasOpFormDataConsumeCheck`: Swagger 2 operations with `in: formData` parameters must
//! consume a form media type.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};

pub struct OasOpFormDataConsumeCheck;

impl RuleFunction for OasOpFormDataConsumeCheck {
    fn name(&self) -> &'static str {
        "oasOpFormDataConsumeCheck"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    fn call(&self, target: &Target<'_>, _: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let v = &target.value;
        let (consumes, params) = (v.get("consumes"), v.get("parameters"));
        // Input schema: an object with array `consumes` and `parameters`.
        if !v.is_object() || !consumes.is_array() || !params.is_array() {
            return Vec::new();
        }
        let has_form = params
            .items()
            .any(|p| super::util::is_object(&p) && p.get("in").as_str() == Some("formData"));
        // `consumes.join(',')` then a regex search for either media type.
        let joined = consumes
            .items()
            .map(|c| super::util::js_string(&c))
            .collect::<Vec<_>>()
            .join(",");
        let ok = joined.contains("application/x-www-form-urlencoded")
            || joined.contains("multipart/form-data");
        if has_form && !ok {
            return vec![FunctionResult::new(
                "Consumes must include urlencoded, multipart, or form-data media type when using formData parameter.",
            )];
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;

    #[test]
    fn form_data_needs_form_consumes() {
        let bad = "swagger: '2.0'\npaths:\n  /a:\n    post:\n      consumes: [application/json]\n      parameters:\n        - {in: formData, name: f, type: string}\n";
        assert_eq!(
            run(
                bad,
                "$.paths[*][*]",
                None,
                "oasOpFormDataConsumeCheck",
                None
            )
            .len(),
            1
        );
        let good = bad.replace("application/json", "multipart/form-data");
        assert!(run(
            &good,
            "$.paths[*][*]",
            None,
            "oasOpFormDataConsumeCheck",
            None
        )
        .is_empty());
    }
}
