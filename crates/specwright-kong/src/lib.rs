//! OpenAPI to Kong declarative config (decK `_format_version: "3.0"`), conformant with
//! `deck file openapi2kong` (go-apiops v0.4.2) and going beyond it.
//!
//! Where each rule lives:
//! - [`names`]: slugs (decK and inso modes) and UUIDv5 ids;
//! - [`servers`]: services and upstreams from `servers`;
//! - [`routes`]: regex paths, `regex_priority`, header-enum routes;
//! - [`plugins`]: `x-kong-*` objects, `x-kong-plugin-<name>`, consumer-bound plugins;
//! - [`validator`]: request-validator generation;
//! - [`security`]: OpenID Connect (decK) and key-auth / basic-auth / jwt (`--security-plugins`);
//! - [`circular`]: decK's refusal of infinite `$ref` loops;
//! - [`convert`]: the document / path / operation walk tying them together;
//! - [`working`]: the document it walks, without the parts translation never reads;
//! - [`kong_schema`]: a structural check of the output against Kong's entity schemas;
//! - [`sourcemap`]: each generated entity back to the spec range that produced it.
//!
//! Beyond decK:
//! - **Swagger 2.0** input is converted to OpenAPI 3.0 internally (decK rejects it since
//!   v1.39.4, deck#1414); 3.1 is read as is, like decK.
//! - **External `$ref`s** (other files) are inlined through the document layer's bundler
//!   (decK reads none, deck#1546).
//! - **`security_plugins`**: apiKey, http basic and http bearer JWT map to Kong plugins.
//! - **Validation**: the output is checked against [`kong_schema`], so a broken extension
//!   fails here, with the spec location, instead of at sync time.
//! - Errors carry decK's message texts plus file, line and column.
//!
//! ```
//! use specwright_kong::{translate_text, Options};
//! let spec = "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\nservers: [{url: 'https://pets.example.com/v1'}]\npaths:\n  /pets:\n    get: {operationId: listPets, responses: {'200': {description: ok}}}\n";
//! let t = translate_text("pets.yaml".as_ref(), spec, &Default::default(), &Options::default()).unwrap();
//! assert_eq!(t.config["services"][0]["routes"][0]["name"], "pets_listpets");
//! assert_eq!(t.config["services"][0]["path"], "/v1");
//! ```

pub mod circular;
pub mod convert;
pub mod entity;
pub mod error;
pub mod gojson;
pub mod input;
pub mod kong_schema;
pub mod names;
pub mod options;
pub mod plugins;
pub mod routes;
pub mod security;
pub mod servers;
pub mod sourcemap;
pub mod validator;
pub mod working;

pub use error::TranslateError;
pub use input::SourceSpan;
pub use options::Options;
pub use sourcemap::{EntityKind, EntitySource};

use input::Input;
use serde_json::Value;
use specwright_document::{LoadOptions, Spec};
use std::path::Path;

/// A translated spec: the decK config, where each of its entities came from, and the
/// structural warnings (fields Kong would reject but decK passes through).
#[derive(Clone, Debug)]
pub struct Translation {
    pub config: Value,
    pub sources: Vec<EntitySource>,
    pub warnings: Vec<TranslateError>,
}

/// Translates a loaded spec. A config that breaks Kong's entity schema (a wrong type, a bad
/// enum value, a missing required field) is an error placed at the spec range of the entity
/// it comes from; unknown fields come back as warnings.
pub fn translate(spec: &Spec, opts: &Options) -> Result<Translation, TranslateError> {
    translate_with(spec, opts, true)
}

/// [`translate`] for a caller that only writes the config out (the CLI): `sources` comes
/// back empty. Placing every entity in the spec was about 4% of translating Stripe.
pub fn translate_config(spec: &Spec, opts: &Options) -> Result<Translation, TranslateError> {
    translate_with(spec, opts, false)
}

