//! The document tree as written: every value and every key keeps its [`Span`].

use crate::text::Span;
use compact_str::CompactString;

/// A string that stores up to 24 bytes inline: most keys and short values in specs fit, so
/// loading a 4 MB spec allocates far less than with `String`.
pub type Str = CompactString;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Str),
    // Boxed slices, not Vecs: no spare capacity, and `Value` fits in 24 bytes (the
    // string's niche holds the tag), which matters at 100k+ nodes per spec.
    Array(Box<[Node]>),
    Object(Object),
}

/// A value with the byte span it was written at.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// An object member: the key, where the key was written, and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: Str,
    pub key_span: Span,
    pub value: Node,
}

/// Members in document order. Duplicate keys are merged at load time (last one wins, in the
/// first one's place, like `JSON.parse`), so keys are unique.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object {
    pub members: Box<[Member]>,
}

impl Object {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.key == key)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.member(key).is_some()
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.members.iter().map(|m| (m.key.as_str(), &m.value))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|m| m.key.as_str())
    }
}

impl Node {
    pub fn new(value: Value, span: Span) -> Node {
        Node { value, span }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match &self.value {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// Member of an object by key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?.get(key)
    }

    /// The `$ref` string when this node is a reference object (`{"$ref": "..."}`).
    pub fn ref_target(&self) -> Option<&str> {
        // Asked of every object a resolved walk passes: a first-byte test skips the
        // comparison for the many other four-letter keys (`type`, `name`, `enum`).
        let Value::Object(o) = &self.value else {
            return None;
        };
        o.members
            .iter()
            .find(|m| m.key.as_bytes().first() == Some(&b'$') && m.key == "$ref")?
            .value
            .as_str()
    }

    /// Child by one path segment: an object key, or an array index written in decimal.
    pub fn child(&self, segment: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(o) => o.get(segment),
            Value::Array(a) => parse_index(segment).and_then(|i| a.get(i)),
            _ => None,
        }
    }

    /// Walks a sequence of path segments without following `$ref`.
    pub fn walk<'a, S: AsRef<str>>(&'a self, path: &[S]) -> Option<&'a Node> {
        let mut node = self;
        for seg in path {
            node = node.child(seg.as_ref())?;
        }
        Some(node)
    }

    /// Type name as JSON Schema spells it (`integer` for whole numbers).
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Plain JSON copy of the value (spans dropped).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => J::Number(n.clone()),
            Value::String(s) => J::String(s.to_string()),
            Value::Array(a) => J::Array(a.iter().map(Node::to_json).collect()),
            Value::Object(o) => J::Object(
                o.members
                    .iter()
                    .map(|m| (m.key.to_string(), m.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// Number of nodes in this subtree (values, not keys).
    pub fn count_nodes(&self) -> usize {
        let mut stack = vec![self];
        let mut n = 0;
        while let Some(node) = stack.pop() {
            n += 1;
            match &node.value {
                Value::Array(a) => stack.extend(a.iter()),
                Value::Object(o) => stack.extend(o.members.iter().map(|m| &m.value)),
                _ => {}
            }
        }
        n
    }
}

pub(crate) fn parse_index(segment: &str) -> Option<usize> {
    if segment.is_empty() || (segment.len() > 1 && segment.starts_with('0')) {
        return None;
    }
    if !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    segment.parse().ok()
}
