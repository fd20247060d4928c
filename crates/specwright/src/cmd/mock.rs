//! `specwright mock SPEC`: a mock server with Prism's flags (also in Prism's argument order,
//! `mock -p 4010 SPEC`), hot reload of the spec and the files it references.

use specwright_mock::{MockOptions, MockServer, ServerOptions};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The spec (YAML or JSON; Swagger 2.0, OpenAPI 3.0 or 3.1).
    spec: PathBuf,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to bind (0 picks a free one).
    #[arg(short = 'p', long, default_value_t = 4010)]
    port: u16,
    /// Generate responses from schemas instead of examples.
    #[arg(short = 'd', long)]
    dynamic: bool,
    /// Seed for dynamic data: the same request gets the same response (a number or any text).
    #[arg(long)]
    seed: Option<String>,
    /// Answer 500 with the violations when a response would break the spec.
    #[arg(long)]
    errors: bool,
    /// CORS headers and preflight answers (on by default; `--cors=false` as in Prism).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    cors: Option<bool>,
    /// Turn CORS off.
    #[arg(long, conflicts_with = "cors")]
    no_cors: bool,
    /// `false`: generated objects carry only their required properties.
    #[arg(long = "json-schema-faker-fillProperties", require_equals = true)]
    fill_properties: Option<bool>,
    /// Do not watch the spec's files for changes.
    #[arg(long)]
    no_watch: bool,
}

pub fn run(args: Args) -> Result<u8, String> {
    let seed = args.seed.as_deref().map(|s| {
        s.parse::<u64>().unwrap_or_else(|_| {
            // Text seeds (Prism accepts any string) hash to a number.
            s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
                (h ^ b as u64).wrapping_mul(0x100000001b3)
            })
        })
    });
    let opts = ServerOptions {
        host: args.host,
        port: args.port,
        mock: MockOptions {
            dynamic: args.dynamic,
            seed,
            errors: args.errors,
            cors: !args.no_cors && args.cors.unwrap_or(true),
            fill_properties: args.fill_properties,
        },
        watch: !args.no_watch,
    };
    let server = MockServer::start(&args.spec, opts).map_err(|e| e.to_string())?;
    let engine = server.engine();
    for op in engine.operations() {
        eprintln!("{:>7} {}{}", op.method, server.url(), op.path);
    }
    eprintln!(
        "specwright mock: serving {} on {}",
        args.spec.display(),
        server.url()
    );
    server.wait();
    Ok(0)
}
