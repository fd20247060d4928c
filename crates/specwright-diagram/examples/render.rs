//! Times the diagram pipeline on one spec, apart from loading it:
//! `cargo run --release --example render -- SPEC schemas|resources|compact svg|dot|mermaid OUT [RUNS]`.
//! bench/diagram.sh runs it on the corpus.

use specwright_diagram::{render, resources, schemas, Format, ResourceOptions, SchemaOptions};
use specwright_document::{LoadOptions, Spec};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: render SPEC schemas|resources|compact svg|dot|mermaid OUT [RUNS]");
        std::process::exit(2);
    }
    let t = Instant::now();
    let spec = match Spec::load(args[0].as_ref(), &LoadOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let load = t.elapsed();
    let format = match args[2].as_str() {
        "svg" => Format::Svg,
        "dot" => Format::Dot,
        _ => Format::Mermaid,
    };
    let runs: usize = args.get(4).and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
    let mut best = f64::MAX;
    let mut out = String::new();
    for _ in 0..runs {
        let t = Instant::now();
        let graph = match args[1].as_str() {
            "schemas" => schemas(&spec, &SchemaOptions::default()),
            view => resources(
                &spec,
                &ResourceOptions {
                    compact: view == "compact",
                    ..Default::default()
                },
            ),
        }
        .unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2);
        });
        out = render(&graph, format);
        best = best.min(t.elapsed().as_secs_f64());
    }
    std::fs::write(&args[3], &out).expect("write output");
    println!(
        "{} {} {}: load {:.0} ms, build+layout+render best of {runs}: {:.0} ms, {} bytes",
        args[0],
        args[1],
        args[2],
        load.as_secs_f64() * 1e3,
        best * 1e3,
        out.len()
    );
}
