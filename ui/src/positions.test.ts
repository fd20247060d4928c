import { describe, expect, it } from "vitest";
import { Text } from "@codemirror/state";
import { rangeToOffsets, toOffset, toPos } from "./positions";

const doc = Text.of(["openapi: 3.0.3", "info:", "  title: Bücher 📚 API", ""]);

describe("positions", () => {
  it("maps line/character to offsets and back", () => {
    expect(toOffset(doc, { line: 1, character: 0 })).toBe(15);
    expect(toOffset(doc, { line: 2, character: 2 })).toBe(23);
    expect(toPos(doc, 23)).toEqual({ line: 2, character: 2 });
  });

  it("counts characters in UTF-16 units like Rust reports them", () => {
    // "📚" is two UTF-16 units: "API" starts at character 19 on that line.
    const start = toOffset(doc, { line: 2, character: 19 });
    expect(doc.sliceString(start, start + 3)).toBe("API");
  });

  it("clamps positions past the line or the document", () => {
    expect(toOffset(doc, { line: 0, character: 999 })).toBe(14);
    expect(toOffset(doc, { line: 99, character: 0 })).toBe(doc.length);
    expect(rangeToOffsets(doc, { start: { line: 1, character: 3 }, end: { line: 1, character: 1 } })).toEqual({ from: 18, to: 18 });
  });
});
