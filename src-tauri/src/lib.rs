//! Specwright studio: a thin Tauri shell. Commands validate their arguments (paths confined
//! to the opened workspace, sizes bounded), call the engine crates off the UI thread and map
//! errors to messages; the front end lives in ui/.

mod analysis;
mod bench;
mod complete;
mod delta;
mod files;
mod mirror;
mod push;
pub mod types;
mod views;
mod webview;
mod workspace;

use files::{Recents, Recovery};
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;
use tauri::{Emitter, Manager, State, WebviewWindow};
use types::*;
use workspace::{Workspace, MAX_TEXT};

pub struct Studio {
    ws: RwLock<Option<Workspace>>,
    /// Spec roots of the workspace (fragments are linted through them).
    roots: RwLock<Vec<PathBuf>>,
    watcher: Mutex<Option<notify::RecommendedWatcher>>,
    /// Highest lint sequence number asked for: older requests are dropped as stale.
    lint_latest: Arc<AtomicU64>,
    /// One lint at a time; queued requests that became stale skip the work.
    lint_gate: Arc<Mutex<()>>,
    /// The text of the newest lint request, which the next one's edits apply to.
    mirror: Arc<Mutex<Option<mirror::Mirror>>>,
    /// The last few lint answers, so the next is sent as a change to the one the page shows.
    sent: Arc<Mutex<delta::SentAnswers>>,
    dirty: AtomicBool,
    initial: Mutex<Option<PathBuf>>,
    recovery: Recovery,
    recents: Recents,
    /// The running mock server and the spec it serves.
    mock: Mutex<Option<(specwright_mock::MockServer, String)>>,
}

type CmdResult<T> = Result<T, String>;

impl Studio {
    fn workspace(&self) -> CmdResult<Workspace> {
        self.ws
            .read()
            .map_err(|_| "workspace lock poisoned".to_string())?
            .clone()
            .ok_or_else(|| "no workspace is open".to_string())
    }

    fn roots(&self) -> Vec<PathBuf> {
        self.roots.read().map(|r| r.clone()).unwrap_or_default()
    }
}

fn check_text(text: &str) -> CmdResult<()> {
    if text.len() > MAX_TEXT {
        return Err(format!(
            "buffer is {} bytes; the limit is {MAX_TEXT}",
            text.len()
        ));
    }
    Ok(())
}

/// The folder or spec to open at start: the first non-option argument, else the example
/// workspace (./examples, or the one beside this crate's sources in a checkout).
fn initial_target() -> Option<PathBuf> {
    if let Some(arg) = std::env::args_os()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'))
    {
        return Some(PathBuf::from(arg));
    }
    let here = PathBuf::from("examples");
    if here.is_dir() {
        return Some(here);
    }
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    checkout.is_dir().then_some(checkout)
}

fn set_title(app: &tauri::AppHandle, ws: Option<&Workspace>, file: Option<&str>, dirty: bool) {
    let mut title = "Specwright".to_string();
    if let Some(ws) = ws {
        title.push_str(" — ");
        title.push_str(&ws.name());
    }
    if let Some(f) = file {
        title.push_str(" / ");
        title.push_str(f);
    }
    if dirty {
        title.push_str(" ●");
    }
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.set_title(&title);
    }
}

fn open_workspace(
    app: &tauri::AppHandle,
    state: &Studio,
    target: &Path,
) -> CmdResult<WorkspaceInfo> {
    let (ws, initial) = Workspace::open(target)?;
    let files = ws.list();
    let roots = files
        .iter()
        .filter(|f| f.spec)
        .map(|f| ws.root.join(&f.path))
        .collect();
    *state.roots.write().map_err(|e| e.to_string())? = roots;
    watch(app, state, &ws);
    let recent = state.recents.push(&ws.root);
    let recovered = state.recovery.list(&ws.root);
    set_title(app, Some(&ws), None, false);
    let info = WorkspaceInfo {
        root: ws.root.to_string_lossy().into_owned(),
        name: ws.name(),
        files,
        initial,
        recent,
        recovered,
    };
    *state.ws.write().map_err(|e| e.to_string())? = Some(ws);
    // A buffer of the previous workspace is not edited any more.
    *state.mirror.lock().unwrap_or_else(|e| e.into_inner()) = None;
    state.sent.lock().unwrap_or_else(|e| e.into_inner()).clear();
    Ok(info)
}

