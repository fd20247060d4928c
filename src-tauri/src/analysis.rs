//! Loading a buffer as part of its spec, and the findings shown for it.
//!
//! A buffer is either a spec root (linted as itself) or a fragment that some spec of the
//! workspace pulls in by `$ref` (then that spec is linted with the buffer overlaid, so the
//! fragment's findings come from the spec's point of view).

use crate::types::{Finding, Pos, RuleInfo, Severity, SpecStatus, TextRange};
use crate::workspace::Workspace;
use specwright_document::{EditCache, ErrorKind, LoadError, LoadOptions, Spec};
use specwright_governance::{FunctionRegistry, Linter, Ruleset};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

const RULESET_NAMES: [&str; 3] = [".spectral.yaml", ".spectral.yml", ".spectral.json"];

/// Prepared linters by ruleset file (and its modification time); compiling a ruleset costs
/// more than linting a small spec, so every keystroke reuses one.
type LinterCache = Mutex<HashMap<PathBuf, (Option<SystemTime>, Arc<Linter>)>>;

fn linter_cache() -> &'static LinterCache {
    static CACHE: OnceLock<LinterCache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The ruleset governing a spec, found like Spectral does: the nearest `.spectral.*` from
/// the spec's folder up to the workspace root, else the built-in `spectral:oas`.
pub fn ruleset_for(ws: &Workspace, spec: &Path) -> Option<PathBuf> {
    let mut dir = spec.parent();
    while let Some(d) = dir {
        if let Some(found) = RULESET_NAMES
            .iter()
            .map(|n| d.join(n))
            .find(|p| p.is_file())
        {
            return Some(found);
        }
        if d == ws.root || !d.starts_with(&ws.root) {
            break;
        }
        dir = d.parent();
    }
    None
}

/// The linter for a ruleset file (or the built-in one), and a name for it.
fn linter(ruleset: Option<&Path>) -> Result<(Arc<Linter>, String), String> {
    let key = ruleset.map(Path::to_path_buf).unwrap_or_default();
    let mtime = ruleset.and_then(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    let name = match ruleset {
        Some(p) => p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        None => "spectral:oas".to_string(),
    };
    let mut cache = linter_cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some((t, l)) = cache.get(&key) {
        if *t == mtime {
            return Ok((l.clone(), name));
        }
    }
    let rerr = |e: specwright_governance::RulesetError| format!("{}: {}", e.location, e.message);
    let linter = match ruleset {
        Some(p) => Linter::from_file(p).map_err(rerr)?,
        None => {
            let registry = FunctionRegistry::with_core();
            let rs = Ruleset::from_text(
                "spectral:oas",
                "extends: [\"spectral:oas\"]\n",
                None,
                &registry,
            )
            .map_err(rerr)?;
            Linter::new(rs, registry).map_err(rerr)?
        }
    };
    // The studio lints every version of a buffer: remember per subtree for the next one.
    let linter = Arc::new(linter.remembering());
    cache.insert(key, (mtime, linter.clone()));
    Ok((linter, name))
}

/// Governance findings of a loaded spec, with the descriptions of the rules they cite.
fn governance(
    ws: &Workspace,
    spec: &Spec,
    out: &mut Vec<Finding>,
    rules: &mut Vec<RuleInfo>,
) -> String {
    let ruleset = ruleset_for(ws, &spec.root().path);
    let root_rel = ws.rel(&spec.root().path).unwrap_or_default();
    let (linter, name) = match linter(ruleset.as_deref()) {
        Ok(l) => l,
        Err(message) => {
            out.push(Finding {
                file: root_rel,
                rule: "ruleset".into(),
                severity: Severity::Error,
                message: format!("the ruleset cannot be used: {message}"),
                range: ZERO,
                path: Vec::new(),
            });
            return "governance (ruleset error)".into();
        }
    };
    let found = match linter.lint(spec) {
        Ok(f) => f,
        Err(e) => {
            out.push(Finding {
                file: root_rel,
                rule: "ruleset".into(),
                severity: Severity::Error,
                message: format!("{}: {}", e.location, e.message),
                range: ZERO,
                path: Vec::new(),
            });
            return format!("governance ({name})");
        }
    };
    let mut cited = std::collections::BTreeSet::new();
    // Broken refs are reported by `spec_findings`, in the file that holds each one; the
    // engine's `invalid-ref` copies Spectral's placement (the linted file, often no range).
    for f in found.into_iter().filter(|f| f.code != "invalid-ref") {
        let file = ws.rel(&f.file).unwrap_or_else(|| root_rel.clone());
        cited.insert(f.code.clone());
        out.push(Finding {
            file,
            rule: f.code,
            severity: match f.severity {
                specwright_governance::Severity::Error => Severity::Error,
                specwright_governance::Severity::Warn => Severity::Warning,
                specwright_governance::Severity::Info => Severity::Info,
                specwright_governance::Severity::Hint => Severity::Hint,
            },
            message: f.message,
            range: f.range.into(),
            path: f.path,
        });
    }
    for code in cited {
        if let Some(rule) = linter.ruleset.rules.get(&code) {
            rules.push(RuleInfo {
                id: code,
                description: rule
                    .description
                    .clone()
                    .or_else(|| rule.message.clone())
                    .unwrap_or_default(),
                documentation_url: rule.documentation_url.clone(),
            });
        }
    }
    format!("governance ({name})")
}

/// The editor's buffer: the file it shows and its text, in the workspace and its specs.
pub struct Buffer<'a> {
    pub ws: &'a Workspace,
    pub abs: &'a Path,
    pub text: &'a str,
    pub roots: &'a [PathBuf],
}

