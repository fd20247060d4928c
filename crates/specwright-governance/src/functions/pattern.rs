//! `pattern`: ECMAScript regexes (via `regress`, so lookaround and backreferences work as
//! in Spectral); options `match` and/or `notMatch`, each a pattern or a `/re/flags` string.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use std::any::Any;

pub struct Pattern;

struct Compiled {
    matches: Option<(String, Search)>,
    not_match: Option<(String, Search)>,
}

/// A compiled pattern; a plain string without flags is searched as a substring
/// (`notMatch: eval\(` runs on every description of a spec: megabytes of text in a large
/// one, where memchr's vectorised search is several times `str::contains`).
enum Search {
    Literal(memchr::memmem::Finder<'static>),
    Regex(regress::Regex),
}

impl Search {
    fn new(text: &str) -> Result<Search, String> {
        let re = compile(text)?;
        Ok(match literal(text) {
            Some(l) => Search::Literal(memchr::memmem::Finder::new(&l).into_owned()),
            None => Search::Regex(re),
        })
    }

    fn found(&self, s: &str) -> bool {
        match self {
            Search::Literal(l) => l.find(s.as_bytes()).is_some(),
            Search::Regex(re) => re.find(s).is_some(),
        }
    }
}

/// The string an ASCII regex without flags matches exactly, when it is one: no
/// metacharacter except escaped punctuation (`eval\(`, `<script`).
pub(crate) fn literal(text: &str) -> Option<String> {
    if text.starts_with('/') || text.is_empty() || !text.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e) if "^$\\.*+?()[]{}|/-".contains(e) => out.push(e),
                _ => return None,
            },
            '^' | '$' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' => {
                return None
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// Compiles `re` or `/re/flags` the way Spectral's pattern cache does.
pub(crate) fn compile(text: &str) -> Result<regress::Regex, String> {
    let (src, flags) = match text
        .strip_prefix('/')
        .and_then(|r| r.rfind('/').map(|i| (&r[..i], &r[i + 1..])))
    {
        Some((s, f)) if f.chars().all(|c| "gimsuy".contains(c)) => (s, f),
        _ => (text, ""),
    };
    regress::Regex::with_flags(src, flags).map_err(|e| format!("invalid regex `{text}`: {e}"))
}

impl RuleFunction for Pattern {
    fn name(&self) -> &'static str {
        "pattern"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        let o = options.as_object().ok_or(
            "\"pattern\" function has invalid options specified (needs `match` or `notMatch`)",
        )?;
        if !o.contains_key("match") && !o.contains_key("notMatch") {
            return Err("\"pattern\" function needs at least one of `match` or `notMatch`".into());
        }
        for (k, v) in o {
            if k != "match" && k != "notMatch" {
                return Err(format!(
                    "\"pattern\" function does not support option `{k}`"
                ));
            }
            let s = v.as_str().ok_or(format!("`{k}` must be a string"))?;
            compile(s)?;
        }
        Ok(())
    }
    fn prepare(
        &self,
        options: &serde_json::Value,
    ) -> Result<Option<Box<dyn Any + Send + Sync>>, String> {
        let get = |k: &str| -> Result<Option<(String, Search)>, String> {
            match options.get(k).and_then(|v| v.as_str()) {
                Some(s) => Ok(Some((s.to_string(), Search::new(s)?))),
                None => Ok(None),
            }
        };
        Ok(Some(Box::new(Compiled {
            matches: get("match")?,
            not_match: get("notMatch")?,
        })))
    }
    fn call(&self, t: &Target<'_>, options: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let Some(s) = t.value.as_str() else {
            return vec![];
        };
        let Some(c) = options.prepared::<Compiled>() else {
            return vec![];
        };
        let mut out = Vec::new();
        if let Some((text, re)) = &c.matches {
            if !re.found(s) {
                out.push(FunctionResult::new(format!(
                    "\"{s}\" must match the pattern \"{text}\""
                )));
            }
        }
        if let Some((text, re)) = &c.not_match {
            if re.found(s) {
                out.push(FunctionResult::new(format!(
                    "\"{s}\" must not match the pattern \"{text}\""
                )));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecmascript_regexes_and_flag_form() {
        assert!(compile("^(?!x-)[a-z]+$").unwrap().find("abc").is_some());
        assert!(compile("/^ABC$/i").unwrap().find("abc").is_some());
        assert!(compile("(a)\\1").unwrap().find("aa").is_some());
        assert!(compile("[").is_err());
        assert!(Pattern.check_options(&serde_json::json!({})).is_err());
        assert!(Pattern
            .check_options(&serde_json::json!({"match": "a", "x": 1}))
            .is_err());
        assert!(Pattern
            .check_options(&serde_json::json!({"notMatch": "eval\\("}))
            .is_ok());
    }

    /// Plain patterns are searched as substrings, and find what the regex finds.
    #[test]
    fn literal_patterns_search_like_the_regex() {
        assert_eq!(literal("eval\\("), Some("eval(".into()));
        assert_eq!(literal("<script"), Some("<script".into()));
        for re in [
            "a.b", "^x", "x$", "a|b", "\\d", "/x/i", "a{2}", "[a]", "é", "",
        ] {
            assert_eq!(literal(re), None, "{re}");
        }
        let texts = [
            "",
            "eval",
            "x = eval(1)",
            "EVAL(",
            "<script>",
            "<SCRIPT",
            "a/b-c",
        ];
        for p in ["eval\\(", "<script", "\\/b\\-", "c"] {
            let (fast, re) = (Search::new(p).unwrap(), compile(p).unwrap());
            assert!(matches!(fast, Search::Literal(_)), "{p}");
            for t in texts {
                assert_eq!(fast.found(t), re.find(t).is_some(), "{p} on {t}");
            }
        }
    }
}
