//! Test harness: an isolated git environment, bare remotes, specs, gate inputs, and a
//! smart-HTTP git server (`git http-backend` behind a small HTTP/1.1 CGI bridge on
//! 127.0.0.1) that requires basic credentials.

#![allow(dead_code)]

use specwright_document::{LoadOptions, Range};
use specwright_gitops::{
    GateInputs, GitOptions, LintFinding, LintSummary, PushRequest, Reviewer, Severity,
};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// A temporary HOME with its own global git config; no system config is read.
pub struct Env {
    pub tmp: tempfile::TempDir,
    pub git: GitOptions,
}

impl Env {
    pub fn new() -> Env {
        Env::with_config("")
    }

    /// `extra` is appended to the global git config.
    pub fn with_config(extra: &str) -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let global = tmp.path().join("gitconfig");
        std::fs::write(
            &global,
            format!(
                "[user]\n\tname = Test Author\n\temail = author@example.com\n[init]\n\tdefaultBranch = main\n{extra}"
            ),
        )
        .unwrap();
        let env = vec![
            ("HOME".to_string(), home.display().to_string()),
            (
                "XDG_CONFIG_HOME".to_string(),
                home.join(".config").display().to_string(),
            ),
            ("GIT_CONFIG_NOSYSTEM".to_string(), "1".to_string()),
            (
                "GIT_CONFIG_GLOBAL".to_string(),
                global.display().to_string(),
            ),
            ("GIT_TERMINAL_PROMPT".to_string(), "0".to_string()),
        ];
        Env {
            tmp,
            git: GitOptions {
                env,
                timeout: Duration::from_secs(60),
                ..GitOptions::default()
            },
        }
    }

    pub fn path(&self, p: &str) -> PathBuf {
        self.tmp.path().join(p)
    }

    /// Runs git with the isolated environment; panics on failure.
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        self.git
            .ok(dir, args)
            .unwrap_or_else(|e| panic!("git {args:?}: {e}"))
    }

    /// A bare repository whose `main` holds a README (like a fresh governance repo).
    pub fn bare_remote(&self, at: &Path) -> PathBuf {
        std::fs::create_dir_all(at).unwrap();
        self.git(at, &["init", "-q", "--bare"]);
        let seed = self.tmp.path().join(format!(
            "seed-{}",
            at.file_name().unwrap().to_string_lossy()
        ));
        std::fs::create_dir_all(&seed).unwrap();
        self.git(&seed, &["init", "-q", "-b", "main"]);
        std::fs::write(seed.join("README.md"), "governance repo\n").unwrap();
        self.git(&seed, &["add", "README.md"]);
        self.git(&seed, &["commit", "-q", "-m", "Seed"]);
        self.git(&seed, &["push", "-q", at.to_str().unwrap(), "main"]);
        at.to_path_buf()
    }

    /// Every ref of a repository with its commit: what "untouched" is checked against.
    pub fn refs(&self, repo: &Path) -> String {
        self.git(repo, &["for-each-ref", "--format=%(refname) %(objectname)"])
    }

    /// The file at `rev:path` in a repository.
    pub fn show(&self, repo: &Path, rev: &str, path: &str) -> String {
        self.git(repo, &["show", &format!("{rev}:{path}")])
    }
}

/// A two-file 3.0 spec: `openapi.yaml` and `schemas/pet.yaml`.
pub fn write_spec(dir: &Path, version: &str, pet_schema: &str, query_params: &str) -> PathBuf {
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    std::fs::write(
        dir.join("openapi.yaml"),
        format!(
            r#"openapi: 3.0.3
info:
  title: Pet Store
  version: "{version}"
servers:
  - url: https://pets.example.com/v1
paths:
  /pets:
    get:
      operationId: listPets
      parameters: {query_params}
      responses:
        "200":
          description: The pets
          content:
            application/json:
              schema:
                type: array
                items: {{$ref: 'schemas/pet.yaml'}}
"#
        ),
    )
    .unwrap();
    std::fs::write(dir.join("schemas/pet.yaml"), pet_schema).unwrap();
    dir.join("openapi.yaml")
}

pub const PET: &str =
    "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n  tag: {type: string}\n";
/// `tag` removed from a response schema: breaking.
pub const PET_NO_TAG: &str =
    "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n";

pub fn request(spec: &Path, repo: &str, branch: &str) -> PushRequest {
    PushRequest {
        spec: spec.to_path_buf(),
        load: LoadOptions {
            root: spec.parent().map(Path::to_path_buf),
            ..LoadOptions::default()
        },
        repo: repo.to_string(),
        branch: Some(branch.to_string()),
        dir: Some("apis/pets".to_string()),
        reviewer: Reviewer::parse("Rita Reviewer <rita@example.com>").unwrap(),
        message: None,
        allow_breaking: None,
    }
}

