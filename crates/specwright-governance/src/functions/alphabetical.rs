//! `alphabetical`: object keys or array items in order (`keyedBy` for arrays of objects);
//! reports the first unsorted pair with Spectral's paths and messages.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use crate::functions::presence::property_prefix;
use crate::view::{print_value, Val};
use std::cmp::Ordering;

pub struct Alphabetical;

/// One sortable item: Spectral accepts only strings and numbers.
#[derive(Clone, Copy)]
enum Item<'a> {
    Str(&'a str),
    Num(f64),
}

impl Item<'_> {
    fn number(self) -> f64 {
        match self {
            Item::Num(n) => n,
            Item::Str(s) => crate::oas::util::string_to_number(s),
        }
    }
}

/// Whether `a` must come after `b`: Spectral's `compare(a, b) >= 1`. A number against a
/// numeric string compares as numbers (a non-numeric one on the left gives NaN: never out
/// of order); two other strings by `localeCompare`; a number against text never.
fn out_of_order(a: Item<'_>, b: Item<'_>) -> bool {
    let a_numeric = matches!(a, Item::Num(_)) || a.number().is_nan();
    let b_numeric = matches!(b, Item::Num(_)) || !b.number().is_nan();
    if a_numeric && b_numeric {
        return (a.number() - b.number()).clamp(-1.0, 1.0) >= 1.0;
    }
    match (a, b) {
        (Item::Str(x), Item::Str(y)) => locale_cmp(x, y) == Ordering::Greater,
        _ => false,
    }
}

/// `localeCompare` approximated: case-insensitive first, then lower case before upper.
fn locale_cmp(x: &str, y: &str) -> Ordering {
    x.to_lowercase()
        .cmp(&y.to_lowercase())
        .then_with(|| y.cmp(x))
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
        let values: Vec<Val<'_>> = if t.value.is_object() {
            t.value.keys().map(Val::Key).collect()
        } else if t.value.is_array() {
            t.value.items().collect()
        } else {
            return vec![];
        };
        if values.len() < 2 {
            return vec![];
        }
        let values: Vec<Val<'_>> = match keyed {
            Some(k) => {
                // lodash `isObject`: arrays pass too (and have no such key).
                if values.iter().any(|v| !v.is_object() && !v.is_array()) {
                    return vec![FunctionResult::new(format!(
                        "{}must be an object",
                        property_prefix(t)
                    ))];
                }
                values.iter().map(|v| v.get(k)).collect()
            }
            None => values,
        };
        let mut items = Vec::with_capacity(values.len());
        for v in &values {
            match (v.as_str(), v.as_f64()) {
                (Some(s), _) => items.push(Item::Str(s)),
                (None, Some(n)) => items.push(Item::Num(n)),
                _ => {
                    return vec![FunctionResult::new(format!(
                        "{}must be one of the allowed types: number, string",
                        property_prefix(t)
                    ))]
                }
            }
        }
        let Some(i) = (0..items.len() - 1).find(|&i| out_of_order(items[i], items[i + 1])) else {
            return vec![];
        };
        if keyed.is_some() {
            return vec![FunctionResult::new(
                "properties must follow the alphabetical order",
            )];
        }
        let mut path = t.path_strings();
        path.push(match items[i] {
            Item::Str(key) if t.value.is_object() => key.to_string(),
            _ => i.to_string(),
        });
        vec![FunctionResult::at(
            format!(
                "{} must be placed after {}",
                print_value(&values[i]),
                print_value(&values[i + 1])
            ),
            path,
        )]
    }
}
