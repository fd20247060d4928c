//! The walk over document, paths and operations (decK's `Convert`), wiring the rules of the
//! other modules together. Order and precedence follow go-apiops v0.4.2 exactly, since
//! entity ids and names depend on them:
//! - document: tags, base name, `components/x-kong`, defaults, the doc service, doc plugins
//!   (plus the doc OIDC plugin), the validator template, consumer-bound plugins;
//! - each path (sorted by bytes): base name, defaults (a lower level *replaces* the upper
//!   one), a path service when the path has servers or service/upstream defaults;
//! - each operation (methods sorted): base name, an operation service on the same
//!   conditions, plugins merged by level, OIDC, the generated validator, the route and its
//!   header-enum variants.

use crate::entity::{without_origin, Ctx, Obj};
use crate::error::{Raw, RawResult};
use crate::gojson;
use crate::input::{deref, join};
use crate::names::{slugify, uuid5};
use crate::options::Options;
use crate::plugins::{
    global_sort_key, has_plugins, insert_plugin, plugin_id, plugin_name, plugins_list,
    split_consumer_plugins, take_validator, x_kong_object,
};
use crate::routes::{self, Param, PRIORITY_WITH_PARAMS};
use crate::security::security_plugin;
use crate::servers::{create_service, render_server_urls, scalar_text, ServiceSpec};
use crate::validator::{ParamRef, Validator};
use serde_json::{json, Value};
use std::collections::HashMap;

pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const PATHS_MISSING: &str =
    "must have `.paths` in the root of the document. See examples https://github.com/Kong/go-apiops/tree/main/docs";

/// A translated working document.
pub struct Converted {
    /// The config; entities still carry their origin markers.
    pub config: Value,
    /// A request-validator template applied to an operation, so its `requestBody` was read.
    pub read_bodies: bool,
}

