//! Source text positions.
//!
//! Nodes store byte offsets ([`Span`]); a [`LineIndex`] turns them into 0-based line and
//! character positions ([`Position`]) the way the LSP and Spectral's JSON output count them:
//! characters are UTF-16 code units, because that is how JavaScript strings (and so the
//! editor and Spectral) measure columns.

use serde::{Deserialize, Serialize};

/// Byte offsets `[start, end)` into a file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn contains(&self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset <= (self.end as usize)
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A 0-based line and UTF-16 character, as in the LSP and Spectral's JSON output.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// A start and end [`Position`]; the end is exclusive.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

const CHECKPOINT: usize = 1024;

/// Maps byte offsets to line/character positions and back.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    line_starts: Vec<u32>,
    /// One bit per line, set where the line holds non-ASCII text; elsewhere byte column ==
    /// UTF-16 column. Empty when the whole text is ASCII. A bit set rather than a sorted
    /// list: the parser asks twice per YAML event, and a search per question showed.
    non_ascii: Box<[u64]>,
    /// On non-ASCII lines, every `CHECKPOINT` bytes: (byte offset, UTF-16 column there).
    /// Without them a position on a long non-ASCII line (minified JSON is one line) costs
    /// a scan of the line, and mapping many positions turns quadratic.
    checkpoints: Vec<(u32, u32)>,
    len: u32,
}

/// The start of every line, and the lines holding a non-ASCII byte. This runs over every
/// byte of every file loaded and of every studio buffer on each keystroke.
fn scan_lines(bytes: &[u8]) -> (Vec<u32>, Vec<u32>) {
    // Specs average 30-40 bytes a line; a guess too low doubles a large buffer once.
    let mut line_starts = Vec::with_capacity(bytes.len() / 32 + 1);
    line_starts.push(0u32);
    let mut non_ascii = Vec::new();
    #[cfg(target_arch = "x86_64")]
    scan_lines_sse2(bytes, &mut line_starts, &mut non_ascii);
    #[cfg(not(target_arch = "x86_64"))]
    scan_lines_portable(bytes, &mut line_starts, &mut non_ascii);
    (line_starts, non_ascii)
}

/// Line by line with memchr and a word-at-a-time ASCII check.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn scan_lines_portable(bytes: &[u8], line_starts: &mut Vec<u32>, non_ascii: &mut Vec<u32>) {
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        if !bytes[start..end].is_ascii() {
            non_ascii.push(line_starts.len() as u32 - 1);
        }
        if end < bytes.len() {
            line_starts.push(end as u32 + 1);
        }
        start = end + 1;
    }
}

