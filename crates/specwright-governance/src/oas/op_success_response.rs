//! `oasOpSuccessResponse`: an operation's `responses` must hold a 2xx or 3xx response.

use crate::format::Format;
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};

pub struct OasOpSuccessResponse;

impl RuleFunction for OasOpSuccessResponse {
    fn name(&self) -> &'static str {
        "oasOpSuccessResponse"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    fn call(&self, target: &Target<'_>, _: &Options, ctx: &mut Ctx<'_>) -> Vec<FunctionResult> {
        if !target.value.is_object() {
            return Vec::new();
        }
        let oas3 = ctx.doc.formats.contains(Format::Oas3);
        for code in target.value.keys() {
            if oas3 && (code == "2XX" || code == "3XX") {
                return Vec::new();
            }
            // JavaScript `Number(code)`: the whole key must be numeric.
            if let Some(n) = super::js_number_of(code) {
                if (200.0..400.0).contains(&n) {
                    return Vec::new();
                }
            }
        }
        vec![FunctionResult::new(
            "Operation must define at least a single 2xx or 3xx response",
        )]
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;

    #[test]
    fn needs_a_success_response() {
        let spec = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '404': {}\n    put:\n      responses:\n        '2XX': {}\n    post:\n      responses:\n        '201': {}\n";
        let found = run(
            spec,
            "$.paths[*][*]",
            Some("responses"),
            "oasOpSuccessResponse",
            None,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "paths./a.get.responses");
    }

    #[test]
    fn swagger_has_no_range_codes() {
        let spec = "swagger: '2.0'\npaths:\n  /a:\n    get:\n      responses:\n        2XX: {}\n";
        let found = run(
            spec,
            "$.paths[*][*]",
            Some("responses"),
            "oasOpSuccessResponse",
            None,
        );
        assert_eq!(found.len(), 1);
    }
}
