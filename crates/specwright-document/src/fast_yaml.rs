//! A fast reader for the plain block YAML that large specs are written in.
//!
//! Written by hand because no crate reads YAML with positions fast enough: saphyr reads
//! Stripe's 4 MB spec in about 41 ms on one core, most of a lint's time, and libyaml-safer
//! took 46–58 ms (measured in the thirteenth session, see benchmarks/lint.md).
//!
//! It reads a subset: block mappings and sequences; plain and quoted scalars, on one line
//! or folded over several; literal and folded block scalars; one-line flow collections of
//! scalars; comments; a leading `---`. It gives saphyr's events, with byte offsets for
//! markers. On anything else (anchors, aliases, tags, `?` keys, flow collections over
//! several lines, explicit indentation indicators, tabs, directives, a second document,
//! ...) it stops with [`Unsupported`] and the caller reads the text again with saphyr,
//! which stays the definition of what the YAML means and reports every error.
//! `tests::*` check that both readers build the same tree: on hand-written cases, on the
//! repository's YAML, on generated and mutated documents, and on the corpus when
//! `SPECWRIGHT_SHARED` names it.

use std::borrow::Cow;
use std::collections::VecDeque;

use saphyr_parser::{Event, Marker, ScalarStyle, Span};

/// The text is outside the subset this reader handles; read it with saphyr.
#[derive(Debug)]
pub(crate) struct Unsupported;

type Step = Result<(), Unsupported>;

#[derive(Clone, Copy)]
struct Open {
    seq: bool,
    /// Column of the collection's keys or dashes.
    indent: usize,
}

/// A `key:` or `-` whose value was not on its line.
#[derive(Clone, Copy)]
struct Pending {
    /// Indentation of the collection holding it: the value must be deeper (or, for a
    /// mapping's value, a sequence at the same column).
    parent_indent: usize,
    /// Where saphyr marks the empty value if none follows.
    empty_at: usize,
    in_seq: bool,
}

pub(crate) struct FastYaml<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Start of the next unread line.
    pos: usize,
    end: usize,
    stack: Vec<Open>,
    pending: Option<Pending>,
    out: VecDeque<(Event<'a>, Span)>,
    /// The text began with `---`.
    explicit_start: bool,
    root_done: bool,
    finished: bool,
}

fn mark(at: usize) -> Marker {
    Marker::new(at, 0, 0)
}

fn span(start: usize, end: usize) -> Span {
    Span::new(mark(start), mark(end))
}

/// Whether `bytes` hold a control character other than a line feed (tabs and carriage
/// returns included), which the fast reader leaves to saphyr. 32 bytes at a time with no
/// early exit inside, so the compiler vectorises it: a byte loop took 1-2 ms of each half
/// of Stripe, 25 times this.
fn has_control(bytes: &[u8]) -> bool {
    let controls = |c: &[u8]| {
        c.iter()
            .fold(false, |found, &b| found | ((b < 0x20) & (b != b'\n')))
    };
    let mut chunks = bytes.chunks_exact(32);
    chunks.by_ref().any(controls) || controls(chunks.remainder())
}

impl<'a> FastYaml<'a> {
    /// A reader of `text[range]`, whose markers are byte offsets into `text`. `None` when a
    /// byte the subset excludes anywhere in the range (tab, carriage return, other control
    /// characters, byte order mark) means saphyr must read it.
    pub(crate) fn new(text: &'a str, range: std::ops::Range<usize>) -> Option<Self> {
        let bytes = text.as_bytes();
        let part = &bytes[range.clone()];
        if has_control(part) || memchr::memmem::find(part, "\u{FEFF}".as_bytes()).is_some() {
            return None;
        }
        Some(FastYaml {
            text,
            bytes,
            pos: range.start,
            end: range.end,
            stack: Vec::new(),
            pending: None,
            out: VecDeque::from([(Event::StreamStart, span(0, 0))]),
            explicit_start: false,
            root_done: false,
            finished: false,
        })
    }

    pub(crate) fn next_event(&mut self) -> Option<Result<(Event<'a>, Span), Unsupported>> {
        loop {
            if let Some(e) = self.out.pop_front() {
                return Some(Ok(e));
            }
            if self.finished {
                return None;
            }
            if let Err(u) = self.step() {
                self.finished = true;
                self.out.clear();
                return Some(Err(u));
            }
        }
    }

    fn emit(&mut self, event: Event<'a>, start: usize, end: usize) {
        self.out.push_back((event, span(start, end)));
    }

    /// End of the line starting at or containing `from`.
    fn line_end(&self, from: usize) -> usize {
        memchr::memchr(b'\n', &self.bytes[from..self.end]).map_or(self.end, |i| from + i)
    }

    fn next_line(&self, line_end: usize) -> usize {
        (line_end + 1).min(self.end)
    }

    fn spaces(&self, mut i: usize, limit: usize) -> usize {
        while i < limit && self.bytes[i] == b' ' {
            i += 1;
        }
        i
    }

