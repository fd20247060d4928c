//! Direct evaluation of one path from a starting value, like jsonpath-plus: used for
//! `then.field` paths (relative to the matched value) and for `given` paths the automaton
//! does not take (a `^` followed by more steps).

use super::expr::Scope;
use super::{Path, Segment, Selector};
use crate::view::{Seg, Val};
use specwright_document::{Node, Value};

/// Most results one evaluation may produce (a guard against blow-ups in the resolved view).
const MAX_RESULTS: usize = 200_000;

#[derive(Clone)]
struct Item<'a> {
    path: Vec<Seg<'a>>,
    /// Values from the start down to this one.
    chain: Vec<Val<'a>>,
}

/// Results as (path relative to `start`, value); `~` paths give [`Val::Key`] values.
pub fn eval<'a>(path: &Path, start: Val<'a>, root: Val<'a>) -> Vec<(Vec<Seg<'a>>, Val<'a>)> {
    let mut items = vec![Item {
        path: Vec::new(),
        chain: vec![start],
    }];
    for seg in &path.segments {
        let mut next = Vec::new();
        match seg {
            Segment::Child(sel) => {
                for it in &items {
                    children(it, sel, root, &mut next);
                }
            }
            Segment::Descendant(sel) => {
                for it in &items {
                    descend(it, sel, root, &mut next);
                }
            }
            Segment::Parent => {
                for it in &items {
                    if it.path.is_empty() {
                        continue;
                    }
                    let mut p = it.clone();
                    p.path.pop();
                    p.chain.pop();
                    if !next.iter().any(|n: &Item<'_>| n.path == p.path) {
                        next.push(p);
                    }
                }
            }
        }
        next.truncate(MAX_RESULTS);
        items = next;
    }
    items
        .into_iter()
        .filter_map(|it| {
            let v = if path.key {
                match it.path.last() {
                    Some(Seg::Key(k)) => Val::Key(k),
                    Some(Seg::Index(i)) => Val::Index(*i),
                    None => return None,
                }
            } else {
                *it.chain.last().expect("chain holds the start")
            };
            Some((it.path, v))
        })
        .collect()
}

fn kids<'a>(v: Val<'a>) -> Vec<(Seg<'a>, Val<'a>)> {
    if v.is_array() {
        v.items()
            .enumerate()
            .map(|(i, c)| (Seg::Index(i), c))
            .collect()
    } else {
        v.members().map(|(k, c)| (Seg::Key(k), c)).collect()
    }
}

fn selects<'a>(
    sel: &Selector,
    seg: Seg<'a>,
    child: Val<'a>,
    it: &Item<'a>,
    root: Val<'a>,
    len: usize,
) -> bool {
    match sel.matches_key(seg, len) {
        Some(b) => b,
        None => match sel {
            Selector::Filter(e) => {
                let mut path = it.path.clone();
                path.push(seg);
                e.test(&Scope {
                    value: child,
                    property: Some(seg),
                    parent: *it.chain.last().expect("chain holds the start"),
                    parent_property: it.path.last().copied(),
                    path: &path,
                    root,
                })
            }
            Selector::Union(list) => list.iter().any(|s| selects(s, seg, child, it, root, len)),
            _ => false,
        },
    }
}

fn children<'a>(it: &Item<'a>, sel: &Selector, root: Val<'a>, out: &mut Vec<Item<'a>>) {
    let v = *it.chain.last().expect("chain holds the start");
    let ks = kids(v);
    let len = ks.len();
    for (seg, c) in ks {
        if out.len() >= MAX_RESULTS {
            return;
        }
        if selects(sel, seg, c, it, root, len) {
            let mut n = it.clone();
            n.path.push(seg);
            n.chain.push(c);
            out.push(n);
        }
    }
}

fn descend<'a>(it: &Item<'a>, sel: &Selector, root: Val<'a>, out: &mut Vec<Item<'a>>) {
    children(it, sel, root, out);
    let v = *it.chain.last().expect("chain holds the start");
    for (seg, c) in kids(v) {
        if out.len() >= MAX_RESULTS {
            return;
        }
        let Some(node) = c.node() else { continue };
        if !matches!(node.value, Value::Object(_) | Value::Array(_)) {
            continue;
        }
        // A recursive schema leads back to an ancestor: do not walk it again.
        if it
            .chain
            .iter()
            .any(|a| a.node().is_some_and(|n| std::ptr::eq::<Node>(n, node)))
        {
            continue;
        }
        let mut n = it.clone();
        n.path.push(seg);
        n.chain.push(c);
        descend(&n, sel, root, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonpath::parse;
    use crate::view::{path_strings, Document};
    use specwright_document::{LoadOptions, Spec};

    #[test]
    fn evaluates_relative_paths_and_mid_path_parents() {
        let spec = Spec::from_text(
            std::path::Path::new("/tmp/eval.yaml"),
            "paths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n  /b:\n    post: {x: 1}\ns: {self: {$ref: '#/s'}, d: 1}\n",
            &LoadOptions::default(),
        )
        .unwrap();
        let doc = Document::new(&spec);
        let root = doc.root(true);
        let show = |p: &str, start: Val<'_>| -> Vec<String> {
            eval(&parse(p).unwrap(), start, root)
                .into_iter()
                .map(|(path, _)| path_strings(&path).join("/"))
                .collect()
        };
        assert_eq!(show("$..description^^", root), ["paths//a/get/responses"]);
        assert_eq!(show("$.paths[*][?(@.responses)]^~", root), ["paths//a"]);
        assert_eq!(
            show("$.get.responses[*]", root.walk(&["paths", "/a"])),
            ["get/responses/200"]
        );
        assert_eq!(show("$..d", root), ["s/d"]);
    }
}
