//! A JSON Schema validator that reproduces AJV 8's *errors* (keyword, instance path, params,
//! message, and which ones are reported), because Spectral's `oas3-schema`,
//! `oas3-valid-*-example` and `duplicated-entry-in-enum` findings are AJV errors run through
//! small formatters. What is copied from AJV:
//! - keyword order: untyped keywords (`$ref`, `const`, `enum`, `not`, `anyOf`, `oneOf`,
//!   `allOf`, `if`), then number, string, array and object keywords, then `unevaluated*`;
//!   a type error comes first unless the single `type` has keywords of its own;
//! - `allErrors: false` stops a schema at its first failing keyword; composites collect
//!   their branches' errors and drop them when the composite passes;
//! - `nullable: true` adds `null` to `type`, and `nullable` without `type` is a schema error;
//! - `errorMessage` (ajv-errors) replaces a schema's errors;
//! - a `$ref` that does not resolve inside the schema is a compile error ([`Invalid`]).

use super::ajv_memo::{self, OwnedSeg, Remembered, SubtreeMemo};
use super::formats;
use crate::view::{AddrHash, Seg};
use regress::Regex;
use serde_json::{Map, Number, Value};
use specwright_document::node::{Member, Node, Object, Value as NodeValue};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Mutex;

/// Schema levels a validation goes down before it stops (a guard against runaway refs).
const MAX_DEPTH: usize = 300;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Draft {
    Draft4,
    Draft7,
    Draft2019,
    Draft2020,
}

/// One AJV error.
#[derive(Clone, Debug, PartialEq)]
pub struct AjvError {
    pub keyword: &'static str,
    /// Unescaped segments of the instance path.
    pub instance_path: Vec<String>,
    /// The schema object that raised it (its `nullable` matters to Spectral's formatter).
    pub schema_nullable: bool,
    pub message: String,
    pub params: Params,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Params {
    None,
    AdditionalProperty(String),
    Missing(String),
    AllowedValues(Vec<Value>),
    /// `oneOf`/`anyOf` that matched no branch (`passingSchemas` absent in AJV).
    NoneMatched,
    /// `oneOf` that matched more than one branch.
    ManyMatched,
}

/// Why a schema could not be compiled (AJV throws; Spectral reports or ignores it).
#[derive(Clone, Debug, PartialEq)]
pub enum Invalid {
    /// A `$ref` that does not resolve (AJV's MissingRefError).
    MissingRef(String),
    /// Any other compile error, with AJV's message.
    Other(String),
}

/// Schemas known by `$id`, for refs between documents (the OAS 3.1 dialect).
#[derive(Default)]
pub struct Registry {
    pub by_id: HashMap<String, Value>,
    /// [`Validator::precheck`] verdicts of the registered schemas by address. They are the
    /// meta-schemas and document schemas validated against again and again (every
    /// `oasExample` schema against its dialect's meta-schema), and a verdict depends only
    /// on the schema and the registry, which do not change once schemas are registered.
    prechecked: Mutex<HashMap<usize, Option<Invalid>, AddrHash>>,
    /// What the document schemas found in subtrees, for [`Validator::remember_subtrees`].
    subtrees: Mutex<SubtreeMemo>,
}

impl Registry {
    pub fn add(&mut self, schema: Value) {
        if let Some(id) = schema.get("$id").and_then(Value::as_str) {
            let id = id.trim_end_matches('#').to_string();
            self.by_id.insert(id, schema);
        }
        // Registered schemas may have moved (the map grew): forget their addresses.
        self.prechecked
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.subtrees
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    fn registers(&self, schema: &Value) -> bool {
        self.by_id.values().any(|v| std::ptr::eq(v, schema))
    }
}

pub struct Validator<'s> {
    pub draft: Draft,
    pub all_errors: bool,
    /// Record evaluated properties/items (needed only by `unevaluated*`, which is costly).
    pub track: bool,
    /// Remember the errors of the data's large subtrees in the registry and replay them
    /// when the same content is validated again (see `ajv_memo`). Only for registered
    /// schemas without `$dynamicRef` and `unevaluated*`, and without `track`.
    pub remember_subtrees: bool,
    registry: Option<&'s Registry>,
    regexes: RefCell<HashMap<String, Option<Re>, AddrHash>>,
}

/// A compiled `pattern` or `patternProperties` key. Most are `^x-`: an anchored plain
/// string, which is a prefix test.
#[derive(Clone)]
enum Re {
    Prefix(Rc<str>),
    Full(Rc<Regex>),
}

impl Re {
    fn is_match(&self, s: &str) -> bool {
        match self {
            Re::Prefix(p) => s.starts_with(&**p),
            Re::Full(re) => re.find(s).is_some(),
        }
    }
}

/// Where a schema lives: the document it belongs to (for `#/...` refs) and its base URI.
#[derive(Clone, Copy)]
struct Scope<'s> {
    root: &'s Value,
    base: &'s str,
}

/// A schema object with a bitmask of the keywords it has: most schemas hold a handful of
/// the ~45 keywords, so lookups of absent ones skip hashing.
#[derive(Clone, Copy)]
struct S<'a> {
    map: &'a Map<String, Value>,
    mask: u64,
}

/// The keywords with a bit in [`S`]'s mask: bit `i` is `KEYWORDS[i]`.
const KEYWORDS: [&str; 45] = [
    "$id",
    "errorMessage",
    "nullable",
    "type",
    "$dynamicRef",
    "$ref",
    "const",
    "enum",
    "not",
    "anyOf",
    "oneOf",
    "allOf",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "multipleOf",
    "format",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "items",
    "prefixItems",
    "additionalItems",
    "contains",
    "minContains",
    "maxContains",
    "maxProperties",
    "minProperties",
    "required",
    "propertyNames",
    "properties",
    "patternProperties",
    "additionalProperties",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
];

/// [`bit_of`] at compile time, for the literal keywords the validator looks up ([`kw!`]);
/// a name that is no keyword does not compile.
const fn keyword_bit(k: &str) -> u64 {
    let mut i = 0;
    while i < KEYWORDS.len() {
        let (a, b) = (KEYWORDS[i].as_bytes(), k.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return 1 << i;
            }
        }
        i += 1;
    }
    panic!("not a keyword")
}

/// A keyword with its mask bit, computed at compile time: `o.get(kw!("type"))`.
macro_rules! kw {
    ($k:literal) => {{
        const BIT: u64 = keyword_bit($k);
        Kw(BIT, $k)
    }};
}

#[derive(Clone, Copy)]
struct Kw(u64, &'static str);

fn bit_of(k: &str) -> u64 {
    match k {
        "$id" => 1 << 0,
        "errorMessage" => 1 << 1,
        "nullable" => 1 << 2,
        "type" => 1 << 3,
        "$dynamicRef" => 1 << 4,
        "$ref" => 1 << 5,
        "const" => 1 << 6,
        "enum" => 1 << 7,
        "not" => 1 << 8,
        "anyOf" => 1 << 9,
        "oneOf" => 1 << 10,
        "allOf" => 1 << 11,
        "if" => 1 << 12,
        "then" => 1 << 13,
        "else" => 1 << 14,
        "unevaluatedProperties" => 1 << 15,
        "unevaluatedItems" => 1 << 16,
        "maximum" => 1 << 17,
        "exclusiveMaximum" => 1 << 18,
        "minimum" => 1 << 19,
        "exclusiveMinimum" => 1 << 20,
        "multipleOf" => 1 << 21,
        "format" => 1 << 22,
        "maxLength" => 1 << 23,
        "minLength" => 1 << 24,
        "pattern" => 1 << 25,
        "maxItems" => 1 << 26,
        "minItems" => 1 << 27,
        "uniqueItems" => 1 << 28,
        "items" => 1 << 29,
        "prefixItems" => 1 << 30,
        "additionalItems" => 1 << 31,
        "contains" => 1 << 32,
        "minContains" => 1 << 33,
        "maxContains" => 1 << 34,
        "maxProperties" => 1 << 35,
        "minProperties" => 1 << 36,
        "required" => 1 << 37,
        "propertyNames" => 1 << 38,
        "properties" => 1 << 39,
        "patternProperties" => 1 << 40,
        "additionalProperties" => 1 << 41,
        "dependencies" => 1 << 42,
        "dependentRequired" => 1 << 43,
        "dependentSchemas" => 1 << 44,
        _ => 0,
    }
}

impl<'a> S<'a> {
    fn new(map: &'a Map<String, Value>) -> S<'a> {
        let mask = map.keys().fold(0, |m, k| m | bit_of(k));
        S { map, mask }
    }

    fn get(&self, k: Kw) -> Option<&'a Value> {
        if self.mask & k.0 == 0 {
            return None;
        }
        lookup(self.map, k.1).map(|(_, v)| v)
    }

    fn contains_key(&self, k: Kw) -> bool {
        self.mask & k.0 != 0
    }
}

/// A member of a JSON object. Schema and OpenAPI objects are small, and a scan of a few
/// keys is cheaper than SipHash-ing the key (map lookups were ~10% of a lint).
fn lookup<'m>(m: &'m Map<String, Value>, k: &str) -> Option<(&'m String, &'m Value)> {
    if m.len() <= 16 {
        m.iter().find(|(key, _)| key.as_str() == k)
    } else {
        m.get_key_value(k)
    }
}

fn has(m: &Map<String, Value>, k: &str) -> bool {
    lookup(m, k).is_some()
}

