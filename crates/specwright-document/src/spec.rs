//! A spec and every file it references: loading, root confinement and `$ref` resolution.
//!
//! The tree of each file is kept as written. `$ref`s are not expanded in place (that would
//! blow up large specs and cannot represent cycles); instead every distinct reference is
//! resolved once to a [`Target`] and [`Cursor`] follows references on demand, so a resolved
//! node always knows the file and span it came from.

use crate::error::{ErrorKind, LoadError};
use crate::kind::SpecKind;
use crate::node::{Member, Node, Value};
use crate::parse::{parse_bytes, parse_bytes_as, ParseLimits, ParseWarning, Role, Syntax};
use crate::pointer::{parse_pointer, to_pointer, PathSeg};
use crate::text::{LineIndex, Position, Range, Span};
use hashbrown::HashTable;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Index of a file in [`Spec::files`]; the spec's own file is always `FileId(0)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

impl FileId {
    pub const ROOT: FileId = FileId(0);
}

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    pub limits: ParseLimits,
    /// Files may only be read below this folder. Default: the enclosing git work tree,
    /// else the spec's own folder.
    pub root: Option<PathBuf>,
    /// Follow `http://` and `https://` refs. Off by default: a spec must not make the
    /// studio fetch from the network unless the user asked. Needs the `remote` feature.
    pub allow_remote: bool,
    /// Most files one spec may pull in.
    pub max_files: Option<usize>,
    /// Unsaved editor buffers, used instead of the file on disk (keys are absolute paths).
    pub overlays: HashMap<PathBuf, String>,
}

pub struct SourceFile {
    pub id: FileId,
    /// Absolute, normalised path (or a URL for remote files).
    pub path: PathBuf,
    /// How the file is named in messages: relative to the current folder when below it.
    pub name: String,
    pub text: String,
    pub lines: LineIndex,
    /// Shared, so that work on it can start on another thread while the rest of the
    /// spec loads (see [`Spec::load_beside`]).
    pub root: Arc<Node>,
    pub syntax: Syntax,
    pub warnings: Vec<ParseWarning>,
}

impl SourceFile {
    pub fn range(&self, span: Span) -> Range {
        self.lines.range(&self.text, span)
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    /// The node at a path (raw, no `$ref` followed), with the span of its key when it has one.
    pub fn locate<S: AsRef<str>>(&self, path: &[S]) -> Option<Located<'_>> {
        locate(&self.root, path)
    }

    /// The range of the value at `path`, or `None` when there is no such node.
    pub fn range_of<S: AsRef<str>>(&self, path: &[S]) -> Option<Range> {
        self.locate(path).map(|l| self.range(l.node.span))
    }

    /// The path of the innermost node (key or value) at a position: the reverse of [`Self::range_of`].
    pub fn path_at(&self, pos: Position) -> Vec<String> {
        let Some(offset) = self.lines.offset(&self.text, pos) else {
            return Vec::new();
        };
        path_at_offset(&self.root, offset)
    }
}

/// A node found by path, and the span of the key that names it (none for array items and
/// the root).
pub struct Located<'a> {
    pub node: &'a Node,
    pub key_span: Option<Span>,
}

pub fn locate<'a, S: AsRef<str>>(root: &'a Node, path: &[S]) -> Option<Located<'a>> {
    let mut node = root;
    let mut key_span = None;
    for seg in path {
        let seg = seg.as_ref();
        match &node.value {
            Value::Object(o) => {
                let m = o.member(seg)?;
                key_span = Some(m.key_span);
                node = &m.value;
            }
            Value::Array(a) => {
                node = a.get(crate::node::parse_index(seg)?)?;
                key_span = None;
            }
            _ => return None,
        }
    }
    Some(Located { node, key_span })
}

fn path_at_offset(root: &Node, offset: usize) -> Vec<String> {
    let mut path = Vec::new();
    let mut node = root;
    'descend: loop {
        match &node.value {
            Value::Object(o) => {
                for m in &o.members {
                    if m.key_span.contains(offset) || m.value.span.contains(offset) {
                        path.push(m.key.to_string());
                        node = &m.value;
                        continue 'descend;
                    }
                }
            }
            Value::Array(a) => {
                for (i, item) in a.iter().enumerate() {
                    if item.span.contains(offset) {
                        path.push(i.to_string());
                        node = item;
                        continue 'descend;
                    }
                }
            }
            _ => {}
        }
        return path;
    }
}

/// Where a `$ref` points: a file of the spec and a path inside it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    pub file: FileId,
    pub path: Vec<String>,
}

/// One place a `$ref` is written, and what it resolves to.
#[derive(Clone, Debug)]
pub struct RefSite {
    pub file: FileId,
    /// Path of the reference object (the object holding `$ref`).
    pub path: Vec<String>,
    pub reference: String,
    /// Boxed: errors are rare, and an inline error would double the size of every site.
    pub target: Result<Target, Box<LoadError>>,
    /// Written inside an object that has a `$ref` of its own (`{$ref: a, description:
    /// {$ref: b}}`): a resolver that replaces that object by its target never meets it.
    pub under_ref: bool,
}

pub struct Spec {
    pub files: Vec<SourceFile>,
    pub kind: SpecKind,
    pub version: Option<String>,
    /// Every `$ref` in every file, in load order.
    pub refs: Vec<RefSite>,
    /// Targets that reach themselves again through references, found when first asked
    /// (see [`Spec::circular`]).
    circular: std::sync::OnceLock<HashSet<Target>>,
    /// Folder that file refs are confined to.
    pub root_dir: PathBuf,
    /// Files by path. Hash tables of indices rather than maps with owned keys: a
    /// multi-file spec has thousands of files and refs, and owned keys would copy every
    /// path and reference string once more.
    by_path: HashTable<FileId>,
    /// (file, reference string) -> index into `refs` of its first site.
    ref_index: HashTable<usize>,
}

/// foldhash with a fixed seed, so a hash computed now matches one computed later. SipHash and
/// `Path`'s component-wise `Hash` were a tenth of loading a 2,850-file spec.
fn hash_one<T: Hash + ?Sized>(v: &T) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(v)
}

