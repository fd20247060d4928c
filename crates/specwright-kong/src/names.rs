//! Entity names and ids: slugs as go-slugify makes them, and deterministic UUIDv5 ids.
//!
//! The slugifier is hand-written because the ids are UUIDv5 of the names, so any difference
//! from go-slugify's steps (transliterate, join words, replace, collapse, trim, lowercase)
//! changes every id. Transliteration uses `deunicode`, which derives from the same
//! Text::Unidecode tables as go-unidecode; rare characters may still differ.

use uuid::Uuid;

/// A slugifier configuration (go-slugify's `Slugifier`).
struct Slugifier {
    lower: bool,
    sep: char,
    invalid: char,
    /// Extra allowed characters besides ASCII letters and digits.
    extra_allowed: &'static [char],
}

impl Slugifier {
    fn slugify(&self, input: &str) -> String {
        let ascii = deunicode::deunicode(input);
        let joined = ascii
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(&self.sep.to_string());
        let mut out = String::with_capacity(joined.len());
        for c in joined.chars() {
            let ok = c.is_ascii_alphanumeric() || c == self.sep || self.extra_allowed.contains(&c);
            let c = if ok { c } else { self.invalid };
            // Collapse runs of separators into one.
            if c == self.sep && out.ends_with(self.sep) {
                continue;
            }
            out.push(c);
        }
        let trimmed = out.trim_matches(|c| c == self.sep || c == self.invalid);
        if self.lower {
            trimmed.to_ascii_lowercase()
        } else {
            trimmed.to_string()
        }
    }
}

const DECK: Slugifier = Slugifier {
    lower: true,
    sep: '-',
    invalid: '-',
    extra_allowed: &[],
};
const INSO: Slugifier = Slugifier {
    lower: false,
    sep: '_',
    invalid: '_',
    extra_allowed: &['-'],
};

/// A name slug: deck mode (`Simple API` -> `simple-api`) or inso mode (`Simple_API`).
pub fn slugify(inso: bool, name: &str) -> String {
    if inso {
        INSO.slugify(name)
    } else {
        DECK.slugify(name)
    }
}

/// A path parameter name made into a valid PCRE capture name (`-To_Do` -> `to_do`).
pub fn sanitize_regex_capture(name: &str, inso: bool) -> String {
    Slugifier {
        lower: !inso,
        sep: '_',
        invalid: '_',
        extra_allowed: &[],
    }
    .slugify(name)
}

/// The character joining name parts: `_` in deck mode, `-` in inso mode.
pub fn join_char(inso: bool) -> char {
    if inso {
        '-'
    } else {
        '_'
    }
}

/// UUIDv5 of a name string, as decK derives every entity id.
pub fn uuid5(namespace: &Uuid, name: &str) -> String {
    Uuid::new_v5(namespace, name.as_bytes()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deck_and_inso_slugs() {
        assert_eq!(slugify(false, "Simple API overview"), "simple-api-overview");
        assert_eq!(slugify(true, "Simple API overview"), "Simple_API_overview");
        assert_eq!(slugify(false, "/application/"), "application");
        assert_eq!(slugify(false, "/"), "");
        assert_eq!(slugify(true, "/"), "");
        assert_eq!(slugify(true, "/application"), "application");
        assert_eq!(slugify(false, "uses-doc-service"), "uses-doc-service");
        assert_eq!(slugify(true, "get-Batch"), "get-Batch");
        assert_eq!(slugify(false, "Café  Crème"), "cafe-creme");
    }

    #[test]
    fn capture_names() {
        assert_eq!(
            sanitize_regex_capture(" white space ", false),
            "white_space"
        );
        assert_eq!(sanitize_regex_capture("x*()_-+=x", false), "x_x");
        assert_eq!(sanitize_regex_capture("-To_Do", false), "to_do");
        assert_eq!(sanitize_regex_capture("-To_Do", true), "To_Do");
        assert_eq!(sanitize_regex_capture("path-id", false), "path_id");
    }

    #[test]
    fn ids_match_deck() {
        // From fixture 01: the service `simple-api-overview`.
        assert_eq!(
            uuid5(&Uuid::NAMESPACE_DNS, "simple-api-overview.service"),
            "0907c4ab-d9e4-5d21-813b-c57a97eeaad9"
        );
    }
}
