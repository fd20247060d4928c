//! Approve-and-push to a git server on loopback (`git http-backend` over HTTP) that needs
//! credentials, supplied only by a credential helper in the isolated git config.

mod common;

use common::*;
use specwright_gitops::{Prepared, PushError, Severity};

const USER: &str = "alice";
const PASSWORD: &str = "s3cret-Pa55";

#[test]
fn push_over_http_with_credentials_from_a_helper() {
    let server_env = Env::new();
    let root = server_env.path("srv");
    let remote = server_env.bare_remote(&root.join("governance.git"));
    let server = GitHttpServer::start(&root, USER, PASSWORD, &server_env.git.env);
    let url = format!("http://127.0.0.1:{}/governance.git", server.port);

    // The user's side: credentials only in a `store` helper file of their own config.
    let creds = server_env.path("user-credentials");
    std::fs::write(
        &creds,
        format!("http://{USER}:{PASSWORD}@127.0.0.1:{}\n", server.port),
    )
    .unwrap();
    let env = Env::with_config(&format!(
        "[credential]\n\thelper = store --file={}\n",
        creds.display()
    ));
    let spec = write_spec(&env.path("work"), "1.0.0", PET, "[]");

    // First push creates the branch from the default branch.
    let p = Prepared::open(request(&spec, &url, "apis"), env.git.clone()).unwrap();
    let first = p.push(&clean(&spec)).unwrap();
    assert!(first.created_branch);
    assert_eq!(
        server_env.git(&remote, &["rev-parse", "apis"]),
        first.commit
    );

    // An update appends.
    write_spec(
        &env.path("work"),
        "1.0.1",
        PET,
        "[{name: q, in: query, schema: {type: string}}]",
    );
    let second = Prepared::open(request(&spec, &url, "apis"), env.git.clone())
        .unwrap()
        .push(&clean(&spec))
        .unwrap();
    assert_eq!(
        server_env.git(&remote, &["rev-parse", "apis~1"]),
        first.commit
    );
    assert_eq!(
        server_env.git(&remote, &["rev-parse", "apis"]),
        second.commit
    );

    // A refused gate (error finding) and a breaking change without waiver push nothing.
    let before = server_env.refs(&remote);
    let p = Prepared::open(request(&spec, &url, "apis"), env.git.clone()).unwrap();
    let bad = inputs(vec![(Severity::Error, "operation-tags")], &spec);
    assert!(matches!(p.push(&bad), Err(PushError::Refused(_))));
    write_spec(
        &env.path("work"),
        "1.1.0",
        PET_NO_TAG,
        "[{name: q, in: query, schema: {type: string}}]",
    );
    let p = Prepared::open(request(&spec, &url, "apis"), env.git.clone()).unwrap();
    assert!(matches!(p.push(&clean(&spec)), Err(PushError::Refused(_))));
    assert_eq!(server_env.refs(&remote), before);

    // The secret never lands in the repository.
    let grep = server_env
        .git
        .run(&remote, &["grep", "-I", "-l", PASSWORD, "apis"])
        .unwrap();
    assert!(
        !grep.ok && grep.stdout.is_empty(),
        "secret found: {}",
        grep.stdout
    );
}

#[test]
fn missing_or_wrong_credentials_fail_fast_and_redacted() {
    let server_env = Env::new();
    let root = server_env.path("srv");
    let remote = server_env.bare_remote(&root.join("governance.git"));
    let server = GitHttpServer::start(&root, USER, PASSWORD, &server_env.git.env);
    let before = server_env.refs(&remote);

    // No helper, no prompt: fails instead of waiting for a terminal.
    let env = Env::new();
    let spec = write_spec(&env.path("work"), "1.0.0", PET, "[]");
    let url = format!("http://127.0.0.1:{}/governance.git", server.port);
    let e = Prepared::open(request(&spec, &url, "apis"), env.git.clone())
        .err()
        .unwrap();
    assert!(matches!(e, PushError::Git(_)), "{e}");

    // Wrong credentials written into the URL are never echoed back.
    let leaky = format!(
        "http://{USER}:wrong-token-123@127.0.0.1:{}/governance.git",
        server.port
    );
    let e = Prepared::open(request(&spec, &leaky, "apis"), env.git.clone())
        .err()
        .unwrap();
    let msg = e.to_string();
    assert!(!msg.contains("wrong-token-123"), "{msg}");
    assert_eq!(server_env.refs(&remote), before);
}
