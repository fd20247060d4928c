//! Text to [`Node`] tree, for YAML 1.2 and JSON, keeping the span of every key and value.
//!
//! The format is chosen by content: text whose first non-blank character is `{` or `[` is
//! JSON (strict: no comments or trailing commas), anything else YAML. Every limit here exists
//! so that no input can hang the loader or grow memory without bound.

use crate::error::{ErrorKind, LoadError};
use crate::node::{Member, Node, Object, Str, Value};
use crate::text::{LineIndex, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashSet;
use std::ops::ControlFlow;

/// Limits applied while parsing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseLimits {
    /// Largest accepted file, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects.
    pub max_depth: usize,
    /// Most nodes that YAML aliases may add by expansion, over the whole file.
    pub max_alias_nodes: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits {
            max_bytes: 64 * 1024 * 1024,
            max_depth: 256,
            max_alias_nodes: 1_000_000,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    Json,
    Yaml,
}

/// A warning found while parsing that does not stop loading (Spectral reports these too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseWarning {
    pub span: Span,
    pub message: String,
    /// The key, when the warning is about a key written twice in one mapping (`span` is
    /// the second key): Spectral reports those as `parser` errors.
    pub duplicate_key: Option<Str>,
    /// The JavaScript type of a plain key that is not a string (`200:` is a number): Spectral
    /// reports those as `parser` errors too, in this warning's words.
    pub key_type: Option<&'static str>,
    /// A collection used as a key (`? [a, b]`): Spectral warns about those, in this
    /// warning's words.
    pub complex_key: bool,
    /// A tab in the whitespace between a JSON file's tokens: Spectral reads JSON files with
    /// its YAML parser, which warns about each one.
    pub tab: bool,
}

pub struct Parsed {
    pub root: Node,
    pub syntax: Syntax,
    pub warnings: Vec<ParseWarning>,
}

/// Which file of a spec is read: Spectral reads the file it lints with its YAML parser
/// whatever its name, and a referenced file named `.json` with its JSON parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Entry,
    Referenced,
}

/// Parses a referenced file's bytes: checks size and UTF-8, then parses by content.
pub fn parse_bytes(
    file: &str,
    bytes: Vec<u8>,
    limits: &ParseLimits,
) -> Result<(String, LineIndex, Parsed), LoadError> {
    parse_bytes_as(file, bytes, limits, Role::Referenced)
}