struct Run<'v, 's, 'a, 'd, T> {
    v: &'v Validator<'s>,
    /// Whether evaluated properties are recorded (only `unevaluated*` needs them).
    track: bool,
    /// Schema resources entered so far, outermost first (the dynamic scope of `$dynamicRef`).
    dynamic: Vec<Scope<'a>>,
    errors: Vec<RawError<'a, 'd>>,
    path: Vec<Seg<'d>>,
    instance: std::marker::PhantomData<&'d T>,
    invalid: Option<Invalid>,
    depth: usize,
    /// Resolved `$ref`s by (ref text, scope root, scope base) address: the document schema
    /// follows the same few refs at every node, and resolving walks and unescapes a pointer.
    refs: RefCache<'a>,
    /// Deepest schema level reached so far (for the memo's depth check).
    deepest: usize,
    /// Content hashes of the subtrees the memo applies to, by address, and the memo.
    memo: Option<(ajv_memo::SubtreeHashes, &'s Mutex<SubtreeMemo>)>,
    /// Whether `format` is checked here: not inside AJV's own meta-schemas (see
    /// [`formats_checked_entering`]).
    formats: bool,
}

type RefCache<'a> = HashMap<(usize, usize, usize), Option<(&'a Value, Scope<'a>)>, AddrHash>;

/// An error as recorded while validating: borrowed and unformatted, because most are
/// dropped again (failed `anyOf`/`oneOf` branches) and formatting them dominated profiles.
struct RawError<'a, 'd> {
    keyword: &'static str,
    path: Box<[Seg<'d>]>,
    nullable: bool,
    message: Msg<'a>,
    params: RawParams<'a, 'd>,
}

enum Msg<'a> {
    Text(Cow<'static, str>),
    /// `must be <type>` for the schema's `type` value.
    Type(&'a Value),
    /// `must have required property '<name>'`.
    Required(&'a str),
}

enum RawParams<'a, 'd> {
    None,
    AdditionalProperty(&'d str),
    Missing(Cow<'a, str>),
    AllowedValues(Cow<'a, [Value]>),
    NoneMatched,
    ManyMatched,
}

impl<'a> RawParams<'a, '_> {
    /// The params of an error raised on a string: none of them borrow from the data.
    fn without_data<'d>(self) -> RawParams<'a, 'd> {
        match self {
            RawParams::None | RawParams::AdditionalProperty(_) => RawParams::None,
            RawParams::Missing(m) => RawParams::Missing(m),
            RawParams::AllowedValues(v) => RawParams::AllowedValues(v),
            RawParams::NoneMatched => RawParams::NoneMatched,
            RawParams::ManyMatched => RawParams::ManyMatched,
        }
    }
}

impl Msg<'_> {
    fn render(&self) -> String {
        match self {
            Msg::Text(t) => t.to_string(),
            Msg::Type(Value::Array(a)) => format!(
                "must be {}",
                a.iter().map(show).collect::<Vec<_>>().join(",")
            ),
            Msg::Type(t) => format!("must be {}", show(t)),
            Msg::Required(r) => format!("must have required property '{r}'"),
        }
    }
}

impl RawParams<'_, '_> {
    fn to_owned_params(&self) -> Params {
        match self {
            RawParams::None => Params::None,
            RawParams::AdditionalProperty(p) => Params::AdditionalProperty(p.to_string()),
            RawParams::Missing(m) => Params::Missing(m.to_string()),
            RawParams::AllowedValues(v) => Params::AllowedValues(v.to_vec()),
            RawParams::NoneMatched => Params::NoneMatched,
            RawParams::ManyMatched => Params::ManyMatched,
        }
    }
}

impl RawError<'_, '_> {
    fn finish(self) -> AjvError {
        let message = match self.message {
            Msg::Text(t) => t.into_owned(),
            other => other.render(),
        };
        AjvError {
            keyword: self.keyword,
            instance_path: self.path.iter().map(Seg::to_owned_string).collect(),
            schema_nullable: self.nullable,
            params: self.params.to_owned_params(),
            message,
        }
    }
}

/// Properties/items evaluated by a schema, for `unevaluatedProperties`/`unevaluatedItems`.
/// Properties are the data's own keys, so nothing is copied.
#[derive(Default, Clone)]
struct Evaluated<'d> {
    all_props: bool,
    props: Vec<&'d str>,
    all_items: bool,
    items: usize,
}

impl<'d> Evaluated<'d> {
    fn merge(&mut self, o: &Evaluated<'d>) {
        self.all_props |= o.all_props;
        for p in &o.props {
            if !self.props.contains(p) {
                self.props.push(p);
            }
        }
        self.all_items |= o.all_items;
        self.items = self.items.max(o.items);
    }
}

/// A JSON value's kind, as the validator tells instances apart.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// What a schema is checked against: a JSON value, or the document's own tree read in
/// place. The whole-document check copied Stripe's tree into JSON first: about 11 ms on
/// one core and 15 MB, for a tree that holds the same values.
pub trait Instance: Sized {
    fn kind(&self) -> Kind;
    fn as_bool(&self) -> Option<bool>;
    fn as_number(&self) -> Option<&Number>;
    fn as_str(&self) -> Option<&str>;
    fn as_array(&self) -> Option<&[Self]>;
    /// An object's members in order; none for anything else.
    fn members(&self) -> impl Iterator<Item = (&str, &Self)>;
    /// How many members an object has; 0 for anything else.
    fn member_count(&self) -> usize;
    fn member(&self, key: &str) -> Option<(&str, &Self)>;

    fn as_f64(&self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }
    fn is_number(&self) -> bool {
        self.kind() == Kind::Number
    }
    fn is_string(&self) -> bool {
        self.kind() == Kind::String
    }
    fn is_array(&self) -> bool {
        self.kind() == Kind::Array
    }
    fn is_object(&self) -> bool {
        self.kind() == Kind::Object
    }
}

impl Instance for Value {
    fn kind(&self) -> Kind {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }
    fn as_bool(&self) -> Option<bool> {
        Value::as_bool(self)
    }
    fn as_number(&self) -> Option<&Number> {
        Value::as_number(self)
    }
    fn as_str(&self) -> Option<&str> {
        Value::as_str(self)
    }
    fn as_array(&self) -> Option<&[Value]> {
        Value::as_array(self).map(Vec::as_slice)
    }
    fn members(&self) -> impl Iterator<Item = (&str, &Value)> {
        Value::as_object(self)
            .into_iter()
            .flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), v)))
    }
    fn member_count(&self) -> usize {
        Value::as_object(self).map_or(0, Map::len)
    }
    fn member(&self, key: &str) -> Option<(&str, &Value)> {
        let (k, v) = lookup(Value::as_object(self)?, key)?;
        Some((k.as_str(), v))
    }
}

impl Instance for Node {
    fn kind(&self) -> Kind {
        match &self.value {
            NodeValue::Null => Kind::Null,
            NodeValue::Bool(_) => Kind::Bool,
            NodeValue::Number(_) => Kind::Number,
            NodeValue::String(_) => Kind::String,
            NodeValue::Array(_) => Kind::Array,
            NodeValue::Object(_) => Kind::Object,
        }
    }
    fn as_bool(&self) -> Option<bool> {
        Node::as_bool(self)
    }
    fn as_number(&self) -> Option<&Number> {
        match &self.value {
            NodeValue::Number(n) => Some(n),
            _ => None,
        }
    }
    fn as_str(&self) -> Option<&str> {
        Node::as_str(self)
    }
    fn as_array(&self) -> Option<&[Node]> {
        Node::as_array(self)
    }
    fn members(&self) -> impl Iterator<Item = (&str, &Node)> {
        let members: &[Member] = self.as_object().map_or(&[], |o| &o.members);
        members.iter().map(|m| (m.key.as_str(), &m.value))
    }
    fn member_count(&self) -> usize {
        self.as_object().map_or(0, Object::len)
    }
    fn member(&self, key: &str) -> Option<(&str, &Node)> {
        let m = self.as_object()?.member(key)?;
        Some((m.key.as_str(), &m.value))
    }
}

/// [`json_eq`] of any two instances (a schema's value and the data, or two data items).
fn same_json<A: Instance, B: Instance>(a: &A, b: &B) -> bool {
    match (a.kind(), b.kind()) {
        (Kind::Null, Kind::Null) => true,
        (Kind::Bool, Kind::Bool) => a.as_bool() == b.as_bool(),
        (Kind::Number, Kind::Number) => a.as_f64() == b.as_f64(),
        (Kind::String, Kind::String) => a.as_str() == b.as_str(),
        (Kind::Array, Kind::Array) => {
            let (x, y) = (
                a.as_array().unwrap_or_default(),
                b.as_array().unwrap_or_default(),
            );
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_json(p, q))
        }
        (Kind::Object, Kind::Object) => {
            a.member_count() == b.member_count()
                && a.members()
                    .all(|(k, v)| b.member(k).is_some_and(|(_, w)| same_json(v, w)))
        }
        _ => false,
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Null => "null",
        Kind::Bool => "boolean",
        Kind::Number => "number",
        Kind::String => "string",
        Kind::Array => "array",
        Kind::Object => "object",
    }
}

fn is_integer<T: Instance>(v: &T) -> bool {
    v.as_number().is_some_and(|n| {
        n.is_i64()
            || n.is_u64()
            || n.as_f64()
                .is_some_and(|f| f.fract() == 0.0 && f.is_finite())
    })
}

fn type_matches<T: Instance>(t: &str, v: &T) -> bool {
    match t {
        "integer" => is_integer(v),
        "number" => v.is_number(),
        other => kind_name(v.kind()) == other,
    }
}

/// Deep equality as `fast-deep-equal` (numbers by value, object key order ignored).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    same_json(a, b)
}

