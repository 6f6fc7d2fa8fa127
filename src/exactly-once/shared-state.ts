/**
 * The state exactly-once needs beyond the queue itself — job outcome records and the reply
 * limiter — in the queue's Redis (same namespace as its keys) when REDIS_URL is set, in memory
 * otherwise. One connection per process.
 */
import { Redis } from 'ioredis';
import { createMemoryJobRecords, createRedisJobRecords, type JobRecords } from './job-record.js';
import { createMemoryReplyLimiter, createRedisReplyLimiter, type ReplyLimiter } from './reply-limiter.js';

export interface SharedState {
  records: JobRecords;
  replies: ReplyLimiter;
  /** Whether the queue's store answers (always true in memory). */
  queueUp(): Promise<boolean>;
  close(): Promise<void>;
}

export interface SharedStateOptions {
  /** BullMQ queue name and prefix, as given to the queue (defaults: SPARK_QUEUE_NAME or "spark-jobs", "bull"). */
  queueName?: string;
  prefix?: string;
  log?: { warn(obj: unknown, msg?: string): void };
}

export function createSharedState(env: NodeJS.ProcessEnv, options: SharedStateOptions = {}): SharedState {
  const url = env.REDIS_URL?.trim();
  if (!url) {
    return { records: createMemoryJobRecords(), replies: createMemoryReplyLimiter(), queueUp: async () => true, close: async () => undefined };
  }
  const base = `${options.prefix ?? 'bull'}:${options.queueName ?? (env.SPARK_QUEUE_NAME?.trim() || 'spark-jobs')}:spark`;
  // Bounded retries and a command timeout: a dead Redis becomes an error, not a hang.
  const redis = new Redis(url, { maxRetriesPerRequest: 3, commandTimeout: 2_000, disconnectTimeout: 300 });
  redis.on('error', (err) => options.log?.warn({ err }, 'redis (job records) connection error'));
  return {
    records: createRedisJobRecords(redis, base),
    replies: createRedisReplyLimiter(redis, base),
    queueUp: () => redis.ping().then(
      () => true,
      () => false,
    ),
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
