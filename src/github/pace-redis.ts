/**
 * The token buckets of pace.ts in Redis, shared by every process of a deployment: one Lua
 * script per request (refill from Redis's own clock, take or refuse, remember), so N workers
 * together stay within one installation's budget instead of N times it.
 */
import { Redis } from 'ioredis';
import { REFUSED, TokenBuckets, type LanePace, type PaceStore } from './pace.js';

/** KEYS: bucket. ARGV: burst, intervalMs, maxQueueMs (-1 = none). → wait ms, or -1 refused. */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local burst = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / interval)
local wait = 0
if tokens < 1 then wait = (1 - tokens) * interval end
local max = tonumber(ARGV[3])
if max >= 0 and wait > max then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst * interval) + 60000)
  return -1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst + 1 - tokens) * interval) + 60000)
return math.ceil(wait)
`;

const COMMAND_TIMEOUT_MS = 500;

type TakeScript = (key: string, burst: number, intervalMs: number, maxQueueMs: number) => Promise<number>;

export interface RedisPaceOptions {
  url: string;
  /** Key namespace (default "spark:pace"). */
  prefix?: string;
  log?: { warn(obj: unknown, msg?: string): void };
}

/**
 * While Redis is unreachable the process paces with its own buckets (logged once per outage):
 * writes are never blocked on Redis, at the cost of per-process pacing during the outage.
 */
export function createRedisPaceStore(options: RedisPaceOptions): PaceStore & { close(): void } {
  // A write never waits more than COMMAND_TIMEOUT_MS on Redis to learn whether it may send.
  const redis = new Redis(options.url, { maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS, disconnectTimeout: 300 });
  redis.on('error', () => undefined); // reported below, once per outage
  redis.defineCommand('sparkPaceTake', { numberOfKeys: 1, lua: TAKE });
  const take = (redis as unknown as { sparkPaceTake: TakeScript }).sparkPaceTake.bind(redis);
  const local = new TokenBuckets({ burst: 1, intervalMs: 1 });
  const prefix = options.prefix ?? 'spark:pace';
  let degraded = false;
  return {
    async take(key: string, pace: LanePace): Promise<number> {
      // During an outage, skip Redis until it is back instead of timing out on every write.
      if (degraded && redis.status !== 'ready') return local.takeNow(key, pace);
      try {
        const wait = Number(await take(`${prefix}:${key}`, pace.burst, pace.intervalMs, pace.maxQueueMs ?? -1));
        degraded = false;
        return wait < 0 ? REFUSED : wait;
      } catch (error) {
        if (!degraded) options.log?.warn({ err: error }, 'Redis pacing unavailable; pacing GitHub writes per process until it is back');
        degraded = true;
        return local.takeNow(key, pace);
      }
    },
    close: () => redis.disconnect(),
  };
}
