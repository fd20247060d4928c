//! Data from schemas. Static mode follows Prism's sampler (`"string"`, `0`, fixed format
//! samples, first enum value, `example`/`default`) but also honours `pattern`, lengths,
//! ranges and `multipleOf`; dynamic mode draws from a seeded RNG. Callers validate the
//! result and retry with another `variant` (next oneOf branch, no schema examples) when a
//! sample does not satisfy its schema.

use crate::model::{Api, Dialect};
use crate::schema::{hidden, Direction};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Options {
    pub dynamic: bool,
    /// Dynamic mode: optional properties too (Prism's `fillProperties`).
    pub fill_properties: bool,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// Retry number: 0 uses schema examples; higher ones skip them and rotate branches.
    pub variant: u32,
}

pub struct Generator<'a> {
    api: &'a Api,
    dir: Direction,
    opts: Options,
    rng: StdRng,
    stack: Vec<String>,
    patterns: &'a Patterns,
}

/// A `pattern` ready to generate from: the sampler and the validator's own reading of the
/// pattern (ECMA-like) that each sample is checked with. `None`: the pattern cannot be
/// generated from.
type CompiledPattern = Option<Arc<(rand_regex::Regex, jsonschema::Validator)>>;

/// Compiled patterns per engine: compiling a regex (twice) per generated string made
/// pattern-heavy responses the slowest part of a request.
#[derive(Default)]
pub struct Patterns(Mutex<HashMap<String, CompiledPattern>>);

impl Patterns {
    fn get(&self, pattern: &str) -> CompiledPattern {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = map.get(pattern) {
            return p.clone();
        }
        let compiled = compile_pattern(pattern).map(Arc::new);
        map.insert(pattern.to_string(), compiled.clone());
        compiled
    }
}

fn compile_pattern(pattern: &str) -> Option<(rand_regex::Regex, jsonschema::Validator)> {
    // rand_regex cannot generate look-arounds; an anchored pattern's body is enough
    // (each sample is checked against the full pattern).
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let body = match body.strip_suffix('$') {
        Some(b) if !b.ends_with('\\') => b,
        _ => body,
    };
    // ASCII classes first (readable samples); a negated class such as `[^/]` is only
    // expressible with Unicode classes, which are then narrowed to printable ASCII where
    // that leaves something to draw from.
    let parse = |unicode: bool| {
        regex_syntax::ParserBuilder::new()
            .unicode(unicode)
            .utf8(true)
            .build()
            .parse(body)
            .ok()
    };
    let hir = match parse(false) {
        Some(h) => h,
        None => printable(parse(true)?),
    };
    let gen = rand_regex::Regex::with_hir(hir, 8).ok()?;
    let check = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&json!({"type": "string", "pattern": pattern}))
        .ok()?;
    Some((gen, check))
}

const MAX_DEPTH: usize = 16;
/// Past this depth objects carry only required properties, so wide recursive specs
/// (Stripe's expandable objects) stay small.
const CUT_DEPTH: usize = 6;
/// A `$ref` already open this many times on the stack is cut (Prism's sampler output shape).
const REF_REPEAT: usize = 2;

const WORDS: [&str; 16] = [
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "labore",
    "magna",
    "aliqua",
];

