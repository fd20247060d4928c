//! The schema view: every named schema a node with its properties; `$ref`s as edges
//! labelled with the property and a cardinality, `allOf` as inheritance, `oneOf`/`anyOf`
//! as unions naming the discriminator; cycles, unused schemas and lint badges marked.

use crate::model::{Direction, Edge, EdgeKind, Graph, Mark, Node, NodeKind, Row, Source, View};
use crate::DiagramError;
use specwright_document::node::Node as DocNode;
use specwright_document::pointer::{parse_pointer, to_pointer};
use specwright_document::{FileId, Spec, SpecKind, Target};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

/// What to add to the schema view beyond the spec itself.
#[derive(Clone, Debug, Default)]
pub struct SchemaOptions {
    /// Lint findings per JSON pointer (`/components/schemas/Pet/properties/id` in the spec's
    /// own file, or `other.yaml#/Pet` for another file); each schema's badge is the sum of
    /// the counts at or below it. Empty: no badges.
    pub lint_counts: BTreeMap<String, usize>,
}

/// Deepest inline nesting followed inside one schema (inline schemas nest finitely, this
/// only bounds pathological documents).
const MAX_DEPTH: usize = 48;

/// Keys whose presence on a `$ref`'s path means the reference is a schema.
const SCHEMA_KEYS: [&str; 7] = [
    "schema",
    "schemas",
    "definitions",
    "items",
    "properties",
    "allOf",
    "oneOf",
];

pub fn schemas(spec: &Spec, opts: &SchemaOptions) -> Result<Graph, DiagramError> {
    if !spec.kind.is_openapi() {
        return Err(DiagramError::NotOpenApi(spec.root().name.clone()));
    }
    let mut b = Builder {
        spec,
        graph: Graph::new(View::Schemas, title(spec), Direction::TopDown),
        by_target: HashMap::new(),
        queue: VecDeque::new(),
        names: HashSet::new(),
        from_components: Vec::new(),
        targets: Vec::new(),
    };
    let base: Vec<String> = if spec.kind == SpecKind::Swagger2 {
        vec!["definitions".into()]
    } else {
        vec!["components".into(), "schemas".into()]
    };
    if let Some(schemas) = spec.root().root.walk(&base).and_then(DocNode::as_object) {
        for m in &schemas.members {
            let mut path = base.clone();
            path.push(m.key.to_string());
            let i = b.add_node(Target {
                file: FileId::ROOT,
                path,
            });
            b.from_components.push(i);
        }
    }
    while let Some(i) = b.queue.pop_front() {
        b.fill(i);
    }
    // Schemas in other files that only operations refer to (`common.yaml#/Error` as a
    // response body) are named schemas too.
    for site in &spec.refs {
        let Ok(t) = &site.target else { continue };
        let in_schema = site.path.iter().any(|s| SCHEMA_KEYS.contains(&s.as_str()));
        if t.file != FileId::ROOT && in_schema && b.containing(t.file, &t.path).is_none() {
            b.add_node(t.clone());
            while let Some(i) = b.queue.pop_front() {
                b.fill(i);
            }
        }
    }
    b.mark_cycles();
    b.mark_unused();
    b.add_badges(&opts.lint_counts);
    let cycles = b.graph.nodes.iter().filter(|n| n.has(&Mark::Cycle)).count();
    let unused = b
        .graph
        .nodes
        .iter()
        .filter(|n| n.has(&Mark::Unused))
        .count();
    b.graph.notes.push(format!(
        "{} schemas, {} references, {} in cycles, {} unused",
        b.graph.nodes.len(),
        b.graph.edges.len(),
        cycles,
        unused
    ));
    Ok(b.graph)
}

/// The spec's `info.title`, else its file name: the heading of every view.
pub fn title(spec: &Spec) -> String {
    spec.root()
        .root
        .get("info")
        .and_then(|i| i.get("title"))
        .and_then(DocNode::as_str)
        .unwrap_or(&spec.root().name)
        .to_string()
}

pub(crate) fn source(spec: &Spec, file: FileId, path: &[String]) -> Source {
    Source::new(spec.file(file).name.clone(), to_pointer(path))
}

