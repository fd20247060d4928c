//! Spectral's core functions (`@stoplight/spectral-functions`), one file each, with
//! Spectral's options and messages.

mod alphabetical;
mod casing;
mod enumeration;
pub(crate) mod pattern;
pub(crate) mod presence;
mod schema;
mod unreferenced;
mod xor;

use crate::function::FunctionRegistry;

/// Registers every core function and the OpenAPI ones of `spectral:oas`.
pub fn register(reg: &mut FunctionRegistry) {
    crate::oas::register(reg);
    reg.register(presence::Truthy);
    reg.register(presence::Falsy);
    reg.register(presence::Defined);
    reg.register(presence::Undefined);
    reg.register(pattern::Pattern);
    reg.register(casing::Casing);
    reg.register(enumeration::Enumeration);
    reg.register(enumeration::Length);
    reg.register(alphabetical::Alphabetical);
    reg.register(xor::Xor);
    reg.register(xor::Or);
    reg.register(unreferenced::UnreferencedReusableObject);
    reg.register(schema::Schema);
}

/// Rejects any options for functions that take none.
pub(crate) fn no_options(options: &serde_json::Value) -> Result<(), String> {
    match options {
        serde_json::Value::Null => Ok(()),
        serde_json::Value::Object(o) if o.is_empty() => Ok(()),
        _ => Err("this function does not accept options".into()),
    }
}