    /// Reads up to the next content line and emits its events.
    fn step(&mut self) -> Step {
        loop {
            if self.pos >= self.end {
                return self.finish();
            }
            let line_start = self.pos;
            let line_end = self.line_end(line_start);
            let first = self.spaces(line_start, line_end);
            if first == line_end || self.bytes[first] == b'#' {
                self.pos = self.next_line(line_end);
                continue;
            }
            if first == line_start && self.is_document_line(first, line_end) {
                let first_line = !self.started_document() && !self.explicit_start;
                if !(first_line && self.bytes[first..line_end].starts_with(b"---")) {
                    return Err(Unsupported);
                }
                // A document start marker: only as the first line, alone on it.
                self.rest_of_line_is_blank(first + 3, line_end)?;
                self.emit(Event::DocumentStart(true), first, first + 3);
                self.explicit_start = true;
                self.pos = self.next_line(line_end);
                continue;
            }
            return self.content_line(line_start, first, line_end);
        }
    }

    /// `---`, `...` or a directive at column 0.
    fn is_document_line(&self, at: usize, line_end: usize) -> bool {
        let b = &self.bytes[at..line_end];
        b[0] == b'%'
            || ((b.starts_with(b"---") || b.starts_with(b"..."))
                && matches!(b.get(3), None | Some(b' ')))
    }

    fn finish(&mut self) -> Step {
        if !self.root_done && self.stack.is_empty() {
            if self.explicit_start {
                return Err(Unsupported); // `---` and nothing: an empty document
            }
            // Only comments and blank lines: saphyr gives no document.
            self.emit(Event::StreamEnd, self.end, self.end);
            self.finished = true;
            return Ok(());
        }
        if let Some(p) = self.pending.take() {
            self.emit_empty(p);
        }
        while let Some(open) = self.stack.pop() {
            self.emit_end(open, self.end);
        }
        self.emit(Event::DocumentEnd, self.end, self.end);
        self.emit(Event::StreamEnd, self.end, self.end);
        self.finished = true;
        Ok(())
    }

    fn emit_empty(&mut self, p: Pending) {
        self.emit(
            Event::Scalar(Cow::Borrowed(""), ScalarStyle::Plain, 0, None),
            p.empty_at,
            p.empty_at,
        );
    }

    fn emit_end(&mut self, open: Open, at: usize) {
        let event = if open.seq {
            Event::SequenceEnd
        } else {
            Event::MappingEnd
        };
        self.emit(event, at, at);
        if self.stack.is_empty() {
            self.root_done = true;
        }
    }

    fn is_entry(&self, at: usize, line_end: usize) -> bool {
        self.bytes[at] == b'-' && (at + 1 == line_end || self.bytes[at + 1] == b' ')
    }

    fn content_line(&mut self, line_start: usize, first: usize, line_end: usize) -> Step {
        let indent = first - line_start;
        let is_entry = self.is_entry(first, line_end);
        if let Some(p) = self.pending {
            self.pending = None;
            if indent > p.parent_indent || (is_entry && indent == p.parent_indent && !p.in_seq) {
                return self.node_line(first, line_end, indent, Some(p));
            }
            self.emit_empty(p);
        }
        if !self.started_document() {
            if !self.explicit_start {
                self.emit(Event::DocumentStart(false), first, first);
            }
            return self.node_line(first, line_end, indent, None);
        }
        while let Some(&top) = self.stack.last() {
            let indentless_done = top.seq && top.indent == indent && !is_entry;
            if top.indent > indent || indentless_done {
                self.stack.pop();
                self.emit_end(top, first);
            } else {
                break;
            }
        }
        match self.stack.last() {
            // Content after the root, a plain scalar's next line, or bad indentation.
            None => Err(Unsupported),
            Some(top) if top.indent != indent => Err(Unsupported),
            Some(top) if top.seq => {
                if !is_entry {
                    return Err(Unsupported);
                }
                self.entry(first, line_start, line_end)
            }
            Some(_) => self.map_entry(first, line_start, line_end),
        }
    }

    fn started_document(&self) -> bool {
        self.root_done || !self.stack.is_empty()
    }

    /// A node that starts a line: the root, or the value of a `key:` or `-` on an earlier
    /// line.
    fn node_line(
        &mut self,
        first: usize,
        line_end: usize,
        indent: usize,
        after: Option<Pending>,
    ) -> Step {
        let line_start = first - indent;
        let indentless = after.is_some_and(|p| p.parent_indent == indent);
        if self.is_entry(first, line_end) {
            if indentless {
                // saphyr starts a sequence written at its key's column at its first item.
                let item = self.spaces(first + 1, line_end);
                if item == line_end || self.bytes[item] == b'#' {
                    return Err(Unsupported);
                }
                self.emit(Event::SequenceStart(0, None), item, item);
            } else {
                self.emit(Event::SequenceStart(0, None), first, first);
            }
            self.stack.push(Open { seq: true, indent });
            return self.entry(first, line_start, line_end);
        }
        let Some(key) = self.key(first, line_end)? else {
            let Some(p) = after else {
                return Err(Unsupported); // a scalar root
            };
            if matches!(self.bytes[first], b'|' | b'>') {
                return Err(Unsupported);
            }
            // A scalar on the line after its key or dash.
            return self.value(first, line_end, p.parent_indent, !p.in_seq);
        };
        self.emit(Event::MappingStart(0, None), first, first);
        self.stack.push(Open { seq: false, indent });
        self.key_entry(key, first, line_start, line_end)
    }

