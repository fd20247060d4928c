//! Spectral's JSONPath dialect (jsonpath-plus as Spectral's rulesets use it).
//!
//! Hand-written because no Rust crate implements this dialect: RFC 9535 crates have no
//! `~` (property names), `^` (parent), `@property`/`@parentProperty`/`@path`, and no
//! JavaScript filter expressions (`@.enum.constructor.name === 'Array'`).
//!
//! - [`parse`] turns an expression into a [`Path`]; filters become an [`expr::Expr`].
//! - [`matcher::Matcher`] compiles many `given` paths into one automaton that walks the
//!   document once for all rules.
//! - [`eval`] interprets one path from a starting value (for `then.field` paths and the
//!   rare `given` the automaton cannot express, such as `^` in the middle of a path).

pub mod eval;
pub mod expr;
pub mod matcher;

use crate::view::Seg;
use expr::Expr;

/// A parsed JSONPath.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub segments: Vec<Segment>,
    /// Ends with `~`: the result is the property name of each match.
    pub key: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Segment {
    /// `.x`, `[..]`: children of the current values.
    Child(Selector),
    /// `..x`, `..[..]`: descendants (at any depth) of the current values.
    Descendant(Selector),
    /// `^`: the parent of each current value.
    Parent,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Selector {
    Name(String),
    Wildcard,
    Index(i64),
    Slice(Option<i64>, Option<i64>, Option<i64>),
    Filter(Box<Expr>),
    Union(Vec<Selector>),
}

impl Path {
    /// Whether the path is only child steps and trailing parents/`~` (what the automaton
    /// handles directly).
    pub fn parents_only_at_end(&self) -> bool {
        let first_parent = self
            .segments
            .iter()
            .position(|s| matches!(s, Segment::Parent))
            .unwrap_or(self.segments.len());
        self.segments[first_parent..]
            .iter()
            .all(|s| matches!(s, Segment::Parent))
    }

    /// Whether any filter reads `@path` or `@root` (whose value depends on how a node was
    /// reached, so shared subtrees cannot be walked once for all the places they appear).
    pub fn uses_position(&self) -> bool {
        fn sel(s: &Selector) -> bool {
            match s {
                Selector::Filter(e) => e.uses_position(),
                Selector::Union(u) => u.iter().any(sel),
                _ => false,
            }
        }
        self.segments.iter().any(|s| match s {
            Segment::Child(x) | Segment::Descendant(x) => sel(x),
            Segment::Parent => true,
        })
    }
}

impl Selector {
    /// Whether the selector picks the child `key` (of a parent with `len` items when an
    /// array). Filters are evaluated by the caller.
    pub(crate) fn matches_key(&self, key: Seg<'_>, len: usize) -> Option<bool> {
        Some(match (self, key) {
            (Selector::Wildcard, _) => true,
            (Selector::Name(n), Seg::Key(k)) => n == k,
            // Names are rarely numbers: look at the first byte before parsing (this runs
            // for every array item under a live state).
            (Selector::Name(n), Seg::Index(i)) => {
                n.as_bytes().first().is_some_and(u8::is_ascii_digit)
                    && n.parse::<usize>().ok() == Some(i)
            }
            (Selector::Index(n), Seg::Index(i)) => {
                let want = if *n < 0 { len as i64 + n } else { *n };
                want == i as i64
            }
            (Selector::Index(n), Seg::Key(k)) => {
                k.as_bytes()
                    .first()
                    .is_some_and(|b| b.is_ascii_digit() || *b == b'-')
                    && k == n.to_string()
            }
            (Selector::Slice(s, e, st), Seg::Index(i)) => in_slice(*s, *e, *st, i, len),
            (Selector::Slice(..), Seg::Key(_)) => false,
            (Selector::Filter(_), _) => return None,
            (Selector::Union(_), _) => return None,
        })
    }
}

fn in_slice(start: Option<i64>, end: Option<i64>, step: Option<i64>, i: usize, len: usize) -> bool {
    let len = len as i64;
    let step = step.unwrap_or(1);
    if step <= 0 {
        return false;
    }
    let norm = |v: i64| if v < 0 { (len + v).max(0) } else { v.min(len) };
    let s = start.map(norm).unwrap_or(0);
    let e = end.map(norm).unwrap_or(len);
    let i = i as i64;
    i >= s && i < e && (i - s) % step == 0
}

/// A parse error with the character offset it was found at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

/// Parses a JSONPath that starts with `$` (or with `@`, meaning the same for relative paths).
pub fn parse(text: &str) -> Result<Path, ParseError> {
    let mut p = expr::Lexer::new(text);
    let err = |offset: usize, m: &str| ParseError {
        offset,
        message: m.to_string(),
    };
    match p.peek_char() {
        Some('$') | Some('@') => p.bump(),
        _ => return Err(err(0, "a JSONPath must start with `$`")),
    }
    let mut segments = Vec::new();
    let mut key = false;
    while let Some(c) = p.peek_char() {
        if key {
            return Err(err(p.pos(), "`~` must end the path"));
        }
        match c {
            '.' => {
                p.bump();
                let descendant = p.peek_char() == Some('.');
                if descendant {
                    p.bump();
                }
                let sel = match p.peek_char() {
                    Some('[') => parse_brackets(&mut p)?,
                    Some('*') => {
                        p.bump();
                        Selector::Wildcard
                    }
                    Some(_) => {
                        let name = p.take_while(|c| !matches!(c, '.' | '[' | '~' | '^'));
                        if name.is_empty() {
                            return Err(err(p.pos(), "expected a property name"));
                        }
                        Selector::Name(name.to_string())
                    }
                    None => return Err(err(p.pos(), "the path ends after `.`")),
                };
                segments.push(if descendant {
                    Segment::Descendant(sel)
                } else {
                    Segment::Child(sel)
                });
            }
            '[' => segments.push(Segment::Child(parse_brackets(&mut p)?)),
            '~' => {
                p.bump();
                key = true;
            }
            '^' => {
                p.bump();
                segments.push(Segment::Parent);
            }
            _ => {
                return Err(err(
                    p.pos(),
                    &format!("unexpected `{c}` (expected `.`, `..`, `[`, `~` or `^`)"),
                ))
            }
        }
    }
    Ok(Path { segments, key })
}

fn parse_brackets(p: &mut expr::Lexer<'_>) -> Result<Selector, ParseError> {
    let open = p.pos();
    p.bump(); // [
    p.skip_ws();
    let sel = if p.eat("?(") {
        let e = expr::parse_expr(p)?;
        p.skip_ws();
        if !p.eat(")") {
            return Err(ParseError {
                offset: p.pos(),
                message: "expected `)` to close the filter".into(),
            });
        }
        // Spectral 6.16 evaluates filters without `typeof`: one that uses it anywhere
        // matches nothing there (COMPATIBILITY.md), so it matches nothing here either.
        if e.uses_typeof() {
            Selector::Filter(Box::new(expr::Expr::Lit(expr::Lit::Bool(false))))
        } else {
            Selector::Filter(Box::new(e))
        }
    } else if p.peek_char() == Some('(') {
        return Err(ParseError {
            offset: p.pos(),
            message: "script expressions `[(...)]` are not supported (use a filter `[?(...)]`)"
                .into(),
        });
    } else {
        let mut parts = Vec::new();
        loop {
            p.skip_ws();
            parts.push(parse_bracket_item(p)?);
            p.skip_ws();
            if !p.eat(",") {
                break;
            }
        }
        if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Selector::Union(parts)
        }
    };
    p.skip_ws();
    if !p.eat("]") {
        return Err(ParseError {
            offset: open,
            message: "unclosed `[`".into(),
        });
    }
    Ok(sel)
}