fn ref_key_hash(file: FileId, reference: &str) -> u64 {
    hash_one(&(file, reference))
}

/// Paths are keyed by their bytes: every stored path went through [`normalize`], so equal
/// files have equal bytes.
fn path_hash(path: &Path) -> u64 {
    hash_one(path.as_os_str().as_encoded_bytes())
}

fn find_file(table: &HashTable<FileId>, files: &[SourceFile], path: &Path) -> Option<FileId> {
    table
        .find(path_hash(path), |&id| {
            files[id.0 as usize].path.as_os_str() == path.as_os_str()
        })
        .copied()
}

/// The folder a spec's file refs are confined to: `options.root`, else the enclosing git
/// work tree, else the spec's own folder.
fn root_dir_for(abs: &Path, options: &LoadOptions) -> Result<PathBuf, LoadError> {
    let folder = abs.parent().map(Path::to_path_buf).unwrap_or_default();
    let root_dir = match &options.root {
        Some(r) => absolute(r)
            .map_err(|e| LoadError::new(ErrorKind::Io, r.display().to_string(), e.to_string()))?,
        None => git_work_tree(&folder).unwrap_or(folder),
    };
    Ok(canonical_or_self(&root_dir))
}

/// What [`Spec::with_edit`] did: loaded the edited text from the spec, or nothing, giving
/// the spec back.
enum Edited {
    Loaded(Result<Spec, LoadError>),
    Unchanged(Spec),
}

/// The last loaded version of an editor buffer's spec, kept so that loading the next
/// version re-parses only the entry an edit is in (see `reparse`): most of re-linting a
/// large spec after a keystroke was parsing it again.
#[derive(Default)]
pub struct EditCache {
    /// The spec, and the limits it was parsed under: its tree only stands for a parse
    /// under the same limits.
    last: Option<(Spec, ParseLimits)>,
}

impl EditCache {
    /// Loads `text` as the spec at `path`, like [`Spec::from_text`], from the version
    /// kept by [`EditCache::keep`] when there is one. The kept version stays when the text
    /// does not load, so typing through a syntax error still re-parses little.
    pub fn load(
        &mut self,
        path: &Path,
        text: &str,
        options: &LoadOptions,
    ) -> Result<Spec, LoadError> {
        let abs = absolute(path).map_err(|e| {
            LoadError::new(ErrorKind::Io, path.display().to_string(), e.to_string())
        })?;
        let last = match self.last.take() {
            Some((last, limits)) if limits == options.limits => last,
            other => {
                if let Some((old, _)) = other {
                    let bytes = old.text_bytes();
                    crate::drop_large(old, bytes);
                }
                return Spec::from_text(&abs, text, options);
            }
        };
        let last = match last.with_edit(&abs, text, options) {
            Edited::Loaded(loaded) => return loaded,
            Edited::Unchanged(last) => last,
        };
        match Spec::from_text(&abs, text, options) {
            Ok(spec) => {
                let bytes = last.text_bytes();
                crate::drop_large(last, bytes);
                Ok(spec)
            }
            Err(e) => {
                self.last = Some((last, options.limits.clone()));
                Err(e)
            }
        }
    }

    /// Keeps a spec loaded under `options` as the version the next [`EditCache::load`]
    /// starts from.
    pub fn keep(&mut self, spec: Spec, options: &LoadOptions) {
        if let Some((old, _)) = self.last.replace((spec, options.limits.clone())) {
            let bytes = old.text_bytes();
            crate::drop_large(old, bytes);
        }
    }
}

impl Spec {
    /// Loads a spec from disk with every file it references.
    pub fn load(path: &Path, options: &LoadOptions) -> Result<Spec, LoadError> {
        let (abs, bytes) = Self::read_entry(path, options)?;
        Self::build(abs, bytes, options)
    }

