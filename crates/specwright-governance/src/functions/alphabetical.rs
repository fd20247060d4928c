//! `alphabetical`: object keys or array items in order (`keyedBy` for arrays of objects);
//! reports the first unsorted pair, as Spectral does.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use crate::view::Val;
use std::cmp::Ordering;

pub struct Alphabetical;

/// Numbers compare as numbers, anything else as text (`localeCompare` on ASCII-ish keys).
fn cmp(a: &Val<'_>, b: &Val<'_>) -> Ordering {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => {
            let x = a
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| a.to_json().to_string());
            let y = b
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| b.to_json().to_string());
            x.to_lowercase()
                .cmp(&y.to_lowercase())
                .then_with(|| y.cmp(&x))
        }
    }
}

impl RuleFunction for Alphabetical {
    fn name(&self) -> &'static str {
        "alphabetical"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        match options {
            serde_json::Value::Null => Ok(()),
            serde_json::Value::Object(o) => {
                for (k, v) in o {
                    if k != "keyedBy" || !v.is_string() {
                        return Err(
                            "\"alphabetical\" function supports only `keyedBy` (a string)".into(),
                        );
                    }
                }
                Ok(())
            }
            _ => Err("\"alphabetical\" options must be a mapping".into()),
        }
    }
    fn call(&self, t: &Target<'_>, options: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let keyed = options.get("keyedBy").and_then(|k| k.as_str());
        let items: Vec<Val<'_>> = if t.value.is_object() {
            t.value.keys().map(Val::Key).collect()
        } else if t.value.is_array() {
            t.value
                .items()
                .map(|i| match keyed {
                    Some(k) => i.get(k),
                    None => i,
                })
                .collect()
        } else {
            return vec![];
        };
        for i in 1..items.len() {
            if cmp(&items[i - 1], &items[i]) == Ordering::Greater {
                let mut path = t.path_strings();
                if t.value.is_array() {
                    path.push((i - 1).to_string());
                }
                let what = match t.path.last() {
                    Some(p) => format!("\"{p}\" property"),
                    None => "value".into(),
                };
                return vec![FunctionResult::at(
                    format!("{what} must be sorted alphabetically"),
                    path,
                )];
            }
        }
        vec![]
    }
}
