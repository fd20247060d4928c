//! `specwright stats SPEC`: what a spec is and how big.

use crate::common::{load, LoadArgs};
use specwright_document::Stats;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The spec (YAML or JSON; Swagger 2.0, OpenAPI 3.0 or 3.1).
    spec: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[command(flatten)]
    load: LoadArgs,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> Result<u8, String> {
    let spec = load(&args.spec, &args.load)?;
    let stats = Stats::of(&spec);
    match args.format {
        Format::Json => {
            let mut v = serde_json::to_value(&stats).map_err(|e| e.to_string())?;
            v["file_names"] = spec.files.iter().map(|f| f.name.clone()).collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
            );
        }
        Format::Text => {
            println!("{}", spec.root().name);
            println!(
                "  kind        {}{}",
                stats.kind.label(),
                stats
                    .version
                    .as_deref()
                    .map(|v| format!(" ({v})"))
                    .unwrap_or_default()
            );
            println!("  files       {} ({} bytes)", stats.files, stats.bytes);
            println!(
                "  refs        {} ({} resolved, {} broken, {} circular targets)",
                stats.refs, stats.refs_resolved, stats.refs_broken, stats.circular_targets
            );
            println!("  paths       {}", stats.paths);
            println!("  operations  {}", stats.operations);
            println!("  schemas     {}", stats.schemas);
        }
    }
    for (_, err) in spec.ref_errors() {
        eprintln!("warning: {err}");
    }
    for f in &spec.files {
        for w in &f.warnings {
            let p = f.position(w.span.start as usize);
            eprintln!(
                "warning: {}:{}:{}: {}",
                f.name,
                p.line + 1,
                p.character + 1,
                w.message
            );
        }
    }
    Ok(0)
}
