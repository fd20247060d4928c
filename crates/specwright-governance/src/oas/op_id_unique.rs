//! `oasOpIdUnique`: every `operationId` appears once across `paths`.

use super::util::{all_operations, is_object, js_strict_eq};
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use crate::view::Val;

pub struct OasOpIdUnique;

impl RuleFunction for OasOpIdUnique {
    fn name(&self) -> &'static str {
        "oasOpIdUnique"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    fn call(&self, target: &Target<'_>, _: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        if !target.value.is_object() {
            return Vec::new();
        }
        let mut seen: Vec<Val<'_>> = Vec::new();
        let mut out = Vec::new();
        for op in all_operations(target.value) {
            if !is_object(&op.value) || !op.value.has("operationId") {
                continue;
            }
            let id = op.value.get("operationId");
            if seen.iter().any(|s| js_strict_eq(s, &id)) {
                out.push(FunctionResult::at(
                    "operationId must be unique.",
                    vec![
                        "paths".into(),
                        op.path.into(),
                        op.method.into(),
                        "operationId".into(),
                    ],
                ));
            } else {
                seen.push(id);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;

    #[test]
    fn duplicate_ids_are_reported_after_the_first() {
        let spec = "openapi: 3.0.0\npaths:\n  /a:\n    get: {operationId: x}\n    put: {operationId: y}\n  /b:\n    get: {operationId: x}\n";
        let found = run(spec, "$.paths", None, "oasOpIdUnique", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "paths./b.get.operationId");
        let ok = spec.replace(
            "  /b:\n    get: {operationId: x}",
            "  /b:\n    get: {operationId: z}",
        );
        assert!(run(&ok, "$.paths", None, "oasOpIdUnique", None).is_empty());
    }
}
