//! Approve and push: the last step of design-first.
//!
//! The studio's approve-and-push dialog and `specwright push` make the same calls:
//!
//! 1. [`Prepared::open`]: load the spec, clone the target branch into a temporary
//!    repository (creating the branch from the remote's default branch when it does not
//!    exist), read the previous version there and the gate policy, and diff the two;
//! 2. [`Prepared::gate`] with the lint and translation results ([`GateInputs`]);
//! 3. [`Prepared::diff`] and [`Prepared::record_preview`] for the reviewer;
//! 4. [`Prepared::push`]: re-checks the gate, commits spec files, Kong config, approval
//!    record and SARIF report into `<dir>/`, and pushes without force. A refused gate or a
//!    remote that moved leaves the remote untouched.
//!
//! Layout of `<dir>/` (default `apis/<slug of info.title>`): the spec files with their
//! relative layout, `deck/kong.yaml`, `approval.json`, `lint.sarif`.

#[cfg(feature = "engines")]
pub mod engines;
pub mod gate;
pub mod git;
pub mod policy;
pub mod record;
pub mod redact;

pub use gate::{evaluate, GateInputs, GateResult, LintFinding, LintSummary, Refusal, Severity};
pub use git::{GitError, GitOptions};
pub use policy::Policy;
pub use record::{ApprovalRecord, Reviewer};

use record::{Previous, SpecInfo};
use redact::redact;
use specwright_diff::Report;
use specwright_document::{LoadOptions, Spec};
use std::path::{Path, PathBuf};

pub const APPROVAL_FILE: &str = "approval.json";
pub const SARIF_FILE: &str = "lint.sarif";
pub const KONG_FILE: &str = "deck/kong.yaml";

/// What to push where.
#[derive(Clone, Debug)]
pub struct PushRequest {
    pub spec: PathBuf,
    pub load: LoadOptions,
    /// A local path or a URL (`https://…`, `ssh://…`, `git@host:path`, `file://…`).
    pub repo: String,
    /// Target branch; default: the remote's default branch.
    pub branch: Option<String>,
    /// Folder in the repository; default `apis/<slug of info.title>`.
    pub dir: Option<String>,
    pub reviewer: Reviewer,
    pub message: Option<String>,
    /// Waiver reason for breaking changes.
    pub allow_breaking: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// Bad input: the spec, the request, the policy file or the previous version.
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("not approvable:\n{}", .0.refusals.iter().map(|r| format!("  - {r}")).collect::<Vec<_>>().join("\n"))]
    Refused(GateResult),
    #[error("{0}")]
    RemoteMoved(String),
}

impl PushError {
    /// CLI exit code: 1 for a refusal (gate, moved remote), 2 for input and git errors.
    pub fn exit_code(&self) -> u8 {
        match self {
            PushError::Refused(_) | PushError::RemoteMoved(_) => 1,
            PushError::Input(_) | PushError::Git(_) => 2,
        }
    }
}

/// Where the spec's files go, relative to the API folder.
#[derive(Clone, Debug)]
pub struct Layout {
    pub dir: String,
    /// (absolute source path, path relative to `dir`), root spec first.
    pub files: Vec<(PathBuf, String)>,
}

impl Layout {
    pub fn root(&self) -> &str {
        &self.files[0].1
    }
}

/// The branch as found when the session was opened.
#[derive(Clone, Debug)]
pub struct TargetState {
    pub branch: String,
    pub default_branch: Option<String>,
    /// Tip of the branch on the remote when opened (`None`: the branch does not exist yet).
    pub remote_tip: Option<String>,
    /// The remote, credentials redacted.
    pub remote: String,
}

struct PreviousVersion {
    commit: String,
    version: Option<String>,
    files: Vec<String>,
}

/// A spec ready for review against its target branch.
pub struct Prepared {
    pub request: PushRequest,
    pub spec: Spec,
    pub layout: Layout,
    pub policy: Policy,
    pub target: TargetState,
    previous: Option<PreviousVersion>,
    diff: Option<Report>,
    checkout: tempfile::TempDir,
    git: GitOptions,
}

/// What a successful push did.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PushOutcome {
    pub remote: String,
    pub branch: String,
    pub commit: String,
    pub created_branch: bool,
    /// Paths committed, relative to the repository root.
    pub files: Vec<String>,
}

