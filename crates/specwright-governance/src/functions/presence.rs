//! `truthy`, `falsy`, `defined`, `undefined`: presence checks on any input.

use super::no_options;
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};

/// Spectral's `#{{print("property")}}`: `"name" property `, or `The document ` for the
/// root's empty name.
pub(crate) fn print_property(property: &str) -> String {
    if property.is_empty() {
        "The document ".into()
    } else {
        format!("\"{property}\" property ")
    }
}

/// [`print_property`] of the target's own name: the prefix of a function's message.
pub(crate) fn property_prefix(target: &Target<'_>) -> String {
    match target.path.last() {
        Some(p) => print_property(&p.to_string()),
        None => print_property(""),
    }
}

pub struct Truthy;
pub struct Falsy;
pub struct Defined;
pub struct Undefined;

impl RuleFunction for Truthy {
    fn name(&self) -> &'static str {
        "truthy"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        no_options(options)
    }
    fn call(&self, t: &Target<'_>, _: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        if t.value.truthy() {
            return vec![];
        }
        vec![FunctionResult::new(format!(
            "{}must be truthy",
            property_prefix(t)
        ))]
    }
}

impl RuleFunction for Falsy {
    fn name(&self) -> &'static str {
        "falsy"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        no_options(options)
    }
    fn call(&self, t: &Target<'_>, _: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        if !t.value.truthy() {
            return vec![];
        }
        vec![FunctionResult::new(format!(
            "{}must be falsy",
            property_prefix(t)
        ))]
    }
}

impl RuleFunction for Defined {
    fn name(&self) -> &'static str {
        "defined"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        no_options(options)
    }
    fn call(&self, t: &Target<'_>, _: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        if !t.value.is_undefined() {
            return vec![];
        }
        vec![FunctionResult::new(format!(
            "{}must be defined",
            property_prefix(t)
        ))]
    }
}

impl RuleFunction for Undefined {
    fn name(&self) -> &'static str {
        "undefined"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        no_options(options)
    }
    fn call(&self, t: &Target<'_>, _: &Options, _: &mut Ctx<'_>) -> Vec<FunctionResult> {
        if t.value.is_undefined() {
            return vec![];
        }
        vec![FunctionResult::new(format!(
            "{}must be undefined",
            property_prefix(t)
        ))]
    }
}
