import { afterEach, describe, expect, it } from '@jest/globals';
import {
  createModelClient,
  ModelAuthError,
  ModelBadRequestError,
  ModelConnectionError,
  ModelError,
  ModelFailedError,
  ModelIncompleteError,
  ModelRateLimitError,
  ModelServerError,
  type ModelClientOptions,
  type SparkModelClient,
} from '../../src/model/index.js';
import type { Transport } from '../../src/model/types.js';
import { startFakeSpark, type FakeSpark, type FakeSparkOptions } from '../fakes/spark-server.js';
import { drain, recordingLogger } from './helpers.js';

const REPLY = 'const answer = 42; // a reply long enough to be split into many deltas';

let fake: FakeSpark | undefined;
let client: SparkModelClient | undefined;
afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

async function setup(fakeOptions: FakeSparkOptions, clientOptions: Partial<ModelClientOptions> & { transport: Transport }): Promise<SparkModelClient> {
  fake = await startFakeSpark({ reply: REPLY, ...fakeOptions });
  client = createModelClient({ apiKey: 'sk-secret-abcdef123456', baseUrl: fake.url, model: 'm', backoffBaseMs: 1, backoffMaxMs: 5, ...clientOptions });
  return client;
}

const request = { instructions: 'sys', input: 'fix it' };

describe.each<Transport>(['websocket', 'sse', 'chat'])('faults over %s', (transport) => {
  it('a mid-stream drop discards the partial answer (reset) and retries the whole turn', async () => {
    const c = await setup({ faults: [{ kind: 'drop', afterDeltas: 3 }] }, { transport });
    const out = await drain(c.stream(request));
    expect(out.error).toBeUndefined();
    const reset = out.types.indexOf('reset');
    expect(reset).toBeGreaterThan(0); // partial deltas came first (possibly coalesced), then the reset
    expect(out.types.slice(0, reset).every((t) => t === 'delta')).toBe(true);
    expect(out.deltas.slice(0, reset).join('')).toBe(REPLY.slice(0, 12)); // exactly the 3 dropped tokens
    expect(out.types.at(-1)).toBe('done');
    expect(out.visibleText).toBe(REPLY);
    expect(out.result?.text).toBe(REPLY); // never the partial text glued to the retry
    expect(out.result?.retries).toBe(1);
    expect(fake?.stats.turns).toBe(2);
  });

  it('retries a 500 with backoff and then succeeds', async () => {
    const c = await setup({ faults: [{ kind: 'status', status: 500 }, { kind: 'status', status: 502 }] }, { transport });
    const out = await drain(c.stream(request));
    expect(out.error).toBeUndefined();
    expect(out.result?.text).toBe(REPLY);
    expect(out.result?.retries).toBe(2);
    expect(out.types).not.toContain('reset'); // nothing was streamed before the failures
  });

  it('gives up on persistent 5xx after maxRetries with a server error', async () => {
    const c = await setup({ faults: () => ({ kind: 'status', status: 503 }) }, { transport, maxRetries: 2 });
    const out = await drain(c.stream(request));
    expect(out.error).toBeInstanceOf(ModelServerError);
    expect((out.error as ModelError).code).toBe('server');
    expect((out.error as ModelError).attempts).toBe(3);
    expect(out.types).not.toContain('done');
    expect(fake?.stats.turns).toBe(3);
  });

  it('fails fast on 400 without retrying', async () => {
    const c = await setup({ faults: [{ kind: 'status', status: 400, code: 'invalid_value', message: 'Unknown parameter.' }] }, { transport });
    const out = await drain(c.stream(request));
    expect(out.error).toBeInstanceOf(ModelBadRequestError);
    expect((out.error as ModelError).code).toBe('bad_request');
    expect((out.error as ModelError).userMessage).toContain('Unknown parameter');
    expect(fake?.stats.turns).toBe(1);
  });

  it.each([401, 403])('fails fast on %i and never leaks the key', async (status) => {
    const c = await setup({ faults: [{ kind: 'status', status, message: 'Incorrect API key provided: sk-secret-abcdef123456.' }] }, { transport });
    const out = await drain(c.stream(request));
    expect(out.error).toBeInstanceOf(ModelAuthError);
    const error = out.error as ModelError;
    expect(error.code).toBe('auth');
    expect(error.userMessage).toContain('OPENAI_API_KEY');
    expect(error.userMessage).not.toContain('abcdef123456');
    expect(error.message).not.toContain('abcdef123456');
    expect(fake?.stats.turns).toBe(1);
  });

  it('a 429 is retried and then succeeds', async () => {
    const c = await setup({ faults: [{ kind: 'status', status: 429 }] }, { transport });
    const out = await drain(c.stream(request));
    expect(out.error).toBeUndefined();
    expect(out.result?.retries).toBe(1);
  });

  it('an incomplete response never yields done and throws ModelIncompleteError', async () => {
    const c = await setup({ faults: [{ kind: 'incomplete', afterDeltas: 4 }] }, { transport });
    const out = await drain(c.stream(request));
    expect(out.error).toBeInstanceOf(ModelIncompleteError);
    expect((out.error as ModelError).code).toBe('incomplete');
    expect((out.error as ModelError).userMessage).toContain('max_output_tokens');
    expect(out.types).not.toContain('done');
    expect(out.result).toBeUndefined();
    expect(fake?.stats.turns).toBe(1); // deterministic: retrying would hit the same limit
  });

  it('a failed response with a server_error is retried, other failures are final', async () => {
    const c = await setup({ faults: [{ kind: 'failed', afterDeltas: 2, code: 'server_error' }] }, { transport });
    const retried = await drain(c.stream(request));
    expect(retried.error).toBeUndefined();
    expect(retried.types).toContain('reset');
    expect(retried.result?.text).toBe(REPLY);
    fake?.addFaults({ kind: 'failed', code: 'invalid_prompt', message: 'The prompt was flagged.' });
    const final = await drain(c.stream(request));
    expect(final.error).toBeInstanceOf(ModelFailedError);
    expect(final.types).not.toContain('done');
  });
});