impl Prepared {
    pub fn open(request: PushRequest, git: GitOptions) -> Result<Prepared, PushError> {
        if let Some(w) = &request.allow_breaking {
            if w.trim().is_empty() {
                return Err(PushError::Input(
                    "--allow-breaking needs a reason (it is recorded in approval.json)".into(),
                ));
            }
        }
        let spec = Spec::load(&request.spec, &request.load)
            .map_err(|e| PushError::Input(e.to_string()))?;
        if !spec.kind.is_openapi() {
            return Err(PushError::Input(format!(
                "{}: not an OpenAPI or Swagger document (no `openapi` or `swagger` field)",
                spec.root().name
            )));
        }
        if let Some((_, e)) = spec.ref_errors().next() {
            return Err(PushError::Input(format!(
                "the spec has unresolved references: {e}"
            )));
        }
        let dir = match &request.dir {
            Some(d) => check_dir(d)?,
            None => format!(
                "apis/{}",
                slug(&title(&spec).unwrap_or_else(|| stem(&request.spec)))
            ),
        };
        let layout = layout(&spec, dir)?;

        let checkout = tempfile::Builder::new()
            .prefix("specwright-push-")
            .tempdir()
            .map_err(|e| PushError::Input(format!("cannot create a temporary folder: {e}")))?;
        let work = checkout.path();
        let remote_arg = remote_argument(&request.repo)?;
        let remote = redact(&request.repo);
        git.ok(work, &["init", "-q"])?;
        git.ok(work, &["remote", "add", "origin", &remote_arg])?;
        let default_branch = default_branch(&git, work)?;
        let branch = match (&request.branch, &default_branch) {
            (Some(b), _) => b.clone(),
            (None, Some(d)) => d.clone(),
            (None, None) => "main".to_string(),
        };
        if !git
            .run(work, &["check-ref-format", "--branch", &branch])?
            .ok
        {
            return Err(PushError::Input(format!(
                "`{branch}` is not a valid branch name"
            )));
        }
        let remote_tip = remote_tip(&git, work, &branch)?;
        match (&remote_tip, &default_branch) {
            (Some(_), _) => {
                fetch(&git, work, &branch)?;
                git.ok(
                    work,
                    &[
                        "checkout",
                        "-q",
                        "-b",
                        &branch,
                        &format!("refs/remotes/origin/{branch}"),
                    ],
                )?;
            }
            (None, Some(d)) => {
                fetch(&git, work, d)?;
                git.ok(
                    work,
                    &[
                        "checkout",
                        "-q",
                        "-b",
                        &branch,
                        &format!("refs/remotes/origin/{d}"),
                    ],
                )?;
            }
            (None, None) => {
                git.ok(work, &["checkout", "-q", "--orphan", &branch])?;
            }
        }
        let target = TargetState {
            branch,
            default_branch,
            remote_tip,
            remote,
        };
        let policy = Policy::find(&[work, &spec.root_dir]).map_err(PushError::Input)?;

        let (previous, diff) = match &target.remote_tip {
            Some(tip) => previous_version(&git, work, &layout, &target.branch, tip, &spec)?,
            None => (None, None),
        };
        Ok(Prepared {
            request,
            spec,
            layout,
            policy,
            target,
            previous,
            diff,
            checkout,
            git,
        })
    }

    /// Changes against the version on the target branch (`None`: first version there).
    pub fn diff(&self) -> Option<&Report> {
        self.diff.as_ref()
    }

    pub fn gate(&self, inputs: &GateInputs) -> GateResult {
        evaluate(
            self.policy.fail_severity,
            inputs,
            self.diff.as_ref(),
            self.request.allow_breaking.as_deref(),
        )
    }

    /// The record that [`Prepared::push`] would commit, timed now.
    pub fn record_preview(&self, inputs: &GateInputs) -> ApprovalRecord {
        let gate = self.gate(inputs);
        self.record(inputs, &gate)
    }

    fn record(&self, inputs: &GateInputs, gate: &GateResult) -> ApprovalRecord {
        let files: Vec<(String, Vec<u8>)> = self
            .layout
            .files
            .iter()
            .map(|(abs, rel)| (rel.clone(), self.file_bytes(abs)))
            .collect();
        let mut names: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
        names.sort();
        record::build(
            &self.request.reviewer,
            humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            SpecInfo {
                root: self.layout.root().to_string(),
                files: names,
                sha256: record::spec_hash(&files),
                title: title(&self.spec),
                version: specwright_diff::info_version(&self.spec),
            },
            &inputs.lint,
            gate,
            self.diff.as_ref(),
            self.previous.as_ref().map(|p| Previous {
                commit: p.commit.clone(),
                version: p.version.clone(),
            }),
            self.request.allow_breaking.as_deref(),
        )
    }

