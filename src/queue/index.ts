/**
 * Picks the queue backend from the environment: BullMQ on Redis when REDIS_URL is set (many
 * receivers + `npm run worker` processes), otherwise the in-process queue.
 */
import { createMemoryQueue, type MemoryQueueOptions } from './memory.js';
import { createRedisQueue, type RedisQueueOptions } from './redis.js';
import type { JobQueue } from './types.js';
import { stripUndefined } from '../strip-undefined.js';

export type QueueOptions = MemoryQueueOptions & Omit<RedisQueueOptions, 'url'>;

export function createQueue(env: NodeJS.ProcessEnv, options: QueueOptions = {}): JobQueue {
  const url = env.REDIS_URL?.trim();
  const concurrency = options.concurrency ?? parsePositiveInt(env.SPARK_CONCURRENCY);
  if (url) return createRedisQueue({ ...redisQueueOptionsFromEnv(env), ...stripUndefined(options), url, concurrency });
  return createMemoryQueue({ ...options, concurrency });
}

/**
 * Redis queue settings from the environment: SPARK_QUEUE_NAME, and for crash recovery
 * SPARK_QUEUE_LOCK_TTL_MS (per-PR lock, default 30 s) and SPARK_QUEUE_STALLED_MS (a silent
 * worker counts as crashed after this long, checked as often; default 30 s). Lower them only
 * for tests and load runs: a busy worker must keep renewing well within them.
 */
export function redisQueueOptionsFromEnv(env: NodeJS.ProcessEnv): Omit<RedisQueueOptions, 'url'> {
  const stalled = parsePositiveInt(env.SPARK_QUEUE_STALLED_MS);
  return stripUndefined({
    queueName: env.SPARK_QUEUE_NAME?.trim() || undefined,
    concurrency: parsePositiveInt(env.SPARK_CONCURRENCY),
    lockTtlMs: parsePositiveInt(env.SPARK_QUEUE_LOCK_TTL_MS),
    stalledLockMs: stalled,
    stalledIntervalMs: stalled,
  });
}

function parsePositiveInt(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export type { EnqueueResult, JobData, JobOutcome, JobProcessor, JobQueue, QueueHooks } from './types.js';
export { createMemoryQueue } from './memory.js';
export { createRedisQueue } from './redis.js';
export { InvalidJobError, JobAbortedError, QueueClosedError, RedisUnavailableError } from './errors.js';
