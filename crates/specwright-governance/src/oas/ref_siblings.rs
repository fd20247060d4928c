//! `refSiblings`: nothing may sit beside `$ref` (OAS 2 and 3.0 ignore such siblings).
//! Applied to each `$ref` member, it reports every other member of the same object.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};

pub struct RefSiblings;

impl RuleFunction for RefSiblings {
    fn name(&self) -> &'static str {
        "refSiblings"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    fn call(&self, target: &Target<'_>, _: &Options, ctx: &mut Ctx<'_>) -> Vec<FunctionResult> {
        if target.path.is_empty() {
            return Vec::new();
        }
        // The parent as written in the document (Spectral reads `document.data`).
        let strings = target.path_strings();
        let parent_path = &strings[..strings.len() - 1];
        let parent = ctx.doc.root(false).walk(parent_path);
        if !super::util::is_object(&parent) {
            return Vec::new();
        }
        let keys: Vec<&str> = parent.keys().collect();
        if keys.len() <= 1 {
            return Vec::new();
        }
        keys.into_iter()
            .filter(|k| *k != "$ref")
            .map(|k| {
                let mut p = parent_path.to_vec();
                p.push(k.into());
                FunctionResult::at("$ref must not be placed next to any other properties", p)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run_view;

    #[test]
    fn siblings_of_ref_are_reported() {
        let spec = "openapi: 3.0.0\ncomponents:\n  schemas:\n    A: {type: object}\n    B: {$ref: '#/components/schemas/A', description: d}\n    C: {$ref: '#/components/schemas/A'}\n";
        let found = run_view(
            spec,
            "$.components.schemas[*].$ref",
            None,
            "refSiblings",
            None,
            false,
        );
        let paths: Vec<_> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(paths, ["components.schemas.B.description"]);
    }
}