pub struct Analysis {
    pub findings: Vec<Finding>,
    pub rules: Vec<RuleInfo>,
    pub engines: Vec<String>,
}

fn options(ws: &Workspace, overlays: HashMap<PathBuf, String>) -> LoadOptions {
    LoadOptions {
        root: Some(ws.root.clone()),
        overlays,
        ..LoadOptions::default()
    }
}

/// The spec a buffer is part of: itself when it is a root, else the first workspace spec
/// that references it (with the buffer overlaid), else the buffer alone.
pub fn load_for_buffer(
    ws: &Workspace,
    abs: &Path,
    text: &str,
    spec_roots: &[PathBuf],
) -> Result<Spec, LoadError> {
    let own = Spec::from_text(abs, text, &options(ws, HashMap::new()))?;
    Ok(spec_of_buffer(ws, abs, text, spec_roots, own))
}

/// The spec a loaded buffer is part of (see [`load_for_buffer`]).
fn spec_of_buffer(
    ws: &Workspace,
    abs: &Path,
    text: &str,
    spec_roots: &[PathBuf],
    own: Spec,
) -> Spec {
    if own.kind.is_openapi() {
        return own;
    }
    let overlay = HashMap::from([(abs.to_path_buf(), text.to_string())]);
    for root in spec_roots.iter().filter(|r| r.as_path() != abs) {
        if let Ok(spec) = Spec::load(root, &options(ws, overlay.clone())) {
            if spec.file_by_path(abs).is_some() {
                return spec;
            }
        }
    }
    own
}

/// Findings of a buffer (parse and `$ref` errors from the document layer).
pub fn analyse(ws: &Workspace, abs: &Path, text: &str, spec_roots: &[PathBuf]) -> Analysis {
    analysis_of(ws, abs, load_for_buffer(ws, abs, text, spec_roots).as_ref())
}

/// The editor's last linted spec root, kept so the lint after a keystroke re-parses only
/// the entry the edit is in: parsing was most of re-linting a large spec.
fn editor_edits() -> &'static Mutex<EditCache> {
    static EDITS: OnceLock<Mutex<EditCache>> = OnceLock::new();
    EDITS.get_or_init(Mutex::default)
}

/// [`analyse`] for the editor's buffer on every edit: the same findings, loaded from the
/// previous version when the buffer is a spec root.
pub fn analyse_edited(ws: &Workspace, abs: &Path, text: &str, spec_roots: &[PathBuf]) -> Analysis {
    let cache = || editor_edits().lock().unwrap_or_else(|e| e.into_inner());
    let mut edits = std::mem::take(&mut *cache());
    let own_options = options(ws, HashMap::new());
    let analysis = match edits.load(abs, text, &own_options) {
        Ok(own) if own.kind.is_openapi() => {
            let a = analysis_of(ws, abs, Ok(&own));
            edits.keep(own, &own_options);
            a
        }
        Ok(own) => analysis_of(ws, abs, Ok(&spec_of_buffer(ws, abs, text, spec_roots, own))),
        Err(e) => analysis_of(ws, abs, Err(&e)),
    };
    *cache() = edits;
    analysis
}

