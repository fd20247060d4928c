//! The studio's copy of the buffer being linted. The first lint request of a buffer carries
//! its whole text; later ones carry only the edits made since the previous request, which
//! are applied to this copy. A 4 MB spec then crosses IPC once instead of on every
//! keystroke (the webview hands a request body over in 1 KB reads on the UI thread).

use crate::types::TextEdit;
use std::sync::Arc;

/// The text of lint request `version` of the buffer at `path`.
pub struct Mirror {
    pub path: String,
    pub version: u64,
    pub text: Arc<String>,
}

/// Why edits could not be applied; the UI then sends the whole text.
pub const RESEND: &str = "resend: the studio has no copy of the text these edits apply to";

/// Applies `edits` (UTF-16 offsets into `text`, in order, not overlapping) to `text`.
pub fn apply(text: &str, edits: &[TextEdit]) -> Result<String, String> {
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.insert.len()).sum::<usize>());
    let mut offsets = Utf16Offsets::new(text);
    let mut copied = 0;
    for e in edits {
        if e.from > e.to {
            return Err("an edit ends before it starts".into());
        }
        let from = offsets.byte(e.from)?;
        let to = offsets.byte(e.to)?;
        if from < copied {
            return Err("edits overlap or are out of order".into());
        }
        out.push_str(&text[copied..from]);
        out.push_str(&e.insert);
        copied = to;
    }
    out.push_str(&text[copied..]);
    Ok(out)
}

/// Maps ascending UTF-16 offsets to byte offsets in one pass (an ASCII text needs none).
struct Utf16Offsets<'a> {
    text: &'a str,
    ascii: bool,
    /// Position reached so far: (UTF-16 offset, byte offset).
    at: (u32, usize),
}

impl<'a> Utf16Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Utf16Offsets {
            text,
            ascii: text.is_ascii(),
            at: (0, 0),
        }
    }

    fn byte(&mut self, utf16: u32) -> Result<usize, String> {
        let beyond = || "an edit lies beyond the end of the text".to_string();
        if self.ascii {
            let b = utf16 as usize;
            return if b <= self.text.len() {
                Ok(b)
            } else {
                Err(beyond())
            };
        }
        if utf16 < self.at.0 {
            // Offsets come in order; a step back only happens for an edit's own end.
            self.at = (0, 0);
        }
        // Whole ASCII blocks count one unit per byte: a spec with one non-ASCII character
        // was otherwise walked a character at a time up to the edit (~15 ms on 4 MB).
        const BLOCK: usize = 64;
        let bytes = self.text.as_bytes();
        let (mut u, mut b) = self.at;
        while u < utf16 {
            if (utf16 - u) as usize >= BLOCK
                && b + BLOCK <= bytes.len()
                && bytes[b..b + BLOCK].is_ascii()
            {
                u += BLOCK as u32;
                b += BLOCK;
                continue;
            }
            let Some(c) = self.text[b..].chars().next() else {
                break;
            };
            u += c.len_utf16() as u32;
            b += c.len_utf8();
        }
        if u != utf16 {
            return Err(if u < utf16 {
                beyond()
            } else {
                "an edit splits a character".into()
            });
        }
        self.at = (u, b);
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(from: u32, to: u32, insert: &str) -> TextEdit {
        TextEdit {
            from,
            to,
            insert: insert.into(),
        }
    }

    #[test]
    fn applies_inserts_deletes_and_replacements_in_order() {
        let text = "openapi: 3.0.3\ninfo: {}\n";
        let out = apply(
            text,
            &[
                edit(0, 0, "# top\n"),
                edit(9, 14, "3.1.0"),
                edit(21, 23, ""),
            ],
        )
        .unwrap();
        assert_eq!(out, "# top\nopenapi: 3.1.0\ninfo: \n");
        assert_eq!(apply(text, &[]).unwrap(), text);
        assert_eq!(
            apply(text, &[edit(24, 24, "x")]).unwrap(),
            format!("{text}x")
        );
    }

    #[test]
    fn offsets_count_utf16_units_like_the_editor() {
        // "é" is one UTF-16 unit (two bytes), "😀" two units (four bytes).
        let text = "é😀a";
        assert_eq!(apply(text, &[edit(3, 3, "b")]).unwrap(), "é😀ba");
        assert_eq!(apply(text, &[edit(1, 3, "")]).unwrap(), "éa");
        assert_eq!(
            apply(text, &[edit(0, 1, "e"), edit(3, 4, "c")]).unwrap(),
            "e😀c"
        );
    }

    #[test]
    fn offsets_far_into_a_mostly_ascii_text_are_exact() {
        // ASCII blocks are skipped whole; characters around and between them are not.
        let text = format!(
            "é{}😀{}ü{}",
            "a".repeat(200),
            "b".repeat(63),
            "c".repeat(65)
        );
        let units = |s: &str| s.encode_utf16().count() as u32;
        for cut in [1, 100, 201, 203, 204, 266, 267, 268, 300, units(&text)] {
            let bytes = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .find(|&i| units(&text[..i]) == cut)
                .unwrap();
            let expected = format!("{}X{}", &text[..bytes], &text[bytes..]);
            assert_eq!(
                apply(&text, &[edit(cut, cut, "X")]).unwrap(),
                expected,
                "at {cut}"
            );
        }
        assert!(
            apply(&text, &[edit(202, 202, "x")]).is_err(),
            "inside the pair"
        );
    }

    #[test]
    fn refuses_edits_that_do_not_fit_the_text() {
        assert!(apply("abc", &[edit(2, 4, "")]).is_err(), "beyond the end");
        assert!(apply("a😀", &[edit(2, 2, "x")]).is_err(), "inside a pair");
        assert!(apply("abc", &[edit(2, 1, "")]).is_err(), "backwards");
        assert!(
            apply("abcdef", &[edit(3, 4, ""), edit(1, 2, "")]).is_err(),
            "out of order"
        );
        assert!(
            apply("é😀", &[edit(5, 5, "")]).is_err(),
            "beyond, non-ASCII"
        );
    }
}
