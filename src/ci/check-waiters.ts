/**
 * In-process meeting point between a `/spark fix-ci` job waiting for the checks on its commit
 * and the webhooks that end the wait: `check_suite.completed` and `status` for that commit wake
 * it; a push of another head, a new `/spark` command, `/spark cancel` or closing the PR end it.
 * No webhook (a missed delivery, CI without one) is covered by the caller's poll: `next()` also
 * returns when `pollMs` passes.
 */
export type InterruptReason = 'push' | 'command' | 'closed';

export type WaitEnd =
  /** A webhook said the checks of the awaited commit changed. */
  | { kind: 'checks' }
  /** `pollMs` passed without a webhook: time to poll. */
  | { kind: 'poll' }
  | { kind: 'timeout' }
  | { kind: 'interrupted'; reason: InterruptReason | 'cancel' };

export interface Timers {
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

const REAL_TIMERS: Timers = {
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Entry {
  sha: string;
  /** A wake-up that came while nobody was waiting (during a collect): the next `next()` returns at once. */
  dirty: boolean;
  interrupted?: InterruptReason;
  /**
   * The head the last `synchronize` reported. Judged when waiting, not when it arrives: the
   * webhook of Spark's own commit can come before the commit mutation has answered.
   */
  lastHead?: string;
  wake?: (end: WaitEnd) => void;
}

export interface CheckWaiter {
  /** Wait for the next reason to look at the checks again (or to stop). */
  next(options: { pollMs: number; deadline: number; now: () => number; signal?: AbortSignal }): Promise<WaitEnd>;
  /** Follow another commit (the next round's). */
  retarget(sha: string): void;
  close(): void;
}

export class CheckWaiters {
  /** group ("owner/repo#n") → the loop waiting on that PR. */
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly timers: Timers = REAL_TIMERS) {}

  register(group: string, sha: string): CheckWaiter {
    const entry: Entry = { sha, dirty: false };
    this.entries.set(group, entry);
    return {
      next: (options) => this.next(entry, options),
      retarget: (next) => {
        entry.sha = next;
        entry.dirty = false;
      },
      close: () => {
        if (this.entries.get(group) === entry) this.entries.delete(group);
      },
    };
  }

  /** The checks (suites or statuses) of `sha` changed in `repo` ("owner/repo"). */
  checksChanged(repo: string, sha: string): boolean {
    let woke = false;
    for (const [group, entry] of this.entries) {
      if (!group.startsWith(`${repo}#`) || entry.sha !== sha) continue;
      woke = true;
      if (entry.wake) entry.wake({ kind: 'checks' });
      else entry.dirty = true;
    }
    return woke;
  }

  /** The PR's head is now `headSha`: anything but the awaited commit is someone else's push. */
  headMoved(group: string, headSha: string): boolean {
    const entry = this.entries.get(group);
    if (!entry) return false;
    entry.lastHead = headSha;
    if (entry.wake && entry.sha !== headSha) this.interrupt(group, 'push');
    return true;
  }

  interrupt(group: string, reason: InterruptReason): boolean {
    const entry = this.entries.get(group);
    if (!entry) return false;
    entry.interrupted = reason;
    entry.wake?.({ kind: 'interrupted', reason });
    return true;
  }

  private next(entry: Entry, { pollMs, deadline, now, signal }: { pollMs: number; deadline: number; now: () => number; signal?: AbortSignal }): Promise<WaitEnd> {
    if (entry.lastHead !== undefined && entry.lastHead !== entry.sha) entry.interrupted ??= 'push';
    if (entry.interrupted) return Promise.resolve({ kind: 'interrupted', reason: entry.interrupted });
    if (signal?.aborted) return Promise.resolve({ kind: 'interrupted', reason: 'cancel' });
    if (entry.dirty) {
      entry.dirty = false;
      return Promise.resolve({ kind: 'checks' });
    }
    const left = deadline - now();
    if (left <= 0) return Promise.resolve({ kind: 'timeout' });
    return new Promise<WaitEnd>((resolve) => {
      const finish = (end: WaitEnd) => {
        this.timers.clearTimer(timer);
        signal?.removeEventListener('abort', onAbort);
        entry.wake = undefined;
        resolve(end);
      };
      const onAbort = () => finish({ kind: 'interrupted', reason: 'cancel' });
      const timer = this.timers.setTimer(() => finish(pollMs < left ? { kind: 'poll' } : { kind: 'timeout' }), Math.min(pollMs, left));
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.wake = finish;
    });
  }
}
