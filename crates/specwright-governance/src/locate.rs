//! Mapping a finding's path in the linted view back to the file and range it was written at,
//! with Spectral's conventions, so ranges match Spectral's output.
//!
//! - The path is walked from the root; in the resolved view every `$ref` met (including one
//!   at the last step) is followed into the file it names, and the reported path becomes
//!   the path inside that file (Spectral's `findAssociatedItemForPath`).
//! - A path that does not exist is cut to its closest existing ancestor
//!   (`getClosestJsonPath`): `truthy` on a missing `info.contact` reports `info`.
//! - A `$ref` to a pointer that does not exist, in a file that was read, moves the finding
//!   to the closest existing ancestor of that pointer in that file (Spectral's ref map
//!   keeps the pointer), often the whole document.
//! - Past a followed `$ref`, a key Spectral's ref map cannot decode (`+`, `{`, a space)
//!   cuts the path there (see `survives_ref_map`).
//! - Ranges (`getLocationForJsonPath`): a value's range starts where the value starts and ends
//!   where its last descendant scalar ends (not at a closing `}` or `]`); a YAML block
//!   mapping or sequence that is a member's value starts right after the key's `:`.

use crate::view::Document;
use specwright_document::{FileId, Node, Range, SourceFile, Span, Syntax, Value};

pub struct Located<'a> {
    pub file: FileId,
    /// Path inside `file`.
    pub path: Vec<String>,
    pub node: &'a Node,
    /// Span of the key naming `node` (none for the root and array items).
    pub key_span: Option<Span>,
    /// How many segments of the asked path exist (the rest name a missing property).
    pub matched: usize,
    /// Whether the last existing segment was a `$ref` followed into its target.
    pub followed_last: bool,
    /// Whether the path went through a `$ref` to a missing pointer in a file that was read:
    /// `path` is then the closest existing ancestor of the pointer in that file.
    pub dangling: bool,
}

/// Where a path of the linted view is written.
pub fn locate<'a>(doc: &Document<'a>, resolved: bool, path: &[String]) -> Located<'a> {
    let spec = doc.spec;
    let mut cur = Located {
        file: FileId::ROOT,
        path: Vec::new(),
        node: &spec.root().root,
        key_span: None,
        matched: 0,
        followed_last: false,
        dangling: false,
    };
    // Whether a `$ref` has been followed on the way: Spectral then finds the rest of the
    // path through its ref map, whose keys are URI-encoded and only half decoded again.
    let mut through_ref = false;
    for seg in path {
        if through_ref && !survives_ref_map(seg) {
            break;
        }
        // A `$ref` with siblings (`{$ref, description}`) is not followed at the end of the
        // path nor for a segment naming a sibling, only to reach what its target holds
        // (Spectral's `traverseObjUntilRef`).
        if resolved && cur.node.ref_target().is_some() && !has_member(cur.node, seg) {
            match follow(doc, &mut cur) {
                Followed::Ended => {
                    through_ref = true;
                    if !survives_ref_map(seg) {
                        break;
                    }
                }
                Followed::Stuck => {}
                Followed::Dangling => break,
            }
        }
        let Some((child, key_span)) = child_of(cur.node, seg) else {
            break;
        };
        cur.path.push(seg.clone());
        cur.node = child;
        cur.key_span = key_span;
        cur.matched += 1;
        cur.followed_last = resolved && is_pure_ref(cur.node);
        if cur.followed_last {
            match follow(doc, &mut cur) {
                Followed::Ended => through_ref = true,
                Followed::Stuck => cur.followed_last = false,
                Followed::Dangling => break,
            }
        }
    }
    cur
}

/// Whether a path segment comes back whole from Spectral's ref map: it URI-encodes the
/// segments (`encodeURIComponent` on all but letters, digits, `-_.!~*'()` and `/`) and
/// decodes only `~1` and `~0`, so a segment with any other character (`{`, `+`, `$`, a
/// space, non-ASCII) names nothing and the finding is cut to the segment before it.
fn survives_ref_map(segment: &str) -> bool {
    segment
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.!~*'()/\u{2013}".contains(c))
}

/// The child a path segment names (an object key, or an array index in decimal), with the
/// span of its key.
fn child_of<'n>(node: &'n Node, seg: &str) -> Option<(&'n Node, Option<Span>)> {
    match &node.value {
        Value::Object(o) => o.member(seg).map(|m| (&m.value, Some(m.key_span))),
        Value::Array(a) => seg
            .parse::<usize>()
            .ok()
            .and_then(|i| a.get(i))
            .map(|c| (c, None)),
        _ => None,
    }
}

fn has_member(node: &Node, key: &str) -> bool {
    matches!(&node.value, Value::Object(o) if o.member(key).is_some())
}

/// `{$ref: ...}` and nothing else.
fn is_pure_ref(node: &Node) -> bool {
    matches!(&node.value, Value::Object(o) if o.members.len() == 1) && node.ref_target().is_some()
}

#[derive(PartialEq)]
enum Followed {
    /// At the end of the chain.
    Ended,
    /// At a reference that cannot be followed (its file missing or refused, `''`): a
    /// finding stays there and names the missing tail of its path.
    Stuck,
    /// At the closest existing ancestor of a pointer that names nothing.
    Dangling,
}

