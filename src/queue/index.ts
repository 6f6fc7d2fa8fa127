/**
 * Picks the queue backend from the environment: BullMQ on Redis when REDIS_URL is set (many
 * receivers + `npm run worker` processes), otherwise the in-process queue.
 */
import { createMemoryQueue, type MemoryQueueOptions } from './memory.js';
import { createRedisQueue, type RedisQueueOptions } from './redis.js';
import type { JobQueue } from './types.js';

export type QueueOptions = MemoryQueueOptions & Omit<RedisQueueOptions, 'url'>;

export function createQueue(env: NodeJS.ProcessEnv, options: QueueOptions = {}): JobQueue {
  const url = env.REDIS_URL?.trim();
  const concurrency = options.concurrency ?? parsePositiveInt(env.SPARK_CONCURRENCY);
  if (url) {
    return createRedisQueue({
      ...options,
      url,
      concurrency,
      queueName: options.queueName ?? (env.SPARK_QUEUE_NAME?.trim() || undefined),
    });
  }
  return createMemoryQueue({ ...options, concurrency });
}

function parsePositiveInt(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export type { EnqueueResult, JobData, JobOutcome, JobProcessor, JobQueue, Logger, QueueHooks } from './types.js';
export { createMemoryQueue } from './memory.js';
export { createRedisQueue } from './redis.js';
export { InvalidJobError, JobAbortedError, QueueClosedError, RedisUnavailableError } from './errors.js';
