/**
 * At most one reply per key (user × PR) per window: a user without write access who floods a
 * PR with `/spark` comments gets one explanation an hour, and a 👎 on the rest. Redis
 * (`SET NX PX`, shared by every receiver) when the queue runs on Redis, memory otherwise.
 */
import type { Redis } from 'ioredis';

export interface ReplyLimiter {
  /** True for the first call with `key` in the window (reply), false after (react instead). */
  firstInWindow(key: string): Promise<boolean>;
}

export const REPLY_WINDOW_MS = 60 * 60 * 1000;

export function createMemoryReplyLimiter(options: { windowMs?: number; now?: () => number } = {}): ReplyLimiter {
  const windowMs = options.windowMs ?? REPLY_WINDOW_MS;
  const now = options.now ?? Date.now;
  const until = new Map<string, number>();
  return {
    async firstInWindow(key) {
      const at = now();
      // Constant window: insertion order is expiry order.
      for (const [k, expires] of until) {
        if (expires > at) break;
        until.delete(k);
      }
      if ((until.get(key) ?? 0) > at) return false;
      until.set(key, at + windowMs);
      return true;
    },
  };
}

/** A Redis failure answers "reply": the reply lane's pacing still bounds what a flood costs. */
export function createRedisReplyLimiter(redis: Pick<Redis, 'set'>, base: string, windowMs = REPLY_WINDOW_MS): ReplyLimiter {
  return {
    async firstInWindow(key) {
      try {
        return (await redis.set(`${base}:reply:${key}`, '1', 'PX', windowMs, 'NX')) === 'OK';
      } catch {
        return true;
      }
    },
  };
}