impl<'a> Generator<'a> {
    pub fn new(
        api: &'a Api,
        patterns: &'a Patterns,
        dir: Direction,
        opts: Options,
        seed: u64,
    ) -> Generator<'a> {
        Generator {
            api,
            dir,
            opts,
            rng: StdRng::seed_from_u64(seed),
            stack: Vec::new(),
            patterns,
        }
    }

    pub fn generate(&mut self, schema: &Value) -> Value {
        self.gen(schema, 0, false)
    }

    fn gen(&mut self, schema: &Value, depth: usize, cut: bool) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        let Some(obj) = schema.as_object() else {
            return match schema {
                Value::Bool(false) => Value::Null,
                _ => json!({}),
            };
        };
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            let api = self.api;
            let Some(target) = crate::model::lookup(&api.doc, r) else {
                return json!({});
            };
            let open = self.stack.iter().filter(|s| *s == r).count();
            // 3.1: siblings of `$ref` apply too (merged like allOf, without copying the target).
            let target: Cow<Value> = if self.api.dialect == Dialect::Oas31 && obj.len() > 1 {
                let mut rest = obj.clone();
                rest.remove("$ref");
                Cow::Owned(json!({"allOf": [{"$ref": r}, Value::Object(rest)]}))
            } else {
                Cow::Borrowed(target)
            };
            self.stack.push(r.to_string());
            let v = self.gen(&target, depth + 1, cut || open >= REF_REPEAT);
            self.stack.pop();
            return v;
        }
        if let Some(Value::Array(all)) = obj.get("allOf") {
            let mut merged = Map::new();
            for (k, v) in obj {
                if k != "allOf" {
                    merged.insert(k.clone(), v.clone());
                }
            }
            for s in all {
                self.merge_into(&mut merged, s, 0);
            }
            return self.gen(&Value::Object(merged), depth + 1, cut);
        }
        if let Some(c) = obj.get("const") {
            return c.clone();
        }
        let use_examples = self.opts.variant == 0;
        if !self.opts.dynamic && use_examples {
            if let Some(e) = obj.get("example") {
                return e.clone();
            }
            if let Some(e) = obj
                .get("examples")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
            {
                return e.clone();
            }
        }
        if use_examples {
            if let Some(d) = obj.get("default") {
                return d.clone();
            }
        }
        if let Some(Value::Array(e)) = obj.get("enum") {
            let candidates: Vec<&Value> = e.iter().filter(|v| !v.is_null()).collect();
            if !candidates.is_empty() {
                let i = if self.opts.dynamic {
                    self.rng.random_range(0..candidates.len())
                } else {
                    0
                };
                return candidates[i].clone();
            }
            if let Some(v) = e.first() {
                return v.clone();
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(branches)) = obj.get(key) {
                if branches.is_empty() {
                    continue;
                }
                let i = if self.opts.dynamic {
                    self.rng.random_range(0..branches.len())
                } else {
                    self.opts.variant.saturating_sub(1) as usize % branches.len()
                };
                let branch = &branches[i];
                let mut merged = Map::new();
                for (k, v) in obj {
                    if k != key && k != "discriminator" {
                        merged.insert(k.clone(), v.clone());
                    }
                }
                self.merge_into(&mut merged, branch, 0);
                let mut value = self.gen(&Value::Object(merged), depth + 1, cut);
                if let (Some(d), Some(map)) = (obj.get("discriminator"), value.as_object_mut()) {
                    self.set_discriminator(d, branch, map);
                }
                return value;
            }
        }
        let ty = schema_type(obj);
        match ty.as_deref() {
            Some("string") => Value::String(self.string(obj)),
            Some("integer") => self.number(obj, true),
            Some("number") => self.number(obj, false),
            Some("boolean") => Value::Bool(if self.opts.dynamic {
                self.rng.random_bool(0.5)
            } else {
                true
            }),
            Some("null") => Value::Null,
            Some("array") => self.array(obj, depth, cut || depth > CUT_DEPTH),
            Some("object") => self.object(obj, depth, cut || depth > CUT_DEPTH),
            _ => json!({}),
        }
    }

    fn set_discriminator(&self, d: &Value, branch: &Value, map: &mut Map<String, Value>) {
        let Some(prop) = d.get("propertyName").and_then(Value::as_str) else {
            return;
        };
        let Some(r) = branch.get("$ref").and_then(Value::as_str) else {
            return;
        };
        let mapped = d.get("mapping").and_then(Value::as_object).and_then(|m| {
            m.iter()
                .find(|(_, v)| v.as_str() == Some(r))
                .map(|(k, _)| k.clone())
        });
        let name = mapped.unwrap_or_else(|| r.rsplit('/').next().unwrap_or(r).to_string());
        map.insert(prop.to_string(), Value::String(name));
    }

    /// allOf merge: properties and required unite; other keywords: the member's wins unless
    /// already set (numeric bounds keep the tighter one).
    fn merge_into(&self, into: &mut Map<String, Value>, s: &Value, depth: usize) {
        if depth > 8 {
            return;
        }
        let s = crate::model::follow(&self.api.doc, s);
        let Some(obj) = s.as_object() else {
            return;
        };
        for (k, v) in obj {
            match k.as_str() {
                "allOf" => {
                    for x in v.as_array().into_iter().flatten() {
                        self.merge_into(into, x, depth + 1);
                    }
                }
                "properties" => {
                    let entry = into.entry("properties").or_insert_with(|| json!({}));
                    if let (Some(dst), Some(src)) = (entry.as_object_mut(), v.as_object()) {
                        for (pk, pv) in src {
                            match dst.get(pk) {
                                Some(existing) if existing != pv => {
                                    let both = json!({"allOf": [existing.clone(), pv.clone()]});
                                    dst.insert(pk.clone(), both);
                                }
                                _ => {
                                    dst.insert(pk.clone(), pv.clone());
                                }
                            }
                        }
                    }
                }
                "required" => {
                    let entry = into.entry("required").or_insert_with(|| json!([]));
                    if let (Some(dst), Some(src)) = (entry.as_array_mut(), v.as_array()) {
                        for r in src {
                            if !dst.contains(r) {
                                dst.push(r.clone());
                            }
                        }
                    }
                }
                "minimum" | "minLength" | "minItems" | "minProperties" => {
                    let keep = match (into.get(k).and_then(Value::as_f64), v.as_f64()) {
                        (Some(a), Some(b)) => b > a,
                        _ => true,
                    };
                    if keep {
                        into.insert(k.clone(), v.clone());
                    }
                }
                "maximum" | "maxLength" | "maxItems" | "maxProperties" => {
                    let keep = match (into.get(k).and_then(Value::as_f64), v.as_f64()) {
                        (Some(a), Some(b)) => b < a,
                        _ => true,
                    };
                    if keep {
                        into.insert(k.clone(), v.clone());
                    }
                }
                _ => {
                    if !into.contains_key(k) {
                        into.insert(k.clone(), v.clone());
                    }
                }
            }
        }
    }

    fn string(&mut self, obj: &Map<String, Value>) -> String {
        let min = obj.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = obj
            .get("maxLength")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        if let Some(p) = obj.get("pattern").and_then(Value::as_str) {
            if let Some(s) = self.sample_pattern(p, min, max) {
                return s;
            }
        }
        let format = obj.get("format").and_then(Value::as_str).unwrap_or("");
        let base = if self.opts.dynamic {
            self.dynamic_format(format)
        } else {
            None
        }
        .or_else(|| static_format(format).map(String::from));
        let s = match base {
            Some(s) => return s,
            None if self.opts.dynamic => {
                let n = self.rng.random_range(1..4);
                (0..n)
                    .map(|_| WORDS[self.rng.random_range(0..WORDS.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            None => "string".to_string(),
        };
        fit_length(s, min, max)
    }

    fn sample_pattern(&mut self, pattern: &str, min: usize, max: Option<usize>) -> Option<String> {
        let compiled = self.patterns.get(pattern)?;
        let (gen, check) = &*compiled;
        // A fixed stream per pattern in static mode: the same spec gives the same data.
        let mut local;
        let rng: &mut StdRng = if self.opts.dynamic {
            &mut self.rng
        } else {
            local = StdRng::seed_from_u64(fnv(pattern.as_bytes()) ^ self.opts.variant as u64);
            &mut local
        };
        for _ in 0..32 {
            let s: String = rng.sample(gen);
            let n = s.chars().count();
            if n >= min && max.is_none_or(|m| n <= m) && check.is_valid(&Value::String(s.clone())) {
                return Some(s);
            }
        }
        None
    }

    fn dynamic_format(&mut self, format: &str) -> Option<String> {
        let r = &mut self.rng;
        Some(match format {
            "uuid" => {
                let b: [u8; 16] = r.random();
                format!(
                    "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
                    u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
                    u16::from_be_bytes([b[4], b[5]]),
                    u16::from_be_bytes([b[6], b[7]]) & 0xfff,
                    8 + (b[8] & 3),
                    u16::from_be_bytes([b[9], b[10]]) & 0xfff,
                    u64::from_be_bytes([0, 0, b[10], b[11], b[12], b[13], b[14], b[15]])
                )
            }
            "date-time" => format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                r.random_range(1990..2030),
                r.random_range(1..13),
                r.random_range(1..29),
                r.random_range(0..24),
                r.random_range(0..60),
                r.random_range(0..60)
            ),
            "date" => format!(
                "{:04}-{:02}-{:02}",
                r.random_range(1990..2030),
                r.random_range(1..13),
                r.random_range(1..29)
            ),
            "email" => format!(
                "{}{}@example.com",
                WORDS[r.random_range(0..WORDS.len())],
                r.random_range(1..1000)
            ),
            "ipv4" => format!(
                "{}.{}.{}.{}",
                r.random_range(1..255),
                r.random_range(0..256),
                r.random_range(0..256),
                r.random_range(1..255)
            ),
            "uri" | "url" => format!(
                "https://example.com/{}",
                WORDS[r.random_range(0..WORDS.len())]
            ),
            "hostname" => format!("{}.example.com", WORDS[r.random_range(0..WORDS.len())]),
            _ => return None,
        })
    }

    fn number(&mut self, obj: &Map<String, Value>, integer: bool) -> Value {
        let legacy = self.api.dialect != Dialect::Oas31;
        let mut lo = obj.get("minimum").and_then(Value::as_f64);
        let mut hi = obj.get("maximum").and_then(Value::as_f64);
        let mut lo_ex = false;
        let mut hi_ex = false;
        match obj.get("exclusiveMinimum") {
            Some(Value::Bool(true)) if legacy => lo_ex = true,
            Some(v) if v.is_number() => {
                lo = v.as_f64();
                lo_ex = true;
            }
            _ => {}
        }
        match obj.get("exclusiveMaximum") {
            Some(Value::Bool(true)) if legacy => hi_ex = true,
            Some(v) if v.is_number() => {
                hi = v.as_f64();
                hi_ex = true;
            }
            _ => {}
        }
        let step = obj
            .get("multipleOf")
            .and_then(Value::as_f64)
            .filter(|m| *m > 0.0)
            .unwrap_or(if integer { 1.0 } else { 0.0 });
        let start = if self.opts.dynamic {
            let a = lo.unwrap_or(hi.map_or(0.0, |h| h - 1000.0));
            let b = hi.unwrap_or(a + 1000.0).max(a);
            if b > a {
                self.rng.random_range(a..=b)
            } else {
                a
            }
        } else {
            let mut c = 0.0f64;
            if let Some(l) = lo {
                c = c.max(l);
            }
            if let Some(h) = hi {
                c = c.min(h);
            }
            c
        };
        let n = snap(start, lo, lo_ex, hi, hi_ex, step, integer);
        if integer || (n.fract() == 0.0 && n.abs() < 9.0e15) {
            json!(n as i64)
        } else {
            json!(n)
        }
    }

    fn array(&mut self, obj: &Map<String, Value>, depth: usize, cut: bool) -> Value {
        let min = obj.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max = obj.get("maxItems").and_then(Value::as_u64);
        let prefix: &[Value] = obj
            .get("prefixItems")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let items = obj.get("items").filter(|i| i.is_object());
        let contains = obj.get("contains");
        let mut n = if cut {
            min
        } else if self.opts.dynamic {
            let a = self.opts.min_items.unwrap_or(min).max(min);
            let b = self.opts.max_items.unwrap_or(a + 2).max(a);
            self.rng.random_range(a..=b)
        } else {
            min.max(1)
        };
        if let Some(m) = max {
            n = n.min(m);
        }
        if items.is_none() && contains.is_none() && prefix.is_empty() {
            n = min;
        }
        let unique = obj.get("uniqueItems").and_then(Value::as_bool) == Some(true);
        let mut out: Vec<Value> = Vec::new();
        for i in 0..n as usize {
            let any = Value::Object(Map::new());
            let schema = if let Some(p) = prefix.get(i) {
                p
            } else if let Some(c) = contains.filter(|_| i == 0 || items.is_none()) {
                c
            } else {
                items.unwrap_or(&any)
            };
            let mut v = self.gen(schema, depth + 1, cut);
            if unique && out.contains(&v) {
                // Static samples repeat; draw the extra items from the RNG instead.
                let was = self.opts.dynamic;
                self.opts.dynamic = true;
                for _ in 0..8 {
                    v = self.gen(schema, depth + 1, cut);
                    if !out.contains(&v) {
                        break;
                    }
                }
                self.opts.dynamic = was;
            }
            out.push(v);
        }
        Value::Array(out)
    }

    fn object(&mut self, obj: &Map<String, Value>, depth: usize, cut: bool) -> Value {
        let required: Vec<&str> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let only_required = cut || (self.opts.dynamic && !self.opts.fill_properties);
        let mut out = Map::new();
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for (name, p) in props {
                if hidden(self.api, p, self.dir) {
                    continue;
                }
                if only_required && !required.contains(&name.as_str()) {
                    continue;
                }
                let v = self.gen(p, depth + 1, cut);
                out.insert(name.clone(), v);
            }
        }
        let extra = obj.get("additionalProperties").filter(|a| a.is_object());
        for r in &required {
            if !out.contains_key(*r)
                && !obj
                    .get("properties")
                    .and_then(|p| p.get(*r))
                    .is_some_and(|p| hidden(self.api, p, self.dir))
            {
                let v = match extra {
                    Some(s) => self.gen(s, depth + 1, cut),
                    None => Value::String("string".into()),
                };
                out.insert(r.to_string(), v);
            }
        }
        let min_props = obj
            .get("minProperties")
            .and_then(Value::as_u64)
            .unwrap_or(0) as usize;
        let closed = obj.get("additionalProperties") == Some(&Value::Bool(false));
        let mut i = 0;
        while out.len() < min_props && !closed && i < 64 {
            let v = match extra {
                Some(s) => self.gen(s, depth + 1, cut),
                None => Value::String("string".into()),
            };
            out.insert(format!("property{i}"), v);
            i += 1;
        }
        Value::Object(out)
    }
}

/// `hir` with every character class narrowed to printable ASCII when the class has some.
fn printable(hir: regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let mut narrowed = c.clone();
            narrowed.intersect(&ClassUnicode::new([ClassUnicodeRange::new(' ', '~')]));
            if narrowed.ranges().is_empty() {
                Hir::class(Class::Unicode(c))
            } else {
                Hir::class(Class::Unicode(narrowed))
            }
        }
        HirKind::Repetition(mut r) => {
            r.sub = Box::new(printable(*r.sub));
            Hir::repetition(r)
        }
        HirKind::Capture(mut c) => {
            c.sub = Box::new(printable(*c.sub));
            Hir::capture(c)
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(printable).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(printable).collect()),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Class(c) => Hir::class(c),
        HirKind::Look(l) => Hir::look(l),
    }
}

