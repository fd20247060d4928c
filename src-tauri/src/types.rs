//! Types that cross IPC. TypeScript copies are generated from these by ts-rs into
//! ui/src/bindings/ when `cargo test -p specwright-desktop` runs; never edit those by hand.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A 0-based line and UTF-16 character (CodeMirror and LSP count columns this way).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Pos {
    pub line: u32,
    pub character: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct TextRange {
    pub start: Pos,
    pub end: Pos,
}

impl From<specwright_document::Range> for TextRange {
    fn from(r: specwright_document::Range) -> Self {
        TextRange {
            start: r.start.into(),
            end: r.end.into(),
        }
    }
}

impl From<specwright_document::Position> for Pos {
    fn from(p: specwright_document::Position) -> Self {
        Pos {
            line: p.line,
            character: p.character,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

/// One problem in a spec, anchored to a range of one of the workspace's files.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Finding {
    /// Workspace-relative path, `/`-separated.
    pub file: String,
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub range: TextRange,
    /// JSON path of the offending node, when known.
    pub path: Vec<String>,
}

/// What a rule is about, shown beside its findings.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RuleInfo {
    pub id: String,
    pub description: String,
    pub documentation_url: Option<String>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct LintResult {
    #[ts(type = "number")]
    pub seq: u64,
    /// A newer request for the same buffer arrived: these results were dropped.
    pub stale: bool,
    /// Every finding; or, when `delta` is set, those that replace the middle of the findings
    /// of the answer the request said the page holds.
    pub findings: Vec<Finding>,
    pub delta: Option<FindingsDelta>,
    /// The rules of these findings that the page has not been told about.
    pub rules: Vec<RuleInfo>,
    /// Which linters ran, e.g. "document" (parse and $ref errors).
    pub engines: Vec<String>,
    pub elapsed_ms: f64,
}

/// How a lint answer's findings follow from an earlier answer's (see `delta.rs`): its first
/// `head` findings, then the answer's own, then its last `tail`, moved down by `tail_lines`
/// lines when they are in `file`.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct FindingsDelta {
    #[ts(type = "number")]
    pub base: u64,
    pub file: String,
    pub head: u32,
    pub tail: u32,
    pub tail_lines: i32,
}

/// A change to the text of the previous lint request: `from`..`to` (UTF-16 offsets into
/// that text) replaced by `insert`.
#[derive(Clone, Debug, PartialEq, Deserialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct TextEdit {
    pub from: u32,
    pub to: u32,
    pub insert: String,
}

/// What a lint request carries instead of the whole text: the edits, in order, made since
/// request `base` of the same buffer.
#[derive(Clone, Debug, PartialEq, Deserialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct BufferEdits {
    #[ts(type = "number")]
    pub base: u64,
    pub edits: Vec<TextEdit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct WorkspaceFile {
    /// Workspace-relative path, `/`-separated.
    pub path: String,
    /// Looks like an OpenAPI/Swagger root document (not a fragment).
    pub spec: bool,
    #[ts(type = "number")]
    pub size: u64,
}

#[derive(Clone, Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Recovered {
    pub path: String,
    pub text: String,
    #[ts(type = "number")]
    pub saved_at_ms: u64,
}

#[derive(Clone, Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct WorkspaceInfo {
    pub root: String,
    pub name: String,
    pub files: Vec<WorkspaceFile>,
    /// The file to open first (the spec given on the command line, or the first spec).
    pub initial: Option<String>,
    pub recent: Vec<String>,
    /// Autosaved buffers that differ from the files on disk (left by a crash).
    pub recovered: Vec<Recovered>,
}

/// Governance status of one spec of the workspace, linted from disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SpecStatus {
    pub path: String,
    pub errors: u32,
    pub warnings: u32,
    pub infos: u32,
}

/// A `$ref` target offered by completion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RefTarget {
    /// The text to write after `$ref:`, relative to the edited file.
    pub reference: String,
    /// The component section, e.g. "schemas".
    pub section: String,
}

/// A file of the workspace changed on disk (payload of the `disk-changed` event).
#[derive(Clone, Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct DiskChange {
    pub path: String,
    /// "modified", "created" or "removed".
    pub kind: String,
}

/// A problem reported by an engine view (Kong translation, mock), placed when it can be.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ViewProblem {
    pub message: String,
    /// Workspace-relative file, when the engine placed the problem.
    pub file: Option<String>,
    pub position: Option<Pos>,
}

