//! The document the translator reads, and the way back from it to the spec's files.
//!
//! The translator works on one plain JSON document:
//! - an OpenAPI 3.x spec in one file is its own tree;
//! - a spec with `$ref`s into other files is bundled first ([`Spec::bundle`]): external refs
//!   are inlined, so the translator only ever meets internal `#/...` refs (decK cannot read
//!   external refs at all, deck#1546);
//! - a Swagger 2.0 spec is bundled and converted to OpenAPI 3.0
//!   ([`specwright_document::normalize::swagger2_to_oas30`]); decK rejects 2.0 since it moved
//!   to libopenapi (deck#1414).
//!
//! A path in that document maps back to a file, pointer and range through
//! [`Spec::cursor_at`], which follows refs on the way, so inlined content lands in the file
//! it was written in. For converted Swagger 2.0 the nearest enclosing node that exists in
//! both shapes is used.

use crate::circular;
use crate::error::{Raw, TranslateError};
use crate::working;
use serde_json::Value;
use specwright_document::pointer::{parse_pointer, to_pointer};
use specwright_document::{FileId, LineIndex, Position, Range, Span, Spec, SpecKind};
use std::collections::HashMap;

pub struct Input<'s> {
    pub doc: Value,
    pub spec: &'s Spec,
    /// Swagger 2.0 converted to 3.0 (paths map back only approximately).
    pub converted: bool,
    /// How `doc` was made from a one-file OpenAPI 3 spec; `None` for a bundled or converted
    /// document, which is whole.
    pub working: Option<WorkingCopyKind>,
}

/// What a one-file spec's working copy left out (see [`working`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkingCopyKind {
    pub bodies_left_out: bool,
}

/// Where a node of the working document is written.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SourceSpan {
    /// The file as named in messages.
    pub file: String,
    /// JSON pointer inside that file.
    pub pointer: String,
    pub range: Range,
}