/// Parses bytes read as `role`: checks size and UTF-8, then parses by content.
pub fn parse_bytes_as(
    file: &str,
    bytes: Vec<u8>,
    limits: &ParseLimits,
    role: Role,
) -> Result<(String, LineIndex, Parsed), LoadError> {
    if bytes.len() > limits.max_bytes {
        return Err(LoadError::new(
            ErrorKind::TooLarge,
            file,
            format!(
                "file is {} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    // Takes the bytes by value so the text is not copied: a second copy of a 4 MB spec
    // would be a fifth of the loader's peak memory.
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let valid_up_to = e.utf8_error().valid_up_to();
            // The valid prefix is UTF-8, so positions in it can be computed.
            let prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
            let index = LineIndex::new(prefix);
            return Err(LoadError::new(
                ErrorKind::NotUtf8,
                file,
                format!("invalid UTF-8 (byte 0x{:02x})", bytes[valid_up_to]),
            )
            .at(prefix, &index, prefix.len()));
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let index = LineIndex::new(&text);
    let parsed = parse_text_as(file, &text, &index, limits, role)?;
    Ok((text, index, parsed))
}

/// JSON by its first character (YAML otherwise): what [`parse_text`] goes by.
fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{') | Some('['))
}

/// Parses text already known to be UTF-8, read as a referenced file.
pub fn parse_text(
    file: &str,
    text: &str,
    index: &LineIndex,
    limits: &ParseLimits,
) -> Result<Parsed, LoadError> {
    parse_text_as(file, text, index, limits, Role::Referenced)
}

/// Parses text already known to be UTF-8, read as `role`.
pub fn parse_text_as(
    file: &str,
    text: &str,
    index: &LineIndex,
    limits: &ParseLimits,
    role: Role,
) -> Result<Parsed, LoadError> {
    if text.len() > limits.max_bytes {
        return Err(LoadError::new(
            ErrorKind::TooLarge,
            file,
            format!(
                "text is {} bytes, over the limit of {} bytes",
                text.len(),
                limits.max_bytes
            ),
        ));
    }
    if !looks_like_json(text) {
        return parse_yaml(file, text, index, limits);
    }
    match parse_json(file, text, index, limits) {
        // A YAML file may open with a flow mapping that is not JSON (`{ 'type': string }`):
        // read as YAML, as Spectral reads every file not named `.json`.
        Err(e) if e.kind == ErrorKind::Syntax && !named_json(std::path::Path::new(file)) => {
            parse_yaml(file, text, index, limits)
        }
        // The linted file is YAML to Spectral whatever its name, so JSON with a trailing
        // comma (a valid YAML flow mapping) is linted. Where YAML cannot read it either, the
        // JSON error says more about a file named `.json`.
        Err(e) if e.kind == ErrorKind::Syntax && role == Role::Entry => {
            parse_yaml(file, text, index, limits).map_err(|_| e)
        }
        parsed => parsed,
    }
}

/// Whether a file is named `.json`: Spectral reads such a referenced file with its JSON
/// parser, and every other file with its YAML parser.
pub fn named_json(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

// ---------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------

fn parse_json(
    file: &str,
    text: &str,
    index: &LineIndex,
    limits: &ParseLimits,
) -> Result<Parsed, LoadError> {
    // jsonc-parser recurses per nesting level; check depth first so deep input cannot
    // overflow the stack.
    if let Some(offset) = json_depth_exceeded(text, limits.max_depth) {
        return Err(LoadError::new(
            ErrorKind::TooDeep,
            file,
            format!("nesting deeper than {} levels", limits.max_depth),
        )
        .at(text, index, offset));
    }
    let strict = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = jsonc_parser::CollectOptions {
        comments: jsonc_parser::CommentCollectionStrategy::Off,
        tokens: false,
    };
    let ast = jsonc_parser::parse_to_ast(text, &collect, &strict).map_err(|e| {
        LoadError::new(
            ErrorKind::Syntax,
            file,
            format!("invalid JSON: {}", e.kind()),
        )
        .at(text, index, e.range().start)
    })?;
    let mut warnings = Vec::new();
    let root = match ast.value {
        Some(v) => convert_json(v, &mut warnings),
        None => Node::new(Value::Null, Span::new(0, 0)),
    };
    warnings.extend(
        tabs_between_tokens(text)
            .into_iter()
            .map(|at| ParseWarning {
                span: Span::new(at, at),
                message: "Using tabs can lead to unpredictable results".into(),
                duplicate_key: None,
                key_type: None,
                complex_key: false,
                tab: true,
            }),
    );
    Ok(Parsed {
        root,
        syntax: Syntax::Json,
        warnings,
    })
}

/// Offsets of the tabs outside strings in a JSON text (a tab inside a string is escaped,
/// so any tab there is between tokens).
fn tabs_between_tokens(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut tabs = Vec::new();
    // Most files have none: one fast scan settles it, and the walk is skipped.
    if memchr::memchr(b'\t', bytes).is_some() {
        outside_strings::<()>(bytes, |at, b| {
            if b == b'\t' {
                tabs.push(at);
            }
            ControlFlow::Continue(())
        });
    }
    tabs
}

/// Offset of the first bracket nested deeper than `max`, ignoring brackets in strings.
fn json_depth_exceeded(text: &str, max: usize) -> Option<usize> {
    let mut depth = 0usize;
    outside_strings(text.as_bytes(), |at, b| {
        match b {
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return ControlFlow::Break(at);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        ControlFlow::Continue(())
    })
}

/// Calls `f` with each byte of a JSON text outside its strings (and the byte's offset)
/// until `f` breaks, returning the break value. Quotes and escapes are the only state.
fn outside_strings<B>(bytes: &[u8], mut f: impl FnMut(usize, u8) -> ControlFlow<B>) -> Option<B> {
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if let ControlFlow::Break(v) = f(i, b) {
            return Some(v);
        }
        i += 1;
    }
    None
}

fn convert_json(value: jsonc_parser::ast::Value<'_>, warnings: &mut Vec<ParseWarning>) -> Node {
    use jsonc_parser::ast::Value as J;
    let span = |r: jsonc_parser::common::Range| Span::new(r.start, r.end);
    match value {
        J::StringLit(s) => Node::new(Value::String(Str::from(s.value.as_ref())), span(s.range)),
        J::NumberLit(n) => Node::new(json_number(n.value), span(n.range)),
        J::BooleanLit(b) => Node::new(Value::Bool(b.value), span(b.range)),
        J::NullKeyword(n) => Node::new(Value::Null, span(n.range)),
        J::Array(a) => Node::new(
            Value::Array(
                a.elements
                    .into_iter()
                    .map(|e| convert_json(e, warnings))
                    .collect(),
            ),
            span(a.range),
        ),
        J::Object(o) => {
            let mut members = MemberBuilder::with_capacity(o.properties.len());
            for prop in o.properties {
                let (key, key_span) = match prop.name {
                    jsonc_parser::ast::ObjectPropName::String(s) => {
                        (Str::from(s.value.as_ref()), span(s.range))
                    }
                    jsonc_parser::ast::ObjectPropName::Word(w) => {
                        (Str::from(w.value), span(w.range))
                    }
                };
                let value = convert_json(prop.value, warnings);
                members.push(key, key_span, value, warnings);
            }
            Node::new(Value::Object(members.finish()), span(o.range))
        }
    }
}

fn json_number(raw: &str) -> Value {
    if let Ok(i) = raw.parse::<i64>() {
        return Value::Number(i.into());
    }
    if let Ok(u) = raw.parse::<u64>() {
        return Value::Number(u.into());
    }
    match raw
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
    {
        Some(n) => Value::Number(n),
        None => Value::String(Str::from(raw)),
    }
}

/// Collects object members, merging duplicate keys like `JSON.parse` (the last value wins,
/// in the first key's place) and warning about each duplicate.
struct MemberBuilder {
    members: Vec<Member>,
    /// Keys so far, once the object is large (not SipHash: every key of a large object
    /// is looked up as it is added).
    seen: Option<HashSet<Str, foldhash::fast::RandomState>>,
}

impl MemberBuilder {
    fn with_capacity(n: usize) -> Self {
        MemberBuilder {
            members: Vec::with_capacity(n),
            seen: None,
        }
    }

    fn position(&mut self, key: &str) -> Option<usize> {
        // Small objects: a scan is cheaper than hashing.
        if self.members.len() < 16 {
            return self.members.iter().position(|m| m.key == key);
        }
        let seen = self
            .seen
            .get_or_insert_with(|| self.members.iter().map(|m| m.key.clone()).collect());
        if seen.contains(key) {
            self.members.iter().position(|m| m.key == key)
        } else {
            None
        }
    }

    fn push(&mut self, key: Str, key_span: Span, value: Node, warnings: &mut Vec<ParseWarning>) {
        match self.position(&key) {
            Some(i) => {
                warnings.push(ParseWarning {
                    span: key_span,
                    message: format!("duplicate key `{key}`"),
                    duplicate_key: Some(key),
                    key_type: None,
                    complex_key: false,
                    tab: false,
                });
                self.members[i].value = value;
            }
            None => {
                if let Some(seen) = &mut self.seen {
                    seen.insert(key.clone());
                }
                self.members.push(Member {
                    key,
                    key_span,
                    value,
                });
            }
        }
    }

    /// Adds a member only when its key is absent (YAML merge keys, joining a split file);
    /// says whether it was added.
    fn push_if_absent(&mut self, member: Member) -> bool {
        if self.position(&member.key).is_some() {
            return false;
        }
        if let Some(seen) = &mut self.seen {
            seen.insert(member.key.clone());
        }
        self.members.push(member);
        true
    }

    fn finish(self) -> Object {
        // Trees live as long as the spec is open: give back the growth slack.
        Object {
            members: self.members.into_boxed_slice(),
        }
    }

    /// A builder filling `buffer` (empty), to be had back from [`Self::finish_reusing`].
    fn reusing(buffer: Vec<Member>) -> Self {
        debug_assert!(buffer.is_empty());
        MemberBuilder {
            members: buffer,
            seen: None,
        }
    }

    /// The object, its members moved into an allocation of their exact size, and the
    /// emptied buffer for the next object.
    fn finish_reusing(mut self) -> (Object, Vec<Member>) {
        let members = self.members.drain(..).collect();
        (Object { members }, self.members)
    }
}

/// Emptied buffers of finished collections, for the next ones to fill. A 4 MB spec has
/// 35 000 collections: a buffer of their own for each, grown by doubling and shrunk to fit
/// at its end, was a reallocation or three per collection.
#[derive(Default)]
struct Buffers {
    members: Vec<Vec<Member>>,
    items: Vec<Vec<Node>>,
}

// ---------------------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------------------

enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: usize,
    },
    Map {
        members: MemberBuilder,
        /// `<<` merge values, applied when the mapping ends.
        merges: Vec<Node>,
        pending_key: Option<(Str, Span, bool)>,
        start: usize,
        anchor: usize,
        last_end: usize,
    },
}

struct YamlBuilder<'a> {
    file: &'a str,
    text: &'a str,
    index: &'a LineIndex,
    limits: &'a ParseLimits,
    stack: Vec<Frame>,
    anchors: Vec<Option<(Node, usize)>>,
    alias_nodes: usize,
    warnings: Vec<ParseWarning>,
    root: Option<Node>,
    /// Line of the file at which the parsed text starts (a part of a split file).
    line_base: usize,
    /// Nesting depth of the parsed text's root within the file.
    depth_base: usize,
    /// The events' markers are byte offsets into `text` (the fast reader's), not saphyr's
    /// lines and character columns.
    byte_markers: bool,
    buffers: Buffers,
}

/// Where a part's events come from.
enum Events<'a> {
    Fast(crate::fast_yaml::FastYaml<'a>),
    Saphyr(Box<Parser<'a, saphyr_parser::StrInput<'a>>>),
}

enum EventError {
    Unsupported,
    Scan(saphyr_parser::ScanError),
}

impl<'a> Events<'a> {
    fn next_event(&mut self) -> Option<Result<(Event<'a>, saphyr_parser::Span), EventError>> {
        match self {
            Events::Fast(f) => f
                .next_event()
                .map(|r| r.map_err(|_| EventError::Unsupported)),
            Events::Saphyr(p) => p.next_event().map(|r| r.map_err(EventError::Scan)),
        }
    }
}

fn parse_yaml(
    file: &str,
    text: &str,
    index: &LineIndex,
    limits: &ParseLimits,
) -> Result<Parsed, LoadError> {
    if let Some(plan) = crate::yaml_split::plan(text, index) {
        if let Some(parsed) = parse_split(file, text, index, limits, &plan) {
            return Ok(parsed);
        }
    }
    let b = build_yaml(file, text, index, limits, 0..text.len(), 0)?;
    Ok(Parsed {
        root: b
            .root
            .unwrap_or_else(|| Node::new(Value::Null, Span::new(0, 0))),
        syntax: Syntax::Yaml,
        warnings: b.warnings,
    })
}

/// Parses the two parts of a split file on two threads and joins their trees. `None` when
/// the parts do not join into exactly the tree one parse would give (a part failed to
/// parse, a key is in both, aliases cross the split, ...): the caller then parses the
/// whole file, which also reports any error exactly as it would have.
fn parse_split(
    file: &str,
    text: &str,
    index: &LineIndex,
    limits: &ParseLimits,
    plan: &crate::yaml_split::Plan,
) -> Option<Parsed> {
    let (first, rest) = std::thread::scope(|scope| {
        let first = scope.spawn(|| build_yaml(file, text, index, limits, 0..plan.at, 0));
        let rest: Vec<_> = plan
            .chunks
            .iter()
            .map(|c| build_yaml(file, text, index, limits, c.range.clone(), c.depth))
            .collect();
        (first.join(), rest)
    });
    let first = first.ok()?.ok()?;
    let mut root = first.root?;
    let mut warnings = first.warnings;
    let mut alias_nodes = first.alias_nodes;
    let mut parts: Vec<Vec<Box<[Member]>>> = vec![Vec::new(); plan.path.len() + 1];
    for (chunk, built) in plan.chunks.iter().zip(rest) {
        let built = built.ok()?;
        alias_nodes += built.alias_nodes;
        warnings.extend(built.warnings);
        let Some(part) = built.root else {
            continue; // blank lines and comments only
        };
        let Value::Object(part) = part.value else {
            return None;
        };
        parts[chunk.depth].push(part.members);
    }
    if alias_nodes > limits.max_alias_nodes {
        return None;
    }
    // Deepest first: a mapping on the path is its parent's last member until the parent's
    // own part is appended. A block mapping ends where its last member ends.
    for depth in (0..=plan.path.len()).rev() {
        let node = mapping_at(&mut root, &plan.path[..depth])?;
        let Value::Object(target) = &mut node.value else {
            return None;
        };
        let mut members = MemberBuilder {
            members: std::mem::take(&mut target.members).into_vec(),
            seen: None,
        };
        for m in parts[depth].drain(..).flat_map(|p| p.into_vec()) {
            // A duplicate across the split would warn in another order than one parse.
            if !members.push_if_absent(m) {
                return None;
            }
        }
        let last = members.members.last()?;
        let end = last.value.span.end.max(last.key_span.end);
        *target = members.finish();
        node.span.end = end;
    }
    Some(Parsed {
        root,
        syntax: Syntax::Yaml,
        warnings,
    })
}

/// The tree of `text[range]` (a block-mapping entry's lines, see `reparse`) with spans in
/// the whole file's offsets, when it parses with no error, warning, anchor or alias: only
/// then does it stand for the same lines parsed as part of the file.
pub(crate) fn parse_clean_fragment(
    file: &str,
    text: &str,
    index: &LineIndex,
    limits: &ParseLimits,
    range: std::ops::Range<usize>,
    depth_base: usize,
) -> Option<(Node, Vec<ParseWarning>)> {
    let b = build_yaml(file, text, index, limits, range, depth_base).ok()?;
    // Key-type warnings stand alone; any other warning may depend on the rest of the file.
    let clean = b.warnings.iter().all(|w| w.key_type.is_some())
        && b.alias_nodes == 0
        && b.anchors.iter().all(Option::is_none);
    if clean {
        Some((b.root?, b.warnings))
    } else {
        None
    }
}

/// The mapping reached from `root` by following the last member at each step, whose key must
/// be the next of `path`: the part of a split file before the split ends inside it.
fn mapping_at<'n>(root: &'n mut Node, path: &[String]) -> Option<&'n mut Node> {
    let mut node = root;
    for key in path {
        let Value::Object(o) = &mut node.value else {
            return None;
        };
        let last = o.members.last_mut()?;
        if last.key != key.as_str() {
            return None;
        }
        node = &mut last.value;
    }
    matches!(node.value, Value::Object(_)).then_some(node)
}

/// Builds the tree of `text[range]` (a whole file, or a part of a split one starting at a
/// line start) with spans in the whole file's offsets.
///
/// The fast reader goes first; when the text is outside what it reads, or anything fails,
/// saphyr reads it again, and its result (or error) is the answer.
fn build_yaml<'a>(
    file: &'a str,
    text: &'a str,
    index: &'a LineIndex,
    limits: &'a ParseLimits,
    range: std::ops::Range<usize>,
    depth_base: usize,
) -> Result<YamlBuilder<'a>, LoadError> {
    let build = |events| build_from(file, text, index, limits, range.clone(), depth_base, events);
    if let Some(fast) = crate::fast_yaml::FastYaml::new(text, range.clone()) {
        if let Ok(b) = build(Events::Fast(fast)) {
            return Ok(b);
        }
    }
    build(Events::Saphyr(Box::new(Parser::new_from_str(
        &text[range.clone()],
    ))))
}

