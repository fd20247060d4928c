//! `enumeration` (value among `values`) and `length` (`min`/`max` on strings, arrays,
//! objects' key counts and numbers).

use super::presence::property_prefix;
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use crate::view::Val;

pub struct Enumeration;
pub struct Length;

fn print_json(v: &serde_json::Value) -> String {
    v.to_string()
}

impl RuleFunction for Enumeration {
    fn name(&self) -> &'static str {
        "enumeration"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        let values = options
            .get("values")
            .and_then(|v| v.as_array())
            .ok_or("\"enumeration\" function needs `values` (a list)")?;
        if values.iter().any(|v| v.is_object() || v.is_array()) {
            return Err("`values` must be strings, numbers, booleans or null".into());
        }
        Ok(())
    }
    fn call(&self, t: &Target<'_>, options: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        if t.value.is_undefined() || t.value.is_object() || t.value.is_array() {
            return vec![];
        }
        let v = t.value.to_json();
        let values = options["values"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if values.contains(&v) {
            return vec![];
        }
        vec![FunctionResult::new(format!(
            "{} must be equal to one of the allowed values: {}",
            print_json(&v),
            values.iter().map(print_json).collect::<Vec<_>>().join(", ")
        ))]
    }
}

fn measure(v: &Val<'_>) -> Option<f64> {
    if v.is_string() || v.is_array() || v.is_object() {
        v.len().map(|n| n as f64)
    } else {
        v.as_f64()
    }
}

impl RuleFunction for Length {
    fn name(&self) -> &'static str {
        "length"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        let o = options
            .as_object()
            .ok_or("\"length\" function needs `min` and/or `max`")?;
        if !o.contains_key("min") && !o.contains_key("max") {
            return Err("\"length\" function needs `min` and/or `max`".into());
        }
        for (k, v) in o {
            if k != "min" && k != "max" {
                return Err(format!("\"length\" function does not support option `{k}`"));
            }
            v.as_f64().ok_or(format!("`{k}` must be a number"))?;
        }
        Ok(())
    }
    fn call(&self, t: &Target<'_>, options: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let Some(n) = measure(&t.value) else {
            return vec![];
        };
        let who = match property_prefix(t) {
            p if !p.is_empty() => p,
            _ => format!("{} ", t.value.to_json()),
        };
        let mut out = Vec::new();
        if let Some(min) = options.get("min").and_then(|v| v.as_f64()) {
            if n < min {
                out.push(FunctionResult::new(format!(
                    "{who}must be longer than {min}"
                )));
            }
        }
        if let Some(max) = options.get("max").and_then(|v| v.as_f64()) {
            if n > max {
                out.push(FunctionResult::new(format!(
                    "{who}must be shorter than {max}"
                )));
            }
        }
        out
    }
}