    /// A `- ` line of the sequence on top of the stack.
    fn entry(&mut self, dash: usize, line_start: usize, line_end: usize) -> Step {
        let seq_indent = dash - line_start;
        let item = self.spaces(dash + 1, line_end);
        if item == line_end {
            self.pending = Some(Pending {
                parent_indent: seq_indent,
                empty_at: item,
                in_seq: true,
            });
            self.pos = self.next_line(line_end);
            return Ok(());
        }
        if self.bytes[item] == b'#' || self.is_entry(item, line_end) {
            return Err(Unsupported);
        }
        if let Some(key) = self.key(item, line_end)? {
            // `- key: value`: a mapping whose keys are at the item's column.
            self.emit(Event::MappingStart(0, None), item, item);
            self.stack.push(Open {
                seq: false,
                indent: item - line_start,
            });
            return self.key_entry(key, item, line_start, line_end);
        }
        self.value(item, line_end, seq_indent, false)
    }

    /// A `key: value` or `key:` line of the mapping on top of the stack.
    fn map_entry(&mut self, at: usize, line_start: usize, line_end: usize) -> Step {
        let Some(key) = self.key(at, line_end)? else {
            return Err(Unsupported);
        };
        self.key_entry(key, at, line_start, line_end)
    }

    /// The rest of a mapping entry whose key, at `at`, is read.
    fn key_entry(&mut self, key: Key<'a>, at: usize, line_start: usize, line_end: usize) -> Step {
        let map_indent = at - line_start;
        self.emit(Event::Scalar(key.text, key.style, 0, None), at, key.end);
        let value = self.spaces(key.colon + 1, line_end);
        if value == line_end || (self.bytes[value] == b'#' && value > key.colon + 1) {
            self.pending = Some(Pending {
                parent_indent: map_indent,
                empty_at: key.colon,
                in_seq: false,
            });
            self.pos = self.next_line(line_end);
            return Ok(());
        }
        self.value(value, line_end, map_indent, true)
    }

