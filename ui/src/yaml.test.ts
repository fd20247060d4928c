import { describe, expect, it } from "vitest";
import { EditorState, Text } from "@codemirror/state";
import { foldable } from "@codemirror/language";
import { yaml, yamlFoldRange } from "./yaml";

const lines = [
  "openapi: 3.0.3", // 1
  "info:", // 2
  "  title: Pets", // 3
  "", // 4
  "  # the version", // 5
  "  version: '1'", // 6
  "tags:", // 7
  "- name: pets", // 8
  "  description: all pets", // 9
  "- name: owners", // 10
  "paths: {}", // 11
];
const doc = Text.of(lines);
const endOf = (n: number) => doc.line(n).to;

describe("YAML folding by indentation", () => {
  it("folds a key over the deeper lines, across blank and comment lines", () => {
    expect(yamlFoldRange(doc, 2)).toEqual({ from: endOf(2), to: endOf(6) });
  });

  it("folds a key over a sequence written at its own indentation", () => {
    expect(yamlFoldRange(doc, 7)).toEqual({ from: endOf(7), to: endOf(10) });
    // A list item owns only what is indented under it, not the next item.
    expect(yamlFoldRange(doc, 8)).toEqual({ from: endOf(8), to: endOf(9) });
  });

  it("does not fold leaves, blank lines or comments", () => {
    for (const n of [1, 3, 4, 5, 6, 10, 11]) expect(yamlFoldRange(doc, n)).toBeNull();
  });

  it("is what the editor's fold gutter asks", () => {
    const state = EditorState.create({ doc, extensions: [yaml()] });
    expect(foldable(state, doc.line(2).from, doc.line(2).to)).toEqual({ from: endOf(2), to: endOf(6) });
  });
});
