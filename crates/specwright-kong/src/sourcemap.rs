//! From each generated entity back to the spec range that produced it (the studio's
//! diagram click-through), and the final key order.

use crate::entity::ORIGIN;
use crate::input::{Input, SourceSpan};
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Service,
    Route,
    Upstream,
    Target,
    Plugin,
}

/// One generated entity and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntitySource {
    /// JSON pointer of the entity in the generated config (`/services/0/routes/2`).
    pub entity: String,
    pub kind: EntityKind,
    pub name: Option<String>,
    pub source: SourceSpan,
}

/// Removes the origin markers, returning the source of every entity.
pub fn collect(config: &mut Value, input: &Input) -> Vec<EntitySource> {
    let mut out = Vec::new();
    let Value::Object(root) = config else {
        return out;
    };
    let visit = |o: &mut Map<String, Value>,
                 pointer: String,
                 kind: EntityKind,
                 out: &mut Vec<EntitySource>| {
        let origin: Vec<String> = match o.remove(ORIGIN) {
            Some(Value::Array(a)) => a
                .into_iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        out.push(EntitySource {
            entity: pointer,
            kind,
            name: o
                .get("name")
                .or_else(|| o.get("target"))
                .and_then(Value::as_str)
                .map(str::to_string),
            source: input.source(&origin),
        });
    };
    if let Some(Value::Array(services)) = root.get_mut("services") {
        for (i, s) in services.iter_mut().enumerate() {
            let Value::Object(s) = s else { continue };
            let sp = format!("/services/{i}");
            visit(s, sp.clone(), EntityKind::Service, &mut out);
            if let Some(Value::Array(ps)) = s.get_mut("plugins") {
                for (k, p) in ps.iter_mut().enumerate() {
                    if let Value::Object(p) = p {
                        visit(p, format!("{sp}/plugins/{k}"), EntityKind::Plugin, &mut out);
                    }
                }
            }
            if let Some(Value::Array(rs)) = s.get_mut("routes") {
                for (j, r) in rs.iter_mut().enumerate() {
                    let Value::Object(r) = r else { continue };
                    let rp = format!("{sp}/routes/{j}");
                    visit(r, rp.clone(), EntityKind::Route, &mut out);
                    if let Some(Value::Array(ps)) = r.get_mut("plugins") {
                        for (k, p) in ps.iter_mut().enumerate() {
                            if let Value::Object(p) = p {
                                visit(p, format!("{rp}/plugins/{k}"), EntityKind::Plugin, &mut out);
                            }
                        }
                    }
                }
            }
        }
    }
    if let Some(Value::Array(ups)) = root.get_mut("upstreams") {
        for (i, u) in ups.iter_mut().enumerate() {
            let Value::Object(u) = u else { continue };
            let up = format!("/upstreams/{i}");
            visit(u, up.clone(), EntityKind::Upstream, &mut out);
            if let Some(Value::Array(ts)) = u.get_mut("targets") {
                for (k, t) in ts.iter_mut().enumerate() {
                    if let Value::Object(t) = t {
                        visit(t, format!("{up}/targets/{k}"), EntityKind::Target, &mut out);
                    }
                }
            }
        }
    }
    if let Some(Value::Array(ps)) = root.get_mut("plugins") {
        for (k, p) in ps.iter_mut().enumerate() {
            if let Value::Object(p) = p {
                visit(p, format!("/plugins/{k}"), EntityKind::Plugin, &mut out);
            }
        }
    }
    out
}

/// decK writes Go maps, so keys come out sorted at every level.
pub fn sort_keys(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.sort_keys();
            for (_, c) in o.iter_mut() {
                sort_keys(c);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(sort_keys),
        _ => {}
    }
}
