use super::engine;
use crate::{MockOptions, MockRequest};
use serde_json::json;

const SPEC: &str = r##"
openapi: 3.0.3
paths:
  /items/{id}:
    post:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, minimum: 1}}
        - {name: limit, in: query, schema: {type: integer, maximum: 10}}
        - {name: X-Trace, in: header, required: true, schema: {type: string, format: uuid}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Item"}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}
components:
  schemas:
    Item:
      type: object
      additionalProperties: false
      required: [id, name]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string, nullable: true}
        secret: {type: string, writeOnly: true}
"##;

fn req(target: &str, body: &str) -> MockRequest {
    MockRequest::new("POST", target)
        .header("X-Trace", "497f6eca-6276-4993-bfeb-53cbbbba6f08")
        .header("Content-Type", "application/json")
        .body(body)
}

#[test]
fn valid_request_passes_and_readonly_is_not_required() {
    let e = engine(SPEC, MockOptions::default());
    let r = e.handle(&req("/items/3?limit=2", r#"{"name": null, "secret": "s"}"#));
    assert_eq!(r.status, 201, "{}", r.text());
    let body = r.json().expect("json");
    assert!(
        body.get("secret").is_none(),
        "writeOnly never in responses: {body}"
    );
    assert!(body.get("id").is_some());
}

#[test]
fn violations_become_422_problem_with_locations() {
    let e = engine(SPEC, MockOptions::default());
    let r = e.handle(&req("/items/0?limit=50", r#"{"id": 4, "name": 3}"#));
    assert_eq!(r.status, 422);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let v = r.json().expect("json");
    let locations: Vec<_> = v["validation"]
        .as_array()
        .expect("list")
        .iter()
        .map(|x| x["location"].clone())
        .collect();
    assert!(locations.contains(&json!(["path", "id"])), "{v}");
    assert!(locations.contains(&json!(["query", "limit"])), "{v}");
    assert!(locations.contains(&json!(["body", "name"])), "{v}");
    // readOnly `id` sent in a request is rejected by additionalProperties: false.
    assert!(locations.contains(&json!(["body"])), "{v}");
}

#[test]
fn wrong_content_type_is_415_and_missing_header_422() {
    let e = engine(SPEC, MockOptions::default());
    let r = e.handle(
        &MockRequest::new("POST", "/items/3")
            .header("X-Trace", "497f6eca-6276-4993-bfeb-53cbbbba6f08")
            .header("Content-Type", "text/plain")
            .body("x"),
    );
    assert_eq!(r.status, 415);
    let r = e.handle(
        &MockRequest::new("POST", "/items/3")
            .header("Content-Type", "application/json")
            .body(r#"{"name":"a"}"#),
    );
    assert_eq!(r.status, 422);
    assert!(r.text().contains("x-trace"), "{}", r.text());
}

#[test]
fn declared_400_is_used() {
    let spec = r##"
swagger: "2.0"
paths:
  /p:
    get:
      parameters: [{name: n, in: query, required: true, type: integer}]
      responses:
        "200": {description: ok}
        "400": {description: bad, schema: {type: string, example: bad request}}
"##;
    let e = engine(spec, MockOptions::default());
    let r = e.handle(&MockRequest::new("GET", "/p?n=x"));
    assert_eq!((r.status, r.json()), (400, Some(json!("bad request"))));
    assert!(r.header("sl-violations").is_some());
}
