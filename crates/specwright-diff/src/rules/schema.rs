//! Structural schema comparison, direction-aware.
//!
//! In a **request** the server accepts data: anything that makes it accept less (narrower
//! type, fewer enum values, tighter bounds, a new pattern, a newly required property) breaks
//! clients. In a **response** the server sends data: anything that makes it send more or
//! guarantee less (wider type, new enum values, looser bounds, a removed or no longer
//! required property) breaks clients. The other direction is reported as info.
//!
//! | id (`request-`/`response-` prefix) | request | response |
//! |---|---|---|
//! | `type-changed` | breaking when an old type is no longer accepted | breaking when a new type can be sent |
//! | `type-removed` (response only) | | warning: the type is no longer declared |
//! | `format-changed` | warning | warning |
//! | `enum-value-removed` / `enum-value-added` | breaking / info | info / warning |
//! | `enum-added` (request) / `enum-removed` (response) | breaking | warning |
//! | `max-…-decreased`, `min-…-increased` (incl. newly added bounds) | breaking | |
//! | `max-…-increased`, `min-…-decreased` (incl. removed bounds) | | warning |
//! | `pattern-added` / `pattern-changed` / `pattern-removed` | breaking / warning / – | – / warning / warning |
//! | `property-removed` | warning | breaking |
//! | `new-required-request-property` / `new-optional-request-property` | breaking / info | |
//! | `response-property-added` | | info |
//! | `property-became-required` / `property-became-optional` | breaking / info | – / breaking |
//! | `additional-properties-denied` / `-allowed` | breaking | warning |
//! | `alternative-removed` / `alternative-added` (`oneOf`/`anyOf`) | breaking / info | info / warning |
//! | `all-of-added` / `all-of-removed` | warning / info | info / breaking |
//!
//! `readOnly` properties are ignored in requests and `writeOnly` ones in responses. Each
//! (old schema, new schema, direction) pair is compared once, which bounds recursion on
//! circular schemas and keeps shared schemas from being re-reported for every use.

use super::{Ctx, Direction};
use crate::Level;
use serde_json::Value as Json;
use specwright_document::{Cursor, Value};
use std::collections::BTreeSet;

/// Safety net for deeply nested inline schemas (references are bounded by the pair set).
const MAX_DEPTH: usize = 64;

/// Picks the rule id for the direction.
macro_rules! rid {
    ($dir:expr, $name:literal) => {
        match $dir {
            Direction::Request => concat!("request-", $name),
            Direction::Response => concat!("response-", $name),
        }
    };
}

/// Compares the schema `old` with `new`. `what` names the place (`request body
/// (application/json)`), used in messages.
pub fn compare<'a>(
    cx: &mut Ctx<'a>,
    op: &str,
    dir: Direction,
    what: &str,
    old: Cursor<'a>,
    new: Cursor<'a>,
) {
    let mut w = Walk { cx, op, dir, what };
    w.walk("", old, new, 0);
}

struct Walk<'c, 'a, 's> {
    cx: &'c mut Ctx<'a>,
    op: &'s str,
    dir: Direction,
    what: &'s str,
}

impl<'a> Walk<'_, 'a, '_> {
    fn emit(
        &mut self,
        id: &'static str,
        level: Level,
        at: &str,
        msg: String,
        o: &Cursor<'a>,
        n: &Cursor<'a>,
    ) {
        let place = if at.is_empty() {
            self.what.to_string()
        } else {
            format!("{} `{at}`", self.what)
        };
        self.cx.emit(
            id,
            level,
            Some(self.op),
            format!("{place}: {msg}"),
            Some(o),
            Some(n),
        );
    }

    fn walk(&mut self, at: &str, old: Cursor<'a>, new: Cursor<'a>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let (Ok(o), Ok(n)) = (old.resolve(), new.resolve()) else {
            return; // broken refs are the loader's to report
        };
        if !self.cx.seen.insert((o.target(), n.target(), self.dir)) {
            return;
        }
        if o.node.as_object().is_none() || n.node.as_object().is_none() {
            return; // 3.1 boolean schemas: nothing structural to compare
        }
        self.types(at, &o, &n);
        self.format(at, &o, &n);
        self.enums(at, &o, &n);
        self.bounds(at, &o, &n);
        self.pattern(at, &o, &n);
        self.properties(at, &o, &n, depth);
        self.additional(at, &o, &n, depth);
        if let (Some(oi), Some(ni)) = (o.child("items"), n.child("items")) {
            self.walk(&format!("{at}[]"), oi, ni, depth + 1);
        }
        self.composition(at, &o, &n, depth);
    }