/// Translates the working document. decK's refusal of circular refs is checked before, on
/// the whole document ([`crate::circular`]).
pub fn convert(doc: &Value, opts: &Options) -> RawResult<Converted> {
    let empty = Obj::new();
    let root = doc.as_object().unwrap_or(&empty);
    let root_path: Vec<String> = Vec::new();
    let mut read_bodies = false;
    let inso = opts.inso_compat;
    let tags = kong_tags(root, opts)?;
    let doc_base = slugify(inso, &doc_name(root, opts)?);
    let kong_components = match doc.get("components").and_then(|c| c.get("x-kong")) {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => Some(o),
        Some(_) => {
            return Err(Raw::at(
                &["components".into(), "x-kong".into()],
                "expected '/components/x-kong' to be a JSON/YAML object",
            ))
        }
    };
    let ctx = Ctx {
        opts,
        doc,
        tags,
        kong_components,
        inso,
        join: crate::names::join_char(inso),
    };
    let validator = Validator::new(doc);
    let mut out = Output::default();

    // Document level.
    let doc_svc_defaults = x_kong_object(&ctx, Some(root), &root_path, "x-kong-service-defaults")?;
    let doc_ups_defaults = x_kong_object(&ctx, Some(root), &root_path, "x-kong-upstream-defaults")?;
    let doc_route_defaults = x_kong_object(&ctx, Some(root), &root_path, "x-kong-route-defaults")?;
    let doc_servers = servers_of(root);
    let servers_path = vec!["servers".to_string()];
    let doc_origin = if doc_servers.is_empty() {
        vec![]
    } else {
        servers_path.clone()
    };
    let (doc_service, doc_upstream) = create_service(
        &ctx,
        &ServiceSpec {
            base: &doc_base,
            servers: doc_servers,
            servers_path: &servers_path,
            service_defaults: doc_svc_defaults.as_ref(),
            upstream_defaults: doc_ups_defaults.as_ref(),
            origin: &doc_origin,
        },
    )
    .map_err(|e| prefix(e, "failed to create service/upstream from document root: "))?;
    out.services.push(doc_service);
    let remove_doc_service = doc_servers.is_empty();
    if let Some(u) = doc_upstream {
        out.upstreams.push(u);
    }
    let mut doc_plugins = plugins_list(&ctx, Some(root), &root_path, None, &doc_base)
        .map_err(|e| prefix(e, "failed to create plugins list from document root: "))?;
    let security_on = opts.oidc || opts.security_plugins;
    let mut doc_security = None;
    if security_on {
        let sec_path = vec!["security".to_string()];
        doc_security = security_plugin(&ctx, root.get("security"), &sec_path, None)?;
        if let Some(p) = &doc_security {
            doc_plugins = insert_plugin(
                doc_plugins,
                Some(finish_security_plugin(&ctx, p, &doc_base, &sec_path)),
            );
        }
    }
    let doc_validator = take_validator(&mut doc_plugins, None);
    let doc_plugins =
        split_consumer_plugins(&mut out.global_plugins, doc_plugins, "service", &doc_base);
    out.services[0].insert("plugins".into(), plugins_value(&doc_plugins));

    // Path level.
    // `paths: []` or another non-object is read as no paths, as libopenapi does.
    let paths = match root.get("paths") {
        None | Some(Value::Null) => return Err(Raw::at(&root_path, PATHS_MISSING)),
        Some(Value::Object(p)) => p,
        Some(_) => &empty,
    };
    let mut path_keys: Vec<&String> = paths.keys().filter(|k| !k.starts_with("x-")).collect();
    path_keys.sort();
    let mut path_cache: HashMap<String, usize> = HashMap::new();
    let mut op_cache: HashMap<String, usize> = HashMap::new();

    for path_key in path_keys {
        let item_path = vec!["paths".to_string(), path_key.clone()];
        let Some((item_value, item_path)) = deref(doc, &paths[path_key.as_str()], &item_path)
        else {
            continue;
        };
        let item = item_value.as_object().unwrap_or(&empty);

        let mut path_base = match kong_name(item, &item_path)? {
            Some(n) => slugify(inso, &n),
            None => {
                let mut s = slugify(inso, path_key);
                if !inso && path_key.ends_with('/') {
                    // `/a` and `/a/` would share a name; decK marks the latter with `~`.
                    s.push('~');
                }
                s
            }
        };
        path_base = if path_base.is_empty() {
            doc_base.clone()
        } else {
            format!("{doc_base}{}{path_base}", ctx.join)
        };

        let mut new_path_service = false;
        let path_svc_defaults =
            match x_kong_object(&ctx, Some(item), &item_path, "x-kong-service-defaults")? {
                Some(d) => {
                    new_path_service = true;
                    Some(d)
                }
                None => doc_svc_defaults.clone(),
            };
        let mut new_upstream = false;
        let path_ups_defaults =
            match x_kong_object(&ctx, Some(item), &item_path, "x-kong-upstream-defaults")? {
                Some(d) => {
                    new_upstream = true;
                    new_path_service = true;
                    Some(d)
                }
                None => doc_ups_defaults.clone(),
            };
        let path_route_defaults =
            x_kong_object(&ctx, Some(item), &item_path, "x-kong-route-defaults")?
                .or_else(|| doc_route_defaults.clone());
        let own_servers = servers_of(item);
        let (path_servers, path_servers_path) = if own_servers.is_empty() {
            (doc_servers, servers_path.clone())
        } else {
            new_upstream = true;
            new_path_service = true;
            (own_servers, join(&item_path, &["servers"]))
        };

        let path_has_plugins = has_plugins(Some(item));
        let mut reused_path_service = false;
        let mut path_service = 0usize;
        let path_svc_key = || {
            service_key(
                path_servers,
                path_svc_defaults.as_ref(),
                path_ups_defaults.as_ref(),
            )
        };
        if opts.reuse_services && new_path_service && !path_has_plugins {
            if let Some(&i) = path_cache.get(&path_svc_key()) {
                path_service = i;
                reused_path_service = true;
                new_path_service = false;
            }
        }

        let path_plugins: Vec<Obj>;
        let path_validator: Option<Obj>;
        if new_path_service {
            let (mut svc, ups) = create_service(
                &ctx,
                &ServiceSpec {
                    base: &path_base,
                    servers: path_servers,
                    servers_path: &path_servers_path,
                    service_defaults: path_svc_defaults.as_ref(),
                    upstream_defaults: path_ups_defaults.as_ref(),
                    origin: &item_path,
                },
            )
            .map_err(|e| {
                prefix(
                    e,
                    &format!("failed to create service/updstream from path '{path_key}': "),
                )
            })?;
            let mut list =
                plugins_list(&ctx, Some(item), &item_path, Some(&doc_plugins), &path_base)
                    .map_err(|e| prefix(e, "failed to create plugins list from path item: "))?;
            path_validator = take_validator(&mut list, doc_validator.clone());
            let svc_name = path_base.clone();
            list = split_consumer_plugins(&mut out.global_plugins, list, "service", &svc_name);
            svc.insert("plugins".into(), plugins_value(&list));
            path_plugins = list;
            if let Some(u) = ups {
                if new_upstream {
                    out.upstreams.push(u);
                } else {
                    let host = out.services[0].get("host").cloned().unwrap_or(Value::Null);
                    svc.insert("host".into(), host);
                }
            }
            out.services.push(svc);
            path_service = out.services.len() - 1;
            if opts.reuse_services && !path_has_plugins {
                path_cache.insert(path_svc_key(), path_service);
            }
        } else if reused_path_service {
            path_plugins = Vec::new();
            path_validator = doc_validator.clone();
        } else {
            let mut list = plugins_list(&ctx, Some(item), &item_path, None, &path_base)
                .map_err(|e| prefix(e, "failed to create plugins list from path item: "))?;
            path_validator = take_validator(&mut list, doc_validator.clone());
            path_plugins = list;
        }

        let path_params = param_refs(doc, item, &item_path);

        // Operation level.
        let mut methods: Vec<&str> = METHODS
            .iter()
            .copied()
            .filter(|m| item.contains_key(*m))
            .collect();
        methods.sort_unstable();
        for method in methods {
            let op_path = join(&item_path, &[method]);
            let op_value = &item[method];
            let op = op_value.as_object().unwrap_or(&empty);
            let method_upper = method.to_ascii_uppercase();

            let op_base = match kong_name(op, &op_path)? {
                Some(n) if inso => format!("{doc_base}{}{}", ctx.join, slugify(inso, &n)),
                Some(n) => format!("{path_base}{}{}", ctx.join, slugify(inso, &n)),
                None => match scalar_text(op.get("operationId")).filter(|s| !s.is_empty()) {
                    Some(id) => format!("{doc_base}{}{}", ctx.join, slugify(inso, &id)),
                    None => format!("{path_base}{}{}", ctx.join, slugify(inso, method)),
                },
            };

            let mut new_op_service = false;
            let op_svc_defaults =
                match x_kong_object(&ctx, Some(op), &op_path, "x-kong-service-defaults")? {
                    Some(d) => {
                        new_op_service = true;
                        Some(d)
                    }
                    None => path_svc_defaults.clone(),
                };
            let mut new_upstream = false;
            let op_ups_defaults =
                match x_kong_object(&ctx, Some(op), &op_path, "x-kong-upstream-defaults")? {
                    Some(d) => {
                        new_upstream = true;
                        new_op_service = true;
                        Some(d)
                    }
                    None => path_ups_defaults.clone(),
                };
            let op_route_defaults =
                x_kong_object(&ctx, Some(op), &op_path, "x-kong-route-defaults")?
                    .or_else(|| path_route_defaults.clone());
            let own_servers = servers_of(op);
            let (op_servers, op_servers_path) = if own_servers.is_empty() {
                (path_servers, path_servers_path.clone())
            } else {
                new_upstream = true;
                new_op_service = true;
                (own_servers, join(&op_path, &["servers"]))
            };

            let mut reused_op_service = false;
            let mut op_service = path_service;
            let op_key = || {
                service_key(
                    op_servers,
                    op_svc_defaults.as_ref(),
                    op_ups_defaults.as_ref(),
                )
            };
            if opts.reuse_services && new_op_service {
                if let Some(&i) = op_cache.get(&op_key()) {
                    op_service = i;
                    reused_op_service = true;
                    new_op_service = false;
                }
            }
            if new_op_service {
                let (mut svc, ups) = create_service(
                    &ctx,
                    &ServiceSpec {
                        base: &op_base,
                        servers: op_servers,
                        servers_path: &op_servers_path,
                        service_defaults: op_svc_defaults.as_ref(),
                        upstream_defaults: op_ups_defaults.as_ref(),
                        origin: &op_path,
                    },
                )
                .map_err(|e| {
                    prefix(
                        e,
                        &format!("failed to create service/updstream from operation '{path_key} {method_upper}': "),
                    )
                })?;
                if let Some(u) = ups {
                    if new_upstream {
                        out.upstreams.push(u);
                    } else {
                        let host = out.services[path_service]
                            .get("host")
                            .cloned()
                            .unwrap_or(Value::Null);
                        svc.insert("host".into(), host);
                    }
                }
                out.services.push(svc);
                op_service = out.services.len() - 1;
                if opts.reuse_services {
                    op_cache.insert(op_key(), op_service);
                }
            }

            let plugin_err = |e| prefix(e, "failed to create plugins list from operation item: ");
            let mut op_plugins = if !new_op_service
                && !new_path_service
                && !reused_path_service
                && !reused_op_service
            {
                plugins_list(&ctx, Some(op), &op_path, Some(&path_plugins), &op_base)
                    .map_err(plugin_err)?
            } else if new_op_service || reused_op_service {
                // The operation's own service carries no plugins: the route gets all levels.
                let l = plugins_list(&ctx, Some(root), &root_path, None, &op_base)
                    .map_err(plugin_err)?;
                let l = plugins_list(&ctx, Some(item), &item_path, Some(&l), &op_base)
                    .map_err(plugin_err)?;
                plugins_list(&ctx, Some(op), &op_path, Some(&l), &op_base).map_err(plugin_err)?
            } else if new_path_service {
                plugins_list(&ctx, Some(op), &op_path, None, &op_base).map_err(plugin_err)?
            } else {
                plugins_list(&ctx, Some(op), &op_path, Some(&path_plugins), &op_base)
                    .map_err(plugin_err)?
            };

            if security_on {
                let sec_path = join(&op_path, &["security"]);
                let op_security =
                    security_plugin(&ctx, op.get("security"), &sec_path, doc_security.clone())?;
                if op_security != doc_security {
                    if let Some(p) = &op_security {
                        op_plugins = insert_plugin(
                            op_plugins,
                            Some(finish_security_plugin(&ctx, p, &op_base, &sec_path)),
                        );
                    }
                }
            }

            let template = take_validator(&mut op_plugins, path_validator.clone());
            read_bodies |= template.is_some();
            let op_params = param_refs(doc, op, &op_path);
            let generated = validator
                .generate(
                    &ctx,
                    template.as_ref(),
                    op_value,
                    &op_path,
                    path_params.as_deref(),
                    op_params.as_deref(),
                    &op_base,
                )
                .map_err(|e| prefix(e, "failed to create validator plugin: "))?;
            op_plugins = insert_plugin(op_plugins, generated);

            let mut route = op_route_defaults.clone().unwrap_or_default();
            route.remove("service");
            op_plugins =
                split_consumer_plugins(&mut out.global_plugins, op_plugins, "route", &op_base);
            route.insert("plugins".into(), plugins_value(&op_plugins));

            let rp_op = route_params(doc, op_params.as_deref());
            let rp_path = route_params(doc, path_params.as_deref());
            let (regex, priority) =
                routes::path_regex(path_key, &rp_op, &rp_path, inso, &item_path)?;
            route.insert("paths".into(), json!([regex]));
            if !opts.skip_id {
                route.insert(
                    "id".into(),
                    json!(uuid5(&opts.uuid_namespace, &format!("{op_base}.route"))),
                );
            }
            route.insert("name".into(), json!(op_base));
            route.insert("methods".into(), json!([method_upper]));
            route.insert("tags".into(), json!(ctx.tags));
            match route.get("regex_priority") {
                None => {
                    route.insert("regex_priority".into(), json!(priority));
                }
                Some(v) => {
                    let Some(n) = v.as_f64() else {
                        return Err(Raw::at(
                            &op_path,
                            "failed to parse 'regex_priority' from route defaults: expected a number",
                        ));
                    };
                    if priority == PRIORITY_WITH_PARAMS {
                        route.insert("regex_priority".into(), json!(n as i64 - 1));
                    }
                }
            }
            if !route.contains_key("strip_path") {
                route.insert("strip_path".into(), json!(false));
            }
            ctx.set_origin(&mut route, &op_path);

            let mut new_routes = Vec::new();
            let headers =
                routes::routing_headers(&rp_op, &rp_path, opts.treat_all_headers_as_required);
            if !headers.is_empty() && !opts.skip_route_by_header {
                for (i, combination) in routes::header_combinations(&headers)
                    .into_iter()
                    .enumerate()
                {
                    let mut r = route.clone();
                    let mut hmap = Obj::new();
                    for (name, value) in &combination {
                        hmap.insert(name.clone(), json!([value]));
                    }
                    let hjson = gojson::to_string(&Value::Object(hmap.clone()));
                    r.insert("headers".into(), Value::Object(hmap));
                    let name = format!("{op_base}_{i}");
                    if !opts.skip_id {
                        r.insert("id".into(), json!(uuid5(&opts.uuid_namespace, &name)));
                        if let Some(Value::Array(ps)) = r.get_mut("plugins") {
                            let base = format!("{op_base}{hjson}");
                            for p in ps.iter_mut() {
                                if let Value::Object(p) = p {
                                    let id = plugin_id(&ctx, &base, plugin_name(p));
                                    p.insert("id".into(), json!(id));
                                }
                            }
                        }
                    }
                    r.insert("name".into(), json!(name));
                    new_routes.push(Value::Object(r));
                }
            }
            new_routes.push(Value::Object(route));
            if let Some(Value::Array(rs)) = out.services[op_service].get_mut("routes") {
                rs.extend(new_routes);
            }
        }
    }

    let mut result = Obj::new();
    result.insert("_format_version".into(), json!("3.0"));
    let services: Vec<Value> = if out.services.len() > 1 && remove_doc_service {
        out.services
            .into_iter()
            .skip(1)
            .map(Value::Object)
            .collect()
    } else {
        out.services.into_iter().map(Value::Object).collect()
    };
    result.insert("services".into(), Value::Array(services));
    result.insert(
        "upstreams".into(),
        Value::Array(out.upstreams.into_iter().map(Value::Object).collect()),
    );
    if !out.global_plugins.is_empty() {
        let mut g = out.global_plugins;
        g.sort_by_cached_key(global_sort_key);
        result.insert(
            "plugins".into(),
            Value::Array(g.into_iter().map(Value::Object).collect()),
        );
    }
    Ok(Converted {
        config: Value::Object(result),
        read_bodies,
    })
}

