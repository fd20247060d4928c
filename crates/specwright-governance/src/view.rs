//! The linted view of a spec: values as rules and functions see them.
//!
//! A [`Document`] wraps a loaded [`Spec`] with its formats and every `$ref` resolved once to
//! the node it names, so the resolved view costs a hash lookup per reference instead of a
//! path walk. A [`Val`] is one value in that view with JavaScript-like accessors (a missing
//! member is [`Val::Undefined`], as in Spectral's functions), and it still knows the file and
//! span it was written at.

use crate::format::FormatSet;
use specwright_document::{FileId, Node, Span, Spec, Target, Value};
use std::collections::HashMap;

/// One step of a path in the linted view: an object key or an array index.
pub use specwright_document::PathSeg as Seg;

/// Path segments as strings, as Spectral prints them.
pub fn path_strings(path: &[Seg<'_>]) -> Vec<String> {
    path.iter().map(ToString::to_string).collect()
}

/// A spec prepared for linting: formats detected and references resolved once.
pub struct Document<'a> {
    pub spec: &'a Spec,
    pub formats: FormatSet,
    /// `$ref` object (by node address) -> the node its chain of references ends at, or
    /// `None` when the reference is broken or loops back to itself.
    refs: HashMap<usize, Option<(FileId, &'a Node)>, AddrHash>,
    /// [`crate::engine::refs_spectral_meets`] of the spec, made on first use: both
    /// `unreferencedReusableObject` (once per rule) and `invalid-ref` read it.
    refs_met: std::sync::OnceLock<Vec<bool>>,
}

/// Hasher for node addresses and other integer keys: one multiply instead of SipHash,
/// which showed up in profiles (every child in the resolved view looks itself up).
#[derive(Clone, Copy, Default)]
pub(crate) struct AddrHash;

impl std::hash::BuildHasher for AddrHash {
    type Hasher = AddrHasher;
    fn build_hasher(&self) -> AddrHasher {
        AddrHasher(0)
    }
}

#[derive(Default)]
pub(crate) struct AddrHasher(u64);

impl std::hash::Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for b in chunks.remainder() {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

fn addr(node: &Node) -> usize {
    node as *const Node as usize
}

impl<'a> Document<'a> {
    pub fn new(spec: &'a Spec) -> Document<'a> {
        let formats = FormatSet::detect(&spec.root().root);
        let mut doc = Document {
            spec,
            formats,
            refs: HashMap::with_capacity_and_hasher(spec.refs.len(), AddrHash),
            refs_met: std::sync::OnceLock::new(),
        };
        let mut paths = Locator::default();
        for site in &spec.refs {
            let Some(node) = paths.locate(&spec.file(site.file).root, &site.path) else {
                continue;
            };
            let key = addr(node);
            if doc.refs.contains_key(&key) {
                continue;
            }
            let end = follow(spec, &mut paths, site.file, node);
            doc.refs.insert(key, end);
        }
        doc
    }

    /// Which of `spec.refs` Spectral's resolver meets (see
    /// [`crate::engine::refs_spectral_meets`]), by index.
    pub fn refs_met(&self) -> &[bool] {
        self.refs_met
            .get_or_init(|| crate::engine::refs_spectral_meets(self.spec))
    }

    /// The root of the spec's own file, resolved or as written.
    pub fn root(&'a self, resolved: bool) -> Val<'a> {
        Val::Node(NodeRef::new(
            self,
            FileId::ROOT,
            &self.spec.root().root,
            resolved,
        ))
    }

    /// Where a reference object leads in the resolved view; `None` for non-references and
    /// references that cannot be followed (Spectral leaves those as written).
    pub fn ref_end(&self, node: &Node) -> Option<(FileId, &'a Node)> {
        node.ref_target()?;
        self.refs.get(&addr(node)).copied().flatten()
    }
}

/// Follows a reference chain to its end (bounded; `None` on loops and broken links).
fn follow<'s>(
    spec: &'s Spec,
    paths: &mut Locator<'s>,
    file: FileId,
    node: &'s Node,
) -> Option<(FileId, &'s Node)> {
    let (mut f, mut n) = (file, node);
    for _ in 0..64 {
        let Some(r) = n.ref_target() else {
            return Some((f, n));
        };
        let t = match spec.target_of(f, r) {
            Some(Ok(t)) => t,
            _ => return None,
        };
        match paths.target(spec, t) {
            Some(x) => {
                f = t.file;
                n = x;
            }
            None => {
                let c = spec.walk_target(t)?;
                f = c.file;
                n = c.node;
            }
        }
        if std::ptr::eq(n, node) {
            return None;
        }
    }
    None
}

/// Walks paths from a file's root as `Spec::locate` does, for every `$ref` and every
/// target of a spec: the members of large objects (`components.schemas`) are indexed on
/// first use instead of scanned once per path, and each target is walked once.
#[derive(Default)]
struct Locator<'s> {
    members: HashMap<usize, HashMap<&'s str, &'s Node, AddrHash>, AddrHash>,
    /// `Spec::node` of each target, by the target's address (sites with the same
    /// reference share one target).
    targets: HashMap<usize, Option<&'s Node>, AddrHash>,
}

/// Objects with more members than this are indexed.
const INDEX_MEMBERS: usize = 16;

impl<'s> Locator<'s> {
    fn locate(&mut self, root: &'s Node, path: &[String]) -> Option<&'s Node> {
        let mut node = root;
        for seg in path {
            node = match &node.value {
                Value::Object(o) if o.len() > INDEX_MEMBERS => {
                    let index = self.members.entry(addr(node)).or_insert_with(|| {
                        let mut index = HashMap::with_capacity_and_hasher(o.len(), AddrHash);
                        for m in o.members.iter() {
                            // The first member of a name, as `Object::get` finds it.
                            index.entry(m.key.as_str()).or_insert(&m.value);
                        }
                        index
                    });
                    index.get(seg.as_str()).copied()?
                }
                _ => node.child(seg)?,
            };
        }
        Some(node)
    }

    /// `Spec::node(t)`.
    fn target(&mut self, spec: &'s Spec, t: &'s Target) -> Option<&'s Node> {
        let key = t as *const Target as usize;
        if let Some(n) = self.targets.get(&key) {
            return *n;
        }
        let n = self.locate(&spec.file(t.file).root, &t.path);
        self.targets.insert(key, n);
        n
    }
}

/// A node of the linted view.
#[derive(Clone, Copy)]
pub struct NodeRef<'a> {
    pub doc: &'a Document<'a>,
    /// The file the node is written in.
    pub file: FileId,
    pub node: &'a Node,
    /// Whether members are read through `$ref`s (the rule's `resolved` flag).
    pub resolved: bool,
}

impl<'a> NodeRef<'a> {
    /// A node of the view; in the resolved view a reference object stands for its target.
    pub fn new(doc: &'a Document<'a>, file: FileId, node: &'a Node, resolved: bool) -> Self {
        if resolved {
            if let Some((f, n)) = doc.ref_end(node) {
                return NodeRef {
                    doc,
                    file: f,
                    node: n,
                    resolved,
                };
            }
        }
        NodeRef {
            doc,
            file,
            node,
            resolved,
        }
    }

    fn wrap(&self, node: &'a Node) -> NodeRef<'a> {
        NodeRef::new(self.doc, self.file, node, self.resolved)
    }

    /// Span of the node in its file.
    pub fn span(&self) -> Span {
        self.node.span
    }
}

/// A value in the linted view, with JavaScript-like accessors.
#[derive(Clone, Copy)]
pub enum Val<'a> {
    /// No value (`undefined`): a missing member or field.
    Undefined,
    /// An object key, as `then.field: "@key"` and `~` present it (and an array index
    /// under `@key`, which JavaScript's `Object.keys` gives as a string).
    Key(&'a str),
    /// An array item's index as `~` presents it: a JavaScript number.
    Index(usize),
    Node(NodeRef<'a>),
}

/// An array index as a string that lives as long as the program: `@key` on an array hands
/// functions `"0"`, `"1"`, ... where every other key is borrowed from the document. Each
/// index is made once, so the memory is bounded by the longest array linted.
pub fn index_key(i: usize) -> &'static str {
    static KEYS: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    while keys.len() <= i {
        let next = keys.len().to_string();
        keys.push(Box::leak(next.into_boxed_str()));
    }
    keys[i]
}

impl<'a> Val<'a> {
    pub fn node(&self) -> Option<&'a Node> {
        match self {
            Val::Node(n) => Some(n.node),
            _ => None,
        }
    }

    pub fn node_ref(&self) -> Option<NodeRef<'a>> {
        match self {
            Val::Node(n) => Some(*n),
            _ => None,
        }
    }

    fn value(&self) -> Option<&'a Value> {
        self.node().map(|n| &n.value)
    }

    /// `value[key]`: an object member, or an array item when `key` is an index.
    pub fn get(&self, key: &str) -> Val<'a> {
        let Val::Node(n) = self else {
            return Val::Undefined;
        };
        match n.node.child(key) {
            Some(c) => Val::Node(n.wrap(c)),
            None => Val::Undefined,
        }
    }

    /// `value[i]` on arrays.
    pub fn at(&self, i: usize) -> Val<'a> {
        match self {
            Val::Node(n) => match n.node.as_array().and_then(|a| a.get(i)) {
                Some(c) => Val::Node(n.wrap(c)),
                None => Val::Undefined,
            },
            _ => Val::Undefined,
        }
    }

    /// Walks a path of keys/indices written as strings.
    pub fn walk<S: AsRef<str>>(&self, path: &[S]) -> Val<'a> {
        let mut v = *self;
        for s in path {
            v = v.get(s.as_ref());
        }
        v
    }

    /// `key in value` for objects (and index-in-range for arrays).
    pub fn has(&self, key: &str) -> bool {
        !matches!(self.get(key), Val::Undefined)
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self, Val::Undefined)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value(), Some(Value::Null))
    }

    /// `value == null` in JavaScript: null or undefined.
    pub fn is_nullish(&self) -> bool {
        self.is_undefined() || self.is_null()
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value(), Some(Value::Object(_)))
    }

    pub fn is_array(&self) -> bool {
        matches!(self.value(), Some(Value::Array(_)))
    }

    pub fn is_string(&self) -> bool {
        self.as_str().is_some()
    }

    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            Val::Key(k) => Some(k),
            Val::Node(n) => n.node.as_str(),
            Val::Undefined | Val::Index(_) => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Val::Index(i) => Some(*i as f64),
            _ => self.node().and_then(Node::as_f64),
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        self.node().and_then(Node::as_bool)
    }

    /// JavaScript truthiness (`!!value`).
    pub fn truthy(&self) -> bool {
        match self {
            Val::Undefined => false,
            Val::Key(k) => !k.is_empty(),
            Val::Index(i) => *i != 0,
            Val::Node(n) => match &n.node.value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(x) => x.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
                Value::String(s) => !s.is_empty(),
                Value::Array(_) | Value::Object(_) => true,
            },
        }
    }

    /// JavaScript `typeof`: undefined, object (also null and arrays), boolean, number, string.
    pub fn type_of(&self) -> &'static str {
        match self {
            Val::Undefined => "undefined",
            Val::Key(_) => "string",
            Val::Index(_) => "number",
            Val::Node(n) => match &n.node.value {
                Value::Null | Value::Array(_) | Value::Object(_) => "object",
                Value::Bool(_) => "boolean",
                Value::Number(_) => "number",
                Value::String(_) => "string",
            },
        }
    }

    /// JSON Schema type name (`integer` for whole numbers), `undefined` when absent.
    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Undefined => "undefined",
            Val::Key(_) => "string",
            Val::Index(_) => "integer",
            Val::Node(n) => n.node.type_name(),
        }
    }

    /// Members of an object in document order (each resolved in the resolved view).
    pub fn members(&self) -> impl Iterator<Item = (&'a str, Val<'a>)> + 'a {
        let n = self.node_ref();
        let members = n
            .and_then(|n| n.node.as_object())
            .map(|o| &o.members[..])
            .unwrap_or(&[]);
        members.iter().map(move |m| {
            let n = n.expect("members exist only on nodes");
            (m.key.as_str(), Val::Node(n.wrap(&m.value)))
        })
    }

    /// Object keys in document order.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.members().map(|(k, _)| k)
    }

    /// Items of an array (each resolved in the resolved view).
    pub fn items(&self) -> impl Iterator<Item = Val<'a>> + 'a {
        let n = self.node_ref();
        let items = n.and_then(|n| n.node.as_array()).unwrap_or(&[]);
        items
            .iter()
            .map(move |c| Val::Node(n.expect("items exist only on nodes").wrap(c)))
    }

    /// Whether `.length` is 0 (strings, arrays) or the object has no keys.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// `.length` of strings (UTF-16 units, like JavaScript) and arrays; key count of objects.
    pub fn len(&self) -> Option<usize> {
        match self {
            Val::Key(k) => Some(k.encode_utf16().count()),
            Val::Node(n) => match &n.node.value {
                Value::String(s) => Some(s.encode_utf16().count()),
                Value::Array(a) => Some(a.len()),
                Value::Object(o) => Some(o.len()),
                _ => None,
            },
            Val::Undefined | Val::Index(_) => None,
        }
    }

    /// Plain JSON of the value. In the resolved view references are expanded, except one
    /// that leads back into a value being expanded (a recursive schema), which stays
    /// `{"$ref": ...}` as written, and at most `MAX_JSON_NODES` nodes are expanded in all
    /// (further references stay as written) so shared schemas cannot blow up memory.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Val::Undefined => serde_json::Value::Null,
            Val::Key(k) => serde_json::Value::String(k.to_string()),
            Val::Index(i) => serde_json::Value::from(*i),
            Val::Node(n) => {
                if !n.resolved {
                    return plain_json(n.node);
                }
                let mut budget = MAX_JSON_NODES;
                let mut stack = vec![addr(n.node)];
                expand(n.doc, n.node, &mut stack, &mut budget)
            }
        }
    }

    /// File and span the value is written at (`None` for undefined and keys).
    pub fn location(&self) -> Option<(FileId, Span)> {
        self.node_ref().map(|n| (n.file, n.node.span))
    }
}

