// Rust reports 0-based line / UTF-16 character positions; CodeMirror addresses the
// document by UTF-16 offsets. These convert between the two, clamping to the document
// so a finding computed on a slightly older text never throws.
import type { Pos } from "./bindings/Pos";
import type { TextRange } from "./bindings/TextRange";

/** The subset of CodeMirror's `Text` used here (lines are 1-based there). */
export interface LineSource {
  readonly lines: number;
  readonly length: number;
  line(n: number): { from: number; to: number };
  lineAt(offset: number): { number: number; from: number };
}

export function toOffset(doc: LineSource, pos: Pos): number {
  if (pos.line >= doc.lines) return doc.length;
  const line = doc.line(pos.line + 1);
  return Math.min(line.from + pos.character, line.to);
}

export function toPos(doc: LineSource, offset: number): Pos {
  const clamped = Math.max(0, Math.min(offset, doc.length));
  const line = doc.lineAt(clamped);
  return { line: line.number - 1, character: clamped - line.from };
}

export function rangeToOffsets(doc: LineSource, range: TextRange): { from: number; to: number } {
  const from = toOffset(doc, range.start);
  const to = Math.max(from, toOffset(doc, range.end));
  return { from, to };
}
