//! Reads Spectral rulesets (YAML or JSON): `extends` (built-in, relative files, with
//! `recommended|all|off`), `rules` (full definitions and severity shorthands), `aliases`
//! (with per-format targets), `formats`, `overrides` (globs and `file#/pointer`; without a
//! pointer an override may also carry `extends`, `formats`, `aliases` and `parserOptions`).
//!
//! Errors name the ruleset file, line and column. A ruleset that needs JavaScript (custom
//! `functions`, `functionsDir`, or a `then.function` no built-in implements) is refused
//! with the function's name and the rule using it: running it without the function would
//! silently report nothing.

use crate::format::{Format, FormatSet};
use crate::function::{FunctionRegistry, Options};
use crate::ruleset::{Rule, Severity, Then};
use indexmap::IndexMap;
use specwright_document::parse::{parse_text, ParseLimits};
use specwright_document::{LineIndex, Node, Span, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A ruleset problem, with the file and 1-based line:column when known.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct RulesetError {
    pub location: String,
    pub message: String,
}

/// Built-in rulesets by `extends` name. `spectral:oas` is the oas engineer's data file.
pub fn builtin_ruleset(name: &str) -> Option<&'static str> {
    match name {
        "spectral:oas" => Some(include_str!("../rulesets/oas.yaml")),
        _ => None,
    }
}

/// How an `extends` entry enables the extended ruleset's rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtendMode {
    Recommended,
    All,
    Off,
}

/// An alias: plain `given` list, or per-format targets.
#[derive(Clone, Debug)]
pub enum Alias {
    Given(Vec<String>),
    Targets(Vec<(FormatSet, Vec<String>)>),
}

/// An `overrides` entry.
#[derive(Clone)]
pub struct Override {
    /// Globs relative to the ruleset's folder.
    pub files: Vec<OverridePattern>,
    /// Rule changes and additions (full rules only without a pointer).
    pub rules: IndexMap<String, RuleChange>,
    /// The override's own `extends`, loaded: for the files it names they take the place of
    /// the ruleset's `extends` (Spectral's merge: the override wins).
    pub extends: Option<Extended>,
    /// Aliases added (or redefined) for the files it names.
    pub aliases: HashMap<String, Alias>,
    /// Formats for the rules defined in overrides that name none. Spectral merges the
    /// overrides naming a file into one, so these reach the rules of every override that
    /// names the same file.
    pub formats: Option<FormatSet>,
    /// Its `parserOptions`: for the files it names they replace the ruleset's whole.
    pub parser_options: Option<ParserOptions>,
    pub base_dir: PathBuf,
}

/// `parserOptions`: the severities of the parser's own findings in the linted document
/// (`None` turns them off). A key left out is an error, as in Spectral.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParserOptions {
    /// A key written twice ("Duplicate key: x").
    pub duplicate_keys: Option<Severity>,
    /// A plain key that is not a string ("Mapping key must be a string scalar ...").
    pub incompatible_values: Option<Severity>,
}

impl Default for ParserOptions {
    fn default() -> Self {
        ParserOptions {
            duplicate_keys: Some(Severity::Error),
            incompatible_values: Some(Severity::Error),
        }
    }
}

/// Rules by name, in definition order.
pub type RuleMap = IndexMap<String, Rule>;

/// The rules and aliases an `extends` list brings in.
#[derive(Clone, Default)]
pub struct Extended {
    pub rules: IndexMap<String, Rule>,
    pub aliases: HashMap<String, Alias>,
}

#[derive(Clone, Debug)]
pub struct OverridePattern {
    pub glob: String,
    /// `file#/pointer`: only findings at or below this path.
    pub pointer: Option<Vec<String>>,
}

/// What a ruleset says about a rule.
#[derive(Clone)]
pub enum RuleChange {
    /// `rule: warn`, `rule: off`, `rule: true`: severity shorthand for an existing rule.
    Severity(Option<Severity>, bool),
    /// A full definition (has `given`/`then`).
    Define(Box<Rule>),
    /// Fields changed on an inherited rule (`severity`, `message`, ...).
    Patch(Box<RulePatch>),
}