    /// [`Spec::load`], starting `beside` on a thread of `scope` with the entry file's tree
    /// as soon as it is parsed, while the rest of the load (its references, the files they
    /// name) goes on. The caller starts early the work that needs only that tree: the
    /// whole-document schema check of a 4 MB spec is its lint's longest single task, and
    /// the rest of the load left the second core idle. `beside` is not called when the
    /// entry file does not parse; its thread is joined when `scope` ends.
    pub fn load_beside<'scope>(
        path: &Path,
        options: &LoadOptions,
        scope: &'scope std::thread::Scope<'scope, '_>,
        beside: impl FnOnce(&Node) + Send + 'scope,
    ) -> Result<Spec, LoadError> {
        let (abs, bytes) = Self::read_entry(path, options)?;
        Self::build_beside(abs, bytes, options, |root| {
            let root = Arc::clone(root);
            scope.spawn(move || beside(&root));
        })
    }

    /// The absolute path of a spec to load, and its bytes (an overlay's, else the file's).
    fn read_entry(path: &Path, options: &LoadOptions) -> Result<(PathBuf, Vec<u8>), LoadError> {
        let abs = absolute(path).map_err(|e| {
            LoadError::new(ErrorKind::Io, path.display().to_string(), e.to_string())
        })?;
        let bytes = match options.overlays.get(&abs) {
            Some(t) => t.clone().into_bytes(),
            None => std::fs::read(&abs).map_err(|e| {
                LoadError::new(
                    ErrorKind::Io,
                    display_name(&abs),
                    format!("cannot read: {e}"),
                )
            })?,
        };
        Ok((abs, bytes))
    }

    /// Loads a spec from an in-memory buffer (the editor's unsaved text). `path` names the
    /// buffer and anchors its relative refs; it need not exist on disk.
    pub fn from_text(path: &Path, text: &str, options: &LoadOptions) -> Result<Spec, LoadError> {
        let abs = absolute(path).map_err(|e| {
            LoadError::new(ErrorKind::Io, path.display().to_string(), e.to_string())
        })?;
        Self::build(abs, text.as_bytes().to_vec(), options)
    }

    fn build(abs: PathBuf, bytes: Vec<u8>, options: &LoadOptions) -> Result<Spec, LoadError> {
        Self::build_beside(abs, bytes, options, |_| {})
    }

    /// [`Spec::build`], calling `start` with the entry file's tree once it is parsed.
    fn build_beside(
        abs: PathBuf,
        bytes: Vec<u8>,
        options: &LoadOptions,
        start: impl FnOnce(&Arc<Node>),
    ) -> Result<Spec, LoadError> {
        let root_dir = root_dir_for(&abs, options)?;
        let name = display_name(&abs);
        let (text, lines, parsed) = parse_bytes_as(&name, bytes, &options.limits, Role::Entry)?;
        let parsed = ParsedFile::from(parsed);
        start(&parsed.root);
        Self::assemble(root_dir, abs, name, text, lines, parsed, options)
    }

    /// This spec with its own file's text replaced by an edited `text`, re-parsing only
    /// the entry the edit is in (see `reparse`). Gives the spec back when that cannot be
    /// done; the other files are read again as on any load.
    fn with_edit(mut self, abs: &Path, text: &str, options: &LoadOptions) -> Edited {
        let own = &self.files[0];
        if own.path != abs
            || own.syntax != Syntax::Yaml
            || own.warnings.iter().any(|w| w.key_type.is_none())
        {
            return Edited::Unchanged(self);
        }
        let lines = LineIndex::new(text);
        let warnings = if own.text != text {
            let Some(edit) = crate::reparse::plan(
                &own.name,
                &own.text,
                &own.lines,
                &own.root,
                &own.warnings,
                text,
                &lines,
                &options.limits,
            ) else {
                return Edited::Unchanged(self);
            };
            let old_warnings = std::mem::take(&mut self.files[0].warnings);
            // The studio's kept spec holds the only handle on its tree, so no copy is made
            // (a copy of a 4 MB spec's tree on every keystroke would be the whole re-lint).
            debug_assert_eq!(Arc::strong_count(&self.files[0].root), 1);
            let root = Arc::make_mut(&mut self.files[0].root);
            crate::reparse::apply(root, edit, &old_warnings)
        } else {
            std::mem::take(&mut self.files[0].warnings)
        };
        let root_dir = match root_dir_for(abs, options) {
            Ok(r) => r,
            Err(e) => return Edited::Loaded(Err(e)),
        };
        let mut files = std::mem::take(&mut self.files);
        let own = files.swap_remove(0);
        crate::drop_large((files, self), text.len());
        let parsed = ParsedFile {
            root: own.root,
            syntax: Syntax::Yaml,
            warnings,
        };
        Edited::Loaded(Self::assemble(
            root_dir,
            abs.to_path_buf(),
            own.name,
            text.to_string(),
            lines,
            parsed,
            options,
        ))
    }

    /// A spec from its parsed own file: reads the files it references and resolves refs.
    fn assemble(
        root_dir: PathBuf,
        abs: PathBuf,
        name: String,
        text: String,
        lines: LineIndex,
        parsed: ParsedFile,
        options: &LoadOptions,
    ) -> Result<Spec, LoadError> {
        let mut loader = Loader {
            options,
            root_dir: root_dir.clone(),
            files: Vec::new(),
            by_path: HashTable::new(),
            canonical_dirs: hashbrown::HashMap::new(),
        };
        loader.add_file(abs, name, text, lines, parsed);
        let (kind, version) = SpecKind::detect(&loader.files[0].root);

        // Breadth-first over files: resolve each file's refs, loading new files as found.
        let mut refs = Vec::new();
        let mut ref_index: HashTable<usize> = HashTable::new();
        let mut next = 0;
        let mut prefetched_up_to = 0;
        let mut wave_sites = std::collections::VecDeque::new();
        while next < loader.files.len() {
            if next == prefetched_up_to {
                // Files the next wave of refs needs are read and parsed in parallel.
                prefetched_up_to = loader.files.len();
                wave_sites = loader.prefetch(next..prefetched_up_to)?.into();
                refs.reserve_exact(wave_sites.iter().map(Vec::len).sum());
            }
            let file = FileId(next as u32);
            let sites = wave_sites.pop_front().unwrap_or_default();
            for (path, reference, under_ref) in sites {
                let h = ref_key_hash(file, &reference);
                let first = ref_index
                    .find(h, |&i| {
                        let r: &RefSite = &refs[i];
                        r.file == file && r.reference == reference
                    })
                    .copied();
                let target = match first {
                    Some(i) => refs[i].target.clone(),
                    None => {
                        let t = loader.resolve(file, &path, &reference).map_err(Box::new);
                        let at = refs.len();
                        ref_index.insert_unique(h, at, |&i| {
                            let r: &RefSite = &refs[i];
                            ref_key_hash(r.file, &r.reference)
                        });
                        t
                    }
                };
                refs.push(RefSite {
                    file,
                    path,
                    reference,
                    target,
                    under_ref,
                });
            }
            next += 1;
        }
        let spec = Spec {
            files: loader.files,
            kind,
            version,
            refs,
            circular: std::sync::OnceLock::new(),
            root_dir,
            by_path: loader.by_path,
            ref_index,
        };
        Ok(spec)
    }

    pub fn root(&self) -> &SourceFile {
        &self.files[0]
    }

    /// Targets that reach themselves again through references (recursive schemas and
    /// reference loops). Worked out on first use: linting and translating never ask, and
    /// it was 0.7 ms of a Stripe load that nothing else could overlap.
    pub fn circular(&self) -> &HashSet<Target> {
        self.circular.get_or_init(|| self.find_circular_targets())
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file a reference written in `from` names, when it names a local file.
    pub fn ref_file_path(&self, from: FileId, reference: &str) -> Option<PathBuf> {
        local_ref_path(&self.file(from).path, reference)
    }

    pub fn file_by_path(&self, path: &Path) -> Option<&SourceFile> {
        find_file(&self.by_path, &self.files, path)
            .or_else(|| find_file(&self.by_path, &self.files, &normalize(path)))
            .map(|id| self.file(id))
    }

    /// Ref errors (missing files or pointers, refused files), one per distinct reference.
    pub fn ref_errors(&self) -> impl Iterator<Item = (&RefSite, &LoadError)> {
        let mut seen = HashSet::new();
        self.refs.iter().filter_map(move |r| match &r.target {
            Err(e) if seen.insert((r.file, r.reference.as_str())) => Some((r, &**e)),
            _ => None,
        })
    }

    /// What a reference string written in `file` resolves to.
    pub fn target_of(
        &self,
        file: FileId,
        reference: &str,
    ) -> Option<&Result<Target, Box<LoadError>>> {
        self.ref_index
            .find(ref_key_hash(file, reference), |&i| {
                self.refs[i].file == file && self.refs[i].reference == reference
            })
            .map(|&i| &self.refs[i].target)
    }

    /// A cursor at the root of the spec's own file.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            spec: self,
            file: FileId::ROOT,
            node: &self.files[0].root,
            path: Vec::new(),
        }
    }

    /// A cursor at a path of a file, following references along the way.
    pub fn cursor_at<S: AsRef<str>>(&self, file: FileId, path: &[S]) -> Option<Cursor<'_>> {
        let mut c = Cursor {
            spec: self,
            file,
            node: &self.file(file).root,
            path: Vec::new(),
        };
        for seg in path {
            c = c.get(seg.as_ref())?;
        }
        Some(c)
    }

    /// The node a target names, without following further references.
    pub fn node(&self, target: &Target) -> Option<&Node> {
        self.file(target.file).locate(&target.path).map(|l| l.node)
    }

    /// Targets that lead back to themselves through the references inside them.
    fn find_circular_targets(&self) -> HashSet<Target> {
        // Refs per file sorted by path, so "refs inside a target's subtree" is a prefix scan.
        // Indices are u32 and edges a flat list: this runs on every load, and multi-file
        // specs have ten thousand refs.
        // One sorted list rather than a list per file: multi-file specs have thousands of
        // files, and a vector each was most of this search's memory.
        let mut sorted: Vec<u32> = (0..self.refs.len() as u32).collect();
        sorted.sort_by(|&a, &b| {
            let (a, b) = (&self.refs[a as usize], &self.refs[b as usize]);
            (a.file, &a.path).cmp(&(b.file, &b.path))
        });
        // Graph over distinct targets: t -> targets of refs inside t.
        let mut ids: HashMap<&Target, u32> = HashMap::new();
        let mut targets: Vec<&Target> = Vec::new();
        for r in &self.refs {
            if let Ok(t) = &r.target {
                ids.entry(t).or_insert_with(|| {
                    targets.push(t);
                    targets.len() as u32 - 1
                });
            }
        }
        let mut offsets = Vec::with_capacity(targets.len() + 1);
        let mut flat: Vec<u32> = Vec::new();
        offsets.push(0u32);
        for t in &targets {
            let from = flat.len();
            let start = sorted.partition_point(|&i| {
                let r = &self.refs[i as usize];
                (r.file, r.path.as_slice()) < (t.file, t.path.as_slice())
            });
            for &i in sorted[start..].iter().take_while(|&&i| {
                let r = &self.refs[i as usize];
                r.file == t.file && r.path.starts_with(&t.path)
            }) {
                if let Ok(t2) = &self.refs[i as usize].target {
                    flat.push(ids[t2]);
                }
            }
            flat[from..].sort_unstable();
            let mut kept = from;
            for k in from..flat.len() {
                if k == from || flat[k] != flat[kept - 1] {
                    flat[kept] = flat[k];
                    kept += 1;
                }
            }
            flat.truncate(kept);
            offsets.push(flat.len() as u32);
        }
        drop((ids, sorted));
        let succ = |v: usize| &flat[offsets[v] as usize..offsets[v + 1] as usize];
        let mut circular = HashSet::new();
        tarjan(targets.len(), succ, |scc| {
            if scc.len() > 1 || succ(scc[0] as usize).contains(&scc[0]) {
                for &v in scc {
                    circular.insert(targets[v as usize].clone());
                }
            }
        });
        circular
    }

    /// The spec as one JSON document: refs within the spec's own file are kept, refs into
    /// other files are inlined; a reference loop through other files is hoisted into
    /// `components/schemas` (or `definitions` for Swagger 2.0) so the result stays finite.
    pub fn bundle(&self) -> serde_json::Value {
        crate::bundle::bundle(self)
    }
}

