//! Re-parsing an edited YAML buffer by parsing only the block-mapping entry the edit is in.
//!
//! Typing changes a few bytes of a spec that takes tens of milliseconds to parse whole (a
//! 4 MB spec: most of a re-lint). The edit is found by comparing the old and new text, the
//! deepest block-mapping entry whose lines hold it is parsed again on its own, and its value
//! replaces the old one in the old tree; spans after it move by the change in length. No
//! YAML library re-parses incrementally, hence this.
//!
//! It is only done when the entry's lines are sure to parse the same alone as in the file:
//! - the entry's key starts its line, its mapping is a block mapping, and the first content
//!   line after its lines is indented no deeper than the key (or is the end of the text);
//!   trailing blank and comment lines belong to the entry, since a block scalar could take
//!   them as content;
//! - the edit starts after the key and ends before the line break ending the entry's lines;
//! - the new lines parse with no error or warning into one entry with the same key, with
//!   no anchor or alias, and hold no document marker or directive; the old lines define no
//!   anchor another part of the file could refer to; the old file parsed with no warning.
//!
//! Anything else, and any other doubt, is a full parse. The tests compare the patched tree
//! with a full parse for edits all over the corpus.

use crate::node::{Node, Value};
use crate::parse::{parse_clean_fragment, ParseLimits, ParseWarning};
use crate::text::{LineIndex, Span};

/// A parsed replacement for one entry's value, and where it goes.
pub(crate) struct EntryEdit {
    /// Child indices from the root to the entry (member indices in mappings, item
    /// indices in sequences); the last one is the entry's index in its mapping.
    route: Vec<usize>,
    value: Node,
    /// Where the entry's lines ended in the old text: everything from here on moves.
    old_lines_end: usize,
    delta: i64,
    /// End of the old and new entry (its value, or its key when the value is empty):
    /// block collections holding it as their last entry end there too.
    old_entry_end: u32,
    new_entry_end: u32,
    /// Where the entry's lines started (the same in both texts).
    lines_start: usize,
    /// The new entry's warnings (key-type ones only), at their places in the new text.
    warnings: Vec<ParseWarning>,
}

/// Where an entry's lines start and end, when the entry qualifies (see the module docs).
struct EntryLines {
    start: usize,
    /// Start of the first content line after the entry, or the end of the text.
    end: usize,
}

fn entry_lines(text: &str, key_span: Span, entry_end: usize) -> Option<EntryLines> {
    let bytes = text.as_bytes();
    let key_start = key_span.start as usize;
    let start = memchr::memrchr(b'\n', &bytes[..key_start]).map_or(0, |i| i + 1);
    if !bytes[start..key_start].iter().all(|&b| b == b' ') {
        return None;
    }
    let indent = key_start - start;
    let mut line = memchr::memchr(b'\n', &bytes[entry_end..]).map(|i| entry_end + i + 1);
    while let Some(l) = line {
        if l >= bytes.len() {
            break;
        }
        let next = memchr::memchr(b'\n', &bytes[l..]).map_or(bytes.len(), |i| l + i);
        let spaces = bytes[l..next].iter().take_while(|&&b| b == b' ').count();
        match bytes.get(l + spaces) {
            None | Some(b'\n') | Some(b'\r') | Some(b'#') => line = Some(next + 1),
            Some(b'\t') => return None,
            Some(_) if spaces <= indent => return Some(EntryLines { start, end: l }),
            Some(_) => return None,
        }
    }
    Some(EntryLines {
        start,
        end: bytes.len(),
    })
}

