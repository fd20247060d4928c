//! All `given` paths of a ruleset compiled into one automaton that walks the document once.
//!
//! Each path is a list of steps; the walker carries, per node, the set of (path, step)
//! states still alive. A child step advances on a matching child; a descendant step stays
//! alive below the node and also advances on a matching descendant. A subtree where no
//! state is alive is skipped, so rules anchored at `$.paths[*]` never look at schemas.
//!
//! In the resolved view a `$ref` is entered as its target. A target already being walked
//! higher up (a recursive schema) is presented as the `$ref` object as written, so the walk
//! is finite. A target reached again with the same live states is not walked again: it
//! would produce the same findings at the same source location, which the engine
//! deduplicates anyway (as Spectral does), and skipping it keeps specs that reuse large
//! schemas hundreds of times linear.

use super::expr::Scope;
use super::{Path, Segment, Selector};
use crate::view::{AddrHash, NodeRef, Seg, Val};
use specwright_document::{Node, Value};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// Deepest walk in the resolved view (references can nest schemas far deeper than any file).
const MAX_DEPTH: usize = 1024;

enum Step {
    Child(Selector),
    Descendant(Selector),
}

impl Step {
    fn selector(&self) -> &Selector {
        match self {
            Step::Child(s) | Step::Descendant(s) => s,
        }
    }
}

struct Compiled {
    id: usize,
    steps: Vec<Step>,
    /// Per step: a filter that never selects a scalar (see `Expr::false_on_scalars`).
    objects_only: Vec<bool>,
    /// Per step: members one of which an object must have for its filter to select it
    /// (see `Expr::required_members`).
    required: Vec<Option<Vec<String>>>,
    parents: usize,
    key: bool,
    /// Findings inside a shared subtree do not depend on where it is reached from.
    memo_safe: bool,
}

/// Many paths, one walk.
pub struct Matcher {
    paths: Vec<Compiled>,
}

impl Matcher {
    /// Compiles `(id, path)` pairs. Paths with `^` before other steps are not accepted
    /// (the caller evaluates those with [`super::eval`]); see [`Path::parents_only_at_end`].
    pub fn new(paths: Vec<(usize, Path)>) -> Matcher {
        let paths = paths
            .into_iter()
            .map(|(id, p)| {
                debug_assert!(p.parents_only_at_end());
                let memo_safe = !p.uses_position();
                let mut steps = Vec::new();
                let mut parents = 0;
                for s in p.segments {
                    match s {
                        Segment::Child(sel) => steps.push(Step::Child(sel)),
                        Segment::Descendant(sel) => steps.push(Step::Descendant(sel)),
                        Segment::Parent => parents += 1,
                    }
                }
                let objects_only = steps
                    .iter()
                    .map(|s: &Step| match s.selector() {
                        Selector::Filter(e) => e.false_on_scalars(),
                        _ => false,
                    })
                    .collect();
                let required = steps
                    .iter()
                    .map(|s: &Step| match s.selector() {
                        Selector::Filter(e) => e
                            .required_members()
                            .map(|keys| keys.into_iter().map(String::from).collect()),
                        _ => None,
                    })
                    .collect();
                Compiled {
                    id,
                    steps,
                    objects_only,
                    required,
                    parents,
                    key: p.key,
                    memo_safe,
                }
            })
            .collect();
        Matcher { paths }
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Walks from `root` and calls `sink(id, value, path)` for every match.
    pub fn run<'a>(&self, root: Val<'a>, sink: &mut dyn FnMut(usize, Val<'a>, &[Seg<'a>])) {
        let Some(root_ref) = root.node_ref() else {
            return;
        };
        let mut w = Walk {
            m: self,
            root,
            states: Vec::new(),
            path: Vec::new(),
            vals: vec![root],
            memo: HashSet::default(),
            sink,
        };
        for (i, p) in self.paths.iter().enumerate() {
            if p.steps.is_empty() {
                w.emit(i);
            } else {
                w.states.push((i as u32, 0));
            }
        }
        let end = w.states.len();
        if end > 0 {
            w.visit(root_ref, 0, end);
        }
    }
}

struct Walk<'m, 'a, 's> {
    m: &'m Matcher,
    root: Val<'a>,
    states: Vec<(u32, u32)>,
    path: Vec<Seg<'a>>,
    /// Values along `path` (the root first).
    vals: Vec<Val<'a>>,
    memo: HashSet<(usize, u64), AddrHash>,
    sink: &'s mut dyn FnMut(usize, Val<'a>, &[Seg<'a>]),
}

