import { afterEach, describe, expect, it } from '@jest/globals';
import { createModelClient, ModelAbortedError, ModelConnectionError, type ModelError, type SparkModelClient } from '../../src/model/index.js';
import type { Transport } from '../../src/model/types.js';
import { startFakeSpark, type FakeSpark } from '../fakes/spark-server.js';
import { drain, recordingLogger } from './helpers.js';

let fake: FakeSpark | undefined;
let client: SparkModelClient | undefined;
afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

describe('abort and deadline', () => {
  it.each<Transport>(['websocket', 'sse', 'chat'])('a deadline on a stalled %s turn throws a deadline error', async (transport) => {
    // The deadline fires once the stalled turn has reached the server, with the TimeoutError
    // that AbortSignal.timeout() aborts with (a wall-clock timer would race the connect).
    const deadline = new AbortController();
    fake = await startFakeSpark({
      faults: (context) => {
        if (context.phase === 'turn') setImmediate(() => deadline.abort(new DOMException('The operation timed out.', 'TimeoutError')));
        return context.phase === 'turn' ? { kind: 'stall' } : undefined;
      },
    });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport });
    const out = await drain(client.stream({ instructions: 'sys', input: 'x', signal: deadline.signal }));
    expect(out.error).toBeInstanceOf(ModelAbortedError);
    expect((out.error as ModelError).code).toBe('deadline');
    expect(out.types).not.toContain('done');
    // Aborts are not retried: the stream ended after exactly the one turn.
    expect(fake.stats.turns).toBe(1);
  });

  it('abort() mid-stream stops at once, closes the in-flight socket, and the next turn still works', async () => {
    fake = await startFakeSpark({ reply: 'z'.repeat(4000), tokensPerSecond: 2000 });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket' });
    const controller = new AbortController();
    const types: string[] = [];
    let error: unknown;
    try {
      for await (const event of client.stream({ instructions: 'sys', input: 'x', signal: controller.signal })) {
        types.push(event.type);
        if (types.length === 3) controller.abort();
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelAbortedError);
    expect((error as ModelError).code).toBe('aborted');
    expect(types.length).toBeLessThan(1000); // far from the 1000 deltas of the full reply
    expect(client.stats.websocket?.busy).toBe(0);
    expect(client.stats.websocket?.idle).toBe(0); // a socket with a response in flight is not reused
    const next = await drain(client.stream({ instructions: 'sys', input: 'again' }));
    expect(next.result?.text).toBe('z'.repeat(4000));
  });

  it('an abort during backoff ends the wait', async () => {
    fake = await startFakeSpark({ faults: () => ({ kind: 'status', status: 503 }) });
    const controller = new AbortController();
    // The client logs the retry right before its ~59 s backoff sleep starts; abort just after.
    const { log, entries } = recordingLogger();
    const warn = log.warn;
    log.warn = (obj: object | string, msg?: string): void => {
      warn(obj, msg);
      if (msg === 'model turn failed; retrying') queueMicrotask(() => controller.abort());
    };
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'sse', backoffBaseMs: 60_000, backoffMaxMs: 60_000, random: () => 0.99, log });
    const out = await drain(client.stream({ instructions: 'sys', input: 'x', signal: controller.signal }));
    expect(out.error).toBeInstanceOf(ModelAbortedError);
    expect(entries.filter((e) => e.msg === 'model turn failed; retrying')).toHaveLength(1);
    expect(fake.stats.turns).toBe(1);
  });

  it('breaking out of the loop releases the turn without an error', async () => {
    fake = await startFakeSpark({ reply: 'w'.repeat(2000), tokensPerSecond: 5000 });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket' });
    for await (const event of client.stream({ instructions: 'sys', input: 'x' })) {
      if (event.type === 'delta') break;
    }
    expect(client.stats.websocket?.busy).toBe(0);
    const next = await drain(client.stream({ instructions: 'sys', input: 'again' }));
    expect(next.result?.text).toBe('w'.repeat(2000));
    expect(fake.stats.concurrentTurnViolations).toBe(0);
  });
});

describe('WebSocket → SSE fallback', () => {
  it('falls back to SSE when the upgrade is refused, and stays on SSE for later turns', async () => {
    const { log, entries } = recordingLogger();
    fake = await startFakeSpark({ reply: 'via sse', refuseWebSocket: true });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket', log });
    const first = await drain(client.stream({ instructions: 'sys', input: 'x' }));
    expect(first.error).toBeUndefined();
    expect(first.result?.text).toBe('via sse');
    expect(first.result?.transport).toBe('sse');
    expect(first.result?.retries).toBe(0);
    expect(entries.some((e) => e.level === 'warn' && e.msg?.includes('falling back to HTTP SSE'))).toBe(true);
    const second = await drain(client.stream({ instructions: 'sys', input: 'y' }));
    expect(second.result?.transport).toBe('sse');
    expect(fake.stats.upgrades).toBe(1);
    expect(fake.requests.map((r) => r.transport)).toEqual(['sse', 'sse']);
  });

  it('falls back on a one-off refused upgrade (e.g. 502 from a proxy)', async () => {
    fake = await startFakeSpark({ reply: 'ok', faults: [{ kind: 'refuse-upgrade', status: 502 }] });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket' });
    const out = await drain(client.stream({ instructions: 'sys', input: 'x' }));
    expect(out.result?.transport).toBe('sse');
  });

  it('with fallbackToSse: false, a refused upgrade is a connection error', async () => {
    fake = await startFakeSpark({ refuseWebSocket: true });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket', fallbackToSse: false, maxRetries: 1, backoffBaseMs: 1 });
    const out = await drain(client.stream({ instructions: 'sys', input: 'x' }));
    expect(out.error).toBeInstanceOf(ModelConnectionError);
    expect(fake.requests).toHaveLength(0);
  });

  it('SPARK_TRANSPORT=sse never tries the WebSocket', async () => {
    fake = await startFakeSpark({ reply: 'ok' });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'sse' });
    await drain(client.stream({ instructions: 'sys', input: 'x' }));
    expect(fake.stats.upgrades).toBe(0);
  });
});