/// How a `$ref` met while walking a schema relates the schema to its target.
#[derive(Clone)]
struct Ctx {
    kind: EdgeKind,
    /// Property path from the schema (`address.city`), empty at the schema itself.
    label: String,
    array: bool,
    required: bool,
    /// Still at the schema's own level (not inside a property), where `allOf`/`oneOf`
    /// mean inheritance and union.
    top: bool,
    discriminator: Option<Discriminator>,
}

#[derive(Clone)]
struct Discriminator {
    property: String,
    /// mapping value (a ref) -> key
    mapping: Vec<(String, String)>,
}

struct Builder<'s> {
    spec: &'s Spec,
    graph: Graph,
    by_target: HashMap<(FileId, Vec<String>), usize>,
    queue: VecDeque<usize>,
    names: HashSet<String>,
    from_components: Vec<usize>,
    targets: Vec<Target>,
}

impl<'s> Builder<'s> {
    fn add_node(&mut self, t: Target) -> usize {
        let file = self.spec.file(t.file);
        let base = match t.path.last() {
            Some(last) => last.clone(),
            None => file_stem(&file.name),
        };
        let label = if t.file == FileId::ROOT || !self.names.contains(&base) {
            base
        } else {
            format!("{base} ({})", file.name)
        };
        let mut id = label.clone();
        let mut n = 2;
        while self.names.contains(&id) {
            id = format!("{label}~{n}");
            n += 1;
        }
        self.names.insert(id.clone());
        let node = Node::new(
            id,
            label,
            NodeKind::Schema,
            source(self.spec, t.file, &t.path),
        );
        let i = self.graph.nodes.len();
        self.graph.nodes.push(node);
        self.by_target.insert((t.file, t.path.clone()), i);
        self.targets.push(t);
        self.queue.push_back(i);
        i
    }

    /// The node holding a target: the schema itself, or the schema it lies inside.
    fn containing(&self, file: FileId, path: &[String]) -> Option<usize> {
        (0..=path.len())
            .rev()
            .find_map(|n| self.by_target.get(&(file, path[..n].to_vec())).copied())
    }

    fn node_for(&mut self, t: &Target) -> usize {
        match self.containing(t.file, &t.path) {
            Some(i) => i,
            None => self.add_node(t.clone()),
        }
    }

    fn target_path(&self, i: usize) -> (FileId, Vec<String>) {
        let t = &self.targets[i];
        (t.file, t.path.clone())
    }

    /// Rows, subtitle and outgoing edges of node `i`.
    fn fill(&mut self, i: usize) {
        let (file, path) = self.target_path(i);
        let Some(node) = self.spec.file(file).root.walk(&path) else {
            return;
        };
        if node.get("deprecated").and_then(DocNode::as_bool) == Some(true) {
            self.graph.nodes[i].marks.push(Mark::Deprecated);
        }
        let mut rows = Vec::new();
        self.rows_of(file, node, &mut path.clone(), &mut rows, 0);
        self.graph.nodes[i].rows = rows;
        self.graph.nodes[i].subtitle = self.subtitle(file, node);
        let ctx = Ctx {
            kind: EdgeKind::Ref,
            label: String::new(),
            array: false,
            required: true,
            top: true,
            discriminator: None,
        };
        self.walk(i, file, node, &mut path.clone(), ctx, 0);
    }

    /// Properties of the schema and of its inline `allOf` parts (inherited ones are shown on
    /// the parent through the inheritance edge).
    fn rows_of(
        &mut self,
        file: FileId,
        node: &DocNode,
        path: &mut Vec<String>,
        rows: &mut Vec<Row>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH || node.ref_target().is_some() {
            return;
        }
        let required: HashSet<&str> = node
            .get("required")
            .and_then(DocNode::as_array)
            .map(|a| a.iter().filter_map(DocNode::as_str).collect())
            .unwrap_or_default();
        if let Some(props) = node.get("properties").and_then(DocNode::as_object) {
            path.push("properties".into());
            for m in &props.members {
                path.push(m.key.to_string());
                let mut row = Row::new(
                    m.key.to_string(),
                    self.type_text(file, &m.value, 0),
                    source(self.spec, file, path),
                );
                row.required = required.contains(m.key.as_str());
                if m.value.get("deprecated").and_then(DocNode::as_bool) == Some(true) {
                    row.marks.push(Mark::Deprecated);
                }
                rows.push(row);
                path.pop();
            }
            path.pop();
        }
        if let Some(parts) = node.get("allOf").and_then(DocNode::as_array) {
            path.push("allOf".into());
            for (k, part) in parts.iter().enumerate() {
                path.push(k.to_string());
                self.rows_of(file, part, path, rows, depth + 1);
                path.pop();
            }
            path.pop();
        }
    }

