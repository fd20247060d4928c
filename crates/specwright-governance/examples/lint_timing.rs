//! Times loading and linting one spec with a ruleset: `lint_timing RULESET SPEC`.
//! Prints the finding count and per-stage milliseconds (used for benchmarks/governance-engine.md).

use specwright_document::{LoadOptions, Spec};
use specwright_governance::Linter;
use std::time::Instant;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(rs), Some(spec)) = (args.get(1), args.get(2)) else {
        return Err("usage: lint_timing RULESET SPEC".into());
    };
    let t0 = Instant::now();
    let linter = Linter::from_file(rs.as_ref()).map_err(|e| e.to_string())?;
    let t1 = Instant::now();
    let spec = Spec::load(spec.as_ref(), &LoadOptions::default()).map_err(|e| e.to_string())?;
    let t2 = Instant::now();
    let findings = linter.lint(&spec).map_err(|e| e.to_string())?;
    let t3 = Instant::now();
    // Second lint: the compiled plan is cached, as in the studio's re-lint.
    let again = linter.lint(&spec).map_err(|e| e.to_string())?;
    let t4 = Instant::now();
    let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
    println!(
        "findings={} ruleset_ms={:.1} load_ms={:.1} lint_ms={:.1} relint_ms={:.1}",
        findings.len(),
        ms(t0, t1),
        ms(t1, t2),
        ms(t2, t3),
        ms(t3, t4)
    );
    assert_eq!(findings.len(), again.len());
    Ok(())
}
