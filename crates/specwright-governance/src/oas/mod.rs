//! The OpenAPI functions of Spectral's built-in `spectral:oas` ruleset
//! (`@stoplight/spectral-rulesets` 1.23 `oas/functions` and `shared/functions`), one file
//! each with tests beside it, plus the AJV-compatible validator the schema-based ones need.
//! The ruleset itself is data: `rulesets/oas.yaml`.

pub mod ajv;
mod ajv_memo;
mod discriminator;
mod document_schema;
pub mod formats;
mod meta_view;
pub(crate) use document_schema::{
    check_entry_tree, NAME as DOCUMENT_SCHEMA, PRECHECKED, REMEMBER_SUBTREES,
};
mod oas_example;
mod oas_schema;
mod op_form_data_consume_check;
mod op_id_unique;
mod op_params;
mod op_success_response;
mod path_param;
mod ref_siblings;
pub mod schema_fn;
mod security_defined;
mod server_variables;
mod tag_defined;
mod typed_enum;
mod uniqueness_tags;
mod unused_component;
pub(crate) mod util;

use crate::function::FunctionRegistry;

/// Registers every OpenAPI function under the name rulesets use.
pub fn register(reg: &mut FunctionRegistry) {
    reg.register(op_success_response::OasOpSuccessResponse);
    reg.register(op_form_data_consume_check::OasOpFormDataConsumeCheck);
    reg.register(op_id_unique::OasOpIdUnique);
    reg.register(op_params::OasOpParams);
    reg.register(path_param::OasPathParam);
    reg.register(tag_defined::OasTagDefined);
    reg.register(security_defined::OasSecurityDefined);
    reg.register(unused_component::OasUnusedComponent);
    reg.register(discriminator::OasDiscriminator);
    reg.register(typed_enum::TypedEnum);
    reg.register(ref_siblings::RefSiblings);
    reg.register(uniqueness_tags::UniquenessTags);
    reg.register(server_variables::ServerVariables);
    reg.register(oas_schema::OasSchema);
    reg.register(oas_example::OasExample);
    reg.register(document_schema::OasDocumentSchema);
}

/// Rejects options for functions that take none (Spectral's `options: null`).
pub(crate) fn no_options(name: &str, options: &serde_json::Value) -> Result<(), String> {
    match options {
        serde_json::Value::Null => Ok(()),
        _ => Err(format!("\"{name}\" function does not accept any options")),
    }
}

/// JavaScript's `Number(text)` for object keys: decimal numbers only, `None` for NaN.
pub(crate) fn js_number_of(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return Some(0.0);
    }
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok().map(|n| n as f64);
    }
    if t.bytes()
        .any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E')
    {
        return None;
    }
    t.parse::<f64>().ok()
}

/// Test support: run one function over the matches of a `given` path in a small spec.
#[cfg(test)]
pub(crate) mod testing {
    use crate::format::FormatSet;
    use crate::function::{Cache, Ctx, FunctionRegistry, Options, Target};
    use crate::ruleset::{Rule, Severity};
    use crate::view::Document;
    use specwright_document::{LoadOptions, Spec};
    use std::path::Path;

    fn registry() -> FunctionRegistry {
        let mut reg = FunctionRegistry::with_core();
        super::register(&mut reg);
        reg
    }

    /// (dotted path, message) of each result of `function` on every match of `given`
    /// (then `field`, a plain member name), in the resolved view.
    pub fn run(
        spec_text: &str,
        given: &str,
        field: Option<&str>,
        function: &str,
        options: Option<serde_json::Value>,
    ) -> Vec<(String, String)> {
        run_view(spec_text, given, field, function, options, true)
    }

    /// [`run`] in the resolved view or the document as written (`resolved: false` rules).
    pub fn run_view(
        spec_text: &str,
        given: &str,
        field: Option<&str>,
        function: &str,
        options: Option<serde_json::Value>,
        resolved: bool,
    ) -> Vec<(String, String)> {
        let spec = Spec::from_text(
            Path::new("/tmp/oas-fn-test.yaml"),
            spec_text,
            &LoadOptions::default(),
        )
        .expect("test spec loads");
        let doc = Document::new(&spec);
        let reg = registry();
        let f = reg.get(function).expect("function registered").clone();
        let opts = Options::new(f.as_ref(), options.unwrap_or(serde_json::Value::Null))
            .expect("valid options");
        let rule = Rule {
            name: "test".into(),
            description: None,
            message: None,
            severity: Severity::Warn,
            enabled: true,
            recommended: true,
            formats: None::<FormatSet>,
            given: vec![given.into()],
            then: Vec::new(),
            resolved,
            documentation_url: None,
            defined_in: "test".into(),
            base_dir: None,
        };
        let mut cache = Default::default();
        let root = doc.root(resolved);
        let path = crate::jsonpath::parse(given).expect("given parses");
        let mut out = Vec::new();
        for (p, v) in crate::jsonpath::eval::eval(&path, root, root) {
            let (mut p, v) = (p, v);
            let v = match field {
                Some(f) => {
                    p.push(crate::view::Seg::Key(f));
                    v.get(f)
                }
                None => v,
            };
            let target = Target { value: v, path: &p };
            let mut ctx = Ctx {
                doc: &doc,
                rule: &rule,
                resolved,
                registry: &reg,
                cache: &mut cache,
            };
            for r in f.call(&target, &opts, &mut ctx) {
                let path = r.path.unwrap_or_else(|| target.path_strings());
                out.push((path.join("."), r.message));
            }
        }
        let _: &Cache = &cache;
        out
    }
}
