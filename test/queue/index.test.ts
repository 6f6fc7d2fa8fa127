import { afterAll, describe, expect, it } from '@jest/globals';
import { createQueue } from '../../src/queue/index.js';
import { job, waitFor } from './helpers.js';
import { connectOrFail, deleteByPrefix, describeWithRedis, redisTestUrl } from './redis-harness.js';

const prefix = `spark-test-index-${process.pid}`;

describe('createQueue without REDIS_URL', () => {
  it('uses the in-process queue: the job runs with no Redis anywhere', async () => {
    const queue = createQueue({}, { prefix });
    const runs: string[] = [];
    queue.process(async (j) => {
      runs.push(j.id);
    });
    await queue.enqueue(job('mem-1'));
    await waitFor(() => runs.length === 1, 'the job');
    await queue.close();
    expect(runs).toEqual(['mem-1']);
  });
});

describeWithRedis('createQueue with REDIS_URL', () => {
  afterAll(async () => {
    const redis = await connectOrFail(redisTestUrl()!);
    await deleteByPrefix(redis, `${prefix}:`);
    redis.disconnect();
  });

  it('uses BullMQ on Redis (the job is visible in Redis); without REDIS_URL nothing is written there', async () => {
    const url = redisTestUrl()!;
    const redis = await connectOrFail(url);
    const memoryQueue = createQueue({}, { prefix, queueName: 'index' });
    await memoryQueue.enqueue(job('mem-2', 'octo/repo#2'));
    await memoryQueue.close();
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);

    const queue = createQueue({ REDIS_URL: url, SPARK_QUEUE_NAME: 'index' }, { prefix });
    try {
      expect((await queue.enqueue(job('redis-1', 'octo/repo#1'))).accepted).toBe(true);
      expect(await redis.lrange(`${prefix}:index:spark:group:octo/repo#1`, 0, -1)).toEqual(['redis-1']);
      expect(await redis.exists(`${prefix}:index:spark-redis-1`)).toBe(1);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});