/// Iterative Tarjan: strongly connected components of a graph of `n` nodes, given by a
/// successor function. Each component goes to `on_component` as it is found, so no list of
/// them (one per node, mostly singletons) is held.
fn tarjan<'g>(n: usize, succ: impl Fn(usize) -> &'g [u32], mut on_component: impl FnMut(&[u32])) {
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut comp = Vec::new();
    let mut counter = 0u32;
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        let mut work: Vec<(u32, u32)> = vec![(start as u32, 0)];
        while let Some((v, ei)) = work.pop() {
            let vu = v as usize;
            if ei == 0 {
                index[vu] = counter;
                low[vu] = counter;
                counter += 1;
                stack.push(v);
                on_stack[vu] = true;
            }
            if let Some(&w) = succ(vu).get(ei as usize) {
                work.push((v, ei + 1));
                let wu = w as usize;
                if index[wu] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[wu] {
                    low[vu] = low[vu].min(index[wu]);
                }
                continue;
            }
            if low[vu] == index[vu] {
                comp.clear();
                loop {
                    let w = stack.pop().expect("v is on the stack");
                    on_stack[w as usize] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                on_component(&comp);
            }
            if let Some(&(parent, _)) = work.last() {
                let pu = parent as usize;
                low[pu] = low[pu].min(low[vu]);
            }
        }
    }
}

