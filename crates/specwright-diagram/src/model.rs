//! The graph every view builds and every renderer reads: nodes with rows, edges, groups,
//! each carrying the file and JSON pointer of the spec text it was drawn from.

use serde::Serialize;

/// Where something in a diagram comes from: a file of the spec (as named in messages)
/// and a JSON pointer inside it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Source {
    pub file: String,
    pub pointer: String,
}

impl Source {
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Source {
        Source {
            file: file.into(),
            pointer: pointer.into(),
        }
    }

    /// `file#pointer`, the form used in DOT URLs and Mermaid comments.
    pub fn link(&self) -> String {
        format!("{}#{}", self.file, self.pointer)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    Schemas,
    Resources,
    Gateway,
}

impl View {
    pub fn name(self) -> &'static str {
        match self {
            View::Schemas => "schemas",
            View::Resources => "resources",
            View::Gateway => "gateway",
        }
    }
}

/// Main direction of edges: top to bottom (schemas) or left to right (trees).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Direction {
    TopDown,
    LeftRight,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    Schema,
    /// A path-tree node that is only a prefix of paths.
    Segment,
    /// A path with its operations as rows.
    Path,
    /// Compact resources: one tag's or first segment's paths as rows.
    Collection,
    Service,
    Route,
    Plugin,
    Upstream,
    Target,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    /// Part of a reference cycle.
    Cycle,
    /// Referenced from nowhere in the spec.
    Unused,
    Deprecated,
    /// Security requirement names (empty list: explicitly public, `security: []`).
    Secured(Vec<String>),
    /// A schema or row whose `$ref` could not be resolved.
    Broken,
}

/// A small labelled box inside a row: an HTTP method of an operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Chip {
    pub text: String,
    /// Hover text: operationId, tags, security.
    pub title: String,
    pub marks: Vec<Mark>,
    pub source: Source,
}

/// One line inside a node: a property, an operation, a route's detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    pub name: String,
    /// A type, a list of tags, a regex: shown after the name.
    pub detail: String,
    pub required: bool,
    pub chips: Vec<Chip>,
    pub marks: Vec<Mark>,
    /// Index into the graph's palette (tag colours).
    pub color: Option<usize>,
    pub source: Source,
}

impl Row {
    pub fn new(name: impl Into<String>, detail: impl Into<String>, source: Source) -> Row {
        Row {
            name: name.into(),
            detail: detail.into(),
            required: false,
            chips: Vec::new(),
            marks: Vec::new(),
            color: None,
            source,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Unique within the graph; stable across runs for the same spec.
    pub id: String,
    pub label: String,
    pub kind: NodeKind,
    /// A line under the label (`oneOf · discriminator: petType`, a service URL).
    pub subtitle: Option<String>,
    pub rows: Vec<Row>,
    pub marks: Vec<Mark>,
    /// Lint findings count supplied by the caller.
    pub badge: Option<usize>,
    pub group: Option<usize>,
    pub color: Option<usize>,
    pub source: Source,
}

impl Node {
    pub fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        kind: NodeKind,
        source: Source,
    ) -> Node {
        Node {
            id: id.into(),
            label: label.into(),
            kind,
            subtitle: None,
            rows: Vec::new(),
            marks: Vec::new(),
            badge: None,
            group: None,
            color: None,
            source,
        }
    }

    pub fn has(&self, mark: &Mark) -> bool {
        self.marks.contains(mark)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// A property (or item, or map value) that is a `$ref`.
    Ref,
    /// `allOf`: the source extends the target.
    Inherits,
    /// `oneOf` / `anyOf`: the target is one alternative of the source.
    Union,
    /// Path tree, service → route, route → plugin, upstream → target.
    Contains,
    /// Service → upstream it proxies to.
    Uses,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    pub label: String,
    /// `0..1`, `1`, `0..*` for references.
    pub cardinality: Option<String>,
    /// Part of a reference cycle.
    pub cycle: bool,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group {
    pub id: String,
    pub label: String,
    pub color: usize,
    pub source: Option<Source>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Graph {
    pub view: View,
    pub title: String,
    pub direction: Direction,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub groups: Vec<Group>,
    /// Names for palette indices (tags), shown as a legend.
    pub legend: Vec<String>,
    /// Facts about what is shown (`focus: Pet, depth 1: 5 of 819 schemas`).
    pub notes: Vec<String>,
}

impl Graph {
    pub fn new(view: View, title: impl Into<String>, direction: Direction) -> Graph {
        Graph {
            view,
            title: title.into(),
            direction,
            nodes: Vec::new(),
            edges: Vec::new(),
            groups: Vec::new(),
            legend: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
}
