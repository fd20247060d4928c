//! `specwright diff OLD NEW`: changes between two versions of a spec, breaking ones first.
//!
//! Exit codes: 0 no breaking change, 1 breaking changes, 2 input error.

use crate::common::{load, LoadArgs};
use specwright_diff::{diff, render};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The old version (YAML or JSON; Swagger 2.0, OpenAPI 3.0 or 3.1).
    old: PathBuf,
    /// The new version.
    new: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[command(flatten)]
    load: LoadArgs,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum Format {
    Text,
    Json,
    Markdown,
}

pub fn run(args: Args) -> Result<u8, String> {
    let old = load(&args.old, &args.load)?;
    let new = load(&args.new, &args.load)?;
    for (spec, path) in [(&old, &args.old), (&new, &args.new)] {
        if !spec.kind.is_openapi() {
            return Err(format!(
                "{}: not an OpenAPI or Swagger document (no `openapi` or `swagger` field)",
                path.display()
            ));
        }
        for (_, e) in spec.ref_errors() {
            eprintln!("warning: {e}");
        }
    }
    let report = diff(&old, &new);
    let out = match args.format {
        Format::Text => render::text(&report),
        Format::Json => render::json(&report) + "\n",
        Format::Markdown => render::markdown(&report),
    };
    print!("{out}");
    Ok(u8::from(report.has_breaking()))
}
