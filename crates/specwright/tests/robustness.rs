//! Bad input never crashes or hangs a command. Seeded mutations of the project's own specs
//! (examples/ and the policies' example specs): cut and pasted spans, stray YAML/JSON tokens,
//! truncation, and `$ref` pointers moved onto other pointers, into themselves or below
//! themselves. Each goes through `stats`, `lint`, `translate` and `diagram`, which must exit
//! 0, 1 or 2 in bounded time, and through the mock engine (previews and requests of every
//! operation), which must not panic. Seeded, so a failure names its case and replays; a longer run of
//! the same kind over the corpus found the `$ref`-through-itself stack overflow.

use specwright_mock::{Engine, MockOptions, MockRequest, Preview};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// The default run; `SPECWRIGHT_FUZZ_SEED` and `SPECWRIGHT_FUZZ_CASES` run others.
const SEED: u64 = 0x5eed_2026;
const CASES: usize = 200;
/// Far above a small spec's debug-build run; a hang is what it catches.
const PER_RUN: Duration = Duration::from_secs(60);

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "\t",
    "'",
    "\"",
    "&a ",
    "*a",
    "<<: *a\n",
    "? ",
    "!!binary ",
    "~",
    "null",
    "1e999",
    "-0",
    "|\n",
    ">-\n",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "\u{feff}",
    "\u{0}",
    "$ref: '#/'\n",
    "{\"$ref\": \"#/x\"}",
    "#/paths/~1a",
    "x-kong-plugin-a: 1\n",
    "servers:\n  - url: '{a}:{b}'\n",
    "/{p}/{p}",
    "é",
];
/// Values put after a key: wrong types, empty and odd collections, references, templates.
const VALUES: &[&str] = &[
    "null",
    "true",
    "0",
    "-1",
    "1.5e308",
    "''",
    "x",
    "[]",
    "{}",
    "[1, [2, {a: b}]]",
    "{type: object, properties: {a: {type: array}}}",
    "{type: [string, 'null']}",
    "{$ref: '#/'}",
    "{$ref: '#'}",
    "'#/components/schemas'",
    "{oneOf: [{type: string}, {type: integer}]}",
    "{allOf: [{$ref: '#/components'}]}",
    "{enum: []}",
    "{minLength: 5, maxLength: 1}",
    "'{id}'",
    "/a/{b}/{b}",
    "'https://{host}:{port}/v1'",
    "{pattern: '^(a+)+$'}",
    "{pattern: '['}",
    "{format: date-time, example: no}",
    "{x-kong-plugin-rate-limiting: {config: 1}}",
    "{discriminator: {propertyName: kind}}",
    "{additionalProperties: {$ref: '#/x'}}",
];
const POINTER_SUFFIXES: &[&str] = &[
    "",
    "/properties/x",
    "/items",
    "/0",
    "/allOf/0",
    "/~1",
    "/..",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every spec under examples/ and policies/ (files that say `openapi` or `swagger`).
fn seed_specs() -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                let data = std::fs::read(&p).unwrap();
                let text = String::from_utf8_lossy(&data);
                if text.contains("openapi") || text.contains("swagger") {
                    out.push((p, data));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("examples"), &mut out);
    walk(&root().join("policies"), &mut out);
    out
}

