//! `casing`: flat, camel, pascal, kebab, cobol, snake, macro; `disallowDigits`;
//! `separator {char, allowLeading}` (Spectral's regex templates).

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use std::any::Any;

pub struct Casing;

const TYPES: [&str; 7] = [
    "flat", "camel", "pascal", "kebab", "cobol", "snake", "macro",
];

fn escape(c: char) -> String {
    if "\\^$.|?*+()[]{}/-".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// Builds Spectral's regex for a casing type and options.
fn build(kind: &str, digits: bool, sep: Option<(char, bool)>) -> Result<regress::Regex, String> {
    let d = if digits { "0-9" } else { "" };
    let base = match kind {
        "flat" => format!("[a-z][a-z{d}]*"),
        "camel" => format!("[a-z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*"),
        "pascal" => format!("[A-Z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*"),
        "kebab" => format!("[a-z][a-z{d}]*(?:-[a-z{d}]+)*"),
        "cobol" => format!("[A-Z][A-Z{d}]*(?:-[A-Z{d}]+)*"),
        "snake" => format!("[a-z][a-z{d}]*(?:_[a-z{d}]+)*"),
        "macro" => format!("[A-Z][A-Z{d}]*(?:_[A-Z{d}]+)*"),
        other => {
            return Err(format!(
                "unknown casing type `{other}` (one of {})",
                TYPES.join(", ")
            ))
        }
    };
    let pattern = match sep {
        None => format!("^{base}$"),
        Some((c, leading)) => {
            let s = escape(c);
            let lead = if leading {
                format!("{s}?")
            } else {
                String::new()
            };
            format!("^{lead}{base}(?:{s}{base})*$")
        }
    };
    regress::Regex::new(&pattern).map_err(|e| e.to_string())
}

impl RuleFunction for Casing {
    fn name(&self) -> &'static str {
        "casing"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        let o = options
            .as_object()
            .ok_or("\"casing\" function needs options with `type`")?;
        for k in o.keys() {
            if !["type", "disallowDigits", "separator"].contains(&k.as_str()) {
                return Err(format!("\"casing\" function does not support option `{k}`"));
            }
        }
        let kind = o
            .get("type")
            .and_then(|v| v.as_str())
            .ok_or("`type` is required")?;
        if !TYPES.contains(&kind) {
            return Err(format!("`type` must be one of {}", TYPES.join(", ")));
        }
        if let Some(d) = o.get("disallowDigits") {
            d.as_bool()
                .ok_or("`disallowDigits` must be true or false")?;
        }
        if let Some(s) = o.get("separator") {
            let c = s
                .get("char")
                .and_then(|c| c.as_str())
                .ok_or("`separator.char` is required")?;
            if c.chars().count() != 1 {
                return Err("`separator.char` must be one character".into());
            }
            if let Some(l) = s.get("allowLeading") {
                l.as_bool()
                    .ok_or("`separator.allowLeading` must be true or false")?;
            }
        }
        Ok(())
    }
    fn prepare(&self, o: &serde_json::Value) -> Result<Option<Box<dyn Any + Send + Sync>>, String> {
        let kind = o["type"].as_str().unwrap_or("flat");
        let digits = !o
            .get("disallowDigits")
            .and_then(|d| d.as_bool())
            .unwrap_or(false);
        let sep = o.get("separator").map(|s| {
            (
                s["char"]
                    .as_str()
                    .and_then(|c| c.chars().next())
                    .unwrap_or('-'),
                s.get("allowLeading")
                    .and_then(|l| l.as_bool())
                    .unwrap_or(false),
            )
        });
        Ok(Some(Box::new((
            kind.to_string(),
            build(kind, digits, sep)?,
        ))))
    }
    fn call(&self, t: &Target<'_>, options: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let Some(s) = t.value.as_str() else {
            return vec![];
        };
        // Spectral skips empty strings.
        if s.is_empty() {
            return vec![];
        }
        let Some((kind, re)) = options.prepared::<(String, regress::Regex)>() else {
            return vec![];
        };
        // Spectral lets the separator alone pass when it may lead.
        let separator = &options["separator"];
        if separator["allowLeading"] == true && separator["char"].as_str() == Some(s) {
            return vec![];
        }
        if re.find(s).is_some() {
            return vec![];
        }
        vec![FunctionResult::new(format!("must be {kind} case"))]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(kind: &str, digits: bool, sep: Option<(char, bool)>, s: &str) -> bool {
        build(kind, digits, sep).unwrap().find(s).is_some()
    }

    #[test]
    fn casing_types() {
        assert!(ok("camel", true, None, "getPet2Id"));
        assert!(!ok("camel", true, None, "GetPet"));
        assert!(!ok("camel", false, None, "pet2"));
        assert!(ok("pascal", true, None, "PetStore"));
        assert!(ok("kebab", true, None, "pet-store"));
        assert!(!ok("kebab", true, None, "pet_store"));
        assert!(ok("cobol", true, None, "PET-STORE"));
        assert!(ok("snake", true, None, "pet_store"));
        assert!(ok("macro", true, None, "PET_STORE"));
        assert!(ok("flat", true, None, "petstore"));
        assert!(ok("kebab", true, Some(('/', true)), "/pets/pet-id"));
        assert!(!ok("kebab", true, Some(('/', false)), "/pets"));
        assert!(Casing
            .check_options(&serde_json::json!({"type": "upper"}))
            .is_err());
    }
}
