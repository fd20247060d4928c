//! Document formats, detected with Spectral's predicates (`spectral-formats`), so a rule's
//! `formats` list selects the same documents it does in Spectral.

use specwright_document::{Node, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Oas2,
    Oas3,
    Oas3_0,
    Oas3_1,
    Oas3_2,
    JsonSchema,
    JsonSchemaLoose,
    JsonSchemaDraft4,
    JsonSchemaDraft6,
    JsonSchemaDraft7,
    JsonSchemaDraft2019_09,
    JsonSchemaDraft2020_12,
}

impl Format {
    pub const ALL: [Format; 12] = [
        Format::Oas2,
        Format::Oas3,
        Format::Oas3_0,
        Format::Oas3_1,
        Format::Oas3_2,
        Format::JsonSchema,
        Format::JsonSchemaLoose,
        Format::JsonSchemaDraft4,
        Format::JsonSchemaDraft6,
        Format::JsonSchemaDraft7,
        Format::JsonSchemaDraft2019_09,
        Format::JsonSchemaDraft2020_12,
    ];

    /// The name a ruleset uses for this format.
    pub fn name(self) -> &'static str {
        match self {
            Format::Oas2 => "oas2",
            Format::Oas3 => "oas3",
            Format::Oas3_0 => "oas3_0",
            Format::Oas3_1 => "oas3_1",
            Format::Oas3_2 => "oas3_2",
            Format::JsonSchema => "json-schema",
            Format::JsonSchemaLoose => "json-schema-loose",
            Format::JsonSchemaDraft4 => "json-schema-draft4",
            Format::JsonSchemaDraft6 => "json-schema-draft6",
            Format::JsonSchemaDraft7 => "json-schema-draft7",
            Format::JsonSchemaDraft2019_09 => "json-schema-2019-09",
            Format::JsonSchemaDraft2020_12 => "json-schema-2020-12",
        }
    }

    /// The name Spectral shows for this format (in `unrecognized-format`).
    pub fn display_name(self) -> &'static str {
        match self {
            Format::Oas2 => "OpenAPI 2.0 (Swagger)",
            Format::Oas3 => "OpenAPI 3.x",
            Format::Oas3_0 => "OpenAPI 3.0.x",
            Format::Oas3_1 => "OpenAPI 3.1.x",
            Format::Oas3_2 => "OpenAPI 3.2.x",
            Format::JsonSchema => "JSON Schema",
            Format::JsonSchemaLoose => "JSON Schema (loose)",
            Format::JsonSchemaDraft4 => "JSON Schema Draft 4",
            Format::JsonSchemaDraft6 => "JSON Schema Draft 6",
            Format::JsonSchemaDraft7 => "JSON Schema Draft 7",
            Format::JsonSchemaDraft2019_09 => "JSON Schema Draft 2019-09",
            Format::JsonSchemaDraft2020_12 => "JSON Schema Draft 2020-12",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of formats (a document may match several: an OAS 3.0 document is `oas3` and `oas3_0`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FormatSet(u32);

impl FormatSet {
    pub fn insert(&mut self, f: Format) {
        self.0 |= f.bit();
    }

    pub fn contains(self, f: Format) -> bool {
        self.0 & f.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn intersects(self, other: FormatSet) -> bool {
        self.0 & other.0 != 0
    }

    pub fn intersection(self, other: FormatSet) -> FormatSet {
        FormatSet(self.0 & other.0)
    }

    pub fn iter(self) -> impl Iterator<Item = Format> {
        Format::ALL.into_iter().filter(move |f| self.contains(*f))
    }

    /// The formats a document's root matches, by Spectral's predicates.
    pub fn detect(root: &Node) -> FormatSet {
        let mut set = FormatSet::default();
        let Some(obj) = root.as_object() else {
            return set;
        };
        // Spectral tests `String(value)`: a YAML number prints as JavaScript prints it, so
        // `openapi: 3.0` is "3" and matches no minor version.
        let text = |n: &Node| match &n.value {
            Value::String(s) => Some(s.to_string()),
            Value::Number(n) => Some(crate::oas::util::js_number(n)),
            _ => None,
        };
        // oas2: `swagger` parses to 2 (parseFloat, so "2.0" and 2 both count).
        if let Some(v) = obj.get("swagger").and_then(text) {
            if parse_float_prefix(&v) == Some(2.0) {
                set.insert(Format::Oas2);
            }
        }
        if let Some(v) = obj.get("openapi").and_then(text) {
            if parse_float_prefix(&v).map(f64::trunc) == Some(3.0) {
                set.insert(Format::Oas3);
            }
            for (minor, f) in [
                ("0", Format::Oas3_0),
                ("1", Format::Oas3_1),
                ("2", Format::Oas3_2),
            ] {
                if is_minor(&v, minor) {
                    set.insert(f);
                }
            }
        }
        // JSON Schema: `$schema` naming a known draft; loose: looks like a schema.
        if let Some(s) = obj.get("$schema").and_then(Node::as_str) {
            let s = s.trim_end_matches('#');
            let draft = [
                ("draft-04/schema", Format::JsonSchemaDraft4),
                ("draft-06/schema", Format::JsonSchemaDraft6),
                ("draft-07/schema", Format::JsonSchemaDraft7),
                ("draft/2019-09/schema", Format::JsonSchemaDraft2019_09),
                ("draft/2020-12/schema", Format::JsonSchemaDraft2020_12),
            ];
            if s.starts_with("http://json-schema.org/") || s.starts_with("https://json-schema.org/")
            {
                set.insert(Format::JsonSchema);
                for (suffix, f) in draft {
                    if s.ends_with(suffix) {
                        set.insert(f);
                    }
                }
            }
        }
        let looks_like_schema = obj.get("type").is_some_and(|t| {
            t.as_str().is_some_and(is_json_type)
                || t.as_array()
                    .is_some_and(|a| a.iter().all(|x| x.as_str().is_some_and(is_json_type)))
        }) || ["allOf", "anyOf", "oneOf", "not"]
            .iter()
            .any(|k| obj.contains_key(k));
        if looks_like_schema || set.contains(Format::JsonSchema) {
            set.insert(Format::JsonSchemaLoose);
        }
        set
    }
}

fn is_json_type(s: &str) -> bool {
    matches!(
        s,
        "array" | "boolean" | "integer" | "null" | "number" | "object" | "string"
    )
}

/// `/^3\.N(?:\.[0-9]*)?$/`
fn is_minor(v: &str, minor: &str) -> bool {
    let Some(rest) = v.strip_prefix("3.").and_then(|r| r.strip_prefix(minor)) else {
        return false;
    };
    rest.is_empty()
        || rest
            .strip_prefix('.')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// JavaScript's `parseFloat`: the longest numeric prefix.
fn parse_float_prefix(s: &str) -> Option<f64> {
    let s = s.trim_start();
    let end = s
        .char_indices()
        .take_while(|(i, c)| {
            c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '-' || *c == '+'))
        })
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    let mut t = &s[..end];
    while !t.is_empty() && t.parse::<f64>().is_err() {
        t = &t[..t.len() - 1];
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use specwright_document::parse::{parse_text, ParseLimits};
    use specwright_document::LineIndex;

    fn formats(text: &str) -> Vec<&'static str> {
        let idx = LineIndex::new(text);
        let root = parse_text("t.yaml", text, &idx, &ParseLimits::default())
            .unwrap()
            .root;
        FormatSet::detect(&root).iter().map(Format::name).collect()
    }

    #[test]
    fn detects_openapi_versions_like_spectral() {
        assert_eq!(formats("swagger: '2.0'"), ["oas2"]);
        assert_eq!(formats("openapi: 3.0.3"), ["oas3", "oas3_0"]);
        assert_eq!(formats("openapi: 3.1.0"), ["oas3", "oas3_1"]);
        assert_eq!(formats("openapi: '3.1'"), ["oas3", "oas3_1"]);
        assert_eq!(formats("openapi: 3.1.x"), ["oas3"]);
        // A number: String(3.0) is "3" to Spectral, String(3.1) is "3.1".
        assert_eq!(formats("openapi: 3.0"), ["oas3"]);
        assert_eq!(formats("openapi: 3.1"), ["oas3", "oas3_1"]);
        assert_eq!(formats("swagger: 2.0"), ["oas2"]);
        assert!(formats("info: {}").is_empty());
        assert_eq!(
            formats("$schema: http://json-schema.org/draft-07/schema#\ntype: object"),
            ["json-schema", "json-schema-loose", "json-schema-draft7"]
        );
    }
}