fn build_from<'a>(
    file: &'a str,
    text: &'a str,
    index: &'a LineIndex,
    limits: &'a ParseLimits,
    range: std::ops::Range<usize>,
    depth_base: usize,
    mut parser: Events<'a>,
) -> Result<YamlBuilder<'a>, LoadError> {
    let line_base = index.line_of(range.start);
    let byte_markers = matches!(parser, Events::Fast(_));
    let mut b = YamlBuilder {
        file,
        text,
        index,
        limits,
        stack: Vec::new(),
        anchors: Vec::new(),
        alias_nodes: 0,
        warnings: Vec::new(),
        root: None,
        line_base,
        depth_base,
        byte_markers,
        buffers: Buffers::default(),
    };
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            let e = match e {
                EventError::Scan(e) => e,
                EventError::Unsupported => {
                    return LoadError::new(ErrorKind::Syntax, file, "outside the fast reader");
                }
            };
            let m = e.marker();
            let offset =
                index.offset_of_char_col(text, line_base + m.line().saturating_sub(1), m.col());
            LoadError::new(
                ErrorKind::Syntax,
                file,
                format!("invalid YAML: {}", e.info()),
            )
            .at(text, index, offset)
        })?;
        let start = b.offset(span.start);
        let end = b.offset(span.end);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(LoadError::new(
                        ErrorKind::Syntax,
                        file,
                        "more than one YAML document in the file; a spec is one document",
                    )
                    .at(text, index, start));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                // The parser starts a scalar at its anchor or tag; Spectral (and a reader)
                // at the scalar itself.
                let start = after_node_properties(text, start, end, anchor > 0 || tag.is_some());
                let is_plain = style == ScalarStyle::Plain;
                let forced_string = tag.as_ref().is_some_and(|t| t.suffix == "str");
                // A block scalar with no content is its header (`>-`), as Spectral places it;
                // the parser marks it at the next token.
                let (start, end) = match (&style, b.stack.last()) {
                    (
                        ScalarStyle::Literal | ScalarStyle::Folded,
                        Some(Frame::Map {
                            pending_key: Some((_, key, _)),
                            ..
                        }),
                    ) if value.is_empty() => {
                        empty_block_header(text, key.end as usize).unwrap_or((start, end))
                    }
                    _ => (start, end),
                };
                let end = match style {
                    ScalarStyle::Literal | ScalarStyle::Folded if value.is_empty() => end,
                    ScalarStyle::Literal | ScalarStyle::Folded => {
                        block_scalar_end(text, start, end)
                    }
                    ScalarStyle::SingleQuoted => quoted_end(text, start, end, b'\''),
                    ScalarStyle::DoubleQuoted => quoted_end(text, start, end, b'"'),
                    _ => end,
                };
                // An empty value (`key:`) is marked at its colon; Spectral places it just
                // after the colon, where the value would start.
                let (start, end) = if is_plain
                    && value.is_empty()
                    && start == end
                    && text.as_bytes().get(start) == Some(&b':')
                {
                    (start + 1, start + 1)
                } else {
                    (start, end)
                };
                let span = Span::new(start, end);
                let v = if is_plain && !forced_string {
                    plain_scalar(&value)
                } else {
                    Value::String(Str::from(value.as_ref()))
                };
                let node = Node::new(v, span);
                if let Some(Frame::Map {
                    pending_key: key @ None,
                    ..
                }) = b.stack.last_mut()
                {
                    let is_merge = is_plain && value == "<<";
                    *key = Some((Str::from(value.as_ref()), span, is_merge));
                    let key_type = match &node.value {
                        Value::String(_) => None,
                        Value::Number(_) => Some("number"),
                        Value::Bool(_) => Some("boolean"),
                        _ => Some("null"),
                    };
                    if let Some(kind) = key_type {
                        b.warnings.push(ParseWarning {
                            span,
                            message: format!(
                                "Mapping key must be a string scalar rather than {kind}"
                            ),
                            duplicate_key: None,
                            key_type,
                            complex_key: false,
                            tab: false,
                        });
                    }
                    if anchor > 0 {
                        b.set_anchor(anchor, node);
                    }
                    continue;
                }
                if anchor > 0 {
                    b.set_anchor(anchor, node.clone());
                }
                b.add(node)?;
            }
            Event::Alias(id) => {
                let Some(Some((node, size))) = b.anchors.get(id) else {
                    return Err(
                        LoadError::new(ErrorKind::Syntax, file, "unknown YAML alias")
                            .at(text, index, start),
                    );
                };
                b.alias_nodes += *size;
                if b.alias_nodes > limits.max_alias_nodes {
                    return Err(LoadError::new(
                        ErrorKind::AliasLimit,
                        file,
                        format!(
                            "YAML aliases expand to more than {} nodes (an alias bomb?)",
                            limits.max_alias_nodes
                        ),
                    )
                    .at(text, index, start));
                }
                let mut node = node.clone();
                // An alias used as a key stands for its scalar text.
                if let Some(Frame::Map {
                    pending_key: key @ None,
                    ..
                }) = b.stack.last_mut()
                {
                    let text_key = match &node.value {
                        Value::String(s) => s.clone(),
                        other => Str::from(scalar_key_text(other)),
                    };
                    *key = Some((text_key, Span::new(start, end), false));
                    continue;
                }
                // Keep the alias's own place in the file: that is where a finding belongs.
                // Its name, after the `*`, as Spectral places it.
                let name = if text.as_bytes().get(start) == Some(&b'*') {
                    (start + 1).min(end)
                } else {
                    start
                };
                node.span = Span::new(name, end);
                b.add(node)?;
            }
            Event::SequenceStart(anchor, tag) => {
                b.check_depth(start)?;
                let start =
                    after_node_properties(text, start, text.len(), anchor > 0 || tag.is_some());
                let items = b.buffers.items.pop().unwrap_or_default();
                b.stack.push(Frame::Seq {
                    items,
                    start,
                    anchor,
                });
            }
            Event::MappingStart(anchor, tag) => {
                b.check_depth(start)?;
                // Like a scalar, a collection starts after its anchor and tag.
                let start =
                    after_node_properties(text, start, text.len(), anchor > 0 || tag.is_some());
                let buffer = b.buffers.members.pop().unwrap_or_default();
                b.stack.push(Frame::Map {
                    members: MemberBuilder::reusing(buffer),
                    merges: Vec::new(),
                    pending_key: None,
                    start,
                    anchor,
                    last_end: start,
                });
            }
            Event::SequenceEnd => {
                let Some(Frame::Seq {
                    mut items,
                    start: s,
                    anchor,
                }) = b.stack.pop()
                else {
                    return Err(b.unbalanced(start));
                };
                // Flow sequences end just after their `]` (the parser's end runs on over the
                // spaces and comment after it); block ones at their last item.
                let e = if span.start.index() != span.end.index() {
                    flow_end(text, start, end)
                } else {
                    items.last().map_or(s, |n| n.span.end as usize)
                };
                let node = Node::new(Value::Array(items.drain(..).collect()), Span::new(s, e));
                b.buffers.items.push(items);
                if anchor > 0 {
                    b.set_anchor(anchor, node.clone());
                }
                b.add(node)?;
            }
            Event::MappingEnd => {
                let Some(Frame::Map {
                    mut members,
                    merges,
                    pending_key,
                    start: s,
                    anchor,
                    last_end,
                }) = b.stack.pop()
                else {
                    return Err(b.unbalanced(start));
                };
                if let Some((key, key_span, _)) = pending_key {
                    // A key with no value event cannot happen; keep the key with null anyway.
                    members.push(
                        key,
                        key_span,
                        Node::new(Value::Null, key_span),
                        &mut b.warnings,
                    );
                }
                for merge in merges {
                    b.apply_merge(&mut members, merge);
                }
                let e = if span.start.index() != span.end.index() {
                    flow_end(text, start, end)
                } else {
                    last_end
                };
                let (object, buffer) = members.finish_reusing();
                b.buffers.members.push(buffer);
                let node = Node::new(Value::Object(object), Span::new(s, e));
                if anchor > 0 {
                    b.set_anchor(anchor, node.clone());
                }
                b.add(node)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(b)
}

