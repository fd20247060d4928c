//! Running a ruleset over a spec: one walk per view (resolved, as written) for all rules,
//! functions applied to each match, findings mapped back to source ranges and deduplicated
//! like Spectral's.

use crate::format::FormatSet;
use crate::function::{Cache, Ctx, FunctionRegistry, FunctionResult, Target};
use crate::functions::presence::print_property;
use crate::jsonpath::matcher::{Matcher, Order, Split};
use crate::jsonpath::{self, eval::eval, Path};
use crate::loader::{expand_given, Alias, ParserOptions, RuleChange, Ruleset, RulesetError};
use crate::locate::{locate, read_with_yaml_parser, spectral_range};
use crate::ruleset::{Rule, Severity};
use crate::view::{path_strings, print_value, Document, Seg, Val};
use serde::Serialize;
use specwright_document::{
    EditCache, ErrorKind, FileId, LoadError, LoadOptions, ParseWarning, Range, SourceFile, Spec,
};
use std::collections::{HashMap, HashSet};
use std::path::{Path as FsPath, PathBuf};
use std::sync::{Arc, Mutex};

/// One finding, in Spectral's JSON shape (plus what other outputs need).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: String,
    pub message: String,
    /// Path inside `source` (after following `$ref`s to the file the value is written in).
    pub path: Vec<String>,
    #[serde(serialize_with = "severity_number")]
    pub severity: Severity,
    pub range: Range,
    /// The file, as named in messages (relative to the current folder when below it).
    pub source: String,
    #[serde(skip)]
    pub file: PathBuf,
    /// Stable identity for baselines: code, file, path and a hash of the message (which
    /// names the offending value), so edits elsewhere keep old findings recognised. Not the
    /// node's text: a finding on the root or on a parent (a missing field) would come back
    /// after any edit inside it.
    #[serde(skip)]
    pub fingerprint: String,
}

fn severity_number<S: serde::Serializer>(s: &Severity, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_u8(*s as u8)
}

/// Depth of the subtrees the lint threads share out (`$.paths./a.get`,
/// `$.components.schemas.Pet`, `$.definitions.Pet.properties`): fine enough to balance
/// two threads, coarse enough that the walk above them, which every thread repeats, is small.
const SPLIT_DEPTH: usize = 3;

/// One function report before it becomes a finding: (view, order) as in one sequential
/// walk, rule index, view, path, message.
/// (order key, rule, resolved view, path, function message, property printed late).
type RawFinding = ((usize, Order), usize, bool, Vec<String>, String, bool);

/// A report placed in the document: its rule (an index into the plan's rules), where it
/// landed, and its message.
struct Placed {
    rule: usize,
    file: FileId,
    path: Vec<String>,
    range: Range,
    message: String,
}

/// From this many reports on, two threads place them.
const PARALLEL_REPORTS: usize = 512;

/// The given paths of one view compiled for one document shape.
struct ViewPlan {
    matcher: Matcher,
    /// Paths the automaton does not take (`^` before other steps), evaluated directly.
    fallback: Vec<(usize, Path)>,
    /// Matcher id -> index into `Plan::rules`.
    rule_of: Vec<usize>,
}

struct Plan {
    rules: Vec<Rule>,
    resolved: ViewPlan,
    unresolved: ViewPlan,
    /// Formats the enabled rules ask for when the document matches none.
    unrecognized: Option<Vec<&'static str>>,
    /// Pointer overrides: (glob matcher relative to base, pointer, rule -> severity).
    pointer_overrides: Vec<PointerOverride>,
    /// The ruleset's `parserOptions`, or the last applicable override's.
    parser_options: ParserOptions,
}

struct PointerOverride {
    glob: globset::GlobMatcher,
    base: PathBuf,
    pointer: Vec<String>,
    rules: HashMap<String, (Option<Severity>, bool)>,
}

/// Plans by document formats and the indices of the overrides that apply to the file.
type PlanCache = Mutex<HashMap<(FormatSet, Vec<usize>), Arc<Plan>>>;

/// What [`Linter::lint_early`] finds on a spec's entry tree, as it comes, for
/// [`Linter::lint_with`].
pub struct EarlyLint {
    document_schema: std::sync::mpsc::Receiver<Vec<FunctionResult>>,
}

/// The half of an [`EarlyLint`] channel that [`Linter::lint_early`] sends on.
pub struct EarlySender(std::sync::mpsc::SyncSender<Vec<FunctionResult>>);

impl EarlyLint {
    pub fn channel() -> (EarlySender, EarlyLint) {
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        (
            EarlySender(sender),
            EarlyLint {
                document_schema: receiver,
            },
        )
    }
}

/// A ruleset ready to lint; compiled plans are cached per document format and override set,
/// so re-linting an edited buffer only re-walks the document.
pub struct Linter {
    pub ruleset: Ruleset,
    pub registry: FunctionRegistry,
    plans: PlanCache,
    /// The last buffer linted by [`Linter::lint_text`], so the next one re-parses only
    /// the entry an edit is in.
    edits: Mutex<EditCache>,
    /// Whether [`Linter::lint`] remembers per-subtree results for the next lint of an
    /// edited version (see [`Linter::remembering`]).
    remember: bool,
}

/// Anything that stops a lint: the spec cannot be loaded, or the ruleset is unusable for it.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error("{0}")]
    Ruleset(#[from] RulesetError),
}

impl Linter {
    /// Prepares a ruleset; checks every `given` (aliases included) for every format now, so
    /// a broken ruleset fails before any spec is read.
    pub fn new(ruleset: Ruleset, registry: FunctionRegistry) -> Result<Linter, RulesetError> {
        for rule in ruleset.rules.values() {
            check_given(rule, &ruleset.aliases)?;
        }
        // A rule in one override may use an alias another override defines (for files both
        // name); which overrides meet is only known per file, so check against them all here.
        let mut every_alias = ruleset.aliases.clone();
        for o in &ruleset.overrides {
            if let Some(e) = &o.extends {
                every_alias.extend(e.aliases.clone());
            }
            every_alias.extend(o.aliases.clone());
        }
        for o in &ruleset.overrides {
            for rule in o.extends.iter().flat_map(|e| e.rules.values()) {
                check_given(rule, &every_alias)?;
            }
            for change in o.rules.values() {
                if let RuleChange::Define(rule) = change {
                    check_given(rule, &every_alias)?;
                }
            }
        }
        Ok(Linter {
            ruleset,
            registry,
            plans: Mutex::new(HashMap::new()),
            edits: Mutex::new(EditCache::default()),
            remember: false,
        })
    }

