//! Approve and push: the studio's front to `specwright-gitops`, gating a spec exactly as
//! `specwright push` does (same engines through `engines::gate_inputs`).
//!
//! What is pushed is read from disk, so the buffer the UI sends must equal the saved file:
//! pushing anything but what the user sees is refused. The push works in a temporary clone
//! and never touches the workspace's files or its git state.

use crate::analysis::{self, Buffer};
use crate::files;
use crate::types::{
    ChangeLine, GateFinding, PushDefaults, PushPreview, PushResult, PushSettings, SeverityCount,
    SourcePlace,
};
use crate::workspace::Workspace;
use specwright_document::{LoadOptions, Spec};
use specwright_gitops::engines::gate_inputs;
use specwright_gitops::gate::Acceptance;
use specwright_gitops::redact::redact;
use specwright_gitops::{GateInputs, GitOptions, Prepared, PushRequest, Refusal, Reviewer};
use std::path::Path;

const MAX_FIELD: usize = 2048;
const MAX_BLOCKING: usize = 200;

/// The repository to propose: the workspace's `origin`, as git resolves it.
pub fn defaults(ws: &Workspace, git: &GitOptions) -> PushDefaults {
    let none = |why: &str| PushDefaults {
        repo: String::new(),
        repo_source: why.to_string(),
    };
    let url = match git.ok(&ws.root, &["config", "--get", "remote.origin.url"]) {
        Ok(u) if !u.is_empty() => u,
        _ => return none("the workspace has no git remote `origin`: enter the repository"),
    };
    if redact(&url) != url {
        // Showing it would show the secret; a credential helper is the way to keep one.
        return none("origin's URL holds credentials, so it is not shown: enter the repository");
    }
    let is_path = !url.contains("://") && !url.contains(':');
    let repo = if is_path && Path::new(&url).is_relative() {
        // git reads a relative remote from the top of the work tree.
        match git.ok(&ws.root, &["rev-parse", "--show-toplevel"]) {
            Ok(top) => Path::new(&top).join(&url).display().to_string(),
            Err(_) => url,
        }
    } else {
        url
    };
    PushDefaults {
        repo,
        repo_source: format!("remote.origin.url of {}", ws.root.display()),
    }
}

fn field(name: &str, value: &str) -> Result<(), String> {
    if value.len() > MAX_FIELD || value.chars().any(char::is_control) {
        return Err(format!("{name}: at most {MAX_FIELD} bytes on one line"));
    }
    // A leading dash would reach git as an option.
    if value.trim_start().starts_with('-') {
        return Err(format!("{name} must not start with `-`"));
    }
    Ok(())
}

