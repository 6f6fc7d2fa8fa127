import WebSocket from 'ws';
import { abortError, sleep } from './abort.js';
import { backoffDelayMs } from './backoff.js';
import { type ModelError, WebSocketUnavailableError } from './errors.js';
import type { ModelClientOptions, ResolvedModelOptions } from './options.js';
import { toModelError } from './to-model-error.js';
import type { AttemptOptions, TurnTransport } from './transport.js';
import { ChatTransport } from './transport-chat.js';
import { SseTransport } from './transport-sse.js';
import { WebSocketTransport } from './transport-ws.js';
import type { TurnFinal } from './turn.js';
import type { ModelClient, ModelEvent, ModelRequest, ModelResult } from './types.js';
import { endpointsFor } from './urls.js';
import { WsPool } from './ws-pool.js';
import { silentLog } from '../log.js';
import { stripUndefined } from '../strip-undefined.js';

const WS_KEEPALIVE_MS = 30_000;

export function resolveOptions(options: ModelClientOptions): ResolvedModelOptions {
  return {
    fallbackToSse: true,
    poolSize: 8,
    maxRetries: 3,
    backoffBaseMs: 250,
    backoffMaxMs: 8_000,
    maxRetryAfterMs: 60_000,
    store: false,
    connectTimeoutMs: 10_000,
    idleTimeoutMs: 60_000,
    maxConnectionAgeMs: 55 * 60_000,
    websocketCooldownMs: 5 * 60_000,
    log: silentLog,
    fetch: globalThis.fetch.bind(globalThis),
    random: Math.random,
    ...stripUndefined(options),
  };
}


export interface ModelClientStats {
  websocket: { idle: number; busy: number; opening: number } | undefined;
  /** performance.now() until which the WebSocket is skipped after a fallback (0 = not skipped). */
  websocketDisabledUntil: number;
}

/**
 * Runs turns with retries: picks a transport, streams its deltas through untouched, and on
 * failure decides between a transparent retry (chain lost, socket at its lifetime cap, WS
 * unavailable → SSE), a backoff retry (connection, 429, 5xx) or failing fast.
 */
export class SparkModelClient implements ModelClient {
  private readonly options: ResolvedModelOptions;
  private readonly pool: WsPool | undefined;
  private readonly ws: TurnTransport | undefined;
  private readonly sse: TurnTransport;
  private readonly chat: TurnTransport;
  private websocketDisabledUntil = 0;
  private closed = false;

  constructor(options: ModelClientOptions) {
    this.options = resolveOptions(options);
    const o = this.options;
    const endpoints = endpointsFor(o.baseUrl);
    const defaults = { model: o.model, store: o.store, ...(o.maxOutputTokens === undefined ? {} : { maxOutputTokens: o.maxOutputTokens }) };
    const http = { apiKey: o.apiKey, fetch: o.fetch, defaults, connectTimeoutMs: o.connectTimeoutMs, idleTimeoutMs: o.idleTimeoutMs };
    this.sse = new SseTransport({ ...http, url: endpoints.responsesHttp });
    this.chat = new ChatTransport({ ...http, url: endpoints.chatHttp });
    if (o.transport === 'websocket') {
      this.pool = new WsPool({
        url: endpoints.responsesWs,
        apiKey: o.apiKey,
        size: Math.max(1, o.poolSize),
        connectTimeoutMs: o.connectTimeoutMs,
        maxAgeMs: o.maxConnectionAgeMs,
        keepAliveMs: WS_KEEPALIVE_MS,
        WebSocket: o.WebSocket ?? WebSocket,
        log: o.log,
      });
      this.ws = new WebSocketTransport(this.pool, defaults, o.idleTimeoutMs);
    }
  }

  get stats(): ModelClientStats {
    return { websocket: this.pool?.stats, websocketDisabledUntil: this.websocketDisabledUntil };
  }

  get stores(): boolean {
    return this.options.store;
  }

  stream(request: ModelRequest): AsyncIterable<ModelEvent> {
    return this.run(request);
  }

  /** Opens one pooled WebSocket ahead of the first turn (no-op on other transports). */
  async warm(signal?: AbortSignal): Promise<void> {
    if (this.pool === undefined || this.closed) return;
    const lease = await this.pool.acquire(undefined, signal);
    this.pool.release(lease.connection, true);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.ws?.close();
  }

