//! The string and number formats AJV checks through `ajv-formats` ("full" mode), with the
//! same regular expressions, so `format` errors match Spectral's. Unknown formats pass.

use regress::Regex;
use std::sync::OnceLock;

const URI_REFERENCE: &str = r#"^(?:[a-z][a-z0-9+\-.]*:)?(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'"()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?(?:\?(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?$"#;
const URI: &str = r#"^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$"#;
const URI_TEMPLATE: &str = r#"^(?:(?:[^\x00-\x20"'<>%\\^`{|}]|%[0-9a-f]{2})|\{[+#./;?&=,!@|]?(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?(?:,(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?)*\})*$"#;
const URL: &str = r#"^(?:https?|ftp):\/\/(?:\S+(?::\S*)?@)?(?:(?!(?:10|127)(?:\.\d{1,3}){3})(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))|(?:(?:[a-z0-9\u{00a1}-\u{ffff}]+-)*[a-z0-9\u{00a1}-\u{ffff}]+)(?:\.(?:[a-z0-9\u{00a1}-\u{ffff}]+-)*[a-z0-9\u{00a1}-\u{ffff}]+)*(?:\.(?:[a-z\u{00a1}-\u{ffff}]{2,})))(?::\d{2,5})?(?:\/[^\s]*)?$"#;
const EMAIL: &str = r#"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$"#;
const HOSTNAME: &str = r#"^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$"#;
const IPV4: &str = r#"^(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)$"#;
const IPV6: &str = r#"^((([0-9a-f]{1,4}:){7}([0-9a-f]{1,4}|:))|(([0-9a-f]{1,4}:){6}(:[0-9a-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){5}(((:[0-9a-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){4}(((:[0-9a-f]{1,4}){1,3})|((:[0-9a-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){3}(((:[0-9a-f]{1,4}){1,4})|((:[0-9a-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){2}(((:[0-9a-f]{1,4}){1,5})|((:[0-9a-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){1}(((:[0-9a-f]{1,4}){1,6})|((:[0-9a-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9a-f]{1,4}){1,7})|((:[0-9a-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))$"#;
const UUID: &str = r#"^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$"#;
const DURATION: &str = r#"^P(?!$)((\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)$"#;
const JSON_POINTER: &str = r#"^(?:\/(?:[^~/]|~0|~1)*)*$"#;
const JSON_POINTER_FRAGMENT: &str =
    r#"^#(?:\/(?:[a-z0-9_\-.!$&'()*+,;:=@]|%[0-9a-f]{2}|~0|~1)*)*$"#;
const RELATIVE_JSON_POINTER: &str = r#"^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$"#;
const BYTE: &str = r#"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"#;

/// The regex formats: (name, pattern, flags), each compiled on first use (the OpenAPI
/// schemas use two or three of them, and compiling all was ~9 M instructions).
const TABLE: [(&str, &str, &str); 14] = [
    ("uri-reference", URI_REFERENCE, "i"),
    ("uri", URI, "i"),
    ("uri-template", URI_TEMPLATE, "i"),
    ("url", URL, "iu"),
    ("email", EMAIL, "i"),
    ("hostname", HOSTNAME, "i"),
    ("ipv4", IPV4, ""),
    ("ipv6", IPV6, "i"),
    ("uuid", UUID, "i"),
    ("duration", DURATION, ""),
    ("json-pointer", JSON_POINTER, ""),
    ("json-pointer-uri-fragment", JSON_POINTER_FRAGMENT, "i"),
    ("relative-json-pointer", RELATIVE_JSON_POINTER, ""),
    ("byte", BYTE, "m"),
];

fn regex_at(i: usize) -> Option<&'static Regex> {
    static C: [OnceLock<Option<Regex>>; 14] = [const { OnceLock::new() }; 14];
    C[i].get_or_init(|| {
        let (_, re, flags) = TABLE[i];
        Regex::with_flags(re, flags).ok()
    })
    .as_ref()
}

/// Whether `s` matches the regex format at `i`. The same strings come back often (every
/// `$ref` of a 3.1 document is a `uri-reference`, through a regex of some 2 kB that
/// costs ~13 k instructions a string): verdicts are remembered per thread, by format and
/// string, up to a bound.
fn matches_at(i: usize, s: &str) -> bool {
    use std::cell::RefCell;
    use std::collections::HashMap;
    type Memo = [HashMap<String, bool, crate::view::AddrHash>; 14];
    thread_local! {
        static MEMO: RefCell<(Memo, usize)> = RefCell::new(Default::default());
    }
    let Some(re) = regex_at(i) else {
        return true;
    };
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(v) = m.0[i].get(s) {
            return *v;
        }
        let v = re.find(s).is_some();
        if m.1 > 200_000 {
            *m = Default::default();
        }
        m.1 += 1;
        m.0[i].insert(s.to_string(), v);
        v
    })
}