pub fn check_settings(s: &PushSettings) -> Result<(), String> {
    field("repository", &s.repo)?;
    field("branch", &s.branch)?;
    field("folder", &s.dir)?;
    if s.waiver.len() > MAX_FIELD || s.waiver.chars().any(char::is_control) {
        return Err(format!(
            "waiver reason: at most {MAX_FIELD} bytes on one line"
        ));
    }
    if s.repo.trim().is_empty() {
        return Err("enter the repository to push to (a path or URL)".into());
    }
    Ok(())
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Opens the review of the spec the buffer belongs to and runs the gate's engines.
fn open(
    buf: &Buffer,
    settings: &PushSettings,
    reviewer: Reviewer,
    message: Option<String>,
    git: &GitOptions,
) -> Result<(Prepared, GateInputs), String> {
    let Buffer {
        ws,
        abs,
        text,
        roots,
    } = *buf;
    check_settings(settings)?;
    let rel = ws.rel(abs).unwrap_or_default();
    if files::read_text(abs)? != text {
        return Err(format!(
            "{rel} has unsaved changes: save it first, so what is pushed is what you see"
        ));
    }
    let spec = analysis::load_for_buffer(ws, abs, text, roots).map_err(|e| e.to_string())?;
    if !spec.kind.is_openapi() {
        return Err(format!(
            "{rel} is not part of an OpenAPI spec of the workspace"
        ));
    }
    let request = PushRequest {
        spec: spec.root().path.clone(),
        load: LoadOptions {
            root: Some(ws.root.clone()),
            ..LoadOptions::default()
        },
        repo: settings.repo.trim().to_string(),
        branch: non_empty(&settings.branch),
        dir: non_empty(&settings.dir),
        reviewer,
        message,
        allow_breaking: non_empty(&settings.waiver),
    };
    let prepared = Prepared::open(request, git.clone()).map_err(|e| e.to_string())?;
    // The same ruleset the editor's findings come from.
    let ruleset = analysis::ruleset_for(ws, &prepared.spec.root().path);
    let inputs = gate_inputs(&prepared.spec, ruleset.as_deref())?;
    Ok((prepared, inputs))
}

pub fn preview(
    buf: &Buffer,
    settings: &PushSettings,
    git: &GitOptions,
) -> Result<PushPreview, String> {
    let ws = buf.ws;
    // The record's reviewer is set on push; the preview leaves it out.
    let nobody = Reviewer {
        name: String::new(),
        email: String::new(),
    };
    let (p, inputs) = open(buf, settings, nobody, None, git)?;
    let gate = p.gate(&inputs);
    let record = p.record_preview(&inputs);
    let mut record_json = serde_json::to_value(&record).map_err(|e| e.to_string())?;
    if let Some(o) = record_json.as_object_mut() {
        o.remove("reviewer");
        o.remove("approved_at");
    }
    let rel = |path: &Path| ws.rel(path).unwrap_or_else(|| path.display().to_string());
    let blocking = inputs
        .lint
        .findings
        .iter()
        .filter(|f| f.severity <= gate.fail_severity)
        .take(MAX_BLOCKING)
        .map(|f| GateFinding {
            file: rel(&f.file),
            range: f.range.into(),
            severity: f.severity.label().to_string(),
            rule: f.rule.clone(),
            message: f.message.clone(),
        })
        .collect();
    let mut changes: Vec<ChangeLine> = p
        .diff()
        .map(|d| {
            d.changes
                .iter()
                .map(|c| change_line(ws, &p.spec, c))
                .collect()
        })
        .unwrap_or_default();
    changes.sort_by_key(|c| c.level != "breaking");
    Ok(PushPreview {
        spec: rel(&p.spec.root().path),
        remote: p.target.remote.clone(),
        branch: p.target.branch.clone(),
        new_branch: p.target.remote_tip.is_none(),
        dir: p.layout.dir.clone(),
        remote_tip: p.target.remote_tip.clone(),
        policy: p
            .policy
            .source
            .as_ref()
            .map(|s| s.display().to_string())
            .unwrap_or_else(|| "default".into()),
        approvable: gate.approvable,
        refusals: gate.refusals.iter().map(refusal).collect(),
        fail_severity: gate.fail_severity.label().to_string(),
        counts: gate
            .counts
            .iter()
            .map(|(s, n)| SeverityCount {
                severity: s.label().to_string(),
                count: *n as u32,
            })
            .collect(),
        ruleset: inputs.lint.ruleset.clone(),
        blocking,
        translation_error: inputs.translation.as_ref().err().cloned(),
        compared: p.diff().is_some(),
        old_version: p.diff().and_then(|d| d.old_version.clone()),
        new_version: p.diff().and_then(|d| d.new_version.clone()),
        breaking: gate.breaking as u32,
        breaking_accepted: gate.breaking_accepted.as_ref().map(|a| {
            match a {
                Acceptance::Waiver => "waiver",
                Acceptance::MajorVersionBump => "major-version-bump",
            }
            .to_string()
        }),
        changes,
        spec_sha256: record.spec.sha256,
        record: serde_json::to_string_pretty(&record_json).map_err(|e| e.to_string())?,
    })
}

/// The gate's reasons in the panel's words (the engine's name CLI flags).
fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Breaking { count } => format!(
            "{count} breaking change(s) against the version on the target branch: raise \
             info.version's major version, or give a reason to accept them"
        ),
        other => other.to_string(),
    }
}

fn change_line(ws: &Workspace, spec: &Spec, c: &specwright_diff::Change) -> ChangeLine {
    let place = c.new.as_ref().and_then(|loc| {
        let file = spec.files.iter().find(|f| f.name == loc.file)?;
        Some(SourcePlace {
            file: ws.rel(&file.path)?,
            range: loc.range.into(),
        })
    });
    ChangeLine {
        id: c.id.to_string(),
        level: c.level.label().to_string(),
        operation: c.operation.clone(),
        message: c.message.clone(),
        location: c.new.as_ref().or(c.old.as_ref()).map(|l| l.short()),
        place,
    }
}