    /// A linter for an editor: every lint remembers what the whole-document schema check
    /// found in each subtree, so the next lint of an edited version checks again only the
    /// subtrees that changed (`oas/ajv_memo.rs`). One-shot lints (the CLI) leave it off:
    /// they would hash every subtree and copy its errors for a next lint that never comes.
    pub fn remembering(mut self) -> Linter {
        self.remember = true;
        self
    }

    /// Loads a ruleset file and prepares it with the built-in functions.
    pub fn from_file(path: &FsPath) -> Result<Linter, RulesetError> {
        let registry = FunctionRegistry::with_core();
        let ruleset = Ruleset::load(path, &registry)?;
        Linter::new(ruleset, registry)
    }

    /// Lints a spec file from disk, starting on its entry file's tree while the rest
    /// loads (see [`Linter::lint_early`]).
    pub fn lint_file(
        &self,
        path: &FsPath,
        options: &LoadOptions,
    ) -> Result<Vec<Finding>, LintError> {
        std::thread::scope(|scope| {
            let (sender, early) = EarlyLint::channel();
            let spec = Spec::load_beside(path, options, scope, |root| {
                self.lint_early(path, root, sender)
            })?;
            Ok(self.lint_with(&spec, Some(early))?)
        })
    }

    /// The part of a lint of the spec at `spec_path` that needs only its entry file's tree
    /// `root`, sent to the lint that takes the other half of `to`'s channel
    /// ([`Linter::lint_with`]): the whole-document schema check, when a rule of this
    /// ruleset runs it at the root. Meant for [`Spec::load_beside`], which runs it while
    /// the rest of the spec loads: on a 4 MB spec that check is the lint's longest single
    /// task, and the rest of the load left the second core idle. Nothing sent, the lint
    /// checks as usual.
    pub fn lint_early(
        &self,
        spec_path: &FsPath,
        root: &specwright_document::Node,
        to: EarlySender,
    ) {
        let path = std::path::absolute(spec_path).unwrap_or_else(|_| spec_path.to_path_buf());
        let formats = FormatSet::detect(root);
        let checks_root = self.plan(&path, formats).is_ok_and(|plan| {
            plan.rules.iter().any(|r| {
                !r.resolved
                    && r.given.iter().any(|g| g == "$")
                    && r.then.iter().any(|t| {
                        t.field.is_none() && t.function_name == crate::oas::DOCUMENT_SCHEMA
                    })
            })
        });
        if let Some(found) = checks_root
            .then(|| crate::oas::check_entry_tree(root, formats))
            .flatten()
        {
            // The lint may have ended (an error) and dropped its half: nothing to do then.
            let _ = to.0.send(found);
        }
    }

    /// [`Linter::lint`], taking what [`Linter::lint_early`] finds on the spec's entry tree
    /// (waiting for it where the lint needs it).
    pub fn lint_with(
        &self,
        spec: &Spec,
        early: Option<EarlyLint>,
    ) -> Result<Vec<Finding>, RulesetError> {
        self.lint_spec(spec, self.remember, early)
    }

    /// Lints an unsaved buffer (the studio's re-lint after an edit).
    pub fn lint_text(
        &self,
        path: &FsPath,
        text: &str,
        options: &LoadOptions,
    ) -> Result<Vec<Finding>, LintError> {
        // Taken out for the lint, so concurrent lints do not wait on each other (the
        // others then load their text whole).
        let cache = || self.edits.lock().unwrap_or_else(|e| e.into_inner());
        let mut edits = std::mem::take(&mut *cache());
        let loaded = edits.load(path, text, options);
        let spec = match loaded {
            Ok(spec) => spec,
            Err(e) => {
                *cache() = edits;
                return Err(e.into());
            }
        };
        let found = self.lint_spec(&spec, true, None);
        edits.keep(spec, options);
        *cache() = edits;
        Ok(found?)
    }

    /// Lints a loaded spec.
    pub fn lint(&self, spec: &Spec) -> Result<Vec<Finding>, RulesetError> {
        self.lint_spec(spec, self.remember, None)
    }

    fn lint_spec(
        &self,
        spec: &Spec,
        remember: bool,
        early: Option<EarlyLint>,
    ) -> Result<Vec<Finding>, RulesetError> {
        let formats = FormatSet::detect(&spec.root().root);
        let plan = self.plan(&spec.root().path, formats)?;
        let doc = Document::new(spec);
        self.lint_prepared(spec, &doc, &plan, remember, early)
    }