/// All `{"$ref": "<string>"}` objects under a node, with their paths (depth first). Recursion depth is bounded by the
/// parser's nesting limit. The path is kept as borrowed segments and only turned into strings
/// at a ref: most containers hold no ref, and allocating a key per container was a seventh of
/// loading Stripe.
fn collect_refs<'n>(
    node: &'n Node,
    path: &mut Vec<PathSeg<'n>>,
    under_ref: bool,
    out: &mut RefSites,
) {
    match &node.value {
        Value::Object(o) => {
            let mut under = under_ref;
            if let Some(r) = o.get("$ref").and_then(Node::as_str) {
                out.push((
                    path.iter().map(PathSeg::to_owned_string).collect(),
                    r.to_string(),
                    under_ref,
                ));
                under = true;
            }
            collect_member_refs(&o.members, path, under, out);
        }
        Value::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                if matches!(item.value, Value::Object(_) | Value::Array(_)) {
                    path.push(PathSeg::Index(i));
                    collect_refs(item, path, under_ref, out);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// [`collect_refs`] below each of an object's `members`.
fn collect_member_refs<'n>(
    members: &'n [Member],
    path: &mut Vec<PathSeg<'n>>,
    under_ref: bool,
    out: &mut RefSites,
) {
    for m in members {
        if matches!(m.value.value, Value::Object(_) | Value::Array(_)) {
            path.push(PathSeg::Key(&m.key));
            collect_refs(&m.value, path, under_ref, out);
            path.pop();
        }
    }
}

/// A file at least this large has its refs collected on two threads.
const PARALLEL_REFS_BYTES: usize = 512 * 1024;

/// All `$ref` sites of a file's tree, in [`collect_refs`]'s order. A large file's root
/// members are cut in two runs of about equal text, walked on two threads and joined in
/// order: on a 4 MB spec this walk took 2 ms on one core while the other had nothing to do.
fn collect_file_refs(root: &Node) -> RefSites {
    let mut sites = Vec::new();
    let members = match &root.value {
        Value::Object(o)
            if root.span.len() >= PARALLEL_REFS_BYTES
                && root.ref_target().is_none()
                && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) =>
        {
            &o.members
        }
        _ => {
            collect_refs(root, &mut Vec::new(), false, &mut sites);
            return sites;
        }
    };
    let middle = root.span.start + root.span.len() as u32 / 2;
    let cut = members
        .iter()
        .position(|m| m.value.span.end >= middle)
        .map_or(members.len(), |i| i + 1);
    let collect = |members: &[Member]| {
        let mut sites = Vec::new();
        collect_member_refs(members, &mut Vec::new(), false, &mut sites);
        sites
    };
    let (first, second) = members.split_at(cut);
    std::thread::scope(|scope| {
        let later = scope.spawn(|| collect(second));
        sites = collect(first);
        match later.join() {
            Ok(more) => sites.extend(more),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    sites
}

struct Loader<'o> {
    options: &'o LoadOptions,
    root_dir: PathBuf,
    files: Vec<SourceFile>,
    by_path: HashTable<FileId>,
    /// Canonical form of each folder seen: multi-file specs keep thousands of files in a
    /// few hundred folders, and canonicalising every file costs a syscall per component.
    canonical_dirs: hashbrown::HashMap<PathBuf, PathBuf>,
}

/// The `$ref` sites of one file: (path of the object holding `$ref`, the reference).
/// Each `$ref` found in a file: (path of its object, the reference, whether it is under
/// another `$ref`'s object).
type RefSites = Vec<(Vec<String>, String, bool)>;

/// A parsed file's tree, shared (see [`SourceFile::root`]), with what its parse found.
struct ParsedFile {
    root: Arc<Node>,
    syntax: Syntax,
    warnings: Vec<ParseWarning>,
}

impl From<crate::parse::Parsed> for ParsedFile {
    fn from(p: crate::parse::Parsed) -> ParsedFile {
        ParsedFile {
            root: Arc::new(p.root),
            syntax: p.syntax,
            warnings: p.warnings,
        }
    }
}

/// A parsed file ready to join the spec.
type LoadedFile = (PathBuf, String, String, LineIndex, crate::parse::Parsed);

impl Loader<'_> {
    /// The real location of a file, following symlinks (so a link cannot escape the root).
    fn real_path(&mut self, path: &Path) -> PathBuf {
        let is_link = std::fs::symlink_metadata(path)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false);
        if is_link {
            return canonical_or_self(path);
        }
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return canonical_or_self(path);
        };
        let real_dir = self
            .canonical_dirs
            .entry(dir.to_path_buf())
            .or_insert_with(|| canonical_or_self(dir));
        real_dir.join(name)
    }

    /// The path a file reference written in `from` names, when it is a local file ref.
    fn local_ref_path(&self, from: FileId, reference: &str) -> Option<PathBuf> {
        local_ref_path(&self.files[from.0 as usize].path, reference)
    }

    /// Reads and parses, in parallel, the not-yet-loaded files that refs in `files` name
    /// and that may be read (inside the root, under the file limit). Anything else is left
    /// to [`Loader::resolve`], which reports it at the ref.
    /// Returns each file's ref sites, in order, so the caller need not walk the trees again.
    fn prefetch(&mut self, files: std::ops::Range<usize>) -> Result<Vec<RefSites>, LoadError> {
        // Wanted paths in discovery order (file ids follow it), indexed for the duplicate
        // check rather than copied into a set.
        let mut wanted: Vec<PathBuf> = Vec::new();
        let mut wanted_index: HashTable<usize> = HashTable::new();
        let mut all_sites = Vec::with_capacity(files.len());
        for i in files {
            let sites = collect_file_refs(&self.files[i].root);
            for (_, reference, _) in &sites {
                let Some(p) = self.local_ref_path(FileId(i as u32), reference) else {
                    continue;
                };
                if find_file(&self.by_path, &self.files, &p).is_some() {
                    continue;
                }
                let h = path_hash(&p);
                if wanted_index
                    .find(h, |&k| wanted[k].as_os_str() == p.as_os_str())
                    .is_none()
                {
                    wanted_index.insert_unique(h, wanted.len(), |&k| path_hash(&wanted[k]));
                    wanted.push(p);
                }
            }
            all_sites.push(sites);
        }
        let room = self
            .options
            .max_files
            .unwrap_or(10_000)
            .saturating_sub(self.files.len());
        let mut allowed = Vec::new();
        for p in wanted {
            if allowed.len() < room && self.real_path(&p).starts_with(&self.root_dir) {
                allowed.push(p);
            }
        }
        let options = self.options;
        let read_and_parse = |p: &PathBuf| -> Option<Result<LoadedFile, LoadError>> {
            let bytes = match options.overlays.get(p) {
                Some(t) => t.clone().into_bytes(),
                // Unreadable files are reported at the ref that names them.
                None => std::fs::read(p).ok()?,
            };
            let name = display_name(p);
            Some(
                parse_bytes(&name, bytes, &options.limits)
                    .map(|(text, lines, parsed)| (p.clone(), name, text, lines, parsed)),
            )
        };
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let loaded: Vec<Option<Result<LoadedFile, LoadError>>> =
            if workers == 1 || allowed.len() < 8 {
                allowed.iter().map(read_and_parse).collect()
            } else {
                // Each worker (this thread too) takes the next file until none is left: files
                // differ a hundredfold in size, and fixed halves left one core idle.
                let next = std::sync::atomic::AtomicUsize::new(0);
                let work = || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(p) = allowed.get(i) else {
                            return done;
                        };
                        done.push((i, read_and_parse(p)));
                    }
                };
                let mut slots: Vec<Option<Option<Result<LoadedFile, LoadError>>>> =
                    (0..allowed.len()).map(|_| None).collect();
                std::thread::scope(|scope| {
                    let helpers: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
                    let mine = work();
                    for (i, r) in helpers
                        .into_iter()
                        .flat_map(|h| h.join().unwrap_or_default())
                        .chain(mine)
                    {
                        slots[i] = Some(r);
                    }
                });
                // In path order, so file ids stay deterministic.
                slots.into_iter().flatten().collect()
            };
        // Exact growth: doubling slack on thousands of files would count against the spec.
        self.files.reserve_exact(loaded.len());
        for item in loaded.into_iter().flatten() {
            let (path, name, text, lines, parsed) = item?;
            self.add_file(path, name, text, lines, parsed.into());
        }
        Ok(all_sites)
    }

    fn add_file(
        &mut self,
        mut path: PathBuf,
        mut name: String,
        text: String,
        lines: LineIndex,
        parsed: ParsedFile,
    ) -> FileId {
        let id = FileId(self.files.len() as u32);
        // Kept for the life of the spec, thousands of them in multi-file specs.
        path.shrink_to_fit();
        name.shrink_to_fit();
        let files = &self.files;
        self.by_path.insert_unique(path_hash(&path), id, |&i| {
            path_hash(&files[i.0 as usize].path)
        });
        self.files.push(SourceFile {
            id,
            path,
            name,
            text,
            lines,
            root: parsed.root,
            syntax: parsed.syntax,
            warnings: parsed.warnings,
        });
        id
    }

    /// An error placed at the `$ref` written at `path` in `from`.
    fn site_error(&self, from: FileId, path: &[String], kind: ErrorKind, msg: String) -> LoadError {
        let f = &self.files[from.0 as usize];
        let offset = f
            .locate(path)
            .and_then(|l| l.node.get("$ref").map(|r| r.span.start as usize))
            .unwrap_or(0);
        LoadError::new(kind, f.name.clone(), msg).at(&f.text, &f.lines, offset)
    }

    /// Resolves one reference written at `path` in `from`, loading its file when needed.
    fn resolve(
        &mut self,
        from: FileId,
        path: &[String],
        reference: &str,
    ) -> Result<Target, LoadError> {
        let site_err =
            |this: &Self, kind: ErrorKind, msg: String| this.site_error(from, path, kind, msg);
        // By URI rules `''` names the file it is in, whole, which would nest the document in
        // itself: never what was meant, and Spectral fails on it too.
        if reference.is_empty() {
            return Err(site_err(
                self,
                ErrorKind::RefInvalid,
                "empty $ref: it names no target".to_string(),
            ));
        }
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, frag)) => (f, frag),
            None => (reference, ""),
        };
        let segments = parse_pointer(fragment).map_err(|m| {
            site_err(
                self,
                ErrorKind::RefInvalid,
                format!("invalid $ref `{reference}`: {m}"),
            )
        })?;
        let file = if file_part.is_empty() {
            from
        } else {
            let lower = file_part.to_ascii_lowercase();
            let from_remote = is_remote(&self.files[from.0 as usize].path);
            if lower.starts_with("http://") || lower.starts_with("https://") || from_remote {
                if !self.options.allow_remote {
                    return Err(site_err(
                        self,
                        ErrorKind::RemoteRefDisabled,
                        format!("remote $ref `{reference}` is not followed: remote refs are off (enable them explicitly)"),
                    ));
                }
                let url = match remote_url(&self.files[from.0 as usize].path, file_part) {
                    Ok(u) => u,
                    Err(m) => {
                        return Err(site_err(
                            self,
                            ErrorKind::RefInvalid,
                            format!("$ref `{reference}`: {m}"),
                        ))
                    }
                };
                let key = PathBuf::from(&url);
                let file = match find_file(&self.by_path, &self.files, &key) {
                    Some(id) => id,
                    None => {
                        let bytes = fetch(&url, self.options.limits.max_bytes).map_err(|m| {
                            site_err(
                                self,
                                ErrorKind::RefNotFound,
                                format!("$ref `{reference}`: {m}"),
                            )
                        })?;
                        let (text, lines, parsed) = parse_bytes(&url, bytes, &self.options.limits)?;
                        self.add_file(key, url.clone(), text, lines, parsed.into())
                    }
                };
                return self.check_target(from, path, reference, file, segments);
            }
            let Some(joined) = self.local_ref_path(from, reference) else {
                return Err(site_err(
                    self,
                    ErrorKind::RefInvalid,
                    format!("$ref `{reference}` names no file"),
                ));
            };
            match find_file(&self.by_path, &self.files, &joined) {
                Some(id) => id,
                None => {
                    let real = self.real_path(&joined);
                    if !real.starts_with(&self.root_dir) {
                        return Err(site_err(
                            self,
                            ErrorKind::RefOutsideRoot,
                            format!(
                                "$ref `{reference}` leaves the allowed root {} (widen it with --root)",
                                self.root_dir.display()
                            ),
                        ));
                    }
                    let max = self.options.max_files.unwrap_or(10_000);
                    if self.files.len() >= max {
                        return Err(site_err(
                            self,
                            ErrorKind::TooManyFiles,
                            format!("$ref `{reference}`: more than {max} files referenced"),
                        ));
                    }
                    let bytes = match self.options.overlays.get(&joined) {
                        Some(t) => t.clone().into_bytes(),
                        None => std::fs::read(&joined).map_err(|e| {
                            site_err(
                                self,
                                ErrorKind::RefNotFound,
                                format!(
                                    "$ref `{reference}`: cannot read {}: {e}",
                                    display_name(&joined)
                                ),
                            )
                        })?,
                    };
                    let name = display_name(&joined);
                    let (text, lines, parsed) = parse_bytes(&name, bytes, &self.options.limits)?;
                    self.add_file(joined, name, text, lines, parsed.into())
                }
            }
        };
        self.check_target(from, path, reference, file, segments)
    }

    /// The target of a reference, once its file is loaded: the pointer must lead somewhere.
    fn check_target(
        &self,
        from: FileId,
        path: &[String],
        reference: &str,
        file: FileId,
        segments: Vec<String>,
    ) -> Result<Target, LoadError> {
        let site_err =
            |this: &Self, kind: ErrorKind, msg: String| this.site_error(from, path, kind, msg);
        let root = &self.files[file.0 as usize].root;
        // `#/` names the member "" by the letter of RFC 6901; Spectral's resolver (and
        // everyone writing `other.yaml#/`) takes it for the whole document.
        let segments =
            if segments.len() == 1 && segments[0].is_empty() && locate(root, &segments).is_none() {
                Vec::new()
            } else {
                segments
            };
        let target = Target {
            file,
            path: segments,
        };
        if locate(root, &target.path).is_none() {
            // The pointer may pass through a reference (`a.yaml#/x/properties/y` where x is
            // itself a $ref); that is resolved lazily by cursors, so only check the file.
            if !passes_through_ref(root, &target.path) {
                return Err(site_err(
                    self,
                    ErrorKind::RefNotFound,
                    format!(
                        "$ref `{reference}`: nothing at `{}` in {}",
                        to_pointer(&target.path),
                        self.files[file.0 as usize].name
                    ),
                ));
            }
        }
        Ok(target)
    }
}

