/**
 * A throwaway redis-server (AOF, fsync always) on a free port for the load bench, so it can be
 * stopped and started mid-run without touching a shared Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from '../../test/fakes/app-process.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export interface ThrowawayRedis {
  url: string;
  start(): Promise<void>;
  /** SIGTERM: Redis writes its AOF and exits, like a service restart. */
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

export async function throwawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'spark-bench-redis-'));
  let child: ChildProcess | undefined;
  const api: ThrowawayRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir], { stdio: 'ignore' });
      const started = child;
      const until = performance.now() + 10_000;
      while (!(await answers(port))) {
        if (performance.now() > until || started.exitCode !== null) throw new Error(`redis-server did not start on port ${port} (is it installed?)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
    },
    async dispose() {
      await api.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return api;
}
