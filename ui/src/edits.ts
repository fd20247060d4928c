// What a lint request carries: the buffer's whole text the first time, then only the edits
// made since the previous request (the studio keeps that request's text and applies them).
import type { ChangeSet } from "@codemirror/state";
import type { BufferEdits } from "./bindings/BufferEdits";
import type { TextEdit } from "./bindings/TextEdit";

export type LintBody = { text: string; edits?: undefined } | { text?: undefined; edits: BufferEdits };

/** A change set as edits of the text it applies to (UTF-16 offsets into it, in order). */
export function textEdits(changes: ChangeSet): TextEdit[] {
  const out: TextEdit[] = [];
  changes.iterChanges((from, to, _fromB, _toB, inserted) => {
    out.push({ from, to, insert: inserted.toString() });
  });
  return out;
}

/** Applies edits to a text the way the studio does (for tests and checks). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = "";
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.from) + e.insert;
    at = e.to;
  }
  return out + text.slice(at);
}