    /// The key at `at` when the line is `key: ...`, `None` when it holds no key.
    fn key(&self, at: usize, line_end: usize) -> Result<Option<Key<'a>>, Unsupported> {
        let b = self.bytes;
        match b[at] {
            b'\'' | b'"' => {
                // One that goes on to the next line is no key: implicit keys are one line.
                let Ok((text, close, _)) = self.quoted(at, line_end, None) else {
                    return Ok(None);
                };
                let colon = self.spaces(close, line_end);
                if colon < line_end
                    && b[colon] == b':'
                    && (colon + 1 == line_end || b[colon + 1] == b' ')
                {
                    Ok(Some(Key {
                        text,
                        style: quote_style(b[at]),
                        end: colon,
                        colon,
                    }))
                } else {
                    Ok(None)
                }
            }
            c if starts_plain(c, b.get(at + 1).copied()) => {
                let Some((end, stop)) = self.plain_end(at, line_end) else {
                    return Ok(None);
                };
                if stop != Stop::Colon {
                    return Ok(None);
                }
                // saphyr refuses implicit keys longer than 1024 characters.
                if end - at > 1000 {
                    return Err(Unsupported);
                }
                let colon = self.spaces(end, line_end);
                Ok(Some(Key {
                    text: Cow::Borrowed(&self.text[at..end]),
                    style: ScalarStyle::Plain,
                    end,
                    colon,
                }))
            }
            _ => Ok(None),
        }
    }

    /// Where a plain scalar starting at `at` ends (its trailing spaces excluded), and what
    /// stopped it. `None` for a plain scalar with nothing in it.
    fn plain_end(&self, at: usize, line_end: usize) -> Option<(usize, Stop)> {
        let b = self.bytes;
        let mut i = at;
        let mut last = at;
        while i < line_end {
            match b[i] {
                b':' if i + 1 == line_end || b[i + 1] == b' ' => return Some((last, Stop::Colon)),
                b'#' if i > at && b[i - 1] == b' ' => return Some((last, Stop::Comment)),
                b' ' => {}
                _ => last = i + 1,
            }
            i += 1;
        }
        (last > at).then_some((last, Stop::Line))
    }

    /// A scalar, block scalar or flow collection at `at`, the value of a key or dash.
    /// `parent_indent` is the indentation of the collection it is in, a mapping when
    /// `map_value`.
    fn value(&mut self, at: usize, line_end: usize, parent_indent: usize, map_value: bool) -> Step {
        let b = self.bytes;
        match b[at] {
            b'\'' | b'"' => {
                let (text, close, last_line_end) =
                    self.quoted(at, line_end, Some(parent_indent))?;
                self.rest_of_line_is_blank(close, last_line_end)?;
                self.emit(Event::Scalar(text, quote_style(b[at]), 0, None), at, close);
                self.pos = self.next_line(last_line_end);
                Ok(())
            }
            b'|' | b'>' => self.block_scalar(at, line_end, parent_indent, map_value),
            b'[' | b'{' => {
                let after = self.flow(at, line_end, 0)?;
                self.rest_of_line_is_blank(after, line_end)?;
                self.pos = self.next_line(line_end);
                Ok(())
            }
            c if starts_plain(c, b.get(at + 1).copied()) => {
                let Some((end, stop)) = self.plain_end(at, line_end) else {
                    return Err(Unsupported);
                };
                if stop == Stop::Colon {
                    // `key: a: b`, or a compact mapping where the caller expected none.
                    return Err(Unsupported);
                }
                let mut end = end;
                let mut last_line_end = line_end;
                let mut folded: Option<String> = None;
                if stop == Stop::Line {
                    // Lines indented deeper than the collection continue the scalar: one
                    // line break folds into a space, n empty lines into n line breaks.
                    let mut next = self.next_line(line_end);
                    let mut breaks = 0;
                    while next < self.end {
                        let le = self.line_end(next);
                        let first = self.spaces(next, le);
                        if first == le {
                            breaks += 1;
                            next = self.next_line(le);
                            continue;
                        }
                        if first - next <= parent_indent || b[first] == b'#' {
                            break;
                        }
                        match self.plain_end(first, le) {
                            Some((line_text_end, Stop::Line)) => {
                                let s =
                                    folded.get_or_insert_with(|| self.text[at..end].to_string());
                                if breaks == 0 {
                                    s.push(' ');
                                }
                                push_breaks(s, breaks);
                                s.push_str(&self.text[first..line_text_end]);
                                end = line_text_end;
                                last_line_end = le;
                                breaks = 0;
                                next = self.next_line(le);
                            }
                            _ => return Err(Unsupported),
                        }
                    }
                }
                let text = match folded {
                    Some(s) => Cow::Owned(s),
                    None => Cow::Borrowed(&self.text[at..end]),
                };
                self.emit(Event::Scalar(text, ScalarStyle::Plain, 0, None), at, end);
                self.pos = self.next_line(last_line_end);
                Ok(())
            }
            _ => Err(Unsupported),
        }
    }

    /// A flow collection that closes on its line, at `at`: emits its events and returns
    /// the offset after its closing bracket.
    fn flow(&mut self, at: usize, line_end: usize, depth: usize) -> Result<usize, Unsupported> {
        let b = self.bytes;
        if depth > 32 {
            return Err(Unsupported);
        }
        let is_map = b[at] == b'{';
        let close = if is_map { b'}' } else { b']' };
        self.emit(
            if is_map {
                Event::MappingStart(0, None)
            } else {
                Event::SequenceStart(0, None)
            },
            at,
            at + 1,
        );
        let mut i = self.spaces(at + 1, line_end);
        let mut first = true;
        loop {
            if i >= line_end {
                return Err(Unsupported); // goes on to the next line
            }
            if b[i] == close {
                self.emit(
                    if is_map {
                        Event::MappingEnd
                    } else {
                        Event::SequenceEnd
                    },
                    i,
                    i + 1,
                );
                return Ok(i + 1);
            }
            if !first {
                if b[i] != b',' {
                    return Err(Unsupported);
                }
                i = self.spaces(i + 1, line_end);
                if i >= line_end || b[i] == close {
                    // A trailing comma, which moves saphyr's end marker in mappings.
                    return Err(Unsupported);
                }
            }
            first = false;
            i = self.flow_node(i, line_end, depth)?;
            i = self.spaces(i, line_end);
            if is_map {
                // `key: value`; a key with no value is left to saphyr.
                if i + 1 >= line_end || b[i] != b':' || b[i + 1] != b' ' {
                    return Err(Unsupported);
                }
                i = self.spaces(i + 1, line_end);
                i = self.flow_node(i, line_end, depth)?;
                i = self.spaces(i, line_end);
            } else if i < line_end && b[i] == b':' {
                return Err(Unsupported); // a single-pair mapping in a sequence
            }
        }
    }

    /// A scalar or nested flow collection inside a flow collection; returns the offset
    /// after it.
    fn flow_node(
        &mut self,
        at: usize,
        line_end: usize,
        depth: usize,
    ) -> Result<usize, Unsupported> {
        let b = self.bytes;
        match b.get(at).filter(|_| at < line_end) {
            Some(b'[' | b'{') => self.flow(at, line_end, depth + 1),
            Some(b'\'' | b'"') => {
                let (text, close, _) = self.quoted(at, line_end, None)?;
                self.emit(Event::Scalar(text, quote_style(b[at]), 0, None), at, close);
                Ok(close)
            }
            Some(&c) if starts_plain(c, b.get(at + 1).copied()) && c != b'-' => {
                let mut i = at;
                let mut last = at;
                while i < line_end {
                    match b[i] {
                        b',' | b'[' | b']' | b'{' | b'}' => break,
                        b':' => match b.get(i + 1) {
                            Some(b' ' | b',' | b']' | b'}') => break,
                            Some(b'[' | b'{') => return Err(Unsupported),
                            _ if i + 1 == line_end => break,
                            _ => last = i + 1,
                        },
                        b'#' if b[i - 1] == b' ' => return Err(Unsupported),
                        b' ' => {}
                        _ => last = i + 1,
                    }
                    i += 1;
                }
                self.emit(
                    Event::Scalar(
                        Cow::Borrowed(&self.text[at..last]),
                        ScalarStyle::Plain,
                        0,
                        None,
                    ),
                    at,
                    last,
                );
                Ok(last)
            }
            _ => Err(Unsupported),
        }
    }

    /// Nothing but spaces and a comment from `from` to the end of the line.
    fn rest_of_line_is_blank(&self, from: usize, line_end: usize) -> Step {
        let i = self.spaces(from, line_end);
        if i == line_end || (self.bytes[i] == b'#' && i > from) {
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    /// A quoted scalar at `at`: its value, the offset just after its closing quote, and the
    /// end of the line that quote is on. With `deeper_than`, it may go on over lines indented
    /// deeper than that: a line break folds into a space, n empty lines into n line breaks,
    /// and the spaces around a break go (YAML's flow folding).
    fn quoted(
        &self,
        at: usize,
        line_end: usize,
        deeper_than: Option<usize>,
    ) -> Result<(Cow<'a, str>, usize, usize), Unsupported> {
        let b = self.bytes;
        let quote = b[at];
        let mut i = at + 1;
        let mut line_end = line_end;
        let mut owned: Option<String> = None;
        let mut run = i;
        loop {
            let mut escaped_break = false;
            while i < line_end {
                let c = b[i];
                if c == quote {
                    if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        let s = owned.get_or_insert_with(String::new);
                        s.push_str(&self.text[run..i + 1]);
                        i += 2;
                        run = i;
                        continue;
                    }
                    let text = match owned {
                        Some(mut s) => {
                            s.push_str(&self.text[run..i]);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(&self.text[at + 1..i]),
                    };
                    return Ok((text, i + 1, line_end));
                }
                if c == b'\\' && quote == b'"' && i + 1 == line_end && deeper_than.is_some() {
                    escaped_break = true;
                    break;
                }
                if c == b'\\' && quote == b'"' {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..i]);
                    i = self.escape(i, line_end, s)?;
                    run = i;
                    continue;
                }
                i += 1;
            }
            let Some(parent_indent) = deeper_than else {
                return Err(Unsupported);
            };
            // A line break inside the scalar. The line's trailing spaces go, but not an
            // escaped one: escapes end `run`. An escaped break (`\` at the end of the line)
            // keeps them and folds into nothing.
            let s = owned.get_or_insert_with(String::new);
            if escaped_break {
                s.push_str(&self.text[run..i]);
            } else {
                s.push_str(self.text[run..line_end].trim_end_matches(' '));
            }
            let mut breaks = 0;
            let mut next = line_end + 1;
            loop {
                if next >= self.end {
                    return Err(Unsupported); // no closing quote
                }
                let le = self.line_end(next);
                let first = self.spaces(next, le);
                if first == le {
                    breaks += 1;
                    next = le + 1;
                    continue;
                }
                if first - next <= parent_indent {
                    return Err(Unsupported);
                }
                if breaks == 0 && !escaped_break {
                    s.push(' ');
                }
                push_breaks(s, breaks);
                i = first;
                run = first;
                line_end = le;
                break;
            }
        }
    }

    /// Decodes the escape at `at` (a backslash) into `out`; returns the offset after it.
    fn escape(&self, at: usize, line_end: usize, out: &mut String) -> Result<usize, Unsupported> {
        let Some(&c) = self.bytes.get(at + 1).filter(|_| at + 1 < line_end) else {
            return Err(Unsupported); // an escaped line break
        };
        let simple = match c {
            b'0' => '\0',
            b'a' => '\u{7}',
            b'b' => '\u{8}',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\u{b}',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'e' => '\u{1b}',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' | b'u' | b'U' => {
                let digits = match c {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = self
                    .text
                    .get(at + 2..at + 2 + digits)
                    .filter(|_| at + 2 + digits <= line_end)
                    .ok_or(Unsupported)?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return Err(Unsupported);
                }
                let code = u32::from_str_radix(hex, 16).map_err(|_| Unsupported)?;
                out.push(char::from_u32(code).ok_or(Unsupported)?);
                return Ok(at + 2 + digits);
            }
            _ => return Err(Unsupported),
        };
        out.push(simple);
        Ok(at + 2)
    }

    /// A literal (`|`) or folded (`>`) block scalar whose header is at `at`, as saphyr's
    /// `scan_block_scalar` reads it (the folding and chomping rules are YAML's).
    fn block_scalar(
        &mut self,
        at: usize,
        line_end: usize,
        parent_indent: usize,
        map_value: bool,
    ) -> Step {
        let b = self.bytes;
        let literal = b[at] == b'|';
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        let mut i = at + 1;
        let chomping = match b.get(i) {
            Some(b'-') if i < line_end => {
                i += 1;
                Chomping::Strip
            }
            Some(b'+') if i < line_end => {
                i += 1;
                Chomping::Keep
            }
            _ => Chomping::Clip,
        };
        if i < line_end && b[i].is_ascii_digit() {
            return Err(Unsupported); // an explicit indentation indicator
        }
        if i < line_end && b[i] != b' ' {
            return Err(Unsupported);
        }
        self.rest_of_line_is_blank(i, line_end)?;

        // Leading empty lines, and the indentation of the first content line.
        let mut p = self.next_line(line_end);
        if line_end == self.end {
            return Err(Unsupported); // header on the last line
        }
        let mut trailing_breaks = 0usize;
        let mut max_indent = 0;
        let (mut here, mut col) = loop {
            let first = self.spaces(p, self.end);
            max_indent = max_indent.max(first - p);
            if first < self.end && b[first] == b'\n' {
                trailing_breaks += 1;
                p = first + 1;
                continue;
            }
            break (first, first - p);
        };
        let indent = max_indent.max(parent_indent + 1);
        if here == self.end || col < indent {
            if here < self.end && col > parent_indent {
                return Err(Unsupported); // saphyr: wrongly indented line
            }
            // No content: saphyr places the scalar at the next token (in a mapping the
            // tree places an empty one at its header instead). With keep chomping it is
            // the empty lines' breaks. At the end of the text saphyr places it otherwise.
            let at_end = here == self.end;
            if at_end && (chomping == Chomping::Keep || !map_value) {
                return Err(Unsupported);
            }
            let text = if chomping == Chomping::Keep {
                "\n".repeat(trailing_breaks)
            } else {
                String::new()
            };
            self.emit(Event::Scalar(Cow::Owned(text), style, 0, None), here, here);
            self.pos = if at_end { here } else { here - col };
            return Ok(());
        }

        let start = here;
        let mut out = String::new();
        let mut leading_break = false;
        let mut leading_blank = false;
        while col == indent && here < self.end && b[here] != b'\n' {
            let trailing_blank = b[here] == b' ';
            if !literal && leading_break && !leading_blank && !trailing_blank {
                if trailing_breaks == 0 {
                    out.push(' ');
                }
                push_breaks(&mut out, trailing_breaks);
            } else {
                if leading_break {
                    out.push('\n');
                }
                push_breaks(&mut out, trailing_breaks);
            }
            leading_break = false;
            trailing_breaks = 0;
            leading_blank = trailing_blank;
            let le = self.line_end(here);
            out.push_str(&self.text[here..le]);
            if le == self.end {
                col = le - (here - col);
                here = le;
                break;
            }
            leading_break = true;
            // The next line's indentation, and the empty lines before it.
            let mut p = le + 1;
            loop {
                let limit = (p + indent).min(self.end);
                let s = self.spaces(p, limit);
                if s < self.end && b[s] == b'\n' {
                    trailing_breaks += 1;
                    p = s + 1;
                    continue;
                }
                here = s;
                col = s - p;
                break;
            }
        }
        if chomping != Chomping::Strip {
            if leading_break {
                out.push('\n');
            }
            if here == self.end && col >= indent.max(1) {
                out.push('\n');
            }
        }
        if chomping == Chomping::Keep {
            push_breaks(&mut out, trailing_breaks);
        }
        self.emit(Event::Scalar(Cow::Owned(out), style, 0, None), start, here);
        // The terminating line is read again as the next content line.
        self.pos = if here == self.end { here } else { here - col };
        Ok(())
    }
}

