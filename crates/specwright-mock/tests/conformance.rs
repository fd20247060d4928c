//! Prism's harness cases (shared/conformance/prism) replayed against our server over real
//! HTTP on 127.0.0.1: the case's curl command is parsed and sent with reqwest, and the
//! response compared as SOURCE.md there says. Cases listed in `conformance-intended.txt`
//! encode documented Prism faults we deliberately fix; they are reported, not counted.

use specwright_mock::{MockOptions, MockServer, ServerOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn harness_dir() -> Option<PathBuf> {
    let dir = match std::env::var("SPECWRIGHT_SHARED") {
        Ok(s) if !s.is_empty() => PathBuf::from(s).join("conformance/prism"),
        _ => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/conformance/prism"
        )),
    };
    dir.is_dir().then_some(dir)
}

struct Case {
    name: String,
    spec: String,
    server: String,
    command: String,
    expect_kind: String,
    expect: String,
}

fn parse_case(name: String, text: &str) -> Option<Case> {
    let mut sections: HashMap<String, String> = HashMap::new();
    let mut current: Option<String> = None;
    for line in text.split_inclusive('\n') {
        let t = line.trim_end();
        if t.starts_with("====") && t.ends_with("====") && t.len() > 8 {
            current = Some(t.trim_matches('=').to_string());
            sections.insert(current.clone().unwrap_or_default(), String::new());
            continue;
        }
        if let Some(c) = &current {
            sections.entry(c.clone()).or_default().push_str(line);
        }
    }
    let (expect_kind, expect) = ["expect", "expect-loose", "expect-keysOnly"]
        .iter()
        .find_map(|k| sections.get(*k).map(|v| (k.to_string(), v.clone())))?;
    Some(Case {
        name,
        spec: sections.remove("spec")?,
        server: sections.remove("server")?.trim().to_string(),
        command: sections.remove("command")?.trim().to_string(),
        expect_kind,
        expect,
    })
}

#[derive(Default, Debug)]
struct Curl {
    method: Option<String>,
    url: String,
    headers: Vec<(String, String)>,
    removed: Vec<String>,
    data: Option<String>,
    form: Vec<(String, String)>,
    head_only: bool,
}