#[derive(Clone, Default)]
pub struct RulePatch {
    pub severity: Option<Option<Severity>>,
    pub message: Option<String>,
    pub description: Option<String>,
    pub recommended: Option<bool>,
    pub formats: Option<FormatSet>,
    pub documentation_url: Option<String>,
    pub resolved: Option<bool>,
}

/// A ruleset with everything it extends merged in.
#[derive(Clone)]
pub struct Ruleset {
    pub rules: IndexMap<String, Rule>,
    pub aliases: HashMap<String, Alias>,
    pub overrides: Vec<Override>,
    /// This ruleset's own `rules` entries in order, kept so an override's `extends` can be
    /// put underneath them: the ruleset's own rules still win over what it extends.
    pub own_rules: Vec<(String, RuleChange)>,
    /// This ruleset's own `formats`.
    pub formats: Option<FormatSet>,
    /// This ruleset's own `parserOptions`. Like Spectral, those of the rulesets it extends
    /// are not used.
    pub parser_options: Option<ParserOptions>,
    /// Where it was read from (a file path or `spectral:oas`).
    pub source: String,
}

struct Loader<'r> {
    registry: &'r FunctionRegistry,
    /// Files being loaded, to refuse `extends` cycles.
    stack: Vec<String>,
}

struct Doc {
    name: String,
    text: String,
    lines: LineIndex,
    root: Node,
    dir: Option<PathBuf>,
}

impl Doc {
    fn err(&self, span: Span, message: impl Into<String>) -> RulesetError {
        let pos = self.lines.position(&self.text, span.start as usize);
        RulesetError {
            location: format!("{}:{}:{}", self.name, pos.line + 1, pos.character + 1),
            message: message.into(),
        }
    }
}

impl Ruleset {
    /// Loads a ruleset file (YAML or JSON) and everything it extends.
    pub fn load(path: &Path, registry: &FunctionRegistry) -> Result<Ruleset, RulesetError> {
        let mut l = Loader {
            registry,
            stack: Vec::new(),
        };
        l.load_file(path, ExtendMode::Recommended)
    }

    /// Parses ruleset text; `name` names it in errors, `dir` anchors relative `extends`.
    pub fn from_text(
        name: &str,
        text: &str,
        dir: Option<&Path>,
        registry: &FunctionRegistry,
    ) -> Result<Ruleset, RulesetError> {
        let mut l = Loader {
            registry,
            stack: Vec::new(),
        };
        let doc = parse_doc(name, text, dir.map(Path::to_path_buf))?;
        l.load_doc(&doc, ExtendMode::Recommended)
    }

    /// Rules that are enabled.
    pub fn enabled_rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.values().filter(|r| r.enabled)
    }

    /// The rules and aliases for a file that the overrides at `applicable` (indices into
    /// `overrides`, in order) name, merged the way Spectral merges them:
    /// - the last of them with `extends` takes the place of the ruleset's `extends`, and the
    ///   ruleset's own rules are applied again on top of it;
    /// - their aliases add to the ruleset's, later ones winning;
    /// - their rules apply in order; a rule an override defines is on for those files and,
    ///   naming no formats, takes the last of their `formats`, else the ruleset's.
    pub fn rules_for(
        &self,
        applicable: &[usize],
    ) -> Result<(RuleMap, HashMap<String, Alias>), RulesetError> {
        let located = |i: usize| format!("{}: overrides[{i}]", self.source);
        let mut aliases = self.aliases.clone();
        let replacing = applicable
            .iter()
            .rev()
            .find_map(|&i| self.overrides[i].extends.as_ref().map(|e| (i, e)));
        let mut rules = match replacing {
            Some((i, extended)) => {
                aliases.extend(extended.aliases.clone());
                let mut rules = extended.rules.clone();
                for (name, change) in &self.own_rules {
                    apply_change_unplaced(&mut rules, name, change.clone(), &located(i))?;
                }
                rules
            }
            None => self.rules.clone(),
        };
        let default_formats = applicable
            .iter()
            .rev()
            .find_map(|&i| self.overrides[i].formats)
            .or(self.formats);
        for &i in applicable {
            let o = &self.overrides[i];
            aliases.extend(o.aliases.clone());
            for (name, change) in &o.rules {
                let change = match change {
                    RuleChange::Define(r) => {
                        let mut r = r.clone();
                        r.recommended = true;
                        r.formats = r.formats.or(default_formats);
                        RuleChange::Define(r)
                    }
                    other => other.clone(),
                };
                apply_change_unplaced(&mut rules, name, change, &located(i))?;
            }
        }
        Ok((rules, aliases))
    }
}

