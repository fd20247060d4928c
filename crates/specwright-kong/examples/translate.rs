//! The engine alone, for profiling and for the benchmark when the full CLI is not at hand:
//! `cargo run --release -p specwright-kong --example translate -- SPEC [OUT.json] [--ignore-circular-refs]`.
//! Prints load and translate times to stderr.

use specwright_document::{LoadOptions, Spec};
use specwright_kong::{render, translate, Format, Options};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let Some(spec_path) = files.first() else {
        eprintln!("usage: translate SPEC [OUT.json] [--ignore-circular-refs]");
        std::process::exit(2);
    };
    let opts = Options {
        ignore_circular_refs: args.iter().any(|a| a == "--ignore-circular-refs"),
        ..Options::default()
    };
    let t0 = Instant::now();
    let spec = match Spec::load(spec_path.as_ref(), &LoadOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let t1 = Instant::now();
    let t = match translate(&spec, &opts) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let t2 = Instant::now();
    let text = render(&t.config, Format::JsonCompact);
    if let Some(out) = files.get(1) {
        std::fs::write(out, text).expect("write output");
    }
    eprintln!(
        "load {:.1} ms, translate {:.1} ms, render {:.1} ms",
        (t1 - t0).as_secs_f64() * 1e3,
        (t2 - t1).as_secs_f64() * 1e3,
        t2.elapsed().as_secs_f64() * 1e3
    );
}
