use super::{engine, get};
use crate::{MockOptions, MockRequest};

const SPEC: &str = r##"
openapi: 3.0.3
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    q: {type: apiKey, in: query, name: token}
    c: {type: apiKey, in: cookie, name: SID}
    basic: {type: http, scheme: basic}
    bearer: {type: http, scheme: bearer}
security:
  - key: []
    q: []
  - basic: []
paths:
  /a:
    get:
      responses: {"200": {description: ok, content: {application/json: {example: ok}}}}
  /open:
    get:
      security: []
      responses: {"200": {description: ok}}
  /b:
    get:
      security: [{bearer: []}, {c: []}]
      responses: {"200": {description: ok}}
"##;

#[test]
fn and_or_requirements() {
    let e = engine(SPEC, MockOptions::default());
    let r = get(&e, "/a");
    assert_eq!(r.status, 401);
    assert_eq!(r.header("www-authenticate"), Some("Basic realm=\"*\""));
    // AND: both keys needed.
    assert_eq!(
        e.handle(&MockRequest::new("GET", "/a").header("X-Key", "k"))
            .status,
        401
    );
    assert_eq!(
        e.handle(&MockRequest::new("GET", "/a?token=t").header("X-Key", "k"))
            .status,
        200
    );
    // OR: basic alone.
    let ok = MockRequest::new("GET", "/a").header("Authorization", "Basic dXNlcjpwdw==");
    assert_eq!(e.handle(&ok).status, 200);
    let bad = MockRequest::new("GET", "/a").header("Authorization", "Basic xyz");
    assert_eq!(e.handle(&bad).status, 401);
    assert_eq!(get(&e, "/open").status, 200);
}

#[test]
fn bearer_and_cookie() {
    let e = engine(SPEC, MockOptions::default());
    let r = get(&e, "/b");
    assert_eq!(
        (r.status, r.header("www-authenticate")),
        (401, Some("Bearer"))
    );
    let r = e.handle(&MockRequest::new("GET", "/b").header("Authorization", "Bearer t"));
    assert_eq!(r.status, 200);
    let r = e.handle(&MockRequest::new("GET", "/b").header("Cookie", "a=1; SID=x"));
    assert_eq!(r.status, 200);
}
