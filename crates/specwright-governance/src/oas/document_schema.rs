//! `oasDocumentSchema`: the whole document against the official OpenAPI 2.0 / 3.0 / 3.1 JSON
//! Schema (Spectral's edition), with every error reported (AJV `allErrors`) and worded as
//! Spectral words them (`"description" property must be string`).

use super::ajv::{AjvError, Draft, Instance, Params, Validator};
use super::schema_fn::{best_match, registry};
use crate::format::{Format, FormatSet};
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use serde_json::Value;
use specwright_document::Node;
use std::sync::mpsc::Receiver;

pub struct OasDocumentSchema;

/// Cache key holding `true` when the lint remembers subtrees for the next one
/// ([`crate::Linter::remembering`]).
pub const REMEMBER_SUBTREES: &str = "oas.remember-subtrees";

/// Cache key holding the channel on which the entry tree's check made while the spec
/// loaded ([`check_entry_tree`]) sends its findings; the check at the spec's root takes
/// them instead of validating.
pub(crate) const PRECHECKED: &str = "oas.document-schema-prechecked";

const OAS2: &str = "http://swagger.io/v2/schema.json";
const OAS30: &str = "https://spec.openapis.org/oas/3.0/schema/2019-04-02";
const OAS31: &str = "https://spec.openapis.org/oas/3.1/schema/2021-09-28";
const OAS32: &str = "https://spec.openapis.org/oas/3.2/schema/2025-11-23";

fn clean(prop: Option<&str>, message: &str) -> String {
    let m = message.replace(['\'', '"'], "\"").replace("NOT", "not");
    match prop {
        Some(p) => format!("\"{p}\" property {m}"),
        None => m,
    }
}

fn value_at<'a, T: Instance>(data: &'a T, path: &[String]) -> Option<&'a T> {
    let mut cur = data;
    for p in path {
        cur = match cur.as_array() {
            Some(a) => a.get(p.parse::<usize>().ok()?)?,
            None => cur.member(p)?.1,
        };
    }
    Some(cur)
}

/// Spectral's `processError`: one result per relevant AJV error.
pub fn process<T: Instance>(errors: Vec<AjvError>, input: &T) -> Vec<FunctionResult> {
    let mut out = Vec::new();
    for e in errors {
        if e.keyword == "if" {
            continue;
        }
        let mut path = e.instance_path.clone();
        // Spectral names the property by the last segment of AJV's instance path, a JSON
        // pointer, so with `/` and `~` escaped ("~1pets" property).
        let prop = path
            .last()
            .map(|p| specwright_document::pointer::escape_segment(p));
        let message = match (&e.params, e.keyword) {
            (Params::AdditionalProperty(p), "additionalProperties") => {
                path.push(p.clone());
                format!("Property \"{p}\" is not expected to be here")
            }
            (Params::AllowedValues(allowed), "enum") => {
                let printed = allowed
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                let suggestion = match value_at(input, &e.instance_path).and_then(T::as_str) {
                    Some(s) if input.is_object() => best_match(s, allowed)
                        .map(|b| format!(". Did you mean \"{b}\"?"))
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                format!(
                    "{}: {printed}{suggestion}",
                    clean(prop.as_deref(), &e.message)
                )
            }
            (_, "errorMessage") => e.message.clone(),
            _ => clean(prop.as_deref(), &e.message),
        };
        out.push(FunctionResult::at(message, path));
    }
    out
}

/// The schema a document in these formats is checked against, in Spectral's order (3.2
/// before 3.1).
fn schema_id(f: FormatSet) -> Option<&'static str> {
    if f.contains(Format::Oas2) {
        Some(OAS2)
    } else if f.contains(Format::Oas3_2) {
        Some(OAS32)
    } else if f.contains(Format::Oas3_1) {
        Some(OAS31)
    } else if f.contains(Format::Oas3) {
        Some(OAS30)
    } else {
        None
    }
}

fn is_draft_2020(id: &str) -> bool {
    id == OAS31 || id == OAS32
}