fn analysis_of(ws: &Workspace, abs: &Path, loaded: Result<&Spec, &LoadError>) -> Analysis {
    let mut engines = vec!["document".to_string()];
    let mut rules = vec![
        RuleInfo {
            id: "parser".into(),
            description: "The file must be valid YAML or JSON that the document layer can load."
                .into(),
            documentation_url: None,
        },
        RuleInfo {
            id: "invalid-ref".into(),
            description: "Every $ref must point at an existing file and node inside the workspace."
                .into(),
            documentation_url: None,
        },
    ];
    match loaded {
        Err(e) => Analysis {
            findings: vec![load_error_finding(ws, abs, e)],
            rules,
            engines,
        },
        Ok(spec) => {
            let mut findings = spec_findings(ws, spec);
            if spec.kind.is_openapi() {
                engines.push(governance(ws, spec, &mut findings, &mut rules));
                findings.sort_by(|a, b| (&a.file, a.range.start).cmp(&(&b.file, b.range.start)));
            }
            rules.sort_by(|a, b| a.id.cmp(&b.id));
            Analysis {
                findings,
                rules,
                engines,
            }
        }
    }
}

fn spec_findings(ws: &Workspace, spec: &Spec) -> Vec<Finding> {
    let mut out = Vec::new();
    for file in &spec.files {
        let Some(rel) = ws.rel(&file.path) else {
            continue;
        };
        // The governance engine reports duplicate, non-string and collection keys (and
        // tabs in JSON) in every file of an OpenAPI spec, as Spectral does.
        for w in file.warnings.iter().filter(|w| {
            !(spec.kind.is_openapi()
                && specwright_governance::engine::reports_parse_warning(file, w))
        }) {
            out.push(Finding {
                file: rel.clone(),
                rule: "parser".into(),
                severity: Severity::Warning,
                message: w.message.clone(),
                range: file.range(w.span).into(),
                path: Vec::new(),
            });
        }
    }
    for (site, err) in spec.ref_errors() {
        let file = spec.file(site.file);
        let Some(rel) = ws.rel(&file.path) else {
            continue;
        };
        let mut path = site.path.clone();
        path.push("$ref".into());
        let range = file
            .range_of(&path)
            .or_else(|| file.range_of(&site.path))
            .map(TextRange::from)
            .unwrap_or(ZERO);
        out.push(Finding {
            file: rel,
            rule: "invalid-ref".into(),
            severity: Severity::Error,
            message: err.message.clone(),
            range,
            path,
        });
    }
    out.sort_by(|a, b| (&a.file, a.range.start).cmp(&(&b.file, b.range.start)));
    out
}

const ZERO: TextRange = TextRange {
    start: Pos {
        line: 0,
        character: 0,
    },
    end: Pos {
        line: 0,
        character: 0,
    },
};

/// A load error (syntax error, unreadable file) as a finding at its position.
fn load_error_finding(ws: &Workspace, abs: &Path, e: &LoadError) -> Finding {
    // The error names its file for humans; map that back to a workspace path.
    let named = Path::new(&e.file);
    let file_abs = if named.is_absolute() {
        named.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(named))
            .unwrap_or_else(|_| abs.to_path_buf())
    };
    let file = ws
        .rel(&std::fs::canonicalize(&file_abs).unwrap_or(file_abs))
        .or_else(|| ws.rel(abs))
        .unwrap_or_default();
    let range = match e.position {
        Some(p) => TextRange {
            start: p.into(),
            end: Pos {
                line: p.line,
                character: p.character + 1,
            },
        },
        None => ZERO,
    };
    let rule = match e.kind {
        ErrorKind::RefNotFound
        | ErrorKind::RefInvalid
        | ErrorKind::RefOutsideRoot
        | ErrorKind::RemoteRefDisabled => "invalid-ref",
        _ => "parser",
    };
    Finding {
        file,
        rule: rule.into(),
        severity: Severity::Error,
        message: e.message.clone(),
        range,
        path: Vec::new(),
    }
}

