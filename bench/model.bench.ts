/**
 * Model client benchmarks:
 *  - ingest: deltas/s the client sustains through its real WS and SSE code paths, fed from
 *    memory (no server in the way), one delta = one token as Spark streams them;
 *  - overhead: per-turn latency the client adds over a raw `ws` client, same fake, warm socket;
 *  - ttft: warm WebSocket vs fresh SSE (new TCP connection) with a simulated 40 ms RTT.
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { createModelClient, type ModelEvent } from '../src/model/index.js';
import { startFakeSpark } from '../test/fakes/spark-server.js';

export const name = 'model';

const INGEST_TOKENS = 1_024_000;
const BATCH = 512; // frames delivered per I/O turn, like a busy socket read

function deltaFrame(i: number): string {
  return JSON.stringify({
    type: 'response.output_text.delta',
    item_id: 'msg_0123456789abcdef01234567',
    output_index: 0,
    content_index: 0,
    delta: ['const', ' x', ' =', ' 1', ';\n'][i % 5],
    logprobs: [],
    sequence_number: i + 4,
  });
}

function completedFrame(tokens: number): string {
  return JSON.stringify({
    type: 'response.completed',
    response: { id: 'resp_bench', status: 'completed', usage: { input_tokens: 10, output_tokens: tokens, input_tokens_details: { cached_tokens: 0 } } },
  });
}

/**
 * Just enough of `ws` for WsConnection: answers response.create with `count` delta frames
 * cycled from a small pool (so the bench measures the client, not the GC scanning a
 * gigabyte of pre-built frames), BATCH frames per I/O turn.
 */
function memoryWebSocket(head: Buffer, pool: Buffer[], count: number, tail: Buffer): typeof WebSocket {
  class MemorySocket extends EventEmitter {
    readyState = 0;
    constructor() {
      super();
      setImmediate(() => {
        this.readyState = 1;
        this.emit('open');
      });
    }
    send(_message: string, callback?: (error?: Error) => void): void {
      callback?.();
      let i = 0;
      const pump = (): void => {
        if (i === 0) this.emit('message', head, false);
        const end = Math.min(count, i + BATCH);
        for (; i < end; i++) this.emit('message', pool[i % pool.length], false);
        if (i < count) setImmediate(pump);
        else this.emit('message', tail, false);
      };
      setImmediate(pump);
    }
    ping(): void {}
    terminate(): void {
      this.readyState = 3;
      this.emit('close', 1006);
    }
  }
  return MemorySocket as unknown as typeof WebSocket;
}

/** An SSE body of `blocks` repeats of one pre-encoded block of events, between head and tail. */
function memoryFetch(head: Uint8Array, block: Uint8Array, blocks: number, tail: Uint8Array): typeof fetch {
  return (async () => {
    let sent = -1;
    return new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === -1) controller.enqueue(head);
          else if (sent < blocks) controller.enqueue(block);
          else {
            controller.enqueue(tail);
            controller.close();
          }
          sent++;
        },
      }),
      { status: 200, headers: { 'content-type': 'text/event-stream' } },
    );
  }) as typeof fetch;
}

async function consume(
  events: AsyncIterable<ModelEvent>,
): Promise<{ deltas: number; chars: number; firstDeltaAt: number; doneAt: number; outputTokens: number }> {
  let deltas = 0;
  let chars = 0;
  let firstDeltaAt = 0;
  let doneAt = 0;
  let outputTokens = 0;
  for await (const event of events) {
    if (event.type === 'delta') {
      if (deltas++ === 0) firstDeltaAt = performance.now();
      chars += event.text.length;
    } else if (event.type === 'done') {
      doneAt = performance.now();
      outputTokens = event.result.usage.outputTokens;
    }
  }
  return { deltas, chars, firstDeltaAt, doneAt, outputTokens };
}