    fn lint_prepared(
        &self,
        spec: &Spec,
        doc: &Document<'_>,
        plan: &Plan,
        remember: bool,
        early: Option<EarlyLint>,
    ) -> Result<Vec<Finding>, RulesetError> {
        // Two threads share the walks of both views: each walker takes the subtrees at
        // SPLIT_DEPTH one at a time (see `Matcher::run_split`), so the work is balanced
        // whatever the document's shape. One thread starts on the resolved view and reports
        // its top (the matches above the split depth), the other starts on the unresolved
        // view, whose top holds the whole-document schema check. Each thread has its own
        // function cache. The reports are then put in the order of one sequential walk per
        // view (resolved first), so deduplication keeps the same findings.
        let views = [(true, &plan.resolved), (false, &plan.unresolved)];
        let splits = [Split::new(SPLIT_DEPTH), Split::new(SPLIT_DEPTH)];
        let work = |first: usize, early: Option<EarlyLint>| -> Vec<RawFinding> {
            let mut raw = Vec::new();
            let mut cache = Cache::default();
            if let Some(early) = early {
                cache.put(crate::oas::PRECHECKED, early.document_schema);
            }
            if remember {
                cache.put(crate::oas::REMEMBER_SUBTREES, true);
            }
            for vi in [first, 1 - first] {
                let (resolved, view) = views[vi];
                if view.matcher.is_empty() && view.fallback.is_empty() {
                    continue;
                }
                let top = vi == first;
                let root = doc.root(resolved);
                let mut sink = |order: Order, id: usize, val: Val<'_>, path: &[Seg<'_>]| {
                    let ri = view.rule_of[id];
                    let rule = &plan.rules[ri];
                    run_rule(
                        rule,
                        val,
                        path,
                        doc,
                        resolved,
                        &self.registry,
                        &mut cache,
                        &mut |p, m, late| raw.push(((vi, order), ri, resolved, p, m, late)),
                    );
                };
                view.matcher.run_split(root, &splits[vi], top, &mut sink);
                if top {
                    for (id, p) in &view.fallback {
                        for (path, val) in eval(p, root, root) {
                            sink(Order::MAX, *id, val, &path);
                        }
                    }
                }
            }
            raw
        };
        let mut raw = std::thread::scope(|scope| {
            // The thread starting on the unresolved view meets its root first, where the
            // early whole-document check is taken.
            let other = scope.spawn(|| work(1, early));
            let mut raw = work(0, None);
            raw.extend(other.join().expect("lint thread"));
            raw
        });
        // Stable: reports with one order key come from one walker, in its order.
        raw.sort_by_key(|r| r.0);
        // Keys of a few hundred bytes each, thousands of them on a large spec: not SipHash.
        let mut seen = HashSet::with_hasher(foldhash::fast::RandomState::default());
        let mut out = Vec::new();
        if let Some(names) = &plan.unrecognized {
            let file = spec.root();
            out.push(Finding {
                code: "unrecognized-format".into(),
                message: format!(
                    "The provided document does not match any of the registered formats [{}]",
                    names.join(", ")
                ),
                path: Vec::new(),
                severity: Severity::Warn,
                // The whole document, where Spectral puts a finding at `[]`.
                range: spectral_range(file, &file.root, None),
                source: file.name.clone(),
                file: file.path.clone(),
                fingerprint: format!("unrecognized-format\u{0}{}", file.name),
            });
        }
        // The linted file's parser findings take their severities from the ruleset's
        // `parserOptions`; a referenced file's keep the parser's own (see `parser_findings`).
        let own = spec.root();
        out.extend(parser_findings(own, &plan.parser_options));
        for file in spec.files.iter().skip(1) {
            out.extend(parser_findings(file, &REFERENCED_FILE_PARSER_OPTIONS));
        }
        out.extend(invalid_refs(spec, doc.refs_met()));
        // Where each report lands and what it says: independent of the others, and about
        // a millisecond of a large spec's lint on one core, so two threads share them.
        let place = |(_, ri, resolved, path, fmsg, late): RawFinding| -> Placed {
            let rule = &plan.rules[ri];
            let loc = locate(doc, resolved, &path);
            let file = spec.file(loc.file);
            let range = spectral_range(file, loc.node, loc.key_span);
            // Spectral names the property by the reported path (after following `$ref`s);
            // a missing tail is added unless a `$ref` was the last existing node, where its
            // inventory loses the tail.
            let missing = if loc.dangling {
                // Named from where the finding landed: "The document" at the root.
                Some(loc.path.last().cloned().unwrap_or_default())
            } else if loc.matched < path.len() && !loc.followed_last {
                missing_property(&path, loc.matched)
            } else {
                loc.path.last().cloned()
            };
            let fmsg = match (&missing, path.last()) {
                (Some(m), Some(last)) if late => reprint_property(fmsg, last, m),
                _ => fmsg,
            };
            let message = render_message(
                rule,
                &fmsg,
                &loc.path,
                missing.as_deref(),
                &Val::Node(crate::view::NodeRef {
                    doc,
                    file: loc.file,
                    node: loc.node,
                    resolved: false,
                }),
            );
            Placed {
                rule: ri,
                file: loc.file,
                path: loc.path,
                range,
                message,
            }
        };
        let placed: Vec<Placed> = if raw.len() >= PARALLEL_REPORTS {
            let second = raw.split_off(raw.len() / 2);
            std::thread::scope(|scope| {
                let later = scope.spawn(|| second.into_iter().map(place).collect::<Vec<_>>());
                let mut placed: Vec<Placed> = raw.into_iter().map(place).collect();
                match later.join() {
                    Ok(more) => placed.extend(more),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
                placed
            })
        } else {
            raw.into_iter().map(place).collect()
        };
        for p in placed {
            let rule = &plan.rules[p.rule];
            let file = spec.file(p.file);
            let (range, message) = (p.range, p.message);
            let key = (
                rule.name.clone(),
                p.file,
                p.path.clone(),
                message.clone(),
                if p.path.is_empty() { Some(range) } else { None },
            );
            if !seen.insert(key) {
                continue;
            }
            let mut severity = Some(rule.severity);
            for po in &plan.pointer_overrides {
                if let Some((sev, on)) = po.rules.get(&rule.name) {
                    let rel = relative_to(&po.base, &file.path);
                    if (po.glob.is_match(&rel) || po.glob.is_match(&file.path))
                        && p.path.starts_with(&po.pointer)
                    {
                        severity = if *on {
                            Some(sev.unwrap_or(rule.severity))
                        } else {
                            None
                        };
                    }
                }
            }
            let Some(severity) = severity else { continue };
            out.push(Finding {
                fingerprint: format!(
                    "{}\u{0}{}\u{0}{}\u{0}{:016x}",
                    rule.name,
                    file.name,
                    specwright_document::pointer::to_pointer(&p.path),
                    fnv1a(message.as_bytes())
                ),
                code: rule.name.clone(),
                message,
                path: p.path,
                severity,
                range,
                source: file.name.clone(),
                file: file.path.clone(),
            });
        }
        out.sort_by(|a, b| {
            (&a.source, a.range.start, &a.code, &a.path).cmp(&(
                &b.source,
                b.range.start,
                &b.code,
                &b.path,
            ))
        });
        Ok(out)
    }

