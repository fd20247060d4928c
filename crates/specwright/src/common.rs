//! Pieces every subcommand shares: loading a spec with the common flags, progress.

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use specwright_document::{LoadOptions, Spec};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

/// Flags that control how a spec and its referenced files are read.
#[derive(Args, Clone, Debug)]
pub struct LoadArgs {
    /// Folder that file `$ref`s may read below (default: the enclosing git work tree, else
    /// the spec's folder).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Follow http(s) `$ref`s (off by default).
    #[arg(long)]
    pub allow_remote_refs: bool,
    /// Largest file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: usize,
}

impl LoadArgs {
    pub fn options(&self) -> LoadOptions {
        let mut o = LoadOptions {
            root: self.root.clone(),
            allow_remote: self.allow_remote_refs,
            ..LoadOptions::default()
        };
        o.limits.max_bytes = self.max_file_size;
        o
    }
}

/// Loads a spec, with a spinner on a terminal (never when stderr is piped).
pub fn load(path: &std::path::Path, args: &LoadArgs) -> Result<Spec, String> {
    let spinner = progress(&format!("loading {}", path.display()));
    let result = Spec::load(path, &args.options()).map_err(|e| e.to_string());
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    result
}

/// A spinner for long work, only when stderr is a terminal.
pub fn progress(message: &str) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("static template"));
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(100));
    Some(bar)
}
