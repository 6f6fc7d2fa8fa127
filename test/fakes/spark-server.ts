/**
 * A protocol-faithful fake of the OpenAI endpoints spark-patch talks to, on 127.0.0.1:
 *  - WebSocket mode: upgrade at /v1/responses, `response.create` turns, Responses events
 *  - POST /v1/responses (SSE when `stream: true`, JSON otherwise)
 *  - POST /v1/chat/completions (SSE chunks ending in `data: [DONE]`)
 * with configurable TTFT, token rate, simulated RTT and per-turn fault injection. Used by the
 * model tests, the end-to-end tests and the benchmarks (so it avoids jest imports).
 *
 * Event shapes follow the Responses streaming reference: response.created → in_progress →
 * output_item.added → content_part.added → output_text.delta* → output_text.done →
 * content_part.done → output_item.done → response.completed (usage with
 * input_tokens_details.cached_tokens and output_tokens_details.reasoning_tokens).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export type FakeTransport = 'websocket' | 'sse' | 'chat';

export interface FakeRequest {
  transport: FakeTransport;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** performance.now() when the turn reached the server (WS frame / start of the HTTP request). */
  receivedAt?: number;
  /** performance.now() when the terminal success event (`response.completed` / `[DONE]`) was written. */
  completedAt?: number;
}

export type FakeFault =
  /** Answer the WebSocket upgrade with this HTTP status instead of 101 (default 404). */
  | { kind: 'refuse-upgrade'; status?: number }
  /** Destroy the TCP socket after N text deltas (mid-stream drop). */
  | { kind: 'drop'; afterDeltas: number }
  /** HTTP error status (on WS: an `error` event carrying `status`). */
  | { kind: 'status'; status: number; retryAfterSeconds?: number; code?: string; message?: string }
  /** `response.failed` (chat: an `error` chunk) after N deltas. */
  | { kind: 'failed'; afterDeltas?: number; code?: string; message?: string }
  /** `response.incomplete` (chat: finish_reason "length") after N deltas. */
  | { kind: 'incomplete'; afterDeltas?: number; reason?: string }
  /** `previous_response_not_found`, whatever the previous id. */
  | { kind: 'previous-not-found' }
  /** WS: `websocket_connection_limit_reached`, then the server closes the socket. */
  | { kind: 'connection-limit' }
  /** Accept the turn and never send anything (idle-timeout / abort tests). */
  | { kind: 'stall' };

export type FakeFaultEntry = FakeFault & {
  /** Only consumed by turns on this transport (default: any). */
  transport?: FakeTransport;
};

export interface FaultContext {
  phase: 'upgrade' | 'turn';
  transport: FakeTransport;
  body?: Record<string, unknown>;
  /** 0-based index of this turn (or upgrade) across the server's lifetime. */
  index: number;
}

export interface FakeSparkOptions {
  /** The full text the model "writes". */
  reply?: string | ((request: { transport: FakeTransport; body: Record<string, unknown> }) => string);
  /** Delay from request (after RTT) to the first delta. */
  ttftMs?: number;
  /** Output pacing; 0 or Infinity = as fast as the socket takes it. */
  tokensPerSecond?: number;
  /** Characters per emitted "token" (crude tokenizer, default 4). */
  charsPerToken?: number;
  /**
   * Simulated network round trip: once per turn, 2× on a new TCP connection (TCP + TLS 1.3
   * handshakes), and once more for the WebSocket upgrade request.
   */
  rttMs?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (401 otherwise). */
  apiKey?: string;
  /** Behave like a gateway without WebSocket mode: every upgrade is refused with 404. */
  refuseWebSocket?: boolean;
  /** Server-side WS lifetime cap: turns on older sockets get websocket_connection_limit_reached. */
  connectionLifetimeMs?: number;
  /** Clock for socket ages against `connectionLifetimeMs` (default performance.now). */
  now?: () => number;
  /** A FIFO of faults (each consumed by the first matching upgrade/turn), or a function per turn. */
  faults?: FakeFaultEntry[] | ((context: FaultContext) => FakeFault | undefined);
}