fn is_flow(text: &str, node: &Node) -> bool {
    matches!(
        text.as_bytes().get(node.span.start as usize),
        Some(b'{') | Some(b'[')
    )
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // Compared in blocks first: the buffers are megabytes and usually differ late.
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

fn common_suffix(a: &[u8], b: &[u8], max: usize) -> usize {
    const BLOCK: usize = 64;
    let (la, lb) = (a.len(), b.len());
    let mut i = 0;
    while i + BLOCK <= max && a[la - i - BLOCK..la - i] == b[lb - i - BLOCK..lb - i] {
        i += BLOCK;
    }
    while i < max && a[la - i - 1] == b[lb - i - 1] {
        i += 1;
    }
    i
}

/// An entry candidate found while descending: its route, lines and nesting depth.
struct Candidate {
    route: Vec<usize>,
    lines: EntryLines,
    depth: usize,
}

/// Plans re-parsing `new_text` from the tree of `old_text`. `None` means: parse it whole.
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan(
    file: &str,
    old_text: &str,
    old_index: &LineIndex,
    old_root: &Node,
    old_warnings: &[ParseWarning],
    new_text: &str,
    new_index: &LineIndex,
    limits: &ParseLimits,
) -> Option<EntryEdit> {
    if old_warnings.iter().any(|w| w.key_type.is_none())
        || new_text.len() > limits.max_bytes
        || new_text.starts_with('\u{feff}')
        || matches!(new_text.trim_start().chars().next(), Some('{') | Some('['))
        || has_lone_carriage_return(new_text)
    {
        return None;
    }
    let (ob, nb) = (old_text.as_bytes(), new_text.as_bytes());
    let from = common_prefix(ob, nb);
    let same_end = common_suffix(ob, nb, ob.len().min(nb.len()) - from);
    let old_to = ob.len() - same_end;
    let delta = nb.len() as i64 - ob.len() as i64;

    // Entries whose lines hold the edit, outermost first.
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut node = old_root;
    let mut route = Vec::new();
    loop {
        match &node.value {
            Value::Object(o) if !is_flow(old_text, node) => {
                // The entry written last before the edit (by position, not member order:
                // merge keys add members written elsewhere).
                let Some((i, m)) = o
                    .members
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.key_span.end as usize <= from)
                    .max_by_key(|(_, m)| m.key_span.start)
                else {
                    break;
                };
                let entry_end = m.value.span.end.max(m.key_span.end) as usize;
                let Some(lines) = entry_lines(old_text, m.key_span, entry_end) else {
                    break;
                };
                let holds_edit = if lines.end == ob.len() {
                    old_to <= lines.end
                } else {
                    old_to < lines.end
                };
                if !holds_edit {
                    break;
                }
                route.push(i);
                candidates.push(Candidate {
                    route: route.clone(),
                    lines,
                    depth: route.len() - 1,
                });
                node = &m.value;
            }
            Value::Array(items) if !is_flow(old_text, node) => {
                let Some(i) = items.iter().position(|it| {
                    (it.span.start as usize) <= from && old_to <= it.span.end as usize
                }) else {
                    break;
                };
                route.push(i);
                node = &items[i];
            }
            _ => break,
        }
    }

    // Deepest first: the smallest re-parse. A deeper entry can fail where an outer one
    // holds (an edit that turns a scalar into a nested mapping), so a few are tried.
    for c in candidates.iter().rev().take(3) {
        // A warning in or at the edge of the entry's lines may belong to an entry before it
        // (an empty key is placed at the next token): only a full parse can tell.
        if old_warnings.iter().any(|w| {
            let at = w.span.start as usize;
            at >= c.lines.start && at <= c.lines.end
        }) {
            continue;
        }
        let old_lines = c.lines.start..c.lines.end;
        if memchr::memchr(b'&', &ob[old_lines.clone()]).is_some()
            && parse_clean_fragment(
                file,
                old_text,
                old_index,
                limits,
                old_lines.clone(),
                c.depth,
            )
            .is_none()
        {
            continue;
        }
        let old = member_at(old_root, &c.route)?;
        let new_end = (c.lines.end as i64 + delta) as usize;
        let new_lines = c.lines.start..new_end;
        let indent = old.key_span.start as usize - c.lines.start;
        if has_document_marker(&new_text[new_lines.clone()])
            || !body_is_indented(&new_text[new_lines.clone()], indent)
        {
            return None;
        }
        let Some((root, warnings)) =
            parse_clean_fragment(file, new_text, new_index, limits, new_lines, c.depth)
        else {
            continue;
        };
        let Value::Object(o) = root.value else {
            continue;
        };
        let [m] = &*o.members else { continue };
        if m.key != old.key || m.key_span != old.key_span || ends_in_empty_value(&m.value) {
            continue;
        }
        let m = o.members.into_vec().pop()?;
        return Some(EntryEdit {
            route: c.route.clone(),
            old_entry_end: old.value.span.end.max(old.key_span.end),
            new_entry_end: m.value.span.end.max(m.key_span.end),
            value: m.value,
            old_lines_end: c.lines.end,
            delta,
            lines_start: c.lines.start,
            warnings,
        });
    }
    None
}

