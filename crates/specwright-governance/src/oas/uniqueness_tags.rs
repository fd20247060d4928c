//! `uniquenessTags`: global tag names are unique.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};

pub struct UniquenessTags;

impl RuleFunction for UniquenessTags {
    fn name(&self) -> &'static str {
        "uniquenessTags"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    fn call(&self, target: &Target<'_>, _: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let tags = target.value;
        // Input schema: an array of objects with a string `name`.
        if !tags.is_array()
            || !tags
                .items()
                .all(|t| t.is_object() && t.get("name").is_string())
        {
            return Vec::new();
        }
        let names: Vec<&str> = tags
            .items()
            .filter_map(|t| t.get("name").as_str())
            .collect();
        let mut out = Vec::new();
        for (i, name) in names.iter().enumerate() {
            if names.iter().position(|n| n == name) != Some(i) {
                out.push(FunctionResult::at(
                    format!("\"tags\" object contains duplicate tag name \"{name}\"."),
                    super::util::path_plus(target.path, &[&i.to_string(), "name"]),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;

    #[test]
    fn duplicate_tag_names() {
        let spec = "openapi: 3.0.0\ntags: [{name: a}, {name: b}, {name: a}]\n";
        let found = run(spec, "$.tags", None, "uniquenessTags", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "tags.2.name");
        assert!(run(
            "openapi: 3.0.0\ntags: [{name: a}]\n",
            "$.tags",
            None,
            "uniquenessTags",
            None
        )
        .is_empty());
    }
}
