//! `oasUnusedComponent`: components never referenced, per component type, by running the
//! core `unreferencedReusableObject` on each `components.<type>` map.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use crate::view::Seg;

pub struct OasUnusedComponent;

const TYPES: [&str; 8] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
];

impl RuleFunction for OasUnusedComponent {
    fn name(&self) -> &'static str {
        "oasUnusedComponent"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    fn call(&self, target: &Target<'_>, _: &Options, ctx: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let components = target.value.get("components");
        if !target.value.is_object() || !components.is_object() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for ty in TYPES {
            let value = components.get(ty);
            if !super::util::is_object(&value) {
                continue;
            }
            let path = [Seg::Key("components"), Seg::Key(ty)];
            let t = Target { value, path: &path };
            let options =
                serde_json::json!({ "reusableObjectsLocation": format!("#/components/{ty}") });
            if let Ok(found) = ctx.call("unreferencedReusableObject", &t, options) {
                out.extend(found);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;

    #[test]
    fn unreferenced_components() {
        let spec = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Ok'}\ncomponents:\n  responses:\n    Ok: {description: ok}\n  schemas:\n    Unused: {type: string}\n";
        let found = run(spec, "$", None, "oasUnusedComponent", None);
        let paths: Vec<_> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(paths, ["components.schemas.Unused"]);
    }
}