#[derive(Default)]
struct Output {
    services: Vec<Obj>,
    upstreams: Vec<Obj>,
    global_plugins: Vec<Obj>,
}

fn plugins_value(list: &[Obj]) -> Value {
    Value::Array(list.iter().cloned().map(Value::Object).collect())
}

/// Security plugins get their origin; decK gives the OIDC plugin neither id nor tags, the
/// `--security-plugins` ones get both like any other plugin.
fn finish_security_plugin(ctx: &Ctx, p: &Obj, base: &str, at: &[String]) -> Obj {
    let mut p = p.clone();
    if plugin_name(&p) != "openid-connect" {
        if !ctx.opts.skip_id {
            let id = plugin_id(ctx, base, plugin_name(&p));
            p.insert("id".into(), json!(id));
        }
        p.insert("tags".into(), json!(ctx.tags));
    }
    ctx.set_origin(&mut p, at);
    p
}

fn prefix(mut e: Raw, p: &str) -> Raw {
    e.message = format!("{p}{}", e.message);
    e
}

fn servers_of(o: &Obj) -> &[Value] {
    match o.get("servers") {
        Some(Value::Array(a)) => a,
        _ => &[],
    }
}

/// The `--reuse-services` cache key: rendered server URLs and the defaults.
fn service_key(servers: &[Value], svc: Option<&Obj>, ups: Option<&Obj>) -> String {
    let mut key = String::new();
    for u in render_server_urls(servers) {
        key.push_str(&u);
        key.push('|');
    }
    key.push_str("||");
    if let Some(d) = svc {
        key.push_str(&gojson::to_string(&Value::Object(without_origin(d))));
    }
    key.push_str("||");
    if let Some(d) = ups {
        key.push_str(&gojson::to_string(&Value::Object(without_origin(d))));
    }
    key
}