/// YAML counts a `\r` alone as a line break and the parser's positions with it; the line
/// index counts `\n` only, so such files are positioned as a whole or not at all.
fn has_lone_carriage_return(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
}

/// A line starting `---`, `...` or `%` would start or end a document in the file, which
/// the entry parsed alone cannot show.
fn has_document_marker(lines: &str) -> bool {
    lines
        .split('\n')
        .any(|l| l.starts_with("---") || l.starts_with("...") || l.starts_with('%'))
}

/// Whether every line after the first that is not blank or a comment is indented deeper
/// than the entry's key. Alone, the entry is the document's root, where the parser
/// tolerates lines further left that would end or break the entry inside the file.
fn body_is_indented(lines: &str, indent: usize) -> bool {
    lines.split('\n').skip(1).all(|l| {
        let spaces = l.bytes().take_while(|&b| b == b' ').count();
        matches!(l.as_bytes().get(spaces), None | Some(b'\r') | Some(b'#')) || spaces > indent
    })
}

/// Whether the entry ends in an empty value (`key:` with nothing after it, or a block
/// scalar with nothing but blank lines): the parser places such a value at the next
/// token, which the entry parsed alone does not have.
fn ends_in_empty_value(value: &Node) -> bool {
    let mut node = value;
    loop {
        node = match &node.value {
            Value::Object(o) => match o.members.last() {
                Some(m) => &m.value,
                None => return false,
            },
            Value::Array(a) => match a.last() {
                Some(n) => n,
                None => return false,
            },
            Value::Null => return true,
            Value::String(s) => return s.trim().is_empty(),
            _ => return false,
        };
    }
}

fn member_at<'n>(root: &'n Node, route: &[usize]) -> Option<&'n crate::node::Member> {
    let (&last, above) = route.split_last()?;
    let mut node = root;
    for &i in above {
        node = match &node.value {
            Value::Object(o) => &o.members.get(i)?.value,
            Value::Array(a) => a.get(i)?,
            _ => return None,
        };
    }
    match &node.value {
        Value::Object(o) => o.members.get(last),
        _ => None,
    }
}

/// Puts the edit into the old tree, which then equals the new text's tree, and returns the
/// new text's warnings: those before the entry as they were, the entry's own, and those
/// after it moved with the text.
pub(crate) fn apply(
    root: &mut Node,
    edit: EntryEdit,
    old_warnings: &[ParseWarning],
) -> Vec<ParseWarning> {
    let EntryEdit {
        route,
        value,
        old_lines_end,
        delta,
        old_entry_end,
        new_entry_end,
        lines_start,
        warnings: entry_warnings,
    } = edit;
    let mut warnings: Vec<ParseWarning> = old_warnings
        .iter()
        .filter(|w| (w.span.start as usize) < lines_start)
        .cloned()
        .collect();
    warnings.extend(entry_warnings);
    warnings.extend(
        old_warnings
            .iter()
            .filter(|w| w.span.start as usize >= old_lines_end)
            .map(|w| {
                let mut w = w.clone();
                w.span = Span::new(
                    (w.span.start as i64 + delta) as usize,
                    (w.span.end as i64 + delta) as usize,
                );
                w
            }),
    );
    let moved = |at: u32| -> u32 {
        if at as usize >= old_lines_end {
            (at as i64 + delta) as u32
        } else {
            at
        }
    };
    let mut node = root;
    for (step, &i) in route.iter().enumerate() {
        // A collection ending with the entry ends where the new entry ends.
        node.span.end = if node.span.end == old_entry_end {
            new_entry_end
        } else {
            moved(node.span.end)
        };
        let last = step + 1 == route.len();
        node = match &mut node.value {
            Value::Object(o) => {
                for m in o.members[i + 1..].iter_mut() {
                    m.key_span = Span::new(
                        moved(m.key_span.start) as usize,
                        moved(m.key_span.end) as usize,
                    );
                    shift(&mut m.value, &moved);
                }
                let m = &mut o.members[i];
                if last {
                    m.value = value;
                    return warnings;
                }
                &mut m.value
            }
            Value::Array(a) => {
                for item in a[i + 1..].iter_mut() {
                    shift(item, &moved);
                }
                &mut a[i]
            }
            _ => unreachable!("a route only passes through collections"),
        };
    }
    warnings
}

