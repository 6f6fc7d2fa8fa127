import { afterEach, describe, expect, it } from '@jest/globals';
import { createModelClient, type ModelEvent, type ModelResult, type SparkModelClient } from '../../src/model/index.js';
import type { Transport } from '../../src/model/types.js';
import { startFakeSpark, type FakeSpark } from '../fakes/spark-server.js';
import { drain } from './helpers.js';

const REPLY = '*** Begin Patch\n*** Update File: src/a.ts\n@@\n-const a = 1;\n+const a = 2;\n*** End Patch\n';

let fake: FakeSpark | undefined;
let client: SparkModelClient | undefined;
afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

/** The shared drain, for turns that must finish: a turn without `done` fails the test. */
async function collect(events: AsyncIterable<ModelEvent>): Promise<{ deltas: string[]; types: string[]; result: ModelResult }> {
  const out = await drain(events);
  if (out.error !== undefined) throw out.error;
  if (out.result === undefined) throw new Error('no done event');
  return { deltas: out.deltas, types: out.types, result: out.result };
}

describe.each<Transport>(['websocket', 'sse', 'chat'])('happy path over %s', (transport) => {
  it('streams the reply, then done with usage, timings and a response id', async () => {
    fake = await startFakeSpark({ reply: REPLY, apiKey: 'sk-test-key-123456', ttftMs: 5, tokensPerSecond: 500 });
    client = createModelClient({ apiKey: 'sk-test-key-123456', baseUrl: fake.url, model: 'gpt-5.3-codex-spark', transport });
    const { deltas, types, result } = await collect(
      client.stream({ instructions: 'You write patches.', input: 'Change a to 2', maxOutputTokens: 500, promptCacheKey: 'o/r#1' }),
    );
    // Streamed, not one blob. (Unread deltas are merged when the consumer lags, so on a loaded
    // machine fewer, larger deltas arrive: only "more than one" is load-independent.)
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(REPLY);
    expect(types.at(-1)).toBe('done');
    expect(types.filter((t) => t === 'done')).toHaveLength(1);
    expect(result.text).toBe(REPLY);
    expect(result.transport).toBe(transport);
    expect(result.retries).toBe(0);
    expect(result.responseId).toMatch(transport === 'chat' ? /^chatcmpl_/ : /^resp_/);
    expect(result.usage.outputTokens).toBe(Math.ceil(REPLY.length / 4));
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.estimated).toBeUndefined();
    expect(result.timings.ttftMs).toBeGreaterThan(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.ttftMs);
    expect(result.timings.tokensPerSecond).toBeGreaterThan(0);
    expect(result.timings.connectMs).toBeGreaterThanOrEqual(0);

    const sent = fake.requests[0];
    expect(sent?.transport).toBe(transport);
    expect(sent?.headers.authorization).toBe('Bearer sk-test-key-123456');
    if (transport === 'chat') {
      expect(sent?.body).toMatchObject({
        model: 'gpt-5.3-codex-spark',
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 500,
        messages: [
          { role: 'system', content: 'You write patches.' },
          { role: 'user', content: 'Change a to 2' },
        ],
      });
    } else {
      expect(sent?.body).toMatchObject({
        model: 'gpt-5.3-codex-spark',
        instructions: 'You write patches.',
        input: 'Change a to 2',
        max_output_tokens: 500,
        store: false,
        prompt_cache_key: 'o/r#1',
      });
      // WebSocket mode: stream/background are transport-only fields and must not be sent.
      if (transport === 'websocket') expect(sent?.body).not.toHaveProperty('stream');
      else expect(sent?.body.stream).toBe(true);
    }
  });
});

describe('websocket pool', () => {
  it('reuses the warm connection for the next turn (connectMs 0, no new socket)', async () => {
    fake = await startFakeSpark({ reply: 'ok' });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket' });
    const first = await collect(client.stream({ instructions: 'i', input: 'one' }));
    const second = await collect(client.stream({ instructions: 'i', input: 'two' }));
    expect(first.result.timings.connectMs).toBeGreaterThan(0);
    expect(second.result.timings.connectMs).toBe(0);
    expect(fake.stats.websocketConnections).toBe(1);
    expect(fake.stats.upgrades).toBe(1);
  });

  it('runs concurrent turns on separate sockets, never two in flight on one', async () => {
    fake = await startFakeSpark({ reply: 'x'.repeat(400), tokensPerSecond: 5000 });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket', poolSize: 2 });
    const results = await Promise.all([1, 2, 3, 4].map((n) => collect(client!.stream({ instructions: 'i', input: `turn ${n}` }))));
    expect(results.map((r) => r.result.text)).toEqual(Array(4).fill('x'.repeat(400)));
    expect(fake.stats.websocketConnections).toBe(2);
    expect(fake.stats.concurrentTurnViolations).toBe(0);
  });

  it('warm() opens the socket before the first turn', async () => {
    fake = await startFakeSpark({ reply: 'ok' });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket' });
    await client.warm();
    expect(fake.stats.websocketConnections).toBe(1);
    const { result } = await collect(client.stream({ instructions: 'i', input: 'x' }));
    expect(result.timings.connectMs).toBe(0);
    expect(fake.stats.websocketConnections).toBe(1);
  });

  it('rotates a socket older than maxConnectionAgeMs instead of reusing it', async () => {
    fake = await startFakeSpark({ reply: 'ok' });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket', maxConnectionAgeMs: 20 });
    await collect(client.stream({ instructions: 'i', input: 'one' }));
    await new Promise((resolve) => setTimeout(resolve, 40));
    const second = await collect(client.stream({ instructions: 'i', input: 'two' }));
    expect(second.result.timings.connectMs).toBeGreaterThan(0);
    expect(fake.stats.websocketConnections).toBe(2);
  });
});