fn parse_bracket_item(p: &mut expr::Lexer<'_>) -> Result<Selector, ParseError> {
    match p.peek_char() {
        Some('*') => {
            p.bump();
            Ok(Selector::Wildcard)
        }
        Some('\'') | Some('"') => Ok(Selector::Name(p.string_literal()?)),
        Some(c) if c.is_ascii_digit() || c == '-' || c == ':' => {
            let text = p.take_while(|c| c.is_ascii_digit() || c == '-' || c == ':' || c == ' ');
            let text = text.trim();
            let num = |s: &str| -> Result<Option<i64>, ParseError> {
                let s = s.trim();
                if s.is_empty() {
                    return Ok(None);
                }
                s.parse().map(Some).map_err(|_| ParseError {
                    offset: p.pos(),
                    message: format!("`{s}` is not an index"),
                })
            };
            if text.contains(':') {
                let parts: Vec<&str> = text.split(':').collect();
                if parts.len() > 3 {
                    return Err(ParseError {
                        offset: p.pos(),
                        message: format!("bad slice `{text}`"),
                    });
                }
                Ok(Selector::Slice(
                    num(parts[0])?,
                    num(parts.get(1).copied().unwrap_or(""))?,
                    num(parts.get(2).copied().unwrap_or(""))?,
                ))
            } else {
                // jsonpath-plus reads `[200]` on an object as the key "200"; matches_key
                // handles both.
                Ok(Selector::Index(num(text)?.unwrap_or(0)))
            }
        }
        Some(_) => {
            // Unquoted names in unions: `[get,put,post]`, `[description,title]`.
            let name = p.take_while(|c| !matches!(c, ',' | ']'));
            let name = name.trim();
            if name.is_empty() {
                return Err(ParseError {
                    offset: p.pos(),
                    message: "empty selector in `[]`".into(),
                });
            }
            Ok(Selector::Name(name.to_string()))
        }
        None => Err(ParseError {
            offset: p.pos(),
            message: "unclosed `[`".into(),
        }),
    }
}