describe('connection failures', () => {
  it.each<Transport>(['websocket', 'sse', 'chat'])('connection refused over %s: bounded retries, then a connection error', async (transport) => {
    const dead = await startFakeSpark();
    const url = dead.url;
    await dead.close();
    client = createModelClient({ apiKey: 'k', baseUrl: url, model: 'm', transport, maxRetries: 2, backoffBaseMs: 1, backoffMaxMs: 2 });
    const out = await drain(client.stream(request));
    expect(out.error).toBeInstanceOf(ModelConnectionError);
    expect((out.error as ModelError).code).toBe('connection');
    expect((out.error as ModelError).attempts).toBe(3);
    expect((out.error as ModelError).userMessage).toContain('OPENAI_BASE_URL');
  });

  it('a stalled stream is treated as dropped after idleTimeoutMs and retried', async () => {
    const c = await setup({ faults: [{ kind: 'stall' }] }, { transport: 'websocket', idleTimeoutMs: 60 });
    const out = await drain(c.stream(request));
    expect(out.error).toBeUndefined();
    expect(out.result?.retries).toBe(1);
    expect(out.result?.transport).toBe('websocket');
    // The stalled socket had a response in flight: it must not be reused.
    expect(fake?.stats.websocketConnections).toBe(2);
  });

  it('a dropped warm socket between turns is replaced transparently', async () => {
    const c = await setup({}, { transport: 'websocket' });
    await drain(c.stream(request));
    fake?.dropAll();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const out = await drain(c.stream(request));
    expect(out.result?.text).toBe(REPLY);
    expect(fake?.stats.websocketConnections).toBe(2);
  });
});

describe('rate limits honour retry-after', () => {
  it('waits at least the server-requested retry-after before the next attempt', async () => {
    const { log, entries } = recordingLogger();
    const c = await setup({ faults: [{ kind: 'status', status: 429, retryAfterSeconds: 0.15 }] }, { transport: 'sse', log });
    const out = await drain(c.stream(request));
    expect(out.error).toBeUndefined();
    const retry = entries.find((e) => e.msg === 'model turn failed; retrying');
    expect((retry?.obj as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(150);
    expect((retry?.obj as { code: string }).code).toBe('rate_limited');
  });

  it('gives up at once when retry-after exceeds maxRetryAfterMs', async () => {
    const c = await setup({ faults: [{ kind: 'status', status: 429, retryAfterSeconds: 3600 }] }, { transport: 'sse', maxRetryAfterMs: 1000 });
    const out = await drain(c.stream(request));
    expect(out.error).toBeInstanceOf(ModelRateLimitError);
    expect((out.error as ModelError).retryAfterMs).toBe(3_600_000);
    expect(fake?.stats.turns).toBe(1);
  });

  it('an API key mismatch on the WebSocket upgrade fails fast (no SSE fallback)', async () => {
    fake = await startFakeSpark({ apiKey: 'sk-the-right-key-000000' });
    client = createModelClient({ apiKey: 'sk-the-wrong-key-999999', baseUrl: fake.url, model: 'm', transport: 'websocket' });
    const out = await drain(client.stream(request));
    expect(out.error).toBeInstanceOf(ModelAuthError);
    expect((out.error as ModelError).message).not.toContain('wrong-key-999999');
    expect(fake.stats.upgrades).toBe(1);
    expect(fake.requests).toHaveLength(0); // no SSE attempt
  });
});
