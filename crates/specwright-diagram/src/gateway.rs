//! The gateway view: what a Kong translation of the spec creates. Services → routes
//! (methods, path regexes) → plugins, services → the upstream they proxy to → targets,
//! and global plugins, read from decK declarative config; each entity is linked back to the
//! spec range that produced it through the translation's entity map.

use crate::model::{Chip, Direction, Edge, EdgeKind, Graph, Node, NodeKind, Row, Source, View};
use crate::DiagramError;
use serde_json::Value;
use std::collections::HashMap;

/// Where one generated entity came from (the translation's source map, in plain terms so
/// this crate does not depend on the translator).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityOrigin {
    /// JSON pointer of the entity in the config (`/services/0/routes/2`).
    pub entity: String,
    /// Spec file (as named in messages) and JSON pointer inside it.
    pub file: String,
    pub pointer: String,
}

/// Builds the gateway view from decK config (`services`, `upstreams`, `plugins`).
pub fn gateway(
    title: &str,
    config: &Value,
    origins: &[EntityOrigin],
) -> Result<Graph, DiagramError> {
    let Some(root) = config.as_object() else {
        return Err(DiagramError::Gateway(
            "the config is not a JSON object".into(),
        ));
    };
    let by_entity: HashMap<&str, &EntityOrigin> =
        origins.iter().map(|o| (o.entity.as_str(), o)).collect();
    let src = |entity: &str| match by_entity.get(entity) {
        Some(o) => Source::new(o.file.clone(), o.pointer.clone()),
        // Entities the translator adds on its own have no spec range; name the config spot.
        None => Source::new("(generated config)", entity),
    };
    let mut g = Graph::new(View::Gateway, title, Direction::LeftRight);
    let mut upstream_of: HashMap<String, usize> = HashMap::new();
    let list = |v: Option<&Value>| -> Result<Vec<Value>, DiagramError> {
        match v {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => Ok(a.clone()),
            Some(_) => Err(DiagramError::Gateway(
                "an entity list is not an array".into(),
            )),
        }
    };
    let name_of = |v: &Value, fallback: &str| {
        v.get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| fallback.to_string())
    };

    // Upstreams first so services can point at them.
    for (i, u) in list(root.get("upstreams"))?.iter().enumerate() {
        let ep = format!("/upstreams/{i}");
        let name = name_of(u, &ep);
        let mut node = Node::new(
            format!("upstream:{name}"),
            name.clone(),
            NodeKind::Upstream,
            src(&ep),
        );
        node.subtitle = Some("upstream".into());
        let ui = g.nodes.len();
        g.nodes.push(node);
        upstream_of.insert(name, ui);
        for (k, t) in list(u.get("targets"))?.iter().enumerate() {
            let tp = format!("{ep}/targets/{k}");
            let target = t
                .get("target")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            let mut tn = Node::new(format!("target:{tp}"), target, NodeKind::Target, src(&tp));
            tn.subtitle = t.get("weight").map(|w| format!("weight {w}"));
            push_child(&mut g, ui, tn, EdgeKind::Contains);
        }
    }
    for (i, s) in list(root.get("services"))?.iter().enumerate() {
        let sp = format!("/services/{i}");
        let name = name_of(s, &sp);
        let mut node = Node::new(format!("service:{name}"), name, NodeKind::Service, src(&sp));
        let str_at = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or("");
        let port = s.get("port").map(|p| format!(":{p}")).unwrap_or_default();
        node.subtitle = Some(format!(
            "{}://{}{}{}",
            if str_at("protocol").is_empty() {
                "http"
            } else {
                str_at("protocol")
            },
            str_at("host"),
            port,
            str_at("path")
        ));
        let si = g.nodes.len();
        g.nodes.push(node);
        if let Some(&ui) = upstream_of.get(str_at("host")) {
            g.edges.push(Edge {
                from: si,
                to: ui,
                kind: EdgeKind::Uses,
                label: "proxies to".into(),
                cardinality: None,
                cycle: false,
                source: g.nodes[si].source.clone(),
            });
        }
        plugins(&mut g, si, &sp, s, &src)?;
        for (j, r) in list(s.get("routes"))?.iter().enumerate() {
            let rp = format!("{sp}/routes/{j}");
            let mut rn = Node::new(
                format!("route:{rp}"),
                name_of(r, &rp),
                NodeKind::Route,
                src(&rp),
            );
            let methods: Vec<String> = r
                .get("methods")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let paths: Vec<String> = r
                .get("paths")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            for (k, p) in paths.iter().enumerate() {
                let mut row = Row::new(p.clone(), String::new(), rn.source.clone());
                if k == 0 {
                    row.chips = methods
                        .iter()
                        .map(|m| Chip {
                            text: m.clone(),
                            title: format!("{m} {p}"),
                            marks: Vec::new(),
                            source: rn.source.clone(),
                        })
                        .collect();
                }
                rn.rows.push(row);
            }
            if let Some(h) = r.get("headers").and_then(Value::as_object) {
                for (k, v) in h {
                    rn.rows.push(Row::new(
                        format!("header {k}"),
                        v.to_string(),
                        rn.source.clone(),
                    ));
                }
            }
            let ri = push_child(&mut g, si, rn, EdgeKind::Contains);
            plugins(&mut g, ri, &rp, r, &src)?;
        }
    }
    for (k, p) in list(root.get("plugins"))?.iter().enumerate() {
        let pp = format!("/plugins/{k}");
        let mut node = Node::new(
            format!("plugin:{pp}"),
            name_of(p, &pp),
            NodeKind::Plugin,
            src(&pp),
        );
        node.subtitle = Some("global".into());
        g.nodes.push(node);
    }
    let count = |k: NodeKind| g.nodes.iter().filter(|n| n.kind == k).count();
    let note = format!(
        "{} services, {} routes, {} plugins, {} upstreams, {} targets",
        count(NodeKind::Service),
        count(NodeKind::Route),
        count(NodeKind::Plugin),
        count(NodeKind::Upstream),
        count(NodeKind::Target)
    );
    g.notes.push(note);
    Ok(g)
}

fn push_child(g: &mut Graph, parent: usize, node: Node, kind: EdgeKind) -> usize {
    let i = g.nodes.len();
    let source = node.source.clone();
    g.nodes.push(node);
    g.edges.push(Edge {
        from: parent,
        to: i,
        kind,
        label: String::new(),
        cardinality: None,
        cycle: false,
        source,
    });
    i
}

fn plugins(
    g: &mut Graph,
    owner: usize,
    owner_pointer: &str,
    entity: &Value,
    src: &dyn Fn(&str) -> Source,
) -> Result<(), DiagramError> {
    let Some(list) = entity.get("plugins") else {
        return Ok(());
    };
    let Some(list) = list.as_array() else {
        return Err(DiagramError::Gateway(format!(
            "{owner_pointer}/plugins is not an array"
        )));
    };
    for (k, p) in list.iter().enumerate() {
        let pp = format!("{owner_pointer}/plugins/{k}");
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("plugin")
            .to_string();
        let mut node = Node::new(format!("plugin:{pp}"), name, NodeKind::Plugin, src(&pp));
        if let Some(cfg) = p.get("config").and_then(Value::as_object) {
            let keys: Vec<&str> = cfg.keys().map(String::as_str).take(4).collect();
            if !keys.is_empty() {
                node.subtitle = Some(format!(
                    "config: {}{}",
                    keys.join(", "),
                    if cfg.len() > 4 { ", …" } else { "" }
                ));
            }
        }
        push_child(g, owner, node, EdgeKind::Contains);
    }
    Ok(())
}