    /// The spec file's text as loaded (editor buffers included).
    fn file_bytes(&self, abs: &Path) -> Vec<u8> {
        self.spec
            .files
            .iter()
            .find(|f| f.path == abs)
            .map(|f| f.text.clone().into_bytes())
            .unwrap_or_default()
    }

    /// Commits and pushes, if the gate lets it. Never forces: when the branch moved on the
    /// remote since [`Prepared::open`], nothing is pushed and the error says what arrived.
    pub fn push(self, inputs: &GateInputs) -> Result<PushOutcome, PushError> {
        let gate = self.gate(inputs);
        if !gate.approvable {
            return Err(PushError::Refused(gate));
        }
        let kong = inputs
            .translation
            .as_ref()
            .map_err(|e| PushError::Input(format!("Kong translation failed: {e}")))?;
        let record = self.record(inputs, &gate);
        let work = self.checkout.path();
        let dir = work.join(&self.layout.dir);
        let git = &self.git;

        // Files of the previous version that are no longer part of the spec.
        if let Some(prev) = &self.previous {
            for old in &prev.files {
                if !self.layout.files.iter().any(|(_, rel)| rel == old) {
                    let _ = std::fs::remove_file(dir.join(old));
                }
            }
        }
        let write = |rel: &str, bytes: &[u8]| -> Result<(), PushError> {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    PushError::Input(format!("cannot create {}: {e}", parent.display()))
                })?;
            }
            std::fs::write(&path, bytes)
                .map_err(|e| PushError::Input(format!("cannot write {}: {e}", path.display())))
        };
        for (abs, rel) in &self.layout.files {
            write(rel, &self.file_bytes(abs))?;
        }
        write(KONG_FILE, kong.as_bytes())?;
        let json = |v: serde_json::Value| {
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        };
        write(
            APPROVAL_FILE,
            json(serde_json::to_value(&record).unwrap_or_default()).as_bytes(),
        )?;
        let by_abs = |p: &Path| -> String {
            self.layout
                .files
                .iter()
                .find(|(abs, _)| abs == p)
                .map(|(_, rel)| format!("{}/{rel}", self.layout.dir))
                .unwrap_or_else(|| p.display().to_string())
        };
        write(
            SARIF_FILE,
            json(record::sarif(&inputs.lint, &by_abs)).as_bytes(),
        )?;

        git.ok(work, &["add", "-A", "--", &self.layout.dir])?;
        let message = self.commit_message(&record);
        git.ok(work, &["commit", "-q", "-m", &message]).map_err(|e| match e {
            GitError::Failed { stderr, .. } if stderr.contains("identity") => PushError::Input(format!(
                "git needs your identity to commit: set `git config --global user.name` and `user.email`\n{stderr}"
            )),
            other => PushError::Git(other),
        })?;
        let commit = git.ok(work, &["rev-parse", "HEAD"])?;

        // The branch must be where it was when the review started.
        let now = remote_tip(git, work, &self.target.branch)?;
        if now != self.target.remote_tip {
            return Err(self.moved(now));
        }
        let refspec = format!("HEAD:refs/heads/{}", self.target.branch);
        let out = git.run(work, &["push", "--porcelain", "origin", &refspec])?;
        if !out.ok {
            let rejected = [
                "[rejected]",
                "non-fast-forward",
                "fetch first",
                "stale info",
                "already exists",
            ]
            .iter()
            .any(|m| out.stderr.contains(m) || out.stdout.contains(m));
            if rejected {
                let now = remote_tip(git, work, &self.target.branch)?;
                return Err(self.moved(now));
            }
            return Err(PushError::Git(GitError::Failed {
                args: format!("push origin {refspec}"),
                stderr: redact(&format!("{}\n{}", out.stdout.trim(), out.stderr)),
            }));
        }
        let mut files: Vec<String> = self
            .layout
            .files
            .iter()
            .map(|(_, rel)| format!("{}/{rel}", self.layout.dir))
            .collect();
        for f in [KONG_FILE, APPROVAL_FILE, SARIF_FILE] {
            files.push(format!("{}/{f}", self.layout.dir));
        }
        Ok(PushOutcome {
            remote: self.target.remote.clone(),
            branch: self.target.branch.clone(),
            commit,
            created_branch: self.target.remote_tip.is_none(),
            files,
        })
    }

    fn commit_message(&self, record: &ApprovalRecord) -> String {
        let subject = self.request.message.clone().unwrap_or_else(|| {
            format!(
                "Approve {} {} ({})",
                record.spec.title.as_deref().unwrap_or("API"),
                record.spec.version.as_deref().unwrap_or(""),
                self.layout.dir
            )
            .replace("  ", " ")
        });
        let mut m = format!(
            "{subject}\n\nReviewed-by: {} <{}>\nSpec-Sha256: {}\n",
            record.reviewer.name, record.reviewer.email, record.spec.sha256
        );
        if let Some(b) = &record.breaking_changes {
            m.push_str(&format!(
                "Breaking-Changes: {} accepted by {}",
                b.count, b.accepted_by
            ));
            if let Some(r) = &b.reason {
                m.push_str(&format!(": {r}"));
            }
            m.push('\n');
        }
        m
    }

    /// Explains a moved remote: fetches what arrived and lists it.
    fn moved(&self, now: Option<String>) -> PushError {
        let work = self.checkout.path();
        let b = &self.target.branch;
        let short = |s: &Option<String>| match s {
            Some(s) => s.chars().take(12).collect(),
            None => "(no branch)".to_string(),
        };
        let mut arrived = String::new();
        if now.is_some() && fetch(&self.git, work, b).is_ok() {
            let range = match &self.target.remote_tip {
                Some(old) => format!("{old}..refs/remotes/origin/{b}"),
                None => format!("refs/remotes/origin/{b}"),
            };
            if let Ok(log) = self.git.ok(
                work,
                &["log", "-n", "10", "--format=    %h %an: %s", &range],
            ) {
                if !log.is_empty() {
                    arrived = format!("\n  new on the remote:\n{log}");
                }
            }
        }
        PushError::RemoteMoved(format!(
            "branch `{b}` on {} moved while this version was being approved (was {}, now {}).{arrived}\n\
             Nothing was pushed and nothing on the remote was overwritten. Push again to review \
             the diff and gate against the new version, or rebase your change on it.",
            self.target.remote,
            short(&self.target.remote_tip),
            short(&now),
        ))
    }
}