/// What [`OasDocumentSchema`] finds at the root of a spec whose entry file's tree is
/// `root`, as written, with the document's `formats`, when a lint does not remember
/// subtrees; `None` when no schema applies to its formats.
pub(crate) fn check_entry_tree(root: &Node, formats: FormatSet) -> Option<Vec<FunctionResult>> {
    let (schema, v) = validator_for(formats)?;
    Some(match v.validate_instance(schema, root) {
        Ok(errors) => process(errors, root),
        Err(_) => Vec::new(),
    })
}

/// The schema a document in these formats is checked against, with a validator for it
/// that does not remember subtrees; `None` when no schema applies.
fn validator_for(formats: FormatSet) -> Option<(&'static Value, Validator<'static>)> {
    let id = schema_id(formats)?;
    let reg = registry();
    let schema = reg.by_id.get(id)?;
    let mut v = Validator::new(Draft::Draft2020, true, Some(reg));
    // Only the 3.1 and 3.2 schemas use `unevaluatedProperties`.
    v.track = is_draft_2020(id);
    Some((schema, v))
}

/// The function's name in rulesets.
pub(crate) const NAME: &str = "oasDocumentSchema";

impl RuleFunction for OasDocumentSchema {
    fn name(&self) -> &'static str {
        NAME
    }

    fn check_options(&self, options: &Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    /// Parses the bundled schemas when the ruleset loads, which the CLI does beside the
    /// first spec's load, rather than in the first lint (about 23M instructions).
    fn prepare(
        &self,
        _options: &Value,
    ) -> Result<Option<Box<dyn std::any::Any + Send + Sync>>, String> {
        registry();
        Ok(None)
    }

    fn call(&self, target: &Target<'_>, _: &Options, ctx: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let Some((schema, mut v)) = validator_for(ctx.doc.formats) else {
            return Vec::new();
        };
        // Re-lints validate again only the subtrees an edit changed (see `ajv_memo`); the
        // 3.1 and 3.2 schemas' `$dynamicRef` and `unevaluatedProperties` (which `track`
        // serves) rule it out there.
        v.remember_subtrees =
            !v.track && *ctx.cache.get_or_insert_with(REMEMBER_SUBTREES, || false);
        // A value as written is checked in place; the resolved view's, with its references
        // expanded, is JSON built for the check.
        if let Some(n) = target.value.node_ref().filter(|n| !n.resolved) {
            let at_root = std::ptr::eq(n.node, &*ctx.doc.spec.root().root);
            if at_root && !v.remember_subtrees {
                let early = ctx.cache.take::<Receiver<Vec<FunctionResult>>>(PRECHECKED);
                // Nothing comes when the early check was not made, or failed.
                if let Some(found) = early.and_then(|early| early.recv().ok()) {
                    return found;
                }
            }
            return match v.validate_instance(schema, n.node) {
                Ok(errors) => process(errors, n.node),
                Err(_) => Vec::new(),
            };
        }
        let input = target.value.to_json();
        let found = match v.validate(schema, &input) {
            Ok(errors) => process(errors, &input),
            Err(_) => Vec::new(),
        };
        // Freeing a large spec's copy node by node is not work the lint should wait for.
        specwright_document::drop_large(input, ctx.doc.spec.root().text.len());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oas::testing::run;
    use specwright_document::{LoadOptions, Spec};
    use std::path::Path;

    /// The document's tree checked in place gives exactly the errors, in the same order,
    /// that its JSON copy gives, against each edition's schema.
    fn assert_in_place_equals_json(spec: &Spec) {
        let node: &Node = &spec.root().root;
        let json = crate::view::plain_json(node);
        for id in [OAS2, OAS30, OAS31, OAS32] {
            let schema = &registry().by_id[id];
            let v = Validator::new(Draft::Draft2020, true, Some(registry()));
            let in_place = v.validate_instance(schema, node);
            let copied = v.validate(schema, &json);
            assert_eq!(in_place, copied, "{id} on {}", spec.root().name);
            if let Ok(errors) = in_place {
                let a: Vec<_> = process(errors.clone(), node)
                    .into_iter()
                    .map(|r| (r.path, r.message))
                    .collect();
                let b: Vec<_> = process(errors, &json)
                    .into_iter()
                    .map(|r| (r.path, r.message))
                    .collect();
                assert_eq!(a, b, "{id} on {}", spec.root().name);
            }
        }
    }

    #[test]
    fn the_tree_in_place_is_checked_like_its_json_copy() {
        let docs = [
            // Types, enums (with a suggestion), extra and missing properties, oneOf.
            "openapi: 3.0.3\ninfo: {title: 1, version: '1', x-a: [1, 2]}\nservers: [{url: 3}]\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: qeury, schema: {type: string}}\n        - {name: p, in: path, required: false}\n      responses:\n        '200': {description: ok, content: {a/b: {schema: {type: [string]}}}}\n        '1': {descripton: x}\n      bogus: true\ncomponents:\n  schemas:\n    A: {type: object, required: [a, a], enum: [1, 1], additionalProperties: 3}\n",
            // Swagger 2.0: uniqueItems, patterned fields, numbers.
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\nschemes: [http, http]\nconsumes: [a/b, a/b]\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, type: integer, maximum: x, collectionFormat: tsv}\n      responses: {default: {description: d}, 99: {description: n}}\n",
            // 3.1: unevaluatedProperties, webhooks, const-like checks, $ref siblings.
            "openapi: 3.1.0\ninfo: {title: t, version: '1', license: {name: n, identifier: MIT, url: u}}\njsonSchemaDialect: 5\nwebhooks:\n  w: {post: {responses: {'200': {description: ok}}}, extra: 1}\npaths:\n  /a: {$ref: '#/x', summary: s, nope: 1}\n",
            // Nothing wrong.
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        ];
        for (i, text) in docs.iter().enumerate() {
            let name = format!("/tmp/in-place-{i}.yaml");
            let spec =
                Spec::from_text(Path::new(&name), text, &LoadOptions::default()).expect("loads");
            assert_in_place_equals_json(&spec);
        }
    }

    /// The same on every spec of the shared corpus, when it is present.
    #[test]
    fn corpus_trees_in_place_are_checked_like_their_json_copies() {
        let shared = std::env::var_os("SPECWRIGHT_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        let Ok(entries) = std::fs::read_dir(shared.join("corpus/specs")) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "yaml" || x == "json") {
                let spec = Spec::load(&p, &LoadOptions::default()).expect("corpus spec loads");
                assert_in_place_equals_json(&spec);
            }
        }
    }

    #[test]
    fn structure_errors_like_spectral() {
        let spec = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\ntags:\n  - name: a\n    description: {$ref: 'x'}\npaths:\n  /a:\n    get:\n      $ref: 'y.yaml'\n";
        let found = run(spec, "$", None, "oasDocumentSchema", None);
        let got: Vec<_> = found.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
        assert!(
            got.contains(&(
                "tags.0.description",
                "\"description\" property must be string"
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                "paths./a.get",
                "\"get\" property must have required property \"responses\""
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                "paths./a.get.$ref",
                "Property \"$ref\" is not expected to be here"
            )),
            "{got:?}"
        );
        let ok = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n";
        assert!(run(ok, "$", None, "oasDocumentSchema", None).is_empty());
    }

    /// 3.2 documents are checked against Spectral's 3.2 schema, not 3.1's (which refuses
    /// `openapi: 3.2.0` and the tags' `summary`, `parent` and `kind`).
    #[test]
    fn oas32_documents_use_the_32_schema() {
        let ok = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\ntags:\n  - name: a\n    summary: A\n  - name: b\n    parent: a\n    kind: nav\npaths: {}\n";
        let found = run(ok, "$", None, "oasDocumentSchema", None);
        assert!(found.is_empty(), "{found:?}");
        let bad = "openapi: 3.2.0\ninfo: {version: '1'}\ntags:\n  - name: a\n    colour: red\npaths: {}\n";
        let got = run(bad, "$", None, "oasDocumentSchema", None);
        let got: Vec<_> = got.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
        assert!(
            got.contains(&(
                "info",
                "\"info\" property must have required property \"title\""
            )),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|(p, m)| *p == "tags.0" && m.contains("unevaluated")),
            "{got:?}"
        );
    }
}
