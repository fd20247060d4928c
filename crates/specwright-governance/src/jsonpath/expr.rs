//! Filter expressions: the subset of JavaScript that Spectral rulesets write in `[?(...)]`.
//!
//! Supported: `@`, `@property`, `@parentProperty`, `@parent`, `@path`, `@root`, `$`, member
//! access (`.x`, `['x']`, `[0]`), `.length`, `.constructor.name`, string and regex methods
//! (`match`, `test`, `includes`, `startsWith`, `endsWith`, `indexOf`, `toLowerCase`,
//! `toUpperCase`, `trim`), `===` `!==` `==` `!=` `<` `>` `<=` `>=`, `&&`, `||`, `!`,
//! `typeof`, `void 0`, `in`, string/number/boolean/`null`/`undefined` literals and regex
//! literals. Anything else is a parse error, so a ruleset using it fails at load time
//! instead of silently matching nothing. (`typeof` is evaluated here, but a filter using it
//! matches nothing in Spectral 6.16, so the path parser turns such a filter into `false`.)

use super::ParseError;
use crate::view::{Seg, Val};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub enum Expr {
    Lit(Lit),
    Regex(Arc<regress::Regex>, String),
    Current,
    Property,
    ParentProperty,
    Parent,
    PathStr,
    Root,
    Member(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    Call(Box<Expr>, String, Vec<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    TypeOf(Box<Expr>),
    Void(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
}

impl PartialEq for Expr {
    fn eq(&self, other: &Expr) -> bool {
        format!("{self:?}") == format!("{other:?}")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    And,
    Or,
    StrictEq,
    StrictNe,
    LooseEq,
    LooseNe,
    Lt,
    Gt,
    Le,
    Ge,
    In,
}

const METHODS: &[&str] = &[
    "match",
    "test",
    "includes",
    "startsWith",
    "endsWith",
    "indexOf",
    "toLowerCase",
    "toUpperCase",
    "trim",
];

impl Expr {
    pub(crate) fn uses_position(&self) -> bool {
        match self {
            Expr::PathStr | Expr::Root => true,
            Expr::Member(a, _) | Expr::Not(a) | Expr::Neg(a) | Expr::TypeOf(a) | Expr::Void(a) => {
                a.uses_position()
            }
            Expr::Index(a, b) | Expr::Bin(_, a, b) => a.uses_position() || b.uses_position(),
            Expr::Call(a, _, args) => a.uses_position() || args.iter().any(Expr::uses_position),
            _ => false,
        }
    }
}

impl Expr {
    pub(crate) fn uses_typeof(&self) -> bool {
        match self {
            Expr::TypeOf(_) => true,
            Expr::Member(a, _) | Expr::Not(a) | Expr::Neg(a) | Expr::Void(a) => a.uses_typeof(),
            Expr::Index(a, b) | Expr::Bin(_, a, b) => a.uses_typeof() || b.uses_typeof(),
            Expr::Call(a, _, args) => a.uses_typeof() || args.iter().any(Expr::uses_typeof),
            _ => false,
        }
    }
}

impl Expr {
    /// Whether the filter is false (or throws) whenever `@` is not an object or array, so
    /// the matcher can skip evaluating it on scalars, most of a document's nodes.
    /// Conservative: `false` means "may match a scalar".
    pub(crate) fn false_on_scalars(&self) -> bool {
        match self {
            Expr::Bin(BinOp::And, a, b) => a.false_on_scalars() || b.false_on_scalars(),
            Expr::Bin(BinOp::Or, a, b) => a.false_on_scalars() && b.false_on_scalars(),
            e => e
                .compared_to_defined_literal()
                .unwrap_or(e)
                .undefined_on_scalars(),
        }
    }

    /// For `x == lit`, `x === lit`, `x < lit`, ... (either order) with a literal that is
    /// neither undefined nor null: `x`, since the comparison is false when `x` is undefined.
    fn compared_to_defined_literal(&self) -> Option<&Expr> {
        let Expr::Bin(
            BinOp::StrictEq | BinOp::LooseEq | BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge,
            a,
            b,
        ) = self
        else {
            return None;
        };
        let defined = |e: &Expr| {
            matches!(
                e,
                Expr::Lit(Lit::Str(_) | Lit::Num(_) | Lit::Bool(_)) | Expr::Regex(..)
            )
        };
        if defined(b) {
            Some(a)
        } else if defined(a) {
            Some(b)
        } else {
            None
        }
    }

    /// Whether the value is `undefined` (or the evaluation throws) whenever `@` is a
    /// scalar or null: a member of `@` that strings, numbers and booleans do not have.
    fn undefined_on_scalars(&self) -> bool {
        let scalar_member = |n: &str| !matches!(n, "length" | "constructor");
        match self {
            Expr::Member(base, name) => {
                (matches!(**base, Expr::Current) && scalar_member(name))
                    || base.undefined_on_scalars()
            }
            Expr::Index(base, i) => {
                let literal_member = match &**i {
                    Expr::Lit(Lit::Str(n)) => scalar_member(n),
                    Expr::Lit(Lit::Num(_)) => true,
                    _ => false,
                };
                (matches!(**base, Expr::Current) && literal_member) || base.undefined_on_scalars()
            }
            // Calling a method of undefined throws.
            Expr::Call(recv, _, _) => recv.undefined_on_scalars(),
            _ => false,
        }
    }
}

impl Expr {
    /// For `@property === 'name'` (either order): the name. The filter then holds exactly
    /// for the object member of that name (`@property` is the key there, a number on array
    /// items).
    pub(crate) fn property_is(&self) -> Option<&str> {
        match self {
            Expr::Bin(BinOp::StrictEq, a, b) => match (&**a, &**b) {
                (Expr::Property, Expr::Lit(Lit::Str(n)))
                | (Expr::Lit(Lit::Str(n)), Expr::Property) => Some(n),
                _ => None,
            },
            _ => None,
        }
    }

    /// Member names of which an object or array `@` must have at least one for the filter
    /// to be true, so the matcher can skip evaluating it on objects that have none (most
    /// `$..[?(...)]` filters test one or two keys on every node of the document).
    /// Conservative: `None` means "no such set is known".
    pub(crate) fn required_members(&self) -> Option<Vec<&str>> {
        match self {
            Expr::Bin(BinOp::And, a, b) => a.required_members().or_else(|| b.required_members()),
            Expr::Bin(BinOp::Or, a, b) => {
                let mut keys = a.required_members()?;
                keys.extend(b.required_members()?);
                Some(keys)
            }
            // `@.x !== void 0` / `@.x != null` hold only when `@` has `x`.
            Expr::Bin(BinOp::StrictNe | BinOp::LooseNe, a, b) => {
                let undefined = |e: &Expr| {
                    matches!(e, Expr::Void(_) | Expr::Lit(Lit::Undefined))
                        || (matches!(self, Expr::Bin(BinOp::LooseNe, ..))
                            && matches!(e, Expr::Lit(Lit::Null)))
                };
                if undefined(b) {
                    a.member_dependency().map(|k| vec![k])
                } else if undefined(a) {
                    b.member_dependency().map(|k| vec![k])
                } else {
                    None
                }
            }
            e => e
                .compared_to_defined_literal()
                .unwrap_or(e)
                .member_dependency()
                .map(|k| vec![k]),
        }
    }

    /// A member of `@` without which this value is `undefined` or its evaluation throws
    /// (reading or calling through `undefined`), when `@` is an object or array.
    fn member_dependency(&self) -> Option<&str> {
        // `length` and `constructor` exist on arrays and every value; digits index arrays.
        let own = |n: &str| {
            !matches!(n, "length" | "constructor") && !n.bytes().all(|b| b.is_ascii_digit())
        };
        match self {
            Expr::Member(base, name) => match **base {
                Expr::Current if own(name) => Some(name),
                _ => base.member_dependency(),
            },
            Expr::Index(base, i) => match (&**base, &**i) {
                (Expr::Current, Expr::Lit(Lit::Str(n))) if own(n) => Some(n),
                _ => base.member_dependency(),
            },
            Expr::Call(recv, _, _) => recv.member_dependency(),
            _ => None,
        }
    }
}

/// Character-level reader shared by the path and expression parsers.
pub struct Lexer<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Lexer<'t> {
    pub fn new(text: &'t str) -> Self {
        Lexer { text, pos: 0 }
    }
    pub fn pos(&self) -> usize {
        self.pos
    }
    pub fn peek_char(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }
    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }
    pub fn bump(&mut self) {
        if let Some(c) = self.peek_char() {
            self.pos += c.len_utf8();
        }
    }
    pub fn skip_ws(&mut self) {
        while self.peek_char().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }
    pub fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }
    pub fn take_while(&mut self, f: impl Fn(char) -> bool) -> &'t str {
        let start = self.pos;
        while self.peek_char().is_some_and(&f) {
            self.bump();
        }
        &self.text[start..self.pos]
    }
    fn err(&self, message: impl Into<String>) -> ParseError {
        ParseError {
            offset: self.pos,
            message: message.into(),
        }
    }
    /// A `'...'` or `"..."` literal with JavaScript escapes.
    pub fn string_literal(&mut self) -> Result<String, ParseError> {
        let quote = self
            .peek_char()
            .ok_or_else(|| self.err("expected a string"))?;
        self.bump();
        let mut out = String::new();
        loop {
            let c = self
                .peek_char()
                .ok_or_else(|| self.err("unterminated string"))?;
            self.bump();
            if c == quote {
                return Ok(out);
            }
            if c == '\\' {
                let e = self
                    .peek_char()
                    .ok_or_else(|| self.err("unterminated string"))?;
                self.bump();
                out.push(match e {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    other => other,
                });
            } else {
                out.push(c);
            }
        }
    }
    fn ident(&mut self) -> &'t str {
        self.take_while(|c| c.is_alphanumeric() || c == '_' || c == '$')
    }
}

