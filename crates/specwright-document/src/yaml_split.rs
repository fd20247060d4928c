//! Plans splitting a large YAML file into two parts that parse on two threads.
//!
//! The YAML parser is most of a large spec's load and is sequential, so a 4 MB spec is cut
//! in two near its middle, at a line holding a key of some block mapping (`paths:`'s
//! children, say), and each part is parsed on its own (see `parse::parse_split`).
//! No YAML library parses in parallel, hence this.
//!
//! A plan is only a guess made from indentation. It is safe because every way the guess can
//! be wrong leaves a part that fails to parse or does not join: a cut inside a quoted
//! scalar or a flow collection leaves it unterminated, an alias to an anchor in the other
//! part is unknown, a key in both parts is refused when joining. Block scalars and plain
//! scalars cannot hold a line at their parent key's indentation. Files with merge keys,
//! directives or several documents are not split. On any failure the whole file is
//! parsed again in one piece, and the corpus test checks both ways give the same tree.

use crate::text::LineIndex;

/// Smaller files parse in a few milliseconds: a thread would not pay for itself.
const MIN_BYTES: usize = 512 * 1024;
/// A cut within this fraction of the file from its middle is good enough.
const GOOD_ENOUGH: usize = 8;
/// Deepest mapping a cut is looked for in.
const MAX_DEPTH: usize = 6;

pub(crate) struct Plan {
    /// Start of the line where the second part begins.
    pub at: usize,
    /// Keys from the root mapping to the mapping the cut is in.
    pub path: Vec<String>,
    /// The second part, in document order: the rest of the cut mapping, then the rest of
    /// each mapping above it.
    pub chunks: Vec<Chunk>,
}

pub(crate) struct Chunk {
    pub range: std::ops::Range<usize>,
    /// How many keys of `path` lead to the mapping this chunk's members belong to.
    pub depth: usize,
}

struct Line {
    start: usize,
    /// End of the line's text, without its line break.
    end: usize,
    indent: usize,
    /// Neither blank nor a comment.
    content: bool,
}

/// The lines of `text[from..to]`, found from the line index's starts (`from` is a line
/// start). Indentation is counted up to `cap` spaces: a scan for a mapping's keys at
/// indentation `n` needs no more than `n + 1` of them, and counting every space of every
/// deeper line was most of the plan's time. A line indented `cap` or more reports `cap`
/// and counts as content (nothing past the cap is looked at).
fn lines<'t>(
    text: &'t str,
    index: &'t LineIndex,
    from: usize,
    to: usize,
    cap: usize,
) -> impl Iterator<Item = Line> + 't {
    let bytes = text.as_bytes();
    // The index's starts were found by a vectorised scan; searching for each line break
    // again here made the plan the slowest step before the parse.
    let mut next = index.line_of(from) + 1;
    let mut start = from;
    std::iter::from_fn(move || {
        if start >= to {
            return None;
        }
        let end = index.line_start(next).map_or(to, |s| (s - 1).min(to));
        next += 1;
        let line = &bytes[start..end];
        let indent = line.iter().take(cap).take_while(|&&b| b == b' ').count();
        let content = indent == cap || opens_content(line.get(indent).copied());
        let l = Line {
            start,
            end,
            indent,
            content,
        };
        start = end + 1;
        Some(l)
    })
}

/// Whether a line whose first byte after its indentation is `first` holds content:
/// it is neither blank nor a comment.
fn opens_content(first: Option<u8>) -> bool {
    !matches!(first, None | Some(b'#') | Some(b'\r'))
}

/// Neither blank nor a comment, however deep (what [`lines`] leaves open past its cap).
fn is_content(line: &str) -> bool {
    opens_content(line.trim_start_matches(' ').bytes().next())
}

/// The key of a line `<indent>key: ...` when it is a plain, simple key; else `None`.
fn simple_key<'t>(text: &'t str, line: &Line) -> Option<&'t str> {
    let s = &text[line.start + line.indent..line.end];
    let first = s.bytes().next()?;
    if !(first.is_ascii_alphanumeric() || matches!(first, b'_' | b'/' | b'$')) {
        return None;
    }
    let bytes = s.as_bytes();
    let colon = (0..bytes.len()).find(|&i| {
        bytes[i] == b':' && matches!(bytes.get(i + 1), None | Some(b' ') | Some(b'\r'))
    })?;
    let key = &s[..colon];
    // Quotes, comments and tabs make the key's text differ from the line's; do not guess.
    if key.contains(['"', '\'', '#', '\t']) || key.ends_with(' ') {
        return None;
    }
    Some(key)
}

/// Whether a key line opens a nested block (`key:` and nothing but a comment after it).
fn opens_block(text: &str, line: &Line, key: &str) -> bool {
    let rest = text[line.start + line.indent + key.len() + 1..line.end].trim();
    rest.is_empty() || rest.starts_with('#')
}

