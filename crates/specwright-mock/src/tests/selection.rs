use super::{engine, get};
use crate::{MockOptions, MockRequest, Preview};
use serde_json::json;

const PETS: &str = r##"
openapi: 3.0.3
servers: [{url: "http://api.example.com/v1"}]
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "404": {description: no, content: {application/json: {example: {error: missing}}}}
        "201": {description: made, content: {application/json: {example: {id: 201}}}}
        "200":
          description: ok
          content:
            application/json:
              examples:
                first: {value: {id: 1}}
                second: {value: {id: 2}}
        default: {description: other, content: {application/json: {example: {error: default}}}}
"##;

#[test]
fn lowest_2xx_and_first_named_example() {
    let e = engine(PETS, MockOptions::default());
    let r = get(&e, "/pets/1");
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), Some(json!({"id": 1})));
    assert_eq!(r.header("content-type"), Some("application/json"));
}

#[test]
fn prefer_code_example_and_query_overrides() {
    let e = engine(PETS, MockOptions::default());
    let r = e.handle(&MockRequest::new("GET", "/pets/1").header("Prefer", "example=second"));
    assert_eq!(r.json(), Some(json!({"id": 2})));
    let r = get(&e, "/pets/1?__code=404");
    assert_eq!(
        (r.status, r.json()),
        (404, Some(json!({"error": "missing"})))
    );
    // Undeclared code with a default response: that status, the default body.
    let r = get(&e, "/pets/1?__code=503");
    assert_eq!(
        (r.status, r.json()),
        (503, Some(json!({"error": "default"})))
    );
    let r = get(&e, "/pets/1?__example=nope");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
}

#[test]
fn routing_errors_and_server_base_path() {
    let e = engine(PETS, MockOptions::default());
    assert_eq!(
        get(&e, "/v1/pets/7").status,
        200,
        "servers base path is honoured"
    );
    assert_eq!(
        get(&e, "/pets/7").status,
        200,
        "Prism's unprefixed paths still work"
    );
    assert_eq!(get(&e, "/nothing").status, 404);
    assert_eq!(e.handle(&MockRequest::new("DELETE", "/pets/1")).status, 405);
    assert_eq!(e.handle(&MockRequest::new("HEAD", "/pets/1")).status, 405);
}

#[test]
fn preview_without_server() {
    let e = engine(PETS, MockOptions::default());
    let r = e
        .preview(&Preview {
            operation: "getPet".into(),
            status: Some(201),
            ..Preview::default()
        })
        .expect("preview");
    assert_eq!((r.status, r.json()), (201, Some(json!({"id": 201}))));
    let r = e
        .preview(&Preview {
            operation: "GET /pets/{id}".into(),
            example: Some("second".into()),
            ..Preview::default()
        })
        .expect("preview");
    assert_eq!(r.json(), Some(json!({"id": 2})));
    assert!(e
        .preview(&Preview {
            operation: "nope".into(),
            ..Preview::default()
        })
        .is_err());
    assert_eq!(e.operations().len(), 1);
}

#[test]
fn negotiation_406_and_text() {
    let spec = r##"
openapi: 3.0.3
paths:
  /t:
    get:
      responses:
        "200":
          description: ok
          content:
            text/plain: {example: hello}
            application/xml: {example: {a: 1}}
"##;
    let e = engine(spec, MockOptions::default());
    let r = e.handle(&MockRequest::new("GET", "/t").header("Accept", "application/json"));
    assert_eq!(r.status, 406);
    let r = e.handle(
        &MockRequest::new("GET", "/t").header("Accept", "text/plain;q=0.5, application/xml"),
    );
    assert_eq!(r.text(), "<xml><a>1</a></xml>");
    let r = e.handle(&MockRequest::new("GET", "/t").header("Accept", "text/*"));
    assert_eq!(r.text(), "hello");
}
