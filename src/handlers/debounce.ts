/**
 * Per-key trailing debounce: a burst of pushes to one PR schedules one auto-review, run
 * `delayMs` after the last push. Timers are injected for tests and unref'd so a pending
 * review never keeps a stopping process alive.
 */
export interface DebounceTimers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const realTimers: DebounceTimers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class Debouncer {
  private readonly pending = new Map<string, unknown>();

  constructor(private readonly timers: DebounceTimers = realTimers) {}

  schedule(key: string, delayMs: number, fn: () => void): void {
    const previous = this.pending.get(key);
    if (previous !== undefined) this.timers.clear(previous);
    this.pending.set(
      key,
      this.timers.set(() => {
        this.pending.delete(key);
        fn();
      }, delayMs),
    );
  }

  get size(): number {
    return this.pending.size;
  }
}
