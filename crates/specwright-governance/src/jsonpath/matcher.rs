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
//!
//! Several walkers can share one walk ([`Matcher::run_split`]): each traverses the top of
//! the tree and takes the subtrees at a fixed depth one at a time, first come first served,
//! so two threads split a view between them whatever its shape.

use super::expr::Scope;
use super::{Path, Segment, Selector};
use crate::view::{AddrHash, NodeRef, Seg, Val};
use specwright_document::{Node, Value};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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
    parents: usize,
    key: bool,
    /// Findings inside a shared subtree do not depend on where it is reached from.
    memo_safe: bool,
}

/// Many paths, one walk.
pub struct Matcher {
    paths: Vec<Compiled>,
    /// Every (path, step) state, numbered path by path and step by step, so that states
    /// sort in (path, step) order; a state whose step is past the last one is a match.
    states: Vec<State>,
}

/// One (path, step) state of the automaton, with what the walk tests at every child.
struct State {
    path: u32,
    step: u32,
    /// The path is complete: the node reached is a match.
    done: bool,
    descendant: bool,
    test: Test,
    /// The step's filter never selects a scalar (see `Expr::false_on_scalars`).
    objects_only: bool,
    /// Members one of which an object must have for the step's filter to select it (see
    /// `Expr::required_members`).
    required: Option<Box<[String]>>,
    /// Which scalar children the state may advance on: keys by length (bit `len`, bit 63
    /// for 63 and longer), and array items.
    scalar_keys: u64,
    scalar_items: bool,
}

/// The object keys a selector picks when it picks by name only: a name, a union of names,
/// or a filter `@property === 'name'` (on an array item `@property` is a number, which is
/// never `===` a string, as a name is never an index unless it is written as one; such
/// items go to `Walk::selects`, which evaluates the selector itself).
fn names_of(sel: &Selector) -> Option<Vec<String>> {
    match sel {
        Selector::Name(n) => Some(vec![n.clone()]),
        Selector::Union(list) => list
            .iter()
            .map(|x| match x {
                Selector::Name(n) => Some(n.clone()),
                _ => None,
            })
            .collect(),
        Selector::Filter(e) => e.property_is().map(|n| vec![n.to_string()]),
        _ => None,
    }
}

/// The bit of a key length in [`State::scalar_keys`].
fn len_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// How a state's selector is tested on a child: the common cases without a call.
enum Test {
    Any,
    Name(String),
    /// A union of names (`[description,title]`, `[get,put,post,...]`).
    Names(Box<[String]>),
    Other,
}

/// One walk of one view shared by several walkers ([`Matcher::run_split`]): the subtrees
/// rooted at `depth` are numbered in walk order and handed out in that order.
pub struct Split {
    depth: usize,
    next: AtomicUsize,
    /// The walkers' shared memory of `$ref` targets walked (see the module docs), with the
    /// lowest subtree number that walked each: a walker skips a target only when a subtree
    /// at or before its own did, which is when one walk would have skipped it.
    memo: Mutex<HashMap<(usize, u64), usize, AddrHash>>,
}

impl Split {
    /// Splits at nodes `depth` steps below the root (at least 1).
    pub fn new(depth: usize) -> Split {
        Split {
            depth: depth.max(1),
            next: AtomicUsize::new(0),
            memo: Mutex::new(HashMap::default()),
        }
    }
}

/// Order of one report of [`Matcher::run_split`]: sorting the reports of all walkers of a
/// split stably by it gives [`Matcher::run`]'s order.
pub type Order = u64;