fn parse_doc(name: &str, text: &str, dir: Option<PathBuf>) -> Result<Doc, RulesetError> {
    let lines = LineIndex::new(text);
    let parsed =
        parse_text(name, text, &lines, &ParseLimits::default()).map_err(|e| RulesetError {
            location: match e.position {
                Some(p) => format!("{}:{}:{}", name, p.line + 1, p.character + 1),
                None => name.to_string(),
            },
            message: e.message,
        })?;
    Ok(Doc {
        name: name.to_string(),
        text: text.to_string(),
        lines,
        root: parsed.root,
        dir,
    })
}

fn strings(doc: &Doc, node: &Node, what: &str) -> Result<Vec<String>, RulesetError> {
    match &node.value {
        Value::String(s) => Ok(vec![s.to_string()]),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| doc.err(i.span, format!("{what} entries must be strings")))
            })
            .collect(),
        _ => Err(doc.err(
            node.span,
            format!("{what} must be a string or a list of strings"),
        )),
    }
}

/// A `parserOptions` mapping (top level or in an override).
fn parser_options(doc: &Doc, node: &Node) -> Result<ParserOptions, RulesetError> {
    let obj = node
        .as_object()
        .ok_or_else(|| doc.err(node.span, "`parserOptions` must be a mapping"))?;
    let mut out = ParserOptions::default();
    for m in &obj.members {
        let slot = match m.key.as_str() {
            "duplicateKeys" => &mut out.duplicate_keys,
            "incompatibleValues" => &mut out.incompatible_values,
            other => {
                return Err(doc.err(
                    m.key_span,
                    format!(
                    "unknown key `{other}` in `parserOptions` (duplicateKeys, incompatibleValues)"
                ),
                ))
            }
        };
        *slot = Severity::parse(&m.value.to_json()).map_err(|e| doc.err(m.value.span, e))?;
    }
    Ok(out)
}

/// An `aliases` mapping (top level or in an override).
fn aliases(doc: &Doc, node: &Node) -> Result<HashMap<String, Alias>, RulesetError> {
    let obj = node
        .as_object()
        .ok_or_else(|| doc.err(node.span, "`aliases` must be a mapping"))?;
    obj.members
        .iter()
        .map(|m| Ok((m.key.to_string(), parse_alias(doc, &m.value)?)))
        .collect()
}

fn formats(doc: &Doc, node: &Node) -> Result<FormatSet, RulesetError> {
    let Some(items) = node.as_array() else {
        return Err(doc.err(node.span, "formats must be a list"));
    };
    let mut set = FormatSet::default();
    for i in items {
        let name = i.as_str().unwrap_or_default();
        let f = Format::from_name(name).ok_or_else(|| {
            doc.err(
                i.span,
                format!(
                    "unknown format `{name}` (known: {})",
                    Format::ALL.map(Format::name).join(", ")
                ),
            )
        })?;
        set.insert(f);
    }
    Ok(set)
}