pub fn inputs(findings: Vec<(Severity, &str)>, spec: &Path) -> GateInputs {
    GateInputs {
        lint: LintSummary {
            ruleset: "test-ruleset.yaml".to_string(),
            ruleset_sha256: specwright_gitops::record::sha256_hex(b"rules: {}"),
            findings: findings
                .into_iter()
                .map(|(severity, rule)| LintFinding {
                    rule: rule.to_string(),
                    severity,
                    message: format!("{rule} failed"),
                    file: std::path::absolute(spec).unwrap(),
                    range: Range::default(),
                })
                .collect(),
        },
        translation: Ok("_format_version: \"3.0\"\nservices:\n  - name: pet-store\n".to_string()),
    }
}

pub fn clean(spec: &Path) -> GateInputs {
    inputs(Vec::new(), spec)
}

/// Smart-HTTP git server on 127.0.0.1 requiring basic credentials for every request.
pub struct GitHttpServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl GitHttpServer {
    pub fn start(
        project_root: &Path,
        user: &str,
        password: &str,
        env: &[(String, String)],
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let expected = format!("Basic {}", base64(format!("{user}:{password}").as_bytes()));
        let root = project_root.to_path_buf();
        let env = env.to_vec();
        let user = user.to_string();
        let flag = stop.clone();
        let accept = std::thread::spawn(move || {
            // Polls so the server stops when the test drops it.
            while !flag.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (root, env, expected, user) =
                            (root.clone(), env.clone(), expected.clone(), user.clone());
                        std::thread::spawn(move || {
                            let _ = serve(stream, &root, &env, &expected, &user);
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        GitHttpServer {
            port,
            stop,
            accept: Some(accept),
        }
    }
}

impl Drop for GitHttpServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn serve(
    stream: TcpStream,
    root: &Path,
    env: &[(String, String)],
    expected_auth: &str,
    user: &str,
) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let header = |k: &str| headers.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if let Some(len) = header("content-length").and_then(|l| l.parse::<usize>().ok()) {
        body.resize(len, 0);
        reader.read_exact(&mut body)?;
    } else if header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let n = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                .unwrap_or(0);
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk)?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    }
    let mut out = stream;
    if header("authorization").as_deref() != Some(expected_auth) {
        out.write_all(
            b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )?;
        return Ok(());
    }
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let mut cmd = Command::new("git");
    cmd.arg("http-backend")
        .env("GIT_PROJECT_ROOT", root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("REQUEST_METHOD", &method)
        .env("PATH_INFO", path)
        .env("QUERY_STRING", query)
        .env("CONTENT_TYPE", header("content-type").unwrap_or_default())
        .env("CONTENT_LENGTH", body.len().to_string())
        .env("REMOTE_USER", user)
        .env("REMOTE_ADDR", "127.0.0.1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(enc) = header("content-encoding") {
        cmd.env("HTTP_CONTENT_ENCODING", enc);
    }
    if let Some(p) = header("git-protocol") {
        cmd.env("GIT_PROTOCOL", p);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn()?;
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&body);
    });
    let mut cgi = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut cgi)?;
    let _ = writer.join();
    let _ = child.wait();
    let split = find(&cgi, b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| find(&cgi, b"\n\n").map(|i| (i, 2)));
    let (head, payload) = match split {
        Some((i, n)) => (
            String::from_utf8_lossy(&cgi[..i]).into_owned(),
            &cgi[i + n..],
        ),
        None => (String::new(), &cgi[..]),
    };
    let mut status = "200 OK".to_string();
    let mut response = String::new();
    for l in head.lines() {
        match l.split_once(':') {
            Some((k, v)) if k.eq_ignore_ascii_case("status") => status = v.trim().to_string(),
            Some(_) => response.push_str(&format!("{l}\r\n")),
            None => {}
        }
    }
    out.write_all(
        format!(
            "HTTP/1.1 {status}\r\n{response}Content-Length: {}\r\nConnection: close\r\n\r\n",
            payload.len()
        )
        .as_bytes(),
    )?;
    out.write_all(payload)?;
    out.flush()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// RFC 4648 base64, for the expected `Authorization` header (std has none and this is
/// test-only).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn base64_matches_rfc4648() {
    assert_eq!(base64(b"alice:s3cret"), "YWxpY2U6czNjcmV0");
    assert_eq!(base64(b"ab"), "YWI=");
    assert_eq!(base64(b"a"), "YQ==");
}
