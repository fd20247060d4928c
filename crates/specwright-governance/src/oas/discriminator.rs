//! `oasDiscriminator`: a Swagger 2 discriminator names a defined, required property.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};

pub struct OasDiscriminator;

impl RuleFunction for OasDiscriminator {
    fn name(&self) -> &'static str {
        "oasDiscriminator"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    fn call(&self, target: &Target<'_>, _: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let schema = target.value;
        let Some(name) = schema
            .get("discriminator")
            .as_str()
            .filter(|_| schema.is_object())
        else {
            return Vec::new();
        };
        let base = target.path_strings();
        let at = |k: &str| {
            let mut p = base.clone();
            p.push(k.into());
            p
        };
        let mut out = Vec::new();
        let props = schema.get("properties");
        if !super::util::is_object(&props) || !props.keys().any(|k| k == name) {
            out.push(FunctionResult::at(
                "The discriminator property must be defined in this schema.",
                at("properties"),
            ));
        }
        let required = schema.get("required");
        if !required.is_array() || !required.items().any(|r| r.as_str() == Some(name)) {
            out.push(FunctionResult::at(
                "The discriminator property must be in the required property list.",
                at("required"),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;

    #[test]
    fn discriminator_must_be_defined_and_required() {
        let bad = "swagger: '2.0'\ndefinitions:\n  Pet:\n    discriminator: kind\n    properties: {name: {type: string}}\n";
        let found = run(bad, "$.definitions[*]", None, "oasDiscriminator", None);
        let paths: Vec<_> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            paths,
            ["definitions.Pet.properties", "definitions.Pet.required"]
        );
        let ok = "swagger: '2.0'\ndefinitions:\n  Pet:\n    discriminator: kind\n    required: [kind]\n    properties: {kind: {type: string}}\n";
        assert!(run(ok, "$.definitions[*]", None, "oasDiscriminator", None).is_empty());
    }
}