    fn subtitle(&mut self, file: FileId, node: &DocNode) -> Option<String> {
        if let Some(r) = node.ref_target() {
            return Some(format!("= {}", self.ref_name(file, r)));
        }
        let mut parts = Vec::new();
        for key in ["oneOf", "anyOf"] {
            if let Some(a) = node.get(key).and_then(DocNode::as_array) {
                let mut s = format!("{key} ({})", a.len());
                if let Some(d) = discriminator(node) {
                    s.push_str(&format!(" · discriminator: {}", d.property));
                }
                parts.push(s);
            }
        }
        let has_props = node.get("properties").is_some();
        if !has_props
            && parts.is_empty()
            && node.get("allOf").is_none()
            && node.get("type").is_some()
        {
            let mut s = self.type_text(file, node, 0);
            if let Some(e) = node.get("enum").and_then(DocNode::as_array) {
                s.push_str(&format!(" enum ({})", e.len()));
            }
            parts.push(s);
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    fn ref_name(&mut self, file: FileId, r: &str) -> String {
        match self.spec.target_of(file, r) {
            Some(Ok(t)) => {
                let t = t.clone();
                let i = self.node_for(&t);
                let n = &self.graph.nodes[i];
                if self.containing(t.file, &t.path) == Some(i)
                    && self.target_path(i).1.len() < t.path.len()
                {
                    // A ref into a part of another schema.
                    format!(
                        "{}{}",
                        n.label,
                        &to_pointer(&t.path[self.target_path(i).1.len()..])
                    )
                } else {
                    n.label.clone()
                }
            }
            _ => format!("{r} (broken)"),
        }
    }

    /// A property's type as a reader writes it: `Pet`, `string[]`, `Cat | Dog`, `int64?`.
    fn type_text(&mut self, file: FileId, node: &DocNode, depth: usize) -> String {
        if depth > 4 {
            return "…".into();
        }
        if let Some(r) = node.ref_target() {
            return self.ref_name(file, r);
        }
        let nullable = node.get("nullable").and_then(DocNode::as_bool) == Some(true);
        let mut types: Vec<String> = match node.get("type") {
            Some(t) => match t.as_array() {
                Some(a) => a
                    .iter()
                    .filter_map(DocNode::as_str)
                    .map(str::to_string)
                    .collect(),
                None => t.as_str().map(str::to_string).into_iter().collect(),
            },
            None => Vec::new(),
        };
        let mut text = if types.is_empty() {
            if let Some(a) = node.get("allOf").and_then(DocNode::as_array) {
                join_types(self, file, a, " & ", depth)
            } else if let Some(a) = node
                .get("oneOf")
                .or_else(|| node.get("anyOf"))
                .and_then(DocNode::as_array)
            {
                join_types(self, file, a, " | ", depth)
            } else if node.get("properties").is_some() {
                "object".into()
            } else if node.get("items").is_some() {
                let items = node.get("items").expect("checked");
                format!("{}[]", self.type_text(file, items, depth + 1))
            } else if node.get("enum").is_some() {
                "enum".into()
            } else {
                "any".into()
            }
        } else {
            let has_null = types.iter().any(|t| t == "null");
            types.retain(|t| t != "null");
            let mut parts = Vec::new();
            for t in &types {
                let s = match t.as_str() {
                    "array" => match node.get("items") {
                        Some(items) => format!("{}[]", self.type_text(file, items, depth + 1)),
                        None => "any[]".into(),
                    },
                    "object" => match node.get("additionalProperties") {
                        Some(ap)
                            if ap.as_object().is_some() && node.get("properties").is_none() =>
                        {
                            format!("map[{}]", self.type_text(file, ap, depth + 1))
                        }
                        _ => "object".into(),
                    },
                    other => match node.get("format").and_then(DocNode::as_str) {
                        Some(f) => format!("{other}({f})"),
                        None => other.to_string(),
                    },
                };
                parts.push(s);
            }
            let mut s = parts.join(" | ");
            if has_null {
                s.push('?');
            }
            s
        };
        if nullable && !text.ends_with('?') {
            text.push('?');
        }
        truncate(&text, 48)
    }

    /// Edges from the `$ref`s inside a schema node.
    fn walk(
        &mut self,
        from: usize,
        file: FileId,
        node: &DocNode,
        path: &mut Vec<String>,
        ctx: Ctx,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(r) = node.ref_target() {
            self.ref_edge(from, file, r, path, &ctx);
            return;
        }
        if node.as_object().is_none() {
            return;
        }
        let required: HashSet<&str> = node
            .get("required")
            .and_then(DocNode::as_array)
            .map(|a| a.iter().filter_map(DocNode::as_str).collect())
            .unwrap_or_default();
        if let Some(props) = node.get("properties").and_then(DocNode::as_object) {
            path.push("properties".into());
            for m in &props.members {
                path.push(m.key.to_string());
                let label = if ctx.label.is_empty() {
                    m.key.to_string()
                } else {
                    format!("{}.{}", ctx.label, m.key)
                };
                let c = Ctx {
                    kind: EdgeKind::Ref,
                    label,
                    array: ctx.array,
                    required: ctx.required && required.contains(m.key.as_str()),
                    top: false,
                    discriminator: None,
                };
                self.walk(from, file, &m.value, path, c, depth + 1);
                path.pop();
            }
            path.pop();
        }
        for key in ["items", "additionalProperties"] {
            if let Some(child) = node.get(key).filter(|c| c.as_object().is_some()) {
                path.push(key.into());
                let c = Ctx {
                    kind: EdgeKind::Ref,
                    label: if ctx.label.is_empty() {
                        key.to_string()
                    } else {
                        ctx.label.clone()
                    },
                    array: true,
                    required: false,
                    top: false,
                    discriminator: None,
                };
                self.walk(from, file, child, path, c, depth + 1);
                path.pop();
            }
        }
        let disc = discriminator(node);
        for key in ["allOf", "oneOf", "anyOf"] {
            let Some(parts) = node.get(key).and_then(DocNode::as_array) else {
                continue;
            };
            path.push(key.into());
            for (k, part) in parts.iter().enumerate() {
                path.push(k.to_string());
                let c = if ctx.top && part.ref_target().is_some() {
                    Ctx {
                        kind: if key == "allOf" {
                            EdgeKind::Inherits
                        } else {
                            EdgeKind::Union
                        },
                        label: if key == "allOf" {
                            String::new()
                        } else {
                            key.into()
                        },
                        discriminator: disc.clone(),
                        ..ctx.clone()
                    }
                } else {
                    // Inline parts: their properties are this schema's (allOf) or one of its
                    // shapes; refs inside keep the enclosing property's label.
                    Ctx {
                        top: ctx.top && key == "allOf",
                        ..ctx.clone()
                    }
                };
                self.walk(from, file, part, path, c, depth + 1);
                path.pop();
            }
            path.pop();
        }
        if let Some(not) = node.get("not") {
            path.push("not".into());
            let c = Ctx {
                label: "not".into(),
                top: false,
                ..ctx.clone()
            };
            self.walk(from, file, not, path, c, depth + 1);
            path.pop();
        }
    }

    fn ref_edge(&mut self, from: usize, file: FileId, r: &str, path: &[String], ctx: &Ctx) {
        let target = match self.spec.target_of(file, r) {
            Some(Ok(t)) => t.clone(),
            _ => {
                if !self.graph.nodes[from].has(&Mark::Broken) {
                    self.graph.nodes[from].marks.push(Mark::Broken);
                }
                return;
            }
        };
        let to = self.node_for(&target);
        let mut label = ctx.label.clone();
        if let Some(d) = &ctx.discriminator {
            let key = d
                .mapping
                .iter()
                .find(|(v, _)| v == r)
                .map(|(_, k)| format!("={k}"))
                .unwrap_or_default();
            label = format!("{label} [{}{key}]", d.property);
        }
        let cardinality = (ctx.kind == EdgeKind::Ref).then(|| {
            if ctx.array {
                "0..*"
            } else if ctx.required {
                "1"
            } else {
                "0..1"
            }
            .to_string()
        });
        self.graph.edges.push(Edge {
            from,
            to,
            kind: ctx.kind,
            label,
            cardinality,
            cycle: false,
            source: source(self.spec, file, path),
        });
    }

    fn mark_cycles(&mut self) {
        let n = self.graph.nodes.len();
        let mut adj = vec![Vec::new(); n];
        for e in &self.graph.edges {
            adj[e.from].push(e.to);
        }
        let comp = crate::layout::scc(&adj);
        let mut size = vec![0usize; n];
        for &c in &comp {
            size[c] += 1;
        }
        for e in &mut self.graph.edges {
            if comp[e.from] == comp[e.to] && (size[comp[e.from]] > 1 || e.from == e.to) {
                e.cycle = true;
            }
        }
        let in_cycle: HashSet<usize> = self
            .graph
            .edges
            .iter()
            .filter(|e| e.cycle)
            .flat_map(|e| [e.from, e.to])
            .collect();
        for i in in_cycle {
            self.graph.nodes[i].marks.push(Mark::Cycle);
        }
    }

    /// A component schema is unused when no `$ref` outside it, anywhere in the spec's files,
    /// points at it or into it (Spectral's `oas3-unused-component` rule, per schema).
    fn mark_unused(&mut self) {
        let mut used = vec![false; self.graph.nodes.len()];
        for site in &self.spec.refs {
            let Ok(t) = &site.target else { continue };
            let Some(to) = self.containing(t.file, &t.path) else {
                continue;
            };
            if self.containing(site.file, &site.path) != Some(to) {
                used[to] = true;
            }
        }
        for &i in &self.from_components {
            if !used[i] {
                self.graph.nodes[i].marks.push(Mark::Unused);
            }
        }
    }

    fn add_badges(&mut self, counts: &BTreeMap<String, usize>) {
        if counts.is_empty() {
            return;
        }
        for node in &mut self.graph.nodes {
            node.badge = Some(0);
        }
        for (key, &count) in counts {
            let (file, pointer) = match key.split_once('#') {
                Some((f, p)) => match self.spec.files.iter().find(|sf| sf.name == f) {
                    Some(sf) => (sf.id, p),
                    None => continue,
                },
                None => (FileId::ROOT, key.as_str()),
            };
            let Ok(path) = parse_pointer(pointer) else {
                continue;
            };
            if let Some(i) = self.containing(file, &path) {
                *self.graph.nodes[i].badge.get_or_insert(0) += count;
            }
        }
    }
}

fn join_types(
    b: &mut Builder<'_>,
    file: FileId,
    parts: &[DocNode],
    sep: &str,
    depth: usize,
) -> String {
    let v: Vec<String> = parts
        .iter()
        .map(|p| b.type_text(file, p, depth + 1))
        .collect();
    v.join(sep)
}

fn discriminator(node: &DocNode) -> Option<Discriminator> {
    let d = node.get("discriminator")?;
    // Swagger 2.0 writes the property name as a plain string.
    let property = match d.as_str() {
        Some(s) => s.to_string(),
        None => d.get("propertyName")?.as_str()?.to_string(),
    };
    let mapping = d
        .get("mapping")
        .and_then(DocNode::as_object)
        .map(|m| {
            m.members
                .iter()
                .filter_map(|mm| Some((mm.value.as_str()?.to_string(), mm.key.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Some(Discriminator { property, mapping })
}

fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.split('.').next().unwrap_or(base).to_string()
}

pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}