pub(crate) fn plan(text: &str, index: &LineIndex) -> Option<Plan> {
    if text.len() < MIN_BYTES
        || std::thread::available_parallelism().map_or(1, |n| n.get()) < 2
        || memchr::memmem::find(text.as_bytes(), b"<<").is_some()
    {
        return None;
    }
    let target = text.len() / 2;
    let good_enough = text.len() / GOOD_ENOUGH;
    let mut path: Vec<String> = Vec::new();
    // Where each mapping on the path ends, root first.
    let mut ends: Vec<usize> = Vec::new();
    let (mut lo, mut hi, mut indent) = (0, text.len(), 0);
    loop {
        let depth = path.len();
        // Children of the mapping at `indent` within [lo, hi), and where the mapping ends.
        let mut children: Vec<Line> = Vec::new();
        let mut end = hi;
        for line in lines(text, index, lo, hi, indent + 1) {
            if !line.content {
                continue;
            }
            let s = &text[line.start..line.end];
            if depth == 0 && (s.starts_with("---") || s.starts_with("...") || s.starts_with('%')) {
                return None;
            }
            if line.indent < indent {
                end = line.start;
                break;
            }
            if line.indent == indent {
                if simple_key(text, &line).is_some() {
                    children.push(line);
                } else if children.is_empty() {
                    // Not a block mapping of simple keys.
                    return None;
                }
            } else if children.is_empty() && is_content(s) {
                return None;
            }
        }
        ends.push(end);
        // The best cut at this level: a child line nearest the middle (not the first).
        let best = children
            .iter()
            .skip(1)
            .filter(|c| c.start < end)
            .min_by_key(|c| c.start.abs_diff(target));
        let best_at = best.map(|c| c.start);
        let close_enough = best_at.is_some_and(|at| at.abs_diff(target) <= good_enough);
        // Else descend into the child holding the middle, when it opens a nested mapping.
        let holder = children.iter().rposition(|c| c.start <= target);
        let descend = match holder {
            Some(i) if !close_enough && depth + 1 < MAX_DEPTH => {
                let h = &children[i];
                let entry_end = children.get(i + 1).map_or(end, |n| n.start);
                let key = simple_key(text, h)?;
                if !opens_block(text, h, key) {
                    None
                } else {
                    let body = (h.end + 1).min(entry_end);
                    lines(text, index, body, entry_end, usize::MAX)
                        .find(|l| l.content)
                        .filter(|l| l.indent > indent && simple_key(text, l).is_some())
                        .map(|first| (key.to_string(), body, entry_end, first.indent))
                }
            }
            _ => None,
        };
        match descend {
            Some((key, body, entry_end, child_indent)) => {
                path.push(key);
                lo = body;
                hi = entry_end;
                indent = child_indent;
            }
            None => {
                let at = best_at?;
                // The rest of the cut mapping, then of each mapping above it; the root
                // mapping's end is the end of the text.
                let mut chunks = Vec::new();
                let mut from = at;
                for (depth, &end) in ends.iter().enumerate().rev() {
                    if from < end {
                        chunks.push(Chunk {
                            range: from..end,
                            depth,
                        });
                    }
                    from = from.max(end);
                }
                return Some(Plan { at, path, chunks });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(text: &str) -> Option<Plan> {
        plan(text, &LineIndex::new(text))
    }

    fn big(body: &str, filler_keys: usize) -> String {
        let mut s = String::from("openapi: 3.0.0\npaths:\n");
        for i in 0..filler_keys {
            s.push_str(&format!(
                "  /p{i}:\n    get:\n      description: {}\n",
                "x".repeat(200)
            ));
        }
        s.push_str(body);
        s
    }

    #[test]
    fn small_files_are_not_split() {
        assert!(plan_of("a: 1\nb: 2\n").is_none());
    }

    #[test]
    fn a_large_mapping_is_cut_near_its_middle_at_a_child_key() {
        let text = big("components:\n  schemas: {}\n", 3000);
        let p = plan_of(&text).expect("a plan");
        assert_eq!(p.path, vec!["paths".to_string()]);
        assert!(text[p.at..].starts_with("  /p"));
        assert!(p.at.abs_diff(text.len() / 2) < text.len() / GOOD_ENOUGH);
        // The rest of `paths`, then the rest of the root.
        assert_eq!(p.chunks.len(), 2);
        assert_eq!(p.chunks[0].depth, 1);
        assert!(text[p.chunks[1].range.clone()].starts_with("components:"));
    }

    /// Indentation is only counted as far as a level needs, but a deeper comment or blank
    /// line before a mapping's first key is still passed over, not taken for content.
    #[test]
    fn deeper_comments_before_the_first_key_do_not_stop_the_plan() {
        let text = big("components:\n  schemas: {}\n", 3000).replacen(
            "paths:\n",
            "paths:\n      # a deep comment\n        \n",
            1,
        );
        let p = plan_of(&text).expect("a plan");
        assert_eq!(p.path, vec!["paths".to_string()]);
        let text = big("", 3000).replacen("paths:\n", "paths:\n      deeper: 1\n", 1);
        assert!(plan_of(&text).is_none(), "content before the first key");
    }

    #[test]
    fn merge_keys_and_several_documents_are_not_split() {
        assert!(plan_of(&big("x: &a {k: 1}\ny:\n  <<: *a\n", 3000)).is_none());
        assert!(plan_of(&big("---\nz: 1\n", 3000)).is_none());
    }
}