impl YamlBuilder<'_> {
    fn offset(&self, m: saphyr_parser::Marker) -> usize {
        if self.byte_markers {
            return m.index();
        }
        self.index.offset_of_char_col(
            self.text,
            self.line_base + m.line().saturating_sub(1),
            m.col(),
        )
    }

    /// The parser closed a collection it never opened: report, never panic.
    fn unbalanced(&self, at: usize) -> LoadError {
        LoadError::new(
            ErrorKind::Syntax,
            self.file,
            "invalid YAML: unbalanced collection",
        )
        .at(self.text, self.index, at)
    }

    fn check_depth(&self, at: usize) -> Result<(), LoadError> {
        if self.depth_base + self.stack.len() >= self.limits.max_depth {
            return Err(LoadError::new(
                ErrorKind::TooDeep,
                self.file,
                format!("nesting deeper than {} levels", self.limits.max_depth),
            )
            .at(self.text, self.index, at));
        }
        Ok(())
    }

    fn set_anchor(&mut self, id: usize, node: Node) {
        if self.anchors.len() <= id {
            self.anchors.resize(id + 1, None);
        }
        let size = node.count_nodes();
        self.anchors[id] = Some((node, size));
    }

    fn add(&mut self, node: Node) -> Result<(), LoadError> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                members,
                merges,
                pending_key,
                last_end,
                ..
            }) => {
                let Some((key, key_span, is_merge)) = pending_key.take() else {
                    // A collection used as a key (`? [a, b]` or `{a: 1}: x`): JSON has no such
                    // keys, so it stands for its source text, as JavaScript would stringify it.
                    let raw = char_aligned(self.text, node.span);
                    *pending_key = Some((Str::from(raw), node.span, false));
                    self.warnings.push(ParseWarning {
                        span: node.span,
                        message: "Mapping key must be a string scalar".into(),
                        duplicate_key: None,
                        key_type: None,
                        complex_key: true,
                        tab: false,
                    });
                    return Ok(());
                };
                // An empty value (`key:`) ends at its key.
                *last_end = (node.span.end.max(key_span.end)) as usize;
                if is_merge {
                    merges.push(node);
                } else {
                    members.push(key, key_span, node, &mut self.warnings);
                }
            }
        }
        Ok(())
    }

    /// YAML 1.1 merge keys (`<<: *base` or `<<: [*a, *b]`): keys written in the mapping
    /// win, then earlier merged mappings win over later ones.
    fn apply_merge(&mut self, members: &mut MemberBuilder, merge: Node) {
        let sources: Vec<Node> = match merge.value {
            Value::Object(_) => vec![merge],
            Value::Array(items) => items.into_vec(),
            _ => {
                self.warnings.push(ParseWarning {
                    span: merge.span,
                    message: "`<<` merge value must be a mapping or a list of mappings".into(),
                    duplicate_key: None,
                    key_type: None,
                    complex_key: false,
                    tab: false,
                });
                return;
            }
        };
        for src in sources {
            match src.value {
                Value::Object(o) => {
                    for m in o.members.into_vec() {
                        members.push_if_absent(m);
                    }
                }
                _ => self.warnings.push(ParseWarning {
                    span: src.span,
                    message: "`<<` merge list items must be mappings".into(),
                    duplicate_key: None,
                    key_type: None,
                    complex_key: false,
                    tab: false,
                }),
            }
        }
    }
}

