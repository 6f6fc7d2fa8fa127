/**
 * Paces content-creating GitHub requests (comments, reviews, commits) per key, usually per
 * installation. GitHub's REST best practices ask integrators to send mutating requests
 * serially and to "wait at least one second between each request" for POST/PATCH/PUT/DELETE;
 * bursts beyond ~80 content-creating requests a minute trip the secondary rate limit.
 *
 * Semantics: calls with one key run one at a time in call order, and each starts at least
 * `minIntervalMs` after the previous one *finished* (the conservative reading of "between
 * requests"). Different keys do not wait for each other. Timing is injected so tests use a
 * fake clock.
 */
export interface PacerOptions {
  /** Gap between the end of one request and the start of the next, per key (GitHub: ≥ 1000). */
  minIntervalMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Pacer {
  schedule<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

interface Lane {
  /** Settles when the last scheduled call for this key has finished (success or failure). */
  tail: Promise<void>;
  /** Clock time the last call finished. */
  lastEnd: number;
  /** Calls scheduled and not yet finished. */
  queued: number;
}

const PRUNE_AT = 64;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createPacer(options: PacerOptions): Pacer {
  const minIntervalMs = Math.max(0, options.minIntervalMs);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const lanes = new Map<string, Lane>();

  // Idle lanes whose interval has passed carry no information; dropping them keeps a
  // long-running worker from accumulating one lane per installation forever.
  function prune(at: number): void {
    for (const [key, lane] of lanes) {
      if (lane.queued === 0 && at - lane.lastEnd >= minIntervalMs) lanes.delete(key);
    }
  }

  return {
    schedule<T>(key: string, fn: () => Promise<T>): Promise<T> {
      if (lanes.size >= PRUNE_AT) prune(now());
      let lane = lanes.get(key);
      if (!lane) {
        lane = { tail: Promise.resolve(), lastEnd: Number.NEGATIVE_INFINITY, queued: 0 };
        lanes.set(key, lane);
      }
      const current = lane;
      current.queued++;
      const result = current.tail.then(async () => {
        const wait = current.lastEnd + minIntervalMs - now();
        if (wait > 0) await sleep(wait);
        try {
          return await fn();
        } finally {
          current.lastEnd = now();
          current.queued--;
        }
      });
      // The next call waits for this one whether it succeeded or not.
      current.tail = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
  };
}