fn passes_through_ref(root: &Node, path: &[String]) -> bool {
    let mut node = root;
    for seg in path {
        if node.ref_target().is_some() {
            return true;
        }
        match node.child(seg) {
            Some(n) => node = n,
            None => return false,
        }
    }
    false
}

/// A position in the resolved view: a node, the file it is written in, and its path there.
#[derive(Clone)]
pub struct Cursor<'a> {
    pub spec: &'a Spec,
    pub file: FileId,
    pub node: &'a Node,
    /// Path of `node` inside `file`.
    pub path: Vec<String>,
}

/// References one resolution may follow in all, those met on the way to its targets
/// included; more than that is a loop (no real chain comes near it).
const REFS_PER_RESOLVE: usize = 256;

/// Why a reference could not be followed.
#[derive(Clone, Debug, PartialEq)]
pub enum Unresolved {
    /// The reference chain comes back to itself (`a -> b -> a`), so it names no value.
    Loop,
    /// The reference is broken (see [`Spec::ref_errors`]).
    Broken,
}

impl<'a> Cursor<'a> {
    pub fn source(&self) -> &'a SourceFile {
        self.spec.file(self.file)
    }

    pub fn range(&self) -> Range {
        self.source().range(self.node.span)
    }

    pub fn target(&self) -> Target {
        Target {
            file: self.file,
            path: self.path.clone(),
        }
    }

    /// Whether this node is a reference object.
    pub fn is_ref(&self) -> bool {
        self.node.ref_target().is_some()
    }

    /// Follows `$ref` until a non-reference node; stays put on non-references.
    pub fn resolve(self) -> Result<Cursor<'a>, Unresolved> {
        let mut fuel = REFS_PER_RESOLVE;
        self.resolve_with(&mut fuel)
    }

    /// [`Cursor::resolve`], following at most `fuel` references in all, counting those
    /// followed to walk the pointers of the targets. A pointer may pass through the very
    /// `$ref` being resolved (`a: {$ref: '#/a/b'}`): without a shared bound that recursed
    /// until the stack overflowed.
    fn resolve_with(self, fuel: &mut usize) -> Result<Cursor<'a>, Unresolved> {
        let mut c = self;
        let mut seen: Vec<Target> = Vec::new();
        while let Some(r) = c.node.ref_target() {
            let t = match c.spec.target_of(c.file, r) {
                Some(Ok(t)) => t.clone(),
                _ => return Err(Unresolved::Broken),
            };
            if seen.contains(&t) || *fuel == 0 {
                return Err(Unresolved::Loop);
            }
            *fuel -= 1;
            seen.push(t.clone());
            c = c.spec.walk_with(&t, fuel)?;
        }
        Ok(c)
    }

    /// Child by key or index, following a `$ref` at this node first. The child itself is
    /// returned as written (call [`Cursor::resolve`] to follow it).
    pub fn child(&self, segment: &str) -> Option<Cursor<'a>> {
        let mut fuel = REFS_PER_RESOLVE;
        self.child_with(segment, &mut fuel).ok()
    }

    fn child_with(&self, segment: &str, fuel: &mut usize) -> Result<Cursor<'a>, Unresolved> {
        let base = self.clone().resolve_with(fuel)?;
        let node = base.node.child(segment).ok_or(Unresolved::Broken)?;
        let mut path = base.path;
        path.push(segment.to_string());
        Ok(Cursor {
            spec: base.spec,
            file: base.file,
            node,
            path,
        })
    }

    /// Child, resolved.
    pub fn get(&self, segment: &str) -> Option<Cursor<'a>> {
        self.child(segment)?.resolve().ok()
    }

    /// Members of an object (after following a reference), each as written.
    pub fn members(&self) -> Vec<(&'a str, Cursor<'a>)> {
        let Ok(base) = self.clone().resolve() else {
            return Vec::new();
        };
        let Some(o) = base.node.as_object() else {
            return Vec::new();
        };
        o.members
            .iter()
            .map(|m| {
                let mut path = base.path.clone();
                path.push(m.key.to_string());
                (
                    m.key.as_str(),
                    Cursor {
                        spec: base.spec,
                        file: base.file,
                        node: &m.value,
                        path,
                    },
                )
            })
            .collect()
    }

    /// Items of an array (after following a reference), each as written.
    pub fn items(&self) -> Vec<Cursor<'a>> {
        let Ok(base) = self.clone().resolve() else {
            return Vec::new();
        };
        let Some(a) = base.node.as_array() else {
            return Vec::new();
        };
        a.iter()
            .enumerate()
            .map(|(i, n)| {
                let mut path = base.path.clone();
                path.push(i.to_string());
                Cursor {
                    spec: base.spec,
                    file: base.file,
                    node: n,
                    path,
                }
            })
            .collect()
    }
}

