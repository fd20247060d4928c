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

/** Lets pending promise callbacks run. */
const flush = () => new Promise<void>((r) => setTimeout(r, 0));

/** A `run` whose requests the test answers (or fails) one by one. */
function controlled() {
  const runs: number[] = [];
  const applied: number[] = [];
  const waiting: { seq: number; ok: (r: R) => void; err: (e: Error) => void }[] = [];
  return {
    runs,
    applied,
    run: (seq: number) => {
      runs.push(seq);
      return new Promise<R>((ok, err) => waiting.push({ seq, ok, err }));
    },
    answer: (i: number) => waiting[i].ok({ seq: waiting[i].seq, stale: false, text: "" }),
    fail: (i: number) => waiting[i].err(new Error("boom")),
  };
}

describe("LintScheduler", () => {
  it("lints the first edit at once when idle (leading edge)", async () => {
    const t = fakeTimers();
    const runs: number[] = [];
    const applied: number[] = [];
    const s = new LintScheduler<R>(async (seq) => (runs.push(seq), { seq, stale: false, text: "" }), (r) => applied.push(r.seq), 60, t.timers);
    s.schedule();
    expect(runs).toEqual([1]);
    expect(t.pending()).toBe(false);
    await flush();
    expect(applied).toEqual([1]);
    // Answered and nothing pending: the next edit is linted at once too.
    expect(s.idle).toBe(true);
    s.schedule();
    expect(runs).toEqual([1, 2]);
  });

  it("a burst during a request: one more request, after the window and the answer", async () => {
    const t = fakeTimers();
    const c = controlled();
    const s = new LintScheduler<R>(c.run, (r) => c.applied.push(r.seq), 60, t.timers);
    s.schedule();
    s.schedule();
    s.schedule();
    expect(c.runs).toEqual([1]);
    t.fire(); // the window ends while request 1 runs: wait for it
    expect(c.runs).toEqual([1]);
    c.answer(0);
    await flush();
    // Request 1's findings are shown, then the newest text is linted.
    expect(c.applied).toEqual([1]);
    expect(c.runs).toEqual([1, 2]);
    c.answer(1);
    await flush();
    expect(c.applied).toEqual([1, 2]);
    expect(s.idle).toBe(true);
  });

  it("debounces: an edit restarts the window, and the window's end sends the request", async () => {
    const t = fakeTimers();
    const c = controlled();
    const s = new LintScheduler<R>(c.run, (r) => c.applied.push(r.seq), 60, t.timers);
    s.schedule(); // request 1
    s.schedule(); // window
    t.fire(); // ends while 1 runs: queued
    s.schedule(); // another edit: the window starts again, nothing queued
    c.answer(0);
    await flush();
    expect(c.runs).toEqual([1]);
    expect(t.pending()).toBe(true);
    t.fire();
    expect(c.runs).toEqual([1, 2]);
  });

  it("a failed request still sends the queued one", async () => {
    const t = fakeTimers();
    const c = controlled();
    const s = new LintScheduler<R>(c.run, (r) => c.applied.push(r.seq), 60, t.timers);
    s.schedule();
    s.schedule();
    t.fire();
    c.fail(0);
    await flush();
    expect(c.runs).toEqual([1, 2]);
    c.answer(1);
    await flush();
    expect(c.applied).toEqual([2]);
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
