//! The engine views of a buffer: Kong decK config (specwright-kong) and mock responses
//! (specwright-mock). Each works on the spec the buffer belongs to, unsaved text included.

use crate::types::{
    DiagramView, KongView, MockExample, MockOperation, MockReply, Pos, SourcePlace, ViewProblem,
};
use crate::workspace::Workspace;
use serde_json::Value;
use specwright_document::Spec;
use specwright_kong::{render, translate, Format, Options, TranslateError};
use specwright_mock::{Engine, MockOptions, Preview};

fn problem(ws: &Workspace, spec: &Spec, e: &TranslateError) -> ViewProblem {
    let file = e.file.as_ref().and_then(|name| {
        spec.files
            .iter()
            .find(|f| &f.name == name)
            .and_then(|f| ws.rel(&f.path))
    });
    ViewProblem {
        message: e.message.clone(),
        file,
        position: e.position.map(Pos::from),
    }
}

pub fn kong(ws: &Workspace, spec: &Spec) -> KongView {
    match translate(spec, &Options::default()) {
        Ok(t) => {
            let services = t.config["services"].as_array().map_or(&[][..], |v| v);
            let routes: usize = services
                .iter()
                .map(|s| s["routes"].as_array().map_or(0, Vec::len))
                .sum();
            let count = |v: &Value| v.as_array().map_or(0, Vec::len);
            let plugins = count(&t.config["plugins"])
                + services
                    .iter()
                    .map(|s| {
                        count(&s["plugins"])
                            + s["routes"]
                                .as_array()
                                .map_or(0, |r| r.iter().map(|r| count(&r["plugins"])).sum())
                    })
                    .sum::<usize>();
            KongView {
                config: Some(render(&t.config, Format::Yaml)),
                error: None,
                warnings: t.warnings.iter().map(|w| problem(ws, spec, w)).collect(),
                services: services.len() as u32,
                routes: routes as u32,
                plugins: plugins as u32,
            }
        }
        Err(e) => KongView {
            config: None,
            error: Some(problem(ws, spec, &e)),
            warnings: Vec::new(),
            services: 0,
            routes: 0,
            plugins: 0,
        },
    }
}

fn engine(spec: &Spec, dynamic: bool) -> Result<Engine, String> {
    let opts = MockOptions {
        dynamic,
        // Same request, same generated data: the preview does not flicker while typing.
        seed: Some(1),
        ..MockOptions::default()
    };
    Engine::from_spec(spec, opts)
        .map(|l| l.engine)
        .map_err(|e| e.to_string())
}

/// Named examples per status of one operation, read through `$ref`s.
fn examples(spec: &Spec, method: &str, path: &str) -> Vec<MockExample> {
    let mut out = Vec::new();
    let Some(op) = spec
        .cursor()
        .get("paths")
        .and_then(|p| p.get(path))
        .and_then(|p| p.get(&method.to_ascii_lowercase()))
    else {
        return out;
    };
    let Some(responses) = op.get("responses") else {
        return out;
    };
    for (status, response) in responses.members() {
        let Some(content) = response.get("content") else {
            continue;
        };
        for (_, media) in content.members() {
            if let Some(ex) = media.get("examples") {
                for (name, _) in ex.members() {
                    let e = MockExample {
                        status: status.to_string(),
                        name: name.to_string(),
                    };
                    if !out.contains(&e) {
                        out.push(e);
                    }
                }
            }
        }
    }
    out
}

pub fn operations(spec: &Spec) -> Result<Vec<MockOperation>, String> {
    let engine = engine(spec, false)?;
    Ok(engine
        .operations()
        .into_iter()
        .map(|o| MockOperation {
            key: o
                .id
                .clone()
                .unwrap_or_else(|| format!("{} {}", o.method, o.path)),
            examples: examples(spec, &o.method, &o.path),
            method: o.method,
            path: o.path,
            statuses: o.statuses,
        })
        .collect())
}

pub fn preview(
    spec: &Spec,
    operation: &str,
    status: Option<u16>,
    example: Option<String>,
    dynamic: bool,
) -> Result<MockReply, String> {
    let engine = engine(spec, dynamic)?;
    let r = engine.preview(&Preview {
        operation: operation.to_string(),
        status,
        example,
        dynamic,
        accept: None,
    })?;
    // Pretty-print JSON bodies for reading; anything else is shown as sent.
    let body = match r.json() {
        Some(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| r.text()),
        None => r.text(),
    };
    Ok(MockReply {
        status: r.status,
        headers: r.headers,
        body,
    })
}