/// Parses an expression up to (not including) an unmatched `)` or `]`.
pub fn parse_expr(p: &mut Lexer<'_>) -> Result<Expr, ParseError> {
    parse_or(p)
}

fn parse_or(p: &mut Lexer<'_>) -> Result<Expr, ParseError> {
    let mut left = parse_and(p)?;
    loop {
        p.skip_ws();
        if p.eat("||") {
            let right = parse_and(p)?;
            left = Expr::Bin(BinOp::Or, Box::new(left), Box::new(right));
        } else {
            return Ok(left);
        }
    }
}

fn parse_and(p: &mut Lexer<'_>) -> Result<Expr, ParseError> {
    let mut left = parse_eq(p)?;
    loop {
        p.skip_ws();
        if p.eat("&&") {
            let right = parse_eq(p)?;
            left = Expr::Bin(BinOp::And, Box::new(left), Box::new(right));
        } else {
            return Ok(left);
        }
    }
}

fn parse_eq(p: &mut Lexer<'_>) -> Result<Expr, ParseError> {
    let mut left = parse_rel(p)?;
    loop {
        p.skip_ws();
        let op = if p.eat("===") {
            BinOp::StrictEq
        } else if p.eat("!==") {
            BinOp::StrictNe
        } else if p.eat("==") {
            BinOp::LooseEq
        } else if p.eat("!=") {
            BinOp::LooseNe
        } else {
            return Ok(left);
        };
        let right = parse_rel(p)?;
        left = Expr::Bin(op, Box::new(left), Box::new(right));
    }
}