impl<'s> Input<'s> {
    fn whole(doc: Value, spec: &'s Spec, converted: bool) -> Input<'s> {
        Input {
            doc,
            spec,
            converted,
            working: None,
        }
    }

    /// The working document of a spec (for a one-file spec, see [`working`]).
    pub fn from_spec(spec: &'s Spec) -> Result<Input<'s>, TranslateError> {
        if let Some((_, err)) = spec.ref_errors().next() {
            return Err(TranslateError::from(err.clone()));
        }
        match spec.kind {
            SpecKind::Swagger2 => {
                let bundled = spec.bundle();
                let doc =
                    specwright_document::normalize::swagger2_to_oas30(&bundled).map_err(|e| {
                        let path = parse_pointer(&e.pointer).unwrap_or_default();
                        Input::whole(Value::Null, spec, false).place(Raw::at(
                            &path,
                            format!("cannot convert Swagger 2.0 to OpenAPI 3.0: {}", e.message),
                        ))
                    })?;
                Ok(Input::whole(doc, spec, true))
            }
            SpecKind::OpenApi30 | SpecKind::OpenApi31 | SpecKind::OpenApi3Other => {
                if spec.files.len() > 1 {
                    return Ok(Input::whole(spec.bundle(), spec, false));
                }
                let copy = working::working_copy(spec);
                Ok(Input {
                    doc: copy.doc,
                    spec,
                    converted: false,
                    working: Some(WorkingCopyKind {
                        bodies_left_out: copy.bodies_left_out,
                    }),
                })
            }
            SpecKind::Unknown => Err(Input::whole(Value::Null, spec, false).place(Raw::at(
                &[],
                "cannot create v3 model from document: not an OpenAPI 3.x or Swagger 2.0 document (no `openapi` or `swagger` version)",
            ))),
        }
    }

    /// Operations' `requestBody` members are not in `doc`.
    pub fn bodies_left_out(&self) -> bool {
        self.working.is_some_and(|w| w.bodies_left_out)
    }

    /// decK's refusal of infinite `$ref` loops, checked on a tree that has every schema: the
    /// spec's own for a working copy, which may leave schemas out.
    pub fn check_circular(&self) -> Result<(), TranslateError> {
        let found = match self.working {
            Some(_) => circular::check(&*self.spec.root().root),
            None => circular::check(&self.doc),
        };
        found.map_err(|e| self.place(e))
    }

    /// The file, pointer and range a working-document path was written at.
    pub fn source(&self, path: &[String]) -> SourceSpan {
        let (file, pointer, span) = self.locate(path);
        let f = self.spec.file(file);
        SourceSpan {
            file: f.name.clone(),
            pointer,
            range: f.range(span),
        }
    }

    /// Sources of many paths at once. Ranges are computed in one sweep per file: on a long
    /// non-ASCII line (minified JSON) each single position lookup costs the line's length.
    pub fn sources(&self, paths: &[Vec<String>]) -> Vec<SourceSpan> {
        let located: Vec<(FileId, String, Span)> = paths.iter().map(|p| self.locate(p)).collect();
        let mut offsets: HashMap<FileId, Vec<usize>> = HashMap::new();
        for (f, _, span) in &located {
            let v = offsets.entry(*f).or_default();
            v.push(span.start as usize);
            v.push(span.end as usize);
        }
        let mut positions: HashMap<(FileId, usize), Position> = HashMap::new();
        for (f, mut offs) in offsets {
            offs.sort_unstable();
            offs.dedup();
            let file = self.spec.file(f);
            for (off, pos) in sweep_positions(&file.text, &file.lines, &offs) {
                positions.insert((f, off), pos);
            }
        }
        located
            .into_iter()
            .map(|(f, pointer, span)| SourceSpan {
                file: self.spec.file(f).name.clone(),
                pointer,
                range: Range {
                    start: positions[&(f, span.start as usize)],
                    end: positions[&(f, span.end as usize)],
                },
            })
            .collect()
    }

    /// File, pointer and span of the nearest existing node on a working-document path.
    fn locate(&self, path: &[String]) -> (FileId, String, Span) {
        let mut len = path.len();
        loop {
            if let Some(c) = self.cursor(&path[..len]) {
                return (c.file, to_pointer(&c.path), c.node.span);
            }
            if len == 0 {
                let root = self.spec.root();
                return (FileId::ROOT, String::new(), root.root.span);
            }
            len -= 1;
        }
    }

    /// The node at a path, following refs on the way but not at the end, so an entity
    /// declared as `{$ref: ...}` maps to where the ref is written.
    fn cursor(&self, path: &[String]) -> Option<specwright_document::Cursor<'s>> {
        let mut c = self.spec.cursor_at(FileId::ROOT, &[] as &[String])?;
        for (i, seg) in path.iter().enumerate() {
            c = if i + 1 == path.len() {
                c.child(seg)?
            } else {
                c.get(seg)?
            };
        }
        Some(c)
    }

    /// An error message placed at the node it is about.
    pub fn place(&self, raw: Raw) -> TranslateError {
        let src = self.source(&raw.path);
        let file = self
            .spec
            .files
            .iter()
            .find(|f| f.name == src.file)
            .unwrap_or_else(|| self.spec.root());
        let pos = src.range.start;
        TranslateError {
            message: raw.message,
            file: Some(src.file.clone()),
            position: Some(pos),
            pointer: Some(src.pointer),
            excerpt: Some(specwright_document::error::excerpt(
                &file.text,
                &file.lines,
                pos,
            )),
        }
    }
}

/// Follows internal `$ref`s (`#/...`) from `v` written at `path`; returns the target and
/// its path. Stops at a non-reference, and gives `None` for a broken or looping chain.
pub fn deref<'a>(
    doc: &'a Value,
    v: &'a Value,
    path: &[String],
) -> Option<(&'a Value, Vec<String>)> {
    let mut cur = v;
    let mut cur_path = path.to_vec();
    for _ in 0..64 {
        let Some(r) = ref_of(cur) else {
            return Some((cur, cur_path));
        };
        let p = r.strip_prefix('#')?;
        let segs = parse_pointer(p).ok()?;
        cur = walk(doc, &segs)?;
        cur_path = segs;
    }
    None
}

/// The `$ref` string of a reference object.
pub fn ref_of(v: &Value) -> Option<&str> {
    v.as_object()?.get("$ref")?.as_str()
}

pub fn walk<'a>(doc: &'a Value, segs: &[String]) -> Option<&'a Value> {
    let mut cur = doc;
    for s in segs {
        cur = match cur {
            Value::Object(o) => o.get(s)?,
            Value::Array(a) => a.get(s.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// `base` extended by segments.
pub fn join(base: &[String], segs: &[&str]) -> Vec<String> {
    let mut p = base.to_vec();
    p.extend(segs.iter().map(|s| s.to_string()));
    p
}

/// Positions of sorted byte offsets in one pass (UTF-16 columns, like [`LineIndex::position`]).
fn sweep_positions(text: &str, lines: &LineIndex, sorted: &[usize]) -> Vec<(usize, Position)> {
    let mut out = Vec::with_capacity(sorted.len());
    let mut cur_line = usize::MAX;
    let mut at = 0usize;
    let mut col = 0usize;
    for &raw in sorted {
        let mut off = raw.min(text.len());
        while !text.is_char_boundary(off) {
            off -= 1;
        }
        let line = lines.line_of(off);
        if line != cur_line {
            cur_line = line;
            at = lines.line_start(line).unwrap_or(0);
            col = 0;
        }
        col += text[at..off].encode_utf16().count();
        at = off;
        out.push((
            raw,
            Position {
                line: line as u32,
                character: col as u32,
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_matches_single_lookups() {
        let text = "a: 1\nb: \"é’x\"\n  c: [1, 2]\n";
        let lines = LineIndex::new(text);
        let offs: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        for (off, pos) in sweep_positions(text, &lines, &offs) {
            assert_eq!(pos, lines.position(text, off), "offset {off}");
        }
    }
}