/// The text of `span`, widened to whole characters: saphyr's markers for odd input
/// (complex keys after a `---` line, say) can fall inside one.
fn char_aligned(text: &str, span: Span) -> &str {
    let (mut start, mut end) = (span.start as usize, (span.end as usize).min(text.len()));
    start = start.min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[start..end]
}

/// Just after a flow collection's closing bracket, which its end event starts at.
fn flow_end(text: &str, start: usize, end: usize) -> usize {
    match text.as_bytes().get(start) {
        Some(b']' | b'}') => start + 1,
        _ => end,
    }
}

/// Where a node starts after its node properties (`&anchor`, `!tag`, in either order),
/// and the spaces, line breaks and comments after them; never past `end`. `start` itself
/// for a node with neither.
fn after_node_properties(text: &str, start: usize, end: usize, has_properties: bool) -> usize {
    if !has_properties {
        return start;
    }
    let bytes = text.as_bytes();
    let end = end.min(bytes.len());
    let mut i = start;
    loop {
        match bytes.get(i) {
            Some(b'&' | b'!') if i < end => {
                while i < end
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
                    )
                {
                    i += 1;
                }
            }
            Some(b' ' | b'\t' | b'\r' | b'\n') if i < end => i += 1,
            Some(b'#') if i < end => {
                while i < end && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            _ => return i.min(end),
        }
    }
}

/// The header of a block scalar written after a key ending at `key_end`: from its `|` or
/// `>` to the last indicator (`>-`, `|2+`), before spaces or a comment.
fn empty_block_header(text: &str, key_end: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let colon = key_end + bytes.get(key_end..)?.iter().position(|&c| c == b':')?;
    let mut start = colon + 1;
    while matches!(bytes.get(start), Some(b' ' | b'\t')) {
        start += 1;
    }
    if !matches!(bytes.get(start), Some(b'|' | b'>')) {
        return None;
    }
    let mut end = start;
    while end < bytes.len() && !matches!(bytes[end], b' ' | b'\t' | b'\r' | b'\n' | b'#') {
        end += 1;
    }
    Some((start, end))
}

/// Just after a quoted scalar's closing quote. The parser's end can run on over the spaces
/// and the comment that follow it on its line.
fn quoted_end(text: &str, start: usize, end: usize, quote: u8) -> usize {
    let bytes = text.as_bytes();
    let end = end.min(bytes.len());
    let mut i = start + 1;
    while i < end {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            // `''` is a quote inside a single-quoted scalar.
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    end
}

/// End of a block scalar, where Spectral's parser ends it: its raw span runs to the next
/// token, so the indentation of that token's line and the last line break come off. The
/// trailing spaces of its last line and its trailing blank lines stay: they are part of the
/// scalar's text.
fn block_scalar_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut e = end.min(bytes.len());
    let mut indent = e;
    while indent > start && matches!(bytes[indent - 1], b' ' | b'\t') {
        indent -= 1;
    }
    if indent > start && bytes[indent - 1] == b'\n' {
        e = indent;
    }
    if e > start && bytes[e - 1] == b'\n' {
        e -= 1;
        if e > start && bytes[e - 1] == b'\r' {
            e -= 1;
        }
    }
    e
}

