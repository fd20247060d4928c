//! `cargo run -p specwright-mock --example serve -- SPEC PORT [--dynamic] [--seed N]`:
//! the mock server without the CLI, for the benchmark and schemathesis scripts.

use specwright_mock::{MockOptions, MockServer, ServerOptions};
use std::path::PathBuf;

// The allocator the `specwright` binary uses, so the benchmark measures what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(spec), Some(port)) = (args.first(), args.get(1).and_then(|p| p.parse().ok())) else {
        eprintln!("usage: serve SPEC PORT [--dynamic] [--seed N]");
        std::process::exit(2);
    };
    let seed = args
        .iter()
        .position(|a| a == "--seed")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok());
    let opts = ServerOptions {
        port,
        mock: MockOptions {
            dynamic: args.iter().any(|a| a == "--dynamic"),
            seed,
            cors: true,
            ..MockOptions::default()
        },
        ..ServerOptions::default()
    };
    match MockServer::start(&PathBuf::from(spec), opts) {
        Ok(server) => {
            eprintln!("ready {}", server.url());
            server.wait();
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