/// Status of every spec root of the workspace, linted from disk.
pub fn workspace_status(ws: &Workspace) -> Vec<SpecStatus> {
    let roots = spec_roots(ws);
    roots
        .iter()
        .filter_map(|abs| {
            let rel = ws.rel(abs)?;
            let text = crate::files::read_text(abs).ok()?;
            let a = analyse(ws, abs, &text, &roots);
            let count = |s: Severity| a.findings.iter().filter(|f| f.severity == s).count() as u32;
            Some(SpecStatus {
                path: rel,
                errors: count(Severity::Error),
                warnings: count(Severity::Warning),
                infos: count(Severity::Info) + count(Severity::Hint),
            })
        })
        .collect()
}

pub fn spec_roots(ws: &Workspace) -> Vec<PathBuf> {
    ws.list()
        .into_iter()
        .filter(|f| f.spec)
        .map(|f| ws.root.join(&f.path))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn ws_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Workspace) {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join(".spectral.yaml"), RULESET).unwrap();
        for (p, t) in files {
            fs::write(d.path().join(p), t).unwrap();
        }
        let (w, _) = Workspace::open(d.path()).unwrap();
        (d, w)
    }

    const ROOT: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: './parts.yaml#/components/schemas/B'\n";
    const RULESET: &str = "rules:\n  info-description:\n    description: Info must say what the API is for.\n    documentationUrl: https://rules.example/info-description\n    severity: warn\n    given: $.info\n    then:\n      field: description\n      function: truthy\n";
    const PARTS: &str = "components:\n  schemas:\n    B:\n      type: object\n";

    #[test]
    fn a_syntax_error_is_a_finding_at_its_line() {
        let (_d, w) = ws_with(&[("openapi.yaml", ROOT), ("parts.yaml", PARTS)]);
        let abs = w.root.join("openapi.yaml");
        let a = analyse(&w, &abs, "openapi: 3.0.3\ninfo: [\n", &[]);
        assert_eq!(a.findings.len(), 1);
        assert_eq!(a.findings[0].rule, "parser");
        assert_eq!(a.findings[0].file, "openapi.yaml");
        assert!(a.findings[0].range.start.line >= 1);
    }

    #[test]
    fn a_broken_ref_is_an_error_on_the_ref_line() {
        let (_d, w) = ws_with(&[("openapi.yaml", ROOT), ("parts.yaml", PARTS)]);
        let abs = w.root.join("openapi.yaml");
        let text = ROOT.replace("schemas/B", "schemas/Missing");
        let refs = |text: &str| -> Vec<Finding> {
            analyse(&w, &abs, text, &spec_roots(&w))
                .findings
                .into_iter()
                .filter(|f| f.rule == "invalid-ref")
                .collect()
        };
        let found = refs(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].range.start.line, 6);
        assert!(refs(ROOT).is_empty());
    }

    #[test]
    fn governance_findings_come_from_the_workspace_ruleset_with_rule_docs() {
        let (_d, w) = ws_with(&[("openapi.yaml", ROOT), ("parts.yaml", PARTS)]);
        let abs = w.root.join("openapi.yaml");
        let a = analyse(&w, &abs, ROOT, &spec_roots(&w));
        assert_eq!(a.findings.len(), 1, "{:?}", a.findings);
        let f = &a.findings[0];
        assert_eq!(
            (f.rule.as_str(), f.severity),
            ("info-description", Severity::Warning)
        );
        assert_eq!(f.range.start.line, 1, "the info object's line");
        assert!(
            a.engines.iter().any(|e| e.contains(".spectral.yaml")),
            "{:?}",
            a.engines
        );
        let rule = a.rules.iter().find(|r| r.id == "info-description").unwrap();
        assert_eq!(rule.description, "Info must say what the API is for.");
        assert_eq!(
            rule.documentation_url.as_deref(),
            Some("https://rules.example/info-description")
        );
        // Fixing the spec clears it.
        let fixed = ROOT.replace(
            "info: {title: t, version: '1'}",
            "info: {title: t, version: '1', description: d}",
        );
        assert!(analyse(&w, &abs, &fixed, &spec_roots(&w))
            .findings
            .is_empty());
    }

    #[test]
    fn a_fragment_is_linted_through_the_spec_that_uses_it() {
        let (_d, w) = ws_with(&[("openapi.yaml", ROOT), ("parts.yaml", PARTS)]);
        let abs = w.root.join("parts.yaml");
        let text = "components:\n  schemas:\n    C: {}\n";
        let spec = load_for_buffer(&w, &abs, text, &spec_roots(&w)).expect("loads");
        assert!(spec.kind.is_openapi(), "the including spec was used");
        let a = analyse(&w, &abs, text, &spec_roots(&w));
        let refs: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.rule == "invalid-ref")
            .collect();
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].file, "openapi.yaml");
    }

    #[test]
    fn workspace_status_counts_per_spec() {
        let bad = ROOT.replace("schemas/B", "schemas/Nope");
        let (_d, w) = ws_with(&[("openapi.yaml", &bad), ("parts.yaml", PARTS)]);
        let s = workspace_status(&w);
        assert_eq!(
            s,
            vec![SpecStatus {
                path: "openapi.yaml".into(),
                errors: 1,
                warnings: 1,
                infos: 0
            }]
        );
    }

    /// The editor's lint re-parses from the previous buffer; its findings must be those of
    /// a fresh load after every edit, through a syntax error and a switch of file.
    #[test]
    fn linting_edits_gives_the_findings_of_a_fresh_load() {
        let root = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: './parts.yaml#/components/schemas/B'\n";
        let (_d, w) = ws_with(&[("openapi.yaml", root), ("parts.yaml", PARTS)]);
        let abs = w.root.join("openapi.yaml");
        let parts = w.root.join("parts.yaml");
        let steps = [
            (&abs, root.to_string()),
            (&abs, root.replace("title: t", "title: the title")),
            (
                &abs,
                root.replace("title: t", "title: the title\n  description: d"),
            ),
            (&abs, root.replace("title: t", "title: [")),
            (&abs, root.replace("schemas/B", "schemas/Missing")),
            (&parts, "components:\n  schemas:\n    C: {}\n".to_string()),
            (&abs, root.replace("title: t", "title: back")),
        ];
        for (n, (file, text)) in steps.iter().enumerate() {
            let fresh = analyse(&w, file, text, &spec_roots(&w));
            let edited = analyse_edited(&w, file, text, &spec_roots(&w));
            assert_eq!(edited.findings, fresh.findings, "step {n}");
            assert_eq!(edited.engines, fresh.engines, "step {n}");
        }
    }

    /// A duplicate key in a spec is reported once, as the governance engine's `parser` error.
    #[test]
    fn a_duplicate_key_is_one_parser_error() {
        let root = "openapi: 3.0.3\ninfo: {title: t, version: '1', description: d}\ninfo: {title: t, version: '1', description: d}\npaths: {}\n";
        let (_d, w) = ws_with(&[("openapi.yaml", root)]);
        let abs = w.root.join("openapi.yaml");
        let a = analyse(&w, &abs, root, &spec_roots(&w));
        let parser: Vec<_> = a.findings.iter().filter(|f| f.rule == "parser").collect();
        assert_eq!(parser.len(), 1, "{:?}", a.findings);
        assert_eq!(parser[0].severity, Severity::Error);
        assert_eq!(parser[0].message, "Duplicate key: info");
        assert_eq!(parser[0].range.start.line, 2);
    }

    /// So is one in a referenced file, in that file, with the parser's severity.
    #[test]
    fn a_duplicate_key_in_a_referenced_file_is_one_parser_error_there() {
        let root = "openapi: 3.0.3\ninfo: {title: t, version: '1', description: d}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'parts.yaml#/Ok'}\n";
        let parts = "Ok:\n  description: ok\n  description: again\n";
        let (_d, w) = ws_with(&[("openapi.yaml", root), ("parts.yaml", parts)]);
        let abs = w.root.join("openapi.yaml");
        let a = analyse(&w, &abs, root, &spec_roots(&w));
        let parser: Vec<_> = a.findings.iter().filter(|f| f.rule == "parser").collect();
        assert_eq!(parser.len(), 1, "{:?}", a.findings);
        assert_eq!(parser[0].file, "parts.yaml");
        assert_eq!(parser[0].severity, Severity::Error);
        assert_eq!(parser[0].range.start.line, 2);
    }
}
