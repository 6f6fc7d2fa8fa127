import { afterEach, describe, expect, it } from '@jest/globals';
import { createModelClient, type SparkModelClient } from '../../src/model/index.js';
import type { Transport } from '../../src/model/types.js';
import { startFakeSpark, type FakeSpark } from '../fakes/spark-server.js';
import { drain } from './helpers.js';

let fake: FakeSpark | undefined;
let client: SparkModelClient | undefined;
afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

describe('previous_response_id chaining', () => {
  it.each<Transport>(['websocket', 'sse'])('sends previous_response_id on a follow-up over %s (store: true)', async (transport) => {
    fake = await startFakeSpark({ reply: 'patch v1' });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport, store: true });
    const first = await drain(client.stream({ instructions: 'sys', input: 'fix' }));
    const id = first.result?.responseId;
    expect(id).toBeDefined();
    const second = await drain(client.stream({ instructions: 'sys', input: 'the patch did not apply', previousResponseId: id as string }));
    expect(second.error).toBeUndefined();
    expect(second.result?.retries).toBe(0);
    expect(fake.requests[1]?.body).toMatchObject({ previous_response_id: id, input: 'the patch did not apply', store: true });
  });

  it.each<Transport>(['websocket', 'sse'])('previous_response_not_found over %s → one retry with the full input and no previous id', async (transport) => {
    fake = await startFakeSpark({ reply: 'patch v2' });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport });
    const out = await drain(
      client.stream({ instructions: 'sys', input: 'only the new part', fullInput: 'the whole conversation', previousResponseId: 'resp_gone' }),
    );
    expect(out.error).toBeUndefined();
    expect(out.result?.text).toBe('patch v2');
    expect(out.result?.retries).toBe(1);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]?.body).toMatchObject({ previous_response_id: 'resp_gone', input: 'only the new part' });
    expect(fake.requests[1]?.body).not.toHaveProperty('previous_response_id');
    expect(fake.requests[1]?.body.input).toBe('the whole conversation');
  });

  it('does not retry a second time if the chain-less retry also fails that way', async () => {
    fake = await startFakeSpark({ faults: () => ({ kind: 'previous-not-found' }) });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'sse' });
    const out = await drain(client.stream({ instructions: 'sys', input: 'x', previousResponseId: 'resp_gone' }));
    expect((out.error as { code?: string }).code).toBe('previous_response_not_found');
    expect(fake.requests).toHaveLength(2);
  });

  it('with store: false, a follow-up goes to the socket that holds the previous response', async () => {
    fake = await startFakeSpark({ reply: 'y'.repeat(200), tokensPerSecond: 4000 });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket', poolSize: 2, store: false });
    // Two concurrent turns open two sockets; each socket only remembers its own last response.
    const [a, b] = await Promise.all([
      drain(client.stream({ instructions: 'sys', input: 'a' })),
      drain(client.stream({ instructions: 'sys', input: 'b' })),
    ]);
    expect(fake.stats.websocketConnections).toBe(2);
    for (const previous of [a.result?.responseId, b.result?.responseId]) {
      const out = await drain(client.stream({ instructions: 'sys', input: 'follow-up', previousResponseId: previous as string }));
      expect(out.result?.retries).toBe(0); // no previous_response_not_found: routed to the right socket
    }
    expect(fake.stats.websocketConnections).toBe(2);
  });

  it('chat completions ignore chaining and always send the full input', async () => {
    fake = await startFakeSpark({ reply: 'ok' });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'chat' });
    await drain(client.stream({ instructions: 'sys', input: 'new', fullInput: 'everything', previousResponseId: 'resp_x' }));
    expect(fake.requests[0]?.body.messages).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'everything' },
    ]);
  });
});

describe('websocket_connection_limit_reached', () => {
  it('reconnects transparently on a fresh socket', async () => {
    fake = await startFakeSpark({ reply: 'fine', faults: [{ kind: 'connection-limit' }] });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket' });
    const out = await drain(client.stream({ instructions: 'sys', input: 'x' }));
    expect(out.error).toBeUndefined();
    expect(out.result?.text).toBe('fine');
    expect(out.result?.transport).toBe('websocket');
    expect(fake.stats.websocketConnections).toBe(2);
  });

  it('hits the server-side lifetime cap on an old warm socket and recovers', async () => {
    // The fake's clock, not the wall clock, ages the socket: a slow machine cannot expire it early.
    let now = 0;
    fake = await startFakeSpark({ reply: 'fine', connectionLifetimeMs: 30, now: () => now });
    client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket' });
    const first = await drain(client.stream({ instructions: 'sys', input: 'x' }));
    expect(first.result?.retries).toBe(0);
    expect(fake.stats.websocketConnections).toBe(1);
    now = 31;
    const out = await drain(client.stream({ instructions: 'sys', input: 'y' }));
    expect(out.result?.text).toBe('fine');
    expect(fake.stats.websocketConnections).toBe(2);
  });
});