async function ingest(): Promise<Record<string, unknown>> {
  const created = JSON.stringify({ type: 'response.created', response: { id: 'resp_bench', status: 'in_progress' } });
  const completed = completedFrame(INGEST_TOKENS);
  const pool: string[] = [];
  for (let i = 0; i < BATCH; i++) pool.push(deltaFrame(i));

  const ws = createModelClient({
    apiKey: 'k',
    baseUrl: 'http://127.0.0.1:1/v1',
    model: 'm',
    transport: 'websocket',
    WebSocket: memoryWebSocket(Buffer.from(created), pool.map((f) => Buffer.from(f)), INGEST_TOKENS, Buffer.from(completed)),
  });
  await ws.warm();
  const expectedChars = pool.reduce((sum, f) => sum + (JSON.parse(f) as { delta: string }).delta.length, 0) * (INGEST_TOKENS / BATCH);
  let wsEvents = 0;
  let sseEvents = 0;
  const wsRuns: number[] = [];
  for (let run = 0; run < 4; run++) {
    const started = performance.now();
    const out = await consume(ws.stream({ instructions: 'i', input: 'x' }));
    if (out.chars !== expectedChars) throw new Error(`ws ingest lost text: ${out.chars} of ${expectedChars} chars`);
    wsEvents = out.deltas;
    wsRuns.push(INGEST_TOKENS / ((out.doneAt - started) / 1000));
  }
  await ws.close();

  const encoder = new TextEncoder();
  const sse = (frame: string): string => `event: ${(JSON.parse(frame) as { type: string }).type}\ndata: ${frame}\n\n`;
  const block = encoder.encode(pool.map(sse).join(''));
  const sseClient = createModelClient({
    apiKey: 'k',
    baseUrl: 'http://127.0.0.1:1/v1',
    model: 'm',
    transport: 'sse',
    fetch: memoryFetch(encoder.encode(sse(created)), block, INGEST_TOKENS / BATCH, encoder.encode(sse(completed))),
  });
  const sseRuns: number[] = [];
  for (let run = 0; run < 4; run++) {
    const started = performance.now();
    const out = await consume(sseClient.stream({ instructions: 'i', input: 'x' }));
    if (out.chars !== expectedChars) throw new Error(`sse ingest lost text: ${out.chars} of ${expectedChars} chars`);
    sseEvents = out.deltas;
    sseRuns.push(INGEST_TOKENS / ((out.doneAt - started) / 1000));
  }
  await sseClient.close();
  const round = (values: number[]): number[] => values.map((v) => Math.round(v));
  return {
    tokens: INGEST_TOKENS,
    note: 'one delta frame = one token (as Spark streams); every frame goes through the client; best of 4 runs, the first includes JIT warm-up',
    websocketTokensPerSecond: Math.round(Math.max(...wsRuns)),
    sseTokensPerSecond: Math.round(Math.max(...sseRuns)),
    runs: { websocket: round(wsRuns), sse: round(sseRuns) },
    // Deltas the consumer had not read yet are coalesced into one event (no added latency).
    deltaEventsSeenByConsumer: { websocket: wsEvents, sse: sseEvents },
    goalTokensPerSecond: 1_000_000,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function rawTurn(socket: WebSocket, message: string): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const onMessage = (data: Buffer): void => {
      const event = JSON.parse(data.toString()) as { type: string };
      if (event.type === 'response.completed') {
        socket.off('message', onMessage);
        resolve();
      }
    };
    socket.on('message', onMessage);
    socket.send(message);
  });
  return performance.now() - started;
}

async function overhead(): Promise<Record<string, unknown>> {
  const turns = 300;
  const reply = 'x'.repeat(200); // 50 deltas
  const fake = await startFakeSpark({ reply });
  const client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket', poolSize: 1 });
  await client.warm();
  const raw = new WebSocket(fake.url.replace('http', 'ws') + '/responses', { perMessageDeflate: false });
  await new Promise((resolve) => raw.once('open', resolve));
  const body = { instructions: 'sys', input: 'fix', model: 'm', store: false };
  const message = JSON.stringify({ type: 'response.create', ...body });
  const rawTimes: number[] = [];
  const clientTimes: number[] = [];
  for (let i = 0; i < 30; i++) {
    await rawTurn(raw, message);
    await consume(client.stream({ instructions: 'sys', input: 'fix' }));
  }
  for (let i = 0; i < turns; i++) {
    rawTimes.push(await rawTurn(raw, message));
    const started = performance.now();
    const out = await consume(client.stream({ instructions: 'sys', input: 'fix' }));
    clientTimes.push(out.doneAt - started);
  }
  raw.terminate();
  await client.close();
  await fake.close();
  const added = median(clientTimes) - median(rawTimes);
  return {
    turns,
    deltasPerTurn: reply.length / 4,
    rawWsMedianMs: +median(rawTimes).toFixed(3),
    clientMedianMs: +median(clientTimes).toFixed(3),
    addedMsPerTurn: +added.toFixed(3),
    goalAddedMsPerTurn: 1,
  };
}

async function ttft(): Promise<Record<string, unknown>> {
  const rttMs = 40;
  const samples = 5;
  const fake = await startFakeSpark({ reply: 'y'.repeat(400), rttMs, tokensPerSecond: 1000 });
  const measure = async (client: ReturnType<typeof createModelClient>): Promise<number> => {
    const started = performance.now();
    const out = await consume(client.stream({ instructions: 'sys', input: 'fix' }));
    return out.firstDeltaAt - started;
  };
  const warmWs: number[] = [];
  const wsClient = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket' });
  await wsClient.warm();
  for (let i = 0; i < samples; i++) warmWs.push(await measure(wsClient));
  await wsClient.close();

  const freshWs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const client = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'websocket' });
    freshWs.push(await measure(client));
    await client.close();
  }

  const freshSse: number[] = [];
  const warmSse: number[] = [];
  const sseClient = createModelClient({ apiKey: 'k', baseUrl: fake.url, model: 'm', transport: 'sse' });
  for (let i = 0; i < samples; i++) {
    fake.dropAll(); // closes keep-alive sockets: the next request pays TCP + TLS setup
    await new Promise((resolve) => setTimeout(resolve, 10));
    freshSse.push(await measure(sseClient));
    // Let the previous body drain so undici puts its socket back into the keep-alive pool.
    await new Promise((resolve) => setTimeout(resolve, 10));
    warmSse.push(await measure(sseClient));
  }
  await sseClient.close();
  await fake.close();
  const round = (v: number): number => +v.toFixed(1);
  return {
    rttMs,
    note: 'client-observed: stream() call → first delta; fake adds 1 RTT per turn, 2 per new TCP connection (TCP+TLS), 1 for the WS upgrade',
    warmWebSocketMs: round(median(warmWs)),
    freshWebSocketMs: round(median(freshWs)),
    freshSseMs: round(median(freshSse)),
    keepAliveSseMs: round(median(warmSse)),
  };
}

export async function run(): Promise<unknown> {
  return { ingest: await ingest(), overhead: await overhead(), ttft: await ttft() };
}
