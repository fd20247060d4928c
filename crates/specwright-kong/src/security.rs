//! Security requirements to Kong auth plugins.
//!
//! decK (`--generate-security`): one requirement with one `openIdConnect` scheme becomes an
//! `openid-connect` plugin: the scheme's `x-kong-security-openid-connect` object (or a
//! `$ref` into `components/x-kong`), `config.scopes_required` = its scopes plus the
//! requirement's, sorted, and `config.issuer` = `openIdConnectUrl` unless set. Anything else
//! is an error (OR of requirements, AND of schemes, a missing scheme, another type), unless
//! errors are ignored; then the inherited plugin stays.
//!
//! Beyond decK (`--security-plugins`): `apiKey` -> `key-auth` (`key_names` from the
//! parameter name, `key_in_header`/`key_in_query` from `in`), `http` `basic` ->
//! `basic-auth`, `http` `bearer` with `bearerFormat: JWT` -> `jwt`.

use crate::entity::{Ctx, Obj};
use crate::error::{Raw, RawResult};
use crate::input::{deref, join};
use crate::plugins::x_kong_object;
use serde_json::{json, Value};

/// The plugin for a `security` list, `inherited` when the list is absent or empty (or
/// unsupported and errors are ignored). Plugins carry no origin yet.
pub fn security_plugin(
    ctx: &Ctx,
    requirements: Option<&Value>,
    req_path: &[String],
    inherited: Option<Obj>,
) -> RawResult<Option<Obj>> {
    let ignore = ctx.opts.ignore_security_errors;
    let fail = |path: &[String], msg: &str| -> RawResult<Option<Obj>> {
        if ignore {
            Ok(inherited.clone())
        } else {
            Err(Raw::at(path, msg))
        }
    };
    let list = match requirements {
        Some(Value::Array(l)) if !l.is_empty() => l,
        _ => return Ok(inherited),
    };
    if list.len() > 1 {
        return fail(req_path, "only a single security-requirement is supported");
    }
    let req_at = join(req_path, &["0"]);
    let Some(req) = list[0].as_object().filter(|r| !r.is_empty()) else {
        return Ok(inherited);
    };
    if req.len() > 1 {
        return fail(
            &req_at,
            "within a security-requirement only a single security-scheme is supported",
        );
    }
    let (scheme_name, scopes) = req.iter().next().expect("one entry");
    let scheme_at = join(&req_at, &[scheme_name]);
    let scheme_path = vec![
        "components".to_string(),
        "securitySchemes".into(),
        scheme_name.clone(),
    ];
    let scheme = ctx
        .doc
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(|s| s.get(scheme_name))
        .and_then(|s| deref(ctx.doc, s, &scheme_path));
    let Some((Value::Object(scheme), scheme_path)) = scheme else {
        return fail(
            &scheme_at,
            &format!("no security-schemes with name '{scheme_name}' found in components"),
        );
    };
    let typ: String = scheme
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    let scopes: Vec<String> = scopes
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if typ == "openidconnect" {
        return oidc_plugin(ctx, scheme, &scheme_path, &scopes).map(Some);
    }
    if ctx.opts.security_plugins {
        match other_plugin(scheme) {
            Ok(p) => return Ok(Some(p)),
            Err(msg) => return fail(&scheme_path, &msg),
        }
    }
    fail(
        &scheme_path,
        "only security-schemes of type 'openIdConnect' are supported",
    )
}

fn oidc_plugin(
    ctx: &Ctx,
    scheme: &Obj,
    scheme_path: &[String],
    scopes: &[String],
) -> RawResult<Obj> {
    let mut plugin = x_kong_object(
        ctx,
        Some(scheme),
        scheme_path,
        "x-kong-security-openid-connect",
    )?
    .unwrap_or_default();
    let at = join(scheme_path, &["x-kong-security-openid-connect"]);
    let mut config = match plugin.remove("config") {
        None | Some(Value::Null) => Obj::new(),
        Some(Value::Object(c)) => c,
        Some(other) => return Err(Raw::at(&at, format!("not an object, but {other}"))),
    };
    let mut required: Vec<String> = match config.get("scopes_required") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect(),
        Some(other) => return Err(Raw::at(&at, format!("not an array, but {other}"))),
    };
    for s in scopes {
        if !required.contains(s) {
            required.push(s.clone());
        }
    }
    required.sort();
    plugin.insert("name".into(), json!("openid-connect"));
    config.insert("scopes_required".into(), json!(required));
    if let Some(url) = scheme.get("openIdConnectUrl").and_then(Value::as_str) {
        if !url.is_empty() && config.get("issuer").is_none_or(Value::is_null) {
            config.insert("issuer".into(), json!(url));
        }
    }
    plugin.insert("config".into(), Value::Object(config));
    Ok(plugin)
}

/// `--security-plugins`: the Kong plugin for a non-OIDC scheme, or why there is none.
fn other_plugin(scheme: &Obj) -> Result<Obj, String> {
    let get = |k: &str| scheme.get(k).and_then(Value::as_str).unwrap_or_default();
    let plugin = match get("type").to_ascii_lowercase().as_str() {
        "apikey" => {
            let name = get("name");
            if name.is_empty() {
                return Err("apiKey security-scheme has no 'name'".into());
            }
            let (header, query) = match get("in") {
                "header" => (true, false),
                "query" => (false, true),
                other => {
                    return Err(format!(
                        "apiKey security-schemes in '{other}' are not supported by key-auth (only header and query)"
                    ))
                }
            };
            json!({"name": "key-auth", "config": {"key_names": [name], "key_in_header": header, "key_in_query": query, "key_in_body": false}})
        }
        "http" => match get("scheme").to_ascii_lowercase().as_str() {
            "basic" => json!({"name": "basic-auth", "config": {}}),
            "bearer" if get("bearerFormat").eq_ignore_ascii_case("jwt") => {
                json!({"name": "jwt", "config": {"header_names": ["authorization"]}})
            }
            other => {
                return Err(format!(
                    "http security-scheme '{other}' is not supported (only basic, and bearer with bearerFormat JWT)"
                ))
            }
        },
        _ => {
            return Err(
                "only security-schemes of type 'openIdConnect', 'apiKey', or 'http' (basic, bearer JWT) are supported"
                    .into(),
            )
        }
    };
    match plugin {
        Value::Object(o) => Ok(o),
        _ => unreachable!("json! object literal"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(v: Value) -> Obj {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn api_key_maps_to_key_auth() {
        let p = other_plugin(&scheme(
            json!({"type": "apiKey", "in": "query", "name": "api_key"}),
        ))
        .unwrap();
        assert_eq!(p["name"], "key-auth");
        assert_eq!(p["config"]["key_names"], json!(["api_key"]));
        assert_eq!(p["config"]["key_in_query"], true);
        assert!(other_plugin(&scheme(
            json!({"type": "apiKey", "in": "cookie", "name": "k"})
        ))
        .is_err());
    }

    #[test]
    fn http_schemes() {
        assert_eq!(
            other_plugin(&scheme(json!({"type": "http", "scheme": "Basic"}))).unwrap()["name"],
            "basic-auth"
        );
        assert_eq!(
            other_plugin(&scheme(
                json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
            ))
            .unwrap()["name"],
            "jwt"
        );
        assert!(other_plugin(&scheme(json!({"type": "http", "scheme": "bearer"}))).is_err());
        assert!(other_plugin(&scheme(json!({"type": "oauth2"}))).is_err());
    }
}