impl Spec {
    /// Walks to a target, following references met on the way (JSON pointers may pass
    /// through a `$ref` in another file's tree).
    pub fn walk_target(&self, t: &Target) -> Option<Cursor<'_>> {
        let mut fuel = REFS_PER_RESOLVE;
        self.walk_with(t, &mut fuel).ok()
    }

    fn walk_with(&self, t: &Target, fuel: &mut usize) -> Result<Cursor<'_>, Unresolved> {
        let mut c = Cursor {
            spec: self,
            file: t.file,
            node: &self.file(t.file).root,
            path: Vec::new(),
        };
        for seg in &t.path {
            c = c.child_with(seg, fuel)?;
        }
        Ok(c)
    }
}

/// Files fetched over http(s) are keyed by their URL.
fn is_remote(path: &Path) -> bool {
    let s = path.to_string_lossy();
    s.starts_with("http://") || s.starts_with("https://")
}

/// The absolute URL a reference names, relative to the file it is written in when that file
/// was itself fetched.
fn remote_url(from: &Path, file_part: &str) -> Result<String, String> {
    let base = if is_remote(from) {
        url::Url::parse(&from.to_string_lossy()).map_err(|e| e.to_string())?
    } else {
        return url::Url::parse(file_part)
            .map(|u| u.to_string())
            .map_err(|e| format!("not a valid URL: {e}"));
    };
    base.join(file_part)
        .map(|u| u.to_string())
        .map_err(|e| format!("not a valid URL: {e}"))
}