    /// The rules of a document's overrides and formats, compiled (cached).
    fn plan(&self, spec_path: &FsPath, formats: FormatSet) -> Result<Arc<Plan>, RulesetError> {
        let applicable: Vec<usize> = self
            .ruleset
            .overrides
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                o.files
                    .iter()
                    .any(|f| f.pointer.is_none() && glob_matches(&f.glob, &o.base_dir, spec_path))
            })
            .map(|(i, _)| i)
            .collect();
        let key = (formats, applicable.clone());
        if let Some(p) = self.plans.lock().expect("plan cache lock").get(&key) {
            return Ok(p.clone());
        }
        let (rules, aliases) = self.ruleset.rules_for(&applicable)?;
        // Spectral's registered formats: every format a rule names, on or off. A document
        // matching none of them gets `unrecognized-format`, and only rules naming no format
        // run on it.
        let mut registered = FormatSet::default();
        for f in rules.values().filter_map(|r| r.formats) {
            for x in f.iter() {
                registered.insert(x);
            }
        }
        // The document's formats as Spectral knows them: those some rule registers.
        let known_formats = registered.intersection(formats);
        let unrecognized = (!registered.is_empty() && known_formats.is_empty())
            .then(|| registered.iter().map(|f| f.display_name()).collect());
        let mut plan_rules = Vec::new();
        for r in rules.values().filter(|r| r.enabled) {
            if r.formats.is_some_and(|f| !f.intersects(formats)) {
                continue;
            }
            plan_rules.push(r.clone());
        }
        let mut views = [
            (Vec::new(), Vec::new(), Vec::new()),
            (Vec::new(), Vec::new(), Vec::new()),
        ];
        for (ri, r) in plan_rules.iter().enumerate() {
            let v = &mut views[usize::from(!r.resolved)];
            for g in &r.given {
                let expanded =
                    expand_given(g, &aliases, known_formats, 0).map_err(|e| RulesetError {
                        location: r.defined_in.clone(),
                        message: format!("rule `{}`: {e}", r.name),
                    })?;
                for e in expanded {
                    let p = jsonpath::parse(&e).map_err(|err| RulesetError {
                        location: r.defined_in.clone(),
                        message: format!("rule `{}`: invalid JSONPath `{e}`: {err}", r.name),
                    })?;
                    let id = v.2.len();
                    v.2.push(ri);
                    if p.parents_only_at_end() {
                        v.0.push((id, p));
                    } else {
                        v.1.push((id, p));
                    }
                }
            }
        }
        let [(m0, f0, r0), (m1, f1, r1)] = views;
        let mut pointer_overrides = Vec::new();
        for o in &self.ruleset.overrides {
            for f in &o.files {
                let Some(ptr) = &f.pointer else { continue };
                let glob = globset::GlobBuilder::new(&f.glob)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| RulesetError {
                        location: self.ruleset.source.clone(),
                        message: format!("bad glob `{}`: {e}", f.glob),
                    })?
                    .compile_matcher();
                let rules = o
                    .rules
                    .iter()
                    .filter_map(|(k, c)| match c {
                        RuleChange::Severity(s, on) => Some((k.clone(), (*s, *on))),
                        _ => None,
                    })
                    .collect();
                pointer_overrides.push(PointerOverride {
                    glob,
                    base: o.base_dir.clone(),
                    pointer: ptr.clone(),
                    rules,
                });
            }
        }
        let plan = Arc::new(Plan {
            rules: plan_rules,
            resolved: ViewPlan {
                matcher: Matcher::new(m0),
                fallback: f0,
                rule_of: r0,
            },
            unresolved: ViewPlan {
                matcher: Matcher::new(m1),
                fallback: f1,
                rule_of: r1,
            },
            unrecognized,
            pointer_overrides,
            parser_options: applicable
                .iter()
                .filter_map(|&i| self.ruleset.overrides[i].parser_options)
                .next_back()
                .or(self.ruleset.parser_options)
                .unwrap_or_default(),
        });
        self.plans
            .lock()
            .expect("plan cache lock")
            .insert(key, plan.clone());
        Ok(plan)
    }
}

fn check_given(rule: &Rule, aliases: &HashMap<String, Alias>) -> Result<(), RulesetError> {
    let mut sets = vec![FormatSet::default()];
    for f in crate::format::Format::ALL {
        let mut s = FormatSet::default();
        s.insert(f);
        sets.push(s);
    }
    for g in &rule.given {
        for s in &sets {
            for e in expand_given(g, aliases, *s, 0).map_err(|e| RulesetError {
                location: rule.defined_in.clone(),
                message: format!("rule `{}`: {e}", rule.name),
            })? {
                jsonpath::parse(&e).map_err(|err| RulesetError {
                    location: rule.defined_in.clone(),
                    message: format!("rule `{}`: invalid JSONPath `{e}`: {err}", rule.name),
                })?;
            }
        }
    }
    Ok(())
}

fn glob_matches(glob: &str, base: &FsPath, file: &FsPath) -> bool {
    let Ok(g) = globset::GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
    else {
        return false;
    };
    let m = g.compile_matcher();
    m.is_match(relative_to(base, file)) || m.is_match(file)
}

/// `file` relative to the folder `base`, lexically and with `..` where needed, like the
/// `path.relative` Spectral matches override globs against (`../specs/*.yaml` works).
fn relative_to(base: &FsPath, file: &FsPath) -> PathBuf {
    use std::ffi::OsString;
    use std::path::Component;
    let parts = |p: &FsPath| -> Vec<OsString> {
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        let mut out: Vec<OsString> = Vec::new();
        for c in joined.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::Normal(n) => out.push(n.to_os_string()),
                Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            }
        }
        out
    };
    let (b, f) = (parts(base), parts(file));
    let common = b.iter().zip(&f).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &f[common..] {
        out.push(c);
    }
    out
}