/// The decK config generated from the buffer, or why it could not be.
#[derive(Clone, Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct KongView {
    /// YAML, keys in decK's order; absent when translation failed.
    pub config: Option<String>,
    pub error: Option<ViewProblem>,
    pub warnings: Vec<ViewProblem>,
    pub services: u32,
    pub routes: u32,
    pub plugins: u32,
}

/// An operation the mock can answer, with what the preview can ask for.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct MockOperation {
    /// What the preview sends back: the operationId, else `METHOD /path`.
    pub key: String,
    pub method: String,
    pub path: String,
    pub statuses: Vec<String>,
    /// Named examples of the responses, by status.
    pub examples: Vec<MockExample>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct MockExample {
    pub status: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct MockReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

#[derive(Clone, Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct MockServerInfo {
    pub url: String,
    /// The spec it serves (workspace-relative); it reloads when that file is saved.
    pub spec: String,
}

/// One diagram of the buffer's spec, as SVG whose nodes carry `data-file`/`data-pointer`.
#[derive(Clone, Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct DiagramView {
    pub svg: Option<String>,
    pub error: Option<String>,
    pub nodes: u32,
}

/// A place in the workspace (jump target of a diagram node).
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SourcePlace {
    pub file: String,
    pub range: TextRange,
}

/// What the approve-and-push panel proposes before the user edits anything.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct PushDefaults {
    /// The workspace repository's `origin` (empty when it has none).
    pub repo: String,
    /// Where that came from, e.g. "remote.origin.url of /work/api".
    pub repo_source: String,
}

/// Where and how to push; empty strings mean the engine's defaults (the remote's default
/// branch, `apis/<slug of info.title>`, no waiver).
#[derive(Clone, Debug, Deserialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct PushSettings {
    pub repo: String,
    pub branch: String,
    pub dir: String,
    /// Reason for accepting breaking changes (recorded in approval.json).
    pub waiver: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SeverityCount {
    /// Spectral's name: error, warn, info or hint.
    pub severity: String,
    pub count: u32,
}

/// A governance finding that blocks the gate.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct GateFinding {
    /// Workspace-relative file.
    pub file: String,
    pub range: TextRange,
    pub severity: String,
    pub rule: String,
    pub message: String,
}

/// One change against the version on the target branch.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ChangeLine {
    pub id: String,
    /// breaking, warning or info.
    pub level: String,
    pub operation: Option<String>,
    pub message: String,
    /// `file:line:col pointer` in the version it was found in.
    pub location: Option<String>,
    /// The place in the workspace, for changes located in the new version.
    pub place: Option<SourcePlace>,
}

/// Everything the reviewer sees before pushing: the gate, the diff against the branch and
/// the approval record that will be committed.
#[derive(Clone, Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct PushPreview {
    /// The spec root that is pushed (workspace-relative).
    pub spec: String,
    /// The remote, credentials redacted.
    pub remote: String,
    pub branch: String,
    /// The branch does not exist yet and will be created.
    pub new_branch: bool,
    pub dir: String,
    /// Tip of the branch when previewed; the push refuses if it moved since.
    pub remote_tip: Option<String>,
    /// The policy file that set the fail severity, or "default".
    pub policy: String,
    pub approvable: bool,
    /// Why the gate refuses, one line per failed condition.
    pub refusals: Vec<String>,
    pub fail_severity: String,
    pub counts: Vec<SeverityCount>,
    pub ruleset: String,
    /// Findings at or above the fail severity (the first 200).
    pub blocking: Vec<GateFinding>,
    pub translation_error: Option<String>,
    /// A previous version is on the branch (else nothing to compare).
    pub compared: bool,
    pub old_version: Option<String>,
    pub new_version: Option<String>,
    pub breaking: u32,
    /// "waiver" or "major-version-bump" when breaking changes are let through.
    pub breaking_accepted: Option<String>,
    /// Every change, breaking first.
    pub changes: Vec<ChangeLine>,
    /// sha256 of the spec files as previewed; the push refuses if they changed since.
    pub spec_sha256: String,
    /// approval.json as it will be committed, without the reviewer and time (set on push).
    pub record: String,
}

/// What a push did.
#[derive(Clone, Debug, Serialize, TS)]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct PushResult {
    pub remote: String,
    pub branch: String,
    pub commit: String,
    pub created_branch: bool,
    /// Paths committed, relative to the repository root.
    pub files: Vec<String>,
}
