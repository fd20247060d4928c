// Debounced lint requests with stale-result dropping: every request gets a higher sequence
// number, and only the answer to the newest one is applied.

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Answer {
  seq: bigint | number;
  stale: boolean;
}

export class LintScheduler<R extends Answer> {
  private seq = 0;
  private pending: unknown = null;

  constructor(
    private readonly run: (seq: number) => Promise<R>,
    private readonly apply: (result: R) => void,
    private readonly delayMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Called on every edit: restarts the debounce window. */
  schedule(): void {
    if (this.pending !== null) this.timers.clear(this.pending);
    this.pending = this.timers.set(() => {
      this.pending = null;
      void this.now();
    }, this.delayMs);
  }

  /** Lint immediately (file opened, or a result is needed at once). */
  async now(): Promise<void> {
    if (this.pending !== null) {
      this.timers.clear(this.pending);
      this.pending = null;
    }
    const seq = ++this.seq;
    let result: R;
    try {
      result = await this.run(seq);
    } catch {
      return;
    }
    if (this.accepts(result)) this.apply(result);
  }

  /** Whether a result answers the newest request (older or stale ones are dropped). */
  accepts(result: R): boolean {
    return !result.stale && Number(result.seq) === this.seq;
  }

  get latest(): number {
    return this.seq;
  }
}