/// Core functions whose message begins with Spectral's `#{{print("property")}}`, filled
/// in from the path the finding is reported at.
const LATE_PROPERTY_FUNCTIONS: [&str; 6] = [
    "truthy",
    "falsy",
    "defined",
    "undefined",
    "length",
    "alphabetical",
];

/// Applies a rule's `then`s to one match and reports (path, function message, property printed late).
#[allow(clippy::too_many_arguments)]
fn run_rule<'a>(
    rule: &'a Rule,
    val: Val<'a>,
    path: &[Seg<'a>],
    doc: &'a Document<'a>,
    resolved: bool,
    registry: &'a FunctionRegistry,
    cache: &mut Cache,
    report: &mut dyn FnMut(Vec<String>, String, bool),
) {
    // Calls one `then`'s function on one target and reports its results.
    let mut apply = |then: &'a crate::ruleset::Then, value: Val<'a>, at: &[Seg<'a>]| {
        let target = Target { value, path: at };
        let mut ctx = Ctx {
            doc,
            rule,
            resolved,
            registry,
            cache: &mut *cache,
        };
        for r in then.function.call(&target, &then.options, &mut ctx) {
            let p = r.path.unwrap_or_else(|| path_strings(at));
            // Spectral fills these functions' `#{{print("property")}}` from the reported
            // path; the others (AJV's messages) name the property when they are made.
            let late = LATE_PROPERTY_FUNCTIONS.contains(&then.function_name.as_str())
                || r.message.ends_with("must exist");
            report(p, r.message, late);
        }
    };
    for then in &rule.then {
        // Spectral's getLintTargets: `field` applies only to objects and arrays.
        let field = then
            .field
            .as_deref()
            .filter(|_| val.is_object() || val.is_array());
        let Some(field) = field else {
            // The common case: the match itself, at its own path (no copies).
            apply(then, val, path);
            continue;
        };
        let mut targets: Vec<(Vec<Seg<'a>>, Val<'a>)> = Vec::new();
        if field == "@key" {
            for k in val.keys() {
                targets.push((vec![Seg::Key(k)], Val::Key(k)));
            }
            // Spectral takes `Object.keys`, so an array's indices come as strings.
            for i in 0..val.items().count() {
                targets.push((vec![Seg::Index(i)], Val::Key(crate::view::index_key(i))));
            }
        } else if crate::ruleset::field_is_jsonpath(field) {
            if let Ok(p) = jsonpath::parse(field) {
                targets = eval(&p, val, doc.root(resolved));
            }
        } else {
            let segs = lodash_path(field);
            let mut v = val;
            for s in &segs {
                v = v.get(s);
            }
            // Spectral hands a `$`-led field (`$ref`) to jsonpath-plus, which reads it as a
            // property path but yields nothing when it is absent: the match itself is then
            // checked as undefined.
            if !(field.starts_with('$') && v.is_undefined()) {
                targets.push((segs.iter().map(|s| Seg::Key(s)).collect(), v));
            }
        }
        if targets.is_empty() {
            targets.push((Vec::new(), Val::Undefined));
        }
        for (rel, value) in targets {
            let mut full: Vec<Seg<'a>> = path.to_vec();
            full.extend(rel);
            apply(then, value, &full);
        }
    }
}

/// lodash `toPath`: `a.b[0]['c.d']` -> `a`, `b`, `0`, `c.d`.
fn lodash_path(field: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = field;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let (inner, after) = match r.find(']') {
                Some(i) => (&r[..i], &r[i + 1..]),
                None => (r, ""),
            };
            out.push(inner.trim_matches(|c| c == '\'' || c == '"'));
            rest = after.strip_prefix('.').unwrap_or(after);
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
            rest = rest.strip_prefix('.').unwrap_or(rest);
        }
    }
    out
}

/// Whether a lint reports this parse warning of a file of an OpenAPI spec as a `parser`
/// finding (so a caller showing the other warnings does not show it twice).
pub fn reports_parse_warning(file: &SourceFile, w: &ParseWarning) -> bool {
    w.duplicate_key.is_some()
        || w.key_type.is_some()
        || w.complex_key
        || (w.tab && read_with_yaml_parser(file))
}

/// Spectral adds a referenced file's parser diagnostics as its parser graded them, without
/// the ruleset's `parserOptions`: a duplicate key is an error, a non-string key a warning.
const REFERENCED_FILE_PARSER_OPTIONS: ParserOptions = ParserOptions {
    duplicate_keys: Some(Severity::Error),
    incompatible_values: Some(Severity::Warn),
};