/// Byte offsets of the JSON pointers written in `data` (`#/...` up to a quote or space).
fn pointers(data: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < data.len() {
        if data[i] == b'#' && data[i + 1] == b'/' {
            let end = data[i..]
                .iter()
                .position(|b| matches!(b, b'\'' | b'"' | b' ' | b'\n' | b'}' | b','))
                .map_or(data.len(), |n| i + n);
            out.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Mostly edits that keep the text parseable (so the engines behind the parser get bad
/// specs, not just the parser bad text), sometimes raw byte damage.
fn mutate(rng: &mut fastrand::Rng, data: Vec<u8>) -> Vec<u8> {
    if rng.u8(0..5) == 0 {
        damage_bytes(rng, data)
    } else {
        edit_lines(rng, data)
    }
}

/// Whole lines dropped, repeated or given other values and references; pointers retargeted.
fn edit_lines(rng: &mut fastrand::Rng, data: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&data).into_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..rng.usize(1..=4) {
        if lines.is_empty() {
            break;
        }
        let i = rng.usize(0..lines.len());
        let indent = lines[i].len() - lines[i].trim_start().len();
        let pad = " ".repeat(indent);
        match rng.u8(0..6) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let copy = lines[rng.usize(0..lines.len())].trim_start().to_string();
                lines.insert(i, format!("{pad}{copy}"));
            }
            2 => {
                // Another value for a key: a scalar, a collection or a reference.
                if let Some(colon) = lines[i].find(": ") {
                    let value = VALUES[rng.usize(0..VALUES.len())];
                    lines[i].replace_range(colon + 2.., value);
                }
            }
            3 => {
                let ps = pointers(text.as_bytes());
                if !ps.is_empty() {
                    let (b0, b1) = ps[rng.usize(0..ps.len())];
                    let suffix = POINTER_SUFFIXES[rng.usize(0..POINTER_SUFFIXES.len())];
                    lines.insert(i, format!("{pad}$ref: '{}{suffix}'", &text[b0..b1]));
                }
            }
            _ => {
                let mut joined = lines.join("\n").into_bytes();
                let ps = pointers(&joined);
                if !ps.is_empty() {
                    let (a0, a1) = ps[rng.usize(0..ps.len())];
                    let (b0, b1) = ps[rng.usize(0..ps.len())];
                    let mut target = joined[b0..b1].to_vec();
                    let suffix = POINTER_SUFFIXES[rng.usize(0..POINTER_SUFFIXES.len())];
                    target.extend_from_slice(suffix.as_bytes());
                    joined.splice(a0..a1, target);
                    lines = String::from_utf8_lossy(&joined)
                        .lines()
                        .map(str::to_string)
                        .collect();
                }
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out.into_bytes()
}

fn damage_bytes(rng: &mut fastrand::Rng, mut data: Vec<u8>) -> Vec<u8> {
    for _ in 0..rng.usize(1..=3) {
        let at = rng.usize(0..=data.len());
        match rng.u8(0..4) {
            0 => {
                let end = (at + rng.usize(1..40)).min(data.len());
                data.drain(at..end);
            }
            1 => {
                let t = TOKENS[rng.usize(0..TOKENS.len())];
                data.splice(at..at, t.bytes());
            }
            2 => {
                let from = rng.usize(0..=data.len());
                let end = (from + rng.usize(1..200)).min(data.len());
                let copy = data[from..end].to_vec();
                data.splice(at..at, copy);
            }
            _ => data.truncate(at),
        }
    }
    data
}

/// Runs `specwright ARGS`: Err when it crashed (a signal, a panic, an exit code other than
/// 0, 1 or 2) or did not finish in time.
fn run(args: &[&str], spec: &Path) -> Result<(), String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_specwright"))
        .args(args)
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read stderr while waiting, so a chatty command cannot block on a full pipe.
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let status = match child.wait_timeout(PER_RUN).unwrap() {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{args:?} did not finish in {PER_RUN:?}"));
        }
    };
    let stderr = reader.join().unwrap();
    // The end of stderr, where a panic or abort says what happened.
    let tail_from = stderr.char_indices().rev().nth(599).map_or(0, |(i, _)| i);
    match status.code() {
        Some(0..=2) if !stderr.contains("panicked") => Ok(()),
        code => Err(format!(
            "{args:?} exited with {code:?} ({status}): {}",
            &stderr[tail_from..]
        )),
    }
}

const COMMANDS: &[&[&str]] = &[
    &["stats"],
    &["lint", "-F", "off", "--format", "json"],
    &["translate", "--generate-security"],
    &["diagram", "--view", "schemas", "--format", "svg"],
    &["diagram", "--view", "resources", "--format", "dot"],
    &["diagram", "--view", "gateway", "--format", "mermaid"],
];

/// Every command on `spec`, then the mock engine; Err names the first that crashed.
fn every_command(spec: &Path) -> Result<(), String> {
    COMMANDS.iter().try_for_each(|args| run(args, spec))?;
    std::panic::catch_unwind(|| mock_everything(spec)).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("the mock engine panicked: {message}")
    })
}

/// Previews every status of every operation, static and dynamic, and sends each operation a
/// request with a JSON body; a spec the engine refuses is fine.
fn mock_everything(spec: &Path) {
    for dynamic in [false, true] {
        let opts = MockOptions {
            dynamic,
            seed: Some(7),
            ..MockOptions::default()
        };
        let Ok(loaded) = Engine::load(spec, opts) else {
            return;
        };
        let engine = loaded.engine;
        for op in engine.operations() {
            for status in &op.statuses {
                let _ = engine.preview(&Preview {
                    operation: format!("{} {}", op.method, op.path),
                    status: status.parse().ok(),
                    dynamic,
                    ..Preview::default()
                });
            }
            let target: String = op
                .path
                .split('/')
                .map(|seg| if seg.starts_with('{') { "1" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            let request = MockRequest::new(&op.method.to_uppercase(), &format!("{target}?q=1"))
                .header("content-type", "application/json")
                .header("accept", "*/*")
                .body(r#"{"id": 1, "name": [null]}"#);
            engine.handle(&request);
        }
    }
}

#[test]
fn a_pointer_through_the_ref_being_resolved_is_no_crash() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("api.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
         responses:\n        '200':\n          description: ok\n          content:\n            \
         application/json:\n              schema: {$ref: '#/components/schemas/A/properties/x'}\n\
         components:\n  schemas:\n    A: {$ref: '#/components/schemas/A/properties/x'}\n",
    )
    .unwrap();
    every_command(&spec).unwrap();
}

#[test]
fn mutated_specs_never_crash_or_hang() {
    let seeds = seed_specs();
    assert!(seeds.len() >= 10, "too few seed specs: {}", seeds.len());
    let dir = tempfile::tempdir().unwrap();
    let setting = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
    let seed = setting("SPECWRIGHT_FUZZ_SEED").unwrap_or(SEED);
    let cases = setting("SPECWRIGHT_FUZZ_CASES").map_or(CASES, |n| n as usize);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut failures = Vec::new();
    for case in 0..cases {
        let (origin, data) = &seeds[rng.usize(0..seeds.len())];
        let mutated = mutate(&mut rng, data.clone());
        let ext = origin.extension().unwrap().to_str().unwrap();
        let spec = dir.path().join(format!("case{case}.{ext}"));
        std::fs::write(&spec, &mutated).unwrap();
        match every_command(&spec) {
            Ok(()) => std::fs::remove_file(&spec).unwrap(),
            Err(e) => {
                // Kept where it can be read after the run.
                let kept = std::env::temp_dir().join(format!("specwright-crash-{case}.{ext}"));
                std::fs::copy(&spec, &kept).unwrap();
                failures.push(format!(
                    "seed {seed} case {case} (from {}), saved as {}: {e}",
                    origin.display(),
                    kept.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
