// Lint panel logic: counting, filtering, sorting and stepping through findings.
import type { Finding } from "./bindings/Finding";
import type { Severity } from "./bindings/Severity";
import type { Pos } from "./bindings/Pos";
import type { FindingsDelta } from "./bindings/FindingsDelta";

export const SEVERITIES: Severity[] = ["error", "warning", "info", "hint"];
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export type Counts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

export interface Filter {
  severities: ReadonlySet<Severity>;
  /** Exact rule id, or "" for all. */
  rule: string;
  /** Exact workspace-relative file, or "" for all. */
  file: string;
  /** Case-insensitive text in the message or rule. */
  text: string;
}

export function applyFilter(findings: readonly Finding[], f: Filter): Finding[] {
  const text = f.text.trim().toLowerCase();
  return findings.filter(
    (x) =>
      f.severities.has(x.severity) &&
      (f.rule === "" || x.rule === f.rule) &&
      (f.file === "" || x.file === f.file) &&
      (text === "" || x.message.toLowerCase().includes(text) || x.rule.toLowerCase().includes(text)),
  );
}

export type SortKey = "location" | "severity" | "rule" | "file";

function comparePos(a: Pos, b: Pos): number {
  return a.line - b.line || a.character - b.character;
}

/** `localeCompare`, skipped for equal strings (most findings share their file and rule). */
function compareText(a: string, b: string): number {
  return a === b ? 0 : a.localeCompare(b);
}

function byLocation(a: Finding, b: Finding): number {
  return compareText(a.file, b.file) || comparePos(a.range.start, b.range.start);
}

export function sortFindings(findings: readonly Finding[], key: SortKey, descending = false): Finding[] {
  const cmp: Record<SortKey, (a: Finding, b: Finding) => number> = {
    location: byLocation,
    severity: (a, b) => RANK[a.severity] - RANK[b.severity] || byLocation(a, b),
    rule: (a, b) => compareText(a.rule, b.rule) || byLocation(a, b),
    file: byLocation,
  };
  const out = [...findings].sort(cmp[key]);
  return descending ? out.reverse() : out;
}

/** Distinct values of a field, sorted, for the filter drop-downs. */
export function distinct(findings: readonly Finding[], field: "rule" | "file"): string[] {
  return [...new Set(findings.map((f) => f[field]))].sort();
}

/**
 * The finding after (or before) the cursor in one file, wrapping around; findings
 * starting exactly at the cursor are skipped so repeated presses advance.
 */
export function stepFinding(
  findings: readonly Finding[],
  file: string,
  cursor: Pos,
  direction: 1 | -1,
): Finding | undefined {
  const here = findings.filter((f) => f.file === file).sort((a, b) => comparePos(a.range.start, b.range.start));
  if (here.length === 0) return undefined;
  if (direction === 1) {
    return here.find((f) => comparePos(f.range.start, cursor) > 0) ?? here[0];
  }
  for (let i = here.length - 1; i >= 0; i--) {
    if (comparePos(here[i].range.start, cursor) < 0) return here[i];
  }
  return here[here.length - 1];
}

/** The findings of the answer the page shows, which the next answer may be a change to. */
export interface ShownFindings {
  seq: number;
  findings: readonly Finding[];
}

/**
 * An answer's findings in full. When the answer is a change to the shown one (`delta`, see
 * src-tauri/src/delta.rs), it keeps that one's first `head` and last `tail` findings around
 * its own, the tail moved by `tail_lines` lines in the edited file.
 */
export function expandFindings(
  shown: ShownFindings | null,
  answer: { findings: Finding[]; delta: FindingsDelta | null },
): Finding[] {
  const d = answer.delta;
  if (!d) return answer.findings;
  if (!shown || shown.seq !== Number(d.base) || d.head + d.tail > shown.findings.length) {
    throw new Error(`a lint answer changes findings ${d.base}, which the page does not hold`);
  }
  const base = shown.findings;
  const tail = base.slice(base.length - d.tail);
  const moved = d.tail_lines === 0 ? tail : tail.map((f) => f.file !== d.file ? f : {
    ...f,
    range: {
      start: { ...f.range.start, line: f.range.start.line + d.tail_lines },
      end: { ...f.range.end, line: f.range.end.line + d.tail_lines },
    },
  });
  return [...base.slice(0, d.head), ...answer.findings, ...moved];
}