    fn types(&mut self, at: &str, o: &Cursor<'a>, n: &Cursor<'a>) {
        let (ot, nt) = (type_set(o), type_set(n));
        let show = |s: &Option<BTreeSet<String>>| match s {
            None => "any".to_string(),
            Some(s) => s.iter().cloned().collect::<Vec<_>>().join("|"),
        };
        match self.dir {
            Direction::Request => {
                // Every old type must still be accepted.
                let narrowed = match (&ot, &nt) {
                    (_, None) => false,
                    (None, Some(_)) => true,
                    (Some(a), Some(b)) => a.iter().any(|t| !accepts(b, t)),
                };
                if narrowed {
                    let msg = format!("type changed from {} to {}", show(&ot), show(&nt));
                    self.emit(
                        rid!(self.dir, "type-changed"),
                        Level::Breaking,
                        at,
                        msg,
                        o,
                        n,
                    );
                }
            }
            Direction::Response => match (&ot, &nt) {
                (Some(a), Some(b)) if b.iter().any(|t| !accepts(a, t)) => {
                    let msg = format!("type changed from {} to {}", show(&ot), show(&nt));
                    self.emit(
                        rid!(self.dir, "type-changed"),
                        Level::Breaking,
                        at,
                        msg,
                        o,
                        n,
                    );
                }
                (Some(_), None) => {
                    let msg = format!("type {} is no longer declared", show(&ot));
                    self.emit("response-type-removed", Level::Warning, at, msg, o, n);
                }
                _ => {}
            },
        }
    }

    fn format(&mut self, at: &str, o: &Cursor<'a>, n: &Cursor<'a>) {
        if let (Some(a), Some(b)) = (string(o, "format"), string(n, "format")) {
            if a != b {
                let msg = format!("format changed from `{a}` to `{b}`");
                self.emit(
                    rid!(self.dir, "format-changed"),
                    Level::Warning,
                    at,
                    msg,
                    o,
                    n,
                );
            }
        }
    }

