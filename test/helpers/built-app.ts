/**
 * The compiled entry points (`npm start` runs dist/src/server.js), spawned as child processes
 * in an empty temp directory (so no developer .env is read). dist/ is rebuilt first when any
 * source file is newer than it (`npm run build`; .ci/run builds before testing).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  const entry = join(repoRoot, 'dist', 'src', 'server.js');
  let built = 0;
  try {
    built = Math.min(statSync(entry).mtimeMs, statSync(join(repoRoot, 'dist', 'src', 'worker.js')).mtimeMs);
  } catch {
    built = 0;
  }
  if (built >= newestMtime(join(repoRoot, 'src'))) return;
  // Emits even when another file has a type error (the typecheck step reports those).
  spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repoRoot, 'tsconfig.build.json')], { stdio: 'ignore' });
  statSync(entry);
}

export interface Spawned {
  child: ChildProcess;
  cwd: string;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves once the output contains `text` (rejects if the process exits first). */
  waitForOutput(text: string | RegExp): Promise<void>;
  stop(): Promise<void>;
}

export function spawnBuilt(entry: 'server' | 'worker', env: Record<string, string | undefined>, cwd = mkdtempSync(join(tmpdir(), 'spark-built-'))): Spawned {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'src', `${entry}.js`)], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: (() => void)[] = [];
  const onChunk = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout.on('data', onChunk);
  child.stderr.on('data', onChunk);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => {
    for (const w of waiters.splice(0)) w();
  });
  const waitForOutput = (text: string | RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (typeof text === 'string' ? output.includes(text) : text.test(output)) resolve();
        else if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`process exited (${child.exitCode}) before printing ${String(text)}:\n${output}`));
        else waiters.push(check);
      };
      check();
    });
  return {
    child,
    cwd,
    output: () => output,
    exited,
    waitForOutput,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