export interface FakeSpark {
  /** Base URL as OPENAI_BASE_URL expects it, e.g. http://127.0.0.1:PORT/v1 */
  url: string;
  port: number;
  requests: FakeRequest[];
  stats: {
    upgrades: number;
    websocketConnections: number;
    tcpConnections: number;
    turns: number;
    /** Turns that found another response in flight on the same socket (must stay 0). */
    concurrentTurnViolations: number;
  };
  /** Response ids the server can chain from (store: true, or last on a socket). */
  storedResponseIds: Set<string>;
  /** Push more faults at runtime (only when `faults` was an array or unset). */
  addFaults(...faults: FakeFaultEntry[]): void;
  /** Terminate every open socket (simulates a server restart / network cut). */
  dropAll(): void;
  close(): Promise<void>;
}

const UPGRADE_REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function id(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** Cut the connection without a protocol goodbye, but only after the deltas already written reach the peer. */
function cutAfterFlush(socket: Socket): void {
  socket.end(() => socket.destroy());
}

function splitTokens(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function errorBody(status: number, code: string | undefined, message: string | undefined, param: string | null = null): object {
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message: message ?? `Fake Spark error ${status}`, type, param, code: code ?? null } };
}

/** Where a turn writes; abstracts WS frames vs SSE lines and reports back-pressure/closure. */
interface Sink {
  closed(): boolean;
  /** Responses event (WS frame / SSE `event:`+`data:`), or a raw chat chunk. */
  send(event: Record<string, unknown>): void | Promise<void>;
  raw?(line: string): void | Promise<void>;
  drop(): void;
  end(): void;
}

