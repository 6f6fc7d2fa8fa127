/* global process, URL, setTimeout, clearTimeout */
// Jest globalSetup: gives the Redis-backed tests a Redis, on any machine.
//  1. SPARK_TEST_REDIS_URL or REDIS_URL given → use it (it must answer PING).
//  2. else `redis-server` on PATH → start a throwaway one on a free port (no persistence).
//  3. else none: the Redis-backed tests skip, and one line says so and how to run them.
// Test workers read the result from SPARK_TEST_REDIS_URL ('' = none). REDIS_URL itself is
// removed from the workers' environment, so app tests keep the in-process queue.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Sends PING over a plain socket; resolves true on +PONG within `timeoutMs`. */
function ping(url, timeoutMs = 2_000) {
  const { hostname, port, password, username } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port) || 6379, hostname || '127.0.0.1');
    const done = (ok) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    let reply = '';
    socket.once('connect', () => {
      const auth = password ? `AUTH ${username ? `${decodeURIComponent(username)} ` : ''}${decodeURIComponent(password)}\r\n` : '';
      socket.write(`${auth}PING\r\n`);
    });
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('+PONG')) done(true);
      else if (reply.startsWith('-')) done(false);
    });
    socket.once('error', () => done(false));
  });
}

export default async function globalSetup() {
  const given = process.env.SPARK_TEST_REDIS_URL || process.env.REDIS_URL;
  delete process.env.REDIS_URL;
  const haveServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (given) {
    if (!(await ping(given))) {
      throw new Error(`Redis given for the tests (SPARK_TEST_REDIS_URL / REDIS_URL = ${given}) does not answer PING.`);
    }
    process.env.SPARK_TEST_REDIS_URL = given;
    if (!haveServer) {
      process.stderr.write('\nRedis restart tests SKIPPED: they start and stop their own `redis-server`, which is not on PATH.\n\n');
    }
    return;
  }
  if (!haveServer) {
    process.env.SPARK_TEST_REDIS_URL = '';
    process.stderr.write(
      '\nRedis-backed tests SKIPPED (the Redis queue, its contract run, restarts and crash recovery): no REDIS_URL and no ' +
        '`redis-server` on PATH. Install Redis (e.g. `apt-get install redis-server`) or run `REDIS_URL=redis://host:6379 npm test`.\n\n',
    );
    return;
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'spark-test-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  const until = Date.now() + 10_000;
  while (!(await ping(url, 500))) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`could not start redis-server on port ${port} for the tests`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  process.env.SPARK_TEST_REDIS_URL = url;
  globalThis.__sparkTestRedis = { child, dir };
}
