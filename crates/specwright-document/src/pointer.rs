//! JSON pointers (RFC 6901), as written in `$ref` fragments and as Spectral prints paths.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// Splits a JSON pointer (`/paths/~1pets/get`, optionally `#`-prefixed and percent-encoded as
/// URI fragments are) into unescaped segments. `""` and `"#"` are the root.
pub fn parse_pointer(pointer: &str) -> Result<Vec<String>, String> {
    let p = pointer.strip_prefix('#').unwrap_or(pointer);
    let decoded = percent_decode_str(p)
        .decode_utf8()
        .map_err(|_| format!("JSON pointer `{pointer}` is not valid UTF-8 once percent-decoded"))?;
    if decoded.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = decoded.strip_prefix('/') else {
        return Err(format!("JSON pointer `{pointer}` must start with `/`"));
    };
    Ok(rest
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect())
}

/// Escapes one segment for a JSON pointer.
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Joins segments into a JSON pointer (`/a/b~1c`); the empty path is `""`.
pub fn to_pointer<S: AsRef<str>>(path: &[S]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        out.push_str(&escape_segment(seg.as_ref()));
    }
    out
}

const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'#')
    .add(b'%')
    .add(b'{')
    .add(b'}');

/// A `#/...` URI fragment for a path, percent-encoded where a URI needs it.
pub fn to_fragment<S: AsRef<str>>(path: &[S]) -> String {
    format!("#{}", utf8_percent_encode(&to_pointer(path), FRAGMENT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_escapes() {
        let path = vec!["paths".to_string(), "/pets/{id}".into(), "a~b".into()];
        let p = to_pointer(&path);
        assert_eq!(p, "/paths/~1pets~1{id}/a~0b");
        assert_eq!(parse_pointer(&p).unwrap(), path);
        assert_eq!(parse_pointer(&to_fragment(&path)).unwrap(), path);
        assert_eq!(parse_pointer("#").unwrap(), Vec::<String>::new());
        assert!(parse_pointer("#paths").is_err());
    }
}

/// One step of a path, borrowed from the tree it walks: an object key or an array index.
/// Walkers keep these and turn a path into strings only when they report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PathSeg<'a> {
    Key(&'a str),
    Index(usize),
}

impl PathSeg<'_> {
    /// The segment as an owned string, without going through `fmt` for keys.
    pub fn to_owned_string(&self) -> String {
        match self {
            PathSeg::Key(k) => (*k).to_owned(),
            PathSeg::Index(i) => i.to_string(),
        }
    }
}

impl std::fmt::Display for PathSeg<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PathSeg::Key(k) => f.write_str(k),
            PathSeg::Index(i) => write!(f, "{i}"),
        }
    }
}