/// 64 bytes at a time with a bit per byte for line breaks and for non-ASCII bytes: 3x the
/// portable scan on a 4 MB spec (0.6 against 2.0 ms), where memchr restarts at every one of
/// 112 000 short lines. Written by hand: no crate gives both masks in one pass.
#[cfg(target_arch = "x86_64")]
fn scan_lines_sse2(bytes: &[u8], line_starts: &mut Vec<u32>, non_ascii: &mut Vec<u32>) {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    // Whether the line being scanned has had a non-ASCII byte so far.
    let mut dirty = false;
    let mut blocks = bytes.chunks_exact(64);
    let mut base = 0usize;
    for block in &mut blocks {
        let (mut breaks, mut high) = (0u64, 0u64);
        for k in 0..4 {
            // SAFETY: SSE2 is part of every x86_64 CPU, and the 16 bytes read at `16 * k`
            // lie inside the 64-byte block.
            let (b, h) = unsafe {
                let v = _mm_loadu_si128(block.as_ptr().add(16 * k).cast());
                (
                    _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8))),
                    _mm_movemask_epi8(v),
                )
            };
            breaks |= u64::from(b as u16) << (16 * k);
            high |= u64::from(h as u16) << (16 * k);
        }
        while breaks != 0 {
            let at = breaks.trailing_zeros();
            let before = (1u64 << at) - 1;
            if dirty || high & before != 0 {
                non_ascii.push(line_starts.len() as u32 - 1);
            }
            dirty = false;
            high &= !before;
            line_starts.push((base + at as usize + 1) as u32);
            breaks &= breaks - 1;
        }
        dirty |= high != 0;
        base += 64;
    }
    for (k, &b) in blocks.remainder().iter().enumerate() {
        if b == b'\n' {
            if dirty {
                non_ascii.push(line_starts.len() as u32 - 1);
            }
            dirty = false;
            line_starts.push((base + k + 1) as u32);
        } else {
            dirty |= !b.is_ascii();
        }
    }
    if dirty {
        non_ascii.push(line_starts.len() as u32 - 1);
    }
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let (mut line_starts, non_ascii) = scan_lines(text.as_bytes());
        let mut checkpoints = Vec::new();
        for &line in &non_ascii {
            let start = line_starts[line as usize] as usize;
            let end = line_starts
                .get(line as usize + 1)
                .map_or(text.len(), |&e| e as usize);
            if end - start <= CHECKPOINT {
                continue;
            }
            let mut units = 0u32;
            let mut next = start + CHECKPOINT;
            for (i, ch) in text[start..end].char_indices() {
                if start + i >= next {
                    checkpoints.push(((start + i) as u32, units));
                    next = start + i + CHECKPOINT;
                }
                units += ch.len_utf16() as u32;
            }
        }
        line_starts.shrink_to_fit();
        checkpoints.shrink_to_fit();
        let non_ascii: Box<[u64]> = if non_ascii.is_empty() {
            Box::new([])
        } else {
            let mut bits = vec![0u64; line_starts.len().div_ceil(64)];
            for &line in &non_ascii {
                bits[line as usize / 64] |= 1 << (line % 64);
            }
            bits.into_boxed_slice()
        };
        LineIndex {
            line_starts,
            non_ascii,
            checkpoints,
            len: text.len() as u32,
        }
    }

    #[inline]
    fn is_ascii_line(&self, line: usize) -> bool {
        self.non_ascii
            .get(line / 64)
            .is_none_or(|w| w & (1 << (line % 64)) == 0)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset at which `line` (0-based) starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).map(|&s| s as usize)
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&(offset as u32)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Position of a byte offset. Offsets past the end clamp to the end.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(self.len as usize);
        let line = self.line_of(offset);
        let start = self.line_starts[line] as usize;
        let character = if self.is_ascii_line(line) {
            offset - start
        } else {
            let mut end = offset;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            // Start counting from the last checkpoint on this line before the offset.
            let k = self
                .checkpoints
                .partition_point(|&(at, _)| at as usize <= end);
            let (from, units) = match k.checked_sub(1).map(|i| self.checkpoints[i]) {
                Some((at, units)) if at as usize >= start => (at as usize, units as usize),
                _ => (start, 0),
            };
            units + text[from..end].encode_utf16().count()
        };
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range {
            start: self.position(text, span.start as usize),
            end: self.position(text, span.end as usize),
        }
    }

    /// Byte offset of a position; `None` when the line does not exist. A character past
    /// the line's end clamps to the line's end.
    pub fn offset(&self, text: &str, pos: Position) -> Option<usize> {
        let line = pos.line as usize;
        let start = *self.line_starts.get(line)? as usize;
        let end = self
            .line_starts
            .get(line + 1)
            .map(|&e| e as usize)
            .unwrap_or(self.len as usize);
        if self.is_ascii_line(line) {
            return Some((start + pos.character as usize).min(end));
        }
        let mut units = 0u32;
        for (i, ch) in text[start..end].char_indices() {
            if units >= pos.character {
                return Some(start + i);
            }
            units += ch.len_utf16() as u32;
        }
        Some(end)
    }

    /// Byte offset of a 1-based line and 0-based *char* column (what YAML scanners report).
    #[inline]
    pub(crate) fn offset_of_char_col(&self, text: &str, line0: usize, char_col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line0) else {
            return self.len as usize;
        };
        let start = start as usize;
        if self.is_ascii_line(line0) {
            return (start + char_col).min(self.len as usize);
        }
        match text[start..].char_indices().nth(char_col) {
            Some((i, _)) => start + i,
            None => self.len as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "a: 1\nb: \"é😀x\"\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position(text, x),
            Position {
                line: 1,
                character: 7
            }
        );
        assert_eq!(idx.offset(text, idx.position(text, x)), Some(x));
        assert_eq!(
            idx.position(text, 2),
            Position {
                line: 0,
                character: 2
            }
        );
        assert_eq!(idx.line_of(5), 1);
    }

    #[test]
    fn long_non_ascii_lines_use_checkpoints_and_agree_with_a_scan() {
        let text: String = (0..3000)
            .map(|i| if i % 7 == 0 { "é😀" } else { "ab" })
            .collect();
        let idx = LineIndex::new(&text);
        assert!(!idx.checkpoints.is_empty());
        for (offset, _) in text.char_indices().step_by(97) {
            let want = text[..offset].encode_utf16().count() as u32;
            assert_eq!(idx.position(&text, offset).character, want, "at {offset}");
        }
    }

    /// The vectorised scan finds the same lines as the portable one, wherever the line
    /// breaks and non-ASCII bytes fall against its 64-byte blocks.
    #[test]
    fn both_line_scans_agree() {
        let mut rng = crate::test_rng::Rng(0x9e37_79b9_7f4a_7c15);
        let pieces = [
            "\n",
            "a",
            "é",
            "😀",
            "\r\n",
            "  key: value",
            "\u{7f}",
            "\n\n",
        ];
        for round in 0..2000 {
            let len = rng.below(300);
            let text: String = (0..len).map(|_| rng.pick(&pieces)).collect();
            let mut want = (vec![0u32], Vec::new());
            scan_lines_portable(text.as_bytes(), &mut want.0, &mut want.1);
            assert_eq!(scan_lines(text.as_bytes()), want, "round {round}: {text:?}");
        }
    }
}
