//! A structural schema of Kong 3.x declarative config (decK format) for the entities the
//! translator emits: services, routes, upstreams, targets and plugins, with their nested
//! forms. It catches what a broken `x-kong-*` extension puts into the output (an unknown
//! field, a string where Kong wants an integer, a bad enum value) before `deck gateway sync`
//! would. Field lists follow Kong's entity schemas (kong/db/schema/entities/*.lua); plugin
//! `config` contents are plugin-specific and only checked to be an object.

use serde_json::Value;

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Int {
        min: i64,
        max: i64,
    },
    Bool,
    Enum(&'static [&'static str]),
    StrArray,
    EnumArray(&'static [&'static str]),
    Object,
    /// A foreign key: an entity name/id string or `{id}` / `{name}` object.
    Ref,
    Headers,
    AnyArray,
    Nested(Entity),
    /// Any value (timestamps, certificates given by id or object).
    Any,
}

#[derive(Clone, Copy)]
enum Entity {
    Service,
    Route,
    Upstream,
    Target,
    Plugin,
}

const PROTOCOLS: &[&str] = &[
    "grpc",
    "grpcs",
    "http",
    "https",
    "tcp",
    "tls",
    "tls_passthrough",
    "udp",
    "ws",
    "wss",
];
const TIMEOUT: Kind = Kind::Int {
    min: 1,
    max: 2_147_483_646,
};
const PORT: Kind = Kind::Int { min: 0, max: 65535 };
const HASH_ON: &[&str] = &[
    "none",
    "consumer",
    "ip",
    "header",
    "cookie",
    "path",
    "query_arg",
    "uri_capture",
];

fn fields(e: Entity) -> &'static [(&'static str, Kind)] {
    match e {
        Entity::Service => &[
            ("id", Kind::Str),
            ("name", Kind::Str),
            ("protocol", Kind::Enum(PROTOCOLS)),
            ("host", Kind::Str),
            ("port", PORT),
            ("path", Kind::Str),
            ("url", Kind::Str),
            ("retries", Kind::Int { min: 0, max: 32767 }),
            ("connect_timeout", TIMEOUT),
            ("write_timeout", TIMEOUT),
            ("read_timeout", TIMEOUT),
            ("tags", Kind::StrArray),
            ("client_certificate", Kind::Ref),
            ("tls_verify", Kind::Bool),
            ("tls_verify_depth", Kind::Int { min: 0, max: 64 }),
            ("ca_certificates", Kind::StrArray),
            ("enabled", Kind::Bool),
            ("routes", Kind::Nested(Entity::Route)),
            ("plugins", Kind::Nested(Entity::Plugin)),
            ("created_at", Kind::Any),
            ("updated_at", Kind::Any),
        ],
        Entity::Route => &[
            ("id", Kind::Str),
            ("name", Kind::Str),
            ("protocols", Kind::EnumArray(PROTOCOLS)),
            ("methods", Kind::StrArray),
            ("hosts", Kind::StrArray),
            ("paths", Kind::StrArray),
            ("headers", Kind::Headers),
            (
                "https_redirect_status_code",
                Kind::Enum(&["426", "301", "302", "307", "308"]),
            ),
            (
                "regex_priority",
                Kind::Int {
                    min: i64::MIN,
                    max: i64::MAX,
                },
            ),
            ("strip_path", Kind::Bool),
            ("path_handling", Kind::Enum(&["v0", "v1"])),
            ("preserve_host", Kind::Bool),
            ("request_buffering", Kind::Bool),
            ("response_buffering", Kind::Bool),
            ("snis", Kind::StrArray),
            ("sources", Kind::AnyArray),
            ("destinations", Kind::AnyArray),
            ("tags", Kind::StrArray),
            ("service", Kind::Ref),
            ("expression", Kind::Str),
            (
                "priority",
                Kind::Int {
                    min: 0,
                    max: i64::MAX,
                },
            ),
            ("plugins", Kind::Nested(Entity::Plugin)),
            ("created_at", Kind::Any),
            ("updated_at", Kind::Any),
        ],
        Entity::Upstream => &[
            ("id", Kind::Str),
            ("name", Kind::Str),
            (
                "algorithm",
                Kind::Enum(&[
                    "consistent-hashing",
                    "least-connections",
                    "round-robin",
                    "latency",
                    "sticky-sessions",
                ]),
            ),
            ("hash_on", Kind::Enum(HASH_ON)),
            ("hash_fallback", Kind::Enum(HASH_ON)),
            ("hash_on_header", Kind::Str),
            ("hash_fallback_header", Kind::Str),
            ("hash_on_cookie", Kind::Str),
            ("hash_on_cookie_path", Kind::Str),
            ("hash_on_query_arg", Kind::Str),
            ("hash_fallback_query_arg", Kind::Str),
            ("hash_on_uri_capture", Kind::Str),
            ("hash_fallback_uri_capture", Kind::Str),
            (
                "slots",
                Kind::Int {
                    min: 10,
                    max: 65536,
                },
            ),
            ("healthchecks", Kind::Object),
            ("tags", Kind::StrArray),
            ("host_header", Kind::Str),
            ("client_certificate", Kind::Ref),
            ("use_srv_name", Kind::Bool),
            ("sticky_sessions_cookie", Kind::Str),
            ("sticky_sessions_cookie_path", Kind::Str),
            ("targets", Kind::Nested(Entity::Target)),
            ("created_at", Kind::Any),
            ("updated_at", Kind::Any),
        ],
        Entity::Target => &[
            ("id", Kind::Str),
            ("target", Kind::Str),
            ("weight", Kind::Int { min: 0, max: 65535 }),
            ("tags", Kind::StrArray),
            ("upstream", Kind::Ref),
            ("created_at", Kind::Any),
            ("updated_at", Kind::Any),
        ],
        Entity::Plugin => &[
            ("id", Kind::Str),
            ("name", Kind::Str),
            ("instance_name", Kind::Str),
            ("config", Kind::Object),
            ("enabled", Kind::Bool),
            ("protocols", Kind::EnumArray(PROTOCOLS)),
            ("tags", Kind::StrArray),
            ("consumer", Kind::Ref),
            ("consumer_group", Kind::Ref),
            ("service", Kind::Ref),
            ("route", Kind::Ref),
            ("ordering", Kind::Object),
            ("created_at", Kind::Any),
            ("updated_at", Kind::Any),
        ],
    }
}

