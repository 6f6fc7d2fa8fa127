/**
 * A BullMQ Queue runs its start-up once, in its constructor: wait for the connection to be
 * ready, then INFO (the Redis version check). If Redis goes away in between, that INFO fails
 * on a connection with bounded retries, and the Queue rejects every later call with the same
 * error, for good, although the connection itself reconnects. This holder notices a failed
 * start-up and gives out a fresh Queue on the next use (the shared connection stays).
 */
import type { Queue } from 'bullmq';
import type { Log } from '../log.js';

export interface RestartableQueue<T> {
  /** The current Queue; replaced first if its start-up failed. */
  get(): Queue<T>;
  close(): Promise<void>;
}

export function restartableQueue<T>(create: () => Queue<T>, log: Pick<Log, 'warn'>): RestartableQueue<T> {
  const start = (): { queue: Queue<T>; failed: boolean } => {
    const entry = { queue: create(), failed: false };
    // Registered before any caller awaits the same promise, so the flag is set by the time
    // that caller sees the rejection.
    entry.queue.waitUntilReady().catch((err: unknown) => {
      entry.failed = true;
      log.warn({ err }, 'bullmq queue start-up failed (Redis went away); a new queue is started on next use');
    });
    return entry;
  };
  let current = start();
  return {
    get() {
      if (current.failed) {
        const broken = current.queue;
        current = start();
        void broken.close().catch(() => undefined);
      }
      return current.queue;
    },
    close: () => current.queue.close(),
  };
}
