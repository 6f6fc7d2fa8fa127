// Stops the throwaway redis-server that global-setup.mjs started (if it started one).
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const started = globalThis.__sparkTestRedis;
  if (!started) return;
  const { child, dir } = started;
  if (child.exitCode === null) {
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  }
  rmSync(dir, { recursive: true, force: true });
  delete globalThis.__sparkTestRedis;
}