/// Watches the workspace so a file changed behind the editor is reloaded or flagged.
fn watch(app: &tauri::AppHandle, state: &Studio, ws: &Workspace) {
    let app = app.clone();
    let ws2 = ws.clone();
    let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
            return;
        }
        for path in &event.paths {
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if hidden || !workspace::is_spec_like(path) {
                continue;
            }
            let Some(rel) = ws2.rel(path) else { continue };
            let kind = if !path.exists() {
                "removed"
            } else if matches!(event.kind, EventKind::Create(_)) {
                "created"
            } else {
                "modified"
            };
            let _ = app.emit(
                "disk-changed",
                DiskChange {
                    path: rel,
                    kind: kind.into(),
                },
            );
        }
    });
    let mut slot = state.watcher.lock().unwrap_or_else(|e| e.into_inner());
    *slot = None;
    match watcher {
        Ok(mut w) => match w.watch(&ws.root, RecursiveMode::Recursive) {
            Ok(()) => *slot = Some(w),
            Err(e) => eprintln!("specwright: not watching {}: {e}", ws.root.display()),
        },
        Err(e) => eprintln!("specwright: file watcher unavailable: {e}"),
    }
}

fn info_of(state: &Studio, ws: &Workspace) -> WorkspaceInfo {
    WorkspaceInfo {
        root: ws.root.to_string_lossy().into_owned(),
        name: ws.name(),
        files: ws.list(),
        initial: None,
        recent: state.recents.load(),
        recovered: Vec::new(),
    }
}

/// The workspace to show when the page loads: the start-up target once, then whatever is open.
#[tauri::command]
fn startup(app: tauri::AppHandle, state: State<'_, Studio>) -> CmdResult<Option<WorkspaceInfo>> {
    let initial = state.initial.lock().map_err(|e| e.to_string())?.take();
    if let Some(target) = initial {
        return open_workspace(&app, &state, &target).map(Some);
    }
    Ok(state.workspace().ok().map(|ws| info_of(&state, &ws)))
}

/// Native folder dialog (runs on the main thread, as sync commands do).
#[tauri::command]
fn pick_workspace(
    app: tauri::AppHandle,
    state: State<'_, Studio>,
) -> CmdResult<Option<WorkspaceInfo>> {
    let mut dialog = rfd::FileDialog::new().set_title("Open a workspace folder");
    if let Ok(ws) = state.workspace() {
        dialog = dialog.set_directory(&ws.root);
    }
    match dialog.pick_folder() {
        Some(folder) => open_workspace(&app, &state, &folder).map(Some),
        None => Ok(None),
    }
}

/// Reopens a workspace from the recent list (only paths on that list are accepted).
#[tauri::command]
fn open_recent(
    app: tauri::AppHandle,
    state: State<'_, Studio>,
    path: String,
) -> CmdResult<WorkspaceInfo> {
    if !state.recents.load().contains(&path) {
        return Err("not a recent workspace".into());
    }
    open_workspace(&app, &state, Path::new(&path))
}

#[tauri::command]
fn list_files(state: State<'_, Studio>) -> CmdResult<Vec<WorkspaceFile>> {
    let ws = state.workspace()?;
    let files = ws.list();
    if let Ok(mut roots) = state.roots.write() {
        *roots = files
            .iter()
            .filter(|f| f.spec)
            .map(|f| ws.root.join(&f.path))
            .collect();
    }
    Ok(files)
}

#[tauri::command]
fn read_file(state: State<'_, Studio>, path: String) -> CmdResult<String> {
    let ws = state.workspace()?;
    files::read_text(&ws.resolve(&path)?)
}

#[tauri::command]
fn save_file(state: State<'_, Studio>, path: String, text: String) -> CmdResult<()> {
    check_text(&text)?;
    let ws = state.workspace()?;
    let abs = ws.resolve(&path)?;
    if !workspace::is_spec_like(&abs) {
        return Err("only .yaml, .yml and .json files are saved".into());
    }
    files::atomic_write(&abs, &text)?;
    state.recovery.discard(&ws.root, &path);
    Ok(())
}

