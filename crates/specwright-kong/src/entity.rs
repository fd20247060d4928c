//! Shared state of one translation, and how generated entities remember their source.

use crate::options::Options;
use serde_json::{Map, Value};

pub type Obj = Map<String, Value>;

/// Key under which each generated entity carries the working-document path that produced
/// it, until [`crate::sourcemap`] collects and removes it. A NUL cannot occur in a key read
/// from YAML or JSON text the translator accepts, so it never collides with user data.
pub const ORIGIN: &str = "\u{0}origin";

pub struct Ctx<'a> {
    pub opts: &'a Options,
    pub doc: &'a Value,
    pub tags: Vec<String>,
    /// `/components/x-kong`, the target space of `x-kong-*` `$ref`s.
    pub kong_components: Option<&'a Obj>,
    pub inso: bool,
    pub join: char,
}

impl Ctx<'_> {
    pub fn set_origin(&self, o: &mut Obj, path: &[String]) {
        o.insert(
            ORIGIN.into(),
            Value::Array(path.iter().map(|s| Value::String(s.clone())).collect()),
        );
    }
}

/// An object's fields without the origin marker (for comparisons and cache keys).
pub fn without_origin(o: &Obj) -> Obj {
    let mut c = o.clone();
    c.remove(ORIGIN);
    c
}
