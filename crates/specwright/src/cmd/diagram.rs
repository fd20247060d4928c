//! `specwright diagram SPEC --view schemas|resources|gateway`: the spec as a picture, in
//! Mermaid, Graphviz DOT or self-contained SVG. The gateway view draws what
//! `specwright translate` (the Kong crate) generates, linked back to the spec.

use crate::common::{load, LoadArgs};
use specwright_diagram::{
    focus, gateway, render, resources, schemas, title, EntityOrigin, Format as OutFormat, GroupBy,
    ResourceOptions, SchemaOptions,
};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The spec (YAML or JSON; Swagger 2.0, OpenAPI 3.0 or 3.1).
    spec: PathBuf,
    /// What to draw.
    #[arg(long, value_enum)]
    view: View,
    /// Output format (default: from the -o extension, .svg/.dot/.gv/.mmd/.md, else mermaid).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write here instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Draw only this node's neighbourhood: a schema name, a path (`/pets/{id}`), a tag
    /// in compact mode, or a gateway entity (`service:NAME`).
    #[arg(long, value_name = "NAME")]
    focus: Option<String>,
    /// How many edges away from --focus to draw.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    depth: usize,
    /// Resources: one box per tag (or first segment) listing its paths with method chips.
    #[arg(long)]
    compact: bool,
    /// Schemas: badge each schema with its lint findings count (the `specwright lint`
    /// ruleset: --ruleset, else .spectral.yaml|yml|json here, else the org default policy).
    #[arg(long)]
    lint_badges: bool,
    /// Ruleset for --lint-badges.
    #[arg(long, value_name = "FILE", requires = "lint_badges")]
    ruleset: Option<PathBuf>,
    /// Resources in compact mode: group paths by their first tag or first path segment.
    #[arg(long, value_enum, default_value = "tag", requires = "compact")]
    group_by: GroupByArg,
    #[command(flatten)]
    load: LoadArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum View {
    Schemas,
    Resources,
    Gateway,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum Format {
    Mermaid,
    Dot,
    Svg,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum GroupByArg {
    Tag,
    Segment,
}

pub fn run(args: Args) -> Result<u8, String> {
    let format = match (args.format, &args.output) {
        (Some(Format::Mermaid), _) => OutFormat::Mermaid,
        (Some(Format::Dot), _) => OutFormat::Dot,
        (Some(Format::Svg), _) => OutFormat::Svg,
        (None, Some(p)) => match p.extension().and_then(|e| e.to_str()) {
            Some("svg") => OutFormat::Svg,
            Some("dot" | "gv") => OutFormat::Dot,
            _ => OutFormat::Mermaid,
        },
        (None, None) => OutFormat::Mermaid,
    };
    if args.compact && args.view != View::Resources {
        return Err("--compact applies to --view resources only".into());
    }
    if args.lint_badges && args.view != View::Schemas {
        return Err("--lint-badges applies to --view schemas only".into());
    }
    let spec = load(&args.spec, &args.load)?;
    for (_, err) in spec.ref_errors() {
        eprintln!("warning: {err}");
    }
    let graph = match args.view {
        View::Schemas => {
            let mut opts = SchemaOptions::default();
            if args.lint_badges {
                opts.lint_counts = lint_counts(&spec, args.ruleset.as_deref())?;
            }
            schemas(&spec, &opts)
        }
        View::Gateway => {
            // The same translation as `specwright translate` with its defaults.
            let t = specwright_kong::translate(&spec, &specwright_kong::Options::default())
                .map_err(|e| e.to_string())?;
            let origins: Vec<EntityOrigin> = t
                .sources
                .into_iter()
                .map(|s| EntityOrigin {
                    entity: s.entity,
                    file: s.source.file,
                    pointer: s.source.pointer,
                })
                .collect();
            gateway(&title(&spec), &t.config, &origins)
        }
        View::Resources => resources(
            &spec,
            &ResourceOptions {
                compact: args.compact,
                group_by: match args.group_by {
                    GroupByArg::Tag => GroupBy::Tag,
                    GroupByArg::Segment => GroupBy::Segment,
                },
            },
        ),
    }
    .map_err(|e| e.to_string())?;
    let graph = match &args.focus {
        Some(name) => focus(&graph, name, args.depth).map_err(|e| e.to_string())?,
        None => graph,
    };
    let text = render(&graph, format);
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = out.write_all(text.as_bytes());
        }
    }
    Ok(0)
}

/// Findings per JSON pointer (`file#pointer` for files other than the spec's own), from the
/// same ruleset discovery as `specwright lint`.
fn lint_counts(
    spec: &specwright_document::Spec,
    explicit: Option<&std::path::Path>,
) -> Result<BTreeMap<String, usize>, String> {
    let linter = super::lint::load_linter(explicit)?;
    let findings = linter.lint(spec).map_err(|e| e.to_string())?;
    let root = &spec.root().name;
    let mut counts = BTreeMap::new();
    for f in findings {
        let pointer = specwright_document::pointer::to_pointer(&f.path);
        let key = if &f.source == root {
            pointer
        } else {
            format!("{}#{pointer}", f.source)
        };
        *counts.entry(key).or_insert(0) += 1;
    }
    Ok(counts)
}
