//! `x-kong-*` objects and `x-kong-plugin-<name>` plugin lists.
//!
//! - Every `x-kong-*` object may be `{"$ref": "#/components/x-kong/..."}`; only that prefix is
//!   allowed, and the target replaces the whole object (siblings are dropped).
//! - A plugin's `name` comes from the key, `tags` are overwritten, the `id` is UUIDv5 of
//!   `<base>.plugin.<name>`, `service`/`route` keys are dropped; `consumer` is kept.
//! - A lower level replaces an inherited plugin of the same name; lists are sorted by name.
//! - Plugins with a `consumer` move to the top-level `plugins` array with a `service` or
//!   `route` key naming their owner.

use crate::entity::{Ctx, Obj};
use crate::error::{Raw, RawResult};
use crate::input::join;
use crate::names::uuid5;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const PLUGIN_PREFIX: &str = "x-kong-plugin-";

/// The object at `owner[key]`, with a `components/x-kong` reference followed.
pub fn x_kong_object(
    ctx: &Ctx,
    owner: Option<&Obj>,
    owner_path: &[String],
    key: &str,
) -> RawResult<Option<Obj>> {
    let Some(v) = owner.and_then(|o| o.get(key)) else {
        return Ok(None);
    };
    let at = join(owner_path, &[key]);
    let Value::Object(o) = v else {
        return Err(Raw::at(
            &at,
            format!("expected '{key}' to be a JSON/YAML object"),
        ));
    };
    match o.get("$ref") {
        None => Ok(Some(o.clone())),
        Some(Value::String(r)) => dereference(ctx, r, &at).map(Some),
        Some(_) => Err(Raw::at(&at, "expected '$ref' pointer to be a string")),
    }
}

/// Follows `#/components/x-kong/a/b` through `components.x-kong` (segments are taken
/// literally, as decK splits on `/` without JSON-pointer unescaping).
fn dereference(ctx: &Ctx, pointer: &str, at: &[String]) -> RawResult<Obj> {
    if !pointer.starts_with("#/components/x-kong/") {
        return Err(Raw::at(
            at,
            "all 'x-kong-...' references must be at '#/components/x-kong/...'",
        ));
    }
    let mut path = "#/components/x-kong".to_string();
    let mut cur: Option<&Obj> = ctx.kong_components;
    for seg in pointer.split('/').skip(3) {
        path.push('/');
        path.push_str(seg);
        match cur.and_then(|c| c.get(seg)) {
            None | Some(Value::Null) => {
                return Err(Raw::at(at, format!("reference '{pointer}' not found")));
            }
            Some(Value::Object(o)) => cur = Some(o),
            Some(_) => {
                return Err(Raw::at(
                    at,
                    format!("expected '{path}' to be a JSON object"),
                ))
            }
        }
    }
    Ok(cur.cloned().unwrap_or_default())
}

pub fn plugin_id(ctx: &Ctx, base: &str, name: &str) -> String {
    uuid5(&ctx.opts.uuid_namespace, &format!("{base}.plugin.{name}"))
}

pub fn plugin_name(p: &Obj) -> &str {
    p.get("name").and_then(Value::as_str).unwrap_or_default()
}

/// `getPluginsList`: the inherited plugins (re-id'd for `base`) overlaid with the
/// `x-kong-plugin-*` extensions of `owner`, sorted by plugin name.
pub fn plugins_list(
    ctx: &Ctx,
    owner: Option<&Obj>,
    owner_path: &[String],
    inherited: Option<&[Obj]>,
    base: &str,
) -> RawResult<Vec<Obj>> {
    let mut plugins: BTreeMap<String, Obj> = BTreeMap::new();
    for p in inherited.unwrap_or_default() {
        let mut c = p.clone();
        let name = plugin_name(p).to_string();
        if !ctx.opts.skip_id {
            c.insert("id".into(), json!(plugin_id(ctx, base, &name)));
        }
        c.insert("tags".into(), json!(ctx.tags));
        plugins.insert(name, c);
    }
    if let Some(owner) = owner {
        for key in owner.keys() {
            let Some(name) = key.strip_prefix(PLUGIN_PREFIX) else {
                continue;
            };
            let mut p = x_kong_object(ctx, Some(owner), owner_path, key)?.unwrap_or_default();
            p.insert("name".into(), json!(name));
            if !ctx.opts.skip_id {
                p.insert("id".into(), json!(plugin_id(ctx, base, name)));
            }
            p.insert("tags".into(), json!(ctx.tags));
            p.remove("service");
            p.remove("route");
            ctx.set_origin(&mut p, &join(owner_path, &[key]));
            plugins.insert(name.to_string(), p);
        }
    }
    Ok(plugins.into_values().collect())
}