fn snap(
    start: f64,
    lo: Option<f64>,
    lo_ex: bool,
    hi: Option<f64>,
    hi_ex: bool,
    step: f64,
    integer: bool,
) -> f64 {
    let ok = |x: f64| {
        lo.is_none_or(|l| if lo_ex { x > l } else { x >= l })
            && hi.is_none_or(|h| if hi_ex { x < h } else { x <= h })
    };
    if step > 0.0 {
        let mut c = (start / step).round() * step;
        if integer {
            c = c.round();
        }
        for k in 0..64 {
            for cand in [c + k as f64 * step, c - k as f64 * step] {
                if ok(cand) && (!integer || cand.fract() == 0.0) {
                    return cand;
                }
            }
        }
        return c;
    }
    if ok(start) {
        return start;
    }
    match (lo, hi) {
        (Some(l), Some(h)) => (l + h) / 2.0,
        (Some(l), None) => l + 1.0,
        (None, Some(h)) => h - 1.0,
        _ => start,
    }
}

fn fit_length(mut s: String, min: usize, max: Option<usize>) -> String {
    while s.chars().count() < min {
        s.push_str("string");
    }
    let limit = max.unwrap_or(usize::MAX).max(min);
    if s.chars().count() > limit {
        s = s.chars().take(limit).collect();
    }
    s
}