/// Spectral's `parser` findings for one file of the spec, graded by `severities`: keys
/// written twice, plain keys that are not strings, collections used as keys, and tabs
/// between a JSON text's tokens.
fn parser_findings(file: &SourceFile, severities: &ParserOptions) -> Vec<Finding> {
    let referenced = file.id != FileId::ROOT;
    let mut out = Vec::new();
    // A key written twice is at the second key, with the path of the key; so is a plain
    // key that is not a string (`200:`), with the key's JavaScript type.
    for w in &file.warnings {
        let (key, message, severity) = match (&w.duplicate_key, w.key_type) {
            // Spectral formats a referenced file's parser messages twice, and the second
            // pass appends the key again ("Duplicate key: a: a"); kept, so tooling that
            // matches on the message sees the same text (COMPATIBILITY.md).
            (Some(key), _) if referenced => (
                key.to_string(),
                format!("Duplicate key: {key}: {key}"),
                severities.duplicate_keys,
            ),
            (Some(key), _) => (
                key.to_string(),
                format!("Duplicate key: {key}"),
                severities.duplicate_keys,
            ),
            // The parser words it as Spectral does.
            (None, Some(_)) => (
                file.text[w.span.start as usize..w.span.end as usize].to_string(),
                w.message.clone(),
                severities.incompatible_values,
            ),
            (None, None) => continue,
        };
        let Some(severity) = severity else { continue };
        // At a member's own key the path ends with it; a duplicate is no member.
        let mut path = file.path_at(file.position(w.span.start as usize));
        if path.last() != Some(&key) {
            path.push(key);
        }
        out.push(Finding {
            severity,
            ..document_error(file, "parser", message, path, file.range(w.span))
        });
    }
    // A tab between a JSON text's tokens is a warning with an empty path, as Spectral's
    // YAML parser (which it reads JSON with) gives one, whatever the `parserOptions` say.
    // Spectral's JSON parser (a referenced `.json` file's) has no such warning.
    if read_with_yaml_parser(file) {
        for w in file.warnings.iter().filter(|w| w.tab) {
            out.push(Finding {
                severity: Severity::Warn,
                ..document_error(
                    file,
                    "parser",
                    w.message.clone(),
                    Vec::new(),
                    file.range(w.span),
                )
            });
        }
    }
    // A collection used as a key (`? [a]`) is a warning at the mapping that holds it,
    // once per mapping, whatever the `parserOptions` say.
    let mut complex_keys = HashSet::new();
    for w in file.warnings.iter().filter(|w| w.complex_key) {
        let mut path = file.path_at(file.position(w.span.start as usize));
        if path.last().map(String::as_str)
            == file.text.get(w.span.start as usize..w.span.end as usize)
        {
            path.pop();
        }
        if complex_keys.insert(path.clone()) {
            out.push(Finding {
                severity: Severity::Warn,
                ..document_error(file, "parser", w.message.clone(), path, file.range(w.span))
            });
        }
    }
    out
}

/// A finding about a file of the spec itself (not from a rule): the parser's, `invalid-ref`.
fn document_error(
    own: &SourceFile,
    code: &str,
    message: String,
    path: Vec<String>,
    range: Range,
) -> Finding {
    Finding {
        fingerprint: format!(
            "{code}\u{0}{}\u{0}{}\u{0}{:016x}",
            own.name,
            specwright_document::pointer::to_pointer(&path),
            fnv1a(message.as_bytes())
        ),
        code: code.into(),
        message,
        path,
        severity: Severity::Error,
        range,
        source: own.name.clone(),
        file: own.path.clone(),
    }
}

/// Which of the spec's `$ref`s Spectral's resolver meets, by index into `spec.refs`: in the
/// linted file every one not written inside another `$ref`'s object (it replaces that
/// object by its target), and in another file only those inside a part that a met `$ref`
/// points to (it crawls a referenced file from each reference's target down, not whole).
/// A `$ref` it does not meet neither uses a component nor can be broken.
pub(crate) fn refs_spectral_meets(spec: &Spec) -> Vec<bool> {
    let n = spec.refs.len();
    if spec.files.len() == 1 {
        return spec.refs.iter().map(|r| !r.under_ref).collect();
    }
    let mut met = vec![false; n];
    let mut in_file: HashMap<FileId, Vec<usize>> = HashMap::new();
    let mut reached: Vec<(FileId, &[String])> = Vec::new();
    for (i, r) in spec.refs.iter().enumerate() {
        if r.under_ref {
            continue;
        }
        if r.file == FileId::ROOT {
            met[i] = true;
            if let Ok(t) = &r.target {
                reached.push((t.file, &t.path));
            }
        } else {
            in_file.entry(r.file).or_default().push(i);
        }
    }
    while let Some((file, prefix)) = reached.pop() {
        for &i in in_file.get(&file).map_or(&[][..], Vec::as_slice) {
            let r = &spec.refs[i];
            if !met[i] && r.path.starts_with(prefix) {
                met[i] = true;
                if let Ok(t) = &r.target {
                    reached.push((t.file, &t.path));
                }
            }
        }
    }
    met
}

/// Spectral's `invalid-ref` results: one per distinct message for each `$ref` whose file or
/// pointer does not exist, with the resolver's words. Spectral looks the path up in the
/// linted document even for a reference written in another file (a path it does not have
/// gets the empty range there), and names a pointer missing from another file by the
/// pointer's own path.
fn invalid_refs(spec: &Spec, met: &[bool]) -> Vec<Finding> {
    let own = spec.root();
    let mut messages = HashSet::new();
    let mut out = Vec::new();
    for (site, _) in spec.refs.iter().zip(met).filter(|(_, met)| **met) {
        let Err(err) = &site.target else { continue };
        let (file_part, fragment) = site
            .reference
            .split_once('#')
            .unwrap_or((site.reference.as_str(), ""));
        // The file a reference names, when it names one that is not remote. A file naming
        // itself (`this.yaml#/x`) is a local reference to the resolver.
        let target = if file_part.is_empty() {
            None
        } else {
            spec.ref_file_path(site.file, &site.reference)
        };
        let target_file = target.as_deref().and_then(|t| spec.file_by_path(t));
        let local = file_part.is_empty() || target_file.is_some_and(|f| f.id == site.file);
        let mut path;
        let mut fragment_missing = false;
        let message = if site.reference.is_empty() {
            // Spectral reads `''` as the folder the file is in.
            path = site.path.clone();
            "EISDIR: illegal operation on a directory, read".to_string()
        } else if err.kind != ErrorKind::RefNotFound {
            // A target the loader refused or could not read (outside the allowed root,
            // remote refs off, a file that does not parse), in its words: what lies behind
            // it is not linted, and the findings must say so.
            path = site.path.clone();
            err.message.clone()
        } else if local {
            path = site.path.clone();
            format!("'#{fragment}' does not exist")
        } else if let Some(target) = target {
            if target_file.is_none() {
                path = site.path.clone();
                format!(
                    "ENOENT: no such file or directory, open '{}'",
                    target.display()
                )
            } else {
                fragment_missing = true;
                path = specwright_document::pointer::parse_pointer(fragment).unwrap_or_default();
                format!("'#{fragment}' does not exist @ '{}'", target.display())
            }
        } else {
            // A remote reference: the loader's own words.
            path = site.path.clone();
            err.message.clone()
        };
        // Spectral fails once per remote document (its fetch error names the URL without
        // the fragment), so further refs into that document add nothing.
        let key = if err.kind == ErrorKind::RemoteRefDisabled {
            format!("remote\u{0}{file_part}")
        } else {
            message.clone()
        };
        if !messages.insert(key) {
            continue;
        }
        path.push("$ref".into());
        let range = match own.locate(&path) {
            Some(l) => spectral_range(own, l.node, l.key_span),
            None => Range::default(),
        };
        // A file that cannot be read is reported in the file whose `$ref` names it (the
        // resolver's URI stack), a missing pointer in the linted file; either way the
        // range is looked up in the linted file.
        let names_a_file = !local && !fragment_missing;
        let source = if names_a_file {
            spec.file(site.file)
        } else {
            own
        };
        out.push(Finding {
            source: source.name.clone(),
            file: source.path.clone(),
            ..document_error(source, "invalid-ref", message, path, range)
        });
    }
    out
}