/// The style of a quoted scalar opened by `quote`.
fn quote_style(quote: u8) -> ScalarStyle {
    if quote == b'"' {
        ScalarStyle::DoubleQuoted
    } else {
        ScalarStyle::SingleQuoted
    }
}

fn push_breaks(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push('\n');
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomping {
    Strip,
    Clip,
    Keep,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    Colon,
    Comment,
    Line,
}

struct Key<'a> {
    text: Cow<'a, str>,
    style: ScalarStyle,
    /// Where saphyr ends the key's scalar.
    end: usize,
    colon: usize,
}

/// A plain scalar can start with `c` (followed by `next`) in block context. Indicators that
/// may start one when followed by a non-space (`-`, `?`, `:`) are left to saphyr, except a
/// `-` that starts a number or a word.
fn starts_plain(c: u8, next: Option<u8>) -> bool {
    match c {
        b'-' => !matches!(
            next,
            None | Some(b' ' | b'\n' | b',' | b'[' | b']' | b'{' | b'}')
        ),
        b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b' ' | b'\n' => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::has_control;
    use crate::parse::both_readers;
    use crate::test_rng::Rng;

    /// A control character is found wherever it falls against the 32-byte chunks; line
    /// feeds, printable and non-ASCII bytes are not control characters.
    #[test]
    fn control_characters_are_found_anywhere() {
        let clean: Vec<u8> = "key: \"é\"\n  - x\n".bytes().cycle().take(100).collect();
        assert!(!has_control(&clean));
        for at in 0..clean.len() {
            for b in (0u8..0x20).filter(|&b| b != b'\n') {
                let mut dirty = clean.clone();
                dirty[at] = b;
                assert!(has_control(&dirty[..]), "0x{b:02x} at {at}");
                assert!(!has_control(&dirty[at + 1..]), "after {at}");
            }
        }
    }

    /// Whether the fast reader read `text`; panics when it built anything but what saphyr
    /// builds.
    fn agrees(text: &str) -> bool {
        agrees_on(text, 0..text.len(), 0)
    }

    fn agrees_on(text: &str, range: std::ops::Range<usize>, depth_base: usize) -> bool {
        let (fast, saphyr) = both_readers(text, range.clone(), depth_base);
        let Some(fast) = fast else {
            return false;
        };
        match saphyr {
            Ok(saphyr) => assert!(
                fast == saphyr,
                "the readers differ on {:?}:\nfast:   {:?}\nsaphyr: {:?}",
                &text[range],
                fast,
                saphyr
            ),
            Err(e) => panic!(
                "the fast reader accepted what saphyr refuses ({e}): {:?}",
                &text[range]
            ),
        }
        true
    }

    #[test]
    fn reads_the_block_yaml_of_specs() {
        let cases = [
            "a: 1\nb:\n  c: 'x''y'   # com\n  d: \"q\\n\\u00e9\\x41\"\n  e: plain text here  \n",
            "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n",
            "a:\n  b:\n  c:\n",
            "a:\n  b: 1\n  c:",
            "a: []\nb: {}\nc: [] # c\n",
            "j:\n- x\n- y: 1\n  z: 2\nk: 1\n",
            "k:\n  - |-\n    s\n  -\n    n: 1\n  - \n  -\n",
            "f: >-\n  folded\n  more\n\ng: |\n  lit\nh: x\n",
            "h: >\n  a\n  b\n\n   c\n  d\nz: |-\n  last\n\n",
            "d: |+\n    keep\n\n  # comment\ne: |\n  x\n   more\n  # not comment\n\n# real comment\n",
            "a: |\n  x\n  y",
            "a: |-\n  x\n\n  y",
            "a: >\n  x\n\n\n  y\n   z\n\n  w\n",
            "a: |\n\n  x\n",
            "a: |\n  x\n\n",
            "a: |+\n  x\n\n\nb: 1\n",
            "c: >-\nd: 1\n",
            "c: |+\n    \n\nd: 1\ne:\n  - |+\n\n  - >-\n  - x\n",
            "'q k' : v   # c\n\"dq\": 1\n",
            "- a\n- b: 1\n  c: [] \n-\n  - x\n  - y\n",
            "a:\n  # c\n\n  b: 1\n",
            "a: é中 # c\nb: 'é'\n",
            "a: -1\nb: -x\nc: x-y\nd: a#b\ne: a:b\n",
            "a: true\nb: null\nc: ~\nd: 0x1F\ne: 1e3\n200: x\n",
            "a: b\na: c\n",
            "  x: 1\n  y:\n    - 1\n",
            "# only a comment\n",
            "",
            "a:\n  - b\n  -  c\n  -   d: 1\n      e: 2\n",
            "a: |2\n   x\n",
            "a: &x 1\nb: *x\n",
            "---\na: 1\n",
            "a: \"multi\\\n  line\"\n",
            "a:\tb\n",
            "a: [1, 2]\n",
            "a: 'multi\n  line'\n",
            "a: \"x  \n\n   y \\  \n  z\"  # c\n- b\n",
            "a: \"x \\\n  y\\\n\n  z\\t  \n  w\"\n",
            "a:\n  - \"x\n    y\"\n  - b\n    - c\n    `d`\n",
            "c: {name: API team, url: https://example.com, e: api@x.com}\nd: [a, \"b\", [c, d], {e: f}]   # x\ne: [ a , b ]\nh: { }\n",
        ];
        let mut read = 0;
        for case in cases {
            read += usize::from(agrees(case));
        }
        assert!(read >= 26, "the fast reader read only {read} cases");
        // And gives up on what it does not model.
        for outside in [
            "a: |2\n   x\n",
            "a: &x 1\nb: *x\n",
            "a:\tb\n",
            "a: [1,\n  2]\n",
            "a: {b: 1,}\n",
            "a: [b: 1]\n",
            "? a\n: b\n",
            "a: !t x\n",
        ] {
            assert!(!agrees(outside), "the fast reader read {outside:?}");
        }
    }

    #[test]
    fn reads_the_repositorys_yaml_like_saphyr() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut files = Vec::new();
        for dir in [
            "policies",
            "examples",
            "crates/specwright-governance/benches/fixtures",
        ] {
            collect_yaml(&std::path::Path::new(root).join(dir), &mut files);
        }
        assert!(files.len() > 20, "found only {} YAML files", files.len());
        let mut read = 0;
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            read += usize::from(agrees(&text));
        }
        assert!(
            read * 10 >= files.len() * 8,
            "read {read} of {} files",
            files.len()
        );
    }

    /// The specs of ../shared/corpus when `SPECWRIGHT_SHARED` names it: whole, and in the
    /// parts the two-thread parse cuts them into.
    #[test]
    fn reads_the_corpus_like_saphyr() {
        let Ok(shared) = std::env::var("SPECWRIGHT_SHARED") else {
            return;
        };
        let mut files = Vec::new();
        collect_yaml(
            &std::path::Path::new(&shared).join("corpus/specs"),
            &mut files,
        );
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            let whole = agrees(&text);
            if f.ends_with("stripe-v30.yaml") {
                assert!(whole, "the fast reader gave up on Stripe");
            }
            if let Some(plan) = crate::yaml_split::plan(&text, &crate::text::LineIndex::new(&text))
            {
                agrees_on(&text, 0..plan.at, 0);
                for chunk in &plan.chunks {
                    agrees_on(&text, chunk.range.clone(), chunk.depth);
                }
            }
        }
    }

    fn collect_yaml(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                collect_yaml(&p, out);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
    }

    const KEYS: &[&str] = &[
        "a",
        "name",
        "x-kong-name",
        "'200'",
        "\"q k\"",
        "200",
        "true",
        "key with spaces",
        "'it''s'",
        "é",
        "/v1/things/{id}",
        "a-b",
        "null",
        "\"\\u00e9\"",
        "k ",
    ];
    const SCALARS: &[&str] = &[
        "1",
        "-1",
        "3.5",
        "true",
        "null",
        "~",
        "plain text",
        "a:b",
        "a#b",
        "x-y",
        "é中",
        "'single'",
        "'it''s'",
        "\"dq \\\" \\n \\t \\\\\"",
        "\"\\x41\\u00e9\\U0001F600\"",
        "[]",
        "{}",
        "word # comment",
        "''",
        "\"\"",
        "0x1F",
        "1e3",
        ".inf",
        "-",
        "--x",
        "a  b",
    ];

    fn gen_block(rng: &mut Rng, out: &mut String, indent: usize, depth: usize) {
        let seq = rng.below(3) == 0;
        let n = 1 + rng.below(4);
        for _ in 0..n {
            if rng.below(6) == 0 {
                out.push_str(&" ".repeat(rng.below(indent + 3)));
                out.push_str(rng.pick(&["", "# note", "#"]));
                out.push('\n');
            }
            out.push_str(&" ".repeat(indent));
            if seq {
                out.push_str(rng.pick(&["- ", "-  ", "- "]));
                let item_col = indent + 2;
                if rng.below(3) == 0 && depth < 4 {
                    // A compact mapping: its first key on the dash's line.
                    let mut inner = String::new();
                    gen_entries_map(rng, &mut inner, item_col, depth + 1);
                    out.push_str(inner.trim_start_matches(' '));
                    continue;
                }
                gen_value(rng, out, indent, depth);
            } else {
                out.push_str(rng.pick(KEYS));
                out.push(':');
                gen_value(rng, out, indent, depth);
            }
        }
    }

    fn gen_entries_map(rng: &mut Rng, out: &mut String, indent: usize, depth: usize) {
        let n = 1 + rng.below(3);
        for _ in 0..n {
            out.push_str(&" ".repeat(indent));
            out.push_str(rng.pick(KEYS));
            out.push(':');
            gen_value(rng, out, indent, depth);
        }
    }

    /// A value after `key:` or `-` (the caller wrote the indicator, not the space).
    fn gen_value(rng: &mut Rng, out: &mut String, indent: usize, depth: usize) {
        match rng.below(10) {
            0..=3 => {
                out.push(' ');
                out.push_str(rng.pick(SCALARS));
                out.push_str(rng.pick(&["", "", " ", " # c"]));
                out.push('\n');
            }
            4 | 5 if depth < 4 => {
                out.push_str(rng.pick(&["\n", " # c\n", "  \n"]));
                let deeper = indent + rng.pick(&["2", "4", "1", "0"]).parse::<usize>().unwrap();
                gen_block(rng, out, deeper, depth + 1);
            }
            6 | 7 => {
                out.push(' ');
                out.push_str(rng.pick(&["|", ">", "|-", ">-", "|+", ">+", "| # c", ">2"]));
                out.push('\n');
                let body = indent + 1 + rng.below(3);
                for _ in 0..rng.below(5) {
                    match rng.below(5) {
                        0 => out.push('\n'),
                        1 => out.push_str(&" ".repeat(rng.below(body + 3))),
                        _ => {
                            out.push_str(
                                &" ".repeat(
                                    body + rng
                                        .pick(&["0", "0", "0", "1", "2"])
                                        .parse::<usize>()
                                        .unwrap(),
                                ),
                            );
                            out.push_str(rng.pick(&[
                                "text",
                                "more text",
                                "# not a comment",
                                "a: b",
                                "- x",
                                "é",
                                "tail  ",
                            ]));
                        }
                    }
                    out.push('\n');
                }
            }
            8 => {
                // A plain or quoted scalar over several lines, or on the line after its key.
                out.push_str(rng.pick(&[" ", "\n", " "]));
                out.push_str(rng.pick(&["plain", "'quoted", "two words", "é"]));
                for _ in 0..1 + rng.below(3) {
                    out.push_str(rng.pick(&["\n", "\n\n", "\n  \n"]));
                    out.push_str(&" ".repeat(indent + rng.below(4)));
                    out.push_str(rng.pick(&["more", "a b ", "x: y", "# c", "- z", "end'", "é"]));
                }
                out.push('\n');
            }
            _ => out.push('\n'),
        }
    }

    const INSERTS: &[&str] = &[
        " ", "\n", ":", "- ", "#", "'", "\"", "|", ">", "  ", "\\", "[", "]", "{", "}", "&a ",
        "*a", "!t ", "? ", ",", "\t", "---\n", "é", "\r\n", ": ", " #", "-", "\n  ", "\n\n",
    ];

    fn mutate(rng: &mut Rng, text: &str) -> String {
        let mut s = text.to_string();
        for _ in 0..1 + rng.below(3) {
            let mut at = rng.below(s.len() + 1);
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            match rng.below(3) {
                0 => {
                    let mut end = (at + 1 + rng.below(4)).min(s.len());
                    while !s.is_char_boundary(end) {
                        end += 1;
                    }
                    s.replace_range(at..end, "");
                }
                _ => s.insert_str(at, rng.pick(INSERTS)),
            }
        }
        s
    }

    #[test]
    fn generated_documents_read_like_saphyr() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut docs, mut read) = (0, 0);
        let rounds = std::env::var("FAST_YAML_ROUNDS").map_or(3000, |n| n.parse().unwrap());
        for _ in 0..rounds {
            let mut doc = String::new();
            let indent = rng.below(2) * 2;
            gen_block(&mut rng, &mut doc, indent, 0);
            if rng.below(4) == 0 {
                doc.pop(); // no final line break
            }
            if rng.below(8) == 0 {
                doc.insert_str(0, rng.pick(&["---\n", "--- # c\n", "# c\n---\n"]));
            }
            docs += 1;
            read += usize::from(agrees(&doc));
            for _ in 0..4 {
                agrees(&mutate(&mut rng, &doc));
            }
        }
        assert!(
            read * 3 >= docs,
            "the fast reader read only {read} of {docs} documents"
        );
    }
}
