import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { abortError } from './abort.js';
import {
  ModelConnectionError,
  type ModelError,
  WebSocketUnavailableError,
} from './errors.js';
import { handleResponsesText } from './responses-events.js';
import { parseRetryAfterMs } from './backoff.js';
import { providerError } from './status-errors.js';
import type { Turn } from './turn.js';

export interface WsOpenOptions {
  url: string;
  apiKey: string;
  timeoutMs: number;
  WebSocket: typeof WebSocket;
  signal?: AbortSignal;
}

/** Network-level failures where the server is simply down: retry with backoff, stay on WS. */
const DOWN_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * One warm Responses WebSocket. At most one turn is attached at a time (the server allows
 * one response in flight per connection); frames arriving while idle are ignored.
 */
export class WsConnection {
  readonly openedAt = performance.now();
  lastResponseId: string | undefined;
  private turn: Turn | undefined;
  private closedFlag = false;
  private pingTimer: NodeJS.Timeout | undefined;
  onClosed: ((connection: WsConnection) => void) | undefined;

  private constructor(
    private readonly socket: WebSocket,
    private readonly apiKey: string,
  ) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      const turn = this.turn;
      if (turn === undefined || isBinary) return;
      handleResponsesText(turn, data.toString(), this.apiKey);
    });
    socket.on('close', (code: number) => {
      this.markClosed();
      this.turn?.fail(new ModelConnectionError(`The model WebSocket closed mid-turn (code ${code}).`));
    });
    socket.on('error', (error: Error) => {
      this.markClosed();
      this.turn?.fail(new ModelConnectionError(`The model WebSocket failed: ${error.message}`, { cause: error }));
    });
  }

  get closed(): boolean {
    return this.closedFlag || this.socket.readyState !== WebSocket.OPEN;
  }

  static open(options: WsOpenOptions): Promise<WsConnection> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (options.apiKey) headers.Authorization = `Bearer ${options.apiKey}`;
      const socket = new options.WebSocket(options.url, {
        headers,
        handshakeTimeout: options.timeoutMs,
        // Deltas are ~100-byte frames: compressing them costs more CPU than it saves.
        perMessageDeflate: false,
      });
      let settled = false;
      const settle = (error: ModelError | undefined): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        socket.removeListener('error', onError);
        socket.removeListener('unexpected-response', onUnexpected);
        if (error === undefined) {
          resolve(new WsConnection(socket, options.apiKey));
          return;
        }
        socket.on('error', () => {});
        socket.terminate();
        reject(error);
      };
      const onAbort = (): void => settle(abortError(signal as AbortSignal));
      const onError = (error: Error & { code?: string }): void => {
        const message = `Could not open the model WebSocket: ${error.message}`;
        settle(
          error.code !== undefined && DOWN_CODES.has(error.code)
            ? new ModelConnectionError(message, { cause: error })
            : new WebSocketUnavailableError(message, { cause: error }),
        );
      };
      const onUnexpected = (_request: unknown, response: IncomingMessage): void => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          const retryAfterMs = parseRetryAfterMs(
            headerValue(response.headers['retry-after']),
            headerValue(response.headers['retry-after-ms']),
          );
          const parsed = errorFromBody(body);
          const mapped = providerError(
            { status, code: parsed.code, message: parsed.message ?? `upgrade refused with HTTP ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
            options.apiKey,
          );
          // Credentials and rate limits are the same over SSE; anything else (404, 426, 5xx from a
          // proxy) suggests this endpoint has no WebSocket mode, so SSE is worth a try.
          if (mapped.code === 'auth' || mapped.code === 'rate_limited') settle(mapped);
          else settle(new WebSocketUnavailableError(`The model WebSocket upgrade was refused: ${mapped.message}`, { cause: mapped, status }));
        });
        response.on('error', () => settle(new WebSocketUnavailableError(`The model WebSocket upgrade was refused (HTTP ${status}).`, { status })));
      };
      socket.on('open', () => settle(undefined));
      socket.on('error', onError);
      socket.on('unexpected-response', onUnexpected);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Attaches `turn` and sends `response.create`; the turn receives every frame until it settles. */
  send(turn: Turn, message: string): void {
    if (this.closed) {
      turn.fail(new ModelConnectionError('The model WebSocket closed before the request was sent.'));
      return;
    }
    this.turn = turn;
    turn.sentAt = performance.now();
    this.socket.send(message, (error) => {
      if (error) turn.fail(new ModelConnectionError(`Could not send to the model WebSocket: ${error.message}`, { cause: error }));
    });
  }

  detach(): void {
    this.turn = undefined;
  }

  /** Keep NATs and load balancers from reaping an idle warm socket. */
  keepAlive(intervalMs: number): void {
    if (this.pingTimer !== undefined || !(intervalMs > 0)) return;
    this.pingTimer = setInterval(() => {
      if (!this.closed && this.turn === undefined) this.socket.ping();
    }, intervalMs);
    this.pingTimer.unref();
  }

  close(): void {
    this.markClosed();
    this.turn = undefined;
    // terminate(), not close(): a half-streamed response must not keep the socket alive.
    this.socket.terminate();
  }

  private markClosed(): void {
    if (this.pingTimer !== undefined) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.onClosed?.(this);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function errorFromBody(body: string): { code: string | null; message: string | null } {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string | null; message?: string | null } | string };
    if (typeof parsed.error === 'string') return { code: null, message: parsed.error };
    return { code: parsed.error?.code ?? null, message: parsed.error?.message ?? null };
  } catch {
    return { code: null, message: body.trim() ? body.trim().slice(0, 200) : null };
  }
}