/// The URL or absolute path git should use for `repo`.
fn remote_argument(repo: &str) -> Result<String, PushError> {
    let is_url = repo.contains("://") || {
        // scp-like `user@host:path` (a colon before any slash).
        match (repo.find(':'), repo.find('/')) {
            (Some(c), Some(s)) => c < s && c > 1,
            (Some(c), None) => c > 1,
            _ => false,
        }
    };
    if is_url {
        return Ok(repo.to_string());
    }
    let p = Path::new(repo);
    if !p.exists() {
        return Err(PushError::Input(format!(
            "repository `{repo}` does not exist"
        )));
    }
    std::path::absolute(p)
        .map(|p| p.display().to_string())
        .map_err(|e| PushError::Input(format!("{repo}: {e}")))
}

fn default_branch(git: &GitOptions, work: &Path) -> Result<Option<String>, PushError> {
    let out = git.ok(work, &["ls-remote", "--symref", "origin", "HEAD"])?;
    Ok(out.lines().find_map(|l| {
        let rest = l.strip_prefix("ref: refs/heads/")?;
        Some(rest.split('\t').next()?.to_string())
    }))
}

fn remote_tip(git: &GitOptions, work: &Path, branch: &str) -> Result<Option<String>, PushError> {
    let full = format!("refs/heads/{branch}");
    let out = git.ok(work, &["ls-remote", "origin", &full])?;
    Ok(out.lines().find_map(|l| {
        let (sha, name) = l.split_once('\t')?;
        (name == full).then(|| sha.to_string())
    }))
}

fn fetch(git: &GitOptions, work: &Path, branch: &str) -> Result<(), PushError> {
    let spec = format!("refs/heads/{branch}:refs/remotes/origin/{branch}");
    // `+` only updates our own temporary tracking ref; nothing is pushed here.
    git.ok(
        work,
        &["fetch", "-q", "--no-tags", "origin", &format!("+{spec}")],
    )?;
    Ok(())
}