/// Receives a split walker's matches: `(order, id, value, path)`.
pub type SplitSink<'s, 'a> = dyn FnMut(Order, usize, Val<'a>, &[Seg<'a>]) + 's;

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
                Compiled {
                    id,
                    steps,
                    parents,
                    key: p.key,
                    memo_safe,
                }
            })
            .collect::<Vec<Compiled>>();
        let mut states = Vec::new();
        for (pi, p) in paths.iter().enumerate() {
            for s in 0..=p.steps.len() {
                let step = p.steps.get(s);
                let filter = match step.map(Step::selector) {
                    Some(Selector::Filter(e)) => Some(e),
                    _ => None,
                };
                let objects_only = filter.is_some_and(|e| e.false_on_scalars());
                // A name matches an array item only when it is an index.
                let numeric = |n: &str| n.as_bytes().first().is_some_and(u8::is_ascii_digit);
                let names = step.map(Step::selector).and_then(names_of);
                let (scalar_keys, scalar_items) = match (step, &names) {
                    (None, _) => (0, false),
                    _ if objects_only => (0, false),
                    (_, Some(names)) => names.iter().fold((0, false), |(k, i), n| {
                        (k | len_bit(n.len()), i || numeric(n))
                    }),
                    _ => (u64::MAX, true),
                };
                let test = match (step.map(Step::selector), names) {
                    (Some(Selector::Wildcard), _) => Test::Any,
                    (_, Some(mut names)) if names.len() == 1 => {
                        Test::Name(names.pop().unwrap_or_default())
                    }
                    (_, Some(names)) => Test::Names(names.into_boxed_slice()),
                    _ => Test::Other,
                };
                states.push(State {
                    path: pi as u32,
                    step: s as u32,
                    scalar_keys,
                    scalar_items,
                    done: step.is_none(),
                    descendant: matches!(step, Some(Step::Descendant(_))),
                    test,
                    objects_only,
                    required: filter.and_then(|e| {
                        e.required_members()
                            .map(|keys| keys.into_iter().map(String::from).collect())
                    }),
                });
            }
        }
        Matcher { paths, states }
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Walks from `root` and calls `sink(id, value, path)` for every match.
    pub fn run<'a>(&self, root: Val<'a>, sink: &mut dyn FnMut(usize, Val<'a>, &[Seg<'a>])) {
        self.walk(root, None, true, &mut |_, id, v, p| sink(id, v, p));
    }

    /// One walker of a walk shared through `split`: calls `sink(order, id, value, path)` for
    /// the matches inside the subtrees it takes, and, with `top` (exactly one walker per
    /// split), for the matches above the split depth. Every walker must run to the end:
    /// together they report what [`Matcher::run`] reports, in its order once sorted by
    /// [`Order`], plus possibly repeats of a shared `$ref` target's matches that `run` skips
    /// (a walker may reach a target before the walker of an earlier subtree does); these
    /// come after the first ones and the engine deduplicates them as it does `run`'s.
    pub fn run_split<'a>(
        &self,
        root: Val<'a>,
        split: &Split,
        top: bool,
        sink: &mut SplitSink<'_, 'a>,
    ) {
        self.walk(root, Some(split), top, sink);
    }

    fn walk<'a>(
        &self,
        root: Val<'a>,
        split: Option<&Split>,
        top: bool,
        sink: &mut SplitSink<'_, 'a>,
    ) {
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
            split,
            top,
            seen: 0,
            claim: None,
            task: None,
        };
        // Step 0 of each path: states are numbered path after path, steps + 1 per path.
        let mut first = 0u32;
        for (i, p) in self.paths.iter().enumerate() {
            if p.steps.is_empty() {
                w.emit(i);
            } else {
                w.states.push(first);
            }
            first += p.steps.len() as u32 + 1;
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
    /// Live states ([`Matcher::states`] numbers) of the nodes along the path, each node's
    /// as one sorted range.
    states: Vec<u32>,
    path: Vec<Seg<'a>>,
    /// Values along `path` (the root first).
    vals: Vec<Val<'a>>,
    memo: HashSet<(usize, u64), AddrHash>,
    sink: &'s mut SplitSink<'s, 'a>,
    split: Option<&'s Split>,
    /// Whether this walker reports the matches above the split depth.
    top: bool,
    /// Subtrees at the split depth met so far (the next one's number).
    seen: usize,
    /// The subtree number this walker was handed and has not reached yet.
    claim: Option<usize>,
    /// The subtree being walked (the number of the split-depth ancestor).
    task: Option<usize>,
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
                Some(Seg::Index(i)) => Val::Index(*i),
                None => return,
            }
        } else {
            self.vals[depth]
        };
        // Above the split depth a report is ordered before the next subtree; inside a
        // subtree, after its number's reports from above and before the next number's.
        let order = match self.task {
            Some(k) => 2 * k as Order + 1,
            None if self.top => 2 * self.seen as Order,
            None => return,
        };
        (self.sink)(order, p.id, value, path);
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
        // Which scalar children any live state may advance on: the others are skipped
        // without a look at each state.
        let scalars = self.states[from..to]
            .iter()
            .map(|id| &self.m.states[*id as usize])
            .fold((0, false), |(k, i), st| {
                (k | st.scalar_keys, i || st.scalar_items)
            });
        match &node.node.value {
            Value::Object(o) => {
                for m in &o.members {
                    self.child(
                        node,
                        parent,
                        Seg::Key(m.key.as_str()),
                        &m.value,
                        o.members.len(),
                        (from, to),
                        scalars,
                    );
                }
            }
            Value::Array(items) => {
                for (i, c) in items.iter().enumerate() {
                    self.child(
                        node,
                        parent,
                        Seg::Index(i),
                        c,
                        items.len(),
                        (from, to),
                        scalars,
                    );
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
        (from, to): (usize, usize),
        scalars: (u64, bool),
    ) {
        // At the split depth: walk the subtree only if it is this walker's turn. Every
        // walker meets these subtrees in the same order (nothing above them is skipped),
        // numbers them alike, and takes numbers in increasing order, so the number it holds
        // is never behind the subtree it is at.
        let mut own_task = false;
        if let Some(split) = self.split {
            if self.path.len() + 1 == split.depth {
                let k = self.seen;
                self.seen += 1;
                let claim = *self
                    .claim
                    .get_or_insert_with(|| split.next.fetch_add(1, Ordering::Relaxed));
                if claim != k {
                    return;
                }
                self.claim = None;
                self.task = Some(k);
                own_task = true;
            }
        }
        // A scalar no live state can advance on has no match: nothing to do (scalars are
        // never references, and have no descendants).
        if !matches!(raw.value, Value::Object(_) | Value::Array(_)) {
            let possible = match seg {
                Seg::Key(k) => scalars.0 & len_bit(k.len()) != 0,
                Seg::Index(_) => scalars.1,
            };
            if !possible {
                if own_task {
                    self.task = None;
                }
                return;
            }
        }
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
        let table = &self.m.states;
        for i in from..to {
            let id = self.states[i];
            let st = &table[id as usize];
            let skip = if scalar {
                st.objects_only
            } else {
                st.required
                    .as_ref()
                    .is_some_and(|keys| !has_any(child.node, keys))
            };
            // Scalars have no descendants: a descendant state only matters below objects.
            if st.descendant && !scalar {
                self.states.push(id);
            }
            if skip {
                continue;
            }
            let hit = match (&st.test, seg) {
                (Test::Any, _) => true,
                (Test::Name(n), Seg::Key(k)) => n == k,
                (Test::Names(names), Seg::Key(k)) => names.iter().any(|n| n == k),
                _ => {
                    let sel = self.m.paths[st.path as usize].steps[st.step as usize].selector();
                    self.selects(sel, seg, child_val, parent, len)
                }
            };
            if hit {
                // The next step of the same path is the next state.
                self.states.push(id + 1);
            }
        }
        // The pushes are already in order: the parent's states are, and each pushes itself
        // and then its successor (`id + 1`), which is at most the next one. Dedup in place,
        // then split off completed paths: the live states stay on the stack as the child's
        // range (no per-node allocation).
        debug_assert!(self.states[start..].is_sorted());
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
            let id = self.states[r];
            let st = &self.m.states[id as usize];
            if st.done {
                self.emit(st.path as usize);
            } else {
                self.states[live_end] = id;
                live_end += 1;
            }
        }
        self.states.truncate(live_end);
        let descend = live_end > start && !scalar;
        if descend {
            // Above the split depth nothing is skipped, so that every walker meets the
            // same subtrees (its memory holds only what it walked itself).
            let may_skip = self.split.is_none_or(|s| self.path.len() >= s.depth);
            let skip = entered.is_some() && may_skip && {
                let live = &self.states[start..live_end];
                let safe = live
                    .iter()
                    .all(|id| self.m.paths[self.m.states[*id as usize].path as usize].memo_safe);
                if safe {
                    // foldhash, not SipHash: this runs at every `$ref` the resolved walk
                    // enters, and SipHash was 1% of a Stripe lint.
                    let mut h = foldhash::quality::FixedState::with_seed(0x3a5d_71c2_9e04_b68f)
                        .build_hasher();
                    seg.hash(&mut h);
                    live.hash(&mut h);
                    let key = (entered.unwrap_or(0), h.finish());
                    match (self.split, self.task) {
                        (Some(split), Some(k)) => {
                            let mut memo = split.memo.lock().expect("walk memo lock");
                            match memo.get_mut(&key) {
                                Some(first) if *first <= k => true,
                                Some(first) => {
                                    *first = k;
                                    false
                                }
                                None => {
                                    memo.insert(key, k);
                                    false
                                }
                            }
                        }
                        _ => !self.memo.insert(key),
                    }
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
        if own_task {
            self.task = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonpath::parse;
    use crate::view::{path_strings, Document};
    use specwright_document::{LoadOptions, Spec};

    fn spec(text: &str) -> Spec {
        Spec::from_text(
            std::path::Path::new("/tmp/matcher.yaml"),
            text,
            &LoadOptions::default(),
        )
        .unwrap()
    }

    fn matcher(paths: &[&str]) -> Matcher {
        Matcher::new(
            paths
                .iter()
                .enumerate()
                .map(|(i, p)| (i, parse(p).unwrap()))
                .collect(),
        )
    }

    fn run(text: &str, paths: &[&str], resolved: bool) -> Vec<(usize, String, String)> {
        let spec = spec(text);
        let doc = Document::new(&spec);
        let m = matcher(paths);
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

    /// `run_split` with two walkers (on two threads, and one after the other) reports what
    /// `run` reports, in `run`'s order once sorted.
    #[test]
    fn split_walkers_report_like_one_walk() {
        let text = "openapi: 3.0.0\npaths:\n  /a:\n    get: {summary: A, tags: [x], responses: {'200': {description: d}}}\n    post: {description: P}\n  /b:\n    parameters: [{name: q, in: query}]\n    put: {$ref: '#/components/x'}\ncomponents:\n  x: {description: X, summary: Y, deep: {description: Z}}\n  y: [1, 2, {description: W}]\n";
        let spec = spec(text);
        let doc = Document::new(&spec);
        let paths = [
            "$",
            "$..description",
            "$.paths[*][*]",
            "$.paths.*~",
            "$.components..[?(@.summary)]",
            "$.info",
        ];
        let m = matcher(&paths);
        for resolved in [true, false] {
            let show =
                |id: usize, path: &[Seg<'_>]| format!("{id}:{}", path_strings(path).join("/"));
            let mut want = Vec::new();
            m.run(doc.root(resolved), &mut |id, _, path| {
                want.push(show(id, path))
            });
            for depth in 1..5 {
                let walker = |top: bool, split: &Split| {
                    let mut got = Vec::new();
                    m.run_split(doc.root(resolved), split, top, &mut |o, id, _, path| {
                        got.push((o, show(id, path)))
                    });
                    got
                };
                let split = Split::new(depth);
                let (mut got, other) = std::thread::scope(|s| {
                    let h = s.spawn(|| walker(false, &split));
                    (walker(true, &split), h.join().unwrap())
                });
                got.extend(other);
                got.sort_by_key(|g| g.0);
                let got: Vec<_> = got.into_iter().map(|g| g.1).collect();
                assert_eq!(got, want, "depth {depth}, resolved {resolved}");
                // One walker takes every subtree before the other starts.
                let split = Split::new(depth);
                let mut got = walker(false, &split);
                got.extend(walker(true, &split));
                got.sort_by_key(|g| g.0);
                let got: Vec<_> = got.into_iter().map(|g| g.1).collect();
                assert_eq!(got, want, "depth {depth}, resolved {resolved}, in turn");
            }
        }
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

    /// Scalars are skipped when no live state can select them: names by length, numeric
    /// names on array items, filters that can select scalars.
    #[test]
    fn scalars_selected_by_names_indices_and_filters() {
        let text = "a: [p, q]\nb: {c: x, cc: y, d: [1, 2]}\n";
        let got = run(
            text,
            &[
                "$.a.1",
                "$..cc",
                "$..[c,d]",
                "$.b.d[?(@ > 1)]",
                "$..[?(@.x)]",
            ],
            false,
        );
        let ids: Vec<_> = got.iter().map(|(i, p, v)| format!("{i} {p} {v}")).collect();
        assert_eq!(
            ids,
            [
                "0 a/1 \"q\"",
                "1 b/cc \"y\"",
                "2 b/c \"x\"",
                "2 b/d [1,2]",
                "3 b/d/1 2"
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
