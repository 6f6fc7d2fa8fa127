import type { Log } from '../log.js';

/** Runs an observer hook; a throwing hook must never take a job or the process down. */
export function safeCall(log: Log | undefined, what: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    log?.warn({ err: error }, `queue hook ${what} threw; ignoring`);
  }
}