/// Whether an object has any `x-kong-plugin-*` key.
pub fn has_plugins(owner: Option<&Obj>) -> bool {
    owner.is_some_and(|o| o.keys().any(|k| k.starts_with(PLUGIN_PREFIX)))
}

/// `insertPlugin`: puts `new` into a name-sorted list, replacing a same-named plugin.
pub fn insert_plugin(list: Vec<Obj>, new: Option<Obj>) -> Vec<Obj> {
    let Some(new) = new else {
        return list;
    };
    let new_name = plugin_name(&new).to_string();
    let mut pending = Some(new);
    let mut out = Vec::with_capacity(list.len() + 1);
    for p in list {
        let name = plugin_name(&p).to_string();
        if name == new_name {
            if let Some(n) = pending.take() {
                out.push(n);
            }
        } else {
            if name > new_name {
                if let Some(n) = pending.take() {
                    out.push(n);
                }
            }
            out.push(p);
        }
    }
    if let Some(n) = pending {
        out.push(n);
    }
    out
}

/// `getValidatorPlugin`: takes the request-validator out of the list; returns it, or
/// `current` when the list has none.
pub fn take_validator(list: &mut Vec<Obj>, current: Option<Obj>) -> Option<Obj> {
    match list
        .iter()
        .position(|p| plugin_name(p) == "request-validator")
    {
        Some(i) => Some(list.remove(i)),
        None => current,
    }
}

/// `getForeignKeyPlugins`: consumer-bound plugins leave the entity for the top level, with
/// `key` (`service` or `route`) naming their owner.
pub fn split_consumer_plugins(
    global: &mut Vec<Obj>,
    list: Vec<Obj>,
    key: &str,
    owner: &str,
) -> Vec<Obj> {
    let mut keep = Vec::with_capacity(list.len());
    for mut p in list {
        if p.get("consumer").is_some_and(|c| !c.is_null()) {
            p.insert(key.into(), json!(owner));
            global.push(p);
        } else {
            keep.push(p);
        }
    }
    keep
}

/// Sort key of a top-level plugin: name, service, route, consumer.
pub fn global_sort_key(p: &Obj) -> String {
    let part = |k: &str| match p.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(v) if !v.is_null() => v.to_string(),
        _ => String::new(),
    };
    format!(
        "{}\0{}\0{}\0{}\0",
        plugin_name(p),
        part("service"),
        part("route"),
        part("consumer")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(n: &str, tag: &str) -> Obj {
        json!({"name": n, "t": tag}).as_object().unwrap().clone()
    }

    #[test]
    fn insert_keeps_order_and_replaces() {
        let l = vec![named("a", "1"), named("c", "1")];
        let l = insert_plugin(l, Some(named("b", "2")));
        assert_eq!(
            l.iter().map(plugin_name).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        let l = insert_plugin(l, Some(named("c", "3")));
        assert_eq!(l[2]["t"], "3");
        let l = insert_plugin(l, Some(named("z", "4")));
        assert_eq!(plugin_name(&l[3]), "z");
    }

    #[test]
    fn consumer_plugins_move_out() {
        let mut global = Vec::new();
        let mut p = named("acl", "1");
        p.insert("consumer".into(), json!("bob"));
        let left = split_consumer_plugins(&mut global, vec![p, named("cors", "1")], "route", "r1");
        assert_eq!(left.len(), 1);
        assert_eq!(global[0]["route"], "r1");
    }
}
