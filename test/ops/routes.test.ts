import { describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetrics } from '../../src/metrics.js';
import { credentialsCheck, probeModelEndpoint } from '../../src/ops/checks.js';
import { createReadiness, type ReadinessCheck } from '../../src/ops/readiness.js';
import { healthRoutes, metricsExposureFromEnv, metricsOnly, tokenMetricsRoute, type RouteHandler } from '../../src/ops/routes.js';
import { checkStartupConfig } from '../../src/ops/startup-check.js';

async function withServer(handler: (req: IncomingMessage, res: ServerResponse) => void, fn: (base: string) => Promise<void>): Promise<void> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function routes(...handlers: RouteHandler[]): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    for (const h of handlers) if (h(req, res)) return;
    res.writeHead(404).end('not found');
  };
}

const ok = (name: string): ReadinessCheck => ({ name, run: async () => ({ ok: true }) });

describe('/healthz and /readyz', () => {
  it('healthz is 200 whatever the checks say; readyz is 503 naming the failed check, 200 when all pass', async () => {
    let redisUp = false;
    const redis: ReadinessCheck = { name: 'redis', run: async () => (redisUp ? { ok: true } : { ok: false, detail: 'ECONNREFUSED' }) };
    const readiness = createReadiness([redis, ok('model')], { reuseMs: 0 });
    await withServer(routes(healthRoutes(readiness)), async (base) => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ready: false, checks: { redis: { ok: false, detail: 'ECONNREFUSED' }, model: { ok: true } } });
      redisUp = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    });
  });

  it('counts a check that does not answer within the deadline as failed (and aborts it)', async () => {
    let aborted = false;
    const hanging: ReadinessCheck = {
      name: 'model',
      run: (signal) =>
        new Promise(() => {
          signal.addEventListener('abort', () => (aborted = true));
        }),
    };
    const report = await createReadiness([hanging, ok('redis')], { deadlineMs: 20 })();
    expect(report).toEqual({ ready: false, checks: { model: { ok: false, detail: 'no answer within 20 ms' }, redis: { ok: true } } });
    expect(aborted).toBe(true);
  });

  it('shares one run among concurrent probes and reuses it for reuseMs', async () => {
    let runs = 0;
    let now = 0;
    const counted: ReadinessCheck = { name: 'model', run: async () => (runs++, { ok: true }) };
    const readiness = createReadiness([counted], { reuseMs: 1_000, now: () => now });
    await Promise.all([readiness(), readiness(), readiness()]);
    expect(runs).toBe(1);
    now = 999;
    await readiness();
    expect(runs).toBe(1);
    now = 1_000;
    await readiness();
    expect(runs).toBe(2);
  });
});

describe('/metrics exposure', () => {
  const metrics = createMetrics({ defaultMetrics: false });
  metrics.jobs.inc({ outcome: 'completed', kind: 'fix' });

  it('picks METRICS_PORT over METRICS_TOKEN, and neither means off', () => {
    expect(metricsExposureFromEnv({ METRICS_PORT: '9464', METRICS_TOKEN: 't'.repeat(32) })).toEqual({ kind: 'port', port: 9464 });
    expect(metricsExposureFromEnv({ METRICS_TOKEN: ' secret-token-123456 ' })).toEqual({ kind: 'token', token: 'secret-token-123456' });
    expect(metricsExposureFromEnv({})).toEqual({ kind: 'none' });
  });

  it('is not served on the public port without METRICS_TOKEN (404), and with it only for the right bearer token', async () => {
    await withServer(routes(tokenMetricsRoute(metrics, { kind: 'none' })), async (base) => {
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
    });
    const token = 'a-metrics-token-of-32-characters';
    await withServer(routes(tokenMetricsRoute(metrics, { kind: 'token', token })), async (base) => {
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
      const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('spark_jobs_total{outcome="completed",kind="fix"} 1');
    });
  });

  it('the METRICS_PORT server serves /metrics and nothing else', async () => {
    await withServer(metricsOnly(metrics), async (base) => {
      expect((await fetch(`${base}/metrics`)).status).toBe(200);
      expect((await fetch(`${base}/healthz`)).status).toBe(404);
      expect((await fetch(`${base}/api/github/webhooks`, { method: 'POST', body: '{}' })).status).toBe(404);
    });
  });
});

describe('readiness checks', () => {
  const fakeFetch = (status: number): typeof fetch => (async () => new Response('{}', { status })) as typeof fetch;
  const endpoint = { baseUrl: 'http://127.0.0.1:8000/v1/', apiKey: '' };

  it('treats any answer of the model endpoint as reachable except 401/403 and 5xx', async () => {
    const signal = new AbortController().signal;
    expect(await probeModelEndpoint(endpoint, signal, fakeFetch(200))).toEqual({ ok: true });
    expect(await probeModelEndpoint(endpoint, signal, fakeFetch(404))).toEqual({ ok: true });
    expect(await probeModelEndpoint(endpoint, signal, fakeFetch(401))).toEqual({ ok: false, detail: 'http://127.0.0.1:8000/v1 refused the API key (HTTP 401): check OPENAI_API_KEY' });
    expect((await probeModelEndpoint(endpoint, signal, fakeFetch(503))).ok).toBe(false);
    const refused = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as typeof fetch;
    expect(await probeModelEndpoint(endpoint, signal, refused)).toEqual({ ok: false, detail: 'http://127.0.0.1:8000/v1 is not reachable (ECONNREFUSED)' });
  });

  it('checks the GitHub App credentials: an id and a key that parses', async () => {
    expect(await credentialsCheck('12', undefined).run(new AbortController().signal)).toEqual({ ok: false, detail: 'no private key (PRIVATE_KEY or PRIVATE_KEY_PATH)' });
    expect((await credentialsCheck('12', '-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----\n').run(new AbortController().signal)).ok).toBe(false);
    expect((await credentialsCheck('', 'x').run(new AbortController().signal)).ok).toBe(false);
  });
});

describe('checkStartupConfig', () => {
  it('allows a keyless OpenAI-compatible server, refuses OpenAI’s API without a key', () => {
    expect(checkStartupConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }).ok).toBe(true);
    const missing = checkStartupConfig({});
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.problems[0]).toMatch(/^OPENAI_API_KEY is not set/);
    expect(checkStartupConfig({ OPENAI_API_KEY: 'sk-x' }).ok).toBe(true);
  });

  it('collects every problem: a bad transport, a bad port, a short metrics token', () => {
    const result = checkStartupConfig({ OPENAI_API_KEY: 'sk-x', SPARK_TRANSPORT: 'grpc', METRICS_PORT: '99999', METRICS_TOKEN: 'short' });
    expect(result).toEqual({
      ok: false,
      problems: [
        'SPARK_TRANSPORT must be one of websocket, sse, chat; got "grpc"',
        'METRICS_PORT must be a port number (1-65535); got "99999"',
        'METRICS_TOKEN is too short: use at least 16 random characters (e.g. `openssl rand -hex 32`)',
      ],
    });
  });
});
