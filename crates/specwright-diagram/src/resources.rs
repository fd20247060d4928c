//! The resource view: the path tree with each operation's method, operationId, tags
//! (coloured), security and deprecation; compact mode lists each tag's (or first
//! segment's) paths with method chips, for specs with hundreds of endpoints.

use crate::model::{
    Chip, Direction, Edge, EdgeKind, Graph, Group, Mark, Node, NodeKind, Row, Source, View,
};
use crate::schemas::{source, title};
use crate::DiagramError;
use indexmap::IndexMap;
use specwright_document::node::Node as DocNode;
use specwright_document::stats::METHODS;
use specwright_document::{Cursor, Spec};

/// How compact mode groups paths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// The first tag of the path's first operation, else the first path segment.
    #[default]
    Tag,
    /// The first path segment (`/pets`).
    Segment,
}

#[derive(Clone, Debug, Default)]
pub struct ResourceOptions {
    pub compact: bool,
    pub group_by: GroupBy,
}

/// One operation, read once and shown by either mode.
struct Operation {
    method: String,
    operation_id: Option<String>,
    tags: Vec<String>,
    deprecated: bool,
    /// None: no security anywhere; Some(empty): explicitly public.
    security: Option<Vec<String>>,
    source: Source,
}

struct PathEntry {
    path: String,
    ops: Vec<Operation>,
    source: Source,
}

pub fn resources(spec: &Spec, opts: &ResourceOptions) -> Result<Graph, DiagramError> {
    if !spec.kind.is_openapi() {
        return Err(DiagramError::NotOpenApi(spec.root().name.clone()));
    }
    let entries = read_paths(spec);
    // Tags in the order the spec declares them, then in order of first use.
    let mut tags: IndexMap<String, Option<Source>> = IndexMap::new();
    if let Some(declared) = spec.cursor().get("tags") {
        for t in declared.items() {
            if let Some(name) = t.node.get("name").and_then(DocNode::as_str) {
                tags.insert(name.to_string(), Some(source(spec, t.file, &t.path)));
            }
        }
    }
    for e in &entries {
        for op in &e.ops {
            for t in &op.tags {
                tags.entry(t.clone()).or_insert(None);
            }
        }
    }
    let mut graph = Graph::new(
        View::Resources,
        title(spec),
        if opts.compact {
            Direction::TopDown
        } else {
            Direction::LeftRight
        },
    );
    graph.legend = tags.keys().cloned().collect();
    let color = |op: &Operation| op.tags.first().and_then(|t| tags.get_index_of(t));
    if opts.compact {
        compact(&mut graph, spec, &entries, &tags, opts.group_by, &color);
    } else {
        tree(&mut graph, spec, &entries, &color);
    }
    let n_ops: usize = entries.iter().map(|e| e.ops.len()).sum();
    graph.notes.push(format!(
        "{} paths, {} operations, {} tags",
        entries.len(),
        n_ops,
        tags.len()
    ));
    Ok(graph)
}

