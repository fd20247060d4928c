//! Remote refs, when enabled, against a real HTTP server on loopback (never the network).

use specwright_document::{ErrorKind, LoadOptions, Spec};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread;

/// Serves fixed files over HTTP/1.1 on 127.0.0.1 for at most `max_requests` connections.
fn serve(files: Vec<(&'static str, &'static str)>, max_requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        for stream in listener.incoming().take(max_requests) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                line.clear();
            }
            let path = request_line
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .to_string();
            let (status, body) = match files.iter().find(|(p, _)| *p == path) {
                Some((_, body)) => ("200 OK", *body),
                None => ("404 Not Found", "missing"),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}")
}

const PET: &str = "Pet:\n  type: object\n  properties:\n    owner: {$ref: 'owner.yaml'}\n";
const OWNER: &str = "type: object\nproperties:\n  name: {type: string}\n";

fn spec_text(base: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      $ref: '{base}/schemas/pet.yaml#/Pet'\n"
    )
}

#[test]
fn enabled_remote_refs_are_fetched_and_resolved_relative_to_their_url() {
    let base = serve(
        vec![("/schemas/pet.yaml", PET), ("/schemas/owner.yaml", OWNER)],
        4,
    );
    let dir = tempfile::tempdir().unwrap();
    let options = LoadOptions {
        root: Some(dir.path().to_path_buf()),
        allow_remote: true,
        ..LoadOptions::default()
    };
    let spec = Spec::from_text(&dir.path().join("api.yaml"), &spec_text(&base), &options).unwrap();
    let errors: Vec<String> = spec.ref_errors().map(|(_, e)| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(spec.files.len(), 3);
    let name = spec
        .cursor()
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(|s| s.get("Pet"))
        .and_then(|p| p.get("properties"))
        .and_then(|p| p.get("owner"))
        .and_then(|o| o.get("properties"))
        .and_then(|p| p.get("name"))
        .unwrap();
    assert_eq!(name.source().name, format!("{base}/schemas/owner.yaml"));
}

#[test]
fn remote_refs_stay_off_unless_enabled_and_missing_ones_are_reported() {
    let base = serve(vec![], 2);
    let dir = tempfile::tempdir().unwrap();
    let mut options = LoadOptions {
        root: Some(dir.path().to_path_buf()),
        ..LoadOptions::default()
    };
    let spec = Spec::from_text(&dir.path().join("api.yaml"), &spec_text(&base), &options).unwrap();
    let (_, err) = spec.ref_errors().next().unwrap();
    assert_eq!(err.kind, ErrorKind::RemoteRefDisabled);
    assert_eq!(spec.files.len(), 1);

    options.allow_remote = true;
    let spec = Spec::from_text(&dir.path().join("api.yaml"), &spec_text(&base), &options).unwrap();
    let (_, err) = spec.ref_errors().next().unwrap();
    assert_eq!(err.kind, ErrorKind::RefNotFound);
    assert!(err.message.contains("404"), "{err}");
}