/// Whether an object has one of the keys (arrays have none: the keys are not indices).
fn has_any(node: &Node, keys: &[String]) -> bool {
    node.as_object()
        .is_some_and(|o| keys.iter().any(|k| o.contains_key(k)))
}

fn addr(n: &Node) -> usize {
    n as *const Node as usize
}

impl<'a> Walk<'_, 'a, '_> {
    /// Reports path `i` matching the current node (`vals.last()`, at `path`).
    fn emit(&mut self, i: usize) {
        let p = &self.m.paths[i];
        if p.parents > self.path.len() {
            return;
        }
        let depth = self.path.len() - p.parents;
        let path = &self.path[..depth];
        let value = if p.key {
            match path.last() {
                Some(Seg::Key(k)) => Val::Key(k),
                // Keys of array items are numbers, which a string view cannot borrow; no
                // ruleset selects them.
                _ => return,
            }
        } else {
            self.vals[depth]
        };
        (self.sink)(p.id, value, path);
    }

    fn selects(
        &self,
        sel: &Selector,
        seg: Seg<'a>,
        child: Val<'a>,
        parent: Val<'a>,
        len: usize,
    ) -> bool {
        match sel.matches_key(seg, len) {
            Some(b) => b,
            None => match sel {
                Selector::Filter(e) => e.test(&Scope {
                    value: child,
                    property: Some(seg),
                    parent,
                    parent_property: self.path.iter().rev().nth(1).copied(),
                    path: &self.path,
                    root: self.root,
                }),
                Selector::Union(list) => list
                    .iter()
                    .any(|s| self.selects(s, seg, child, parent, len)),
                _ => false,
            },
        }
    }

