//! Security requirements: alternatives are OR'ed, schemes inside one are AND'ed. Tokens are
//! never verified, only their presence and shape (as Prism does).

use crate::engine::MockRequest;
use crate::model::{Api, In, Operation, SchemeKind};
use base64::Engine as _;

/// None when some alternative is satisfied; otherwise the `WWW-Authenticate` challenge
/// (possibly empty, e.g. for API keys).
pub fn check(
    api: &Api,
    op: &Operation,
    req: &MockRequest,
    query: &[(String, String)],
) -> Option<String> {
    if op.security.is_empty() {
        return None;
    }
    let mut challenges: Vec<&'static str> = Vec::new();
    for alternative in &op.security {
        let mut ok = true;
        for name in alternative {
            let Some(kind) = api.schemes.get(name) else {
                // An undeclared scheme cannot be satisfied.
                ok = false;
                continue;
            };
            if !satisfied(kind, req, query) {
                ok = false;
                // Prism challenges only for credentials that are absent, not malformed.
                if attempted(kind, req) {
                    continue;
                }
                if let Some(c) = challenge(kind) {
                    if !challenges.contains(&c) {
                        challenges.push(c);
                    }
                }
            }
        }
        if ok {
            return None;
        }
    }
    Some(challenges.join(","))
}

fn attempted(kind: &SchemeKind, req: &MockRequest) -> bool {
    let auth = req.get_header("authorization").unwrap_or("").trim();
    let scheme = auth.split(' ').next().unwrap_or("");
    match kind {
        SchemeKind::Basic => scheme.eq_ignore_ascii_case("basic"),
        SchemeKind::Digest => scheme.eq_ignore_ascii_case("digest"),
        SchemeKind::Bearer => scheme.eq_ignore_ascii_case("bearer"),
        _ => false,
    }
}

fn challenge(kind: &SchemeKind) -> Option<&'static str> {
    match kind {
        SchemeKind::Basic => Some("Basic realm=\"*\""),
        SchemeKind::Digest => Some("Digest realm=\"*\", nonce=\"abc123\""),
        SchemeKind::Bearer => Some("Bearer"),
        SchemeKind::OAuth2 => Some("OAuth2"),
        SchemeKind::OpenId => Some("OpenID"),
        _ => None,
    }
}

fn satisfied(kind: &SchemeKind, req: &MockRequest, query: &[(String, String)]) -> bool {
    let auth = req.get_header("authorization").unwrap_or("").trim();
    let (scheme, cred) = auth.split_once(' ').unwrap_or((auth, ""));
    let cred = cred.trim();
    match kind {
        SchemeKind::ApiKey { location, name } => match location {
            In::Header => req.get_header(name).is_some(),
            In::Query => query.iter().any(|(k, _)| k == name),
            In::Cookie => cookies(req).iter().any(|(k, _)| k == name),
            In::Path => false,
        },
        SchemeKind::Basic => {
            scheme.eq_ignore_ascii_case("basic")
                && base64::engine::general_purpose::STANDARD
                    .decode(cred)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .is_some_and(|s| s.contains(':'))
        }
        SchemeKind::Bearer | SchemeKind::OAuth2 | SchemeKind::OpenId => {
            scheme.eq_ignore_ascii_case("bearer") && !cred.is_empty()
        }
        SchemeKind::Digest => {
            scheme.eq_ignore_ascii_case("digest")
                && ["username=", "realm=", "nonce=", "uri=", "response="]
                    .iter()
                    .all(|k| cred.contains(k))
        }
        SchemeKind::OtherHttp(s) => scheme.eq_ignore_ascii_case(s) && !cred.is_empty(),
    }
}

pub fn cookies(req: &MockRequest) -> Vec<(String, String)> {
    req.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, v)| v.split(';'))
        .filter_map(|c| {
            let (k, v) = c.split_once('=')?;
            Some((k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}
