//! The interface every rule function implements: the core functions (`functions/`) and the
//! OpenAPI functions of `spectral:oas` (`oas/`).
//!
//! # Adding a function
//!
//! 1. Implement [`RuleFunction`] on a unit struct, in its own file (`src/functions/<name>.rs`
//!    for core functions, `src/oas/<name>.rs` for OpenAPI ones), with tests beside it.
//!    - `name()` is the name rulesets write in `then.function` (e.g. `"oasOpIdUnique"`).
//!    - `check_options()` validates `functionOptions` when the ruleset loads and returns a
//!      message naming the bad option; Spectral rejects bad options at load time too.
//!    - `prepare()` (optional) turns the options into something expensive to build once
//!      (a compiled regex or schema); `call()` reads it back with [`Options::prepared`].
//!    - `call()` gets the [`Target`] (the value at the matched path, with JS-like accessors,
//!      see [`Val`]) and returns one [`FunctionResult`] per problem. Like Spectral's
//!      `createRulesetFunction`, return nothing when the input is of a type the function
//!      does not check (e.g. `pattern` on a number).
//! 2. Register it: core functions in [`FunctionRegistry::with_core`]; OpenAPI functions in
//!    `pub fn register(reg: &mut FunctionRegistry)` in `src/oas/mod.rs`, which
//!    `with_core` calls too, so every ruleset can name them.
//!
//! Result paths are absolute paths in the linted view (`None` means the target's own
//! path). The engine maps them back through `$ref`s to the file and range they were
//! written at, fills the message template, and deduplicates, so a function never deals
//! with files or ranges.

use crate::ruleset::Rule;
use crate::view::{path_strings, Document, Seg, Val};
use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

/// One problem found by a function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionResult {
    /// The `{{error}}` of the rule's message template (the whole message when the rule has
    /// no `message`).
    pub message: String,
    /// Absolute path in the linted view; `None` means the target's path.
    pub path: Option<Vec<String>>,
}

impl FunctionResult {
    pub fn new(message: impl Into<String>) -> FunctionResult {
        FunctionResult {
            message: message.into(),
            path: None,
        }
    }

    pub fn at(message: impl Into<String>, path: Vec<String>) -> FunctionResult {
        FunctionResult {
            message: message.into(),
            path: Some(path),
        }
    }
}

/// What a function is applied to: the value at the matched path (after `then.field`).
pub struct Target<'a> {
    /// The value: resolved or as written per the rule's `resolved` flag;
    /// [`Val::Undefined`] when `then.field` names a missing member; [`Val::Key`] for `@key`.
    pub value: Val<'a>,
    /// Its path in the linted view (Spectral's `context.path`).
    pub path: &'a [Seg<'a>],
}

impl Target<'_> {
    /// The path as strings, to build result paths: `[..target.path_strings(), "x"]`.
    pub fn path_strings(&self) -> Vec<String> {
        path_strings(self.path)
    }

    /// The last path segment as Spectral's `{{property}}` prints it.
    pub fn property(&self) -> String {
        self.path
            .last()
            .map(ToString::to_string)
            .unwrap_or_default()
    }
}

/// `functionOptions` as written, plus what [`RuleFunction::prepare`] built from them.
pub struct Options {
    pub json: serde_json::Value,
    prepared: Option<Box<dyn Any + Send + Sync>>,
}

impl Options {
    /// Checks and prepares options for a function (what the ruleset loader does).
    pub fn new(function: &dyn RuleFunction, json: serde_json::Value) -> Result<Options, String> {
        function.check_options(&json)?;
        let prepared = function.prepare(&json)?;
        Ok(Options { json, prepared })
    }

    /// What `prepare` returned, when it is a `T`.
    pub fn prepared<T: 'static>(&self) -> Option<&T> {
        self.prepared.as_ref()?.downcast_ref()
    }
}

impl std::ops::Deref for Options {
    type Target = serde_json::Value;
    fn deref(&self) -> &serde_json::Value {
        &self.json
    }
}

