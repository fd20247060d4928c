import { describe, expect, it } from "vitest";
import { LintScheduler, type Timers } from "./scheduler";

interface R { seq: number; stale: boolean; text: string }

function fakeTimers() {
  let next: (() => void) | null = null;
  let sets = 0;
  const timers: Timers = {
    set: (fn) => { next = fn; sets++; return sets; },
    clear: () => { next = null; },
  };
  return { timers, fire: () => { const f = next; next = null; f?.(); }, pending: () => next !== null };
}

describe("LintScheduler", () => {
  it("debounces: many edits, one request", async () => {
    const t = fakeTimers();
    const runs: number[] = [];
    const s = new LintScheduler<R>(async (seq) => (runs.push(seq), { seq, stale: false, text: "" }), () => {}, 60, t.timers);
    s.schedule(); s.schedule(); s.schedule();
    expect(runs).toEqual([]);
    t.fire();
    await Promise.resolve();
    expect(runs).toEqual([1]);
    expect(t.pending()).toBe(false);
  });

  it("drops answers overtaken by a newer request and stale ones", async () => {
    const resolvers: ((r: R) => void)[] = [];
    const applied: string[] = [];
    const s = new LintScheduler<R>(
      (seq) => new Promise<R>((res) => resolvers.push((r) => res({ ...r, seq }))),
      (r) => applied.push(r.text),
      60,
      fakeTimers().timers,
    );
    const first = s.now();
    const second = s.now();
    resolvers[1]({ seq: 0, stale: false, text: "new" });
    resolvers[0]({ seq: 0, stale: false, text: "old" });
    await Promise.all([first, second]);
    expect(applied).toEqual(["new"]);
    expect(s.accepts({ seq: 2, stale: true, text: "" })).toBe(false);
    expect(s.accepts({ seq: 2, stale: false, text: "" })).toBe(true);
  });

  it("keeps working after a failed request", async () => {
    let fail = true;
    const applied: number[] = [];
    const s = new LintScheduler<R>(
      async (seq) => { if (fail) throw new Error("boom"); return { seq, stale: false, text: "" }; },
      (r) => applied.push(r.seq), 60, fakeTimers().timers,
    );
    await s.now();
    fail = false;
    await s.now();
    expect(applied).toEqual([2]);
  });
});