/// One of the diagram engine's views: "schemas", "resources" or "gateway".
pub fn diagram(spec: &Spec, view: &str) -> Result<DiagramView, String> {
    use specwright_diagram as d;
    let graph = match view {
        "schemas" => d::schemas(spec, &d::SchemaOptions::default()),
        "resources" => d::resources(spec, &d::ResourceOptions::default()),
        "gateway" => {
            let t = match translate(spec, &Options::default()) {
                Ok(t) => t,
                Err(e) => {
                    return Ok(DiagramView {
                        svg: None,
                        error: Some(format!(
                            "the spec does not translate to Kong config: {}",
                            e.message
                        )),
                        nodes: 0,
                    })
                }
            };
            let origins: Vec<d::EntityOrigin> = t
                .sources
                .iter()
                .map(|s| d::EntityOrigin {
                    entity: s.entity.clone(),
                    file: s.source.file.clone(),
                    pointer: s.source.pointer.clone(),
                })
                .collect();
            d::gateway(&d::title(spec), &t.config, &origins)
        }
        _ => return Err(format!("no diagram view {view:?}")),
    };
    Ok(match graph {
        Ok(g) => DiagramView {
            nodes: g.nodes.len() as u32,
            svg: Some(d::to_svg(&g)),
            error: None,
        },
        Err(e) => DiagramView {
            svg: None,
            error: Some(e.to_string()),
            nodes: 0,
        },
    })
}

/// Where a diagram node's `data-file` (a file of the spec, as the engines name it) and
/// `data-pointer` are in the workspace.
pub fn locate(ws: &Workspace, spec: &Spec, file: &str, pointer: &str) -> Option<SourcePlace> {
    let source = spec
        .files
        .iter()
        .find(|f| f.name == file || ws.rel(&f.path).as_deref() == Some(file))?;
    let path = specwright_document::pointer::parse_pointer(pointer.trim_start_matches('#')).ok()?;
    let located = source.locate(&path)?;
    // The key names the node best (a schema's name, a path's template).
    let span = located.key_span.unwrap_or(located.node.span);
    Some(SourcePlace {
        file: ws.rel(&source.path)?,
        range: source.range(span).into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use specwright_document::LoadOptions;
    use std::fs;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\nservers: [{url: 'https://pets.example.com/v1'}]\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {type: string}}\n              examples:\n                two: {value: [rex, tom]}\n                none: {value: []}\n        '404': {description: missing}\n";

    fn load(text: &str) -> (tempfile::TempDir, Workspace, Spec) {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("openapi.yaml");
        fs::write(&p, text).unwrap();
        let (ws, _) = Workspace::open(d.path()).unwrap();
        let opts = LoadOptions {
            root: Some(ws.root.clone()),
            ..LoadOptions::default()
        };
        let spec = Spec::load(&ws.root.join("openapi.yaml"), &opts).unwrap();
        (d, ws, spec)
    }

    #[test]
    fn every_diagram_view_renders_nodes_that_lead_back_to_the_source() {
        let (_d, ws, spec) = load(SPEC);
        for view in ["schemas", "resources", "gateway"] {
            let v = diagram(&spec, view).unwrap();
            assert!(v.error.is_none(), "{view}: {:?}", v.error);
            let svg = v.svg.unwrap();
            assert!(svg.starts_with("<svg"), "{view}");
            if view != "schemas" {
                assert!(v.nodes > 0, "{view}");
            }
        }
        let place = locate(&ws, &spec, &spec.root().name, "/paths/~1pets/get").unwrap();
        assert_eq!(place.file, "openapi.yaml");
        assert_eq!(place.range.start.line, 5);
        assert!(diagram(&spec, "nope").is_err());
    }

    #[test]
    fn kong_view_has_the_routes_of_the_spec() {
        let (_d, ws, spec) = load(SPEC);
        let k = kong(&ws, &spec);
        assert!(k.error.is_none(), "{:?}", k.error);
        assert_eq!((k.services, k.routes), (1, 1));
        assert!(k.config.unwrap().contains("pets_listpets"));
    }

    #[test]
    fn kong_view_reports_a_placed_error() {
        let bad = SPEC.replace(
            "    get:\n",
            "    get:\n      x-kong-plugin-rate-limiting: 5\n",
        );
        let (_d, ws, spec) = load(&bad);
        let k = kong(&ws, &spec);
        let e = k.error.expect("an error");
        assert!(k.config.is_none());
        assert!(!e.message.is_empty());
    }

    #[test]
    fn mock_lists_operations_with_examples_and_previews_them() {
        let (_d, _ws, spec) = load(SPEC);
        let ops = operations(&spec).unwrap();
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].key, "listPets");
        assert_eq!(ops[0].statuses, vec!["200", "404"]);
        let names: Vec<_> = ops[0].examples.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["two", "none"]);
        let r = preview(&spec, "listPets", Some(200), Some("two".into()), false).unwrap();
        assert_eq!(r.status, 200);
        assert!(r.body.contains("rex"), "{}", r.body);
        let r = preview(&spec, "listPets", Some(200), Some("none".into()), false).unwrap();
        assert_eq!(r.body.trim(), "[]");
        let r = preview(&spec, "listPets", Some(404), None, false).unwrap();
        assert_eq!(r.status, 404);
        assert!(preview(&spec, "nope", None, None, false).is_err());
    }
}