fn kong_tags(root: &Obj, opts: &Options) -> RawResult<Vec<String>> {
    if let Some(t) = &opts.tags {
        return Ok(t.clone());
    }
    let Some(v) = root.get("x-kong-tags") else {
        return Ok(Vec::new());
    };
    let err = || {
        Raw::at(
            &["x-kong-tags".to_string()],
            "expected 'x-kong-tags' to be an array of strings",
        )
    };
    let Value::Array(a) = v else {
        return Err(err());
    };
    a.iter()
        .map(|t| t.as_str().map(str::to_string).ok_or_else(err))
        .collect()
}

fn kong_name(o: &Obj, at: &[String]) -> RawResult<Option<String>> {
    match o.get("x-kong-name") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match scalar_text(Some(v)) {
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => Ok(Some(s)),
            None => Err(Raw::at(
                &join(at, &["x-kong-name"]),
                "expected 'x-kong-name' to be a string",
            )),
        },
    }
}

/// Base document name: option, `x-kong-name`, `info.title`, else a random UUID (as decK).
fn doc_name(root: &Obj, opts: &Options) -> RawResult<String> {
    if let Some(n) = opts.doc_name.as_ref().filter(|n| !n.is_empty()) {
        return Ok(n.clone());
    }
    if let Some(n) = kong_name(root, &[])? {
        return Ok(n);
    }
    if let Some(t) = root
        .get("info")
        .and_then(|i| i.get("title"))
        .and_then(|t| scalar_text(Some(t)))
    {
        if !t.is_empty() {
            return Ok(t);
        }
    }
    Ok(uuid::Uuid::new_v4().to_string())
}

/// The `parameters` of a path item or operation, refs followed; `None` when absent.
fn param_refs<'a>(
    doc: &'a Value,
    owner: &'a Obj,
    owner_path: &[String],
) -> Option<Vec<ParamRef<'a>>> {
    let Value::Array(list) = owner.get("parameters")? else {
        return None;
    };
    Some(
        list.iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let (v, path) = deref(doc, p, &join(owner_path, &["parameters", &i.to_string()]))?;
                v.is_object().then_some(ParamRef { value: v, path })
            })
            .collect(),
    )
}

fn route_params<'a>(doc: &'a Value, list: Option<&[ParamRef<'a>]>) -> Vec<Param<'a>> {
    list.unwrap_or_default()
        .iter()
        .map(|p| to_route_param(doc, p))
        .collect()
}

fn to_route_param<'a>(doc: &'a Value, p: &ParamRef<'a>) -> Param<'a> {
    let s = |k: &str| p.value.get(k).and_then(Value::as_str).unwrap_or_default();
    Param {
        name: s("name"),
        location: s("in"),
        required: p
            .value
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        schema: p
            .value
            .get("schema")
            .and_then(|sc| deref(doc, sc, &p.path).map(|(v, _)| v)),
    }
}