impl Loader<'_> {
    fn load_file(&mut self, path: &Path, mode: ExtendMode) -> Result<Ruleset, RulesetError> {
        let shown = specwright_document::spec::display_name(path);
        let text = std::fs::read_to_string(path).map_err(|e| RulesetError {
            location: shown.clone(),
            message: format!("cannot read ruleset: {e}"),
        })?;
        let key = std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string();
        if self.stack.contains(&key) {
            return Err(RulesetError {
                location: shown,
                message: "ruleset extends itself (an `extends` cycle)".into(),
            });
        }
        self.stack.push(key);
        let doc = parse_doc(&shown, &text, path.parent().map(Path::to_path_buf))?;
        let r = self.load_doc(&doc, mode);
        self.stack.pop();
        r
    }

    fn load_extends(
        &mut self,
        doc: &Doc,
        target: &Node,
        mode: ExtendMode,
    ) -> Result<Ruleset, RulesetError> {
        let name = target
            .as_str()
            .ok_or_else(|| doc.err(target.span, "an `extends` entry must be a string"))?;
        if let Some(text) = builtin_ruleset(name) {
            if self.stack.iter().any(|s| s == name) {
                return Err(doc.err(target.span, format!("`{name}` extends itself")));
            }
            self.stack.push(name.to_string());
            let d = parse_doc(name, text, None)?;
            let r = self.load_doc(&d, mode);
            self.stack.pop();
            return r;
        }
        if name.starts_with("spectral:") {
            return Err(doc.err(
                target.span,
                format!("built-in ruleset `{name}` is not available (built in: spectral:oas)"),
            ));
        }
        if name.starts_with("http://") || name.starts_with("https://") {
            return Err(doc.err(
                target.span,
                format!(
                    "remote ruleset `{name}` is not fetched: download it and extend the local file"
                ),
            ));
        }
        let Some(dir) = &doc.dir else {
            return Err(doc.err(
                target.span,
                format!("cannot resolve `{name}` from a built-in ruleset"),
            ));
        };
        let path = dir.join(name);
        if !path.exists() {
            return Err(doc.err(
                target.span,
                format!(
                    "extended ruleset `{name}` not found (looked at {}; npm packages are not fetched)",
                    path.display()
                ),
            ));
        }
        self.load_file(&path, mode)
    }

    fn load_doc(&mut self, doc: &Doc, mode: ExtendMode) -> Result<Ruleset, RulesetError> {
        let root = doc.root.as_object().ok_or_else(|| {
            doc.err(
                doc.root.span,
                "a ruleset must be a mapping with `rules`, `extends` or `overrides`",
            )
        })?;
        let mut out = Ruleset {
            rules: IndexMap::new(),
            aliases: HashMap::new(),
            overrides: Vec::new(),
            own_rules: Vec::new(),
            formats: None,
            parser_options: root
                .get("parserOptions")
                .map(|p| parser_options(doc, p))
                .transpose()?,
            source: doc.name.clone(),
        };
        for m in &root.members {
            match m.key.as_str() {
                "extends" | "rules" | "overrides" | "aliases" | "formats" | "documentationUrl"
                | "description" | "parserOptions" => {}
                "functions" | "functionsDir" => {
                    let names = strings(doc, &m.value, m.key.as_str()).unwrap_or_default();
                    return Err(doc.err(
                        m.key_span,
                        format!(
                            "this ruleset loads JavaScript custom functions ({}), which Specwright cannot run; \
                             rules that use them would silently report nothing",
                            if names.is_empty() { "functionsDir".to_string() } else { names.join(", ") }
                        ),
                    ));
                }
                k if k.starts_with("x-") => {}
                other => {
                    return Err(doc.err(m.key_span, format!("unknown ruleset key `{other}`")));
                }
            }
        }
        if !["extends", "rules", "overrides"]
            .iter()
            .any(|k| root.contains_key(k))
        {
            return Err(doc.err(
                doc.root.span,
                "a ruleset needs at least one of `extends`, `rules` or `overrides`",
            ));
        }
        if let Some(ext) = root.get("extends") {
            let extended = self.load_extends_list(doc, ext, mode)?;
            out.aliases.extend(extended.aliases);
            out.rules.extend(extended.rules);
        }
        if let Some(a) = root.get("aliases") {
            out.aliases.extend(aliases(doc, a)?);
        }
        let ruleset_formats = root.get("formats").map(|f| formats(doc, f)).transpose()?;
        out.formats = ruleset_formats;
        if let Some(r) = root.get("rules") {
            let obj = r
                .as_object()
                .ok_or_else(|| doc.err(r.span, "`rules` must be a mapping"))?;
            for m in &obj.members {
                let change =
                    self.rule_change(doc, &m.key, m.key_span, &m.value, ruleset_formats)?;
                out.own_rules.push((m.key.to_string(), change.clone()));
                apply_change(doc, &mut out.rules, &m.key, m.key_span, change, mode)?;
            }
        }
        if let Some(o) = root.get("overrides") {
            let items = o
                .as_array()
                .ok_or_else(|| doc.err(o.span, "`overrides` must be a list"))?;
            for item in items {
                out.overrides.push(self.parse_override(doc, item)?);
            }
        }
        Ok(out)
    }

    /// Loads an `extends` value (a name, or a list of names and `[name, mode]` pairs) and
    /// merges what the entries bring in order; later entries win.
    fn load_extends_list(
        &mut self,
        doc: &Doc,
        ext: &Node,
        mode: ExtendMode,
    ) -> Result<Extended, RulesetError> {
        let mut out = Extended::default();
        let entries: Vec<&Node> = match &ext.value {
            Value::String(_) => vec![ext],
            Value::Array(items) => items.iter().collect(),
            _ => return Err(doc.err(ext.span, "`extends` must be a string or a list")),
        };
        for e in entries {
            let (target, emode) = match &e.value {
                Value::Array(pair) => {
                    if pair.len() != 2 {
                        return Err(doc.err(
                            e.span,
                            "an `extends` pair is [ruleset, recommended|all|off]",
                        ));
                    }
                    let m = match pair[1].as_str() {
                        Some("recommended") => ExtendMode::Recommended,
                        Some("all") => ExtendMode::All,
                        Some("off") => ExtendMode::Off,
                        _ => return Err(doc.err(pair[1].span, "expected recommended, all or off")),
                    };
                    (&pair[0], m)
                }
                _ => (e, ExtendMode::Recommended),
            };
            // An outer `off` or `all` wins over what the inner entry says.
            let eff = match mode {
                ExtendMode::Recommended => emode,
                other => other,
            };
            let sub = self.load_extends(doc, target, eff)?;
            out.aliases.extend(sub.aliases);
            out.rules.extend(sub.rules);
            // Like Spectral, only the linted ruleset's own overrides apply; those of the
            // rulesets it extends are ignored (see COMPATIBILITY.md).
        }
        Ok(out)
    }

    fn parse_override(&mut self, doc: &Doc, item: &Node) -> Result<Override, RulesetError> {
        let obj = item
            .as_object()
            .ok_or_else(|| doc.err(item.span, "an override must be a mapping"))?;
        let files_node = obj
            .get("files")
            .ok_or_else(|| doc.err(item.span, "an override needs `files`"))?;
        let files: Vec<OverridePattern> = strings(doc, files_node, "files")?
            .into_iter()
            .map(|f| match f.split_once('#') {
                Some((g, p)) => specwright_document::pointer::parse_pointer(p)
                    .map(|ptr| OverridePattern {
                        glob: g.to_string(),
                        pointer: Some(ptr),
                    })
                    .map_err(|e| doc.err(files_node.span, e)),
                None => Ok(OverridePattern {
                    glob: f,
                    pointer: None,
                }),
            })
            .collect::<Result<_, _>>()?;
        for p in &files {
            globset::Glob::new(&p.glob)
                .map_err(|e| doc.err(files_node.span, format!("bad glob `{}`: {e}", p.glob)))?;
        }
        let has_pointer = files.iter().any(|f| f.pointer.is_some());
        for m in &obj.members {
            match m.key.as_str() {
                "files" | "rules" => {}
                "extends" | "formats" | "aliases" | "parserOptions" if has_pointer => {
                    return Err(doc.err(
                        m.key_span,
                        "an override with a `#/pointer` may only change rule severities",
                    ))
                }
                "extends" | "formats" | "aliases" | "parserOptions" => {}
                other => {
                    return Err(doc.err(
                        m.key_span,
                        format!("unknown key `{other}` in an override (files, rules, extends, formats, aliases, parserOptions)"),
                    ))
                }
            }
        }
        // Rules defined here get their default formats per file ([`Ruleset::rules_for`]).
        let override_formats = obj.get("formats").map(|f| formats(doc, f)).transpose()?;
        let extends = obj
            .get("extends")
            .map(|ext| self.load_extends_list(doc, ext, ExtendMode::Recommended))
            .transpose()?;
        let aliases = match obj.get("aliases") {
            Some(a) => aliases(doc, a)?,
            None => HashMap::new(),
        };
        let mut rules = IndexMap::new();
        if let Some(r) = obj.get("rules") {
            let ro = r
                .as_object()
                .ok_or_else(|| doc.err(r.span, "`rules` must be a mapping"))?;
            for m in &ro.members {
                let change = self.rule_change(doc, &m.key, m.key_span, &m.value, None)?;
                if has_pointer && !matches!(change, RuleChange::Severity(..)) {
                    return Err(doc.err(
                        m.value.span,
                        "an override with a `#/pointer` may only set a severity",
                    ));
                }
                rules.insert(m.key.to_string(), change);
            }
        }
        let parser_options = obj
            .get("parserOptions")
            .map(|p| parser_options(doc, p))
            .transpose()?;
        Ok(Override {
            files,
            rules,
            extends,
            aliases,
            formats: override_formats,
            parser_options,
            base_dir: doc.dir.clone().unwrap_or_default(),
        })
    }

    fn rule_change(
        &mut self,
        doc: &Doc,
        name: &str,
        key_span: Span,
        node: &Node,
        ruleset_formats: Option<FormatSet>,
    ) -> Result<RuleChange, RulesetError> {
        match &node.value {
            Value::Bool(b) => return Ok(RuleChange::Severity(None, *b)),
            Value::String(_) | Value::Number(_) => {
                let sev = Severity::parse(&node.to_json()).map_err(|e| doc.err(node.span, e))?;
                return Ok(RuleChange::Severity(sev, sev.is_some()));
            }
            Value::Object(_) => {}
            _ => return Err(doc.err(node.span, "a rule must be a mapping or a severity")),
        }
        let obj = node.as_object().expect("checked above");
        let mut patch = RulePatch::default();
        for m in &obj.members {
            let v = &m.value;
            match m.key.as_str() {
                "severity" => {
                    patch.severity =
                        Some(Severity::parse(&v.to_json()).map_err(|e| doc.err(v.span, e))?)
                }
                "message" => patch.message = Some(str_field(doc, v, "message")?),
                "description" => patch.description = Some(str_field(doc, v, "description")?),
                "documentationUrl" => {
                    patch.documentation_url = Some(str_field(doc, v, "documentationUrl")?)
                }
                "recommended" => {
                    patch.recommended =
                        Some(v.as_bool().ok_or_else(|| {
                            doc.err(v.span, "`recommended` must be true or false")
                        })?)
                }
                "resolved" => {
                    patch.resolved = Some(
                        v.as_bool()
                            .ok_or_else(|| doc.err(v.span, "`resolved` must be true or false"))?,
                    )
                }
                "formats" => patch.formats = Some(formats(doc, v)?),
                "given" | "then" | "type" | "tags" | "extensions" => {}
                k if k.starts_with("x-") => {}
                other => return Err(doc.err(m.key_span, format!("unknown rule key `{other}`"))),
            }
        }
        let (Some(given), Some(then)) = (obj.get("given"), obj.get("then")) else {
            if obj.contains_key("given") || obj.contains_key("then") {
                return Err(doc.err(
                    key_span,
                    format!("rule `{name}` needs both `given` and `then`"),
                ));
            }
            return Ok(RuleChange::Patch(Box::new(patch)));
        };
        let given_list = strings(doc, given, "given")?;
        for (g, n) in given_list.iter().zip(
            given
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_else(|| vec![given]),
        ) {
            if !g.starts_with('#') {
                crate::jsonpath::parse(g)
                    .map_err(|e| doc.err(n.span, format!("invalid JSONPath `{g}`: {e}")))?;
            }
        }
        let then_nodes: Vec<&Node> = match &then.value {
            Value::Array(items) => items.iter().collect(),
            Value::Object(_) => vec![then],
            _ => return Err(doc.err(then.span, "`then` must be a mapping or a list of them")),
        };
        let mut thens = Vec::new();
        for t in then_nodes {
            let to = t
                .as_object()
                .ok_or_else(|| doc.err(t.span, "each `then` must be a mapping"))?;
            let fnode = to
                .get("function")
                .ok_or_else(|| doc.err(t.span, "`then` needs a `function`"))?;
            let fname = fnode
                .as_str()
                .ok_or_else(|| doc.err(fnode.span, "`function` must be a string"))?;
            let function = self.registry.get(fname).cloned().ok_or_else(|| {
                doc.err(
                    fnode.span,
                    format!(
                        "rule `{name}` uses function `{fname}`, which is not built in (a JavaScript custom function?); \
                         Specwright runs only built-in functions"
                    ),
                )
            })?;
            let opts_json = to
                .get("functionOptions")
                .map(Node::to_json)
                .unwrap_or(serde_json::Value::Null);
            let options = Options::new(function.as_ref(), opts_json).map_err(|e| {
                doc.err(
                    to.get("functionOptions")
                        .map(|n| n.span)
                        .unwrap_or(fnode.span),
                    format!("rule `{name}`: invalid functionOptions for `{fname}`: {e}"),
                )
            })?;
            let field = match to.get("field") {
                Some(f) => {
                    let s = f
                        .as_str()
                        .ok_or_else(|| doc.err(f.span, "`field` must be a string"))?;
                    if crate::ruleset::field_is_jsonpath(s) {
                        crate::jsonpath::parse(s)
                            .map_err(|e| doc.err(f.span, format!("invalid JSONPath `{s}`: {e}")))?;
                    }
                    Some(s.to_string())
                }
                None => None,
            };
            thens.push(Then {
                field,
                function_name: fname.to_string(),
                function,
                options: Arc::new(options),
            });
        }
        let severity = patch.severity.unwrap_or(Some(Severity::Warn));
        Ok(RuleChange::Define(Box::new(Rule {
            name: name.to_string(),
            description: patch.description,
            message: patch.message,
            severity: severity.unwrap_or(Severity::Warn),
            enabled: severity.is_some(),
            recommended: patch.recommended.unwrap_or(true),
            formats: patch.formats.or(ruleset_formats),
            given: given_list,
            then: thens,
            resolved: patch.resolved.unwrap_or(true),
            documentation_url: patch.documentation_url,
            defined_in: doc.name.clone(),
            base_dir: doc.dir.clone(),
        })))
    }
}

