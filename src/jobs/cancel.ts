import { SparkError } from '../errors.js';
import type { CommitResult } from '../github/commit.js';

/** The abort reason of a job stopped by `/spark cancel`: nothing was pushed. */
export class JobCancelledError extends SparkError {
  constructor() {
    super('cancelled by /spark cancel', { userMessage: 'Cancelled by `/spark cancel` before anything was pushed.' });
  }
}

/** What `/spark cancel` really did. */
export type CancelOutcome =
  | { kind: 'idle' }
  /** Stopped before the commit mutation was sent: nothing was pushed. */
  | { kind: 'stopped' }
  /** The commit mutation had been sent: it landed (the job is stopped from there on). */
  | { kind: 'landed'; url: string };

interface Entry {
  controller: AbortController;
  /** The commit mutation in flight or answered, once sent. */
  sent?: Promise<CommitResult>;
}

/**
 * In-process registry of running jobs' AbortControllers, keyed by group ("owner/repo#n"),
 * so `/spark cancel` can stop the job before it pushes, and say so truthfully once the commit
 * mutation is on the wire. With the Redis queue, cancel-bus.ts asks every process's registry.
 */
export class CancelRegistry {
  private readonly running = new Map<string, Entry>();

  /** Links a job's abort signal to the registry for as long as it runs. */
  track(group: string, parent?: AbortSignal): { signal: AbortSignal; onSent: (inFlight: Promise<CommitResult>) => void; done: () => void } {
    const entry: Entry = { controller: new AbortController() };
    const onParentAbort = () => entry.controller.abort(parent?.reason);
    parent?.addEventListener('abort', onParentAbort, { once: true });
    this.running.set(group, entry);
    return {
      signal: entry.controller.signal,
      onSent: (inFlight) => {
        entry.sent = inFlight;
        inFlight.catch(() => undefined); // the job itself handles the failure
      },
      done: () => {
        parent?.removeEventListener('abort', onParentAbort);
        if (this.running.get(group) === entry) this.running.delete(group);
      },
    };
  }

  async cancel(group: string): Promise<CancelOutcome> {
    const entry = this.running.get(group);
    if (!entry) return { kind: 'idle' };
    // Aborting first: a job between two commit attempts (moved head) sends no second one.
    entry.controller.abort(new JobCancelledError());
    this.running.delete(group);
    if (!entry.sent) return { kind: 'stopped' };
    try {
      return { kind: 'landed', url: (await entry.sent).url };
    } catch {
      return { kind: 'stopped' };
    }
  }
}
