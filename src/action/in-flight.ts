/**
 * What the Action waits for before it exits: every job the queue accepted (notices too) and
 * every write the handlers deferred (👀, queued notes). The memory queue starts a job at
 * once; this makes the run await it, so no separate queue flavour is needed.
 */
import type { QueueHooks } from '../queue/types.js';

export interface InFlight {
  hooks: Pick<QueueHooks, 'onEnqueued' | 'onSettled' | 'onError'>;
  defer: (work: Promise<unknown>) => void;
  /** Resolves once nothing is running and nothing deferred is unanswered. */
  settled(): Promise<void>;
  /** Processors that threw (the bot failed, not the command). */
  crashes: unknown[];
}

export function createInFlight(): InFlight {
  let running = 0;
  const deferred = new Set<Promise<unknown>>();
  const idle: Array<() => void> = [];
  const crashes: unknown[] = [];
  return {
    crashes,
    hooks: {
      onEnqueued: (_job, result) => {
        if (result.accepted) running++;
      },
      onSettled: () => {
        running--;
        if (running === 0) for (const resolve of idle.splice(0)) resolve();
      },
      onError: (error) => {
        crashes.push(error);
      },
    },
    defer: (work) => {
      deferred.add(work);
      const forget = () => deferred.delete(work);
      void work.then(forget, forget);
    },
    async settled() {
      for (;;) {
        if (running === 0 && deferred.size === 0) return;
        await Promise.all([...deferred, running === 0 ? undefined : new Promise<void>((resolve) => idle.push(resolve))]);
      }
    },
  };
}