/// What the reviewer approved in the preview; the push refuses if either changed since.
pub struct Approved {
    pub reviewer: String,
    pub message: String,
    pub remote_tip: Option<String>,
    pub spec_sha256: String,
}

impl Approved {
    pub fn check(&self) -> Result<Reviewer, String> {
        let hex = |s: &str| s.len() <= 64 && s.chars().all(|c| c.is_ascii_hexdigit());
        if !hex(&self.spec_sha256) || !self.remote_tip.as_deref().is_none_or(hex) {
            return Err("invalid preview reference".into());
        }
        if self.message.len() > MAX_FIELD || self.message.chars().any(char::is_control) {
            // A second line could forge the commit's Reviewed-by trailer.
            return Err(format!(
                "commit message: at most {MAX_FIELD} bytes on one line"
            ));
        }
        if self.reviewer.trim().is_empty() {
            return Err("enter the reviewer as Name <email>".into());
        }
        if self.reviewer.len() > MAX_FIELD {
            return Err("reviewer is too long".into());
        }
        Reviewer::parse(&self.reviewer)
    }
}

pub fn push(
    buf: &Buffer,
    settings: &PushSettings,
    approved: &Approved,
    git: &GitOptions,
) -> Result<PushResult, String> {
    let reviewer = approved.check()?;
    let message = non_empty(&approved.message);
    let (p, inputs) = open(buf, settings, reviewer, message, git)?;
    if p.target.remote_tip != approved.remote_tip {
        return Err(format!(
            "branch `{}` on {} moved since the preview: nothing was pushed; review again",
            p.target.branch, p.target.remote
        ));
    }
    if p.record_preview(&inputs).spec.sha256 != approved.spec_sha256 {
        return Err(
            "the spec's files changed on disk since the preview: nothing was pushed; review again"
                .into(),
        );
    }
    let out = p.push(&inputs).map_err(|e| e.to_string())?;
    Ok(PushResult {
        remote: out.remote,
        branch: out.branch,
        commit: out.commit,
        created_branch: out.created_branch,
        files: out.files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use specwright_gitops::Severity;
    use std::fs;
    use std::path::PathBuf;
    use std::time::Duration;

    fn count(p: &PushPreview, s: Severity) -> u32 {
        p.counts
            .iter()
            .find(|c| c.severity == s.label())
            .map(|c| c.count)
            .unwrap_or(0)
    }

    const SPEC: &str = "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\n  description: Pets.\n  contact: {name: t, email: t@example.com}\nservers: [{url: 'https://pets.example.com/v1'}]\ntags: [{name: pets, description: Pets.}]\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      description: Lists pets.\n      tags: [pets]\n      responses:\n        '200': {description: ok}\n";

    struct Env {
        tmp: tempfile::TempDir,
        git: GitOptions,
        ws: Workspace,
        remote: PathBuf,
    }

    /// A workspace that is a git work tree whose `origin` is a bare repository, under an
    /// isolated git configuration.
    fn env() -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let global = tmp.path().join("gitconfig");
        fs::write(
            &global,
            "[user]\n\tname = Test Author\n\temail = author@example.com\n[init]\n\tdefaultBranch = main\n",
        )
        .unwrap();
        let git = GitOptions {
            env: vec![
                ("HOME".into(), tmp.path().display().to_string()),
                ("GIT_CONFIG_NOSYSTEM".into(), "1".into()),
                ("GIT_CONFIG_GLOBAL".into(), global.display().to_string()),
            ],
            timeout: Duration::from_secs(60),
            ..GitOptions::default()
        };
        let remote = tmp.path().join("remote.git");
        fs::create_dir(&remote).unwrap();
        git.ok(&remote, &["init", "-q", "--bare"]).unwrap();
        let work = tmp.path().join("api");
        fs::create_dir(&work).unwrap();
        fs::write(work.join("openapi.yaml"), SPEC).unwrap();
        git.ok(&work, &["init", "-q"]).unwrap();
        git.ok(&work, &["add", "."]).unwrap();
        git.ok(&work, &["commit", "-q", "-m", "Start"]).unwrap();
        git.ok(&work, &["remote", "add", "origin", "../remote.git"])
            .unwrap();
        git.ok(&work, &["push", "-q", "origin", "main"]).unwrap();
        let (ws, _) = Workspace::open(&work).unwrap();
        Env {
            tmp,
            git,
            ws,
            remote,
        }
    }

    fn settings(repo: &str) -> PushSettings {
        PushSettings {
            repo: repo.into(),
            branch: String::new(),
            dir: String::new(),
            waiver: String::new(),
        }
    }

    #[test]
    fn defaults_to_origin_and_pushes_what_was_previewed() {
        let e = env();
        let d = defaults(&e.ws, &e.git);
        assert_eq!(
            fs::canonicalize(&d.repo).unwrap(),
            fs::canonicalize(&e.remote).unwrap(),
            "the relative origin, resolved"
        );
        let abs = e.ws.root.join("openapi.yaml");
        let buf = |text| Buffer {
            ws: &e.ws,
            abs: &abs,
            text,
            roots: &[],
        };
        let s = settings(&d.repo);
        let pre = preview(&buf(SPEC), &s, &e.git).unwrap();
        assert!(pre.approvable, "{:?} {:?}", pre.refusals, pre.blocking);
        assert_eq!(
            (pre.branch.as_str(), pre.dir.as_str()),
            ("main", "apis/pets")
        );
        assert!(!pre.new_branch && !pre.compared);
        assert_eq!(count(&pre, Severity::Error), 0);
        assert!(!pre.record.contains("reviewer"), "{}", pre.record);

        let mut approved = Approved {
            reviewer: "Rita <rita@example.com>".into(),
            message: String::new(),
            remote_tip: pre.remote_tip.clone(),
            spec_sha256: pre.spec_sha256.clone(),
        };
        // Unsaved text is never pushed.
        let dirty = format!("{SPEC}# more\n");
        let err = push(&buf(&dirty), &s, &approved, &e.git).unwrap_err();
        assert!(err.contains("unsaved changes"), "{err}");
        approved.message = "Approve\nReviewed-by: Someone Else <x@example.com>".into();
        assert!(push(&buf(SPEC), &s, &approved, &e.git).is_err());
        approved.message = "Approve pets".into();

        let out = push(&buf(SPEC), &s, &approved, &e.git).unwrap();
        let tip = e.git.ok(&e.remote, &["rev-parse", "main"]).unwrap();
        assert_eq!(out.commit, tip);
        let tree = e
            .git
            .ok(&e.remote, &["ls-tree", "-r", "--name-only", "main"])
            .unwrap();
        assert!(
            tree.lines().any(|l| l == "apis/pets/deck/kong.yaml"),
            "{tree}"
        );
        assert!(
            tree.lines().any(|l| l == "apis/pets/openapi.yaml"),
            "{tree}"
        );
        let subject = e.git.ok(&e.remote, &["log", "-1", "--format=%s"]).unwrap();
        assert_eq!(subject, "Approve pets");

        // The old preview no longer matches the branch: refused, the remote unchanged.
        let err = push(&buf(SPEC), &s, &approved, &e.git).unwrap_err();
        assert!(err.contains("moved since the preview"), "{err}");
        assert_eq!(e.git.ok(&e.remote, &["rev-parse", "main"]).unwrap(), tip);
        drop(e.tmp);
    }

    #[test]
    fn an_error_finding_refuses_and_bad_fields_are_rejected() {
        let e = env();
        let abs = e.ws.root.join("openapi.yaml");
        // Two operations with one operationId: spectral:oas reports an error.
        let bad = SPEC.replace(
            "      responses:\n",
            "      responses:\n        '200': {description: ok}\n    post:\n      operationId: listPets\n      description: Adds.\n      tags: [pets]\n      responses:\n",
        );
        fs::write(&abs, &bad).unwrap();
        let remote = e.remote.display().to_string();
        let buf = Buffer {
            ws: &e.ws,
            abs: &abs,
            text: &bad,
            roots: &[],
        };
        let pre = preview(&buf, &settings(&remote), &e.git).unwrap();
        assert!(!pre.approvable);
        assert!(count(&pre, Severity::Error) >= 1);
        assert!(pre
            .blocking
            .iter()
            .any(|f| f.rule == "operation-operationId-unique" && f.file == "openapi.yaml"));
        assert!(
            pre.refusals[0].starts_with("governance:"),
            "{:?}",
            pre.refusals
        );

        for bad in ["", "--upload-pack=x", "a\nb"] {
            assert!(check_settings(&settings(bad)).is_err(), "{bad:?}");
        }
    }
}