fn scalar_key_text(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.to_string(),
        Value::Array(_) | Value::Object(_) => "[object]".into(),
    }
}

/// Resolves a plain scalar by the YAML 1.2 core schema.
pub(crate) fn plain_scalar(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let bytes = s.as_bytes();
    let first = bytes[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Value::String(Str::from(s));
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if let Ok(n) = u64::from_str_radix(hex, 16) {
            return Value::Number(n.into());
        }
    }
    if let Some(oct) = s.strip_prefix("0o") {
        if let Ok(n) = u64::from_str_radix(oct, 8) {
            return Value::Number(n.into());
        }
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let clean = s.strip_prefix('+').unwrap_or(s);
        if let Ok(i) = clean.parse::<i64>() {
            return Value::Number(i.into());
        }
        if let Ok(u) = clean.parse::<u64>() {
            return Value::Number(u.into());
        }
        if let Some(n) = clean
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
        {
            return Value::Number(n);
        }
    }
    if is_core_float(digits) {
        if let Some(n) = s.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Value::Number(n);
        }
    }
    // `.inf` and `.nan` have no JSON form; they stay strings.
    Value::String(Str::from(s))
}

/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` without the sign.
fn is_core_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

/// What each reader builds from `text[range]`: the fast reader's tree and warnings (`None`
/// when it gave up) and saphyr's (or its error).
#[cfg(test)]
#[allow(clippy::type_complexity)]
pub(crate) fn both_readers(
    text: &str,
    range: std::ops::Range<usize>,
    depth_base: usize,
) -> (
    Option<(Option<Node>, Vec<ParseWarning>)>,
    Result<(Option<Node>, Vec<ParseWarning>), String>,
) {
    let index = LineIndex::new(text);
    let limits = ParseLimits::default();
    let fast = crate::fast_yaml::FastYaml::new(text, range.clone()).and_then(|f| {
        build_from(
            "t.yaml",
            text,
            &index,
            &limits,
            range.clone(),
            depth_base,
            Events::Fast(f),
        )
        .ok()
        .map(|b| (b.root, b.warnings))
    });
    let parser = Events::Saphyr(Box::new(Parser::new_from_str(&text[range.clone()])));
    let saphyr = build_from("t.yaml", text, &index, &limits, range, depth_base, parser)
        .map(|b| (b.root, b.warnings))
        .map_err(|e| e.to_string());
    (fast, saphyr)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        let index = LineIndex::new(text);
        parse_text("t.yaml", text, &index, &ParseLimits::default()).unwrap()
    }

    #[test]
    fn core_schema_scalars() {
        assert_eq!(plain_scalar("3.0.0"), Value::String("3.0.0".into()));
        assert_eq!(plain_scalar("200"), Value::Number(200.into()));
        assert_eq!(
            plain_scalar("1.5e3"),
            Value::Number(serde_json::Number::from_f64(1500.0).unwrap())
        );
        assert_eq!(plain_scalar("~"), Value::Null);
        assert_eq!(plain_scalar("yes"), Value::String("yes".into()));
        assert_eq!(plain_scalar("0x1F"), Value::Number(31.into()));
        assert_eq!(plain_scalar("-"), Value::String("-".into()));
        assert_eq!(plain_scalar("1e"), Value::String("1e".into()));
    }

    #[test]
    fn yaml_spans_cover_values_and_keys() {
        let text = "info:\n  title: \"T\"\n  d: |\n    a\n    b\n\nx: [1, 2]\n";
        let p = parse(text);
        let info = p.root.get("info").unwrap();
        assert_eq!(
            &text[info.span.start as usize..info.span.end as usize],
            "title: \"T\"\n  d: |\n    a\n    b\n"
        );
        // A block scalar keeps its trailing blank lines, less the last line break, as in
        // Spectral's ranges.
        let d = info.get("d").unwrap();
        assert_eq!(
            &text[d.span.start as usize..d.span.end as usize],
            "a\n    b\n"
        );
        let title = info.get("title").unwrap();
        assert_eq!(
            &text[title.span.start as usize..title.span.end as usize],
            "\"T\""
        );
        let x = p.root.get("x").unwrap();
        assert_eq!(&text[x.span.start as usize..x.span.end as usize], "[1, 2]");
        let m = p.root.as_object().unwrap().member("x").unwrap();
        assert_eq!(
            &text[m.key_span.start as usize..m.key_span.end as usize],
            "x"
        );
    }

    /// A quoted scalar ends at its closing quote, and a flow collection at its closing
    /// bracket, not at the spaces or the comment after them (Spectral's ranges); quotes
    /// escaped inside a scalar do not end it.
    #[test]
    fn quoted_scalars_and_flow_collections_end_at_their_closing_mark() {
        let text = "a: 'x:y'  \nb: \"q\\\"r\"   # c\nc: 'it''s'  # it's\nd:\n  - 'z'  \ne: {f: 'g'  , h: 1}\n";
        let p = parse(text);
        let spans: Vec<&str> = ["a", "b", "c"]
            .iter()
            .map(|k| p.root.get(k).unwrap().span)
            .chain([
                p.root.get("d").unwrap().as_array().unwrap()[0].span,
                p.root.get("e").unwrap().get("f").unwrap().span,
            ])
            .map(|s| &text[s.start as usize..s.end as usize])
            .collect();
        assert_eq!(spans, ["'x:y'", "\"q\\\"r\"", "'it''s'", "'z'", "'g'"]);
        let text = "a: []  # c\nb: {}   # d\nc: [1, 2]  # e\n";
        let p = parse(text);
        let spans: Vec<&str> = ["a", "b", "c"]
            .iter()
            .map(|k| p.root.get(k).unwrap().span)
            .map(|s| &text[s.start as usize..s.end as usize])
            .collect();
        assert_eq!(spans, ["[]", "{}", "[1, 2]"]);
    }

    /// A node's span leaves out its anchor and tag, and an alias's its `*`.
    #[test]
    fn spans_start_after_anchors_tags_and_the_alias_star() {
        let text = "a: &x 'q'  # c\nb: *x\nc: !!str 12\nd: &m\n  k: v\ne:\n  - &s [1]\n  - *s\n";
        let p = parse(text);
        let span_text = |n: &Node| &text[n.span.start as usize..n.span.end as usize];
        let e = p.root.get("e").unwrap().as_array().unwrap();
        assert_eq!(
            [
                span_text(p.root.get("a").unwrap()),
                span_text(p.root.get("b").unwrap()),
                span_text(p.root.get("c").unwrap()),
                span_text(p.root.get("d").unwrap()),
                span_text(&e[0]),
                span_text(&e[1]),
            ],
            ["'q'", "x", "12", "k: v", "[1]", "s"]
        );
    }

    /// A file not named `.json` that opens like JSON but is not (`{ 'type': 'string' }`) is
    /// read as YAML, as Spectral reads it; one named `.json` is refused as JSON.
    #[test]
    fn a_yaml_flow_mapping_that_is_not_json_is_read_as_yaml() {
        let text = "{ 'type': 'string' }\n";
        let index = LineIndex::new(text);
        let limits = ParseLimits::default();
        let yaml = parse_text("ref.yaml", text, &index, &limits).unwrap();
        assert_eq!(yaml.syntax, Syntax::Yaml);
        assert_eq!(yaml.root.get("type").unwrap().as_str(), Some("string"));
        let json = parse_text("ref.json", text, &index, &limits).err().unwrap();
        assert!(json.message.contains("invalid JSON"), "{}", json.message);
    }

    /// The linted file named `.json` is read as YAML when it is not JSON, as Spectral reads
    /// it: a trailing comma is fine in a YAML flow mapping. Text neither can read keeps
    /// the JSON error. A referenced `.json` file stays JSON.
    #[test]
    fn the_entry_file_named_json_falls_back_to_yaml() {
        let limits = ParseLimits::default();
        let trailing = "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {},\n}\n";
        let index = LineIndex::new(trailing);
        let entry = parse_text_as("api.json", trailing, &index, &limits, Role::Entry).unwrap();
        assert_eq!(entry.syntax, Syntax::Yaml);
        assert_eq!(entry.root.get("openapi").unwrap().as_str(), Some("3.0.0"));
        let referenced = parse_text("api.json", trailing, &index, &limits)
            .err()
            .unwrap();
        assert!(
            referenced.message.contains("Trailing commas"),
            "{}",
            referenced.message
        );

        let missing_comma = "{\n  \"openapi\": \"3.0.0\"\n  \"paths\": {}\n}\n";
        let index = LineIndex::new(missing_comma);
        let err = parse_text_as("api.json", missing_comma, &index, &limits, Role::Entry)
            .err()
            .unwrap();
        assert!(err.message.starts_with("invalid JSON"), "{}", err.message);
        let at = err.position.unwrap();
        assert_eq!(
            (at.line, at.character),
            (1, 20),
            "zero-based: 2:21 as printed"
        );
    }

    /// An empty value sits right after its key's colon, where Spectral places it, whatever
    /// follows on the line.
    #[test]
    fn an_empty_value_sits_after_the_colon() {
        let text = "a:\nb:   \nc: # note\nd: ~\n";
        let p = parse(text);
        for (key, at) in [("a", 2), ("b", 5), ("c", 11)] {
            let v = p.root.get(key).unwrap();
            assert_eq!(v.value, Value::Null, "{key}");
            assert_eq!(
                (v.span.start as usize, v.span.end as usize),
                (at, at),
                "{key}"
            );
        }
        let d = p.root.get("d").unwrap();
        assert_eq!(&text[d.span.start as usize..d.span.end as usize], "~");
    }

    #[test]
    fn merge_keys_and_aliases() {
        let p = parse("base: &b {a: 1, b: 2}\nitem:\n  <<: *b\n  b: 3\n");
        let item = p.root.get("item").unwrap().to_json();
        assert_eq!(item, serde_json::json!({"b": 3, "a": 1}));
    }

    #[test]
    fn duplicate_keys_warn_and_last_wins() {
        let p = parse("{\"a\": 1, \"b\": 2, \"a\": 3}");
        assert_eq!(p.root.to_json(), serde_json::json!({"a": 3, "b": 2}));
        assert_eq!(p.warnings.len(), 1);
        let p = parse("a: 1\na: 2\n");
        assert_eq!(p.root.to_json(), serde_json::json!({"a": 2}));
        assert_eq!(p.warnings.len(), 1);
    }

    #[test]
    fn non_string_keys_become_their_text() {
        let p = parse("responses:\n  200:\n    description: ok\n");
        assert!(p.root.get("responses").unwrap().get("200").is_some());
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let index = LineIndex::new(&text);
        let err = match parse_text("bomb.yaml", &text, &index, &ParseLimits::default()) {
            Err(e) => e,
            Ok(_) => panic!("alias bomb was accepted"),
        };
        assert_eq!(err.kind, ErrorKind::AliasLimit);
        assert!(err.position.is_some());
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        for text in [
            "[".repeat(100_000),
            "a: ".repeat(0) + &"- ".repeat(10_000) + "x",
            "{\"a\":".repeat(50_000),
        ] {
            let index = LineIndex::new(&text);
            let err = match parse_text("deep", &text, &index, &ParseLimits::default()) {
                Err(e) => e,
                Ok(_) => panic!("deep nesting accepted"),
            };
            assert!(
                matches!(err.kind, ErrorKind::TooDeep | ErrorKind::Syntax),
                "{err}"
            );
        }
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let text = "a: 1\nb: [1, 2\nc: 3\n";
        let index = LineIndex::new(text);
        let err = match parse_text("bad.yaml", text, &index, &ParseLimits::default()) {
            Err(e) => e,
            Ok(_) => panic!("accepted"),
        };
        assert_eq!(err.kind, ErrorKind::Syntax);
        let shown = err.to_string();
        assert!(shown.starts_with("bad.yaml:"), "{shown}");
        let text = "{\"a\": 1,\n  \"b\": }";
        let index = LineIndex::new(text);
        let err = match parse_text("bad.json", text, &index, &ParseLimits::default()) {
            Err(e) => e,
            Ok(_) => panic!("accepted"),
        };
        assert_eq!(err.position.unwrap().line, 1);
        assert!(err.to_string().contains("bad.json:2:"));
    }

    #[test]
    fn invalid_utf8_is_a_clear_error() {
        let err = match parse_bytes(
            "x.yaml",
            b"a: 1\nb: \xff\n".to_vec(),
            &ParseLimits::default(),
        ) {
            Err(e) => e,
            Ok(_) => panic!("accepted"),
        };
        assert_eq!(err.kind, ErrorKind::NotUtf8);
        assert_eq!(err.position.unwrap().line, 1);
    }

    // ----- split parsing: the joined tree must be exactly the one-piece tree -----

    /// (tree and warnings parsed in one piece, the same parsed in two parts if planned).
    fn one_piece_and_split(text: &str) -> (Parsed, Option<Parsed>) {
        let index = LineIndex::new(text);
        let limits = ParseLimits::default();
        let b = build_yaml("t.yaml", text, &index, &limits, 0..text.len(), 0).unwrap();
        let whole = Parsed {
            root: b.root.unwrap(),
            syntax: Syntax::Yaml,
            warnings: b.warnings,
        };
        let split = crate::yaml_split::plan(text, &index)
            .and_then(|plan| parse_split("t.yaml", text, &index, &limits, &plan));
        (whole, split)
    }

    fn assert_same(whole: &Parsed, split: &Parsed) {
        assert_eq!(whole.root, split.root, "trees differ");
        assert_eq!(whole.warnings, split.warnings, "warnings differ");
    }

    /// About 1 MB of spec-like YAML with the constructs real specs use on both sides of
    /// the middle: block scalars, multi-line quoted and flow values, anchors, comments,
    /// non-ASCII text, duplicate keys within one part.
    fn varied_spec(extra_middle: &str) -> String {
        let mut s = String::from("openapi: 3.0.0\ninfo:\n  title: Tëst\n  version: '1'\npaths:\n");
        for i in 0..1800 {
            s.push_str(&format!(
                "  /things/{{id}}/p{i}:\n    # comment\n    get:\n      summary: \"multi\n        line {i}\"\n      description: |\n        block ü {i}\n\n        more\n      tags: [a,\n        b]\n      x-anchor: &a{i} {{k: {i}}}\n      x-alias: *a{i}\n      x-dup: 1\n      x-dup: 2\n      responses:\n        '200':\n          description: ok\n"
            ));
            if i == 900 {
                s.push_str(extra_middle);
            }
        }
        s.push_str("components:\n  schemas:\n    A:\n      type: object\n");
        s
    }

    #[test]
    fn a_split_parse_gives_the_one_piece_tree() {
        let text = varied_spec("");
        let (whole, split) = one_piece_and_split(&text);
        let split = split.expect("this file is planned and joins");
        assert_same(&whole, &split);
        assert!(!whole.warnings.is_empty(), "duplicate keys warn");
    }

    /// One parse of the whole file and the public entry point (which may split) agree,
    /// both on a tree and on an error.
    fn assert_entry_point_matches_one_piece(text: &str) {
        let index = LineIndex::new(text);
        let limits = ParseLimits::default();
        let whole = build_yaml("t.yaml", text, &index, &limits, 0..text.len(), 0);
        let entry = parse_text("t.yaml", text, &index, &limits);
        match (whole, entry) {
            (Ok(b), Ok(parsed)) => {
                assert_eq!(b.root.unwrap(), parsed.root);
                assert_eq!(b.warnings, parsed.warnings);
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!("one piece: {:?}, entry point: {:?}", a.is_ok(), b.is_ok()),
        }
        // From bytes: the same result.
        let entry = parse_text("t.yaml", text, &index, &limits);
        match (
            parse_bytes("t.yaml", text.as_bytes().to_vec(), &limits),
            entry,
        ) {
            (Ok((_, _, from_bytes)), Ok(parsed)) => {
                assert_eq!(from_bytes.root, parsed.root);
                assert_eq!(from_bytes.warnings, parsed.warnings);
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!("from bytes: {:?}, from text: {:?}", a.is_ok(), b.is_ok()),
        }
    }

    #[test]
    fn constructs_spanning_the_cut_line_give_the_one_piece_result() {
        // Lines that look like keys of `paths` near the middle of the file, but sit inside a
        // quoted scalar or a flow collection that spans them: a cut there must not join.
        for (open, close) in [
            ("\"start", "  end\""),
            ("[start,", "  end]"),
            ("{a: 1,", "  b: 2}"),
        ] {
            let mut middle = format!("  /spanning: {open}\n");
            for i in 0..400 {
                middle.push_str(&format!("  k{i}: inside {}\n", "y".repeat(100)));
            }
            middle.push_str(close);
            middle.push('\n');
            let text = varied_spec(&middle);
            let region = text.find("  /spanning:").unwrap()..text.find(close).unwrap();
            let plan = crate::yaml_split::plan(&text, &LineIndex::new(&text)).expect("planned");
            assert!(region.contains(&plan.at), "the cut is inside the construct");
            assert_entry_point_matches_one_piece(&text);
        }
    }

    #[test]
    fn an_alias_across_the_split_falls_back_to_one_piece() {
        let mut text = String::from("x-top: &shared {k: v}\n");
        text.push_str(&varied_spec("  /uses-alias:\n    x: *shared\n"));
        let index = LineIndex::new(&text);
        let parsed = parse_text("t.yaml", &text, &index, &ParseLimits::default()).unwrap();
        let (whole, _) = one_piece_and_split(&text);
        assert_same(&whole, &parsed);
    }

    #[test]
    fn a_key_in_both_parts_falls_back_to_one_piece() {
        let mut text = varied_spec("");
        text.push_str("openapi: 3.1.0\n");
        let (whole, split) = one_piece_and_split(&text);
        assert!(split.is_none());
        let index = LineIndex::new(&text);
        let parsed = parse_text("t.yaml", &text, &index, &ParseLimits::default()).unwrap();
        assert_same(&whole, &parsed);
    }

    #[test]
    fn errors_in_a_split_file_are_reported_as_in_one_piece() {
        let mut text = varied_spec("");
        text.push_str("bad: [unclosed\n");
        let index = LineIndex::new(&text);
        let limits = ParseLimits::default();
        let whole = build_yaml("t.yaml", &text, &index, &limits, 0..text.len(), 0)
            .err()
            .expect("invalid");
        let parsed = parse_text("t.yaml", &text, &index, &limits)
            .err()
            .expect("invalid");
        assert_eq!(whole.to_string(), parsed.to_string());
    }

    #[test]
    fn depth_limits_count_from_the_file_root_in_every_part() {
        // Nesting that is legal from a part's own root but too deep from the file's.
        let limits = ParseLimits {
            max_depth: 8,
            ..ParseLimits::default()
        };
        let mut text = varied_spec("  /deep:\n    a:\n      b:\n        c:\n          d:\n            e:\n              f:\n                g: 1\n");
        text.push('\n');
        let index = LineIndex::new(&text);
        let err = parse_text("t.yaml", &text, &index, &limits)
            .err()
            .expect("too deep");
        assert_eq!(err.kind, ErrorKind::TooDeep);
    }

    /// The YAML specs of the shared corpus (`SPECWRIGHT_SHARED`, else `../shared` beside the
    /// project), or `None` when it is absent: users clone only the project.
    pub(crate) fn corpus_yaml_specs() -> Option<Vec<std::path::PathBuf>> {
        let shared = std::env::var_os("SPECWRIGHT_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
            });
        let dir = std::fs::read_dir(shared.join("corpus/specs")).ok()?;
        let mut specs: Vec<_> = dir
            .flatten()
            .map(|e| e.path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
            .collect();
        specs.sort();
        Some(specs)
    }

    /// Every YAML spec of the shared corpus, when present, parses to the same tree both ways.
    #[test]
    fn corpus_specs_split_to_the_one_piece_tree() {
        let Some(specs) = corpus_yaml_specs() else {
            eprintln!("skipped: no shared corpus");
            return;
        };
        let mut split_files = 0;
        for path in specs {
            let text = std::fs::read_to_string(&path).unwrap();
            let (whole, split) = one_piece_and_split(&text);
            if let Some(split) = split {
                assert_same(&whole, &split);
                split_files += 1;
            }
        }
        // stripe-v30.yaml and openai-v31.yaml are large enough to be split.
        assert!(
            split_files >= 2,
            "only {split_files} corpus files were split"
        );
    }
}
