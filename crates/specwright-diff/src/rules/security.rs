//! Security requirements and scheme definitions.
//!
//! | id | level | when |
//! |---|---|---|
//! | `security-added` | breaking | an open operation now requires authentication |
//! | `security-requirement-removed` | breaking | clients using that scheme (combination) are refused |
//! | `security-scope-added` | breaking | existing tokens lack the new scope |
//! | `security-scope-removed` | info | |
//! | `security-requirement-added` | info | a new alternative way to authenticate |
//! | `security-removed` | info | the operation no longer requires authentication |
//! | `security-scheme-changed` | breaking | a scheme's type, location, name, HTTP scheme or OAuth URLs/flows changed |
//!
//! The effective requirements are the operation's `security`, else the document's. A
//! requirement list containing `{}` means authentication is optional.

use super::{Ctx, OpPair};
use crate::model;
use crate::Level;
use specwright_document::Cursor;
use std::collections::{BTreeMap, BTreeSet};

type Requirement = BTreeMap<String, BTreeSet<String>>;

fn requirements(c: &Option<Cursor<'_>>) -> Vec<Requirement> {
    let Some(c) = c else { return Vec::new() };
    c.items()
        .into_iter()
        .filter_map(|i| model::resolved(i))
        .map(|r| {
            r.members()
                .into_iter()
                .map(|(name, scopes)| {
                    let scopes = scopes
                        .items()
                        .into_iter()
                        .filter_map(|s| s.node.as_str().map(str::to_string))
                        .collect();
                    (name.to_string(), scopes)
                })
                .collect()
        })
        .collect()
}

fn describe(r: &Requirement) -> String {
    r.keys().map(String::as_str).collect::<Vec<_>>().join(" + ")
}

pub fn check_operation<'a>(cx: &mut Ctx<'a>, op: &OpPair<'_, 'a>) {
    let old_c = model::security(cx.old, op.old);
    let new_c = model::security(cx.new, op.new);
    let old = requirements(&old_c);
    let new = requirements(&new_c);
    let open = |rs: &[Requirement]| rs.is_empty() || rs.iter().any(BTreeMap::is_empty);
    let label = op.label;
    let old_loc = old_c.clone().unwrap_or_else(|| op.old.clone());
    let new_loc = new_c.clone().unwrap_or_else(|| op.new.clone());
    if open(&old) && !open(&new) {
        let names: Vec<String> = new.iter().map(describe).collect();
        cx.emit(
            "security-added",
            Level::Breaking,
            Some(label),
            format!("authentication is now required ({})", names.join(" or ")),
            Some(&old_loc),
            Some(&new_loc),
        );
        return;
    }
    if !open(&old) && open(&new) {
        cx.emit(
            "security-removed",
            Level::Info,
            Some(label),
            "authentication is no longer required".to_string(),
            Some(&old_loc),
            Some(&new_loc),
        );
        return;
    }
    for o in old.iter().filter(|r| !r.is_empty()) {
        if new.contains(o) {
            continue;
        }
        // The same schemes may appear in several alternatives with different scopes:
        // compare with the unmatched alternative that adds the fewest scopes.
        let added_scopes =
            |n: &Requirement| -> usize { n.iter().map(|(k, s)| s.difference(&o[k]).count()).sum() };
        let n = new
            .iter()
            .filter(|n| n.keys().eq(o.keys()) && !old.contains(n))
            .min_by_key(|n| added_scopes(n));
        let Some(n) = n else {
            cx.emit(
                "security-requirement-removed",
                Level::Breaking,
                Some(label),
                format!(
                    "security requirement `{}` removed: clients using it are refused",
                    describe(o)
                ),
                Some(&old_loc),
                Some(&new_loc),
            );
            continue;
        };
        for (scheme, old_scopes) in o {
            let new_scopes = &n[scheme];
            let added: Vec<&str> = new_scopes
                .difference(old_scopes)
                .map(String::as_str)
                .collect();
            let removed: Vec<&str> = old_scopes
                .difference(new_scopes)
                .map(String::as_str)
                .collect();
            if !added.is_empty() {
                cx.emit(
                    "security-scope-added",
                    Level::Breaking,
                    Some(label),
                    format!("`{scheme}` now also requires scope(s) {}", added.join(", ")),
                    Some(&old_loc),
                    Some(&new_loc),
                );
            }
            if !removed.is_empty() {
                cx.emit(
                    "security-scope-removed",
                    Level::Info,
                    Some(label),
                    format!(
                        "`{scheme}` no longer requires scope(s) {}",
                        removed.join(", ")
                    ),
                    Some(&old_loc),
                    Some(&new_loc),
                );
            }
        }
    }
    for n in new.iter().filter(|r| !r.is_empty()) {
        if !old.iter().any(|o| o.keys().eq(n.keys())) {
            cx.emit(
                "security-requirement-added",
                Level::Info,
                Some(label),
                format!(
                    "security requirement `{}` added as an alternative",
                    describe(n)
                ),
                Some(&old_loc),
                Some(&new_loc),
            );
        }
    }
}