fn index_of(name: &str) -> Option<usize> {
    TABLE.iter().position(|(n, _, _)| *n == name)
}

/// Whether AJV knows the format for strings (unknown formats are ignored, as with
/// `strict: false`).
pub fn check_string(format: &str, s: &str) -> bool {
    match format {
        "date" => date(s),
        "time" => time(s),
        "date-time" => date_time(s),
        "regex" => regex_ok(s),
        "uri" => (s.contains('/') || s.contains(':')) && matches("uri", s),
        "byte" => matches("byte", s),
        "password" | "binary" | "int32" | "int64" | "float" | "double" => true,
        other => index_of(other).is_none_or(|i| matches_at(i, s)),
    }
}

/// Number formats (`int32`, `int64`, `float`, `double`); other formats do not apply to numbers.
pub fn check_number(format: &str, n: f64) -> bool {
    match format {
        "int32" => n.fract() == 0.0 && n >= -(2f64.powi(31)) && n <= 2f64.powi(31) - 1.0,
        "int64" => n.fract() == 0.0 && n.is_finite(),
        _ => true,
    }
}

fn matches(name: &str, s: &str) -> bool {
    index_of(name).is_none_or(|i| matches_at(i, s))
}

fn regex_ok(s: &str) -> bool {
    // `/[^\\]\\Z/` rejects a `\Z` anchor; then `new RegExp(str)` must compile.
    let b = s.as_bytes();
    for i in 1..b.len().saturating_sub(1) {
        if b[i] == b'\\' && b[i + 1] == b'Z' && b[i - 1] != b'\\' {
            return false;
        }
    }
    Regex::with_flags(s, "").is_ok()
}

fn is_leap(y: u32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn digits(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() {
        s.parse().ok()
    } else {
        None
    }
}

fn date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(&s[..4]), digits(&s[5..7]), digits(&s[8..])) else {
        return false;
    };
    const DAYS: [u32; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&m)
        && d >= 1
        && d <= if m == 2 && is_leap(y) {
            29
        } else {
            DAYS[m as usize]
        }
}

/// `^(\d\d):(\d\d):(\d\d)(\.\d+)?(z|[+-]\d\d(?::?\d\d)?)?$` (case-insensitive) plus ranges.
fn time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(h), Some(m), Some(sec)) = (digits(&s[..2]), digits(&s[3..5]), digits(&s[6..8]))
    else {
        return false;
    };
    let mut rest = &s[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    let zone_ok = match rest {
        // ajv-formats tests `timeZone !== ""` on an optional group, which is `undefined` when
        // absent: a missing zone passes even for date-time (compatibility with Spectral).
        "" => true,
        "z" | "Z" => true,
        z if z.starts_with(['+', '-']) => {
            let z = &z[1..];
            let zb = z.as_bytes();
            match zb.len() {
                2 => digits(z).is_some(),
                4 => digits(z).is_some(),
                5 => zb[2] == b':' && digits(&z[..2]).is_some() && digits(&z[3..]).is_some(),
                _ => false,
            }
        }
        _ => false,
    };
    zone_ok && ((h <= 23 && m <= 59 && sec <= 59) || (h == 23 && m == 59 && sec == 60))
}

fn date_time(s: &str) -> bool {
    // `str.split(/t|\s/i)` must give exactly two parts.
    let parts: Vec<&str> = s
        .split(|c: char| c == 't' || c == 'T' || c.is_whitespace())
        .collect();
    parts.len() == 2 && date(parts[0]) && time(parts[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_ajv_formats() {
        assert!(check_string("date-time", "2020-02-29T10:00:00Z"));
        assert!(!check_string("date-time", "2021-02-29T10:00:00Z"));
        assert!(check_string("date-time", "2020-01-01 10:00:00"));
        assert!(!check_string("date-time", "2020-01-01 10:00"));
        assert!(check_string("uri", "https://example.com/a?b=c"));
        assert!(!check_string("uri", "/2010-04-01/Accounts"));
        assert!(check_string("uri-reference", "/2010-04-01/Accounts"));
        assert!(check_string("email", "a@b.co"));
        assert!(!check_string("email", "a@"));
        assert!(check_string("unknown-format", "anything"));
        assert!(!check_number("int32", 2f64.powi(31)));
    }
}
