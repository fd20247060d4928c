use super::engine;
use crate::{MockOptions, MockRequest, MockResponse};
use serde_json::{json, Value};

const SPEC: &str = r##"
openapi: 3.0.3
paths:
  /g:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/All"}
components:
  schemas:
    All:
      type: object
      required: [code, id, email, when, day, site, host, v4, v6, short, long, price, step, kind, fixed, maybe, pet, node]
      properties:
        code: {type: string, pattern: "^[A-Z]{3}-[0-9]{4}$"}
        id: {type: string, format: uuid}
        email: {type: string, format: email}
        when: {type: string, format: date-time}
        day: {type: string, format: date}
        site: {type: string, format: uri}
        host: {type: string, format: hostname}
        v4: {type: string, format: ipv4}
        v6: {type: string, format: ipv6}
        short: {type: string, maxLength: 3}
        long: {type: string, minLength: 20}
        price: {type: number, minimum: 10.5, exclusiveMaximum: 11}
        step: {type: number, multipleOf: 0.5, minimum: 3.2}
        kind: {type: string, enum: [b, a]}
        fixed: {type: integer, minimum: 5, maximum: 5}
        maybe: {type: string, nullable: true}
        pet: {$ref: "#/components/schemas/Pet"}
        node: {$ref: "#/components/schemas/Node"}
        both:
          allOf:
            - {$ref: "#/components/schemas/Base"}
            - type: object
              required: [extra]
              properties:
                extra: {type: integer, minimum: 1}
                token: {type: string, writeOnly: true}
    Base:
      type: object
      required: [name]
      properties:
        name: {type: string}
        password: {type: string, writeOnly: true}
    Pet:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
      discriminator: {propertyName: kind, mapping: {cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog"}}
    Cat:
      type: object
      required: [kind, meows]
      properties: {kind: {type: string}, meows: {type: boolean}}
      additionalProperties: false
    Dog:
      type: object
      required: [kind, barks]
      properties: {kind: {type: string}, barks: {type: boolean}}
      additionalProperties: false
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
"##;

fn body(r: &MockResponse) -> Value {
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.header("sl-violations").is_none(),
        "self-check failed: {:?}",
        r.header("sl-violations")
    );
    r.json().expect("json body")
}

#[test]
fn static_data_honours_every_constraint_and_validates() {
    let e = engine(
        SPEC,
        MockOptions {
            errors: true,
            ..MockOptions::default()
        },
    );
    let v = body(&e.handle(&MockRequest::new("GET", "/g")));
    let code = v["code"].as_str().expect("code");
    assert!(code.len() == 8 && code.as_bytes()[3] == b'-', "{code}");
    assert_eq!(v["kind"], json!("b"));
    assert_eq!(v["fixed"], json!(5));
    assert!(v["long"].as_str().expect("long").len() >= 20);
    assert!(v["short"].as_str().expect("short").len() <= 3);
    let price = v["price"].as_f64().expect("price");
    assert!((10.5..11.0).contains(&price));
    assert_eq!(v["step"].as_f64().expect("step") % 0.5, 0.0);
    assert_eq!(
        v["pet"]["kind"],
        json!("cat"),
        "discriminator follows the chosen branch"
    );
    assert!(
        v["both"].get("password").is_none() && v["both"].get("token").is_none(),
        "{v}"
    );
    assert!(v["both"]["extra"].as_i64().expect("extra") >= 1);
    // Recursion is cut: it ends.
    assert!(v["node"].to_string().len() < 2000);
}

#[test]
fn dynamic_data_is_seeded_reproducible_and_valid() {
    let opts = MockOptions {
        dynamic: true,
        seed: Some(7),
        errors: true,
        ..MockOptions::default()
    };
    let a = body(&engine(SPEC, opts.clone()).handle(&MockRequest::new("GET", "/g")));
    let b = body(&engine(SPEC, opts).handle(&MockRequest::new("GET", "/g")));
    assert_eq!(a, b);
    let other = MockOptions {
        dynamic: true,
        seed: Some(8),
        errors: true,
        ..MockOptions::default()
    };
    let c = body(&engine(SPEC, other).handle(&MockRequest::new("GET", "/g")));
    assert_ne!(a, c);
    for seed in 0..20 {
        let o = MockOptions {
            dynamic: true,
            seed: Some(seed),
            errors: true,
            ..MockOptions::default()
        };
        body(&engine(SPEC, o).handle(&MockRequest::new("GET", "/g")));
    }
}

#[test]
fn fill_properties_false_keeps_required_only() {
    let spec = r##"
openapi: 3.0.3
paths:
  /w:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [a]
                properties: {a: {type: string}, b: {type: string}}
"##;
    let opts = MockOptions {
        dynamic: true,
        fill_properties: Some(false),
        ..MockOptions::default()
    };
    let v = body(&engine(spec, opts).handle(&MockRequest::new("GET", "/w")));
    assert!(v.get("a").is_some() && v.get("b").is_none(), "{v}");
}

#[test]
fn swagger2_and_oas31_are_served() {
    let v2 = r##"
swagger: "2.0"
basePath: /api
paths:
  /x:
    get:
      produces: [application/json]
      responses:
        "200": {description: ok, schema: {type: object, properties: {n: {type: integer, x-nullable: true}}}}
"##;
    let e = engine(v2, MockOptions::default());
    assert_eq!(
        body(&e.handle(&MockRequest::new("GET", "/api/x"))),
        json!({"n": 0})
    );
    let v31 = r##"
openapi: 3.1.0
paths:
  /y:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, required: [t], properties: {t: {type: [string, "null"], const: fixed}}}
"##;
    let e = engine(v31, MockOptions::default());
    assert_eq!(
        body(&e.handle(&MockRequest::new("GET", "/y"))),
        json!({"t": "fixed"})
    );
}