/// Native save dialog; the file must land inside the workspace. Returns its path.
#[tauri::command]
fn save_as(state: State<'_, Studio>, path: String, text: String) -> CmdResult<Option<String>> {
    check_text(&text)?;
    let ws = state.workspace()?;
    let current = ws.resolve(&path)?;
    let mut dialog = rfd::FileDialog::new()
        .set_title("Save spec as")
        .add_filter("OpenAPI", &["yaml", "yml", "json"])
        .set_directory(current.parent().unwrap_or(&ws.root));
    if let Some(name) = current.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    let Some(target) = dialog.save_file() else {
        return Ok(None);
    };
    let rel = ws
        .rel(&target)
        .ok_or("save inside the workspace folder so the studio can keep editing it")?;
    let abs = ws.resolve(&rel)?;
    if !workspace::is_spec_like(&abs) {
        return Err("name the file .yaml, .yml or .json".into());
    }
    files::atomic_write(&abs, &text)?;
    Ok(Some(rel))
}

#[tauri::command]
fn autosave(state: State<'_, Studio>, path: String, text: String) -> CmdResult<()> {
    check_text(&text)?;
    let ws = state.workspace()?;
    ws.resolve(&path)?;
    state.recovery.save(&ws.root, &path, &text)
}

#[tauri::command]
fn discard_recovery(state: State<'_, Studio>, path: String) -> CmdResult<()> {
    let ws = state.workspace()?;
    ws.resolve(&path)?;
    state.recovery.discard(&ws.root, &path);
    Ok(())
}

