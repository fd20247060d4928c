//! The translator's working document for a one-file OpenAPI 3 spec: a JSON copy of the
//! parts translation can read.
//!
//! Translation reads the document's top level, path items, operations (but never their
//! `responses` or `callbacks`, and their `requestBody` only for request-validator
//! generation), `components.parameters`, `components.securitySchemes` and
//! `components.x-kong`, and follows `$ref`s from there. Copying the rest (most of a big spec:
//! Stripe's responses and schemas) cost as much as translating. So the copy leaves out those
//! operation members and the entries of the other component maps, then adds back every
//! component entry a kept `$ref` reaches, directly or through other entries. A `$ref` into
//! a left-out operation member, or to a whole component map, gets the whole document
//! instead: rare, and then nothing is left out.
//!
//! Bodies are kept when a plugin key asks for a request validator
//! (`may_generate_validators`).
//!
//! The loops decK refuses are found on the spec's own tree ([`crate::circular`]), which
//! has every schema.

use crate::convert::METHODS;
use serde_json::{Map, Value};
use specwright_document::{FileId, Node, Spec, Target};
use std::collections::{HashMap, HashSet};

/// Operation members translation never reads.
const UNREAD_OPERATION_MEMBERS: [&str; 2] = ["responses", "callbacks"];

/// Component maps whose entries are copied only when a kept `$ref` reaches them.
const ON_DEMAND_COMPONENTS: [&str; 7] = [
    "schemas",
    "responses",
    "examples",
    "headers",
    "links",
    "callbacks",
    "requestBodies",
];

/// What the working copy holds.
pub struct WorkingCopy {
    pub doc: Value,
    /// Operations' `requestBody` members were left out (no request validator is asked for).
    pub bodies_left_out: bool,
}

/// Whether translation may generate a request validator, so needs operations' bodies: a
/// validator is the plugin of an `x-kong-plugin-request-validator` key at the document's
/// top, a path item or an operation. A path item that is a `$ref` could hold one too.
fn may_generate_validators(root: &Node) -> bool {
    const KEY: &str = "x-kong-plugin-request-validator";
    let Some(top) = root.as_object() else {
        return false;
    };
    if top.contains_key(KEY) {
        return true;
    }
    let items = top
        .get("paths")
        .and_then(Node::as_object)
        .into_iter()
        .flat_map(|p| p.iter());
    for (_, item) in items {
        let Some(item) = item.as_object() else {
            continue;
        };
        if item.contains_key(KEY) || item.contains_key("$ref") {
            return true;
        }
        let operations = item.iter().filter(|(k, _)| METHODS.contains(k));
        if operations
            .filter_map(|(_, op)| op.as_object())
            .any(|op| op.contains_key(KEY))
        {
            return true;
        }
    }
    false
}

/// The working copy of a spec.
pub fn working_copy(spec: &Spec) -> WorkingCopy {
    let root = &spec.root().root;
    let with_bodies = may_generate_validators(root);
    let Some(entries) = reached_entries(spec, with_bodies) else {
        return WorkingCopy {
            doc: root.to_json(),
            bodies_left_out: false,
        };
    };
    let doc = copy_object(root, |key, value| {
        Some(match key {
            "paths" => copy_paths(value, with_bodies),
            "components" => copy_components(value, &entries, with_bodies),
            _ => value.to_json(),
        })
    });
    WorkingCopy {
        doc,
        bodies_left_out: !with_bodies,
    }
}

/// A copy of an object whose members `each` copies, or leaves out with `None`; a value
/// that is not an object is copied whole.
fn copy_object(node: &Node, each: impl Fn(&str, &Node) -> Option<Value>) -> Value {
    let Some(members) = node.as_object() else {
        return node.to_json();
    };
    let mut out = Map::with_capacity(members.len());
    for (key, value) in members.iter() {
        if let Some(copy) = each(key, value) {
            out.insert(key.to_string(), copy);
        }
    }
    Value::Object(out)
}

/// Where a node of the document falls in the working copy.
#[derive(Debug, PartialEq)]
enum Part<'p> {
    Kept,
    /// Inside an on-demand component entry: (map, entry name).
    Entry(&'p str, &'p str),
    /// Inside a left-out operation member, or a whole on-demand component map.
    LeftOut,
}

