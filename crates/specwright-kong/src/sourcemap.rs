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

/// Each entity's origin marker, taken out of the config; [`Origins::place`] finds the spec
/// ranges, which only the callers that show or report them need.
pub struct Origins(Found);

/// Removes the origin markers from the config.
pub fn take_origins(config: &mut Value) -> Origins {
    let mut found = Vec::new();
    if let Value::Object(root) = config {
        walk(root, &mut found);
    }
    Origins(found)
}

impl Origins {
    /// The source of every entity.
    pub fn place(self, input: &Input) -> Vec<EntitySource> {
        let mut found = self.0;
        let paths: Vec<Vec<String>> = found.iter_mut().map(|f| std::mem::take(&mut f.3)).collect();
        let spans = input.sources(&paths);
        found
            .into_iter()
            .zip(spans)
            .map(|((entity, kind, name, _), source)| EntitySource {
                entity,
                kind,
                name,
                source,
            })
            .collect()
    }
}

type Found = Vec<(String, EntityKind, Option<String>, Vec<String>)>;

fn take(o: &mut Map<String, Value>, pointer: String, kind: EntityKind, out: &mut Found) {
    let origin: Vec<String> = match o.remove(ORIGIN) {
        Some(Value::Array(a)) => a
            .into_iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let name = o
        .get("name")
        .or_else(|| o.get("target"))
        .and_then(Value::as_str)
        .map(str::to_string);
    out.push((pointer, kind, name, origin));
}

fn plugins(o: &mut Map<String, Value>, base: &str, out: &mut Found) {
    if let Some(Value::Array(ps)) = o.get_mut("plugins") {
        for (k, p) in ps.iter_mut().enumerate() {
            if let Value::Object(p) = p {
                take(p, format!("{base}/plugins/{k}"), EntityKind::Plugin, out);
            }
        }
    }
}

fn walk(root: &mut Map<String, Value>, out: &mut Found) {
    if let Some(Value::Array(services)) = root.get_mut("services") {
        for (i, s) in services.iter_mut().enumerate() {
            let Value::Object(s) = s else { continue };
            let sp = format!("/services/{i}");
            take(s, sp.clone(), EntityKind::Service, out);
            plugins(s, &sp, out);
            if let Some(Value::Array(rs)) = s.get_mut("routes") {
                for (j, r) in rs.iter_mut().enumerate() {
                    let Value::Object(r) = r else { continue };
                    let rp = format!("{sp}/routes/{j}");
                    take(r, rp.clone(), EntityKind::Route, out);
                    plugins(r, &rp, out);
                }
            }
        }
    }
    if let Some(Value::Array(ups)) = root.get_mut("upstreams") {
        for (i, u) in ups.iter_mut().enumerate() {
            let Value::Object(u) = u else { continue };
            let up = format!("/upstreams/{i}");
            take(u, up.clone(), EntityKind::Upstream, out);
            if let Some(Value::Array(ts)) = u.get_mut("targets") {
                for (k, t) in ts.iter_mut().enumerate() {
                    if let Value::Object(t) = t {
                        take(t, format!("{up}/targets/{k}"), EntityKind::Target, out);
                    }
                }
            }
        }
    }
    plugins(root, "", out);
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
