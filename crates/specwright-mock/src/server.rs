//! The HTTP side: axum on tokio, one fallback handler into the engine, and a watcher that
//! swaps in a new engine when the spec or any file it references changes.

use crate::engine::{Engine, MockOptions, MockRequest};
use crate::MockError;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request, Response, StatusCode};
use notify::{RecursiveMode, Watcher};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct ServerOptions {
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    pub mock: MockOptions,
    /// Watch the spec's files and reload on change.
    pub watch: bool,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            host: "127.0.0.1".into(),
            port: 0,
            mock: MockOptions {
                cors: true,
                ..MockOptions::default()
            },
            watch: true,
        }
    }
}

struct Shared {
    engine: RwLock<Arc<Engine>>,
    last_error: Mutex<Option<String>>,
    generation: std::sync::atomic::AtomicU64,
}

/// A running mock server. Dropping it stops the server and the watcher.
pub struct MockServer {
    url: String,
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    stop_watch: Arc<std::sync::atomic::AtomicBool>,
    watch_thread: Option<std::thread::JoinHandle<()>>,
}

impl MockServer {
    /// Loads the spec, binds and serves on a background runtime.
    pub fn start(spec: &Path, opts: ServerOptions) -> Result<MockServer, MockError> {
        let loading_started = std::time::SystemTime::now();
        let loaded = Engine::load(spec, opts.mock.clone())?;
        let shared = Arc::new(Shared {
            engine: RwLock::new(Arc::new(loaded.engine)),
            last_error: Mutex::new(None),
            generation: std::sync::atomic::AtomicU64::new(0),
        });
        let addr_text = format!("{}:{}", opts.host, opts.port);
        let listener = std::net::TcpListener::bind(&addr_text).map_err(|e| MockError::Bind {
            addr: addr_text.clone(),
            message: e.to_string(),
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|e| MockError::Bind {
                addr: addr_text.clone(),
                message: e.to_string(),
            })?;
        let addr = listener.local_addr().map_err(|e| MockError::Bind {
            addr: addr_text.clone(),
            message: e.to_string(),
        })?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let state = shared.clone();
        let thread = std::thread::Builder::new()
            .name("specwright-mock".into())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        eprintln!("specwright mock: cannot start runtime: {e}");
                        return;
                    }
                };
                rt.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let app = axum::Router::new().fallback(move |req: Request<Body>| {
                        let state = state.clone();
                        async move { handle(state, req).await }
                    });
                    let _ = axum::serve(listener, app)
                        .with_graceful_shutdown(async move {
                            let _ = rx.await;
                        })
                        .await;
                });
            })
            .map_err(|e| MockError::Bind {
                addr: addr_text.clone(),
                message: e.to_string(),
            })?;
        let stop_watch = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let watch_thread = if opts.watch {
            Some(spawn_watcher(
                spec.to_path_buf(),
                loaded.files,
                opts.mock.clone(),
                shared.clone(),
                stop_watch.clone(),
                loading_started,
            ))
        } else {
            None
        };
        let host = if addr.ip().is_ipv6() {
            format!("[{}]", addr.ip())
        } else {
            addr.ip().to_string()
        };
        Ok(MockServer {
            url: format!("http://{host}:{}", addr.port()),
            addr,
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
            stop_watch,
            watch_thread,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The engine now serving (for previews that should match the server exactly).
    pub fn engine(&self) -> Arc<Engine> {
        self.shared
            .engine
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The last reload error, if the newest edit of the spec is broken (the previous good
    /// version is still served).
    pub fn last_error(&self) -> Option<String> {
        self.shared
            .last_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// How many times a new version was loaded.
    pub fn reloads(&self) -> u64 {
        self.shared
            .generation
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Blocks until the server stops (the CLI's foreground mode).
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    pub fn stop(mut self) {
        self.shutdown_now();
    }

    fn shutdown_now(&mut self) {
        self.stop_watch
            .store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(t) = self.watch_thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}

async fn handle(shared: Arc<Shared>, req: Request<Body>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, 64 * 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => {
            let mut r = Response::new(Body::from("request body too large"));
            *r.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
            return r;
        }
    };
    let target = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mreq = MockRequest {
        method: parts.method.as_str().to_string(),
        target,
        headers,
        body: bytes.to_vec(),
    };
    let engine = shared
        .engine
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let res = engine.handle(&mreq);
    let mut out = Response::new(Body::from(res.body));
    *out.status_mut() =
        StatusCode::from_u16(res.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (k, v) in res.headers {
        if let (Ok(k), Ok(v)) = (HeaderName::try_from(k), HeaderValue::try_from(v)) {
            out.headers_mut().append(k, v);
        }
    }
    out
}

/// Watches the folders of all spec files (editors often replace files by rename, which a
/// file watch would lose) and reloads on any change to one of them.
///
/// Returns once the watches are in place, so an edit made right after `start` returns is
/// seen (the watcher used to be set up on its own thread after `start` had returned, and an
/// edit in between was lost). An edit made while the spec was being loaded is caught by the
/// modification times.
fn spawn_watcher(
    spec: PathBuf,
    files: Vec<PathBuf>,
    opts: MockOptions,
    shared: Arc<Shared>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    loading_started: std::time::SystemTime,
) -> std::thread::JoinHandle<()> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<()>();
    let handle = std::thread::spawn(move || {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut watcher =
            match notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
                // Only changes: reading the files to reload them raises access events,
                // which must not trigger another reload.
                if let Ok(ev) = ev {
                    use notify::event::{EventKind as K, ModifyKind};
                    let change = match ev.kind {
                        K::Modify(ModifyKind::Metadata(_)) => false,
                        K::Create(_) | K::Modify(_) | K::Remove(_) | K::Any => true,
                        K::Access(_) | K::Other => false,
                    };
                    if change {
                        let _ = tx.send(ev.paths);
                    }
                }
            }) {
                Ok(w) => w,
                Err(e) => {
                    eprintln!("specwright mock: cannot watch files: {e}");
                    return;
                }
            };
        let mut watched_dirs: HashSet<PathBuf> = HashSet::new();
        let mut files: HashSet<PathBuf> = files.into_iter().collect();
        let mut watch_all = |files: &HashSet<PathBuf>, w: &mut notify::RecommendedWatcher| {
            for f in files {
                if let Some(d) = f.parent() {
                    if watched_dirs.insert(d.to_path_buf()) {
                        let _ = w.watch(d, RecursiveMode::NonRecursive);
                    }
                }
            }
        };
        watch_all(&files, &mut watcher);
        let _ = ready_tx.send(());
        let mut changed_while_loading = files.iter().any(|f| {
            std::fs::metadata(f)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= loading_started)
        });
        while !stop.load(std::sync::atomic::Ordering::SeqCst) {
            if !std::mem::take(&mut changed_while_loading) {
                let paths = match rx.recv_timeout(Duration::from_millis(50)) {
                    Ok(p) => p,
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => continue,
                    Err(_) => break,
                };
                if !paths.iter().any(|p| files.contains(p)) {
                    continue;
                }
            }
            // Let a burst of writes settle, then read once.
            std::thread::sleep(Duration::from_millis(15));
            while rx.try_recv().is_ok() {}
            match Engine::load(&spec, opts.clone()) {
                Ok(loaded) => {
                    *shared.engine.write().unwrap_or_else(|e| e.into_inner()) =
                        Arc::new(loaded.engine);
                    *shared.last_error.lock().unwrap_or_else(|e| e.into_inner()) = None;
                    shared
                        .generation
                        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    files = loaded.files.into_iter().collect();
                    watch_all(&files, &mut watcher);
                    eprintln!("specwright mock: reloaded {}", spec.display());
                }
                Err(e) => {
                    eprintln!("specwright mock: keeping the last good version: {e}");
                    *shared.last_error.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some(e.to_string());
                }
            }
        }
    });
    // An error on this channel means the thread ended early (no watcher); it said why.
    let _ = ready_rx.recv();
    handle
}
