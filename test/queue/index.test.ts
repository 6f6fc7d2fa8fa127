import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { createQueue } from '../../src/queue/index.js';
import { job, waitFor } from './helpers.js';
import { connectOrFail, deleteByPrefix, SHARED_REDIS_URL } from './redis-harness.js';

const prefix = `spark-test-index-${process.pid}`;
let redis: Redis;

beforeAll(async () => {
  redis = await connectOrFail(SHARED_REDIS_URL);
});

afterAll(async () => {
  await deleteByPrefix(redis, `${prefix}:`);
  redis.disconnect();
});

describe('createQueue', () => {
  it('uses the in-process queue when REDIS_URL is unset', async () => {
    const queue = createQueue({}, { prefix });
    const runs: string[] = [];
    queue.process(async (j) => {
      runs.push(j.id);
    });
    await queue.enqueue(job('mem-1'));
    await waitFor(() => runs.length === 1, 'the job');
    await queue.close();
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
  });

  it('uses BullMQ on Redis when REDIS_URL is set (the job is visible in Redis)', async () => {
    const queue = createQueue({ REDIS_URL: SHARED_REDIS_URL, SPARK_QUEUE_NAME: 'index' }, { prefix });
    try {
      expect((await queue.enqueue(job('redis-1', 'octo/repo#1'))).accepted).toBe(true);
      expect(await redis.lrange(`${prefix}:index:spark:group:octo/repo#1`, 0, -1)).toEqual(['redis-1']);
      expect(await redis.exists(`${prefix}:index:spark-redis-1`)).toBe(1);
    } finally {
      await queue.close();
    }
  });
});
