/**
 * Pacing of content-creating GitHub requests per installation, in two lanes:
 *   - `job`: a job's own writes (status comment, commit, review) — what users wait for;
 *   - `reply`: everything the webhook handlers write (👀, 👎, short replies, queued notes).
 * Each lane has its own token bucket, so a flood of replies cannot take the jobs' share; the
 * two shares add up to GitHub's secondary limit (about 80 content-creating requests a minute).
 *
 * A bucket of capacity `burst` refilled one token per `intervalMs` lets at most
 * burst + 60 000 / intervalMs requests through in any minute; `laneBudgets` picks both so that
 * sum equals the limit. Buckets live in Redis when REDIS_URL is set (one Lua script, Redis's
 * own clock, shared by every receiver and worker), in memory otherwise.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type WriteLane = 'job' | 'reply';

export interface LanePace {
  burst: number;
  intervalMs: number;
  /** Refuse (send nothing) when the request would wait longer than this; default: never refuse. */
  maxQueueMs?: number;
}

/** ms to wait before sending (0 = now), or `REFUSED` when the wait would exceed `maxQueueMs`. */
export interface PaceStore {
  take(key: string, pace: LanePace): Promise<number>;
}

export const REFUSED = -1;

const lanes = new AsyncLocalStorage<WriteLane>();

/** Runs `fn` (and everything it starts) with its GitHub writes in `lane`. */
export function inWriteLane<T>(lane: WriteLane, fn: () => T): T {
  return lanes.run(lane, fn);
}

/** The lane of the current async context: `reply` unless a job runs it. */
export function currentWriteLane(): WriteLane {
  return lanes.getStore() ?? 'reply';
}

/**
 * Splits `perMinute` between the lanes (jobs 3/4, replies 1/4) so that the burst plus a
 * minute of refill stays within each share: any 60 s window sees ≤ perMinute in total.
 */
export function laneBudgets(perMinute: number, burst: number, minuteMs = 60_000, replyMaxQueueMs = minuteMs / 2): Record<WriteLane, LanePace> {
  const lane = (share: number): LanePace => {
    const budget = perMinute * share;
    const b = Math.max(1, Math.min(Math.round(burst * share), Math.floor(budget / 2)));
    return { burst: b, intervalMs: minuteMs / Math.max(1, budget - b) };
  };
  return { job: lane(0.75), reply: { ...lane(0.25), maxQueueMs: replyMaxQueueMs } };
}

/** Token buckets in memory: pure arithmetic on an injected clock (no timer when a token is free). */
export class TokenBuckets implements PaceStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;

  constructor(private readonly defaults: LanePace & { now?: () => number }) {
    this.now = defaults.now ?? (() => performance.now());
  }

  async take(key: string, pace: LanePace = this.defaults): Promise<number> {
    return this.takeNow(key, pace);
  }

  /** Synchronous form of `take`. */
  takeNow(key: string, pace: LanePace = this.defaults): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: pace.burst, at: now };
    bucket.tokens = Math.min(pace.burst, bucket.tokens + (now - bucket.at) / pace.intervalMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    // A negative balance is a debt: the request waits until its token would have arrived.
    const wait = bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) * pace.intervalMs;
    if (pace.maxQueueMs !== undefined && wait > pace.maxQueueMs) return REFUSED;
    bucket.tokens -= 1;
    return wait;
  }
}