fn translate_with(
    spec: &Spec,
    opts: &Options,
    want_sources: bool,
) -> Result<Translation, TranslateError> {
    let input = Input::from_spec(spec)?;
    if !opts.ignore_circular_refs {
        input.check_circular()?;
    }
    let converted = convert::convert(&input.doc, opts).map_err(|e| input.place(e))?;
    // Bodies are left out only when no plugin key names a request validator.
    debug_assert!(!(converted.read_bodies && input.bodies_left_out()));
    let mut config = converted.config;
    let origins = sourcemap::take_origins(&mut config);
    sourcemap::sort_keys(&mut config);
    let violations = kong_schema::validate(&config);
    // A violation is reported at its entity's range, so it needs them too.
    let sources = if want_sources || !violations.is_empty() {
        origins.place(&input)
    } else {
        Vec::new()
    };
    // Freeing Stripe's working copy node by node was about a tenth of a translation.
    specwright_document::drop_large(input.doc, spec.text_bytes());
    let mut warnings = Vec::new();
    for v in violations {
        let err = schema_error(spec, &sources, &v);
        match v.severity {
            kong_schema::Severity::Error => return Err(err),
            kong_schema::Severity::Warning => warnings.push(err),
        }
    }
    Ok(Translation {
        config,
        sources: if want_sources { sources } else { Vec::new() },
        warnings,
    })
}

/// A schema violation placed at the spec range of the innermost entity holding it.
fn schema_error(
    spec: &Spec,
    sources: &[EntitySource],
    v: &kong_schema::Violation,
) -> TranslateError {
    let owner = sources
        .iter()
        .filter(|s| v.pointer == s.entity || v.pointer.starts_with(&format!("{}/", s.entity)))
        .max_by_key(|s| s.entity.len());
    let mut err = TranslateError::new(format!(
        "generated config is not valid Kong declarative config: {}: {}",
        v.pointer, v.message
    ));
    if let Some(o) = owner {
        if let Some(f) = spec.files.iter().find(|f| f.name == o.source.file) {
            err.file = Some(f.name.clone());
            err.position = Some(o.source.range.start);
            err.pointer = Some(o.source.pointer.clone());
            err.excerpt = Some(specwright_document::error::excerpt(
                &f.text,
                &f.lines,
                o.source.range.start,
            ));
        }
    }
    err
}

/// The studio's entry point: an editor buffer in, config and source map out. `path` names
/// the buffer and anchors relative `$ref`s.
pub fn translate_text(
    path: &Path,
    text: &str,
    load: &LoadOptions,
    opts: &Options,
) -> Result<Translation, TranslateError> {
    let spec = Spec::from_text(path, text, load)?;
    translate(&spec, opts)
}

/// Output formats of the config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
    JsonCompact,
}

/// The config as text, keys in decK's (sorted) order.
pub fn render(config: &Value, format: Format) -> String {
    match format {
        Format::Yaml => serde_yaml_ng::to_string(config)
            .unwrap_or_else(|e| format!("# cannot render YAML: {e}\n")),
        Format::Json => {
            serde_json::to_string_pretty(config).expect("a JSON value serialises") + "\n"
        }
        Format::JsonCompact => {
            serde_json::to_string(config).expect("a JSON value serialises") + "\n"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Spec {
        Spec::from_text(Path::new("api.yaml"), text, &LoadOptions::default()).unwrap()
    }

    const SPEC: &str = "openapi: 3.0.3
info: {title: Shop, version: '1'}
servers: [{url: 'https://shop.example/v1'}]
x-kong-plugin-cors: {config: {origins: ['*']}}
paths:
  /items/{id}:
    get:
      x-kong-plugin-rate-limiting: {config: {minute: 5}}
      responses: {'200': {description: ok}}
";

    #[test]
    fn config_only_translation_gives_the_same_config_without_sources() {
        let s = spec(SPEC);
        let full = translate(&s, &Options::default()).unwrap();
        let only = translate_config(&s, &Options::default()).unwrap();
        assert_eq!(only.config, full.config);
        assert_eq!(only.warnings.len(), full.warnings.len());
        assert!(only.sources.is_empty());
        // The service, its route and the two plugins (one server: no upstream).
        assert_eq!(full.sources.len(), 4, "{:?}", full.sources);
        assert!(
            !render(&only.config, Format::JsonCompact).contains(entity::ORIGIN),
            "origin markers are taken out either way"
        );
    }

    #[test]
    fn config_only_translation_still_places_a_schema_error() {
        // `retries` must be an integer: the error points at the service's source range.
        let s = spec(&SPEC.replace(
            "x-kong-plugin-cors",
            "x-kong-service-defaults: {retries: many}\nx-kong-plugin-cors",
        ));
        let full = translate(&s, &Options::default()).unwrap_err();
        let only = translate_config(&s, &Options::default()).unwrap_err();
        assert!(
            only.message.contains("/services/0/retries"),
            "{}",
            only.message
        );
        assert_eq!(only.file.as_deref(), Some("api.yaml"));
        assert!(only.position.is_some());
        assert_eq!(only.to_string(), full.to_string());
    }
}