/// `JSON.stringify`-like printing of a schema value in messages (`must be <= 5`).
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => super::util::js_number(n),
        other => other.to_string(),
    }
}

/// One of 64 bits for a key, by its length and first and last bytes: a summary of an
/// object's keys ([`key_bits`]) without a key's bit does not hold that key.
fn key_bit(k: &str) -> u64 {
    let b = k.as_bytes();
    let (first, last) = (
        b.first().copied().unwrap_or(0),
        b.last().copied().unwrap_or(0),
    );
    let h = (b.len() as u64)
        .wrapping_mul(0x9E37_79B9)
        .wrapping_add(u64::from(first) << 7)
        .wrapping_add(u64::from(last) * 31);
    1 << (h % 64)
}

fn key_bits<'k>(keys: impl Iterator<Item = &'k str>) -> u64 {
    keys.fold(0, |bits, k| bits | key_bit(k))
}

/// JavaScript's `for (key in obj)` order of an object's members: array-index-like keys
/// ascending, then the rest.
fn js_key_order<T: Instance>(o: &T) -> Vec<(&str, &T)> {
    let mut members: Vec<(&str, &T)> = o.members().collect();
    if members.iter().any(|(k, _)| index_like(k).is_some()) {
        members.sort_by_key(|(k, _)| index_like(k).map_or((1, 0), |i| (0, i)));
    }
    members
}

fn index_like(s: &str) -> Option<u64> {
    if s.is_empty() || (s.len() > 1 && s.starts_with('0')) || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    s.parse::<u64>().ok().filter(|&n| n < u32::MAX as u64)
}

/// JavaScript string length in UTF-16 units (what `minLength` counts in AJV).
fn js_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

impl<'s> Validator<'s> {
    pub fn new(draft: Draft, all_errors: bool, registry: Option<&'s Registry>) -> Self {
        Validator {
            draft,
            all_errors,
            track: matches!(draft, Draft::Draft2019 | Draft::Draft2020),
            remember_subtrees: false,
            registry,
            regexes: RefCell::new(HashMap::default()),
        }
    }

    /// Validates `data` against `schema`: `Ok(errors)` (empty when valid) or the compile error.
    pub fn validate(&self, schema: &Value, data: &Value) -> Result<Vec<AjvError>, Invalid> {
        self.validate_instance(schema, data)
    }

    /// [`Self::validate`] of any instance, such as the document's own tree.
    pub fn validate_instance<T: Instance>(
        &self,
        schema: &Value,
        data: &T,
    ) -> Result<Vec<AjvError>, Invalid> {
        let base = schema.get("$id").and_then(Value::as_str).unwrap_or("");
        let scope = Scope { root: schema, base };
        if let Some(e) = self.prechecked(schema, scope) {
            return Err(e);
        }
        // Keys hold schema addresses: only the registry's schemas live as long as the memo.
        let memo = match self.registry {
            Some(reg) if self.remember_subtrees && !self.track && reg.registers(schema) => {
                Some((ajv_memo::subtree_hashes(data), &reg.subtrees))
            }
            _ => None,
        };
        self.run(schema, scope, data, memo)
    }

    fn run<T: Instance>(
        &self,
        schema: &Value,
        scope: Scope<'_>,
        data: &T,
        memo: Option<(ajv_memo::SubtreeHashes, &Mutex<SubtreeMemo>)>,
    ) -> Result<Vec<AjvError>, Invalid> {
        let mut run = Run {
            v: self,
            dynamic: vec![scope],
            track: self.track,
            errors: Vec::new(),
            path: Vec::new(),
            invalid: None,
            depth: 0,
            refs: HashMap::default(),
            deepest: 0,
            memo,
            formats: true,
            instance: std::marker::PhantomData,
        };
        let mut ev = Evaluated::default();
        run.schema(schema, data, scope, &mut ev, false);
        match run.invalid {
            Some(e) => Err(e),
            None => Ok(run.errors.into_iter().map(RawError::finish).collect()),
        }
    }

    /// [`Self::precheck`] of a whole schema, remembered for the registry's own schemas.
    fn prechecked(&self, schema: &Value, scope: Scope<'_>) -> Option<Invalid> {
        let Some(reg) = self.registry.filter(|r| r.registers(schema)) else {
            return self.precheck(schema, scope, 0);
        };
        let key = schema as *const Value as usize;
        if let Some(v) = reg.prechecked.lock().expect("precheck memo lock").get(&key) {
            return v.clone();
        }
        let verdict = self.precheck(schema, scope, 0);
        reg.prechecked
            .lock()
            .expect("precheck memo lock")
            .insert(key, verdict.clone());
        verdict
    }

    /// What AJV rejects when compiling: unresolvable local refs and `nullable` without
    /// `type`, anywhere in the schema (AJV compiles every subschema up front).
    fn precheck(&self, schema: &Value, scope: Scope<'_>, depth: usize) -> Option<Invalid> {
        if depth > 200 {
            return None;
        }
        match schema {
            Value::Object(o) => {
                if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                    if self.resolve(r, scope).is_none() {
                        return Some(Invalid::MissingRef(r.to_string()));
                    }
                }
                if o.contains_key("nullable") && !o.contains_key("type") {
                    return Some(Invalid::Other(
                        "\"nullable\" cannot be used without \"type\"".into(),
                    ));
                }
                if o.get("nullable") == Some(&Value::Bool(false))
                    && type_list(o.get("type")).iter().any(|t| t == "null")
                {
                    return Some(Invalid::Other(
                        "type: null contradicts nullable: false".into(),
                    ));
                }
                for (k, v) in o {
                    let sub = match k.as_str() {
                        "properties" | "patternProperties" | "definitions" | "$defs"
                        | "dependentSchemas" => {
                            if let Value::Object(m) = v {
                                for s in m.values() {
                                    if let Some(e) = self.precheck(s, scope, depth + 1) {
                                        return Some(e);
                                    }
                                }
                            }
                            continue;
                        }
                        "dependencies" => {
                            if let Value::Object(m) = v {
                                for s in m.values().filter(|s| s.is_object()) {
                                    if let Some(e) = self.precheck(s, scope, depth + 1) {
                                        return Some(e);
                                    }
                                }
                            }
                            continue;
                        }
                        "items"
                        | "additionalItems"
                        | "additionalProperties"
                        | "not"
                        | "if"
                        | "then"
                        | "else"
                        | "contains"
                        | "propertyNames"
                        | "unevaluatedProperties"
                        | "unevaluatedItems"
                        | "allOf"
                        | "anyOf"
                        | "oneOf"
                        | "prefixItems" => v,
                        _ => continue,
                    };
                    match sub {
                        Value::Array(a) => {
                            for s in a {
                                if let Some(e) = self.precheck(s, scope, depth + 1) {
                                    return Some(e);
                                }
                            }
                        }
                        s => {
                            if let Some(e) = self.precheck(s, scope, depth + 1) {
                                return Some(e);
                            }
                        }
                    }
                }
                None
            }
            _ => None,
        }
    }

    fn regex(&self, pattern: &str) -> Option<Re> {
        let mut cache = self.regexes.borrow_mut();
        if let Some(r) = cache.get(pattern) {
            return r.clone();
        }
        let r = Regex::with_flags(pattern, "").ok().map(|re| {
            match pattern
                .strip_prefix('^')
                .and_then(crate::functions::pattern::literal)
            {
                Some(prefix) => Re::Prefix(prefix.into()),
                None => Re::Full(Rc::new(re)),
            }
        });
        cache.insert(pattern.to_string(), r.clone());
        r
    }

    /// Resolves a `$ref` against the scope: a local JSON pointer, or a registered `$id`
    /// (with an optional fragment).
    fn resolve<'a>(&self, r: &str, scope: Scope<'a>) -> Option<(&'a Value, Scope<'a>)>
    where
        's: 'a,
    {
        let (doc, frag) = match r.split_once('#') {
            Some((d, f)) => (d, f),
            None => (r, ""),
        };
        let (root, base): (&'a Value, &'a str) =
            if doc.is_empty() || doc == scope.base.trim_end_matches('#') {
                (scope.root, scope.base)
            } else {
                let reg = self.registry?;
                let (id, v) = reg
                    .by_id
                    .get_key_value(doc)
                    .or_else(|| reg.by_id.get_key_value(&absolutize(scope.base, doc)))?;
                (v, id.as_str())
            };
        let target = if frag.is_empty() {
            root
        } else if let Some(ptr) = frag.strip_prefix('/') {
            let mut cur = root;
            for seg in ptr.split('/') {
                // Most segments need neither unescaping nor decoding: no copy for them.
                let seg: Cow<'_, str> = if seg.contains(['~', '%']) {
                    Cow::Owned(percent_encoding_decode(
                        &seg.replace("~1", "/").replace("~0", "~"),
                    ))
                } else {
                    Cow::Borrowed(seg)
                };
                cur = match cur {
                    Value::Object(o) => lookup(o, &seg).map(|(_, v)| v)?,
                    Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                    _ => return None,
                };
            }
            cur
        } else {
            find_anchor(root, frag)?
        };
        Some((target, Scope { root, base }))
    }
}

fn absolutize(base: &str, rel: &str) -> String {
    if rel.contains("://") {
        return rel.to_string();
    }
    match base.rfind('/') {
        Some(i) => format!("{}/{}", &base[..i], rel),
        None => rel.to_string(),
    }
}

