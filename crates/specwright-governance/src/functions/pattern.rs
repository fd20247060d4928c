//! `pattern`: ECMAScript regexes (via `regress`, so lookaround and backreferences work as
//! in Spectral); options `match` and/or `notMatch`, each a pattern or a `/re/flags` string.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use std::any::Any;

pub struct Pattern;

struct Compiled {
    matches: Option<(String, regress::Regex)>,
    not_match: Option<(String, regress::Regex)>,
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
        let get = |k: &str| -> Result<Option<(String, regress::Regex)>, String> {
            match options.get(k).and_then(|v| v.as_str()) {
                Some(s) => Ok(Some((s.to_string(), compile(s)?))),
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
            if re.find(s).is_none() {
                out.push(FunctionResult::new(format!(
                    "\"{s}\" must match the pattern \"{text}\""
                )));
            }
        }
        if let Some((text, re)) = &c.not_match {
            if re.find(s).is_some() {
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
}
