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

/// Spectral's message when none of `properties` is there: all of them, or the first three
/// and how many others.
fn none_defined(ps: &[String]) -> String {
    if ps.len() > 4 {
        format!(
            "At least one of \"{}\" or {} other properties must be defined",
            ps[..3].join("\" or \""),
            ps.len() - 3
        )
    } else {
        format!(
            "At least one of \"{}\" must be defined",
            ps.join("\" or \"")
        )
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
        // The ones present, in the object's own key order (Spectral's `Object.keys`).
        let present: Vec<&str> = t
            .value
            .keys()
            .filter(|k| ps.iter().any(|p| p == k))
            .collect();
        match present.len() {
            0 => vec![FunctionResult::new(none_defined(&ps))],
            1 => vec![],
            _ => vec![FunctionResult::new(format!(
                "Just one of \"{}\" must be defined",
                present.join("\" and \"")
            ))],
        }
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
        vec![FunctionResult::new(none_defined(&ps))]
    }
}