fn shift(node: &mut Node, moved: &impl Fn(u32) -> u32) {
    node.span = Span::new(
        moved(node.span.start) as usize,
        moved(node.span.end) as usize,
    );
    match &mut node.value {
        Value::Object(o) => {
            for m in o.members.iter_mut() {
                m.key_span = Span::new(
                    moved(m.key_span.start) as usize,
                    moved(m.key_span.end) as usize,
                );
                shift(&mut m.value, moved);
            }
        }
        Value::Array(a) => {
            for item in a.iter_mut() {
                shift(item, moved);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_text;
    use crate::test_rng::Rng;

    /// Spec-like YAML with the constructs that make re-parsing one entry risky: block
    /// scalars with keep chomping and trailing comment lines, multi-line plain, quoted and
    /// flow values, sequences of mappings, quoted keys, non-ASCII text, an anchor and alias.
    fn tricky_spec() -> String {
        let mut s = String::from(
            "openapi: 3.0.0\ninfo:\n  title: Tëst\n  version: '1'\n  x-base: &base {k: 1}\n  x-use: *base\npaths:\n",
        );
        for i in 0..12 {
            s.push_str(&format!(
                "  /things/{{id}}/p{i}:\n    # comment\n    get:\n      summary: \"multi\n        line {i}\"\n      description: |+\n        block ü {i}\n\n    # a comment line inside the entry's lines\n      plain: a plain\n        continued {i}\n      tags: [a,\n        b]\n      parameters:\n        - name: id\n          in: path\n          required: true\n        - {{name: q, in: query}}\n      'quoted key': 1\n      responses:\n        '200':\n          description: ok\n\n"
            ));
        }
        s.push_str("components:\n  schemas:\n    A:\n      type: object\n      description: >\n        folded\n        text\n");
        s
    }

    /// [`plan`] for an old text that parsed with no warning, with the default limits.
    fn plan_edit(
        old: (&str, &LineIndex, &Node),
        new_text: &str,
        new_index: &LineIndex,
    ) -> Option<EntryEdit> {
        plan_edit_warned(old, &[], new_text, new_index)
    }

    fn plan_edit_warned(
        old: (&str, &LineIndex, &Node),
        warnings: &[ParseWarning],
        new_text: &str,
        new_index: &LineIndex,
    ) -> Option<EntryEdit> {
        let limits = ParseLimits::default();
        plan(
            "t.yaml", old.0, old.1, old.2, warnings, new_text, new_index, &limits,
        )
    }

    const TOKENS: &[&str] = &[
        "x",
        " word",
        "é",
        ":",
        ": ",
        " #c",
        "#",
        "|",
        "|+",
        ">",
        "\"",
        "'",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*base",
        "*a",
        "- ",
        "---",
        "...",
        "%YAML 1.2",
        "\n",
        "\n  ",
        "\n    k: v",
        "\n      summary: s",
        "\n  /new:",
        "\t",
        "? ",
        "!!str ",
        "<<: {m: 1}",
        "\r\n",
        "  ",
    ];

    fn line_starts(text: &str) -> Vec<usize> {
        std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&i| i < text.len())
            .collect()
    }

    fn char_floor(text: &str, mut i: usize) -> usize {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// One random edit of the kinds typing makes, and whether it only adds a word to a
    /// line (the edit re-parsing must handle without a full parse).
    fn random_edit(text: &str, rng: &mut Rng) -> (String, bool) {
        let starts = line_starts(text);
        let line = starts[rng.below(starts.len())];
        let line_end = text[line..].find('\n').map_or(text.len(), |i| line + i);
        let mut out = text.to_string();
        match rng.below(6) {
            0 => {
                // A word typed at the end of a `key: value` line.
                let word = [" more", "s", " ü"][rng.below(3)];
                let is_value_line = text[line..line_end].contains(": ")
                    && !text[line..line_end]
                        .trim_end()
                        .ends_with(['|', '>', '[', '{', '"', '\'', ':', ','])
                    && !text[line..line_end].contains('#');
                out.insert_str(line_end, word);
                return (out, is_value_line);
            }
            1 => {
                let at = char_floor(text, line + rng.below(line_end - line + 1));
                out.insert_str(at, TOKENS[rng.below(TOKENS.len())]);
            }
            2 if line_end > line => {
                let at = char_floor(text, line + rng.below(line_end - line));
                let len = text[at..].chars().next().map_or(0, char::len_utf8);
                out.replace_range(at..at + len, "");
            }
            3 => {
                let end = (line_end + 1).min(text.len());
                out.replace_range(line..end, "");
            }
            4 => {
                if rng.below(2) == 0 {
                    out.insert_str(line, "  ");
                } else if text[line..].starts_with("  ") {
                    out.replace_range(line..line + 2, "");
                }
            }
            _ => {
                let indent = " ".repeat(rng.below(5) * 2);
                let content = TOKENS[rng.below(TOKENS.len())];
                out.insert_str(line, &format!("{indent}{content}\n"));
            }
        }
        (out, false)
    }

    /// Where two trees first differ, for a readable failure.
    fn first_difference(a: &Node, b: &Node, at: &str) -> Option<String> {
        if a.span != b.span {
            return Some(format!("{at}: span {:?} vs full {:?}", a.span, b.span));
        }
        match (&a.value, &b.value) {
            (Value::Object(x), Value::Object(y)) if x.members.len() == y.members.len() => {
                x.members.iter().zip(y.members.iter()).find_map(|(m, n)| {
                    if m.key != n.key || m.key_span != n.key_span {
                        return Some(format!(
                            "{at}/{}: key {:?} vs full {:?} {:?}",
                            m.key, m.key_span, n.key, n.key_span
                        ));
                    }
                    first_difference(&m.value, &n.value, &format!("{at}/{}", m.key))
                })
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y.iter())
                .enumerate()
                .find_map(|(i, (m, n))| first_difference(m, n, &format!("{at}/{i}"))),
            (x, y) if x == y => None,
            (x, y) => Some(format!("{at}: {x:?} vs full {y:?}")),
        }
    }

    struct State {
        text: String,
        index: LineIndex,
        root: Node,
        warnings: Vec<ParseWarning>,
    }

    fn full_parse(text: &str) -> Option<(LineIndex, crate::parse::Parsed)> {
        let index = LineIndex::new(text);
        let parsed = parse_text("t.yaml", text, &index, &ParseLimits::default()).ok()?;
        Some((index, parsed))
    }

    /// Edits `text` many times in a row, each edit applied to the previous result as the
    /// studio does, and checks every re-parsed tree against a full parse. Returns how many
    /// edits were re-parsed, and how many of the word-typing edits were.
    fn check_edits(text: &str, edits: usize, seed: u64) -> (usize, usize, usize) {
        let mut rng = Rng(seed);
        let (index, parsed) = full_parse(text).expect("the starting text parses");
        let mut state = State {
            text: text.to_string(),
            index,
            root: parsed.root,
            warnings: parsed.warnings,
        };
        let (mut reparsed, mut words, mut words_reparsed) = (0, 0, 0);
        for n in 0..edits {
            let (new_text, typing) = random_edit(&state.text, &mut rng);
            let new_index = LineIndex::new(&new_text);
            let planned = plan_edit_warned(
                (&state.text, &state.index, &state.root),
                &state.warnings,
                &new_text,
                &new_index,
            );
            let full = full_parse(&new_text);
            words += usize::from(typing);
            if let Some(edit) = planned {
                let (_, full) = full.unwrap_or_else(|| {
                    panic!("edit {n} was re-parsed but the text does not parse:\n{new_text}")
                });
                let mut root = state.root.clone();
                let warnings = apply(&mut root, edit, &state.warnings);
                if let Some(d) = first_difference(&root, &full.root, "") {
                    let from = common_prefix(state.text.as_bytes(), new_text.as_bytes());
                    let lo = char_floor(&new_text, from.saturating_sub(200));
                    let hi = char_floor(&new_text, (from + 200).min(new_text.len()));
                    panic!(
                        "edit {n} at byte {from} ({:?} -> {:?}) gave another tree at {d}:\n--- old\n{}\n--- new\n{}",
                        &state.text[from..state.text.len() - common_suffix(state.text.as_bytes(), new_text.as_bytes(), state.text.len().min(new_text.len()) - from)],
                        &new_text[from..new_text.len() - common_suffix(state.text.as_bytes(), new_text.as_bytes(), state.text.len().min(new_text.len()) - from)],
                        &state.text[lo..char_floor(&state.text, hi.min(state.text.len()))],
                        &new_text[lo..hi]
                    );
                }
                assert_eq!(warnings, full.warnings, "edit {n}: warnings");
                reparsed += 1;
                words_reparsed += usize::from(typing);
                state = State {
                    text: new_text,
                    index: new_index,
                    root,
                    warnings,
                };
            } else if let Some((index, full)) = full {
                if typing && std::env::var_os("REPARSE_DEBUG").is_some() {
                    let from = common_prefix(state.text.as_bytes(), new_text.as_bytes());
                    let ls = state.text[..from].rfind('\n').map_or(0, |i| i + 1);
                    eprintln!("not re-parsed: {:?}", &state.text[ls..from]);
                }
                if full.warnings.iter().all(|w| w.key_type.is_some()) {
                    state = State {
                        text: new_text,
                        index,
                        root: full.root,
                        warnings: full.warnings,
                    };
                }
            }
        }
        (reparsed, words, words_reparsed)
    }

    #[test]
    fn random_edits_reparse_to_the_full_parse_tree() {
        let (reparsed, _, _) = check_edits(&tricky_spec(), 1500, 0x9e37_79b9);
        // The test is only worth something when many edits take the short way.
        assert!(
            reparsed > 300,
            "only {reparsed} of 1500 edits were re-parsed"
        );
    }

    /// Plain keys that are not strings (`200:`) are parse warnings; edits keep taking the
    /// short way around them, and the warnings come out as a full parse gives them.
    #[test]
    fn edits_around_non_string_keys_reparse_with_the_same_warnings() {
        let spec = tricky_spec().replace("'200':", "200:").replace(
            "responses:\n",
            "responses:\n        404: {description: gone}\n",
        );
        let (_, parsed) = full_parse(&spec).expect("parses");
        assert!(
            parsed.warnings.iter().any(|w| w.key_type == Some("number")),
            "the spec has numeric keys"
        );
        for seed in [0x9e37_79b9, 0x85eb_ca6b, 0xc2b2_ae35] {
            let (reparsed, _, _) = check_edits(&spec, 600, seed);
            assert!(
                reparsed > 100,
                "only {reparsed} of 600 edits were re-parsed"
            );
        }
    }

    /// A word typed at the end of any plain `key: value` line is re-parsed.
    #[test]
    fn typing_a_word_after_a_value_takes_the_short_way() {
        let text = tricky_spec();
        let index = LineIndex::new(&text);
        let parsed = parse_text("t.yaml", &text, &index, &ParseLimits::default()).unwrap();
        let (mut lines, mut missed) = (0, Vec::new());
        for start in line_starts(&text) {
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let line = &text[start..end];
            let value = line.split_once(": ").map(|(_, v)| v.trim());
            if value.is_none_or(|v| {
                v.is_empty() || v.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*'])
            }) || line.trim_start().starts_with("- ")
            {
                continue;
            }
            lines += 1;
            let mut new_text = text.clone();
            new_text.insert_str(end, " more");
            let new_index = LineIndex::new(&new_text);
            let edit = plan_edit((&text, &index, &parsed.root), &new_text, &new_index);
            match edit {
                Some(edit) => {
                    let mut root = parsed.root.clone();
                    apply(&mut root, edit, &[]);
                    let full = parse_text("t.yaml", &new_text, &new_index, &ParseLimits::default());
                    assert_eq!(root, full.unwrap().root, "{line}");
                }
                None => missed.push(line),
            }
        }
        assert!(lines > 50);
        assert!(
            missed.is_empty(),
            "{missed:?} of {lines} lines were parsed whole"
        );
    }

    #[test]
    fn typing_into_a_value_reparses_only_that_entry() {
        let text = tricky_spec();
        let index = LineIndex::new(&text);
        let parsed = parse_text("t.yaml", &text, &index, &ParseLimits::default()).unwrap();
        let at = text.find("ok\n").unwrap() + 2;
        let mut new_text = text.clone();
        new_text.insert_str(at, " then");
        let new_index = LineIndex::new(&new_text);
        let edit =
            plan_edit((&text, &index, &parsed.root), &new_text, &new_index).expect("re-parsed");
        // The deepest entry: `description: ok` under the first response.
        assert_eq!(edit.route.len(), 6);
        assert_eq!(edit.value.as_str(), Some("ok then"));
    }

    /// Typing a comment at the end of the file, a key at a time (what the studio's
    /// keystroke benchmark does), and into a comment line between entries.
    #[test]
    fn typing_a_comment_takes_the_short_way_at_every_key() {
        let base = tricky_spec();
        let between = base.find("    # comment\n").unwrap() + "    # comment".len();
        for (at, typed) in [(base.len(), "#note"), (between, " more")] {
            let mut text = base.clone();
            let mut index = LineIndex::new(&text);
            let mut root = parse_text("t.yaml", &text, &index, &ParseLimits::default())
                .unwrap()
                .root;
            for n in 1..=typed.len() {
                let mut new_text = base.clone();
                new_text.insert_str(at, &typed[..n]);
                let new_index = LineIndex::new(&new_text);
                let edit = plan_edit((&text, &index, &root), &new_text, &new_index)
                    .unwrap_or_else(|| panic!("{:?} was parsed whole", &typed[..n]));
                apply(&mut root, edit, &[]);
                let full = parse_text("t.yaml", &new_text, &new_index, &ParseLimits::default());
                assert_eq!(root, full.unwrap().root);
                (text, index) = (new_text, new_index);
            }
        }
    }

    #[test]
    fn an_edit_that_ends_a_document_adds_an_anchor_or_a_lone_cr_is_parsed_whole() {
        let text = "a:\n  b: 1\nc: 2\n";
        let index = LineIndex::new(text);
        let parsed = parse_text("t.yaml", text, &index, &ParseLimits::default()).unwrap();
        for new_text in [
            "a:\n  b: 1\n...\nc: 2\n",
            "a:\n  b: &x 1\nc: 2\n",
            "a:\n  b: 1\r  d: 3\nc: 2\n",
        ] {
            let new_index = LineIndex::new(new_text);
            assert!(plan_edit((text, &index, &parsed.root), new_text, &new_index).is_none());
        }
    }

    /// Real specs of the shared corpus, when present: fewer edits on the large ones, whose
    /// full parses are slow in a debug build.
    #[test]
    fn corpus_specs_reparse_to_the_full_parse_tree() {
        let Some(specs) = crate::parse::tests::corpus_yaml_specs() else {
            eprintln!("skipped: no shared corpus");
            return;
        };
        for path in specs {
            let text = std::fs::read_to_string(&path).unwrap();
            let edits = if text.len() > 1 << 20 { 6 } else { 300 };
            let (reparsed, _, _) = check_edits(&text, edits, text.len() as u64 | 1);
            assert!(reparsed > 0, "{}: nothing was re-parsed", path.display());
        }
    }
}
