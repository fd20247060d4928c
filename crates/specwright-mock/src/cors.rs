//! CORS: the request's Origin is echoed (never `*` together with credentials, which browsers
//! reject), and preflights are answered before routing.

use crate::engine::{MockRequest, MockResponse};

pub fn preflight(req: &MockRequest) -> Option<MockResponse> {
    if !req.method.eq_ignore_ascii_case("OPTIONS") {
        return None;
    }
    let origin = req.get_header("origin")?;
    let method = req.get_header("access-control-request-method")?;
    let mut headers = vec![
        (
            "access-control-allow-origin".to_string(),
            origin.to_string(),
        ),
        (
            "access-control-allow-credentials".to_string(),
            "true".to_string(),
        ),
        (
            "access-control-allow-methods".to_string(),
            method.to_string(),
        ),
        ("access-control-max-age".to_string(), "86400".to_string()),
        ("vary".to_string(), "Origin".to_string()),
    ];
    if let Some(h) = req.get_header("access-control-request-headers") {
        headers.push(("access-control-allow-headers".to_string(), h.to_string()));
    }
    Some(MockResponse {
        status: 204,
        headers,
        body: Vec::new(),
    })
}

pub fn decorate(req: &MockRequest, res: &mut MockResponse) {
    if res.header("access-control-allow-origin").is_some() {
        return;
    }
    match req.get_header("origin") {
        Some(origin) => {
            res.headers
                .push(("access-control-allow-origin".into(), origin.to_string()));
            res.headers
                .push(("access-control-allow-credentials".into(), "true".into()));
            let exposed: Vec<String> = res
                .headers
                .iter()
                .map(|(k, _)| k.clone())
                .filter(|k| !k.starts_with("access-control-"))
                .collect();
            if !exposed.is_empty() {
                res.headers
                    .push(("access-control-expose-headers".into(), exposed.join(", ")));
            }
            res.headers.push(("vary".into(), "Origin".into()));
        }
        None => {
            // No Origin: not a CORS request; `*` without credentials is valid and harmless.
            res.headers
                .push(("access-control-allow-origin".into(), "*".into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::MockRequest;

    #[test]
    fn preflight_echoes_origin_and_method_without_star() {
        let req = MockRequest::new("OPTIONS", "/x")
            .header("Origin", "http://a.test")
            .header("Access-Control-Request-Method", "PUT")
            .header("Access-Control-Request-Headers", "x-key");
        let res = preflight(&req).expect("preflight");
        assert_eq!(res.status, 204);
        assert_eq!(
            res.header("access-control-allow-origin"),
            Some("http://a.test")
        );
        assert_eq!(res.header("access-control-allow-methods"), Some("PUT"));
        assert_eq!(res.header("access-control-allow-headers"), Some("x-key"));
        assert_eq!(res.header("access-control-allow-credentials"), Some("true"));
    }

    #[test]
    fn plain_options_is_not_a_preflight() {
        assert!(preflight(&MockRequest::new("OPTIONS", "/x")).is_none());
        assert!(
            preflight(&MockRequest::new("OPTIONS", "/x").header("Origin", "http://a")).is_none()
        );
    }

    #[test]
    fn credentials_never_come_with_a_star_origin() {
        let mut res = MockResponse {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Vec::new(),
        };
        decorate(
            &MockRequest::new("GET", "/").header("Origin", "http://b.test"),
            &mut res,
        );
        assert_eq!(
            res.header("access-control-allow-origin"),
            Some("http://b.test")
        );
        assert_eq!(
            res.header("access-control-expose-headers"),
            Some("content-type")
        );
        let mut res2 = MockResponse {
            status: 200,
            headers: Vec::new(),
            body: Vec::new(),
        };
        decorate(&MockRequest::new("GET", "/"), &mut res2);
        assert_eq!(res2.header("access-control-allow-origin"), Some("*"));
        assert_eq!(res2.header("access-control-allow-credentials"), None);
    }
}