fn str_field(doc: &Doc, v: &Node, what: &str) -> Result<String, RulesetError> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| doc.err(v.span, format!("`{what}` must be a string")))
}

fn parse_alias(doc: &Doc, node: &Node) -> Result<Alias, RulesetError> {
    if let Some(obj) = node.as_object() {
        let targets = obj
            .get("targets")
            .and_then(Node::as_array)
            .ok_or_else(|| doc.err(node.span, "an alias mapping needs a `targets` list"))?;
        let mut out = Vec::new();
        for t in targets {
            let f = t
                .get("formats")
                .ok_or_else(|| doc.err(t.span, "an alias target needs `formats`"))?;
            let g = t
                .get("given")
                .ok_or_else(|| doc.err(t.span, "an alias target needs `given`"))?;
            out.push((formats(doc, f)?, strings(doc, g, "given")?));
        }
        return Ok(Alias::Targets(out));
    }
    Ok(Alias::Given(strings(doc, node, "alias")?))
}

/// Applies a rule change in a ruleset loaded with `mode`.
fn apply_change(
    doc_or_none: &Doc,
    rules: &mut IndexMap<String, Rule>,
    name: &str,
    span: Span,
    change: RuleChange,
    mode: ExtendMode,
) -> Result<(), RulesetError> {
    match change {
        RuleChange::Define(mut rule) => {
            rule.enabled = rule.enabled
                && match mode {
                    ExtendMode::Recommended => rule.recommended,
                    ExtendMode::All => true,
                    ExtendMode::Off => false,
                };
            rules.insert(name.to_string(), *rule);
        }
        RuleChange::Severity(sev, on) => {
            let r = rules.get_mut(name).ok_or_else(|| {
                doc_or_none.err(
                    span,
                    format!("cannot set the severity of unknown rule `{name}`"),
                )
            })?;
            if let Some(s) = sev {
                r.severity = s;
            }
            r.enabled = on && mode != ExtendMode::Off;
        }
        RuleChange::Patch(p) => {
            let r = rules.get_mut(name).ok_or_else(|| {
                doc_or_none.err(
                    span,
                    format!("rule `{name}` is not defined (it needs `given` and `then`)"),
                )
            })?;
            apply_patch(r, &p, mode);
        }
    }
    Ok(())
}