/// A function rules can name in `then.function`.
pub trait RuleFunction: Send + Sync {
    fn name(&self) -> &'static str;

    /// Validates `functionOptions` when the ruleset loads (`Null` when none were given).
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String>;

    /// Builds what `call` needs from the options once (compiled regexes, schemas).
    fn prepare(
        &self,
        _options: &serde_json::Value,
    ) -> Result<Option<Box<dyn Any + Send + Sync>>, String> {
        Ok(None)
    }

    fn call(
        &self,
        target: &Target<'_>,
        options: &Options,
        ctx: &mut Ctx<'_>,
    ) -> Vec<FunctionResult>;
}

/// Everything a function may consult besides its target.
pub struct Ctx<'a> {
    /// The spec, its formats and the resolved view (`doc.spec`, `doc.formats`, `doc.root(..)`).
    pub doc: &'a Document<'a>,
    /// The rule being run.
    pub rule: &'a Rule,
    /// Whether the rule sees the resolved document.
    pub resolved: bool,
    pub registry: &'a FunctionRegistry,
    /// Per-lint scratch space shared by all calls (e.g. an index built once per document).
    pub cache: &'a mut Cache,
}

impl<'a> Ctx<'a> {
    /// The document root in the rule's view (Spectral's `context.document` data).
    pub fn root(&self) -> Val<'a> {
        self.doc.root(self.resolved)
    }

    /// Calls another function by name with options given as JSON (checked and prepared on
    /// each call: for hot paths keep an [`Options`] in your own `prepare`).
    pub fn call(
        &mut self,
        name: &str,
        target: &Target<'_>,
        options: serde_json::Value,
    ) -> Result<Vec<FunctionResult>, String> {
        let registry = self.registry;
        let f = registry
            .get(name)
            .ok_or_else(|| format!("unknown function `{name}`"))?;
        let options = Options::new(f.as_ref(), options)?;
        Ok(f.call(target, &options, self))
    }
}

/// Per-lint values keyed by name, for functions that index the document once.
#[derive(Default)]
pub struct Cache {
    // Looked up on every call of some functions: not SipHash.
    entries: HashMap<&'static str, Box<dyn Any + Send>, crate::view::AddrHash>,
}

impl Cache {
    /// The entry under `key`, built by `init` the first time. Panics only if two callers
    /// store different types under one key (a programming error caught by tests).
    pub fn get_or_insert_with<T: Any + Send>(
        &mut self,
        key: &'static str,
        init: impl FnOnce() -> T,
    ) -> &mut T {
        self.entries
            .entry(key)
            .or_insert_with(|| Box::new(init()))
            .downcast_mut()
            .unwrap_or_else(|| panic!("cache key `{key}` holds another type"))
    }
}

impl Cache {
    /// Stores a value under `key` for a later [`Cache::take`] (replacing any other).
    pub fn put<T: Any + Send>(&mut self, key: &'static str, value: T) {
        self.entries.insert(key, Box::new(value));
    }

    /// Removes and returns the value under `key`, if it holds a `T`.
    pub fn take<T: Any + Send>(&mut self, key: &'static str) -> Option<T> {
        let boxed = self.entries.remove(key)?;
        boxed.downcast::<T>().ok().map(|b| *b)
    }
}

/// Functions by name.
#[derive(Clone, Default)]
pub struct FunctionRegistry {
    functions: HashMap<&'static str, Arc<dyn RuleFunction>>,
}

impl FunctionRegistry {
    /// The core functions and every built-in OpenAPI function.
    pub fn with_core() -> FunctionRegistry {
        let mut reg = FunctionRegistry::default();
        crate::functions::register(&mut reg);
        reg
    }

    /// Adds a function; a later registration under the same name replaces the earlier one.
    pub fn register(&mut self, f: impl RuleFunction + 'static) {
        self.functions.insert(f.name(), Arc::new(f));
    }

    pub fn get(&self, name: &str) -> Option<&Arc<dyn RuleFunction>> {
        self.functions.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.functions.keys().copied()
    }
}