fn part(path: &[String], with_bodies: bool) -> Part<'_> {
    match path {
        [paths, item, method, member, ..]
            if paths == "paths"
                && !item.starts_with("x-")
                && METHODS.contains(&method.as_str())
                && (UNREAD_OPERATION_MEMBERS.contains(&member.as_str())
                    || (!with_bodies && member == "requestBody")) =>
        {
            Part::LeftOut
        }
        [components, map, rest @ ..]
            if components == "components" && on_demand(map, with_bodies) =>
        {
            match rest {
                [] => Part::LeftOut,
                [name, ..] => Part::Entry(map, name),
            }
        }
        _ => Part::Kept,
    }
}

fn on_demand(map: &str, with_bodies: bool) -> bool {
    ON_DEMAND_COMPONENTS.contains(&map) && !(with_bodies && map == "requestBodies")
}

/// The on-demand component entries reached from the kept parts, as (map, name); `None` when
/// a kept `$ref` reaches a left-out part.
fn reached_entries(spec: &Spec, with_bodies: bool) -> Option<HashSet<(&str, &str)>> {
    let mut seeds: Vec<&Target> = Vec::new();
    let mut inside: HashMap<(&str, &str), Vec<&Target>> = HashMap::new();
    for site in spec.refs.iter().filter(|r| r.file == FileId::ROOT) {
        let Ok(target) = &site.target else { continue };
        match part(&site.path, with_bodies) {
            Part::Kept => seeds.push(target),
            Part::Entry(map, name) => inside.entry((map, name)).or_default().push(target),
            Part::LeftOut => {}
        }
    }
    let mut reached = HashSet::new();
    while let Some(target) = seeds.pop() {
        if target.file != FileId::ROOT {
            return None;
        }
        match part(&target.path, with_bodies) {
            Part::Kept => {}
            Part::LeftOut => return None,
            Part::Entry(map, name) => {
                if reached.insert((map, name)) {
                    seeds.extend(inside.get(&(map, name)).into_iter().flatten());
                }
            }
        }
    }
    Some(reached)
}

fn copy_paths(paths: &Node, with_bodies: bool) -> Value {
    copy_object(paths, |key, item| {
        if key.starts_with("x-") {
            return Some(item.to_json());
        }
        Some(copy_object(item, |member, value| {
            Some(if METHODS.contains(&member) {
                copy_operation(value, with_bodies)
            } else {
                value.to_json()
            })
        }))
    })
}

fn copy_operation(op: &Node, with_bodies: bool) -> Value {
    copy_object(op, |key, value| {
        let unread =
            UNREAD_OPERATION_MEMBERS.contains(&key) || (!with_bodies && key == "requestBody");
        (!unread).then(|| value.to_json())
    })
}