/// Follows the reference chain at `cur` (if any) to the node it ends at.
fn follow<'a>(doc: &Document<'a>, cur: &mut Located<'a>) -> Followed {
    let spec = doc.spec;
    for _ in 0..64 {
        let Some(r) = cur.node.ref_target() else {
            return Followed::Ended;
        };
        let t = match spec.target_of(cur.file, r) {
            Some(Ok(t)) => t,
            // Spectral's ref map still names a pointer that does not exist in a file it
            // read, and the finding moves to the pointer's closest existing ancestor in that
            // file (often the whole document); the rest of the path names nothing there.
            // `''` names no pointer: Spectral leaves such a finding at the `$ref`.
            Some(Err(_)) if !r.is_empty() => {
                let (file_part, fragment) = r.split_once('#').unwrap_or((r, ""));
                let file = if file_part.is_empty() {
                    Some(spec.file(cur.file))
                } else {
                    spec.ref_file_path(cur.file, r)
                        .and_then(|p| spec.file_by_path(&p))
                };
                let (Some(file), Ok(pointer)) =
                    (file, specwright_document::pointer::parse_pointer(fragment))
                else {
                    return Followed::Stuck;
                };
                let mut node: &Node = &file.root;
                let mut key_span = None;
                let mut path = Vec::new();
                for seg in pointer {
                    let Some((child, span)) = child_of(node, &seg) else {
                        break;
                    };
                    node = child;
                    key_span = span;
                    path.push(seg);
                }
                cur.file = file.id;
                cur.path = path;
                cur.node = node;
                cur.key_span = key_span;
                cur.dangling = true;
                return Followed::Dangling;
            }
            _ => return Followed::Stuck,
        };
        let file = spec.file(t.file);
        match file.locate(&t.path) {
            Some(l) => {
                cur.file = t.file;
                cur.path = t.path.clone();
                cur.node = l.node;
                cur.key_span = l.key_span;
            }
            None => match spec.walk_target(t) {
                Some(c) => {
                    cur.file = c.file;
                    cur.key_span = spec.file(c.file).locate(&c.path).and_then(|l| l.key_span);
                    cur.path = c.path;
                    cur.node = c.node;
                }
                None => return Followed::Ended,
            },
        }
    }
    Followed::Ended
}

/// Whether Spectral reads this file of a spec with its YAML parser: the linted file always
/// (JSON too), a referenced file unless it is named `.json`.
pub(crate) fn read_with_yaml_parser(file: &SourceFile) -> bool {
    file.id == FileId::ROOT || !specwright_document::parse::named_json(&file.path)
}

/// The range Spectral reports for a node.
pub fn spectral_range(file: &SourceFile, node: &Node, key_span: Option<Span>) -> Range {
    if !read_with_yaml_parser(file) && matches!(node.value, Value::Object(_) | Value::Array(_)) {
        // Spectral's JSON parser (a referenced `.json` file) spans a collection from its
        // opening bracket to just after its closing one.
        return Range {
            start: file.position(node.span.start as usize),
            end: file.position(node.span.end as usize),
        };
    }
    let mut start = node.span.start as usize;
    let text = file.text.as_bytes();
    // Right after the `:` that ends the value's key.
    let after_colon = key_span.and_then(|k| {
        let from = k.end as usize;
        text.get(from..)?
            .iter()
            .position(|&b| b == b':')
            .map(|i| from + i + 1)
    });
    if let Some(after) = after_colon {
        // An alias's span is its name, after the `*`.
        let alias = file.syntax == Syntax::Yaml && start > 0 && text.get(start - 1) == Some(&b'*');
        if alias || matches!(node.value, Value::Object(_) | Value::Array(_)) {
            // An object or array under a key starts one character past the key, in JSON
            // and YAML, block or flow, even when the value opens on a later line; so does an
            // alias, whatever it stands for (Spectral's ranges). That is right after the `:`,
            // or at it when a space comes first (`"key" : {`).
            start = key_span.map_or(after, |k| (k.end as usize + 1).min(after));
        } else if file.syntax == Syntax::Yaml && matches!(node.value, Value::String(_)) {
            // A block scalar (`|`, `>`) starts at its indicator, not at its first line.
            let mut i = after;
            while i < text.len() && (text[i] == b' ' || text[i] == b'\t') {
                i += 1;
            }
            if i < start && matches!(text.get(i), Some(b'|') | Some(b'>')) {
                start = i;
            }
        }
    }
    // Spectral's YAML parser reports a root that starts at the beginning of the second line
    // (after `---` or a comment) as starting at the beginning of the first.
    if std::ptr::eq(node, &*file.root)
        && read_with_yaml_parser(file)
        && text.iter().position(|&b| b == b'\n') == Some(start.wrapping_sub(1))
    {
        start = 0;
    }
    let end = last_end(node);
    Range {
        start: file.position(start),
        end: file.position(end.max(start)),
    }
}

/// End of the last scalar inside a value (its own end for scalars and empty collections).
fn last_end(node: &Node) -> usize {
    let mut n = node;
    loop {
        let within = |c: &&Node| c.span.start >= n.span.start && c.span.end <= n.span.end;
        let next = match &n.value {
            // The member written last: keys merged in with `<<` come after the mapping's
            // own in member order, though their text is elsewhere.
            Value::Object(o) => o
                .members
                .iter()
                .map(|m| &m.value)
                .filter(within)
                .max_by_key(|c| c.span.end),
            // An alias's items are written at its anchor: it ends at its own name.
            Value::Array(a) => a.last().filter(within),
            _ => None,
        };
        match next {
            Some(c) => n = c,
            None => return n.span.end as usize,
        }
    }
}