/// [`apply_change`] where no source position is at hand (changes replayed for overrides).
fn apply_change_unplaced(
    rules: &mut IndexMap<String, Rule>,
    name: &str,
    change: RuleChange,
    location: &str,
) -> Result<(), RulesetError> {
    let doc_err = |m: String| RulesetError {
        location: location.to_string(),
        message: m,
    };
    match change {
        RuleChange::Define(r) => {
            let mut r = *r;
            r.enabled = r.enabled && r.recommended;
            rules.insert(name.to_string(), r);
            Ok(())
        }
        RuleChange::Severity(sev, on) => {
            let r = rules.get_mut(name).ok_or_else(|| {
                doc_err(format!("cannot set the severity of unknown rule `{name}`"))
            })?;
            if let Some(s) = sev {
                r.severity = s;
            }
            r.enabled = on;
            Ok(())
        }
        RuleChange::Patch(p) => {
            let r = rules
                .get_mut(name)
                .ok_or_else(|| doc_err(format!("rule `{name}` is not defined")))?;
            apply_patch(r, &p, ExtendMode::Recommended);
            Ok(())
        }
    }
}

pub(crate) fn apply_patch(r: &mut Rule, p: &RulePatch, mode: ExtendMode) {
    if let Some(s) = p.severity {
        match s {
            Some(s) => {
                r.severity = s;
                r.enabled = mode != ExtendMode::Off;
            }
            None => r.enabled = false,
        }
    }
    if let Some(m) = &p.message {
        r.message = Some(m.clone());
    }
    if let Some(d) = &p.description {
        r.description = Some(d.clone());
    }
    if let Some(x) = p.recommended {
        r.recommended = x;
    }
    if let Some(f) = p.formats {
        r.formats = Some(f);
    }
    if let Some(u) = &p.documentation_url {
        r.documentation_url = Some(u.clone());
    }
    if let Some(x) = p.resolved {
        r.resolved = x;
    }
}

