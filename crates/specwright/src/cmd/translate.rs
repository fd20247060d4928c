//! `specwright translate SPEC`: the spec as Kong decK declarative config, flags as
//! `deck file openapi2kong` names them.

use crate::common::{load, LoadArgs};
use specwright_document::Spec;
use specwright_kong::{render, translate_config, Format, Options};
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The spec (YAML or JSON; OpenAPI 3.0, 3.1 or Swagger 2.0); `-` reads standard input.
    spec: PathBuf,
    /// Write the config here instead of standard output.
    #[arg(
        short = 'o',
        long = "output-file",
        visible_alias = "output",
        value_name = "FILE"
    )]
    output: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "yaml")]
    format: OutFormat,
    /// With `--format json`: one line instead of pretty-printed.
    #[arg(long)]
    compact: bool,
    /// Tags for every entity (repeat or comma-separate); default: the spec's `x-kong-tags`.
    #[arg(long = "select-tag", value_name = "TAG", value_delimiter = ',')]
    select_tags: Vec<String>,
    /// Base name for entity names and UUIDs (default: `x-kong-name`, else `info.title`).
    #[arg(long = "uuid-base", value_name = "NAME")]
    uuid_base: Option<String>,
    /// Insomnia-compatible names; implies --no-id.
    #[arg(short = 'i', long = "inso-compat", visible_alias = "inso-compatible")]
    inso_compat: bool,
    /// Leave out `id` fields.
    #[arg(long = "no-id")]
    no_id: bool,
    /// Generate openid-connect plugins from `security`.
    #[arg(long = "generate-security")]
    generate_security: bool,
    /// Skip unsupported security requirements instead of failing.
    #[arg(long = "ignore-security-errors")]
    ignore_security_errors: bool,
    /// Accept `$ref` loops that decK calls infinite.
    #[arg(long = "ignore-circular-refs")]
    ignore_circular_refs: bool,
    /// No extra routes per header enum value.
    #[arg(long = "skip-route-by-header")]
    skip_route_by_header: bool,
    /// Share one service among paths/operations with identical servers and defaults.
    #[arg(long = "reuse-services")]
    reuse_services: bool,
    /// Header-enum routes for optional headers too.
    #[arg(long = "all-headers-required")]
    all_headers_required: bool,
    /// Also map apiKey, http basic and http bearer JWT schemes to key-auth, basic-auth
    /// and jwt plugins (turns on security generation).
    #[arg(long = "security-plugins")]
    security_plugins: bool,
    /// Fail (exit 1) on schema warnings too (fields Kong would reject but decK passes on).
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    load: LoadArgs,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum OutFormat {
    Yaml,
    Json,
}

pub fn run(args: Args) -> Result<u8, String> {
    let spec = if args.spec == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Spec::from_text(Path::new("stdin"), &text, &args.load.options())
            .map_err(|e| e.to_string())?
    } else {
        load(&args.spec, &args.load)?
    };
    let opts = Options {
        tags: (!args.select_tags.is_empty()).then(|| args.select_tags.clone()),
        doc_name: args.uuid_base.clone(),
        inso_compat: args.inso_compat,
        skip_id: args.no_id || args.inso_compat,
        oidc: args.generate_security,
        ignore_security_errors: args.ignore_security_errors,
        ignore_circular_refs: args.ignore_circular_refs,
        treat_all_headers_as_required: args.all_headers_required,
        skip_route_by_header: args.skip_route_by_header,
        reuse_services: args.reuse_services,
        security_plugins: args.security_plugins,
        ..Options::default()
    };
    let t = match translate_config(&spec, &opts) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    for w in &t.warnings {
        eprintln!("warning: {w}");
    }
    let format = match (args.format, args.compact) {
        (OutFormat::Yaml, _) => Format::Yaml,
        (OutFormat::Json, false) => Format::Json,
        (OutFormat::Json, true) => Format::JsonCompact,
    };
    let text = render(&t.config, format);
    match &args.output {
        Some(p) if p != Path::new("-") => {
            std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?
        }
        _ => print!("{text}"),
    }
    let failed = args.strict && !t.warnings.is_empty();
    // The process ends after this: freeing the spec's tree and the config node by node would
    // only delay the exit.
    std::mem::forget((spec, t));
    Ok(u8::from(failed))
}