fn percent_encoding_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn find_anchor<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    match v {
        Value::Object(o) => {
            if o.get("$anchor").and_then(Value::as_str) == Some(name)
                || o.get("$dynamicAnchor").and_then(Value::as_str) == Some(name)
            {
                return Some(v);
            }
            o.values().find_map(|x| find_anchor(x, name))
        }
        Value::Array(a) => a.iter().find_map(|x| find_anchor(x, name)),
        _ => None,
    }
}

fn type_list(t: Option<&Value>) -> Vec<String> {
    match t {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// The keywords of each type group (AJV's rules by type), as masks.
const fn mask_of(keys: &[&str]) -> u64 {
    let mut m = 0;
    let mut i = 0;
    while i < keys.len() {
        m |= keyword_bit(keys[i]);
        i += 1;
    }
    m
}
const NUMBER_KW: u64 = mask_of(&[
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "multipleOf",
    "format",
]);
const STRING_KW: u64 = mask_of(&["maxLength", "minLength", "pattern", "format"]);
const ARRAY_KW: u64 = mask_of(&[
    "maxItems",
    "minItems",
    "uniqueItems",
    "additionalItems",
    "items",
    "prefixItems",
    "contains",
    "maxContains",
]);
const OBJECT_KW: u64 = mask_of(&[
    "maxProperties",
    "minProperties",
    "required",
    "propertyNames",
    "additionalProperties",
    "dependencies",
    "properties",
    "patternProperties",
    "dependentRequired",
    "dependentSchemas",
    "minContains",
]);

/// AJV's `uniqueItems` message: with scalar item types it indexes values scanning from the
/// end (reporting the later index first), otherwise it compares pairs from the end.
fn duplicate_items<T: Instance>(o: &Map<String, Value>, a: &[T]) -> Option<String> {
    // Arrays of distinct strings (long `enum`s, `required`) are the common case: one
    // hash pass proves there is nothing to report instead of comparing every pair.
    if a.len() > 8 && a.iter().all(T::is_string) {
        // Sorted rather than hashed: SipHash-ing every item cost more than sorting.
        let mut items: Vec<&str> = a.iter().filter_map(T::as_str).collect();
        items.sort_unstable();
        if items.windows(2).all(|w| w[0] != w[1]) {
            return None;
        }
    }
    let scalar = o.get("items").is_some_and(|it| {
        let t = type_list(it.get("type"));
        !t.is_empty() && !t.iter().any(|x| x == "object" || x == "array")
    });
    if scalar {
        let mut seen: Vec<(&T, usize)> = Vec::new();
        for i in (0..a.len()).rev() {
            if let Some((_, j)) = seen.iter().find(|(v, _)| same_json(*v, &a[i])) {
                return Some(format!(
                    "must NOT have duplicate items (items ## {j} and {i} are identical)"
                ));
            }
            seen.push((&a[i], i));
        }
        return None;
    }
    for i in (0..a.len()).rev() {
        for j in (0..i).rev() {
            if same_json(&a[i], &a[j]) {
                return Some(format!(
                    "must NOT have duplicate items (items ## {j} and {i} are identical)"
                ));
            }
        }
    }
    None
}

/// AJV's type groups, in the order it applies them.
#[derive(Clone, Copy, PartialEq)]
enum Group {
    Number,
    String,
    Array,
    Object,
}

/// The group a declared type belongs to.
fn group_of(t: &str) -> Option<Group> {
    match t {
        "number" | "integer" => Some(Group::Number),
        "string" => Some(Group::String),
        "array" => Some(Group::Array),
        "object" => Some(Group::Object),
        _ => None,
    }
}

impl Group {
    fn keywords(self) -> u64 {
        match self {
            Group::Number => NUMBER_KW,
            Group::String => STRING_KW,
            Group::Array => ARRAY_KW,
            Group::Object => OBJECT_KW,
        }
    }

    fn applies<T: Instance>(self, data: &T) -> bool {
        match self {
            Group::Number => data.is_number(),
            Group::String => data.is_string(),
            Group::Array => data.is_array(),
            Group::Object => data.is_object(),
        }
    }
}

/// AJV's own meta-schemas, which Spectral's instances add with `addMetaSchema`.
const AJV_META_SCHEMAS: [&str; 4] = [
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2020-12/meta/",
    "http://json-schema.org/draft-07/schema",
    "http://json-schema.org/draft-04/schema",
];

/// Whether `format` is checked in `target`, reached through a reference from where it
/// was `outer`. AJV compiles a meta-schema with the options it had while its constructor
/// ran, `validateFormats: false` among them, and it compiles each meta-schema whole before
/// any schema using it (to validate that schema): so no format inside one is ever
/// checked. A reference to a part of a meta-schema is compiled into the schema making it,
/// with that schema's options (`#/properties/pattern` of draft-04 in the OAS 2.0 schema).
fn formats_checked_entering(target: &Value, to: Scope<'_>, outer: bool) -> bool {
    if !std::ptr::eq(target, to.root) {
        return outer;
    }
    let base = to.base.trim_end_matches('#');
    !AJV_META_SCHEMAS
        .iter()
        .any(|m| base == *m || (m.ends_with('/') && base.starts_with(m)))
}

impl<'s: 'a, 'a, 'd, T: Instance> Run<'_, 's, 'a, 'd, T> {
    fn err(
        &mut self,
        keyword: &'static str,
        nullable: bool,
        message: impl Into<Cow<'static, str>>,
        params: RawParams<'a, 'd>,
    ) {
        self.err_msg(keyword, nullable, Msg::Text(message.into()), params);
    }

    fn err_msg(
        &mut self,
        keyword: &'static str,
        nullable: bool,
        message: Msg<'a>,
        params: RawParams<'a, 'd>,
    ) {
        self.errors.push(RawError {
            keyword,
            path: self.path.as_slice().into(),
            nullable,
            message,
            params,
        });
    }

    /// Validates `data` against one schema; returns validity. `ev` collects what this
    /// schema evaluated (for `unevaluated*` in the caller).
    // Inlined into its callers: one call level per schema, as before the memo.
    #[inline(always)]
    fn schema(
        &mut self,
        schema: &'a Value,
        data: &'d T,
        scope: Scope<'a>,
        ev: &mut Evaluated<'d>,
        composite: bool,
    ) -> bool {
        if self.invalid.is_some() {
            return false;
        }
        if self.memo.is_some() {
            if let Some(key) = self.memo_key(schema, data, scope) {
                return self.schema_remembered(key, schema, data, scope, ev, composite);
            }
        }
        self.schema_here(schema, data, scope, ev, composite)
    }

    /// The memo's key when `data` is a subtree it remembers and `schema` an object.
    fn memo_key(&self, schema: &Value, data: &T, scope: Scope<'_>) -> Option<ajv_memo::Key> {
        let (hashes, _) = self.memo.as_ref()?;
        if !schema.is_object() {
            return None;
        }
        let content = *hashes.get(&(data as *const T as usize))?;
        Some(ajv_memo::Key {
            schema: schema as *const Value as usize,
            scope_root: scope.root as *const Value as usize,
            scope_base: (scope.base.as_ptr() as usize, scope.base.len()),
            draft: self.v.draft,
            all_errors: self.v.all_errors,
            content,
        })
    }

    /// [`Self::schema_here`] through the memo: replays what the same schema found in the
    /// same content before, else validates and remembers it.
    #[inline(never)]
    fn schema_remembered(
        &mut self,
        key: ajv_memo::Key,
        schema: &'a Value,
        data: &'d T,
        scope: Scope<'a>,
        ev: &mut Evaluated<'d>,
        composite: bool,
    ) -> bool {
        let Some((_, memo)) = self.memo.as_ref() else {
            return self.schema_here(schema, data, scope, ev, composite);
        };
        let memo: &Mutex<SubtreeMemo> = memo;
        let hit = memo.lock().unwrap_or_else(|e| e.into_inner()).get(&key);
        if let Some(entry) = hit {
            if self.depth + entry.depth <= MAX_DEPTH && self.replay(&entry, data) {
                return entry.valid;
            }
        }
        let start = self.errors.len();
        let outer = self.deepest;
        self.deepest = self.depth;
        let valid = self.schema_here(schema, data, scope, ev, composite);
        let reached = self.deepest;
        self.deepest = outer.max(reached);
        // A missing ref or the depth limit would not replay the same way.
        if self.invalid.is_none() && reached <= MAX_DEPTH {
            let base = self.path.len();
            let errors = self.errors[start..]
                .iter()
                .map(|e| Remembered {
                    keyword: e.keyword,
                    path: e.path[base..]
                        .iter()
                        .map(|s| match s {
                            Seg::Key(k) => OwnedSeg::Key((*k).into()),
                            Seg::Index(i) => OwnedSeg::Index(*i),
                        })
                        .collect(),
                    nullable: e.nullable,
                    message: e.message.render().into(),
                    params: e.params.to_owned_params(),
                })
                .collect();
            let entry = ajv_memo::Entry {
                valid,
                depth: reached - self.depth,
                errors,
            };
            memo.lock()
                .unwrap_or_else(|e| e.into_inner())
                .put(key, entry);
        }
        valid
    }

    /// Pushes a remembered subtree's errors at `data` (the current path). False, pushing
    /// nothing, when a path does not lead through `data` (the content differs after all).
    fn replay(&mut self, entry: &ajv_memo::Entry, data: &'d T) -> bool {
        let mut out = Vec::with_capacity(entry.errors.len());
        for e in &entry.errors {
            let mut path = Vec::with_capacity(self.path.len() + e.path.len());
            path.extend_from_slice(&self.path);
            let mut at = data;
            for seg in &e.path {
                match seg {
                    OwnedSeg::Key(k) => {
                        let Some((key, v)) = at.member(k) else {
                            return false;
                        };
                        path.push(Seg::Key(key));
                        at = v;
                    }
                    OwnedSeg::Index(i) => {
                        let Some(v) = at.as_array().and_then(|a| a.get(*i)) else {
                            return false;
                        };
                        path.push(Seg::Index(*i));
                        at = v;
                    }
                }
            }
            let params = match &e.params {
                Params::None => RawParams::None,
                Params::AdditionalProperty(p) => {
                    let Some((key, _)) = at.member(p) else {
                        return false;
                    };
                    RawParams::AdditionalProperty(key)
                }
                Params::Missing(m) => RawParams::Missing(Cow::Owned(m.clone())),
                Params::AllowedValues(v) => RawParams::AllowedValues(Cow::Owned(v.clone())),
                Params::NoneMatched => RawParams::NoneMatched,
                Params::ManyMatched => RawParams::ManyMatched,
            };
            out.push(RawError {
                keyword: e.keyword,
                path: path.into(),
                nullable: e.nullable,
                message: Msg::Text(Cow::Owned(e.message.to_string())),
                params,
            });
        }
        self.errors.extend(out);
        true
    }

    fn schema_here(
        &mut self,
        schema: &'a Value,
        data: &'d T,
        scope: Scope<'a>,
        ev: &mut Evaluated<'d>,
        _composite: bool,
    ) -> bool {
        let o = match schema {
            Value::Bool(true) => return true,
            Value::Bool(false) => {
                self.err(
                    "false schema",
                    false,
                    "boolean schema is false",
                    RawParams::None,
                );
                return false;
            }
            Value::Object(o) => S::new(o),
            _ => return true,
        };
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return true;
        }
        let start = self.errors.len();
        let scope = match o.get(kw!("$id")).and_then(Value::as_str) {
            Some(id) if self.v.draft != Draft::Draft4 && id.contains("://") => Scope {
                root: schema,
                base: id,
            },
            _ => scope,
        };
        let valid = self.keywords(o, data, scope, ev);
        self.depth -= 1;
        if let Some(em) = o.get(kw!("errorMessage")) {
            self.apply_error_message(em, start);
        }
        valid
    }

    fn apply_error_message(&mut self, em: &'a Value, start: usize) {
        if self.errors.len() == start {
            return;
        }
        let here: Box<[Seg<'d>]> = self.path.as_slice().into();
        let replacement = |here: &[Seg<'d>], msg: &'a str| RawError {
            keyword: "errorMessage",
            path: here.into(),
            nullable: false,
            message: Msg::Text(Cow::Owned(msg.to_string())),
            params: RawParams::None,
        };
        match em {
            Value::String(msg) => {
                self.errors.truncate(start);
                self.errors.push(replacement(&here, msg));
            }
            Value::Object(m) => {
                let mut replaced: Vec<(&str, RawError<'a, 'd>)> = Vec::new();
                let mut kept = Vec::new();
                let rest_msg = m.get("_").and_then(Value::as_str);
                for e in self.errors.drain(start..) {
                    let own = e.path == here;
                    match m.get(e.keyword).and_then(Value::as_str) {
                        Some(msg) if own => {
                            if !replaced.iter().any(|(k, _)| *k == e.keyword) {
                                replaced.push((e.keyword, replacement(&here, msg)));
                            }
                        }
                        _ => match rest_msg {
                            Some(msg) => {
                                if !replaced.iter().any(|(k, _)| *k == "_") {
                                    replaced.push(("_", replacement(&here, msg)));
                                }
                            }
                            None => kept.push(e),
                        },
                    }
                }
                self.errors.extend(kept);
                self.errors.extend(replaced.into_iter().map(|(_, e)| e));
            }
            _ => {}
        }
    }

    fn keywords(
        &mut self,
        o: S<'a>,
        data: &'d T,
        scope: Scope<'a>,
        ev: &mut Evaluated<'d>,
    ) -> bool {
        let all = self.v.all_errors;
        let nullable = o.get(kw!("nullable")) == Some(&Value::Bool(true));
        // The declared types (plus `null` when nullable), without allocating.
        let mut tbuf: [&str; 8] = [""; 8];
        let mut tn = 0;
        match o.get(kw!("type")) {
            Some(Value::String(t)) => {
                tbuf[0] = t;
                tn = 1;
            }
            Some(Value::Array(a)) => {
                for t in a.iter().filter_map(Value::as_str).take(7) {
                    tbuf[tn] = t;
                    tn += 1;
                }
            }
            _ => {}
        }
        if nullable && !tbuf[..tn].contains(&"null") {
            tbuf[tn] = "null";
            tn += 1;
        }
        let types = &tbuf[..tn];
        let type_ok = types.is_empty() || types.iter().any(|t| type_matches(t, data));
        let type_msg = || match o.get(kw!("type")) {
            Some(t) => Msg::Type(t),
            None => Msg::Text(Cow::Borrowed("")),
        };
        // AJV checks the type up front unless there is one type with keywords of its own;
        // `integer` has no group of its own there (the number group is `number`'s), so an
        // integer type is always checked first.
        let single_group = match types {
            [t] if *t != "integer" => group_of(t).filter(|g| o.mask & g.keywords() != 0),
            _ => None,
        };
        let single_with_rules = single_group.is_some();
        let mut valid = true;
        if !types.is_empty() && !single_with_rules && !type_ok {
            self.err_msg("type", nullable, type_msg(), RawParams::None);
            if !all {
                return false;
            }
            valid = false;
        }
        // Untyped keywords.
        macro_rules! step {
            ($e:expr) => {
                if !$e {
                    valid = false;
                    if !all {
                        return false;
                    }
                }
            };
        }
        if self.v.draft == Draft::Draft2020 {
            if let Some(r) = o.get(kw!("$dynamicRef")).and_then(Value::as_str) {
                step!(self.dynamic_reference(r, data, scope, ev));
            }
        }
        if let Some(r) = o.get(kw!("$ref")).and_then(Value::as_str) {
            step!(self.reference(r, data, scope, ev));
        }
        if self.v.draft != Draft::Draft4 {
            if let Some(c) = o.get(kw!("const")) {
                if !same_json(c, data) {
                    self.err(
                        "const",
                        nullable,
                        "must be equal to constant",
                        RawParams::None,
                    );
                    step!(false);
                }
            }
        }
        if let Some(Value::Array(values)) = o.get(kw!("enum")) {
            if !values.iter().any(|v| same_json(v, data)) {
                self.err(
                    "enum",
                    nullable,
                    "must be equal to one of the allowed values",
                    RawParams::AllowedValues(Cow::Borrowed(values)),
                );
                step!(false);
            }
        }
        if let Some(n) = o.get(kw!("not")) {
            let mark = self.errors.len();
            let mut sub = Evaluated::default();
            let ok = self.schema(n, data, scope, &mut sub, true);
            self.errors.truncate(mark);
            if ok {
                self.err("not", nullable, "must NOT be valid", RawParams::None);
                step!(false);
            }
        }
        if let Some(Value::Array(branches)) = o.get(kw!("anyOf")) {
            let mark = self.errors.len();
            let mut any = false;
            for b in branches {
                let mut sub = Evaluated::default();
                if self.schema(b, data, scope, &mut sub, true) {
                    any = true;
                    ev.merge(&sub);
                    // AJV stops at the first passing branch unless it tracks evaluation.
                    if !(o.contains_key(kw!("unevaluatedProperties"))
                        || o.contains_key(kw!("unevaluatedItems")))
                    {
                        break;
                    }
                }
            }
            if any {
                self.errors.truncate(mark);
            } else {
                self.err(
                    "anyOf",
                    nullable,
                    "must match a schema in anyOf",
                    RawParams::NoneMatched,
                );
                step!(false);
            }
        }
        if let Some(Value::Array(branches)) = o.get(kw!("oneOf")) {
            let mark = self.errors.len();
            let mut passing = 0;
            let mut merged = Evaluated::default();
            for b in branches {
                let mut sub = Evaluated::default();
                if self.schema(b, data, scope, &mut sub, true) {
                    passing += 1;
                    merged.merge(&sub);
                    if passing > 1 {
                        break;
                    }
                }
            }
            if passing == 1 {
                self.errors.truncate(mark);
                ev.merge(&merged);
            } else {
                let params = if passing == 0 {
                    RawParams::NoneMatched
                } else {
                    RawParams::ManyMatched
                };
                self.err(
                    "oneOf",
                    nullable,
                    "must match exactly one schema in oneOf",
                    params,
                );
                step!(false);
            }
        }
        if let Some(Value::Array(parts)) = o.get(kw!("allOf")) {
            for p in parts {
                let mut sub = Evaluated::default();
                let ok = self.schema(p, data, scope, &mut sub, false);
                ev.merge(&sub);
                step!(ok);
            }
        }
        if self.v.draft != Draft::Draft4 {
            if let Some(cond) = o.get(kw!("if")) {
                let (th, el) = (o.get(kw!("then")), o.get(kw!("else")));
                if th.is_some() || el.is_some() {
                    let mark = self.errors.len();
                    let mut sub = Evaluated::default();
                    let cond_ok = self.schema(cond, data, scope, &mut sub, true);
                    self.errors.truncate(mark);
                    // AJV counts what `if` evaluated whether it passed or not, and what
                    // `then` or `else` evaluated only when it passed.
                    ev.merge(&sub);
                    let (branch, name) = if cond_ok { (th, "then") } else { (el, "else") };
                    if let Some(b) = branch {
                        let mut sub2 = Evaluated::default();
                        let ok = self.schema(b, data, scope, &mut sub2, true);
                        if ok {
                            ev.merge(&sub2);
                        }
                        if !ok {
                            self.err(
                                "if",
                                nullable,
                                format!("must match \"{name}\" schema"),
                                RawParams::None,
                            );
                            step!(false);
                        }
                    }
                }
            }
        }
        // Typed groups, in AJV's order.
        for group in [Group::Number, Group::String, Group::Array, Group::Object] {
            if group.applies(data) {
                let ok = match group {
                    Group::Number => self.number(o, data, nullable),
                    Group::String => self.string(o, data, nullable),
                    Group::Array => self.array(o, data, scope, ev, nullable),
                    Group::Object => self.object(o, data, scope, ev, nullable),
                };
                step!(ok);
            }
            if single_group == Some(group) && !type_ok {
                self.err_msg("type", nullable, type_msg(), RawParams::None);
                step!(false);
            }
        }
        // Post keywords.
        if let (Some(u), true) = (o.get(kw!("unevaluatedProperties")), data.is_object()) {
            if !ev.all_props {
                for (k, v) in js_key_order(data) {
                    if ev.props.contains(&k) {
                        continue;
                    }
                    let ok = if u == &Value::Bool(false) {
                        // AJV reports the error at the object with the property as a param.
                        self.err(
                            "unevaluatedProperties",
                            nullable,
                            "must NOT have unevaluated properties",
                            RawParams::AdditionalProperty(k),
                        );
                        false
                    } else {
                        self.path.push(Seg::Key(k));
                        let mut sub = Evaluated::default();
                        let ok = self.schema(u, v, scope, &mut sub, false);
                        self.path.pop();
                        ok
                    };
                    step!(ok);
                }
                ev.all_props = true;
            }
        }
        if let (Some(u), Some(a)) = (o.get(kw!("unevaluatedItems")), data.as_array()) {
            if !ev.all_items && a.len() > ev.items {
                if u == &Value::Bool(false) {
                    self.err(
                        "unevaluatedItems",
                        nullable,
                        format!("must NOT have more than {} items", ev.items),
                        RawParams::None,
                    );
                    step!(false);
                } else {
                    for (i, item) in a.iter().enumerate().skip(ev.items) {
                        self.path.push(Seg::Index(i));
                        let mut sub = Evaluated::default();
                        let ok = self.schema(u, item, scope, &mut sub, false);
                        self.path.pop();
                        step!(ok);
                    }
                }
                ev.all_items = true;
            }
        }
        valid
    }

    fn resolve(&mut self, r: &str, scope: Scope<'a>) -> Option<(&'a Value, Scope<'a>)> {
        let key = (
            r.as_ptr() as usize,
            scope.root as *const Value as usize,
            scope.base.as_ptr() as usize,
        );
        if let Some(hit) = self.refs.get(&key) {
            return *hit;
        }
        let found = self.v.resolve(r, scope);
        self.refs.insert(key, found);
        found
    }

    /// Resolves a reference, recording a missing target as the schema's own fault.
    fn resolve_or_report(&mut self, r: &str, scope: Scope<'a>) -> Option<(&'a Value, Scope<'a>)> {
        let found = self.resolve(r, scope);
        if found.is_none() {
            self.invalid = Some(Invalid::MissingRef(r.to_string()));
        }
        found
    }

    fn reference(
        &mut self,
        r: &str,
        data: &'d T,
        scope: Scope<'a>,
        ev: &mut Evaluated<'d>,
    ) -> bool {
        let Some((target, tscope)) = self.resolve_or_report(r, scope) else {
            return false;
        };
        self.enter(target, data, scope, tscope, ev)
    }

    /// Validates against a referenced schema, entering its resource in the dynamic scope.
    fn enter(
        &mut self,
        target: &'a Value,
        data: &'d T,
        from: Scope<'a>,
        to: Scope<'a>,
        ev: &mut Evaluated<'d>,
    ) -> bool {
        let new_resource = !std::ptr::eq(from.root, to.root);
        if new_resource {
            self.dynamic.push(to);
        }
        let outer_formats = self.formats;
        self.formats = formats_checked_entering(target, to, outer_formats);
        let mut sub = Evaluated::default();
        let ok = self.schema(target, data, to, &mut sub, false);
        self.formats = outer_formats;
        if new_resource {
            self.dynamic.pop();
        }
        ev.merge(&sub);
        ok
    }

    /// `$dynamicRef`: resolved statically, then, when the target declares the same
    /// `$dynamicAnchor`, re-targeted to the outermost resource in scope declaring it.
    fn dynamic_reference(
        &mut self,
        r: &str,
        data: &'d T,
        scope: Scope<'a>,
        ev: &mut Evaluated<'d>,
    ) -> bool {
        let Some((target, tscope)) = self.resolve_or_report(r, scope) else {
            return false;
        };
        let anchor = r.rsplit_once('#').map(|(_, a)| a).unwrap_or("");
        if !anchor.is_empty()
            && target.get("$dynamicAnchor").and_then(Value::as_str) == Some(anchor)
        {
            let outer = self
                .dynamic
                .iter()
                .find(|sc| sc.root.get("$dynamicAnchor").and_then(Value::as_str) == Some(anchor))
                .copied();
            if let Some(to) = outer {
                return self.enter(to.root, data, scope, to, ev);
            }
        }
        self.enter(target, data, scope, tscope, ev)
    }

    fn number(&mut self, o: S<'a>, data: &'d T, nullable: bool) -> bool {
        let all = self.v.all_errors;
        let x = data.as_f64().unwrap_or(0.0);
        let mut valid = true;
        let draft4 = self.v.draft == Draft::Draft4;
        let mut check = |run: &mut Self, kw: &'static str, bad: bool, msg: String| -> bool {
            if bad {
                run.err(kw, nullable, msg, RawParams::None);
                valid = false;
                return !all;
            }
            false
        };
        if let Some(m) = o.get(kw!("maximum")).and_then(Value::as_f64) {
            let excl = draft4 && o.get(kw!("exclusiveMaximum")) == Some(&Value::Bool(true));
            let (bad, op) = if excl { (x >= m, "<") } else { (x > m, "<=") };
            if check(
                self,
                "maximum",
                bad,
                format!("must be {op} {}", show(&o.map["maximum"])),
            ) {
                return false;
            }
        }
        if let Some(m) = o.get(kw!("minimum")).and_then(Value::as_f64) {
            let excl = draft4 && o.get(kw!("exclusiveMinimum")) == Some(&Value::Bool(true));
            let (bad, op) = if excl { (x <= m, ">") } else { (x < m, ">=") };
            if check(
                self,
                "minimum",
                bad,
                format!("must be {op} {}", show(&o.map["minimum"])),
            ) {
                return false;
            }
        }
        if !draft4 {
            if let Some(m) = o.get(kw!("exclusiveMaximum")).and_then(Value::as_f64) {
                if check(
                    self,
                    "exclusiveMaximum",
                    x >= m,
                    format!("must be < {}", show(&o.map["exclusiveMaximum"])),
                ) {
                    return false;
                }
            }
            if let Some(m) = o.get(kw!("exclusiveMinimum")).and_then(Value::as_f64) {
                if check(
                    self,
                    "exclusiveMinimum",
                    x <= m,
                    format!("must be > {}", show(&o.map["exclusiveMinimum"])),
                ) {
                    return false;
                }
            }
        }
        if let Some(m) = o.get(kw!("multipleOf")).and_then(Value::as_f64) {
            let q = x / m;
            let bad = m > 0.0
                && (q - q.round()).abs() > f64::EPSILON * q.abs().max(1.0) * 4.0
                && q.fract() != 0.0;
            if check(
                self,
                "multipleOf",
                bad,
                format!("must be multiple of {}", show(&o.map["multipleOf"])),
            ) {
                return false;
            }
        }
        if let Some(f) = o
            .get(kw!("format"))
            .and_then(Value::as_str)
            .filter(|_| self.formats)
        {
            if check(
                self,
                "format",
                !formats::check_number(f, x),
                format!("must match format \"{f}\""),
            ) {
                return false;
            }
        }
        valid
    }

    fn string(&mut self, o: S<'a>, data: &'d T, nullable: bool) -> bool {
        let all = self.v.all_errors;
        let s = data.as_str().unwrap_or_default();
        let mut valid = true;
        let len = || js_len(s) as f64;
        if let Some(m) = o.get(kw!("maxLength")).and_then(Value::as_f64) {
            if len() > m {
                self.err(
                    "maxLength",
                    nullable,
                    format!(
                        "must NOT have more than {} characters",
                        show(&o.map["maxLength"])
                    ),
                    RawParams::None,
                );
                if !all {
                    return false;
                }
                valid = false;
            }
        }
        if let Some(m) = o.get(kw!("minLength")).and_then(Value::as_f64) {
            if len() < m {
                self.err(
                    "minLength",
                    nullable,
                    format!(
                        "must NOT have fewer than {} characters",
                        show(&o.map["minLength"])
                    ),
                    RawParams::None,
                );
                if !all {
                    return false;
                }
                valid = false;
            }
        }
        if let Some(p) = o.get(kw!("pattern")).and_then(Value::as_str) {
            match self.v.regex(p) {
                Some(re) => {
                    if !re.is_match(s) {
                        self.err(
                            "pattern",
                            nullable,
                            format!("must match pattern \"{p}\""),
                            RawParams::None,
                        );
                        if !all {
                            return false;
                        }
                        valid = false;
                    }
                }
                None => {
                    self.invalid =
                        Some(Invalid::Other(format!("Invalid regular expression: /{p}/")));
                    return false;
                }
            }
        }
        if let Some(f) = o
            .get(kw!("format"))
            .and_then(Value::as_str)
            .filter(|_| self.formats)
        {
            if !formats::check_string(f, s) {
                self.err(
                    "format",
                    nullable,
                    format!("must match format \"{f}\""),
                    RawParams::None,
                );
                valid = false;
            }
        }
        valid
    }

    fn array(
        &mut self,
        o: S<'a>,
        data: &'d T,
        scope: Scope<'a>,
        ev: &mut Evaluated<'d>,
        nullable: bool,
    ) -> bool {
        let all = self.v.all_errors;
        let a = data.as_array().unwrap_or_default();
        let mut valid = true;
        macro_rules! fail {
            () => {{
                valid = false;
                if !all {
                    return false;
                }
            }};
        }
        if let Some(m) = o.get(kw!("maxItems")).and_then(Value::as_f64) {
            if a.len() as f64 > m {
                self.err(
                    "maxItems",
                    nullable,
                    format!("must NOT have more than {} items", show(&o.map["maxItems"])),
                    RawParams::None,
                );
                fail!();
            }
        }
        if let Some(m) = o.get(kw!("minItems")).and_then(Value::as_f64) {
            if (a.len() as f64) < m {
                self.err(
                    "minItems",
                    nullable,
                    format!(
                        "must NOT have fewer than {} items",
                        show(&o.map["minItems"])
                    ),
                    RawParams::None,
                );
                fail!();
            }
        }
        if o.get(kw!("uniqueItems")) == Some(&Value::Bool(true)) {
            if let Some(msg) = duplicate_items(o.map, a) {
                self.err("uniqueItems", nullable, msg, RawParams::None);
                fail!();
            }
        }
        let draft4ish = matches!(self.v.draft, Draft::Draft4 | Draft::Draft7);
        let tuple: Option<&Vec<Value>> = if draft4ish {
            o.get(kw!("items")).and_then(Value::as_array)
        } else {
            o.get(kw!("prefixItems")).and_then(Value::as_array)
        };
        if draft4ish {
            if let (Some(t), Some(extra)) = (tuple, o.get(kw!("additionalItems"))) {
                if a.len() > t.len() {
                    if extra == &Value::Bool(false) {
                        self.err(
                            "additionalItems",
                            nullable,
                            format!("must NOT have more than {} items", t.len()),
                            RawParams::None,
                        );
                        fail!();
                    } else {
                        for (i, item) in a.iter().enumerate().skip(t.len()) {
                            self.path.push(Seg::Index(i));
                            let mut sub = Evaluated::default();
                            let ok = self.schema(extra, item, scope, &mut sub, false);
                            self.path.pop();
                            if !ok {
                                fail!();
                            }
                        }
                    }
                    ev.all_items = true;
                }
            }
        }
        if let Some(t) = tuple {
            for (i, (item, s)) in a.iter().zip(t).enumerate() {
                self.path.push(Seg::Index(i));
                let mut sub = Evaluated::default();
                let ok = self.schema(s, item, scope, &mut sub, false);
                self.path.pop();
                if !ok {
                    fail!();
                }
            }
            ev.items = ev.items.max(t.len().min(a.len()));
        }
        let each = match o.get(kw!("items")) {
            Some(s) if !s.is_array() => Some(s),
            _ => None,
        };
        if let Some(s) = each {
            let skip = if draft4ish {
                0
            } else {
                tuple.map_or(0, Vec::len)
            };
            // AJV checks `items: false` after `prefixItems` as a bound on the array's length,
            // not item by item.
            if !draft4ish && tuple.is_some() && s == &Value::Bool(false) && a.len() > skip {
                self.err(
                    "items",
                    nullable,
                    format!("must NOT have more than {skip} items"),
                    RawParams::None,
                );
                fail!();
            }
            for (i, item) in a.iter().enumerate().skip(skip) {
                self.path.push(Seg::Index(i));
                let mut sub = Evaluated::default();
                let ok = self.schema(s, item, scope, &mut sub, false);
                self.path.pop();
                if !ok {
                    fail!();
                }
            }
            ev.all_items = true;
        }
        if let Some(c) = o
            .get(kw!("contains"))
            .filter(|_| self.v.draft != Draft::Draft4)
        {
            let min = o
                .get(kw!("minContains"))
                .and_then(Value::as_u64)
                .unwrap_or(1) as usize;
            let max = o.get(kw!("maxContains")).and_then(Value::as_u64);
            let mark = self.errors.len();
            let mut count = 0;
            for (i, item) in a.iter().enumerate() {
                self.path.push(Seg::Index(i));
                let mut sub = Evaluated::default();
                if self.schema(c, item, scope, &mut sub, true) {
                    count += 1;
                }
                self.path.pop();
            }
            self.errors.truncate(mark);
            if count < min || max.is_some_and(|m| count as u64 > m) {
                let msg = match max {
                    Some(m) => {
                        format!("must contain at least {min} and no more than {m} valid item(s)")
                    }
                    None => format!("must contain at least {min} valid item(s)"),
                };
                self.err("contains", nullable, msg, RawParams::None);
                fail!();
            }
        }
        valid
    }

    fn object(
        &mut self,
        o: S<'a>,
        data: &'d T,
        scope: Scope<'a>,
        ev: &mut Evaluated<'d>,
        nullable: bool,
    ) -> bool {
        let all = self.v.all_errors;
        if !data.is_object() {
            return true;
        }
        let d = data;
        let mut valid = true;
        macro_rules! fail {
            () => {{
                valid = false;
                if !all {
                    return false;
                }
            }};
        }
        if let Some(m) = o.get(kw!("maxProperties")).and_then(Value::as_f64) {
            if d.member_count() as f64 > m {
                self.err(
                    "maxProperties",
                    nullable,
                    format!(
                        "must NOT have more than {} properties",
                        show(&o.map["maxProperties"])
                    ),
                    RawParams::None,
                );
                fail!();
            }
        }
        if let Some(m) = o.get(kw!("minProperties")).and_then(Value::as_f64) {
            if (d.member_count() as f64) < m {
                self.err(
                    "minProperties",
                    nullable,
                    format!(
                        "must NOT have fewer than {} properties",
                        show(&o.map["minProperties"])
                    ),
                    RawParams::None,
                );
                fail!();
            }
        }
        if let Some(Value::Array(req)) = o.get(kw!("required")) {
            for r in req.iter().filter_map(Value::as_str) {
                if d.member(r).is_none() {
                    self.err_msg(
                        "required",
                        nullable,
                        Msg::Required(r),
                        RawParams::Missing(Cow::Borrowed(r)),
                    );
                    fail!();
                }
            }
        }
        if let Some(pn) = o
            .get(kw!("propertyNames"))
            .filter(|_| self.v.draft != Draft::Draft4)
        {
            for (k, _) in js_key_order(d) {
                // The name is a temporary value: validate it in a run of its own. AJV keeps
                // the name's errors, at the object's path, before its own.
                let name = Value::String(k.to_owned());
                let (ok, inner) = {
                    let mut sub = Run::<Value> {
                        v: self.v,
                        track: self.track,
                        dynamic: self.dynamic.clone(),
                        errors: Vec::new(),
                        path: Vec::new(),
                        invalid: None,
                        depth: self.depth,
                        refs: HashMap::default(),
                        deepest: self.depth,
                        memo: None,
                        formats: self.formats,
                        instance: std::marker::PhantomData,
                    };
                    let mut e = Evaluated::default();
                    let ok = sub.schema(pn, &name, scope, &mut e, false);
                    if sub.invalid.is_some() {
                        self.invalid = sub.invalid;
                    }
                    let inner: Vec<_> = sub
                        .errors
                        .into_iter()
                        .map(|e| (e.keyword, e.nullable, e.message, e.params.without_data()))
                        .collect();
                    (ok, inner)
                };
                for (keyword, nullable, message, params) in inner {
                    self.err_msg(keyword, nullable, message, params);
                }
                if !ok {
                    self.err(
                        "propertyNames",
                        nullable,
                        "property name must be valid",
                        RawParams::None,
                    );
                    fail!();
                }
            }
        }
        let props = o.get(kw!("properties")).and_then(Value::as_object);
        let pattern_props = o.get(kw!("patternProperties")).and_then(Value::as_object);
        let patterns: Vec<(Option<Re>, &Value)> = pattern_props
            .map(|m| m.iter().map(|(p, s)| (self.v.regex(p), s)).collect())
            .unwrap_or_default();
        let additional = o.get(kw!("additionalProperties"));
        // The data's keys in JavaScript's order, listed once for both loops below.
        let keys = if additional.is_some() || !patterns.is_empty() {
            js_key_order(d)
        } else {
            Vec::new()
        };
        if let Some(ap) = additional {
            for &(k, v) in &keys {
                let known = props.is_some_and(|p| has(p, k))
                    || patterns
                        .iter()
                        .any(|(re, _)| re.as_ref().is_some_and(|r| r.is_match(k)));
                if known {
                    continue;
                }
                if ap == &Value::Bool(false) {
                    self.err(
                        "additionalProperties",
                        nullable,
                        "must NOT have additional properties",
                        RawParams::AdditionalProperty(k),
                    );
                    fail!();
                } else {
                    self.path.push(Seg::Key(k));
                    let mut sub = Evaluated::default();
                    let ok = self.schema(ap, v, scope, &mut sub, false);
                    self.path.pop();
                    if !ok {
                        fail!();
                    }
                }
            }
            ev.all_props = true;
        }
        if let Some(Value::Object(deps)) = o.get(kw!("dependencies")) {
            for (k, dep) in deps {
                if d.member(k).is_none() {
                    continue;
                }
                match dep {
                    Value::Array(names) => {
                        let missing: Vec<&str> = names
                            .iter()
                            .filter_map(Value::as_str)
                            .filter(|n| d.member(n).is_none())
                            .collect();
                        if !missing.is_empty() {
                            let noun = if names.len() == 1 {
                                "property"
                            } else {
                                "properties"
                            };
                            let list = names
                                .iter()
                                .filter_map(Value::as_str)
                                .collect::<Vec<_>>()
                                .join(", ");
                            self.err(
                                "dependencies",
                                nullable,
                                format!("must have {noun} {list} when property {k} is present"),
                                RawParams::None,
                            );
                            fail!();
                        }
                    }
                    s => {
                        let mut sub = Evaluated::default();
                        let ok = self.schema(s, data, scope, &mut sub, false);
                        ev.merge(&sub);
                        if !ok {
                            fail!();
                        }
                    }
                }
            }
        }
        if let Some(p) = props {
            let present = key_bits(d.members().map(|(k, _)| k));
            for (k, s) in p {
                // Most of a schema's properties are absent from the data: the key summary
                // says so without a scan of the data's members.
                if present & key_bit(k) == 0 {
                    continue;
                }
                // Only keys the data has matter to `unevaluatedProperties`.
                if let Some((dk, v)) = d.member(k) {
                    self.path.push(Seg::Key(dk));
                    let mut sub = Evaluated::default();
                    let ok = self.schema(s, v, scope, &mut sub, false);
                    self.path.pop();
                    if !ok {
                        fail!();
                    }
                    if self.track && !ev.props.contains(&dk) {
                        ev.props.push(dk);
                    }
                }
            }
        }
        for (re, s) in &patterns {
            let Some(re) = re else { continue };
            for &(k, v) in &keys {
                if !re.is_match(k) {
                    continue;
                }
                self.path.push(Seg::Key(k));
                let mut sub = Evaluated::default();
                let ok = self.schema(s, v, scope, &mut sub, false);
                self.path.pop();
                if self.track && !ev.props.contains(&k) {
                    ev.props.push(k);
                }
                if !ok {
                    fail!();
                }
            }
        }
        if self.v.draft == Draft::Draft2019 || self.v.draft == Draft::Draft2020 {
            if let Some(Value::Object(deps)) = o.get(kw!("dependentRequired")) {
                for (k, names) in deps {
                    if d.member(k).is_none() {
                        continue;
                    }
                    for n in names
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        if d.member(n).is_none() {
                            self.err(
                                "dependentRequired",
                                nullable,
                                format!("must have property {n} when property {k} is present"),
                                RawParams::None,
                            );
                            fail!();
                        }
                    }
                }
            }
            if let Some(Value::Object(deps)) = o.get(kw!("dependentSchemas")) {
                for (k, s) in deps {
                    if d.member(k).is_some() {
                        let mut sub = Evaluated::default();
                        let ok = self.schema(s, data, scope, &mut sub, false);
                        ev.merge(&sub);
                        if !ok {
                            fail!();
                        }
                    }
                }
            }
        }
        valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The memo's keys hold schema addresses, so it only takes schemas that live as long
    /// as it does: the registry's own.
    #[test]
    fn only_registered_schemas_are_remembered() {
        let schema = json!({
            "$id": "https://example.com/nested",
            "type": "object",
            "properties": {"a": {"type": "object", "properties": {"b": {"required": ["x"]}}}}
        });
        let data = json!({"a": {"b": {"c": {}}}});
        let mut reg = Registry::default();
        let remembered = |reg: &Registry, schema: &Value| {
            let mut v = Validator::new(Draft::Draft7, true, Some(reg));
            v.track = false;
            v.remember_subtrees = true;
            let errors = v.validate(schema, &data).expect("compiles");
            assert_eq!(errors.len(), 1, "{errors:?}");
            reg.subtrees.lock().unwrap().len()
        };
        assert_eq!(remembered(&reg, &schema), 0, "a schema of the caller's");
        reg.add(schema);
        let registered = &reg.by_id["https://example.com/nested"];
        assert!(remembered(&reg, registered) > 0, "a registered schema");
    }

    /// Anchored plain patterns (`^x-`) are prefix tests that match what the regex matches.
    #[test]
    fn anchored_literals_match_like_the_regex() {
        let v = Validator::new(Draft::Draft4, false, None);
        assert!(matches!(v.regex("^x-"), Some(Re::Prefix(_))));
        assert!(matches!(v.regex("^\\$ref$"), Some(Re::Full(_))));
        for p in ["^x-", "^/", "^\\/", "^\\$ref$", "^[1-5]", "x-"] {
            let re = Regex::with_flags(p, "").unwrap();
            for k in ["x-a", "x", "X-a", "/p", "a/", "$ref", "", "é-x", "ax-"] {
                assert_eq!(
                    v.regex(p).unwrap().is_match(k),
                    re.find(k).is_some(),
                    "{p} {k}"
                );
            }
        }
    }

    /// The run-time keyword bits and the compile-time ones (`kw!`) agree.
    #[test]
    fn keyword_bits_agree() {
        for (i, k) in KEYWORDS.iter().enumerate() {
            assert_eq!(bit_of(k), 1 << i, "{k}");
            assert_eq!(keyword_bit(k), 1 << i, "{k}");
        }
        assert_eq!(bit_of("description"), 0);
    }

    fn errs(schema: Value, data: Value, all: bool) -> Vec<(String, String)> {
        errs_in(Draft::Draft4, &schema, data, all)
    }

    /// (instance path, message) of each error.
    fn errs_in(draft: Draft, schema: &Value, data: Value, all: bool) -> Vec<(String, String)> {
        Validator::new(draft, all, None)
            .validate(schema, &data)
            .unwrap()
            .into_iter()
            .map(|e| (e.instance_path.join("/"), e.message))
            .collect()
    }

    #[test]
    fn first_error_only_without_all_errors() {
        let s = json!({"type": "object", "required": ["a", "b"], "properties": {"c": {"type": "string"}}});
        assert_eq!(
            errs(s.clone(), json!({"c": 1}), false),
            [("".into(), "must have required property 'a'".into())]
        );
        assert_eq!(errs(s, json!({"c": 1}), true).len(), 3);
    }

    /// AJV checks `type` before the untyped keywords (`enum`) unless the one declared type
    /// has a group with keywords in the schema; `integer` has none, `number` does.
    #[test]
    fn an_integer_type_is_checked_before_enum() {
        let first = |t: &str| {
            let s = json!({"type": t, "minimum": 1, "enum": ["a"]});
            errs(s, json!({"x": 1}), false).remove(0).1
        };
        assert_eq!(first("integer"), "must be integer");
        assert_eq!(
            first("number"),
            "must be equal to one of the allowed values"
        );
    }

    /// `items: false` after `prefixItems` bounds the array's length, as AJV words it.
    #[test]
    fn items_false_after_prefix_items_bounds_the_length() {
        let s = json!({"prefixItems": [{}, {}], "items": false});
        assert_eq!(
            errs_in(Draft::Draft2020, &s, json!([1, 2, 3]), false),
            [(String::new(), "must NOT have more than 2 items".to_string())]
        );
        assert!(errs_in(Draft::Draft2020, &s, json!([1, 2]), false).is_empty());
    }

    /// What a failing `then` evaluated is not evaluated for `unevaluatedProperties`
    /// (AJV's output for these three objects).
    #[test]
    fn a_failing_then_evaluates_nothing() {
        let s = json!({
            "properties": {"t": {}},
            "allOf": [{"if": {"properties": {"t": {"const": "a"}}}, "then": {"properties": {"f": {"type": "string"}}}}],
            "unevaluatedProperties": false
        });
        let keywords = |data: Value| errs_in(Draft::Draft2020, &s, data, true);
        assert_eq!(
            keywords(json!({"t": "a", "f": 1})),
            [
                ("f".to_string(), "must be string".to_string()),
                (String::new(), "must match \"then\" schema".to_string()),
                (
                    String::new(),
                    "must NOT have unevaluated properties".to_string()
                ),
            ]
        );
        assert!(keywords(json!({"t": "a", "f": "x"})).is_empty());
        assert_eq!(keywords(json!({"t": "b", "f": "x"})).len(), 1);
    }

    #[test]
    fn nullable_and_refs() {
        let s = json!({"type": "string", "nullable": true});
        assert!(errs(s, json!(null), false).is_empty());
        let bad = json!({"nullable": true});
        assert!(matches!(
            Validator::new(Draft::Draft4, false, None).validate(&bad, &json!(1)),
            Err(Invalid::Other(_))
        ));
        let missing = json!({"$ref": "#/components/schemas/X"});
        assert!(matches!(
            Validator::new(Draft::Draft4, false, None).validate(&missing, &json!(1)),
            Err(Invalid::MissingRef(_))
        ));
        let local = json!({"definitions": {"a": {"type": "integer"}}, "$ref": "#/definitions/a"});
        assert_eq!(
            errs(local, json!("x"), false),
            [("".into(), "must be integer".into())]
        );
    }

    #[test]
    fn any_of_keeps_branch_errors_when_nothing_matches() {
        let s = json!({"anyOf": [{"type": "string"}, {"type": "object", "required": ["a"]}]});
        let e = errs(s.clone(), json!({}), false);
        assert_eq!(e.len(), 3);
        assert!(errs(s, json!("ok"), false).is_empty());
    }
}