fn required(e: Entity) -> &'static [&'static str] {
    match e {
        Entity::Upstream => &["name"],
        Entity::Target => &["target"],
        Entity::Plugin => &["name"],
        _ => &[],
    }
}

/// How bad a violation is. Kong rejects both at sync; decK itself passes unknown fields
/// through (one of its own fixtures has a plugin-level `version`), so those are warnings
/// and upstream-compatible output is still produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place where the config breaks the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the config.
    pub pointer: String,
    pub message: String,
    pub severity: Severity,
}

/// Checks a whole declarative config.
pub fn validate(config: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    let Value::Object(root) = config else {
        out.push(Violation {
            pointer: String::new(),
            message: "the config must be an object".into(),
            severity: Severity::Error,
        });
        return out;
    };
    for (key, value) in root {
        let p = format!("/{key}");
        match key.as_str() {
            "_format_version" => {
                if value.as_str() != Some("3.0") {
                    out.push(Violation {
                        pointer: p,
                        message: "expected \"3.0\"".into(),
                        severity: Severity::Error,
                    });
                }
            }
            "services" => list(value, Entity::Service, &p, &mut out),
            "upstreams" => list(value, Entity::Upstream, &p, &mut out),
            "plugins" => list(value, Entity::Plugin, &p, &mut out),
            _ => out.push(Violation {
                pointer: p,
                message: format!("unknown top-level key '{key}'"),
                severity: Severity::Error,
            }),
        }
    }
    out
}

fn list(v: &Value, e: Entity, pointer: &str, out: &mut Vec<Violation>) {
    let Value::Array(items) = v else {
        out.push(Violation {
            pointer: pointer.into(),
            message: format!("expected an array, got {}", type_name(v)),
            severity: Severity::Error,
        });
        return;
    };
    for (i, item) in items.iter().enumerate() {
        entity(item, e, &format!("{pointer}/{i}"), out);
    }
}

fn entity(v: &Value, e: Entity, pointer: &str, out: &mut Vec<Violation>) {
    let Value::Object(o) = v else {
        out.push(Violation {
            pointer: pointer.into(),
            message: format!("expected an object, got {}", type_name(v)),
            severity: Severity::Error,
        });
        return;
    };
    let table = fields(e);
    for (key, value) in o {
        let p = format!(
            "{pointer}/{}",
            specwright_document::pointer::escape_segment(key)
        );
        match table.iter().find(|(k, _)| k == key) {
            None => out.push(Violation {
                pointer: p,
                message: format!("unknown field '{key}' for a {}", entity_name(e)),
                severity: Severity::Warning,
            }),
            Some((_, kind)) => check(value, *kind, &p, out),
        }
    }
    for r in required(e) {
        if o.get(*r).is_none_or(Value::is_null) {
            out.push(Violation {
                pointer: pointer.into(),
                message: format!("a {} needs '{r}'", entity_name(e)),
                severity: Severity::Error,
            });
        }
    }
}

