import { renderStatus, type StatusState } from './status-render.js';

export interface StatusWriterOptions {
  /** GitHub's guidance for content edits: ≥ 1 s apart. */
  minIntervalMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Keeps one status comment current without flooding GitHub: edits are serialized (never two
 * in flight, so they cannot land out of order), at most one per `minIntervalMs`, and an
 * intermediate state that was superseded before its turn is simply skipped. `finish()`
 * always writes the final state.
 */
export class StatusWriter {
  private state: StatusState;
  private lastBody = '';
  private lastWriteAt = -Infinity;
  private inFlight: Promise<void> = Promise.resolve();
  private timer: unknown;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly write: (body: string) => Promise<void>,
    initial: StatusState,
    options: StatusWriterOptions = {},
  ) {
    this.state = initial;
    // `initial` is what the comment was created with: no edit is owed until the state changes.
    this.lastBody = renderStatus(initial);
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  }

  update(patch: Partial<StatusState>): void {
    this.state = { ...this.state, ...patch };
    if (this.timer !== undefined) return; // a trailing write is already scheduled
    const wait = this.lastWriteAt + this.minIntervalMs - this.now();
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.flushNow();
    }, Math.max(0, wait));
  }

  /** Write the final state now (cancels any pending throttled write) and wait for it. */
  async finish(patch: Partial<StatusState>): Promise<void> {
    this.state = { ...this.state, ...patch };
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
    this.flushNow();
    await this.inFlight;
  }

  private flushNow(): void {
    this.inFlight = this.inFlight.then(async () => {
      const body = renderStatus(this.state);
      if (body === this.lastBody) return;
      this.lastWriteAt = this.now();
      this.lastBody = body;
      try {
        await this.write(body);
      } catch {
        // A failed progress edit must never fail the job; the final edit is retried by Octokit's
        // retry plugin, and the next update rewrites the whole body anyway.
        this.lastBody = '';
      }
    });
  }
}