/// Reads the version on the branch and diffs it with `spec`.
fn previous_version(
    git: &GitOptions,
    work: &Path,
    layout: &Layout,
    branch: &str,
    tip: &str,
    spec: &Spec,
) -> Result<(Option<PreviousVersion>, Option<Report>), PushError> {
    let dir = work.join(&layout.dir);
    let prev_record: Option<ApprovalRecord> = std::fs::read_to_string(dir.join(APPROVAL_FILE))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let (root, files) = match &prev_record {
        Some(r) => (r.spec.root.clone(), r.spec.files.clone()),
        None => (layout.root().to_string(), Vec::new()),
    };
    let path = dir.join(&root);
    if !path.is_file() {
        return Ok((None, None));
    }
    let old = Spec::load(
        &path,
        &LoadOptions {
            root: Some(work.to_path_buf()),
            ..LoadOptions::default()
        },
    )
    .map_err(|e| {
        PushError::Input(format!(
            "the version on branch `{branch}` cannot be read, so it cannot be compared: {}",
            rename_temp(&e.to_string(), work, branch)
        ))
    })?;
    let commit = git
        .ok(work, &["log", "-n", "1", "--format=%H", "--", &layout.dir])
        .ok()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| tip.to_string());
    let mut report = specwright_diff::diff(&old, spec);
    for c in &mut report.changes {
        if let Some(l) = &mut c.old {
            l.file = rename_temp(&l.file, work, branch);
        }
    }
    let previous = PreviousVersion {
        commit,
        version: specwright_diff::info_version(&old),
        files,
    };
    Ok((Some(previous), Some(report)))
}

/// Temporary checkout paths in messages become `branch:path`.
fn rename_temp(text: &str, work: &Path, branch: &str) -> String {
    let mut prefix = work.display().to_string();
    prefix.push('/');
    text.replace(&prefix, &format!("{branch}:"))
}

fn check_dir(d: &str) -> Result<String, PushError> {
    let t = d.trim().trim_end_matches('/');
    let bad = t.is_empty()
        || t.starts_with('/')
        || t.split('/')
            .any(|s| s.is_empty() || s == "." || s == ".." || s == ".git");
    if bad {
        return Err(PushError::Input(format!(
            "--dir `{d}` must be a relative folder inside the repository (like apis/pets)"
        )));
    }
    Ok(t.to_string())
}

fn layout(spec: &Spec, dir: String) -> Result<Layout, PushError> {
    let paths: Vec<&Path> = spec.files.iter().map(|f| f.path.as_path()).collect();
    let mut base = paths[0].parent().map(Path::to_path_buf).unwrap_or_default();
    for p in &paths {
        while !p.starts_with(&base) {
            if !base.pop() {
                break;
            }
        }
    }
    let mut files = Vec::new();
    for p in paths {
        let rel = p.strip_prefix(&base).map_err(|_| {
            PushError::Input(format!("{} is not below {}", p.display(), base.display()))
        })?;
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if [APPROVAL_FILE, SARIF_FILE, KONG_FILE].contains(&rel.as_str()) {
            return Err(PushError::Input(format!(
                "spec file `{rel}` would collide with the generated `{rel}`; rename it"
            )));
        }
        files.push((p.to_path_buf(), rel));
    }
    Ok(Layout { dir, files })
}

fn title(spec: &Spec) -> Option<String> {
    spec.cursor()
        .get("info")?
        .get("title")?
        .node
        .as_str()
        .map(str::to_string)
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "api".into())
}

/// `Acme Bank – Disputes API` becomes `acme-bank-disputes-api`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "api".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_dirs() {
        assert_eq!(slug("Acme Bank – Disputes API"), "acme-bank-disputes-api");
        assert_eq!(slug("!!!"), "api");
        assert_eq!(check_dir("apis/pets/").unwrap(), "apis/pets");
        for bad in ["/abs", "a/../b", ".git/x", ""] {
            assert!(check_dir(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn remote_kinds() {
        assert_eq!(
            remote_argument("https://h/x.git").unwrap(),
            "https://h/x.git"
        );
        assert_eq!(
            remote_argument("git@host:org/r.git").unwrap(),
            "git@host:org/r.git"
        );
        assert!(matches!(
            remote_argument("./no/such/dir"),
            Err(PushError::Input(_))
        ));
    }
}