/// Expands `#Alias` (and `#Alias.tail`) in a `given`, choosing per-format targets by the
/// document's formats among those the ruleset registers (Spectral knows no other formats of
/// a document). Unknown aliases and alias cycles are errors.
pub fn expand_given(
    given: &str,
    aliases: &HashMap<String, Alias>,
    formats: FormatSet,
    depth: usize,
) -> Result<Vec<String>, String> {
    let Some(rest) = given.strip_prefix('#') else {
        return Ok(vec![given.to_string()]);
    };
    if depth > 16 {
        return Err(format!("alias `{given}` expands into itself"));
    }
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let (name, tail) = rest.split_at(end);
    let alias = aliases
        .get(name)
        .ok_or_else(|| format!("unknown alias `#{name}`"))?;
    let bases: Vec<String> = match alias {
        Alias::Given(g) => g.clone(),
        // Like Spectral, the last target naming one of the formats wins.
        Alias::Targets(ts) => ts
            .iter()
            .rev()
            .find(|(f, _)| f.intersects(formats))
            .map(|(_, g)| g.clone())
            .unwrap_or_default(),
    };
    let mut out = Vec::new();
    for b in bases {
        for e in expand_given(&b, aliases, formats, depth + 1)? {
            out.push(format!("{e}{tail}"));
        }
    }
    Ok(out)
}