/// Fetches a remote file, bounded in time and size (only when remote refs were enabled).
#[cfg(feature = "remote")]
fn fetch(url: &str, max_bytes: usize) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(20)))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| format!("cannot fetch {url}: {e}"))?;
    response
        .body_mut()
        .with_config()
        .limit(max_bytes as u64)
        .read_to_vec()
        .map_err(|e| format!("cannot read {url}: {e}"))
}

/// Built without the `remote` feature: a remote ref that was allowed still cannot be fetched.
#[cfg(not(feature = "remote"))]
fn fetch(url: &str, _max_bytes: usize) -> Result<Vec<u8>, String> {
    Err(format!(
        "cannot fetch {url}: this build of specwright-document has no `remote` feature"
    ))
}

/// The path a file reference written in the file at `from` names, when it is a local file
/// ref (not `#/...` alone, not remote).
fn local_ref_path(from: &Path, reference: &str) -> Option<PathBuf> {
    let file_part = reference.split_once('#').map_or(reference, |(f, _)| f);
    if file_part.is_empty() || file_part.contains("://") || is_remote(from) {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(file_part).decode_utf8_lossy();
    Some(normalize(&from.parent()?.join(decoded.as_ref())))
}

/// Lexically normalises `a/./b/../c` without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn absolute(p: &Path) -> std::io::Result<PathBuf> {
    Ok(normalize(&std::path::absolute(p)?))
}

fn canonical_or_self(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The enclosing git work tree: the nearest ancestor holding `.git`.
fn git_work_tree(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// A file's name for messages: relative to the current folder when below it.
pub fn display_name(p: &Path) -> String {
    if let Ok(cwd) = std::env::current_dir() {
        if let Ok(rel) = p.strip_prefix(&cwd) {
            return rel.display().to_string();
        }
    }
    p.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Collected on two threads, a large file's refs are the one-thread walk's, in its
    /// order, wherever the cut between the halves falls.
    #[test]
    fn refs_of_a_large_file_are_collected_in_order_on_two_threads() {
        let mut text = String::from("openapi: 3.0.3\ninfo:\n  $ref: '#/x'\npaths:\n");
        let mut n = 0;
        while text.len() < 2 * PARALLEL_REFS_BYTES / 3 {
            text += &format!(
                "  /p{n}:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/p{n}'\n        - name: q\n          in: query\n          schema:\n            $ref: '#/components/schemas/s{n}'\n            description: under a ref\n            items:\n              $ref: '#/nested'\n"
            );
            n += 1;
        }
        text += "components:\n  schemas:\n";
        while text.len() < 3 * PARALLEL_REFS_BYTES / 2 {
            text += &format!("    s{n}:\n      properties:\n        a:\n          $ref: '#/components/schemas/s{}'\n", n + 1);
            n += 1;
        }
        text += "tags:\n  - $ref: '#/last'\n";
        let index = LineIndex::new(&text);
        let parsed =
            crate::parse::parse_text("big.yaml", &text, &index, &ParseLimits::default()).unwrap();
        assert!(parsed.root.span.len() >= PARALLEL_REFS_BYTES);
        let mut one_thread = Vec::new();
        collect_refs(&parsed.root, &mut Vec::new(), false, &mut one_thread);
        assert!(one_thread.len() > 5_000);
        assert_eq!(collect_file_refs(&parsed.root), one_thread);
    }
}
