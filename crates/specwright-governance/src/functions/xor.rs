//! `xor` (exactly one of `properties`) and `or` (at least one).

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};

pub struct Xor;
pub struct Or;

fn props(options: &serde_json::Value, name: &str) -> Result<Vec<String>, String> {
    let list = options
        .get("properties")
        .and_then(|p| p.as_array())
        .ok_or(format!(
            "\"{name}\" function needs `properties` (a list of at least 2)"
        ))?;
    let out: Vec<String> = list
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    if out.len() != list.len() || out.len() < 2 {
        return Err(format!(
            "\"{name}\" function needs `properties`: at least 2 strings"
        ));
    }
    Ok(out)
}

fn quoted(ps: &[String], last: &str) -> String {
    let q: Vec<String> = ps.iter().map(|p| format!("\"{p}\"")).collect();
    match q.split_last() {
        Some((l, rest)) if !rest.is_empty() => format!("{} {last} {l}", rest.join(", ")),
        _ => q.join(""),
    }
}

impl RuleFunction for Xor {
    fn name(&self) -> &'static str {
        "xor"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        props(options, "xor").map(drop)
    }
    fn call(&self, t: &Target<'_>, options: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        if !t.value.is_object() {
            return vec![];
        }
        let ps = props(options, "xor").unwrap_or_default();
        let n = ps.iter().filter(|p| t.value.has(p)).count();
        if n == 1 {
            return vec![];
        }
        vec![FunctionResult::new(format!(
            "{} must not be both defined or both undefined",
            quoted(&ps, "and")
        ))]
    }
}

impl RuleFunction for Or {
    fn name(&self) -> &'static str {
        "or"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        props(options, "or").map(drop)
    }
    fn call(&self, t: &Target<'_>, options: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        if !t.value.is_object() {
            return vec![];
        }
        let ps = props(options, "or").unwrap_or_default();
        if ps.iter().any(|p| t.value.has(p)) {
            return vec![];
        }
        vec![FunctionResult::new(format!(
            "At least one of {} must be defined",
            quoted(&ps, "or")
        ))]
    }
}