    fn enums(&mut self, at: &str, o: &Cursor<'a>, n: &Cursor<'a>) {
        let (oe, ne) = (enum_values(o), enum_values(n));
        let list = |v: &[&Json]| {
            v.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (&oe, &ne) {
            (Some(a), Some(b)) => {
                let removed: Vec<&Json> = a.iter().filter(|x| !b.contains(x)).collect();
                let added: Vec<&Json> = b.iter().filter(|x| !a.contains(x)).collect();
                let (rl, al) = match self.dir {
                    Direction::Request => (Level::Breaking, Level::Info),
                    Direction::Response => (Level::Info, Level::Warning),
                };
                if !removed.is_empty() {
                    let msg = format!("enum value(s) removed: {}", list(&removed));
                    self.emit(rid!(self.dir, "enum-value-removed"), rl, at, msg, o, n);
                }
                if !added.is_empty() {
                    let msg = format!("enum value(s) added: {}", list(&added));
                    self.emit(rid!(self.dir, "enum-value-added"), al, at, msg, o, n);
                }
            }
            (None, Some(b)) if self.dir == Direction::Request => {
                let all: Vec<&Json> = b.iter().collect();
                let msg = format!("values restricted to the enum {}", list(&all));
                self.emit("request-enum-added", Level::Breaking, at, msg, o, n);
            }
            (Some(_), None) if self.dir == Direction::Response => {
                let msg = "enum removed: any value may now be sent".to_string();
                self.emit("response-enum-removed", Level::Warning, at, msg, o, n);
            }
            _ => {}
        }
    }

    fn bounds(&mut self, at: &str, o: &Cursor<'a>, n: &Cursor<'a>) {
        // (keyword, exclusive keyword, request id when tightened, response id when loosened)
        const UPPER: [(&str, Option<&str>, &str, &str); 4] = [
            (
                "maximum",
                Some("exclusiveMaximum"),
                "request-max-decreased",
                "response-max-increased",
            ),
            (
                "maxLength",
                None,
                "request-max-length-decreased",
                "response-max-length-increased",
            ),
            (
                "maxItems",
                None,
                "request-max-items-decreased",
                "response-max-items-increased",
            ),
            (
                "maxProperties",
                None,
                "request-max-properties-decreased",
                "response-max-properties-increased",
            ),
        ];
        const LOWER: [(&str, Option<&str>, &str, &str); 4] = [
            (
                "minimum",
                Some("exclusiveMinimum"),
                "request-min-increased",
                "response-min-decreased",
            ),
            (
                "minLength",
                None,
                "request-min-length-increased",
                "response-min-length-decreased",
            ),
            (
                "minItems",
                None,
                "request-min-items-increased",
                "response-min-items-decreased",
            ),
            (
                "minProperties",
                None,
                "request-min-properties-increased",
                "response-min-properties-decreased",
            ),
        ];
        for (upper, table) in [(true, UPPER), (false, LOWER)] {
            for (kw, excl, req_id, resp_id) in table {
                let (a, b) = (bound(o, kw, excl, upper), bound(n, kw, excl, upper));
                let Some(tighter) = compare_bounds(a, b, upper) else {
                    continue;
                };
                let show = |x: Option<Bound>| match x {
                    None => "none".to_string(),
                    Some(b) => {
                        format!("{}{}", if b.exclusive { "exclusive " } else { "" }, b.value)
                    }
                };
                let msg = format!("{kw} changed from {} to {}", show(a), show(b));
                match (self.dir, tighter) {
                    (Direction::Request, true) => self.emit(req_id, Level::Breaking, at, msg, o, n),
                    (Direction::Response, false) => {
                        self.emit(resp_id, Level::Warning, at, msg, o, n)
                    }
                    _ => {}
                }
            }
        }
    }

    fn pattern(&mut self, at: &str, o: &Cursor<'a>, n: &Cursor<'a>) {
        let (a, b) = (string(o, "pattern"), string(n, "pattern"));
        let (id, level, msg) = match (a, b, self.dir) {
            (None, Some(p), Direction::Request) => (
                "request-pattern-added",
                Level::Breaking,
                format!("pattern `{p}` added"),
            ),
            (Some(x), Some(y), dir) if x != y => (
                rid!(dir, "pattern-changed"),
                Level::Warning,
                format!("pattern changed from `{x}` to `{y}` (cannot tell whether it is stricter)"),
            ),
            (Some(x), None, Direction::Response) => (
                "response-pattern-removed",
                Level::Warning,
                format!("pattern `{x}` removed"),
            ),
            _ => return,
        };
        self.emit(id, level, at, msg, o, n);
    }

    fn properties(&mut self, at: &str, o: &Cursor<'a>, n: &Cursor<'a>, depth: usize) {
        let dir = self.dir;
        let (op, np) = (visible_properties(o, dir), visible_properties(n, dir));
        let (or, nr) = (required(o), required(n));
        let join = |name: &str| {
            if at.is_empty() {
                name.to_string()
            } else {
                format!("{at}.{name}")
            }
        };
        let new_props = n.child("properties").unwrap_or_else(|| n.clone());
        let old_props = o.child("properties").unwrap_or_else(|| o.clone());
        for (name, oc) in &op {
            let Some((_, nc)) = np.iter().find(|(k, _)| k == name) else {
                let (level, why) = match dir {
                    Direction::Request => (Level::Warning, " (clients may still send it)"),
                    Direction::Response => (Level::Breaking, ""),
                };
                let msg = format!("property `{name}` removed{why}");
                self.emit(
                    rid!(dir, "property-removed"),
                    level,
                    at,
                    msg,
                    oc,
                    &new_props,
                );
                continue;
            };
            match dir {
                Direction::Request if !or.contains(name) && nr.contains(name) => {
                    let msg = format!("property `{name}` became required");
                    self.emit(
                        "request-property-became-required",
                        Level::Breaking,
                        at,
                        msg,
                        oc,
                        nc,
                    );
                }
                Direction::Request if or.contains(name) && !nr.contains(name) => {
                    let msg = format!("property `{name}` became optional");
                    self.emit(
                        "request-property-became-optional",
                        Level::Info,
                        at,
                        msg,
                        oc,
                        nc,
                    );
                }
                Direction::Response if or.contains(name) && !nr.contains(name) => {
                    let msg = format!("property `{name}` is no longer required (may be absent)");
                    self.emit(
                        "response-property-became-optional",
                        Level::Breaking,
                        at,
                        msg,
                        oc,
                        nc,
                    );
                }
                _ => {}
            }
            self.walk(&join(name), oc.clone(), nc.clone(), depth + 1);
        }
        for (name, nc) in &np {
            if op.iter().any(|(k, _)| k == name) {
                continue;
            }
            let (id, level, msg) = match dir {
                Direction::Request if nr.contains(name) => (
                    "new-required-request-property",
                    Level::Breaking,
                    format!("new required property `{name}`"),
                ),
                Direction::Request => (
                    "new-optional-request-property",
                    Level::Info,
                    format!("new optional property `{name}`"),
                ),
                Direction::Response => (
                    "response-property-added",
                    Level::Info,
                    format!("property `{name}` added"),
                ),
            };
            self.emit(id, level, at, msg, &old_props, nc);
        }
    }

    fn additional(&mut self, at: &str, o: &Cursor<'a>, n: &Cursor<'a>, depth: usize) {
        let (a, b) = (
            o.child("additionalProperties"),
            n.child("additionalProperties"),
        );
        let denied =
            |c: &Option<Cursor<'a>>| c.as_ref().and_then(|c| c.node.as_bool()) == Some(false);
        match self.dir {
            Direction::Request if !denied(&a) && denied(&b) => {
                let msg = "additional properties are no longer accepted".to_string();
                self.emit(
                    "request-additional-properties-denied",
                    Level::Breaking,
                    at,
                    msg,
                    o,
                    n,
                );
            }
            Direction::Response if denied(&a) && !denied(&b) => {
                let msg = "additional properties may now be sent".to_string();
                self.emit(
                    "response-additional-properties-allowed",
                    Level::Warning,
                    at,
                    msg,
                    o,
                    n,
                );
            }
            _ => {}
        }
        if let (Some(a), Some(b)) = (a, b) {
            if a.node.as_object().is_some() && b.node.as_object().is_some() {
                let sub = if at.is_empty() {
                    "*".to_string()
                } else {
                    format!("{at}.*")
                };
                self.walk(&sub, a, b, depth + 1);
            }
        }
    }

    fn composition(&mut self, at: &str, o: &Cursor<'a>, n: &Cursor<'a>, depth: usize) {
        for kw in ["allOf", "oneOf", "anyOf"] {
            let (a, b) = (subschemas(o, kw), subschemas(n, kw));
            if a.is_empty() && b.is_empty() {
                continue;
            }
            for (key, oc) in &a {
                match b.iter().find(|(k, _)| k == key) {
                    Some((_, nc)) => self.walk(at, oc.clone(), nc.clone(), depth + 1),
                    None => {
                        let (id, level) = match (kw, self.dir) {
                            ("allOf", Direction::Request) => {
                                ("request-all-of-removed", Level::Info)
                            }
                            ("allOf", Direction::Response) => {
                                ("response-all-of-removed", Level::Breaking)
                            }
                            (_, Direction::Request) => {
                                ("request-alternative-removed", Level::Breaking)
                            }
                            (_, Direction::Response) => {
                                ("response-alternative-removed", Level::Info)
                            }
                        };
                        let msg = format!("{kw} member {key} removed");
                        self.emit(id, level, at, msg, oc, n);
                    }
                }
            }
            for (key, nc) in &b {
                if a.iter().any(|(k, _)| k == key) {
                    continue;
                }
                let (id, level) = match (kw, self.dir) {
                    ("allOf", Direction::Request) => ("request-all-of-added", Level::Warning),
                    ("allOf", Direction::Response) => ("response-all-of-added", Level::Info),
                    (_, Direction::Request) => ("request-alternative-added", Level::Info),
                    (_, Direction::Response) => ("response-alternative-added", Level::Warning),
                };
                let msg = format!("{kw} member {key} added");
                self.emit(id, level, at, msg, o, nc);
            }
        }
    }
}

fn string(c: &Cursor<'_>, key: &str) -> Option<String> {
    c.get(key).and_then(|v| v.node.as_str().map(str::to_string))
}

/// Declared types; `None` means any. Untyped schemas with `properties` are objects and with
/// `items` arrays (as validators treat them in practice); `nullable` adds `null`.
fn type_set(c: &Cursor<'_>) -> Option<BTreeSet<String>> {
    let mut set = BTreeSet::new();
    match c.get("type").map(|t| t.node.value.clone()) {
        Some(Value::String(s)) => {
            set.insert(s.to_string());
        }
        Some(Value::Array(a)) => {
            set.extend(a.iter().filter_map(|t| t.as_str().map(str::to_string)))
        }
        _ => {
            if c.child("properties").is_some() || c.child("additionalProperties").is_some() {
                set.insert("object".to_string());
            } else if c.child("items").is_some() {
                set.insert("array".to_string());
            } else {
                return None;
            }
        }
    }
    let flag = |k: &str| c.get(k).and_then(|v| v.node.as_bool()) == Some(true);
    if flag("nullable") || flag("x-nullable") {
        set.insert("null".to_string());
    }
    Some(set)
}

/// Whether a type set accepts values of type `t` (every integer is a number).
fn accepts(set: &BTreeSet<String>, t: &str) -> bool {
    set.contains(t) || (t == "integer" && set.contains("number"))
}

/// `enum` values, or a 3.1 `const` as a one-value enum.
fn enum_values(c: &Cursor<'_>) -> Option<Vec<Json>> {
    if let Some(e) = c.get("enum") {
        return Some(e.items().iter().map(|i| i.node.to_json()).collect());
    }
    c.get("const").map(|v| vec![v.node.to_json()])
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Bound {
    value: f64,
    exclusive: bool,
}

/// A bound from `kw` and its exclusive form: a 3.0 boolean flag, or a 3.1 number (the
/// tighter of the two is kept when both are given). Length-like minimums default to 0.
fn bound(c: &Cursor<'_>, kw: &str, excl: Option<&str>, upper: bool) -> Option<Bound> {
    let num = |k: &str| c.get(k).and_then(|v| v.node.as_f64());
    let mut b = num(kw).map(|value| Bound {
        value,
        exclusive: false,
    });
    if let Some(ek) = excl {
        match c.get(ek).map(|v| v.node.value.clone()) {
            Some(Value::Bool(true)) => {
                if let Some(x) = b.as_mut() {
                    x.exclusive = true;
                }
            }
            Some(Value::Number(v)) => {
                let e = Bound {
                    value: v.as_f64().unwrap_or(0.0),
                    exclusive: true,
                };
                b = Some(match b {
                    Some(x) if compare_bounds(Some(x), Some(e), upper) != Some(true) => x,
                    _ => e,
                });
            }
            _ => {}
        }
    }
    if b.is_none() && !upper && excl.is_none() {
        return Some(Bound {
            value: 0.0,
            exclusive: false,
        });
    }
    b
}

/// `Some(true)` when `new` is tighter than `old`, `Some(false)` when looser, `None` when equal.
fn compare_bounds(old: Option<Bound>, new: Option<Bound>, upper: bool) -> Option<bool> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some(true),
        (Some(_), None) => Some(false),
        (Some(a), Some(b)) => {
            if a.value == b.value {
                match (a.exclusive, b.exclusive) {
                    (false, true) => Some(true),
                    (true, false) => Some(false),
                    _ => None,
                }
            } else {
                Some((b.value < a.value) == upper)
            }
        }
    }
}

