/**
 * `npm start` as a new user meets it: the built server (dist/src/server.js) in a child
 * process, in an empty directory holding only app.yml and package.json (no developer .env).
 *  - setup mode: the manifest Probot builds from app.yml carries the smee channel as the
 *    webhook URL, and after registration the page and the terminal say what is still missing
 *    and link to the App's install page;
 *  - configured: a bad model setting is one line and exit code 2; a keyless local model
 *    server is allowed, and an unreachable one is a warning, not a crash; with
 *    WEBHOOK_PROXY_URL, deliveries from the smee channel reach the webhook path and are verified.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { freePort } from './fakes/app-process.js';
import { startFakeGitHub } from './fakes/github-server.js';
import { issueCommentEvent, OWNER, REPO, signedRequest } from './fakes/webhooks.js';
import { ensureBuilt, repoRoot, spawnBuilt, type Spawned } from './helpers/built-app.js';
import { describeWithRedis, redisTestUrl } from './queue/redis-harness.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

const spawned: Spawned[] = [];
const servers: Server[] = [];

beforeAll(() => ensureBuilt(), 240_000);

afterAll(async () => {
  await Promise.all(spawned.map((s) => s.stop()));
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

function appDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spark-start-'));
  copyFileSync(join(repoRoot, 'app.yml'), join(dir, 'app.yml'));
  copyFileSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
  return dir;
}

function start(entry: 'server' | 'worker', env: Record<string, string | undefined>, cwd?: string): Spawned {
  const s = spawnBuilt(entry, { NO_COLOR: '1', ...env }, cwd);
  spawned.push(s);
  return s;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function getWhenUp(url: string, process: Spawned): Promise<Response> {
  for (;;) {
    if (process.child.exitCode !== null) throw new Error(`server exited:\n${process.output()}`);
    try {
      return await fetch(url, { redirect: 'manual' });
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('setup mode (no APP_ID yet)', () => {
  it('builds a manifest whose webhook URL is the smee channel; after registration the page and the terminal say what is missing and how to install', async () => {
    // A stand-in smee.io channel (Server-Sent Events) and a stand-in GitHub for the manifest conversion.
    const smee = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': ready\n\n');
    });
    const github = await listen((req, res) => {
      if (req.method === 'POST' && req.url === '/api/v3/app-manifests/the-code/conversions') {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 4242, client_id: 'Iv1.abc', client_secret: 'cs', webhook_secret: 'whs', pem: privateKey, html_url: 'https://github.com/apps/my-spark' }));
      } else res.writeHead(404).end();
    });
    const channel = `${smee}/my-channel`;
    const port = await freePort();
    const cwd = appDir();
    const server = start('server', { PORT: String(port), HOST: '127.0.0.1', WEBHOOK_PROXY_URL: channel, GHE_HOST: new URL(github).host, GHE_PROTOCOL: 'http' }, cwd);

    const page = await (await getWhenUp(`http://127.0.0.1:${port}/probot`, server)).text();
    const manifest = JSON.parse(/value='([^']*)'/.exec(page)![1]!) as Record<string, any>;
    expect(manifest.hook_attributes).toEqual({ url: channel });
    expect(manifest.redirect_url).toBe(`http://127.0.0.1:${port}/probot/setup`);
    expect(typeof manifest.url).toBe('string'); // GitHub requires a homepage URL
    expect(manifest.url).not.toMatch(/github\.com\/apps\//);
    expect(manifest.default_permissions).toMatchObject({ contents: 'write', pull_requests: 'write', issues: 'write', metadata: 'read' });

    const done = await fetch(`http://127.0.0.1:${port}/probot/setup?code=the-code`, { redirect: 'manual' });
    expect(done.status).toBe(200);
    const html = await done.text();
    expect(html).toContain('GitHub App 4242 is registered');
    expect(html).toContain('Still missing: OPENAI_API_KEY (add OPENAI_API_KEY=sk-… to .env; for a keyless OpenAI-compatible server set OPENAI_BASE_URL=http://host:port/v1 instead). Optional: SPARK_MODEL');
    expect(html).toContain('<a href="https://github.com/apps/my-spark/installations/new">Install the App</a>');
    // From now on the setup page says the same instead of offering to register a second App.
    const again = await (await fetch(`http://127.0.0.1:${port}/probot`)).text();
    expect(again).toContain('GitHub App 4242 is registered');
    expect(again).not.toContain('value=\'');
    await server.waitForOutput('Then restart');
    expect(server.output()).toContain('Still missing: OPENAI_API_KEY');
    // The terminal names the address the browser uses, not the loopback port Probot's setup app listens on behind it.
    expect(server.output()).toContain(`open http://127.0.0.1:${port} to register the GitHub App`);
    expect(server.output()).not.toMatch(/Listening on|Welcome to Probot/);
    const written = parseEnv(readFileSync(join(cwd, '.env'), 'utf8'));
    // WEBHOOK_PROXY_URL was given, so Probot created no smee channel of its own to write.
    expect(Object.keys(written).sort()).toEqual(['APP_ID', 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET', 'PRIVATE_KEY', 'WEBHOOK_SECRET']);
    expect(written).toMatchObject({ APP_ID: '4242', WEBHOOK_SECRET: 'whs', PRIVATE_KEY: privateKey });
  }, 60_000);
});

const configured = { APP_ID: '4242', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: 'whs', HOST: '127.0.0.1', NODE_ENV: 'production' };

describe('start-up checks once configured', () => {
  it.each([
    ['no OPENAI_API_KEY for OpenAI’s API', {}, /OPENAI_API_KEY is not set, and OPENAI_BASE_URL is OpenAI's API/],
    ['an invalid OPENAI_BASE_URL', { OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'localhost:8000/v1' }, /OPENAI_BASE_URL must start with http:\/\/ or https:\/\//],
    ['an invalid SPARK_TRANSPORT', { OPENAI_API_KEY: 'sk-x', SPARK_TRANSPORT: 'grpc' }, /SPARK_TRANSPORT must be one of websocket, sse, chat; got "grpc"/],
  ])('refuses to start with %s: one log line, exit code 2', async (_what, extra, message) => {
    const server = start('server', { ...configured, PORT: String(await freePort()), ...extra });
    const code = await server.exited;
    const lines = server.output().trim().split('\n');
    expect({ code, lines: lines.length }).toEqual({ code: 2, lines: 1 });
    // NODE_ENV=production: pino's JSON line.
    const { level, msg } = JSON.parse(lines[0]!) as { level: number; msg: string };
    expect(level).toBe(60);
    expect(msg).toMatch(message);
    expect(msg).toMatch(/^spark-patch cannot start: .*[^.]\.$/);
  }, 60_000);

  it('starts with a keyless local model server; an unreachable one is a warning and /readyz says so', async () => {
    const port = await freePort();
    const closedPort = await freePort();
    const server = start('server', { ...configured, PORT: String(port), OPENAI_BASE_URL: `http://127.0.0.1:${closedPort}/v1`, SPARK_WARMUP: 'false' });
    expect((await getWhenUp(`http://127.0.0.1:${port}/healthz`, server)).status).toBe(200);
    await server.waitForOutput('model endpoint check failed at start');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    const report = (await ready.json()) as { checks: Record<string, { ok: boolean }> };
    expect(report.checks.model?.ok).toBe(false);
    expect(report.checks.github_app?.ok).toBe(true);
    expect(server.child.exitCode).toBeNull();
  }, 60_000);
});

describe('smee forwarding once configured', () => {
  it('a delivery from the WEBHOOK_PROXY_URL channel is posted to the webhook path: a signed one is handled, a forged one refused', async () => {
    const github = await startFakeGitHub({ owner: OWNER, repo: REPO, roles: { Codertocat: 'write' }, pulls: [{ number: 2, title: 't', body: '', headRef: 'feature', baseRef: 'main', baseSha: 'b'.repeat(40), files: new Map(), changed: [], diff: '' }] });
    try {
      // smee.io's protocol: Server-Sent Events whose data is one delivery, its headers as keys beside `body` (and `query`).
      const event = (delivery: { headers: Record<string, string>; body: string }) => `data: ${JSON.stringify({ ...delivery.headers, body: JSON.parse(delivery.body), query: {}, timestamp: 1 })}\n\n`;
      const signed = signedRequest({ id: 'smee-signed', ...issueCommentEvent({ body: '/spark help' }) }, 'whs');
      const forged = signedRequest({ id: 'smee-forged', ...issueCommentEvent({ body: '/spark help', commentId: 77 }) }, 'not-the-secret');
      let channelPath = '';
      const smee = await listen((req, res) => {
        channelPath = req.url ?? '';
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write(`event: ready\ndata: {}\n\n${event(forged)}${event(signed)}`);
      });
      const port = await freePort();
      const closedPort = await freePort();
      const server = start('server', {
        ...configured,
        PORT: String(port),
        WEBHOOK_PROXY_URL: `${smee}/spark-channel`,
        GHE_HOST: github.host,
        GHE_PROTOCOL: 'http',
        OPENAI_API_KEY: 'sk-x',
        OPENAI_BASE_URL: `http://127.0.0.1:${closedPort}/v1`,
        SPARK_WARMUP: 'false',
      });
      const webhooks = `http://127.0.0.1:${port}/api/github/webhooks`;
      await server.waitForOutput(`POST ${webhooks} - 200`);
      await server.waitForOutput(`POST ${webhooks} - 400`);
      expect(channelPath).toBe('/spark-channel');
      // The signed delivery ran the handler: the help reply on the PR (the forged one made no request at all).
      const posted = () => github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/2/comments'));
      while (posted().length === 0 && server.child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      expect(posted()).toHaveLength(1);
      expect([...github.comments.values()].map((c) => c.body)).toEqual([expect.stringContaining('/spark fix')]);
    } finally {
      await github.close();
    }
  }, 60_000);
});

describe('npm run worker', () => {
  it('reports a missing REDIS_URL and missing App credentials in one line, exit code 2', async () => {
    const worker = start('worker', { OPENAI_API_KEY: 'sk-x' });
    const code = await worker.exited;
    const lines = worker.output().trim().split('\n');
    expect({ code, lines: lines.length }).toEqual({ code: 2, lines: 1 });
    expect(lines[0]).toContain('REDIS_URL is not set');
    expect(lines[0]).toContain('APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) not set');
    expect(lines[0]).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describeWithRedis('npm run worker with Redis', () => {
  it('logs at info without LOG_LEVEL; HEALTH_PORT serves /healthz and /readyz, METRICS_PORT serves /metrics only', async () => {
    const [healthPort, metricsPort, closedPort] = [await freePort(), await freePort(), await freePort()];
    const worker = start('worker', {
      APP_ID: '4242',
      PRIVATE_KEY: privateKey,
      REDIS_URL: redisTestUrl(),
      SPARK_QUEUE_NAME: `startup-${process.pid}`,
      OPENAI_BASE_URL: `http://127.0.0.1:${closedPort}/v1`,
      HOST: '127.0.0.1',
      HEALTH_PORT: String(healthPort),
      METRICS_PORT: String(metricsPort),
      SPARK_WARMUP: 'false',
    });
    await worker.waitForOutput('worker started');
    expect((await getWhenUp(`http://127.0.0.1:${healthPort}/healthz`, worker)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
    const report = (await ready.json()) as { checks: Record<string, { ok: boolean }> };
    expect(ready.status).toBe(503); // the model endpoint is a closed port
    expect(report.checks).toMatchObject({ redis: { ok: true }, model: { ok: false }, github_app: { ok: true } });
    const metrics = await getWhenUp(`http://127.0.0.1:${metricsPort}/metrics`, worker);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('spark_queue_depth');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${healthPort}/metrics`)).status).toBe(404);
  }, 60_000);
});