/// jsonpath-plus's path string for a path (`$['paths']['/pets'][0]`), as `@path` gives it.
pub fn path_string(path: &[Seg<'_>]) -> String {
    let mut s = String::from("$");
    for seg in path {
        match seg {
            Seg::Key(k) => {
                s.push_str("['");
                s.push_str(k);
                s.push_str("']");
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spectral_paths() {
        let p = parse("$.paths[*][get,put,post]").unwrap();
        assert_eq!(p.segments.len(), 3);
        assert!(matches!(&p.segments[2], Segment::Child(Selector::Union(u)) if u.len() == 3));
        let p = parse("$..[?(@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array')]").unwrap();
        assert!(matches!(
            &p.segments[0],
            Segment::Descendant(Selector::Filter(_))
        ));
        let p = parse("$.paths.*~").unwrap();
        assert!(p.key);
        let p = parse("$['x-foo'][0][-1:]..description^").unwrap();
        assert_eq!(p.segments.len(), 5);
        assert!(p.parents_only_at_end());
        assert!(parse("$.a[(@.length-1)]").is_err());
        assert!(parse("paths").is_err());
        assert!(parse("$.a[").is_err());
        assert!(parse("$.a~.b").is_err());
        assert_eq!(
            parse("$.servers[0:2]").unwrap().segments[1],
            Segment::Child(Selector::Slice(Some(0), Some(2), None))
        );
    }

    #[test]
    fn slices_like_javascript() {
        assert!(in_slice(Some(-1), None, None, 4, 5));
        assert!(!in_slice(Some(-1), None, None, 3, 5));
        assert!(in_slice(None, Some(2), None, 1, 5));
        assert!(!in_slice(None, Some(2), None, 2, 5));
        assert!(in_slice(None, None, Some(2), 2, 5) && !in_slice(None, None, Some(2), 1, 5));
    }
}
