use crate::{MockServer, ServerOptions};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn spec(example: &str) -> String {
    format!(
        "openapi: 3.0.3\npaths:\n  /r:\n    get:\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: './schemas.yaml#/Thing'}}\n              example: {example}\n"
    )
}

fn fetch(url: &str, path: &str) -> String {
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

fn wait_for(url: &str, needle: &str) -> Duration {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if fetch(url, "/r").contains(needle) {
            return start.elapsed();
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("{needle} never served");
}

#[test]
fn edits_are_served_and_broken_edits_keep_the_last_good_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let main = dir.path().join("api.yaml");
    let schemas = dir.path().join("schemas.yaml");
    std::fs::write(&schemas, "Thing: {type: string}\n").expect("write");
    std::fs::write(&main, spec("first")).expect("write");
    let server = MockServer::start(&main, ServerOptions::default()).expect("start");
    assert!(fetch(server.url(), "/r").contains("\"first\""));

    std::fs::write(&main, spec("second")).expect("write");
    // Asserts the reload happens (bounded poll); the latency is reported, not asserted
    // (bench/mock.sh measures it on a release build).
    let took = wait_for(server.url(), "\"second\"");
    println!("reload served after {took:?}");
    assert!(server.reloads() >= 1, "the new version came from a reload");

    // Broken edit: last good version stays, the error is reported.
    std::fs::write(&main, "openapi: 3.0.3\npaths: [unclosed\n").expect("write");
    let start = Instant::now();
    while server.last_error().is_none() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let err = server.last_error().expect("error reported");
    assert!(err.contains("api.yaml"), "{err}");
    assert!(fetch(server.url(), "/r").contains("\"second\""));

    // A referenced file is watched too: once the schema says integer, the example "third"
    // no longer fits and the static sample of the new schema (0) is served instead.
    std::fs::write(&main, spec("third")).expect("write");
    wait_for(server.url(), "\"third\"");
    std::fs::write(&schemas, "Thing: {type: integer}\n").expect("write");
    let start = Instant::now();
    loop {
        let r = fetch(server.url(), "/r");
        if r.ends_with("\r\n\r\n0") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "ref'd file change not picked up: {r}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    server.stop();
}
