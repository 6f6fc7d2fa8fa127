import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { createRedisJobRecords } from '../../src/exactly-once/job-record.js';
import { createRedisQueue } from '../../src/queue/redis.js';
import { job, waitFor } from '../queue/helpers.js';
import { connectOrFail, deleteByPrefix, describeWithRedis, FAST, SHARED_REDIS_URL } from '../queue/redis-harness.js';
import { fakeBranch, runReplayableJob } from './replay-job.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const prefix = `spark-replay-${process.pid}`;
const PINNED = 'a'.repeat(40);
let redis: Redis;

describeWithRedis('a job replayed after its worker died past the commit', () => {
  beforeAll(async () => {
    redis = await connectOrFail(SHARED_REDIS_URL);
  });

  afterAll(async () => {
    if (!redis) return;
    await deleteByPrefix(redis, `${prefix}:`);
    redis.disconnect();
  });

  it('pushes no second commit and finishes with the first commit (real Redis, SIGKILL)', async () => {
    const name = 'replay';
    const ns = `${prefix}:branch`;
    await redis.set(`${ns}:head`, PINNED);
    const receiver = createRedisQueue({ url: SHARED_REDIS_URL, queueName: name, prefix, ...FAST });
    const child = spawn(process.execPath, ['--import', './test/fixtures/queue/register-ts.mjs', 'test/fixtures/exactly-once/commit-crash-worker.mjs'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        REDIS_URL: SHARED_REDIS_URL,
        QUEUE_NAME: name,
        PREFIX: prefix,
        NS: ns,
        PINNED,
        LOCK_TTL_MS: String(FAST.lockTtlMs),
        STALLED_LOCK_MS: String(FAST.stalledLockMs),
        STALLED_INTERVAL_MS: String(FAST.stalledIntervalMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let exitCode: number | null | undefined;
    const waiters: Array<() => void> = [];
    const notify = (): void => waiters.splice(0).forEach((wake) => wake());
    child.stdout.on('data', (chunk: Buffer) => ((output += chunk.toString()), notify()));
    child.stderr.on('data', (chunk: Buffer) => ((output += chunk.toString()), notify()));
    const exited = new Promise<void>((resolve) => child.once('exit', (code) => ((exitCode = code), notify(), resolve())));
    // Waits on the child's output (loading the TypeScript sources on 2 busy cores takes long:
    // the test's own timeout bounds it), and fails at once if the child exits first.
    const printed = async (text: string): Promise<void> => {
      while (!output.includes(text)) {
        if (exitCode !== undefined) throw new Error(`the crash worker exited (${exitCode}) before printing "${text}"; output: ${output}`);
        await new Promise<void>((wake) => waiters.push(wake));
      }
    };
    try {
      await printed('ready');
      await receiver.enqueue(job('replay-1', 'octo/repo#7'));
      await printed('committed replay-1');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const branch = fakeBranch(redis, ns);
    expect(await branch.commits()).toHaveLength(1);

    const survivor = createRedisQueue({ url: SHARED_REDIS_URL, queueName: name, prefix, ...FAST });
    const records = createRedisJobRecords(redis, `${prefix}:${name}:spark`);
    const outcomes: Array<{ outcome: string; oid: string }> = [];
    try {
      survivor.process(async (j) => {
        outcomes.push(await runReplayableJob(j, { records, branch, pinnedHead: PINNED }));
      });
      await waitFor(() => outcomes.length === 1, 'the replay', 60_000);
      await waitFor(async () => (await survivor.depth()) === 0, 'an empty queue');
    } finally {
      await Promise.all([receiver.close(), survivor.close()]);
    }
    const commits = await branch.commits();
    expect(commits).toHaveLength(1);
    expect(outcomes).toEqual([{ outcome: 'replayed', oid: commits[0]!.split(' ')[0] }]);
    expect(commits[0]).toContain('Spark-Job: replay-1');
  }, 240_000);
});
