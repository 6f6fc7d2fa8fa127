/**
 * Shared set-up of the Redis-backed tests. The Redis comes from Jest's globalSetup
 * (test/setup/global-setup.mjs): REDIS_URL when given, else a throwaway redis-server, else
 * none — then `describeWithRedis` skips (globalSetup prints one line saying so). Unique key
 * prefixes and cleanup per file; a private redis-server for tests that restart Redis.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from '../fakes/app-process.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from '@jest/globals';
import { Redis } from 'ioredis';

/** One free-port helper for every test (the app-process fake's). */
export { freePort };

/** The tests' Redis, or undefined when there is none (Redis-backed tests skip). */
export function redisTestUrl(): string | undefined {
  return process.env.SPARK_TEST_REDIS_URL || undefined;
}

/** The same as a constant ('' when there is none): wrap its users in `describeWithRedis`. */
export const SHARED_REDIS_URL = redisTestUrl() ?? '';

/** `describe` when the tests have a Redis, `describe.skip` otherwise. */
export const describeWithRedis: typeof describe.skip = redisTestUrl() ? describe : describe.skip;

/** `describe` when `redis-server` can be started (tests that stop and restart their own). */
export const describeWithRedisServer: typeof describe.skip = redisServerOnPath() ? describe : describe.skip;

function redisServerOnPath(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Fast timings for tests: crash recovery in ~2 s instead of ~1 min. */
export const FAST = {
  lockTtlMs: 800,
  waitPollMs: 50,
  stalledLockMs: 1_000,
  stalledIntervalMs: 500,
  drainTimeoutMs: 5_000,
} as const;

export async function connectOrFail(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis is not reachable at ${url}: ${(error as Error).message}`);
  }
}

export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A throwaway redis-server with AOF (fsync always) so data survives a restart. */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'spark-redis-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir],
      { stdio: 'ignore' },
    );
    this.child = child;
    // Wait for the port with plain sockets: failed ioredis probes leave connect timers behind.
    const until = Date.now() + 10_000;
    while (!(await portOpen(this.port))) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`redis-server did not start on port ${this.port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const probe = await connectOrFail(this.url);
    probe.disconnect();
  }

  /** SIGTERM: Redis flushes the AOF and exits, like a service restart. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    this.child = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
