// Lint requests with stale-result dropping: every request gets a higher sequence number, and
// only the answer to the newest one is applied.
//
// An edit made while nothing is pending is linted at once (the leading edge): a single
// keystroke does not wait for a debounce window it does not need. Edits that follow while
// that request runs (or within the debounce window) are a burst: they restart the window,
// and when it ends the newest text is linted, after the request in flight has answered, so
// a burst never has more than one request of its own in flight and the last edit always
// gets a lint.

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
  /** Requests sent and not answered yet. */
  private inFlight = 0;
  /** The debounce window ended while a request was in flight: lint once it answers. */
  private queued = false;

  constructor(
    private readonly run: (seq: number) => Promise<R>,
    private readonly apply: (result: R) => void,
    private readonly delayMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Called on every edit: lints at once when idle, else (re)starts the debounce window. */
  schedule(): void {
    if (this.idle) {
      void this.now();
      return;
    }
    this.queued = false;
    if (this.pending !== null) this.timers.clear(this.pending);
    this.pending = this.timers.set(() => {
      this.pending = null;
      if (this.inFlight > 0) this.queued = true;
      else void this.now();
    }, this.delayMs);
  }

  /** Lint immediately (file opened, or a result is needed at once). */
  async now(): Promise<void> {
    if (this.pending !== null) {
      this.timers.clear(this.pending);
      this.pending = null;
    }
    this.queued = false;
    const seq = ++this.seq;
    this.inFlight++;
    let result: R | null = null;
    try {
      result = await this.run(seq);
    } catch {
      // A failed request shows nothing; the next edit asks again.
    }
    this.inFlight--;
    try {
      // Applied before the queued request starts: the editor maps these findings through
      // the edits made since this request read the text.
      if (result && this.accepts(result)) this.apply(result);
    } finally {
      if (this.queued && this.inFlight === 0) void this.now();
    }
  }

  /** Nothing sent and unanswered, no window open: an edit now starts a new burst. */
  get idle(): boolean {
    return this.inFlight === 0 && this.pending === null && !this.queued;
  }

  /** Whether a result answers the newest request (older or stale ones are dropped). */
  accepts(result: R): boolean {
    return !result.stale && Number(result.seq) === this.seq;
  }

  get latest(): number {
    return this.seq;
  }
}