fn read_paths(spec: &Spec) -> Vec<PathEntry> {
    let root = spec.cursor();
    let global_security = root.get("security").map(|s| requirement_names(&s));
    let Some(paths) = root.get("paths") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths.members() {
        if !path.starts_with('/') {
            continue; // extensions (`x-...`)
        }
        let item_source = source(spec, item.file, &item.path);
        let Ok(item) = item.resolve() else {
            out.push(PathEntry {
                path: path.to_string(),
                ops: Vec::new(),
                source: item_source,
            });
            continue;
        };
        let mut ops = Vec::new();
        for (method, op) in item.members() {
            if !METHODS.contains(&method) {
                continue;
            }
            let src = source(spec, op.file, &op.path);
            let op = op.clone().resolve().unwrap_or(op);
            let str_of = |k: &str| op.node.get(k).and_then(DocNode::as_str).map(str::to_string);
            let tags = op
                .node
                .get("tags")
                .and_then(DocNode::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(DocNode::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let security = match op.get("security") {
                Some(s) => Some(requirement_names(&s)),
                None => global_security.clone(),
            };
            ops.push(Operation {
                method: method.to_string(),
                operation_id: str_of("operationId"),
                tags,
                deprecated: op.node.get("deprecated").and_then(DocNode::as_bool) == Some(true),
                security,
                source: src,
            });
        }
        out.push(PathEntry {
            path: path.to_string(),
            ops,
            source: item_source,
        });
    }
    out
}

/// Scheme names of a security requirement list (`[{api_key: []}, {oauth: [read]}]`).
fn requirement_names(list: &Cursor<'_>) -> Vec<String> {
    let mut names = Vec::new();
    for req in list.items() {
        for (name, _) in req.members() {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}

fn op_marks(op: &Operation) -> Vec<Mark> {
    let mut marks = Vec::new();
    if let Some(s) = &op.security {
        marks.push(Mark::Secured(s.clone()));
    }
    if op.deprecated {
        marks.push(Mark::Deprecated);
    }
    marks
}

fn op_title(op: &Operation, path: &str) -> String {
    let mut t = format!("{} {}", op.method.to_uppercase(), path);
    if let Some(id) = &op.operation_id {
        t.push_str(&format!(" · {id}"));
    }
    if !op.tags.is_empty() {
        t.push_str(&format!(" · tags: {}", op.tags.join(", ")));
    }
    match &op.security {
        Some(s) if s.is_empty() => t.push_str(" · public"),
        Some(s) => t.push_str(&format!(" · security: {}", s.join(", "))),
        None => {}
    }
    if op.deprecated {
        t.push_str(" · deprecated");
    }
    t
}

fn chip(op: &Operation, path: &str) -> Chip {
    Chip {
        text: op.method.to_uppercase(),
        title: op_title(op, path),
        marks: op_marks(op),
        source: op.source.clone(),
    }
}

/// Full mode: a radix tree of path segments (single-child prefixes merged); nodes that are
/// paths list their operations as rows.
fn tree(
    graph: &mut Graph,
    spec: &Spec,
    entries: &[PathEntry],
    color: &dyn Fn(&Operation) -> Option<usize>,
) {
    // Trie over segments: children by segment, in spec order.
    struct T {
        children: IndexMap<String, usize>,
        entry: Option<usize>,
    }
    let mut trie = vec![T {
        children: IndexMap::new(),
        entry: None,
    }];
    for (k, e) in entries.iter().enumerate() {
        let mut at = 0;
        for seg in e.path.split('/').filter(|s| !s.is_empty()) {
            at = match trie[at].children.get(seg) {
                Some(&c) => c,
                None => {
                    trie.push(T {
                        children: IndexMap::new(),
                        entry: None,
                    });
                    let c = trie.len() - 1;
                    trie[at].children.insert(seg.to_string(), c);
                    c
                }
            };
        }
        trie[at].entry = Some(k);
    }
    let paths_source = source(
        spec,
        specwright_document::FileId::ROOT,
        &["paths".to_string()],
    );
    // Depth-first, merging chains of pure prefixes into one node label.
    let mut root = Node::new("/", "/", NodeKind::Segment, paths_source.clone());
    if let Some(k) = trie[0].entry {
        fill_path(&mut root, &entries[k], color);
    }
    graph.nodes.push(root);
    let mut stack: Vec<(usize, usize, String)> = trie[0]
        .children
        .iter()
        .rev()
        .map(|(seg, &c)| (c, 0usize, format!("/{seg}")))
        .collect();
    while let Some((mut t, parent, mut label)) = stack.pop() {
        while trie[t].entry.is_none() && trie[t].children.len() == 1 {
            let (seg, &c) = trie[t].children.first().expect("one child");
            label.push('/');
            label.push_str(seg);
            t = c;
        }
        let full = format!("{}{}", prefix_of(graph, parent), label);
        let mut node = Node::new(full.clone(), label, NodeKind::Segment, paths_source.clone());
        if let Some(k) = trie[t].entry {
            fill_path(&mut node, &entries[k], color);
        }
        let i = graph.nodes.len();
        let edge_source = node.source.clone();
        graph.nodes.push(node);
        graph.edges.push(Edge {
            from: parent,
            to: i,
            kind: EdgeKind::Contains,
            label: String::new(),
            cardinality: None,
            cycle: false,
            source: edge_source,
        });
        for (seg, &c) in trie[t].children.iter().rev() {
            stack.push((c, i, format!("/{seg}")));
        }
    }
}

fn prefix_of(graph: &Graph, i: usize) -> String {
    if i == 0 {
        String::new()
    } else {
        graph.nodes[i].id.clone()
    }
}

fn fill_path(node: &mut Node, e: &PathEntry, color: &dyn Fn(&Operation) -> Option<usize>) {
    node.kind = NodeKind::Path;
    node.source = e.source.clone();
    for op in &e.ops {
        let mut row = Row::new(
            op.operation_id.clone().unwrap_or_default(),
            op.tags.join(", "),
            op.source.clone(),
        );
        row.chips.push(chip(op, &e.path));
        row.marks = op_marks(op);
        row.color = color(op);
        node.rows.push(row);
    }
    if !e.ops.is_empty() && e.ops.iter().all(|o| o.deprecated) {
        node.marks.push(Mark::Deprecated);
    }
}

/// Compact mode: one box per tag (or first segment) listing its paths, each with a chip per
/// method; the box's common path prefix is shown once as its subtitle.
fn compact(
    graph: &mut Graph,
    spec: &Spec,
    entries: &[PathEntry],
    tags: &IndexMap<String, Option<Source>>,
    by: GroupBy,
    color: &dyn Fn(&Operation) -> Option<usize>,
) {
    let mut groups: IndexMap<String, Vec<usize>> = IndexMap::new();
    for (k, e) in entries.iter().enumerate() {
        let key = match (by, e.ops.iter().find_map(|o| o.tags.first())) {
            (GroupBy::Tag, Some(t)) => t.clone(),
            _ => first_segment(&e.path),
        };
        groups.entry(key).or_default().push(k);
    }
    let paths_source = source(
        spec,
        specwright_document::FileId::ROOT,
        &["paths".to_string()],
    );
    for (g, (key, members)) in groups.iter().enumerate() {
        let tag_source = tags.get(key).cloned().flatten();
        let gcolor = tags.get_index_of(key);
        graph.groups.push(Group {
            id: key.clone(),
            label: key.clone(),
            color: gcolor.unwrap_or(g),
            source: tag_source.clone(),
        });
        let prefix = common_prefix(members.iter().map(|&k| entries[k].path.as_str()));
        let mut node = Node::new(
            format!("group:{key}"),
            key.clone(),
            NodeKind::Collection,
            tag_source.unwrap_or_else(|| paths_source.clone()),
        );
        node.group = Some(g);
        node.color = gcolor;
        let n_ops: usize = members.iter().map(|&k| entries[k].ops.len()).sum();
        node.subtitle = Some(if prefix.is_empty() {
            format!("{} paths · {} operations", members.len(), n_ops)
        } else {
            format!("{prefix} · {} paths · {} operations", members.len(), n_ops)
        });
        for &k in members {
            let e = &entries[k];
            let rest = &e.path[prefix.len()..];
            let mut row = Row::new(
                if rest.is_empty() { "/" } else { rest },
                String::new(),
                e.source.clone(),
            );
            row.chips = e.ops.iter().map(|o| chip(o, &e.path)).collect();
            row.color = e.ops.first().and_then(color);
            if !e.ops.is_empty() && e.ops.iter().all(|o| o.deprecated) {
                row.marks.push(Mark::Deprecated);
            }
            node.rows.push(row);
        }
        graph.nodes.push(node);
    }
}

fn first_segment(path: &str) -> String {
    match path.split('/').find(|s| !s.is_empty()) {
        Some(s) => format!("/{s}"),
        None => "/".into(),
    }
}

/// Longest common prefix of whole segments, without the trailing slash (`/api/v1`).
fn common_prefix<'a>(mut paths: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = paths.next() else {
        return String::new();
    };
    let mut segs: Vec<&str> = first.split('/').collect();
    let mut only_one = true;
    for p in paths {
        only_one = false;
        let other: Vec<&str> = p.split('/').collect();
        let n = segs.iter().zip(&other).take_while(|(a, b)| a == b).count();
        segs.truncate(n);
    }
    if only_one {
        // Keep the last segment visible on its row.
        segs.pop();
    }
    segs.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_is_by_segment() {
        let p = common_prefix(
            [
                "/api/v1/pods",
                "/api/v1/pods/{name}",
                "/api/v1/podtemplates",
            ]
            .into_iter(),
        );
        assert_eq!(p, "/api/v1");
        assert_eq!(common_prefix(["/pets"].into_iter()), "");
        assert_eq!(common_prefix(["/a/b", "/c"].into_iter()), "");
    }
}