/// `Node::to_json`, without going through `Display` for every key and string (formatting
/// was most of the cost of converting a whole document for `oasDocumentSchema`).
pub fn plain_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Number(n) => J::Number(n.clone()),
        Value::String(s) => J::String(s.as_str().to_owned()),
        Value::Array(a) => J::Array(a.iter().map(plain_json).collect()),
        Value::Object(o) => J::Object(
            o.members
                .iter()
                .map(|m| (m.key.as_str().to_owned(), plain_json(&m.value)))
                .collect(),
        ),
    }
}

/// Cap on nodes expanded by [`Val::to_json`] in the resolved view.
pub const MAX_JSON_NODES: usize = 200_000;

fn expand(
    doc: &Document<'_>,
    node: &Node,
    stack: &mut Vec<usize>,
    budget: &mut usize,
) -> serde_json::Value {
    use serde_json::Value as J;
    *budget = budget.saturating_sub(1);
    if let Some((_, target)) = doc.ref_end(node) {
        let a = addr(target);
        if stack.contains(&a) || *budget == 0 {
            return plain_json(node);
        }
        stack.push(a);
        let v = expand(doc, target, stack, budget);
        stack.pop();
        return v;
    }
    match &node.value {
        Value::Array(items) => J::Array(
            items
                .iter()
                .map(|c| expand(doc, c, stack, budget))
                .collect(),
        ),
        Value::Object(o) => J::Object(
            o.members
                .iter()
                .map(|m| {
                    (
                        m.key.as_str().to_owned(),
                        expand(doc, &m.value, stack, budget),
                    )
                })
                .collect(),
        ),
        _ => plain_json(node),
    }
}