  private pickTransport(): TurnTransport {
    if (this.options.transport === 'chat') return this.chat;
    if (this.options.transport === 'sse' || this.ws === undefined) return this.sse;
    if (this.websocketDisabledUntil > performance.now()) return this.sse;
    return this.ws;
  }

  private async *run(request: ModelRequest): AsyncGenerator<ModelEvent, void, undefined> {
    const o = this.options;
    const { signal } = request;
    const startedAt = performance.now();
    const attempt: AttemptOptions = { withPrevious: request.previousResponseId !== undefined, freshConnection: false };
    let retries = 0;
    let failures = 0;
    let limitRetried = false;
    for (;;) {
      if (this.closed) throw toModelError(new Error('The model client is closed.'));
      if (signal?.aborted) throw abortError(signal);
      const transport = this.pickTransport();
      const turn = transport.start(request, attempt);
      attempt.freshConnection = false;
      let text = '';
      let deltas = 0;
      let final: TurnFinal | undefined;
      let error: ModelError;
      try {
        for await (const item of turn.channel) {
          if (item.type === 'delta') {
            text += item.text;
            deltas++;
            yield item;
          } else {
            final = item;
          }
        }
        if (final !== undefined) {
          yield { type: 'done', result: this.result(text, final, retries, startedAt) };
          return;
        }
        // The channel only ends without a final when the consumer cancelled.
        return;
      } catch (thrown) {
        error = toModelError(thrown);
      }

      if (error.code === 'aborted' || error.code === 'deadline') throw error;
      if (signal?.aborted) throw abortError(signal);

      let delayMs = 0;
      let reason: string;
      let countsAsRetry = true;
      if (error instanceof WebSocketUnavailableError && transport === this.ws && o.fallbackToSse && deltas === 0) {
        this.websocketDisabledUntil = performance.now() + o.websocketCooldownMs;
        o.log.warn({ err: error.message }, 'model WebSocket unavailable; falling back to HTTP SSE');
        reason = 'websocket unavailable, falling back to SSE';
        countsAsRetry = false; // a transport switch before any output is not a retry of the turn
      } else if (error.code === 'previous_response_not_found' && attempt.withPrevious) {
        attempt.withPrevious = false;
        o.log.info('previous model response not found; resending the full input without chaining');
        reason = 'previous response not found';
      } else if (error.code === 'connection_limit' && !limitRetried) {
        limitRetried = true;
        attempt.freshConnection = true;
        o.log.info('model WebSocket reached its lifetime limit; reconnecting');
        reason = 'websocket connection limit reached';
      } else {
        const retryAfter = error.retryAfterMs;
        // A wait longer than maxRetryAfterMs would outlive any sensible job deadline: fail now.
        if (!error.retryable || failures >= o.maxRetries || (retryAfter !== undefined && retryAfter > o.maxRetryAfterMs)) {
          error.attempts = retries + 1;
          throw error;
        }
        delayMs = Math.max(backoffDelayMs(failures, o.backoffBaseMs, o.backoffMaxMs, o.random), retryAfter ?? 0);
        failures++;
        reason = error.message;
        o.log.warn({ err: error.message, code: error.code, attempt: retries + 1, delayMs }, 'model turn failed; retrying');
      }
      if (countsAsRetry) retries++;
      if (deltas > 0) yield { type: 'reset', reason, attempt: retries };
      if (delayMs > 0) await sleep(delayMs, signal);
    }
  }

  private result(text: string, final: TurnFinal, retries: number, startedAt: number): ModelResult {
    const ttftMs = final.firstDeltaAt - final.sentAt;
    const totalMs = final.completedAt - final.sentAt;
    const streamMs = totalMs - ttftMs;
    const result: ModelResult = {
      text,
      usage: final.usage,
      timings: {
        connectMs: final.connectMs,
        ttftMs,
        totalMs,
        tokensPerSecond: streamMs > 0 ? (final.usage.outputTokens * 1000) / streamMs : 0,
        elapsedMs: final.completedAt - startedAt,
      },
      transport: final.transport,
      retries,
    };
    if (final.responseId !== undefined) result.responseId = final.responseId;
    return result;
  }
}