/// Fills a message template as Spectral does: `{{name}}` is the variable as JavaScript's
/// `String()` prints it (`error`, `description`, `path`, `property`, `value`; anything else
/// is empty), and `#{{...}}` an expression of them: `print("property")`, `print("value")`,
/// string literals, `+` and `.toUpperCase()`. Without a `message` the description is used,
/// else the function's message.
fn render_message(
    rule: &Rule,
    error: &str,
    path: &[String],
    missing: Option<&str>,
    value: &Val<'_>,
) -> String {
    let property = match missing {
        Some(m) => m,
        None => path.last().map(String::as_str).unwrap_or(""),
    };
    let fill = |template: &str, error: &str| -> String {
        let var = |name: &str| -> Option<String> {
            Some(match name {
                "error" => error.to_string(),
                "description" => rule.description.clone().unwrap_or_else(|| "null".into()),
                "path" => specwright_document::pointer::to_fragment(path),
                "property" => property.to_string(),
                "value" => crate::oas::util::js_string(value),
                _ => return None,
            })
        };
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(i) = rest.find("{{") {
            let evaluated = rest[..i].ends_with('#');
            out.push_str(&rest[..if evaluated { i - 1 } else { i }]);
            let after = &rest[i + 2..];
            let Some(j) = after
                .find("}}")
                .filter(|&j| !after[..j].contains(['}', '\n']))
            else {
                out.push_str(&rest[i..i + 2]);
                rest = after;
                continue;
            };
            let inner = after[..j].trim();
            if evaluated {
                out.push_str(&evaluate(inner, &var, property, value).unwrap_or_default());
            } else {
                out.push_str(&var(inner).unwrap_or_default());
            }
            rest = &after[j + 2..];
        }
        out.push_str(rest);
        out
    };
    // Spectral fills the function's own message first (a schema's `errorMessage` may say
    // `{{property}}`), then the rule's template with it as `{{error}}`.
    let error = if error.contains("{{") {
        fill(error, error)
    } else {
        error.to_string()
    };
    let template = match (&rule.message, &rule.description) {
        (Some(m), _) => m.as_str(),
        (None, Some(d)) => d.as_str(),
        (None, None) => return error,
    };
    if !template.contains("{{") {
        return template.to_string();
    }
    fill(template, &error)
}

/// A `#{{...}}` expression of message variables; `None` where Spectral's evaluator fails
/// (an unknown name or a form this subset lacks), which prints nothing.
fn evaluate(
    expr: &str,
    var: &dyn Fn(&str) -> Option<String>,
    property: &str,
    value: &Val<'_>,
) -> Option<String> {
    let mut out = String::new();
    for term in expr.split('+') {
        let mut term = term.trim();
        let upper = match term.strip_suffix(".toUpperCase()") {
            Some(t) => {
                term = t.trim();
                true
            }
            None => false,
        };
        let text = if let Some(arg) = term
            .strip_prefix("print(")
            .and_then(|a| a.strip_suffix(')'))
        {
            match unquote(arg.trim())? {
                "property" => print_property(property),
                "value" => print_value(value),
                other => var(other).unwrap_or_default(),
            }
        } else if let Some(literal) = unquote(term) {
            literal.to_string()
        } else {
            var(term)?
        };
        out.push_str(&if upper { text.to_uppercase() } else { text });
    }
    Some(out)
}

fn unquote(s: &str) -> Option<&str> {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
}

/// `{{property}}` for a finding about a property that does not exist: Spectral prints the
/// asked path from the last existing segment on, dotted (`info.contact`, `get.x-id`).
fn missing_property(asked: &[String], matched: usize) -> Option<String> {
    if matched >= asked.len() {
        return None;
    }
    let from = matched.checked_sub(1).unwrap_or(asked.len() - 1);
    Some(asked[from..].join("."))
}