/// Components with each on-demand map holding only the reached entries, in document order.
fn copy_components(components: &Node, entries: &HashSet<(&str, &str)>, with_bodies: bool) -> Value {
    copy_object(components, |map, value| {
        Some(if on_demand(map, with_bodies) {
            copy_object(value, |name, entry| {
                entries.contains(&(map, name)).then(|| entry.to_json())
            })
        } else {
            value.to_json()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{convert, translate_text, Options};
    use specwright_document::LoadOptions;
    use std::path::Path;

    fn load(text: &str) -> Spec {
        Spec::from_text(Path::new("spec.yaml"), text, &LoadOptions::default()).unwrap()
    }

    /// A header enum reached through two schema refs decides routes; responses and the
    /// schemas only they use are left out, and the translation is the whole document's.
    const HEADER_ENUM: &str = r##"openapi: 3.0.3
info: {title: Shop, version: '1'}
servers: [{url: 'https://shop.example.com'}]
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - {$ref: '#/components/parameters/Region'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/OrderList'}
      callbacks:
        done: {$ref: '#/components/callbacks/Done'}
    post:
      operationId: addOrder
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '201': {$ref: '#/components/responses/Created'}
components:
  parameters:
    Region:
      name: X-Region
      in: header
      required: true
      schema: {$ref: '#/components/schemas/Region'}
  schemas:
    Region: {$ref: '#/components/schemas/RegionCode'}
    RegionCode: {type: string, enum: [eu, us]}
    Order: {type: object, properties: {id: {type: string}}}
    OrderList: {type: array, items: {$ref: '#/components/schemas/Order'}}
  responses:
    Created: {description: created}
  callbacks:
    Done: {}
"##;

    #[test]
    fn leaves_out_what_translation_never_reads() {
        let spec = load(HEADER_ENUM);
        let copy = working_copy(&spec);
        assert!(copy.bodies_left_out);
        let doc = &copy.doc;
        let get = &doc["paths"]["/orders"]["get"];
        assert!(get.get("responses").is_none() && get.get("callbacks").is_none());
        assert!(get.get("parameters").is_some());
        assert!(doc["paths"]["/orders"]["post"].get("requestBody").is_none());
        let schemas: Vec<&String> = doc["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(schemas, ["Region", "RegionCode"]);
        assert_eq!(doc["components"]["responses"], serde_json::json!({}));
        assert!(doc["components"]["parameters"].get("Region").is_some());

        let whole = spec.root().root.to_json();
        let opts = Options::default();
        let from_copy = convert::convert(doc, &opts).ok().unwrap().config;
        let from_whole = convert::convert(&whole, &opts).ok().unwrap().config;
        assert_eq!(from_copy, from_whole);
        // The enum made one route per region besides the fallback.
        let routes = from_copy["services"][0]["routes"].as_array().unwrap();
        assert_eq!(routes.len(), 4, "{routes:#?}");
    }

    #[test]
    fn keeps_bodies_and_their_schemas_for_a_request_validator() {
        let text = HEADER_ENUM.replace("paths:\n", "x-kong-plugin-request-validator: {}\npaths:\n");
        let spec = load(&text);
        let copy = working_copy(&spec);
        assert!(!copy.bodies_left_out);
        assert!(copy.doc["paths"]["/orders"]["post"]
            .get("requestBody")
            .is_some());
        assert!(copy.doc["components"]["schemas"].get("Order").is_some());
        assert!(copy.doc["components"]["schemas"].get("OrderList").is_none());
    }

    #[test]
    fn a_request_validator_is_found_at_every_level_it_can_be() {
        let plain = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {responses: {}}\n";
        let has = |text: &str| may_generate_validators(&load(text).root().root);
        assert!(!has(plain));
        let key = "x-kong-plugin-request-validator: {}";
        assert!(has(&plain.replace("paths:\n", &format!("{key}\npaths:\n"))));
        assert!(has(
            &plain.replace("  /a:\n", &format!("  /a:\n    {key}\n"))
        ));
        assert!(has(&plain.replace("get: {", &format!("get: {{{key}, "))));
        // A path item behind a `$ref` may hold one: assumed, not followed.
        assert!(has(&plain.replace(
            "  /a:\n    get: {responses: {}}\n",
            "  /a: {$ref: '#/x-item'}\nx-item: {}\n"
        )));
        // Other plugins do not need bodies.
        assert!(!has(
            &plain.replace("paths:\n", "x-kong-plugin-cors: {}\npaths:\n")
        ));
    }

    #[test]
    fn a_ref_into_a_left_out_member_copies_everything() {
        let text = HEADER_ENUM.replace(
            "schema: {$ref: '#/components/schemas/Region'}",
            "schema: {$ref: '#/paths/~1orders/get/responses/200/content/application~1json/schema'}",
        );
        let spec = load(&text);
        let copy = working_copy(&spec);
        assert!(!copy.bodies_left_out);
        assert_eq!(copy.doc, spec.root().root.to_json());
    }

    #[test]
    fn a_validator_named_with_escapes_still_gets_its_body_schema() {
        // JSON reads `\u002d` as `-`: the plugin is the request validator, though the text
        // never spells its name; its key in the tree does.
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
          "servers": [{"url": "https://x.example.com"}],
          "x-kong-plugin-request\u002dvalidator": {},
          "paths": {"/a": {"post": {"operationId": "add",
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": {"200": {"description": "ok"}}}}}}"#;
        let t = translate_text(
            Path::new("spec.json"),
            text,
            &LoadOptions::default(),
            &Options::default(),
        )
        .unwrap();
        let plugins = &t.config["services"][0]["routes"][0]["plugins"];
        assert_eq!(plugins[0]["name"], "request-validator", "{plugins:#}");
        assert_eq!(plugins[0]["config"]["body_schema"], r#"{"type":"object"}"#);
    }

    #[test]
    fn loops_among_left_out_schemas_are_still_refused() {
        // `Node` is used by nothing the translation reads.
        let text = HEADER_ENUM.replace(
            "  responses:\n    Created",
            "    Node:\n      type: object\n      required: [next]\n      properties:\n        next: {$ref: '#/components/schemas/Node'}\n  responses:\n    Created",
        );
        let err = translate_text(
            Path::new("spec.yaml"),
            &text,
            &LoadOptions::default(),
            &Options::default(),
        )
        .unwrap_err();
        assert!(
            err.message
                .contains("infinite circular reference detected: Node"),
            "{err}"
        );
    }
}
