import { describe, expect, it } from "vitest";
import { applyFilter, countBySeverity, distinct, expandFindings, sortFindings, stepFinding, SEVERITIES } from "./findings";
import type { Finding } from "./bindings/Finding";
import type { Severity } from "./bindings/Severity";

function f(file: string, line: number, severity: Severity, rule: string, message = `${rule} at ${line}`): Finding {
  return {
    file, rule, severity, message, path: [],
    range: { start: { line, character: 2 }, end: { line, character: 8 } },
  };
}

const all = [
  f("openapi.yaml", 30, "warning", "operation-description"),
  f("openapi.yaml", 4, "error", "invalid-ref", "Cannot find target"),
  f("components.yaml", 10, "info", "tag-description"),
  f("openapi.yaml", 12, "warning", "info-contact"),
];

describe("findings", () => {
  it("counts by severity", () => {
    expect(countBySeverity(all)).toEqual({ error: 1, warning: 2, info: 1, hint: 0 });
  });

  it("filters by severity, rule, file and text", () => {
    const base = { severities: new Set(SEVERITIES), rule: "", file: "", text: "" };
    expect(applyFilter(all, { ...base, severities: new Set<Severity>(["warning"]) })).toHaveLength(2);
    expect(applyFilter(all, { ...base, rule: "info-contact" }).map((x) => x.range.start.line)).toEqual([12]);
    expect(applyFilter(all, { ...base, file: "components.yaml" })).toHaveLength(1);
    expect(applyFilter(all, { ...base, text: "CANNOT" })[0].rule).toBe("invalid-ref");
  });

  it("sorts by location, severity and rule", () => {
    expect(sortFindings(all, "location").map((x) => `${x.file}:${x.range.start.line}`)).toEqual([
      "components.yaml:10", "openapi.yaml:4", "openapi.yaml:12", "openapi.yaml:30",
    ]);
    expect(sortFindings(all, "severity").map((x) => x.severity)).toEqual(["error", "warning", "warning", "info"]);
    expect(sortFindings(all, "rule")[0].rule).toBe("info-contact");
    expect(sortFindings(all, "rule", true)[0].rule).toBe("tag-description");
    expect(distinct(all, "file")).toEqual(["components.yaml", "openapi.yaml"]);
  });

  it("steps to the next and previous finding of the file, wrapping around", () => {
    const at = (line: number) => ({ line, character: 0 });
    expect(stepFinding(all, "openapi.yaml", at(0), 1)?.range.start.line).toBe(4);
    expect(stepFinding(all, "openapi.yaml", { line: 4, character: 2 }, 1)?.range.start.line).toBe(12);
    expect(stepFinding(all, "openapi.yaml", at(31), 1)?.range.start.line).toBe(4);
    expect(stepFinding(all, "openapi.yaml", at(12), -1)?.range.start.line).toBe(4);
    expect(stepFinding(all, "openapi.yaml", at(0), -1)?.range.start.line).toBe(30);
    expect(stepFinding(all, "nothing.yaml", at(0), 1)).toBeUndefined();
  });

  describe("answers sent as a change to the shown findings", () => {
    const shown = { seq: 4, findings: [
      f("openapi.yaml", 4, "error", "invalid-ref"),
      f("openapi.yaml", 12, "warning", "info-contact"),
      f("openapi.yaml", 30, "warning", "operation-description"),
      f("z.yaml", 10, "info", "tag-description"),
    ] };
    const delta = (head: number, tail: number, tail_lines = 0) =>
      ({ base: 4, file: "openapi.yaml", head, tail, tail_lines });

    it("takes a whole answer as it is", () => {
      expect(expandFindings(null, { findings: all, delta: null })).toBe(all);
    });

    it("keeps the head and tail around the answer's own findings", () => {
      const mid = f("openapi.yaml", 13, "hint", "new-one");
      const got = expandFindings(shown, { findings: [mid], delta: delta(2, 2) });
      expect(got).toEqual([shown.findings[0], shown.findings[1], mid, shown.findings[2], shown.findings[3]]);
      expect(expandFindings(shown, { findings: [], delta: delta(1, 2) }))
        .toEqual([shown.findings[0], shown.findings[2], shown.findings[3]]);
    });

    it("moves the tail by the lines typed, in the edited file only", () => {
      const got = expandFindings(shown, { findings: [], delta: delta(1, 3, 2) });
      expect(got.map((x) => [x.file, x.range.start.line, x.range.end.line])).toEqual([
        ["openapi.yaml", 4, 4], ["openapi.yaml", 14, 14], ["openapi.yaml", 32, 32], ["z.yaml", 10, 10],
      ]);
      expect(shown.findings[1].range.start.line).toBe(12);
    });

    it("refuses a change to findings the page does not hold", () => {
      expect(() => expandFindings(null, { findings: [], delta: delta(0, 0) })).toThrow(/does not hold/);
      expect(() => expandFindings({ ...shown, seq: 5 }, { findings: [], delta: delta(0, 0) })).toThrow();
      expect(() => expandFindings(shown, { findings: [], delta: delta(3, 2) })).toThrow();
    });
  });
});
