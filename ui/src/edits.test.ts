import { describe, expect, it } from "vitest";
import { ChangeSet, Text } from "@codemirror/state";
import { applyEdits, textEdits } from "./edits";

const doc = (s: string) => Text.of(s.split("\n"));

describe("textEdits", () => {
  it("turns composed edits into ordered replacements of the old text", () => {
    const before = "openapi: 3.0.3\ninfo: {}\n";
    // Typing at the end, then a replacement near the start, then a deletion: composed the
    // way the editor accumulates edits between two lint requests.
    let changes = ChangeSet.empty(before.length);
    let text = doc(before);
    for (const spec of [
      { from: before.length, insert: "# é😀" },
      { from: 9, to: 14, insert: "3.1.0" },
      { from: 21, to: 23 },
    ]) {
      const c = ChangeSet.of(spec, text.length);
      text = c.apply(text);
      changes = changes.compose(c);
    }
    const edits = textEdits(changes);
    expect(edits.map((e) => e.from)).toEqual([...edits.map((e) => e.from)].sort((a, b) => a - b));
    expect(applyEdits(before, edits)).toBe(text.toString());
    expect(applyEdits(before, edits)).toBe("openapi: 3.1.0\ninfo: \n# é😀");
  });

  it("is empty when nothing changed", () => {
    expect(textEdits(ChangeSet.empty(10))).toEqual([]);
  });

  it("carries inserted line breaks as \\n", () => {
    const c = ChangeSet.of({ from: 1, insert: "a\nb" }, 2);
    expect(textEdits(c)).toEqual([{ from: 1, to: 1, insert: "a\nb" }]);
  });
});