/// Fields of a scheme that clients are built against.
const SCHEME_FIELDS: [&str; 8] = [
    "type",
    "in",
    "name",
    "scheme",
    "flow",
    "authorizationUrl",
    "tokenUrl",
    "openIdConnectUrl",
];

pub fn check_schemes(cx: &mut Ctx<'_>) {
    let (Some(old), Some(new)) = (
        model::security_schemes(cx.old),
        model::security_schemes(cx.new),
    ) else {
        return;
    };
    for (name, o) in old.members() {
        let (Some(o), Some(n)) = (model::resolved(o), new.get(name)) else {
            continue; // a removed scheme shows up as removed requirements where it was used
        };
        let mut diffs = Vec::new();
        for field in SCHEME_FIELDS {
            let a = o.get(field).map(|c| c.node.to_json());
            let b = n.get(field).map(|c| c.node.to_json());
            if a != b {
                diffs.push(field.to_string());
            }
        }
        // OpenAPI 3 OAuth flows: each flow and its URLs.
        let flows = |c: &Cursor<'_>| -> BTreeMap<String, serde_json::Value> {
            c.get("flows")
                .map(|f| {
                    f.members()
                        .into_iter()
                        .filter_map(|(k, v)| {
                            let v = model::resolved(v)?;
                            let urls: serde_json::Map<String, serde_json::Value> =
                                ["authorizationUrl", "tokenUrl"]
                                    .iter()
                                    .filter_map(|u| Some((u.to_string(), v.get(u)?.node.to_json())))
                                    .collect();
                            Some((k.to_string(), serde_json::Value::Object(urls)))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let (of, nf) = (flows(&o), flows(&n));
        for (flow, urls) in &of {
            match nf.get(flow) {
                None => diffs.push(format!("flows.{flow} (removed)")),
                Some(u) if u != urls => diffs.push(format!("flows.{flow}")),
                _ => {}
            }
        }
        if !diffs.is_empty() {
            cx.emit(
                "security-scheme-changed",
                Level::Breaking,
                None,
                format!("security scheme `{name}` changed: {}", diffs.join(", ")),
                Some(&o),
                Some(&n),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::Level;

    fn spec(security: &str, schemes: &str) -> String {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: "1.0.0"}}
components:
  securitySchemes:
{schemes}paths:
  /items:
    get:
      security: {security}
      responses: {{"200": {{description: ok}}}}
"#
        )
    }

    const SCHEMES: &str = "    key: {type: apiKey, in: header, name: X-Key}\n    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://a/token', scopes: {read: r, write: w}}}}\n";

    #[test]
    fn security_added_on_open_operation_is_breaking() {
        let all = changes(&spec("[]", SCHEMES), &spec("[{key: []}]", SCHEMES));
        assert_eq!(level_of(&all, "security-added"), Level::Breaking);
        let all = changes(&spec("[{key: []}]", SCHEMES), &spec("[{}]", SCHEMES));
        assert_eq!(level_of(&all, "security-removed"), Level::Info);
    }

    #[test]
    fn changed_requirement_and_scopes() {
        let a = spec("[{key: []}, {oauth: [read]}]", SCHEMES);
        let b = spec("[{oauth: [read, write]}]", SCHEMES);
        let all = changes(&a, &b);
        assert_eq!(
            level_of(&all, "security-requirement-removed"),
            Level::Breaking
        );
        assert_eq!(level_of(&all, "security-scope-added"), Level::Breaking);
        let back = changes(&b, &a);
        assert_eq!(level_of(&back, "security-scope-removed"), Level::Info);
        assert_eq!(level_of(&back, "security-requirement-added"), Level::Info);
    }

    #[test]
    fn same_scheme_in_several_alternatives_matches_by_scopes() {
        let a = spec("[{oauth: [read]}, {oauth: [write]}]", SCHEMES);
        let b = spec("[{oauth: [write]}, {oauth: [read]}]", SCHEMES);
        assert!(changes(&a, &b).is_empty(), "{:#?}", changes(&a, &b));
        let c = spec("[{oauth: [read, write]}, {oauth: [write]}]", SCHEMES);
        assert_eq!(
            level_of(&changes(&a, &c), "security-scope-added"),
            Level::Breaking
        );
    }

    #[test]
    fn scheme_definition_change_is_breaking() {
        let moved = SCHEMES.replace("in: header, name: X-Key", "in: query, name: key");
        let all = changes(&spec("[{key: []}]", SCHEMES), &spec("[{key: []}]", &moved));
        let c = only(&all, "security-scheme-changed");
        assert_eq!(c.level, Level::Breaking);
        assert!(c.message.contains("in, name"), "{}", c.message);
        let url = SCHEMES.replace("https://a/token", "https://b/token");
        let all = changes(&spec("[]", SCHEMES), &spec("[]", &url));
        assert!(only(&all, "security-scheme-changed")
            .message
            .contains("flows.clientCredentials"));
    }
}