    /// Visits the children of `node`, whose live states are `states[from..to]`.
    fn visit(&mut self, node: NodeRef<'a>, from: usize, to: usize) {
        if self.path.len() >= MAX_DEPTH {
            return;
        }
        let parent = Val::Node(node);
        match &node.node.value {
            Value::Object(o) => {
                for m in &o.members {
                    self.child(
                        node,
                        parent,
                        Seg::Key(m.key.as_str()),
                        &m.value,
                        o.members.len(),
                        from,
                        to,
                    );
                }
            }
            Value::Array(items) => {
                for (i, c) in items.iter().enumerate() {
                    self.child(node, parent, Seg::Index(i), c, items.len(), from, to);
                }
            }
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn child(
        &mut self,
        node: NodeRef<'a>,
        parent: Val<'a>,
        seg: Seg<'a>,
        raw: &'a Node,
        len: usize,
        from: usize,
        to: usize,
    ) {
        // The child as the view sees it, and the ref target entered (if any).
        let mut entered = None;
        let child = if node.resolved {
            match node.doc.ref_end(raw) {
                Some((file, target))
                    if !self
                        .vals
                        .iter()
                        .any(|v| v.node().is_some_and(|n| std::ptr::eq(n, target))) =>
                {
                    entered = Some(addr(target));
                    NodeRef {
                        doc: node.doc,
                        file,
                        node: target,
                        resolved: true,
                    }
                }
                _ => NodeRef { node: raw, ..node },
            }
        } else {
            NodeRef { node: raw, ..node }
        };
        let child_val = Val::Node(child);
        let scalar = !matches!(child.node.value, Value::Object(_) | Value::Array(_));
        self.path.push(seg);
        let start = self.states.len();
        for i in from..to {
            let (p, s) = self.states[i];
            let compiled = &self.m.paths[p as usize];
            let step = &compiled.steps[s as usize];
            let skip = if scalar {
                compiled.objects_only[s as usize]
            } else {
                compiled.required[s as usize]
                    .as_ref()
                    .is_some_and(|keys| !has_any(child.node, keys))
            };
            match step {
                Step::Descendant(sel) => {
                    // Scalars have no descendants: the state only matters below objects.
                    if !scalar {
                        self.states.push((p, s));
                    }
                    if !skip && self.selects(sel, seg, child_val, parent, len) {
                        self.states.push((p, s + 1));
                    }
                }
                Step::Child(sel) => {
                    if !skip && self.selects(sel, seg, child_val, parent, len) {
                        self.states.push((p, s + 1));
                    }
                }
            }
        }
        // Dedup in place, then split off completed paths: the live states stay on the
        // stack as the child's range (no per-node allocation).
        self.states[start..].sort_unstable();
        let mut w = start;
        for r in start..self.states.len() {
            if w == start || self.states[r] != self.states[w - 1] {
                self.states[w] = self.states[r];
                w += 1;
            }
        }
        self.states.truncate(w);
        self.vals.push(child_val);
        let mut live_end = start;
        for r in start..w {
            let (p, s) = self.states[r];
            if s as usize == self.m.paths[p as usize].steps.len() {
                self.emit(p as usize);
            } else {
                self.states[live_end] = (p, s);
                live_end += 1;
            }
        }
        self.states.truncate(live_end);
        let descend = live_end > start && !scalar;
        if descend {
            let skip = entered.is_some() && {
                let live = &self.states[start..live_end];
                let safe = live
                    .iter()
                    .all(|(p, _)| self.m.paths[*p as usize].memo_safe);
                if safe {
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    seg.hash(&mut h);
                    live.hash(&mut h);
                    !self.memo.insert((entered.unwrap_or(0), h.finish()))
                } else {
                    false
                }
            };
            if !skip {
                self.visit(child, start, live_end);
            }
        }
        self.states.truncate(start);
        self.vals.pop();
        self.path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonpath::parse;
    use crate::view::{path_strings, Document};
    use specwright_document::{LoadOptions, Spec};

    fn run(text: &str, paths: &[&str], resolved: bool) -> Vec<(usize, String, String)> {
        let spec = Spec::from_text(
            std::path::Path::new("/tmp/matcher.yaml"),
            text,
            &LoadOptions::default(),
        )
        .unwrap();
        let doc = Document::new(&spec);
        let m = Matcher::new(
            paths
                .iter()
                .enumerate()
                .map(|(i, p)| (i, parse(p).unwrap()))
                .collect(),
        );
        let mut out = Vec::new();
        m.run(doc.root(resolved), &mut |id, v, path| {
            let shown = match v {
                Val::Key(k) => format!("key:{k}"),
                other => other.to_json().to_string(),
            };
            out.push((id, path_strings(path).join("/"), shown));
        });
        out.sort();
        out
    }

    const DOC: &str = "openapi: 3.0.0\npaths:\n  /a:\n    get: {summary: A, tags: [x]}\n    post: {description: P}\n  /b:\n    parameters: []\n    put: {$ref: '#/components/x'}\ncomponents:\n  x: {description: X, summary: Y}\n";

    #[test]
    fn child_union_wildcard_and_key() {
        let got = run(DOC, &["$.paths[*][get,put]", "$.paths.*~", "$"], true);
        let paths: Vec<_> = got.iter().map(|(i, p, _)| format!("{i}:{p}")).collect();
        assert_eq!(
            paths,
            [
                "0:paths//a/get",
                "0:paths//b/put",
                "1:paths//a",
                "1:paths//b",
                "2:"
            ]
        );
        assert_eq!(got[1].2, r#"{"description":"X","summary":"Y"}"#);
        assert_eq!(got[2].2, "key:/a");
    }

    #[test]
    fn descendants_filters_and_parents() {
        let got = run(
            DOC,
            &["$..description", "$..[?(@property === 'summary')]^"],
            true,
        );
        let paths: Vec<_> = got.iter().map(|(i, p, _)| format!("{i}:{p}")).collect();
        // components/x is reached twice (directly and through the ref): both paths reported;
        // the engine maps them to one source location.
        assert_eq!(
            paths,
            [
                "0:components/x/description",
                "0:paths//a/post/description",
                "0:paths//b/put/description",
                "1:components/x",
                "1:paths//a/get",
                "1:paths//b/put"
            ]
        );
        // Unresolved: the ref is not entered.
        let raw = run(DOC, &["$..description"], false);
        assert_eq!(raw.len(), 2);
    }

    #[test]
    fn recursive_schemas_terminate() {
        let text = "components:\n  schemas:\n    Node:\n      type: object\n      properties:\n        next: {$ref: '#/components/schemas/Node'}\n        kids: {type: array, items: {$ref: '#/components/schemas/Node'}}\n";
        let got = run(text, &["$..type"], true);
        // `next` and `kids.items` lead back to Node, an ancestor: they stay `$ref` objects.
        let paths: Vec<_> = got.iter().map(|(_, p, _)| p.clone()).collect();
        assert_eq!(
            paths,
            [
                "components/schemas/Node/properties/kids/type",
                "components/schemas/Node/type",
            ]
        );
    }

    #[test]
    fn indices_slices_and_negative() {
        let text = "a: [p, q, r, s]\n";
        let got = run(text, &["$.a[0]", "$.a[-1]", "$.a[1:3]", "$.a[*]"], false);
        let ids: Vec<_> = got.iter().map(|(i, _, v)| format!("{i}{v}")).collect();
        assert_eq!(
            ids,
            ["0\"p\"", "1\"s\"", "2\"q\"", "2\"r\"", "3\"p\"", "3\"q\"", "3\"r\"", "3\"s\""]
        );
    }
}
