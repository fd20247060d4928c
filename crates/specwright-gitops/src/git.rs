//! Running the user's `git`.
//!
//! Why the `git` CLI and not `git2`/`gix`: the user's identity, `insteadOf` rewrites,
//! credential helpers (store, cache, OS keychains, `gh auth`), ssh-agent and `~/.ssh/config`,
//! proxies and CA settings all live in git's own configuration and helpers. Only the real
//! `git` honours every one of them; the libraries support subsets, and a push that works in
//! the user's terminal must work here too. Every call is bounded by a timeout and never
//! prompts on a terminal unless asked (the studio has none).

use crate::redact::redact;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// How git is run.
#[derive(Clone, Debug)]
pub struct GitOptions {
    /// The `git` executable.
    pub program: String,
    /// Extra environment for every call (tests isolate `HOME` and `GIT_CONFIG_GLOBAL` here;
    /// normal use leaves it empty so the user's configuration applies).
    pub env: Vec<(String, String)>,
    /// Longest a single git call may take (network operations included).
    pub timeout: Duration,
    /// Let git ask for credentials on the terminal. Off for the studio and tests: a
    /// missing credential must fail, not hang.
    pub interactive: bool,
}

impl Default for GitOptions {
    fn default() -> Self {
        GitOptions {
            program: "git".to_string(),
            env: Vec::new(),
            timeout: Duration::from_secs(300),
            interactive: false,
        }
    }
}

/// Output of a finished git call.
#[derive(Debug)]
pub struct Output {
    pub ok: bool,
    pub stdout: String,
    /// Already redacted.
    pub stderr: String,
}

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run `{program}`: {message} (is git installed and on PATH?)")]
    Spawn { program: String, message: String },
    #[error("`git {args}` did not finish within {secs} s and was stopped")]
    Timeout { args: String, secs: u64 },
    #[error("`git {args}` failed: {stderr}")]
    Failed { args: String, stderr: String },
}

impl GitOptions {
    /// Runs git in `dir`; a non-zero exit is returned as `Output { ok: false }`.
    pub fn run(&self, dir: &Path, args: &[&str]) -> Result<Output, GitError> {
        let shown = redact(&args.join(" "));
        let mut cmd = Command::new(&self.program);
        cmd.args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if !self.interactive {
            // No credential prompt; ssh settings (core.sshCommand, agent) are left as the
            // user configured them, and the timeout bounds any wait.
            cmd.env("GIT_TERMINAL_PROMPT", "0");
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().map_err(|e| GitError::Spawn {
            program: self.program.clone(),
            message: e.to_string(),
        })?;
        // Drain both pipes on threads so a chatty git cannot block on a full pipe.
        let mut out = child.stdout.take().expect("piped");
        let mut err = child.stderr.take().expect("piped");
        let t_out = std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = out.read_to_end(&mut s);
            s
        });
        let t_err = std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = err.read_to_end(&mut s);
            s
        });
        let status = match child.wait_timeout(self.timeout) {
            Ok(Some(s)) => s,
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(GitError::Timeout {
                    args: shown,
                    secs: self.timeout.as_secs(),
                });
            }
        };
        let stdout = String::from_utf8_lossy(&t_out.join().unwrap_or_default()).into_owned();
        let stderr = String::from_utf8_lossy(&t_err.join().unwrap_or_default()).into_owned();
        Ok(Output {
            ok: status.success(),
            stdout,
            stderr: redact(stderr.trim()),
        })
    }

    /// Runs git and fails on a non-zero exit; returns trimmed stdout.
    pub fn ok(&self, dir: &Path, args: &[&str]) -> Result<String, GitError> {
        let out = self.run(dir, args)?;
        if out.ok {
            Ok(out.stdout.trim().to_string())
        } else {
            Err(GitError::Failed {
                args: redact(&args.join(" ")),
                stderr: out.stderr,
            })
        }
    }
}