/// Functions begin a message about a target with `"name" property ` from the target's own
/// path; Spectral fills that `#{{print("property")}}` only after the path is cut to what
/// exists, so a missing target is named like `{{property}}` (`"info.termsOfService" property`).
fn reprint_property(message: String, last: &str, missing: &str) -> String {
    match message.strip_prefix(&print_property(last)) {
        Some(rest) if last != missing => format!("{}{rest}", print_property(missing)),
        _ => message,
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        if b.is_ascii_whitespace() {
            continue;
        }
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_of_the_base_with_dot_dot() {
        let r = |b: &str, f: &str| relative_to(FsPath::new(b), FsPath::new(f));
        assert_eq!(
            r("/w/rules", "/w/specs/a.yaml"),
            PathBuf::from("../specs/a.yaml")
        );
        assert_eq!(r("/w", "/w/specs/a.yaml"), PathBuf::from("specs/a.yaml"));
        assert_eq!(r("/w/x/./y/..", "/w/x/a.yaml"), PathBuf::from("a.yaml"));
    }

    #[test]
    fn missing_properties_print_from_the_last_existing_segment() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            missing_property(&p(&["info", "contact"]), 1).as_deref(),
            Some("info.contact")
        );
        assert_eq!(missing_property(&p(&["info", "contact"]), 2), None);
        assert_eq!(
            missing_property(&p(&["a", "b", "c"]), 1).as_deref(),
            Some("a.b.c")
        );
        assert_eq!(missing_property(&p(&["x"]), 0).as_deref(), Some("x"));
        assert_eq!(
            reprint_property(
                "\"contact\" property must be truthy".into(),
                "contact",
                "info.contact"
            ),
            "\"info.contact\" property must be truthy"
        );
        assert_eq!(
            reprint_property("must be truthy".into(), "contact", "info.contact"),
            "must be truthy"
        );
    }

    /// The studio's re-lint after edits (one linter, plans and verdicts remembered from
    /// earlier lints, walks shared by two threads) finds exactly what a first lint of the
    /// edited text by a new linter finds.
    #[test]
    fn relint_after_edits_equals_full_lint() {
        let linter = || {
            let registry = FunctionRegistry::with_core();
            let rs = Ruleset::from_text("r.yaml", "extends: [spectral:oas]\n", None, &registry)
                .expect("spectral:oas");
            Linter::new(rs, registry).expect("compiles")
        };
        let text = include_str!("../benches/fixtures/commerce-100k.yaml");
        let path = FsPath::new("/tmp/relint/commerce.yaml");
        let options = LoadOptions::default();
        let studio = linter();
        let first = studio.lint_text(path, text, &options).expect("lints");
        assert!(!first.is_empty());
        let at = text.find("description: ").expect("a description") + 13;
        let edits = [
            format!("{}Edited {}", &text[..at], &text[at..]),
            text.replacen("type: string", "type: strin", 1),
            // An example that no longer fits its (shared) schema, and a broken reference.
            text.replacen(
                "enum: [active, archived, deleted]",
                "enum: [active, 3, active]",
                1,
            ),
            text.replacen(
                "#/components/schemas/AccountInput'",
                "#/components/schemas/Nope'",
                1,
            ),
            text.to_string(),
        ];
        for edited in &edits {
            let again = studio.lint_text(path, edited, &options).expect("relints");
            let fresh = linter().lint_text(path, edited, &options).expect("lints");
            assert_eq!(again, fresh);
        }
        assert_eq!(
            studio.lint_text(path, text, &options).expect("relints"),
            first
        );
    }

    #[test]
    fn lodash_paths() {
        assert_eq!(lodash_path("info.contact"), ["info", "contact"]);
        assert_eq!(lodash_path("a[0].b['c.d']"), ["a", "0", "b", "c.d"]);
        assert_eq!(lodash_path("x-foo"), ["x-foo"]);
    }

    fn spectral_oas_linter(ruleset: &str) -> Linter {
        let registry = FunctionRegistry::with_core();
        let rs = Ruleset::from_text("r.yaml", ruleset, None, &registry).expect("ruleset");
        Linter::new(rs, registry).expect("compiles")
    }

    /// A spec written to its own temporary folder (removed on drop).
    struct TempSpec(PathBuf);

    impl TempSpec {
        fn new(name: &str, text: &str) -> TempSpec {
            let dir = std::env::temp_dir()
                .join(format!("specwright-early-{}-{name}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("temp dir");
            let path = dir.join(name);
            std::fs::write(&path, text).expect("written");
            TempSpec(path)
        }
    }

    impl Drop for TempSpec {
        fn drop(&mut self) {
            if let Some(dir) = self.0.parent() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }

    /// Linting a file checks its entry tree against the OpenAPI schema while the spec
    /// loads; the findings are exactly those of a lint of the loaded spec.
    #[test]
    fn the_early_document_check_finds_what_the_lint_finds() {
        let linter = spectral_oas_linter("extends: [spectral:oas]\n");
        let specs = [
            ("commerce.yaml", include_str!("../benches/fixtures/commerce-100k.yaml").to_string()),
            (
                "broken30.yaml",
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: 5}\n        nope: {}\n      parameters:\n        - {name: q, in: body}\n".to_string(),
            ),
            (
                "broken20.yaml",
                "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n      bogus: 1\n".to_string(),
            ),
            (
                "broken31.yaml",
                "openapi: 3.1.0\ninfo: {title: t}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n      x: 1\n".to_string(),
            ),
        ];
        let options = LoadOptions::default();
        for (name, text) in specs {
            let spec = TempSpec::new(name, &text);
            let loaded = Spec::load(&spec.0, &options).expect("loads");
            let (sender, early) = EarlyLint::channel();
            linter.lint_early(&spec.0, &loaded.root().root, sender);
            assert!(
                early.document_schema.try_recv().is_ok(),
                "{name}: checked early"
            );
            let plain = linter.lint(&loaded).expect("lints");
            let overlapped = linter.lint_file(&spec.0, &options).expect("lints");
            assert_eq!(
                serde_json::to_string(&overlapped).unwrap(),
                serde_json::to_string(&plain).unwrap(),
                "{name}"
            );
            if name != "commerce.yaml" {
                assert!(plain.iter().any(|f| f.code.ends_with("-schema")), "{name}");
            }
        }
    }

    /// The check at the root reports what the early check found, rather than checking
    /// again; a ruleset without the check does not make it early.
    #[test]
    fn the_root_check_reports_the_early_findings() {
        let linter = spectral_oas_linter("extends: [spectral:oas]\n");
        let spec = TempSpec::new(
            "ok.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        );
        let loaded = Spec::load(&spec.0, &LoadOptions::default()).expect("loads");
        let (sender, planted) = EarlyLint::channel();
        sender
            .0
            .send(vec![FunctionResult::new("planted by the test")])
            .unwrap();
        let found = linter.lint_with(&loaded, Some(planted)).expect("lints");
        assert!(
            found
                .iter()
                .any(|f| f.code == "oas3-schema" && f.message.starts_with("planted by the test")),
            "{found:?}"
        );
        let without = spectral_oas_linter(
            "extends: [spectral:oas]\nrules:\n  oas3-schema: off\n  oas2-schema: off\n",
        );
        let (sender, early) = EarlyLint::channel();
        without.lint_early(&spec.0, &loaded.root().root, sender);
        assert!(early.document_schema.try_recv().is_err());
    }
}