/// Spectral's `printValue`: `undefined`, `Object{}`, `Array[]`, else the value's JSON with
/// numbers as JavaScript prints them.
pub fn print_value(v: &Val<'_>) -> String {
    if v.is_undefined() {
        "undefined".into()
    } else if v.is_object() {
        "Object{}".into()
    } else if v.is_array() {
        "Array[]".into()
    } else if let Some(s) = v.as_str() {
        serde_json::Value::String(s.to_string()).to_string()
    } else {
        match v.to_json() {
            serde_json::Value::Number(n) => crate::oas::util::js_number(&n),
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use specwright_document::LoadOptions;
    use std::path::Path;

    fn spec(text: &str) -> Spec {
        Spec::from_text(
            Path::new("/tmp/view-test.yaml"),
            text,
            &LoadOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn resolved_view_follows_refs_and_cuts_recursion() {
        let s = spec(
            "openapi: 3.0.0\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        self: {$ref: '#/components/schemas/A'}\n    B: {$ref: '#/components/schemas/A'}\n",
        );
        let doc = Document::new(&s);
        let root = doc.root(true);
        let b = root.walk(&["components", "schemas", "B"]);
        assert_eq!(b.get("type").as_str(), Some("object"));
        assert!(root
            .walk(&[
                "components",
                "schemas",
                "B",
                "properties",
                "self",
                "properties"
            ])
            .is_object());
        let json = b.to_json();
        assert_eq!(json["properties"]["self"]["$ref"], "#/components/schemas/A");
        let raw = doc.root(false).walk(&["components", "schemas", "B"]);
        assert_eq!(raw.get("$ref").as_str(), Some("#/components/schemas/A"));
        assert!(raw.get("type").is_undefined());
    }

    #[test]
    fn js_semantics() {
        let s = spec("a: ''\nb: 0\nc: []\nd: null\ne: é😀\n");
        let doc = Document::new(&s);
        let r = doc.root(true);
        assert!(!r.get("a").truthy());
        assert!(!r.get("b").truthy());
        assert!(r.get("c").truthy());
        assert!(r.get("d").is_nullish() && r.get("zz").is_nullish());
        assert_eq!(r.get("d").type_of(), "object");
        assert_eq!(r.get("e").len(), Some(3));
        assert_eq!(r.keys().collect::<Vec<_>>(), ["a", "b", "c", "d", "e"]);
    }
}