/// Lints a buffer off the UI thread. Requests carry an increasing `seq`; one superseded by a
/// newer request before or while it runs comes back `stale` with no findings. A request
/// carries the buffer's whole `text`, or the `edits` made since an earlier request, applied
/// to the studio's copy of that request's text; when that copy is gone the answer is the
/// error [`mirror::RESEND`] and the UI sends the whole text. `have` is the answer whose
/// findings the page shows: the findings come back as a change to those when the studio still
/// has them (`delta.rs`).
#[tauri::command]
async fn lint(
    state: State<'_, Studio>,
    path: String,
    text: Option<String>,
    edits: Option<BufferEdits>,
    seq: u64,
    have: Option<u64>,
) -> CmdResult<LintResult> {
    let entered = Instant::now();
    if let Some(text) = &text {
        check_text(text)?;
    }
    if edits
        .as_ref()
        .is_some_and(|e| e.edits.iter().map(|e| e.insert.len()).sum::<usize>() > MAX_TEXT)
    {
        return Err("the edits are larger than a buffer may be".into());
    }
    let ws = state.workspace()?;
    let abs = ws.resolve(&path)?;
    let roots = state.roots();
    let latest = state.lint_latest.clone();
    let gate = state.lint_gate.clone();
    let mirror = state.mirror.clone();
    let sent = state.sent.clone();
    latest.fetch_max(seq, Ordering::SeqCst);
    tauri::async_runtime::spawn_blocking(move || {
        let stale = |seq| LintResult {
            seq,
            stale: true,
            findings: Vec::new(),
            delta: None,
            rules: Vec::new(),
            engines: Vec::new(),
            elapsed_ms: 0.0,
        };
        // The text this request is about, and the studio's copy moved to it (never back to
        // an older request's text).
        let text = {
            let mut copy = mirror.lock().unwrap_or_else(|e| e.into_inner());
            let newer = copy
                .as_ref()
                .is_none_or(|m| m.path != path || seq >= m.version);
            let text = match (text, edits) {
                (Some(text), _) => Arc::new(text),
                (None, Some(edits)) => match copy.as_ref() {
                    Some(m) if m.path == path && m.version == edits.base && newer => {
                        let text = mirror::apply(&m.text, &edits.edits)?;
                        check_text(&text)?;
                        Arc::new(text)
                    }
                    Some(m) if m.path == path && !newer => return Ok(stale(seq)),
                    _ => return Err(mirror::RESEND.to_string()),
                },
                (None, None) => return Err("a lint request needs a text or edits".into()),
            };
            if newer {
                *copy = Some(mirror::Mirror {
                    path: path.clone(),
                    version: seq,
                    text: text.clone(),
                });
            }
            text
        };
        let _turn = gate.lock().unwrap_or_else(|e| e.into_inner());
        if latest.load(Ordering::SeqCst) > seq {
            return Ok(stale(seq));
        }
        let t0 = Instant::now();
        let a = analysis::analyse_edited(&ws, &abs, &text, &roots);
        if latest.load(Ordering::SeqCst) > seq {
            return Ok(stale(seq));
        }
        let elapsed_ms = t0.elapsed().as_secs_f64() * 1000.0;
        let answer = sent
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .encode(&path, have, seq, a.findings, a.rules);
        let result = LintResult {
            seq,
            stale: false,
            findings: answer.findings,
            delta: answer.delta,
            rules: answer.rules,
            engines: a.engines,
            elapsed_ms,
        };
        if bench::enabled() {
            // What IPC has to carry back: serialized on the side, so the answer is not held up.
            let copy = result.clone();
            std::thread::spawn(move || {
                let t = Instant::now();
                let bytes = serde_json::to_vec(&copy).map(|v| v.len()).unwrap_or(0);
                let _ = bench::mark("lint_json_ms", t.elapsed().as_secs_f64() * 1000.0);
                let _ = bench::mark("lint_json_bytes", bytes as f64);
                let _ = bench::mark("lint_findings", copy.findings.len() as f64);
            });
            // The command's own time around the engine's (applying edits, thread hops).
            let _ = bench::mark("key_command", entered.elapsed().as_secs_f64() * 1000.0);
        }
        Ok(result)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Runs `f` on the open workspace off the UI thread.
async fn with_workspace<T: Send + 'static>(
    state: &Studio,
    f: impl FnOnce(&Workspace) -> T + Send + 'static,
) -> CmdResult<T> {
    let ws = state.workspace()?;
    tauri::async_runtime::spawn_blocking(move || f(&ws))
        .await
        .map_err(|e| e.to_string())
}

/// Governance status of every spec in the workspace, from disk.
#[tauri::command]
async fn workspace_status(state: State<'_, Studio>) -> CmdResult<Vec<SpecStatus>> {
    with_workspace(&state, analysis::workspace_status).await
}

#[tauri::command]
async fn ref_targets(
    state: State<'_, Studio>,
    path: String,
    text: String,
) -> CmdResult<Vec<RefTarget>> {
    check_text(&text)?;
    let ws = state.workspace()?;
    let abs = ws.resolve(&path)?;
    let roots = state.roots();
    tauri::async_runtime::spawn_blocking(move || {
        analysis::load_for_buffer(&ws, &abs, &text, &roots)
            .map(|spec| complete::ref_targets(&spec, &abs))
            .unwrap_or_default()
    })
    .await
    .map_err(|e| e.to_string())
}

/// Runs `f` on a buffer off the UI thread, its path resolved in the workspace.
async fn with_buffer<T: Send + 'static>(
    state: &Studio,
    path: &str,
    text: String,
    f: impl FnOnce(&analysis::Buffer) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    check_text(&text)?;
    let ws = state.workspace()?;
    let abs = ws.resolve(path)?;
    let roots = state.roots();
    tauri::async_runtime::spawn_blocking(move || {
        f(&analysis::Buffer {
            ws: &ws,
            abs: &abs,
            text: &text,
            roots: &roots,
        })
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Loads the spec a buffer belongs to, off the UI thread, and runs `f` on it.
async fn with_spec<T: Send + 'static>(
    state: &Studio,
    path: &str,
    text: String,
    f: impl FnOnce(&Workspace, &specwright_document::Spec) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    with_buffer(state, path, text, move |b| {
        let spec =
            analysis::load_for_buffer(b.ws, b.abs, b.text, b.roots).map_err(|e| e.to_string())?;
        f(b.ws, &spec)
    })
    .await
}

/// The decK config of the buffer (Kong view), updated as the user types.
#[tauri::command]
async fn kong_config(state: State<'_, Studio>, path: String, text: String) -> CmdResult<KongView> {
    with_spec(&state, &path, text, |ws, spec| Ok(views::kong(ws, spec))).await
}

/// Saves the generated config where the user picks (native dialog).
#[tauri::command]
fn save_kong(state: State<'_, Studio>, text: String) -> CmdResult<Option<String>> {
    check_text(&text)?;
    let mut dialog = rfd::FileDialog::new()
        .set_title("Save Kong declarative config")
        .add_filter("decK YAML", &["yaml", "yml"])
        .set_file_name("kong.yaml");
    if let Ok(ws) = state.workspace() {
        dialog = dialog.set_directory(&ws.root);
    }
    let Some(target) = dialog.save_file() else {
        return Ok(None);
    };
    files::atomic_write(&target, &text)?;
    Ok(Some(target.to_string_lossy().into_owned()))
}

/// A diagram view of the buffer's spec.
#[tauri::command]
async fn diagram(
    state: State<'_, Studio>,
    path: String,
    text: String,
    view: String,
) -> CmdResult<DiagramView> {
    if view.len() > 32 {
        return Err("invalid view".into());
    }
    with_spec(&state, &path, text, move |_, spec| {
        views::diagram(spec, &view)
    })
    .await
}

/// The source place of a diagram node (its `data-file` and `data-pointer`).
#[tauri::command]
async fn locate_node(
    state: State<'_, Studio>,
    path: String,
    text: String,
    file: String,
    pointer: String,
) -> CmdResult<Option<SourcePlace>> {
    if file.len() > workspace::MAX_PATH || pointer.len() > 4096 {
        return Err("invalid node reference".into());
    }
    with_spec(&state, &path, text, move |ws, spec| {
        Ok(views::locate(ws, spec, &file, &pointer))
    })
    .await
}

#[tauri::command]
async fn mock_operations(
    state: State<'_, Studio>,
    path: String,
    text: String,
) -> CmdResult<Vec<MockOperation>> {
    with_spec(&state, &path, text, |_, spec| views::operations(spec)).await
}

/// A mock response for the buffer without a server.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
async fn mock_preview(
    state: State<'_, Studio>,
    path: String,
    text: String,
    operation: String,
    status: Option<u16>,
    example: Option<String>,
    dynamic: bool,
) -> CmdResult<MockReply> {
    if operation.len() > 2048 || example.as_ref().is_some_and(|e| e.len() > 1024) {
        return Err("invalid operation or example name".into());
    }
    with_spec(&state, &path, text, move |_, spec| {
        views::preview(spec, &operation, status, example, dynamic)
    })
    .await
}

/// Starts the mock server for a saved spec on a free loopback port.
#[tauri::command]
async fn mock_start(state: State<'_, Studio>, path: String) -> CmdResult<MockServerInfo> {
    let ws = state.workspace()?;
    let abs = ws.resolve(&path)?;
    let roots = state.roots();
    // A fragment is served through the spec that includes it.
    let spec_path = if roots.contains(&abs) {
        abs.clone()
    } else {
        let text = files::read_text(&abs)?;
        analysis::load_for_buffer(&ws, &abs, &text, &roots)
            .map_err(|e| e.to_string())?
            .root()
            .path
            .clone()
    };
    let spec_rel = ws.rel(&spec_path).unwrap_or(path);
    let server = tauri::async_runtime::spawn_blocking(move || {
        specwright_mock::MockServer::start(
            &spec_path,
            specwright_mock::ServerOptions {
                host: "127.0.0.1".into(),
                port: 0,
                ..Default::default()
            },
        )
        .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())??;
    let info = MockServerInfo {
        url: server.url().to_string(),
        spec: spec_rel.clone(),
    };
    let old = state
        .mock
        .lock()
        .map_err(|e| e.to_string())?
        .replace((server, spec_rel));
    if let Some((old, _)) = old {
        old.stop();
    }
    Ok(info)
}

#[tauri::command]
async fn mock_stop(state: State<'_, Studio>) -> CmdResult<()> {
    let old = state.mock.lock().map_err(|e| e.to_string())?.take();
    if let Some((server, _)) = old {
        tauri::async_runtime::spawn_blocking(move || server.stop())
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[tauri::command]
fn mock_status(state: State<'_, Studio>) -> CmdResult<Option<MockServerInfo>> {
    let guard = state.mock.lock().map_err(|e| e.to_string())?;
    Ok(guard.as_ref().map(|(s, spec)| MockServerInfo {
        url: s.url().to_string(),
        spec: spec.clone(),
    }))
}

/// What the push panel proposes: the workspace repository's `origin`.
#[tauri::command]
async fn push_defaults(state: State<'_, Studio>) -> CmdResult<PushDefaults> {
    with_workspace(&state, |ws| {
        push::defaults(ws, &specwright_gitops::GitOptions::default())
    })
    .await
}

/// The gate, the changes against the target branch and the approval record for the saved
/// spec the buffer belongs to. Clones the branch, so it runs off the UI thread.
#[tauri::command]
async fn push_preview(
    state: State<'_, Studio>,
    path: String,
    text: String,
    settings: PushSettings,
) -> CmdResult<PushPreview> {
    push::check_settings(&settings)?;
    with_buffer(&state, &path, text, move |b| {
        push::preview(b, &settings, &specwright_gitops::GitOptions::default())
    })
    .await
}

/// Pushes the previewed spec; refuses when the buffer is unsaved, or the branch or the
/// spec changed since the preview (`remote_tip`, `spec_sha256` come from it).
#[tauri::command]
#[allow(clippy::too_many_arguments)]
async fn push_approved(
    state: State<'_, Studio>,
    path: String,
    text: String,
    settings: PushSettings,
    reviewer: String,
    message: String,
    remote_tip: Option<String>,
    spec_sha256: String,
) -> CmdResult<PushResult> {
    push::check_settings(&settings)?;
    let approved = push::Approved {
        reviewer,
        message,
        remote_tip,
        spec_sha256,
    };
    approved.check()?;
    with_buffer(&state, &path, text, move |b| {
        push::push(
            b,
            &settings,
            &approved,
            &specwright_gitops::GitOptions::default(),
        )
    })
    .await
}

/// Benchmark hook: with SPECWRIGHT_BENCH=<file>, the UI's timings (ms) are appended there
/// as `name value`; `ready` is written as wall-clock epoch ms. Answers whether the app is
/// being benchmarked, so the UI stops sending marks when it is not.
#[tauri::command]
fn bench_mark(name: String, ms: f64) -> CmdResult<bool> {
    if !bench::enabled() {
        return Ok(false);
    }
    if name.len() > 64 || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err("invalid mark".into());
    }
    let value = if name == "ready" {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    } else {
        ms
    };
    bench::mark(&name, value)?;
    Ok(true)
}

/// The UI reports which file is shown and whether it has unsaved changes: the title shows
/// it and closing the window asks first.
#[tauri::command]
fn set_dirty(
    app: tauri::AppHandle,
    state: State<'_, Studio>,
    path: Option<String>,
    dirty: bool,
) -> CmdResult<()> {
    if path.as_ref().is_some_and(|p| p.len() > workspace::MAX_PATH) {
        return Err("invalid path".into());
    }
    state.dirty.store(dirty, Ordering::SeqCst);
    let ws = state.workspace().ok();
    set_title(&app, ws.as_ref(), path.as_deref(), dirty);
    Ok(())
}

/// Closes the window after the UI has asked the user about unsaved changes.
#[tauri::command]
fn close_window(window: WebviewWindow, state: State<'_, Studio>) -> CmdResult<()> {
    state.dirty.store(false, Ordering::SeqCst);
    window.destroy().map_err(|e| e.to_string())
}

pub fn run() {
    tauri::Builder::default()
        .setup(|app| {
            let state_dir = match std::env::var_os("SPECWRIGHT_STATE_DIR") {
                Some(d) => PathBuf::from(d),
                None => app.path().app_data_dir()?,
            };
            app.manage(Studio {
                ws: RwLock::new(None),
                roots: RwLock::new(Vec::new()),
                watcher: Mutex::new(None),
                lint_latest: Arc::new(AtomicU64::new(0)),
                lint_gate: Arc::new(Mutex::new(())),
                mirror: Arc::new(Mutex::new(None)),
                sent: Arc::default(),
                dirty: AtomicBool::new(false),
                initial: Mutex::new(initial_target()),
                recovery: Recovery {
                    dir: state_dir.join("recovery"),
                },
                recents: Recents {
                    file: state_dir.join("recent.json"),
                },
                mock: Mutex::new(None),
            });
            if let Some(window) = app.get_webview_window("main") {
                webview::configure(&window);
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                let state = window.state::<Studio>();
                if state.dirty.load(Ordering::SeqCst) {
                    api.prevent_close();
                    let _ = window.emit("close-requested", ());
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            startup,
            pick_workspace,
            open_recent,
            list_files,
            read_file,
            save_file,
            save_as,
            autosave,
            discard_recovery,
            lint,
            workspace_status,
            ref_targets,
            set_dirty,
            close_window,
            kong_config,
            save_kong,
            mock_operations,
            mock_preview,
            mock_start,
            mock_stop,
            mock_status,
            diagram,
            locate_node,
            push_defaults,
            push_preview,
            push_approved,
            bench_mark,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Specwright studio");
}