pub fn schema_type(obj: &Map<String, Value>) -> Option<String> {
    match obj.get("type") {
        Some(Value::String(t)) => Some(t.clone()),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .or_else(|| ts.first().and_then(Value::as_str))
            .map(String::from),
        _ => {
            if obj.contains_key("properties")
                || obj.contains_key("additionalProperties")
                || obj.contains_key("required")
            {
                Some("object".into())
            } else if obj.contains_key("items") || obj.contains_key("prefixItems") {
                Some("array".into())
            } else if ["minLength", "maxLength", "pattern", "format"]
                .iter()
                .any(|k| obj.contains_key(*k))
            {
                Some("string".into())
            } else if ["minimum", "maximum", "multipleOf"]
                .iter()
                .any(|k| obj.contains_key(*k))
            {
                Some("number".into())
            } else {
                None
            }
        }
    }
}

/// Prism's json-schema-sampler samples for formats.
pub fn static_format(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2019-08-24T14:15:22Z",
        "date" => "2019-08-24",
        "time" => "14:15:22Z",
        "email" => "user@example.com",
        "idn-email" => "пользователь@пример.ру",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.168.0.1",
        "ipv6" => "2001:db8:85a3::8a2e:370:7334",
        "uri" | "url" | "iri" => "http://example.com",
        "uri-reference" | "iri-reference" => "../dictionary",
        "uri-template" => "http://example.com/{endpoint}",
        "json-pointer" => "/json/pointer",
        "relative-json-pointer" => "1/relative/json/pointer",
        "uuid" => "497f6eca-6276-4993-bfeb-53cbbbba6f08",
        "regex" => "/regex/",
        "byte" => "U3dhZ2dlciByb2Nrcw==",
        "password" => "pa$$word",
        "duration" => "P3D",
        _ => return None,
    })
}

pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}