fn check(v: &Value, kind: Kind, pointer: &str, out: &mut Vec<Violation>) {
    let mut bad = |message: String| {
        out.push(Violation {
            pointer: pointer.into(),
            message,
            severity: Severity::Error,
        })
    };
    if v.is_null() {
        return; // Kong treats null as "use the default".
    }
    match kind {
        Kind::Any => {}
        Kind::Str => {
            if !v.is_string() {
                bad(format!("expected a string, got {}", type_name(v)));
            }
        }
        Kind::Bool => {
            if !v.is_boolean() {
                bad(format!("expected a boolean, got {}", type_name(v)));
            }
        }
        Kind::Int { min, max } => match v.as_f64() {
            Some(f) if f.fract() == 0.0 => {
                if f < min as f64 || f > max as f64 {
                    bad(format!("{f} is out of range {min}..={max}"));
                }
            }
            _ => bad(format!("expected an integer, got {}", type_name(v))),
        },
        Kind::Enum(values) => {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            if !values.contains(&s.as_str()) {
                bad(format!("expected one of {}, got {v}", values.join(", ")));
            }
        }
        Kind::StrArray => match v {
            Value::Array(a) if a.iter().all(Value::is_string) => {}
            _ => bad(format!(
                "expected an array of strings, got {}",
                type_name(v)
            )),
        },
        Kind::EnumArray(values) => match v {
            Value::Array(a) => {
                for item in a {
                    if !item.as_str().is_some_and(|s| values.contains(&s)) {
                        bad(format!(
                            "expected each of {}, got {item}",
                            values.join(", ")
                        ));
                    }
                }
            }
            _ => bad(format!("expected an array, got {}", type_name(v))),
        },
        Kind::Object => {
            if !v.is_object() {
                bad(format!("expected an object, got {}", type_name(v)));
            }
        }
        Kind::Ref => {
            if !(v.is_string() || v.is_object()) {
                bad(format!(
                    "expected a name, id or object, got {}",
                    type_name(v)
                ));
            }
        }
        Kind::AnyArray => {
            if !v.is_array() {
                bad(format!("expected an array, got {}", type_name(v)));
            }
        }
        Kind::Headers => match v {
            Value::Object(h) => {
                for (name, values) in h {
                    if !matches!(values, Value::Array(a) if a.iter().all(Value::is_string)) {
                        out.push(Violation {
                            pointer: format!("{pointer}/{name}"),
                            message: "expected an array of strings".into(),
                            severity: Severity::Error,
                        });
                    }
                }
            }
            _ => bad(format!(
                "expected an object of header names to value arrays, got {}",
                type_name(v)
            )),
        },
        Kind::Nested(e) => list(v, e, pointer, out),
    }
}

fn entity_name(e: Entity) -> &'static str {
    match e {
        Entity::Service => "service",
        Entity::Route => "route",
        Entity::Upstream => "upstream",
        Entity::Target => "target",
        Entity::Plugin => "plugin",
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_translator_output_shape() {
        let c = json!({"_format_version": "3.0", "services": [{"name": "s", "host": "h", "port": 443, "protocol": "https", "path": "/",
            "routes": [{"name": "r", "paths": ["~/$"], "methods": ["GET"], "headers": {"X": ["1"]}, "regex_priority": 200, "strip_path": false, "plugins": [], "tags": []}],
            "plugins": [{"name": "cors", "config": {}}], "tags": []}],
            "upstreams": [{"name": "u", "targets": [{"target": "h:443", "tags": []}], "tags": []}]});
        assert_eq!(validate(&c), vec![]);
    }

    #[test]
    fn catches_broken_extensions() {
        let c = json!({"_format_version": "3.0", "services": [{"name": "s", "retries": "many", "retry": 1, "port": 70000,
            "routes": [{"strip_path": "no"}], "plugins": [{"config": []}]}], "upstreams": []});
        let v = validate(&c);
        let pointers: Vec<&str> = v.iter().map(|x| x.pointer.as_str()).collect();
        assert!(pointers.contains(&"/services/0/retries"));
        assert!(pointers.contains(&"/services/0/retry"));
        assert!(pointers.contains(&"/services/0/port"));
        assert!(pointers.contains(&"/services/0/routes/0/strip_path"));
        assert!(pointers.contains(&"/services/0/plugins/0/config"));
        assert!(
            pointers.contains(&"/services/0/plugins/0"),
            "missing plugin name"
        );
    }
}
