//! `Accept` negotiation with q-values (RFC 9110 §12.5.1), in Prism's order: higher q first,
//! then the order the client wrote, then the spec's order of media types.

pub fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Accepted ranges sorted by preference; `q=0` ranges are dropped.
pub fn parse_accept(header: &str) -> Vec<String> {
    let mut ranges: Vec<(f32, usize, String)> = Vec::new();
    for (i, part) in header.split(',').enumerate() {
        let mut pieces = part.split(';');
        let range = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        if range.is_empty() {
            continue;
        }
        let mut q = 1.0f32;
        for p in pieces {
            if let Some(v) = p.trim().strip_prefix("q=") {
                q = v.trim().parse().unwrap_or(1.0);
            }
        }
        if q > 0.0 {
            ranges.push((q, i, range));
        }
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().map(|(_, _, r)| r).collect()
}

pub fn matches(range: &str, media: &str) -> bool {
    let media = essence(media);
    if range == "*/*" || range == "*" || range == media {
        return true;
    }
    match range.strip_suffix("/*") {
        Some(t) => media.split('/').next() == Some(t),
        None => false,
    }
}

/// Index of the media type to serve, or None when the client accepts none of them.
/// No `Accept` (or an empty one) takes the first.
pub fn choose(accept: Option<&str>, available: &[&str]) -> Option<usize> {
    let ranges = match accept.map(str::trim) {
        None | Some("") => return if available.is_empty() { None } else { Some(0) },
        Some(a) => parse_accept(a),
    };
    for r in &ranges {
        if let Some(i) = available.iter().position(|m| matches(r, m)) {
            return Some(i);
        }
    }
    None
}

pub fn is_json(media: &str) -> bool {
    let e = essence(media);
    e == "application/json" || e.ends_with("+json") || e == "*/*"
}

pub fn is_xml(media: &str) -> bool {
    let e = essence(media);
    e.ends_with("/xml") || e.ends_with("+xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q_values_order_the_choice() {
        let avail = ["application/json", "application/xml"];
        assert_eq!(
            choose(Some("application/json;q=0.8, application/xml"), &avail),
            Some(1)
        );
        assert_eq!(
            choose(
                Some("application/json;q=0.8, application/xml;q=0.9"),
                &avail
            ),
            Some(1)
        );
        assert_eq!(
            choose(Some("application/json, application/xml"), &avail),
            Some(0)
        );
    }

    #[test]
    fn wildcards_take_the_spec_order() {
        let avail = ["application/xml", "application/json"];
        assert_eq!(choose(Some("*/*"), &avail), Some(0));
        assert_eq!(choose(Some("application/*"), &avail), Some(0));
        assert_eq!(choose(None, &avail), Some(0));
        assert_eq!(choose(Some(""), &avail), Some(0));
    }

    #[test]
    fn nothing_acceptable_is_none() {
        assert_eq!(choose(Some("application/json"), &["text/plain"]), None);
        assert_eq!(choose(Some("text/plain;q=0"), &["text/plain"]), None);
    }

    #[test]
    fn parameters_are_ignored_when_matching() {
        assert!(matches(
            "application/json",
            "application/json; charset=utf-8"
        ));
        assert!(!matches("application/json", "application/vnd.api+json"));
    }
}