fn parse_rel(p: &mut Lexer<'_>) -> Result<Expr, ParseError> {
    let mut left = parse_unary(p)?;
    loop {
        p.skip_ws();
        let op = if p.eat("<=") {
            BinOp::Le
        } else if p.eat(">=") {
            BinOp::Ge
        } else if p.eat("<") {
            BinOp::Lt
        } else if p.eat(">") {
            BinOp::Gt
        } else if p.rest().starts_with("in")
            && !p.rest()[2..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            p.eat("in");
            BinOp::In
        } else {
            return Ok(left);
        };
        let right = parse_unary(p)?;
        left = Expr::Bin(op, Box::new(left), Box::new(right));
    }
}

fn keyword(p: &mut Lexer<'_>, kw: &str) -> bool {
    let rest = p.rest();
    if rest.starts_with(kw)
        && !rest[kw.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
    {
        p.eat(kw);
        true
    } else {
        false
    }
}

fn parse_unary(p: &mut Lexer<'_>) -> Result<Expr, ParseError> {
    p.skip_ws();
    if p.rest().starts_with('!') && !p.rest().starts_with("!=") {
        p.bump();
        return Ok(Expr::Not(Box::new(parse_unary(p)?)));
    }
    if p.rest().starts_with('-') {
        p.bump();
        return Ok(Expr::Neg(Box::new(parse_unary(p)?)));
    }
    if keyword(p, "typeof") {
        return Ok(Expr::TypeOf(Box::new(parse_unary(p)?)));
    }
    if keyword(p, "void") {
        return Ok(Expr::Void(Box::new(parse_unary(p)?)));
    }
    parse_postfix(p)
}

fn parse_postfix(p: &mut Lexer<'_>) -> Result<Expr, ParseError> {
    let mut e = parse_primary(p)?;
    loop {
        // No whitespace skipping before `.`/`[`: `@ .x` is unusual and `@['x']` is common.
        match p.peek_char() {
            Some('.') => {
                p.bump();
                let name = p.ident().to_string();
                if name.is_empty() {
                    return Err(p.err("expected a property name after `.`"));
                }
                p.skip_ws();
                if p.peek_char() == Some('(') {
                    if !METHODS.contains(&name.as_str()) {
                        return Err(p.err(format!(
                            "method `{name}()` is not supported in filter expressions (supported: {})",
                            METHODS.join(", ")
                        )));
                    }
                    p.bump();
                    let mut args = Vec::new();
                    p.skip_ws();
                    if !p.eat(")") {
                        loop {
                            args.push(parse_expr(p)?);
                            p.skip_ws();
                            if p.eat(")") {
                                break;
                            }
                            if !p.eat(",") {
                                return Err(p.err("expected `,` or `)` in call"));
                            }
                        }
                    }
                    e = Expr::Call(Box::new(e), name, args);
                } else {
                    e = Expr::Member(Box::new(e), name);
                }
            }
            Some('[') => {
                p.bump();
                let idx = parse_expr(p)?;
                p.skip_ws();
                if !p.eat("]") {
                    return Err(p.err("expected `]`"));
                }
                e = match idx {
                    Expr::Lit(Lit::Str(s)) => Expr::Member(Box::new(e), s),
                    other => Expr::Index(Box::new(e), Box::new(other)),
                };
            }
            _ => return Ok(e),
        }
    }
}

fn parse_primary(p: &mut Lexer<'_>) -> Result<Expr, ParseError> {
    p.skip_ws();
    let c = p
        .peek_char()
        .ok_or_else(|| p.err("expression ends early"))?;
    match c {
        '(' => {
            p.bump();
            let e = parse_expr(p)?;
            p.skip_ws();
            if !p.eat(")") {
                return Err(p.err("expected `)`"));
            }
            Ok(e)
        }
        '\'' | '"' => Ok(Expr::Lit(Lit::Str(p.string_literal()?))),
        '/' => parse_regex(p),
        '@' => {
            p.bump();
            let name = p.ident();
            match name {
                "" => Ok(Expr::Current),
                "property" => Ok(Expr::Property),
                "parentProperty" => Ok(Expr::ParentProperty),
                "parent" => Ok(Expr::Parent),
                "path" => Ok(Expr::PathStr),
                "root" => Ok(Expr::Root),
                other => Err(p.err(format!("`@{other}` is not supported"))),
            }
        }
        '$' => {
            p.bump();
            Ok(Expr::Root)
        }
        c if c.is_ascii_digit() || c == '.' => {
            let t = p.take_while(|c| c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E');
            t.parse()
                .map(|n| Expr::Lit(Lit::Num(n)))
                .map_err(|_| p.err(format!("bad number `{t}`")))
        }
        _ => {
            let id = p.ident();
            match id {
                "true" => Ok(Expr::Lit(Lit::Bool(true))),
                "false" => Ok(Expr::Lit(Lit::Bool(false))),
                "null" => Ok(Expr::Lit(Lit::Null)),
                "undefined" => Ok(Expr::Lit(Lit::Undefined)),
                "" => Err(p.err(format!("unexpected `{c}` in filter expression"))),
                other => Err(p.err(format!("`{other}` is not supported in filter expressions"))),
            }
        }
    }
}

fn parse_regex(p: &mut Lexer<'_>) -> Result<Expr, ParseError> {
    p.bump();
    let mut src = String::new();
    let mut in_class = false;
    loop {
        let c = p
            .peek_char()
            .ok_or_else(|| p.err("unterminated regex literal"))?;
        p.bump();
        match c {
            '\\' => {
                src.push('\\');
                let e = p
                    .peek_char()
                    .ok_or_else(|| p.err("unterminated regex literal"))?;
                p.bump();
                src.push(e);
            }
            '[' => {
                in_class = true;
                src.push(c);
            }
            ']' => {
                in_class = false;
                src.push(c);
            }
            '/' if !in_class => break,
            _ => src.push(c),
        }
    }
    let flags = p.take_while(|c| c.is_ascii_alphabetic()).to_string();
    let re = regress::Regex::with_flags(&src, flags.as_str())
        .map_err(|e| p.err(format!("invalid regex /{src}/{flags}: {e}")))?;
    Ok(Expr::Regex(Arc::new(re), src))
}

/// What a filter expression sees about the value being tested.
pub struct Scope<'a, 'p> {
    pub value: Val<'a>,
    pub property: Option<Seg<'a>>,
    pub parent: Val<'a>,
    pub parent_property: Option<Seg<'a>>,
    /// Path of `value`.
    pub path: &'p [Seg<'a>],
    pub root: Val<'a>,
}

/// A JavaScript value during evaluation.
#[derive(Clone)]
enum Js<'a> {
    Undef,
    Null,
    Bool(bool),
    Num(f64),
    Str(std::borrow::Cow<'a, str>),
    /// An object or array of the document.
    Obj(Val<'a>),
    Regex(Arc<regress::Regex>),
    /// `.constructor` of a value: only `.name` is readable.
    Ctor(&'static str),
    /// A successful `.match()` (an array in JavaScript; only its truthiness is used).
    MatchArray,
}

/// A `TypeError` in JavaScript (reading a member of undefined): the filter does not match.
struct Throw;

fn from_val(v: Val<'_>) -> Js<'_> {
    match v {
        Val::Undefined => Js::Undef,
        Val::Key(k) => Js::Str(k.into()),
        Val::Index(i) => Js::Num(i as f64),
        Val::Node(n) => match &n.node.value {
            specwright_document::Value::Null => Js::Null,
            specwright_document::Value::Bool(b) => Js::Bool(*b),
            specwright_document::Value::Number(x) => Js::Num(x.as_f64().unwrap_or(f64::NAN)),
            specwright_document::Value::String(s) => Js::Str(s.as_str().into()),
            _ => Js::Obj(v),
        },
    }
}

fn from_seg<'a>(s: Option<Seg<'a>>) -> Js<'a> {
    match s {
        None => Js::Undef,
        Some(Seg::Key(k)) => Js::Str(k.into()),
        Some(Seg::Index(i)) => Js::Num(i as f64),
    }
}

fn truthy(v: &Js<'_>) -> bool {
    match v {
        Js::Undef | Js::Null => false,
        Js::Bool(b) => *b,
        Js::Num(n) => *n != 0.0 && !n.is_nan(),
        Js::Str(s) => !s.is_empty(),
        _ => true,
    }
}

fn to_number(v: &Js<'_>) -> f64 {
    match v {
        Js::Null => 0.0,
        Js::Bool(b) => f64::from(u8::from(*b)),
        Js::Num(n) => *n,
        Js::Str(s) => crate::oas::util::string_to_number(s),
        _ => f64::NAN,
    }
}

fn strict_eq(a: &Js<'_>, b: &Js<'_>) -> bool {
    match (a, b) {
        (Js::Undef, Js::Undef) | (Js::Null, Js::Null) => true,
        (Js::Bool(x), Js::Bool(y)) => x == y,
        (Js::Num(x), Js::Num(y)) => x == y,
        (Js::Str(x), Js::Str(y)) => x == y,
        (Js::Obj(x), Js::Obj(y)) => match (x.node(), y.node()) {
            (Some(p), Some(q)) => std::ptr::eq(p, q),
            _ => false,
        },
        (Js::Ctor(x), Js::Ctor(y)) => x == y,
        _ => false,
    }
}

fn loose_eq(a: &Js<'_>, b: &Js<'_>) -> bool {
    match (a, b) {
        (Js::Undef | Js::Null, Js::Undef | Js::Null) => true,
        (Js::Undef | Js::Null, _) | (_, Js::Undef | Js::Null) => false,
        (Js::Num(_) | Js::Bool(_), Js::Str(_) | Js::Bool(_) | Js::Num(_))
        | (Js::Str(_), Js::Num(_) | Js::Bool(_)) => to_number(a) == to_number(b),
        _ => strict_eq(a, b),
    }
}

fn compare(op: BinOp, a: &Js<'_>, b: &Js<'_>) -> bool {
    if let (Js::Str(x), Js::Str(y)) = (a, b) {
        // JavaScript compares strings by UTF-16 code units.
        let o = x.encode_utf16().cmp(y.encode_utf16());
        return match op {
            BinOp::Lt => o.is_lt(),
            BinOp::Gt => o.is_gt(),
            BinOp::Le => o.is_le(),
            _ => o.is_ge(),
        };
    }
    let (x, y) = (to_number(a), to_number(b));
    match op {
        BinOp::Lt => x < y,
        BinOp::Gt => x > y,
        BinOp::Le => x <= y,
        _ => x >= y,
    }
}

fn ctor_name(v: &Js<'_>) -> Result<&'static str, Throw> {
    Ok(match v {
        Js::Undef | Js::Null => return Err(Throw),
        Js::Bool(_) => "Boolean",
        Js::Num(_) => "Number",
        Js::Str(_) => "String",
        Js::Obj(o) if o.is_array() => "Array",
        Js::Obj(_) => "Object",
        Js::Regex(_) => "RegExp",
        Js::Ctor(_) => "Function",
        Js::MatchArray => "Array",
    })
}

fn member<'a>(v: Js<'a>, name: &str) -> Result<Js<'a>, Throw> {
    match (&v, name) {
        (Js::Undef | Js::Null, _) => Err(Throw),
        (_, "constructor") => Ok(Js::Ctor(ctor_name(&v)?)),
        (Js::Ctor(n), "name") => Ok(Js::Str((*n).into())),
        (Js::Str(s), "length") => Ok(Js::Num(s.encode_utf16().count() as f64)),
        (Js::Obj(o), "length") if o.is_array() => Ok(Js::Num(o.len().unwrap_or(0) as f64)),
        (Js::Obj(o), _) => Ok(from_val(o.get(name))),
        _ => Ok(Js::Undef),
    }
}

fn text_of(v: &Js<'_>) -> String {
    match v {
        Js::Undef => "undefined".into(),
        Js::Null => "null".into(),
        Js::Bool(b) => b.to_string(),
        Js::Num(n) => {
            if n.fract() == 0.0 && n.abs() < 1e21 {
                format!("{}", *n as i64)
            } else {
                n.to_string()
            }
        }
        Js::Str(s) => s.to_string(),
        _ => "[object Object]".into(),
    }
}

fn call<'a>(recv: Js<'a>, name: &str, args: Vec<Js<'a>>) -> Result<Js<'a>, Throw> {
    let arg = args.into_iter().next().unwrap_or(Js::Undef);
    match (&recv, name) {
        (Js::Undef | Js::Null, _) => Err(Throw),
        (Js::Str(s), "match") => {
            let hit = match &arg {
                Js::Regex(r) => r.find(s).is_some(),
                other => regress::Regex::new(&text_of(other))
                    .map(|r| r.find(s).is_some())
                    .map_err(|_| Throw)?,
            };
            Ok(if hit { Js::MatchArray } else { Js::Null })
        }
        (Js::Regex(r), "test") => Ok(Js::Bool(r.find(&text_of(&arg)).is_some())),
        (Js::Str(s), "includes") => Ok(Js::Bool(s.contains(text_of(&arg).as_str()))),
        (Js::Str(s), "startsWith") => Ok(Js::Bool(s.starts_with(text_of(&arg).as_str()))),
        (Js::Str(s), "endsWith") => Ok(Js::Bool(s.ends_with(text_of(&arg).as_str()))),
        (Js::Str(s), "indexOf") => Ok(Js::Num(match s.find(text_of(&arg).as_str()) {
            Some(b) => s[..b].encode_utf16().count() as f64,
            None => -1.0,
        })),
        (Js::Str(s), "toLowerCase") => Ok(Js::Str(s.to_lowercase().into())),
        (Js::Str(s), "toUpperCase") => Ok(Js::Str(s.to_uppercase().into())),
        (Js::Str(s), "trim") => Ok(Js::Str(s.trim().to_string().into())),
        (Js::Obj(o), "includes") if o.is_array() => {
            Ok(Js::Bool(o.items().any(|i| strict_eq(&from_val(i), &arg))))
        }
        (Js::Obj(o), "indexOf") if o.is_array() => Ok(Js::Num(
            o.items()
                .position(|i| strict_eq(&from_val(i), &arg))
                .map(|p| p as f64)
                .unwrap_or(-1.0),
        )),
        // Calling a method the value does not have is a TypeError in JavaScript.
        _ => Err(Throw),
    }
}

impl Expr {
    /// Evaluates the filter; a JavaScript exception counts as "does not match", as in
    /// jsonpath-plus's sandbox.
    pub fn test(&self, scope: &Scope<'_, '_>) -> bool {
        self.eval(scope).map(|v| truthy(&v)).unwrap_or(false)
    }

    fn eval<'a>(&'a self, s: &Scope<'a, '_>) -> Result<Js<'a>, Throw> {
        Ok(match self {
            Expr::Lit(l) => match l {
                Lit::Undefined => Js::Undef,
                Lit::Null => Js::Null,
                Lit::Bool(b) => Js::Bool(*b),
                Lit::Num(n) => Js::Num(*n),
                Lit::Str(x) => Js::Str(x.as_str().into()),
            },
            Expr::Regex(r, _) => Js::Regex(r.clone()),
            Expr::Current => from_val(s.value),
            Expr::Property => from_seg(s.property),
            Expr::ParentProperty => from_seg(s.parent_property),
            Expr::Parent => from_val(s.parent),
            Expr::PathStr => Js::Str(super::path_string(s.path).into()),
            Expr::Root => from_val(s.root),
            Expr::Member(e, name) => member(e.eval(s)?, name)?,
            Expr::Index(e, i) => {
                let base = e.eval(s)?;
                let idx = i.eval(s)?;
                member(base, &text_of(&idx))?
            }
            Expr::Call(e, name, args) => {
                let recv = e.eval(s)?;
                let args = args.iter().map(|a| a.eval(s)).collect::<Result<_, _>>()?;
                call(recv, name, args)?
            }
            Expr::Not(e) => Js::Bool(!truthy(&e.eval(s)?)),
            Expr::Neg(e) => Js::Num(-to_number(&e.eval(s)?)),
            Expr::TypeOf(e) => {
                // `typeof` of an undeclared access is not an error in JavaScript.
                let v = e.eval(s).unwrap_or(Js::Undef);
                Js::Str(
                    match v {
                        Js::Undef => "undefined",
                        Js::Bool(_) => "boolean",
                        Js::Num(_) => "number",
                        Js::Str(_) => "string",
                        Js::Ctor(_) => "function",
                        _ => "object",
                    }
                    .into(),
                )
            }
            Expr::Void(e) => {
                e.eval(s)?;
                Js::Undef
            }
            Expr::Bin(op, a, b) => match op {
                BinOp::And => {
                    let l = a.eval(s)?;
                    if !truthy(&l) {
                        l
                    } else {
                        b.eval(s)?
                    }
                }
                BinOp::Or => {
                    let l = a.eval(s)?;
                    if truthy(&l) {
                        l
                    } else {
                        b.eval(s)?
                    }
                }
                BinOp::StrictEq => Js::Bool(strict_eq(&a.eval(s)?, &b.eval(s)?)),
                BinOp::StrictNe => Js::Bool(!strict_eq(&a.eval(s)?, &b.eval(s)?)),
                BinOp::LooseEq => Js::Bool(loose_eq(&a.eval(s)?, &b.eval(s)?)),
                BinOp::LooseNe => Js::Bool(!loose_eq(&a.eval(s)?, &b.eval(s)?)),
                BinOp::In => {
                    let key = a.eval(s)?;
                    match b.eval(s)? {
                        Js::Obj(o) => Js::Bool(o.has(&text_of(&key))),
                        _ => return Err(Throw),
                    }
                }
                _ => Js::Bool(compare(*op, &a.eval(s)?, &b.eval(s)?)),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::Document;
    use specwright_document::{LoadOptions, Spec};
    use std::path::Path;

    fn check(doc_text: &str, key: &str, expr: &str) -> bool {
        let spec = Spec::from_text(
            Path::new("/tmp/expr.yaml"),
            doc_text,
            &LoadOptions::default(),
        )
        .unwrap();
        let doc = Document::new(&spec);
        let root = doc.root(true);
        let mut lx = Lexer::new(expr);
        let e = parse_expr(&mut lx).unwrap();
        assert_eq!(lx.pos(), expr.len(), "unparsed rest in {expr}");
        let path = [Seg::Key(key)];
        e.test(&Scope {
            value: root.get(key),
            property: Some(Seg::Key(key)),
            parent: root,
            parent_property: None,
            path: &path,
            root,
        })
    }

    #[test]
    fn evaluates_the_javascript_subset_rulesets_use() {
        let d = "s: {type: array, enum: [a, b]}\nt: {type: [string, 'null']}\nn: null\nx: {in: query, name: api_key}\n";
        assert!(check(d, "s", "@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array'"));
        assert!(!check(d, "n", "@ != null && @.enum"));
        assert!(check(
            d,
            "t",
            "@.type.constructor.name === \"Array\" && @.type.includes(\"null\")"
        ));
        assert!(check(d, "s", "@.type==\"array\""));
        assert!(check(
            d,
            "x",
            "@.in === 'query' && @.name.match(/^api[-_]?key$/i)"
        ));
        assert!(!check(d, "x", "@.name.match(/token/)"));
        assert!(check(
            d,
            "x",
            "@['in'] == 'query' && !@.schema && @.missing === void 0"
        ));
        assert!(check(
            d,
            "x",
            "typeof @.nothing === 'undefined' && typeof @.name === 'string'"
        ));
        assert!(check(d, "x", "'name' in @ && !('schema' in @)"));
        assert!(check(d, "s", "@.enum.length >= 2 && @.enum[0] === 'a'"));
        assert!(check(d, "s", "@path === \"$['s']\" && @parent.n === null"));
        // Reading a member of undefined throws: no match rather than an error.
        assert!(!check(d, "x", "@.nope.deeper === 1"));
        assert!(check(d, "x", "!(@.nope && @.nope.deeper === 1)"));
    }

    #[test]
    fn rejects_unsupported_javascript() {
        for bad in ["@.x.map(f)", "foo(@)", "@.a = 1", "@unknown"] {
            let mut lx = Lexer::new(bad);
            let ok = parse_expr(&mut lx).is_ok() && lx.pos() == bad.len();
            assert!(!ok, "{bad} should not parse fully");
        }
    }

    fn parsed(text: &str) -> Expr {
        parse_expr(&mut Lexer::new(text)).unwrap()
    }

    #[test]
    fn filters_that_cannot_select_scalars_are_recognised() {
        let classify = |text: &str| parsed(text).false_on_scalars();
        for never in [
            "@ && @.enum && @.type",
            "@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array'",
            "@ && @.type==\"array\"",
            "@.schema || @['x-example']",
            "@.type.includes('array')",
            "@.a > 1",
        ] {
            assert!(classify(never), "{never}");
        }
        // Each of these can be true on a string, a number or null.
        for may in [
            "@property === '$ref'",
            "@.length > 2",
            "@.constructor.name === 'String'",
            "!@.enum",
            "@.enum === void 0",
            "@.enum || @property === 'x'",
            "@.match(/x/)",
            "typeof @.x === 'undefined'",
        ] {
            assert!(!classify(may), "{may}");
        }
        // And the classification agrees with evaluation on scalars.
        let d = "s: text\nn: 3\nz: null\n";
        for key in ["s", "n", "z"] {
            assert!(!check(d, key, "@ && @.enum && @.type"));
        }
        // `null.enum` throws in JavaScript; a string's `.enum` is undefined.
        assert!(check(d, "s", "@.enum === void 0") && check(d, "n", "@.enum === void 0"));
        assert!(!check(d, "z", "@.enum === void 0"));
    }

    #[test]
    fn members_a_filter_requires_are_recognised_and_agree_with_evaluation() {
        let required = |text: &str| {
            parsed(text)
                .required_members()
                .map(|k| k.into_iter().map(String::from).collect::<Vec<_>>())
        };
        let filters = [
            ("@ && @.type==\"array\"", Some(vec!["type"])),
            ("@ && @.type && @.type.constructor.name === \"Array\" && @.type.includes(\"array\")", Some(vec!["type"])),
            ("@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array'", Some(vec!["enum"])),
            ("@property !== 'properties' && @ && (@.example !== void 0 || @['x-example'] !== void 0 || @.default !== void 0) && (@.enum || @.type)", Some(vec!["example", "x-example", "default"])),
            ("@ && @.schema && (@.example !== void 0 || @.examples)", Some(vec!["schema"])),
            ("@.x != null", Some(vec!["x"])),
            ("@property === '$ref'", None),
            ("@.x !== null", None),
            ("@.x === void 0", None),
            ("!@.x", None),
            ("@.length > 0", None),
            ("@['0']", None),
            ("typeof @.x === 'undefined'", None),
            ("@.x || @property === 'a'", None),
        ];
        // Objects and an array with none of the keys: every filter with a requirement is
        // false on them, whatever else they hold.
        let d = "a: {title: t, examples: [1], properties: {}}\nb: [1, 2]\nc: {}\n";
        for (text, want) in filters {
            let got = required(text);
            assert_eq!(
                got,
                want.map(|w| w.iter().map(|s| s.to_string()).collect()),
                "{text}"
            );
            if got.is_some() {
                for key in ["a", "b", "c"] {
                    assert!(!check(d, key, text), "{text} on {key}");
                }
            }
        }
        // And true when a required member is there.
        let with = "a: {type: array, enum: [1], example: 1, schema: {}}\n";
        assert!(check(with, "a", "@ && @.type==\"array\""));
        assert!(check(
            with,
            "a",
            "@ && @.schema && (@.example !== void 0 || @.examples)"
        ));
    }
}
