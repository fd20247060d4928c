//! Benchmark marks: with `SPECWRIGHT_BENCH=<file>` in the environment, timings and sizes are
//! appended to that file as `name value` lines (bench/studio.sh reads them). Without it,
//! nothing is measured or written.

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

fn file() -> Option<&'static PathBuf> {
    static FILE: OnceLock<Option<PathBuf>> = OnceLock::new();
    FILE.get_or_init(|| std::env::var_os("SPECWRIGHT_BENCH").map(PathBuf::from))
        .as_ref()
}

pub fn enabled() -> bool {
    file().is_some()
}

/// Appends `name value` (one decimal) to the marks file; a no-op when not benchmarking.
pub fn mark(name: &str, value: f64) -> Result<(), String> {
    let Some(file) = file() else {
        return Ok(());
    };
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .map_err(|e| e.to_string())?;
    writeln!(f, "{name} {value:.1}").map_err(|e| e.to_string())
}