export async function startFakeSpark(options: FakeSparkOptions = {}): Promise<FakeSpark> {
  const requests: FakeRequest[] = [];
  const stats = { upgrades: 0, websocketConnections: 0, tcpConnections: 0, turns: 0, concurrentTurnViolations: 0 };
  const storedResponseIds = new Set<string>();
  const faultQueue: FakeFaultEntry[] = Array.isArray(options.faults) ? [...options.faults] : [];
  const faultFn = typeof options.faults === 'function' ? options.faults : undefined;
  const freshSockets = new WeakSet<Socket>();
  const sockets = new Set<Socket>();
  const charsPerToken = Math.max(1, options.charsPerToken ?? 4);
  const rtt = options.rttMs ?? 0;
  let faultIndex = 0;

  function takeFault(context: Omit<FaultContext, 'index'>): FakeFault | undefined {
    const index = faultIndex++;
    if (faultFn) return faultFn({ ...context, index });
    const at = faultQueue.findIndex(
      (f) =>
        (f.transport === undefined || f.transport === context.transport) &&
        (f.kind === 'refuse-upgrade') === (context.phase === 'upgrade'),
    );
    return at === -1 ? undefined : faultQueue.splice(at, 1)[0];
  }

  function replyFor(transport: FakeTransport, body: Record<string, unknown>): string {
    const reply = options.reply ?? 'Hello from the fake Spark server.';
    return typeof reply === 'function' ? reply({ transport, body }) : reply;
  }

  function authorized(headers: IncomingHttpHeaders): boolean {
    return options.apiKey === undefined || headers.authorization === `Bearer ${options.apiKey}`;
  }

  function unauthorizedBody(headers: IncomingHttpHeaders): object {
    // Like the real API, echo the presented key: the client must redact it.
    const presented = (headers.authorization ?? '').replace(/^Bearer /, '');
    return errorBody(401, 'invalid_api_key', `Incorrect API key provided: ${presented}. You can find your API key at https://platform.openai.com/account/api-keys.`);
  }

  /** Setup cost once per TCP connection: TCP + TLS 1.3 handshakes. */
  async function connectionSetup(socket: Socket): Promise<void> {
    if (!freshSockets.has(socket)) return;
    freshSockets.delete(socket);
    await delay(rtt * 2);
  }

  function inputTokens(body: Record<string, unknown>): number {
    let chars = 0;
    for (const key of ['instructions', 'input', 'messages']) {
      const value = body[key];
      if (value !== undefined) chars += typeof value === 'string' ? value.length : JSON.stringify(value).length;
    }
    return Math.ceil(chars / charsPerToken);
  }

  /** Paces `tokens` into `onToken`, stopping early when the sink closes or `limit` is reached. */
  async function pace(sink: Sink, tokens: string[], limit: number, onToken: (token: string, index: number) => void | Promise<void>): Promise<number> {
    const tps = options.tokensPerSecond ?? 0;
    const unpaced = !(tps > 0) || !Number.isFinite(tps);
    const start = performance.now();
    const count = Math.min(limit, tokens.length);
    let i = 0;
    while (i < count) {
      if (sink.closed()) return i;
      if (unpaced) {
        await onToken(tokens[i] as string, i);
        i++;
        // Let I/O breathe on huge replies.
        if ((i & 1023) === 0) await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const due = Math.floor(((performance.now() - start) * tps) / 1000) + 1;
      while (i < count && i < due) {
        await onToken(tokens[i] as string, i);
        i++;
      }
      if (i < count) await delay(Math.max(1, (1000 / tps) * (i + 1) - (performance.now() - start)));
    }
    return i;
  }

  async function responsesTurn(
    sink: Sink,
    transport: 'websocket' | 'sse',
    body: Record<string, unknown>,
    fault: FakeFault | undefined,
    socketLast: { id?: string },
    record?: FakeRequest,
  ): Promise<void> {
    await delay(rtt + (options.ttftMs ?? 0));
    if (sink.closed()) return;
    const responseId = id('resp');
    const itemId = id('msg');
    const text = replyFor(transport, body);
    const tokens = splitTokens(text, charsPerToken);
    const model = typeof body.model === 'string' ? body.model : 'gpt-5.3-codex-spark';
    const store = body.store !== false;
    let seq = 0;
    const response = (status: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      id: responseId,
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      status,
      error: null,
      incomplete_details: null,
      instructions: body.instructions ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      model,
      output: [],
      previous_response_id: body.previous_response_id ?? null,
      store,
      text: { format: { type: 'text' } },
      usage: null,
      ...extra,
    });
    const send = (event: Record<string, unknown>): void | Promise<void> => sink.send({ ...event, sequence_number: seq++ });
    await send({ type: 'response.created', response: response('in_progress') });
    await send({ type: 'response.in_progress', response: response('in_progress') });
    await send({
      type: 'response.output_item.added',
      output_index: 0,
      item: { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    });
    await send({
      type: 'response.content_part.added',
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    });
    const stopAfter =
      fault?.kind === 'drop' ? fault.afterDeltas
      : fault?.kind === 'failed' || fault?.kind === 'incomplete' ? (fault.afterDeltas ?? 0)
      : Infinity;
    const sent = await pace(sink, tokens, stopAfter, (delta) =>
      send({ type: 'response.output_text.delta', item_id: itemId, output_index: 0, content_index: 0, delta, logprobs: [] }),
    );
    if (sink.closed()) return;
    const usage = {
      input_tokens: inputTokens(body),
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: sent,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens(body) + sent,
    };
    if (fault?.kind === 'drop') {
      sink.drop();
      return;
    }
    if (fault?.kind === 'failed') {
      await send({
        type: 'response.failed',
        response: response('failed', { error: { code: fault.code ?? 'server_error', message: fault.message ?? 'The model failed to generate a response.' }, usage }),
      });
      sink.end();
      return;
    }
    if (fault?.kind === 'incomplete') {
      await send({
        type: 'response.incomplete',
        response: response('incomplete', { incomplete_details: { reason: fault.reason ?? 'max_output_tokens' }, usage }),
      });
      sink.end();
      return;
    }
    const partial = tokens.slice(0, sent).join('');
    const message = {
      id: itemId,
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: partial, annotations: [] }],
    };
    await send({ type: 'response.output_text.done', item_id: itemId, output_index: 0, content_index: 0, text: partial, logprobs: [] });
    await send({ type: 'response.content_part.done', item_id: itemId, output_index: 0, content_index: 0, part: message.content[0] });
    await send({ type: 'response.output_item.done', output_index: 0, item: message });
    await send({ type: 'response.completed', response: response('completed', { output: [message], usage }) });
    if (record) record.completedAt = performance.now();
    if (store) storedResponseIds.add(responseId);
    socketLast.id = responseId;
    sink.end();
  }

  /** previous_response_id resolution: stored responses, or the last one on this socket (store=false). */
  function previousMissing(body: Record<string, unknown>, socketLast: { id?: string }, fault: FakeFault | undefined): string | undefined {
    const previous = body.previous_response_id;
    if (fault?.kind === 'previous-not-found') return typeof previous === 'string' ? previous : 'resp_unknown';
    if (typeof previous !== 'string') return undefined;
    return storedResponseIds.has(previous) || socketLast.id === previous ? undefined : previous;
  }

  // ---- WebSocket mode -------------------------------------------------------------------
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  function refuseUpgrade(socket: Duplex, status: number, body: object, headers: Record<string, string> = {}): void {
    const payload = JSON.stringify(body);
    const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.end(
      `HTTP/1.1 ${status} ${UPGRADE_REASONS[status] ?? 'Error'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n${extra}connection: close\r\n\r\n${payload}`,
    );
  }

  function handleWebSocket(ws: WebSocket, socket: Socket, headers: IncomingHttpHeaders): void {
    stats.websocketConnections++;
    const now = options.now ?? (() => performance.now());
    const openedAt = now();
    const socketLast: { id?: string } = {};
    let inFlight = false;
    ws.on('message', (data: Buffer) => {
      const receivedAt = performance.now();
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        ws.send(JSON.stringify({ type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'invalid_json', message: 'Invalid JSON.' } }));
        return;
      }
      if (message.type !== 'response.create') {
        ws.send(JSON.stringify({ type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'unknown_event', message: `Unsupported event type ${String(message.type)}.` } }));
        return;
      }
      const { type: _type, ...body } = message;
      const record: FakeRequest = { transport: 'websocket', body, headers, receivedAt };
      requests.push(record);
      stats.turns++;
      if (inFlight) {
        stats.concurrentTurnViolations++;
        ws.send(JSON.stringify({ type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'response_already_in_flight', message: 'A response is already in flight on this connection.' } }));
        return;
      }
      const sink: Sink = {
        closed: () => ws.readyState !== ws.OPEN,
        send: (event) => ws.send(JSON.stringify(event)),
        drop: () => cutAfterFlush(socket),
        end: () => {},
      };
      const sendError = (status: number, code: string, text: string, param: string | null = null): void => {
        ws.send(JSON.stringify({ type: 'error', status, ...errorBody(status, code, text, param) }));
      };
      const expired = options.connectionLifetimeMs !== undefined && now() - openedAt > options.connectionLifetimeMs;
      const fault = takeFault({ phase: 'turn', transport: 'websocket', body });
      if (expired || fault?.kind === 'connection-limit') {
        sendError(400, 'websocket_connection_limit_reached', 'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.');
        ws.close(1000);
        return;
      }
      if (fault?.kind === 'status') {
        sendError(fault.status, fault.code ?? (fault.status === 429 ? 'rate_limit_exceeded' : fault.status >= 500 ? 'server_error' : 'invalid_request'), fault.message ?? `Fake Spark error ${fault.status}`);
        return;
      }
      if (fault?.kind === 'stall') return;
      const missing = previousMissing(body, socketLast, fault);
      if (missing !== undefined) {
        sendError(400, 'previous_response_not_found', `Previous response with id '${missing}' not found.`, 'previous_response_id');
        return;
      }
      inFlight = true;
      void responsesTurn(sink, 'websocket', body, fault, socketLast, record).finally(() => {
        inFlight = false;
      });
    });
  }

  // ---- HTTP -----------------------------------------------------------------------------
  async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  function sendJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  function sseSink(res: ServerResponse, chat: boolean): Sink {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const write = (text: string): void | Promise<void> => {
      if (res.write(text)) return;
      return new Promise((resolve) => {
        // Remove both listeners once either fires: a long unpaced stream waits on drain many times.
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      });
    };
    return {
      closed: () => res.destroyed || res.writableEnded,
      send: (event) => write(chat ? `data: ${JSON.stringify(event)}\n\n` : `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`),
      raw: (line) => write(line),
      drop: () => {
        if (res.socket) cutAfterFlush(res.socket);
      },
      end: () => {
        res.end();
      },
    };
  }

  async function chatTurn(sink: Sink, body: Record<string, unknown>, fault: FakeFault | undefined, record?: FakeRequest): Promise<void> {
    await delay(rtt + (options.ttftMs ?? 0));
    if (sink.closed()) return;
    const chunkId = id('chatcmpl');
    const model = typeof body.model === 'string' ? body.model : 'gpt-5.3-codex-spark';
    const created = Math.floor(Date.now() / 1000);
    const tokens = splitTokens(replyFor('chat', body), charsPerToken);
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      id: chunkId,
      object: 'chat.completion.chunk',
      created,
      model,
      choices,
      ...extra,
    });
    await sink.send(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
    const stopAfter =
      fault?.kind === 'drop' ? fault.afterDeltas
      : fault?.kind === 'failed' || fault?.kind === 'incomplete' ? (fault.afterDeltas ?? 0)
      : Infinity;
    const sent = await pace(sink, tokens, stopAfter, (content) => sink.send(chunk([{ index: 0, delta: { content }, finish_reason: null }])));
    if (sink.closed()) return;
    if (fault?.kind === 'drop') {
      sink.drop();
      return;
    }
    if (fault?.kind === 'failed') {
      await sink.send(errorBody(500, fault.code ?? 'server_error', fault.message ?? 'The model failed to generate a response.') as Record<string, unknown>);
      sink.end();
      return;
    }
    await sink.send(chunk([{ index: 0, delta: {}, finish_reason: fault?.kind === 'incomplete' ? 'length' : 'stop' }]));
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    if (includeUsage) {
      const prompt = inputTokens(body);
      await sink.send(
        chunk([], { usage: { prompt_tokens: prompt, completion_tokens: sent, total_tokens: prompt + sent, prompt_tokens_details: { cached_tokens: 0 } } }),
      );
    }
    await sink.raw?.('data: [DONE]\n\n');
    if (record) record.completedAt = performance.now();
    sink.end();
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const path = (req.url ?? '').split('?')[0];
    const transport: FakeTransport | undefined =
      path === '/v1/responses' ? 'sse' : path === '/v1/chat/completions' ? 'chat' : undefined;
    if (req.method !== 'POST' || transport === undefined) {
      sendJson(res, 404, errorBody(404, 'not_found', `Unknown route ${req.method} ${path}`));
      return;
    }
    await connectionSetup(req.socket);
    const body = await readBody(req);
    if (body === undefined) {
      sendJson(res, 400, errorBody(400, 'invalid_json', 'We could not parse the JSON body of your request.'));
      return;
    }
    const record: FakeRequest = { transport, body, headers: req.headers, receivedAt };
    requests.push(record);
    stats.turns++;
    if (!authorized(req.headers)) {
      await delay(rtt);
      sendJson(res, 401, unauthorizedBody(req.headers));
      return;
    }
    const fault = takeFault({ phase: 'turn', transport, body });
    if (fault?.kind === 'status') {
      await delay(rtt);
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      sendJson(res, fault.status, errorBody(fault.status, fault.code, fault.message), headers);
      return;
    }
    if (transport === 'chat') {
      if (body.stream !== true) {
        sendJson(res, 400, errorBody(400, 'unsupported', 'The fake only streams chat completions.'));
        return;
      }
      const sink = sseSink(res, true);
      if (fault?.kind === 'stall') return;
      await chatTurn(sink, body, fault, record);
      return;
    }
    const socketLast: { id?: string } = {};
    const missing = previousMissing(body, socketLast, fault);
    if (missing !== undefined) {
      await delay(rtt);
      sendJson(res, 400, errorBody(400, 'previous_response_not_found', `Previous response with id '${missing}' not found.`, 'previous_response_id'));
      return;
    }
    if (body.stream !== true) {
      sendJson(res, 400, errorBody(400, 'unsupported', 'The fake only serves streaming responses.'));
      return;
    }
    const sink = sseSink(res, false);
    if (fault?.kind === 'stall') return;
    await responsesTurn(sink, 'sse', body, fault, socketLast, record);
  }

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, 'server_error', String(error)));
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    stats.tcpConnections++;
    freshSockets.add(socket);
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      stats.upgrades++;
      await connectionSetup(req.socket);
      await delay(rtt); // the upgrade request/response itself
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/v1/responses') {
        refuseUpgrade(socket, 404, errorBody(404, 'not_found', `No WebSocket endpoint at ${path}`));
        return;
      }
      if (!authorized(req.headers)) {
        refuseUpgrade(socket, 401, unauthorizedBody(req.headers));
        return;
      }
      if (options.refuseWebSocket) {
        refuseUpgrade(socket, 404, errorBody(404, 'not_found', 'WebSocket mode is not available here.'));
        return;
      }
      const fault = takeFault({ phase: 'upgrade', transport: 'websocket' });
      if (fault?.kind === 'refuse-upgrade') {
        const status = fault.status ?? 404;
        refuseUpgrade(socket, status, errorBody(status, undefined, 'WebSocket upgrade refused by fault injection.'), status === 429 ? { 'retry-after': '1' } : {});
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => handleWebSocket(ws, req.socket, req.headers));
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    stats,
    storedResponseIds,
    addFaults: (...faults) => {
      faultQueue.push(...faults);
    },
    dropAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      wss.close();
    },
  };
}
