//! `oasTagDefined`: every tag an operation uses is declared in the global `tags`.

use super::util::{all_operations, is_object, js_strict_eq};
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};

pub struct OasTagDefined;

impl RuleFunction for OasTagDefined {
    fn name(&self) -> &'static str {
        "oasTagDefined"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    fn call(&self, target: &Target<'_>, _: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let root = target.value;
        if !root.is_object() {
            return Vec::new();
        }
        let global: Vec<_> = root
            .get("tags")
            .items()
            .filter(|t| t.is_object() && t.get("name").is_string())
            .map(|t| t.get("name"))
            .collect();
        let mut out = Vec::new();
        for op in all_operations(root.get("paths")) {
            let tags = op.value.get("tags");
            if !tags.is_array() {
                continue;
            }
            for (i, tag) in tags.items().enumerate() {
                // `globalTags.includes(tag)`: only a string equal to a declared name matches.
                if !global.iter().any(|g| js_strict_eq(g, &tag)) || is_object(&tag) {
                    out.push(FunctionResult::at(
                        "Operation tags must be defined in global tags.",
                        vec![
                            "paths".into(),
                            op.path.into(),
                            op.method.into(),
                            "tags".into(),
                            i.to_string(),
                        ],
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
    fn undeclared_tags_are_reported() {
        let spec = "openapi: 3.0.0\ntags: [{name: a}]\npaths:\n  /x:\n    get: {tags: [a, b]}\n";
        let found = run(spec, "$", None, "oasTagDefined", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "paths./x.get.tags.1");
        let ok = spec.replace("[a, b]", "[a]");
        assert!(run(&ok, "$", None, "oasTagDefined", None).is_empty());
    }
}