fn required(c: &Cursor<'_>) -> BTreeSet<String> {
    c.get("required")
        .map(|r| {
            r.items()
                .into_iter()
                .filter_map(|i| i.node.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Properties as seen in a direction: `readOnly` ones are not part of requests, `writeOnly`
/// ones not part of responses.
fn visible_properties<'a>(c: &Cursor<'a>, dir: Direction) -> Vec<(String, Cursor<'a>)> {
    let Some(props) = c.get("properties") else {
        return Vec::new();
    };
    props
        .members()
        .into_iter()
        .filter(|(_, p)| {
            let hidden = match dir {
                Direction::Request => "readOnly",
                Direction::Response => "writeOnly",
            };
            p.clone()
                .resolve()
                .ok()
                .and_then(|r| r.get(hidden))
                .and_then(|v| v.node.as_bool())
                != Some(true)
        })
        .map(|(k, p)| (k.to_string(), p))
        .collect()
}

/// Members of `allOf`/`oneOf`/`anyOf`, keyed for matching across versions: a reference by
/// the name it points at (so reordering or moving the target to another file matches),
/// an inline schema by its position.
fn subschemas<'a>(c: &Cursor<'a>, kw: &str) -> Vec<(String, Cursor<'a>)> {
    let Some(list) = c.get(kw) else {
        return Vec::new();
    };
    list.items()
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let key = match item.node.ref_target() {
                Some(r) => format!("`{}`", r.rsplit(['/', '#']).next().unwrap_or(r)),
                None => format!("#{i}"),
            };
            (key, item)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::Level;

    fn pair(old: &str, new: &str) -> Vec<crate::Change> {
        changes(&with_schema(old, old), &with_schema(new, new))
    }

    #[test]
    fn type_change_breaks_both_directions() {
        let all = pair("{type: string}", "{type: integer}");
        assert_eq!(level_of(&all, "request-type-changed"), Level::Breaking);
        assert_eq!(level_of(&all, "response-type-changed"), Level::Breaking);
    }

    #[test]
    fn integer_to_number_widens_requests_and_narrows_responses() {
        let all = pair("{type: integer}", "{type: number}");
        assert!(!ids(&all).contains(&"request-type-changed"), "{all:#?}");
        assert_eq!(level_of(&all, "response-type-changed"), Level::Breaking);
    }

    #[test]
    fn nullable_in_response_is_breaking_across_30_and_31_forms() {
        let all = pair("{type: string}", "{type: string, nullable: true}");
        assert_eq!(level_of(&all, "response-type-changed"), Level::Breaking);
        assert!(!ids(&all).contains(&"request-type-changed"));
        let all = pair("{type: string}", "{type: [string, 'null']}");
        assert_eq!(level_of(&all, "response-type-changed"), Level::Breaking);
    }

    #[test]
    fn enum_narrowed_and_widened() {
        let all = pair(
            "{type: string, enum: [a, b]}",
            "{type: string, enum: [a, c]}",
        );
        assert_eq!(
            level_of(&all, "request-enum-value-removed"),
            Level::Breaking
        );
        assert_eq!(level_of(&all, "request-enum-value-added"), Level::Info);
        assert_eq!(level_of(&all, "response-enum-value-added"), Level::Warning);
        assert_eq!(level_of(&all, "response-enum-value-removed"), Level::Info);
        let all = pair("{type: string}", "{type: string, enum: [a]}");
        assert_eq!(level_of(&all, "request-enum-added"), Level::Breaking);
    }

    #[test]
    fn constraints_tightened_in_requests_loosened_in_responses() {
        let all = pair(
            "{type: string, maxLength: 10}",
            "{type: string, maxLength: 5}",
        );
        assert_eq!(
            level_of(&all, "request-max-length-decreased"),
            Level::Breaking
        );
        assert!(!ids(&all).iter().any(|i| i.starts_with("response-")));
        let all = pair("{type: string, maxLength: 5}", "{type: string}");
        assert_eq!(
            level_of(&all, "response-max-length-increased"),
            Level::Warning
        );
        let all = pair("{type: integer}", "{type: integer, minimum: 1}");
        assert_eq!(level_of(&all, "request-min-increased"), Level::Breaking);
        let all = pair(
            "{type: array, items: {type: string}}",
            "{type: array, minItems: 1, items: {type: string}}",
        );
        assert_eq!(
            level_of(&all, "request-min-items-increased"),
            Level::Breaking
        );
        // minLength 0 is the same as no minLength.
        assert!(pair("{type: string}", "{type: string, minLength: 0}").is_empty());
    }

    #[test]
    fn exclusive_bounds_30_flag_and_31_number() {
        let all = pair(
            "{type: number, maximum: 10}",
            "{type: number, maximum: 10, exclusiveMaximum: true}",
        );
        assert_eq!(level_of(&all, "request-max-decreased"), Level::Breaking);
        let all = pair(
            "{type: number, maximum: 10}",
            "{type: number, exclusiveMaximum: 10}",
        );
        assert_eq!(level_of(&all, "request-max-decreased"), Level::Breaking);
        assert!(pair(
            "{type: number, exclusiveMaximum: 10}",
            "{type: number, exclusiveMaximum: 10}"
        )
        .is_empty());
    }

    #[test]
    fn patterns() {
        let all = pair("{type: string}", "{type: string, pattern: '^a'}");
        assert_eq!(level_of(&all, "request-pattern-added"), Level::Breaking);
        let all = pair(
            "{type: string, pattern: '^a'}",
            "{type: string, pattern: '^b'}",
        );
        assert_eq!(level_of(&all, "request-pattern-changed"), Level::Warning);
        assert_eq!(level_of(&all, "response-pattern-changed"), Level::Warning);
    }

    #[test]
    fn properties_and_required_by_direction() {
        let old =
            "{type: object, required: [a], properties: {a: {type: string}, b: {type: string}}}";
        let new = "{type: object, required: [a, b, c], properties: {a: {type: string}, b: {type: string}, c: {type: string}}}";
        let all = changes(&with_schema(old, old), &with_schema(new, new));
        assert_eq!(
            level_of(&all, "request-property-became-required"),
            Level::Breaking
        );
        assert_eq!(
            level_of(&all, "new-required-request-property"),
            Level::Breaking
        );
        assert_eq!(level_of(&all, "response-property-added"), Level::Info);
        let back = changes(&with_schema(new, new), &with_schema(old, old));
        assert_eq!(
            level_of(&back, "response-property-removed"),
            Level::Breaking
        );
        assert_eq!(level_of(&back, "request-property-removed"), Level::Warning);
        assert_eq!(
            level_of(&back, "response-property-became-optional"),
            Level::Breaking
        );
    }

    #[test]
    fn read_only_properties_are_not_part_of_requests() {
        let old = "{type: object, properties: {a: {type: string}}}";
        let new = "{type: object, required: [id], properties: {a: {type: string}, id: {type: string, readOnly: true}}}";
        let all = changes(&with_schema(old, old), &with_schema(new, new));
        assert!(
            !ids(&all).contains(&"new-required-request-property"),
            "{all:#?}"
        );
        assert_eq!(level_of(&all, "response-property-added"), Level::Info);
    }

    #[test]
    fn nested_change_names_the_property_path_and_exact_location() {
        let old = "{type: object, properties: {tags: {type: array, items: {type: object, properties: {name: {type: string}}}}}}";
        let new = old.replace("name: {type: string}", "name: {type: integer}");
        let all = changes(&with_schema(old, "{}"), &with_schema(&new, "{}"));
        let c = only(&all, "request-type-changed");
        assert!(c.message.contains("`tags[].name`"), "{}", c.message);
        assert_eq!(
            c.new.unwrap().pointer,
            "/paths/~1items/post/requestBody/content/application~1json/schema/properties/tags/items/properties/name"
        );
    }

    #[test]
    fn additional_properties_and_alternatives() {
        let all = pair(
            "{type: object}",
            "{type: object, additionalProperties: false}",
        );
        assert_eq!(
            level_of(&all, "request-additional-properties-denied"),
            Level::Breaking
        );
        let all = pair(
            "{oneOf: [{type: string}, {type: integer}]}",
            "{oneOf: [{type: string}]}",
        );
        assert_eq!(
            level_of(&all, "request-alternative-removed"),
            Level::Breaking
        );
        assert_eq!(level_of(&all, "response-alternative-removed"), Level::Info);
    }

    const CIRCULAR: &str = r#"openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /nodes:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
components:
  schemas:
    Node:
      type: object
      properties:
        label: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
"#;

    #[test]
    fn circular_schemas_terminate_and_still_compare() {
        assert!(changes(CIRCULAR, CIRCULAR).is_empty());
        let new = CIRCULAR.replace("label: {type: string}", "label: {type: integer}");
        let all = changes(CIRCULAR, &new);
        let c = only(&all, "response-type-changed");
        assert_eq!(
            c.old.unwrap().pointer,
            "/components/schemas/Node/properties/label"
        );
    }
}
