/**
 * Starts the real app as `npm start` does (`node dist/src/server.js`, or `dist/src/worker.js`)
 * in a child process on 127.0.0.1, for the end-to-end benchmark and the load test. The child
 * runs in an empty temp directory so no developer `.env` is loaded (Probot's `.env` would
 * override the variables given here), with a fresh RSA key as the App's private key.
 * Requires the compiled tree (`npm run build`); paths are found relative to this module.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/ops/free-port.js';

/** dist/test/fakes → dist; also works from test/fakes under ts-jest if dist/ exists. */
function distRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const compiled = resolve(here, '..', '..');
  if (existsSync(join(compiled, 'src', 'server.js'))) return compiled;
  return resolve(here, '..', '..', 'dist');
}

export function distEntry(name: 'server' | 'worker'): string {
  return join(distRoot(), 'src', `${name}.js`);
}

let cachedKey: string | undefined;
/** PKCS#1 PEM, as GitHub hands out App keys. Generated once per process. */
export function appPrivateKey(): string {
  cachedKey ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  return cachedKey;
}

export { freePort };

export interface AppProcessOptions {
  /** Default: the receiver (`server`). */
  entry?: 'server' | 'worker' | string;
  githubHost: string;
  openaiBaseUrl: string;
  webhookSecret: string;
  env?: Record<string, string | undefined>;
  /** Extra node flags before the entry (e.g. `--import` of a preload module). */
  nodeArgs?: string[];
  /** How long to wait for GET /ping (server) before giving up. */
  readyTimeoutMs?: number;
}

export interface AppProcess {
  child: ChildProcess;
  /** Where to POST deliveries (undefined for a worker). */
  webhookUrl?: string;
  port?: number;
  /** What the process wrote to stderr/stdout (bounded), for error reports. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const entry = options.entry === undefined || options.entry === 'server' ? distEntry('server') : options.entry === 'worker' ? distEntry('worker') : options.entry;
  const isServer = entry.endsWith('server.js') || options.entry === undefined || options.entry === 'server';
  const port = isServer ? await freePort() : undefined;
  const cwd = mkdtempSync(join(tmpdir(), 'spark-app-'));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    APP_ID: '12345',
    PRIVATE_KEY: appPrivateKey(),
    WEBHOOK_SECRET: options.webhookSecret,
    GHE_HOST: options.githubHost,
    GHE_PROTOCOL: 'http',
    OPENAI_BASE_URL: options.openaiBaseUrl,
    OPENAI_API_KEY: 'sk-bench',
    HOST: '127.0.0.1',
    PORT: port === undefined ? undefined : String(port),
    ...options.env,
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), entry], { cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  void exited.then(() => rmSync(cwd, { recursive: true, force: true }));

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  if (port !== undefined) {
    const deadline = performance.now() + (options.readyTimeoutMs ?? 15_000);
    let dead = false;
    void exited.then(() => (dead = true));
    for (;;) {
      if (dead) throw new Error(`app process exited before listening:\n${output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/ping`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (performance.now() > deadline) {
        await stop('SIGKILL');
        throw new Error(`app process did not answer /ping within ${options.readyTimeoutMs ?? 15_000} ms:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return {
    child,
    port,
    webhookUrl: port === undefined ? undefined : `http://127.0.0.1:${port}/api/github/webhooks`,
    output: () => output,
    exited,
    stop,
  };
}