fn parse_curl(cmd: &str) -> Curl {
    let tokens = shlex::split(cmd).unwrap_or_default();
    let mut c = Curl::default();
    let mut it = tokens.into_iter().skip(1).peekable();
    while let Some(t) = it.next() {
        match t.as_str() {
            "-i" | "-s" | "-L" | "--location" | "--include" | "--silent" => {}
            "-I" | "--head" => c.head_only = true,
            "-X" | "--request" => c.method = it.next(),
            "-H" | "--header" => {
                if let Some(h) = it.next() {
                    let (k, v) = h.split_once(':').unwrap_or((&h, ""));
                    if v.trim().is_empty() {
                        c.removed.push(k.trim().to_ascii_lowercase());
                    } else {
                        c.headers.push((k.trim().to_string(), v.trim().to_string()));
                    }
                }
            }
            "-b" | "--cookie" => {
                if let Some(v) = it.next() {
                    c.headers.push(("Cookie".into(), v));
                }
            }
            "-d" | "--data" | "--data-raw" => c.data = it.next(),
            "--data-urlencode" => {
                if let Some(v) = it.next() {
                    let (k, val) = v.split_once('=').unwrap_or(("", &v));
                    let enc: String = form_urlencoded::byte_serialize(val.as_bytes()).collect();
                    c.data = Some(if k.is_empty() {
                        enc
                    } else {
                        format!("{k}={enc}")
                    });
                }
            }
            "-F" | "--form" => {
                if let Some(v) = it.next() {
                    let (k, val) = v.split_once('=').unwrap_or((&v, ""));
                    c.form.push((k.to_string(), val.to_string()));
                }
            }
            "--url" => c.url = it.next().unwrap_or_default(),
            s if s.starts_with("http") => c.url = s.to_string(),
            s if s.starts_with('-') && !s.starts_with("--") => {
                // Bundled short flags such as -sIXGET.
                let chars: Vec<char> = s[1..].chars().collect();
                for (i, ch) in chars.iter().enumerate() {
                    match ch {
                        'I' => c.head_only = true,
                        'X' => {
                            let rest: String = chars[i + 1..].iter().collect();
                            c.method = if rest.is_empty() {
                                it.next()
                            } else {
                                Some(rest)
                            };
                            break;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    c
}

struct Expected {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

fn parse_expect(text: &str) -> Expected {
    let text = text.replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Expected {
        status,
        headers,
        body: body.trim().to_string(),
    }
}

fn header_matches(expected: &str, actual: &str) -> bool {
    if expected == actual {
        return true;
    }
    match (
        serde_json::from_str::<serde_json::Value>(expected),
        serde_json::from_str::<serde_json::Value>(actual),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

async fn run_case(case: &Case, dir: &Path) -> Result<(), String> {
    let spec_path = dir.join(format!(
        "spec.{}",
        if case.spec.trim_start().starts_with('{') {
            "json"
        } else {
            "yaml"
        }
    ));
    std::fs::write(&spec_path, &case.spec).map_err(|e| e.to_string())?;
    let args: Vec<&str> = case.server.split_whitespace().collect();
    let mock = MockOptions {
        dynamic: args.iter().any(|a| *a == "-d" || *a == "--dynamic"),
        errors: args.contains(&"--errors"),
        cors: !args.contains(&"--cors=false"),
        fill_properties: args
            .contains(&"--json-schema-faker-fillProperties=false")
            .then_some(false),
        seed: None,
    };
    let server = MockServer::start(
        &spec_path,
        ServerOptions {
            port: 0,
            mock,
            watch: false,
            ..ServerOptions::default()
        },
    )
    .map_err(|e| format!("server did not start: {e}"))?;
    let curl = parse_curl(&case.command);
    // Swap the case's origin for ours once: replacing both spellings in turn would rewrite a
    // server URL whose random port starts with 4010 a second time (port 40101 became 401011).
    let url = ["http://localhost:4010", "http://127.0.0.1:4010"]
        .iter()
        .find_map(|origin| curl.url.strip_prefix(origin))
        .map(|rest| format!("{}{rest}", server.url()))
        .unwrap_or_else(|| curl.url.clone());
    let method = curl.method.clone().unwrap_or_else(|| {
        if curl.head_only {
            "HEAD".into()
        } else if curl.data.is_some() || !curl.form.is_empty() {
            "POST".into()
        } else {
            "GET".into()
        }
    });
    let client = reqwest::Client::new();
    let mut rb = client.request(
        reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?,
        &url,
    );
    if !curl.removed.contains(&"accept".to_string())
        && !curl
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("accept"))
    {
        rb = rb.header("Accept", "*/*");
    }
    rb = rb.header("User-Agent", "curl/7.88.1");
    for (k, v) in &curl.headers {
        if !curl.form.is_empty() && k.eq_ignore_ascii_case("content-type") {
            continue;
        }
        rb = rb.header(k.as_str(), v.as_str());
    }
    if let Some(d) = &curl.data {
        if !curl
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            rb = rb.header("Content-Type", "application/x-www-form-urlencoded");
        }
        rb = rb.body(d.clone());
    }
    if !curl.form.is_empty() {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in &curl.form {
            form = form.text(k.clone(), v.clone());
        }
        rb = rb.multipart(form);
    }
    let res = rb
        .send()
        .await
        .map_err(|e| format!("request failed: {e:?} ({method} {url})"))?;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res.text().await.map_err(|e| e.to_string())?;
    drop(server);

    let exp = parse_expect(&case.expect);
    let mut problems = Vec::new();
    if status != exp.status {
        problems.push(format!("status {status}, expected {}", exp.status));
    }
    for (k, v) in &exp.headers {
        let actual = headers.get(k.as_str()).and_then(|h| h.to_str().ok());
        match actual {
            Some(a) if header_matches(v, a) => {}
            other => problems.push(format!("header {k}: {other:?}, expected {v:?}")),
        }
    }
    let compare_body = !curl.head_only && case.expect_kind != "expect-loose";
    if compare_body {
        let ours = body.trim();
        let ok = match case.expect_kind.as_str() {
            "expect-keysOnly" => {
                let keys = |s: &str| {
                    serde_json::from_str::<serde_json::Value>(s)
                        .ok()
                        .and_then(|v| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()))
                };
                let (a, b) = (keys(ours), keys(&exp.body));
                a.is_some()
                    && a.map(|mut x| {
                        x.sort();
                        x
                    }) == b.map(|mut x| {
                        x.sort();
                        x
                    })
            }
            _ => {
                if exp.body.is_empty() {
                    ours.is_empty()
                } else {
                    match (
                        serde_json::from_str::<serde_json::Value>(&exp.body),
                        serde_json::from_str::<serde_json::Value>(ours),
                    ) {
                        (Ok(a), Ok(b)) => a == b,
                        _ => exp.body == ours,
                    }
                }
            }
        };
        if !ok {
            problems.push(format!("body {ours:?}\n      expected {:?}", exp.body));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n    "))
    }
}

fn intended() -> HashMap<String, String> {
    let text = include_str!("conformance-intended.txt");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(char::is_whitespace))
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

#[test]
fn prism_harness_cases() {
    let Some(dir) = harness_dir() else {
        println!("skipped: no shared/conformance/prism (set SPECWRIGHT_SHARED)");
        return;
    };
    let mut files = Vec::new();
    for entry in walk(&dir) {
        if entry.extension().is_some_and(|e| e == "txt") {
            files.push(entry);
        }
    }
    files.sort();
    let intended = intended();
    let tmp = tempfile::tempdir().expect("tempdir");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (mut passed, mut failed, mut differ) = (0, 0, 0);
    let mut report = String::new();
    for f in files {
        let name = f
            .strip_prefix(&dir)
            .unwrap_or(&f)
            .to_string_lossy()
            .into_owned();
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let Some(case) = parse_case(name.clone(), &text) else {
            continue;
        };
        let result = rt.block_on(run_case(&case, tmp.path()));
        match (result, intended.get(&case.name)) {
            (Ok(()), _) => passed += 1,
            (Err(_), Some(reason)) => {
                differ += 1;
                report.push_str(&format!("  intended difference {}: {reason}\n", case.name));
            }
            (Err(e), None) => {
                failed += 1;
                report.push_str(&format!("FAIL {}\n    {e}\n", case.name));
            }
        }
    }
    let counted = passed + failed;
    let rate = if counted == 0 {
        1.0
    } else {
        passed as f64 / counted as f64
    };
    println!("{report}");
    println!(
        "prism conformance: {passed} passed, {failed} failed, {differ} intended differences ({:.1}%)",
        rate * 100.0
    );
    assert!(counted > 0, "no cases found in {}", dir.display());
    assert!(
        rate >= 0.95,
        "conformance {:.1}% is below 95%",
        rate * 100.0
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
