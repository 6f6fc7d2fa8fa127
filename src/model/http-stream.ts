import { abortError } from './abort.js';
import { parseRetryAfterMs } from './backoff.js';
import { ModelConnectionError } from './errors.js';
import { SseParser } from './sse-parser.js';
import { providerError } from './status-errors.js';
import type { Turn } from './turn.js';
import { errorFromBody } from './ws-connection.js';

const DRAIN_TIMEOUT_MS = 1_000;

export interface HttpStreamOptions {
  url: string;
  body: string;
  apiKey: string;
  fetch: typeof fetch;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  signal: AbortSignal | undefined;
  onEvent(event: string, data: string): void;
  /** Called when the body ends; the transport decides whether that was a complete answer. */
  onEnd(): void;
}

/**
 * POSTs and feeds the SSE body to `onEvent`. Every way this can go wrong lands in
 * `turn.fail` with the right ModelError; settling the turn (or the consumer leaving)
 * aborts the request so no socket or body stream is left running.
 */
export function streamHttp(turn: Turn, options: HttpStreamOptions): void {
  const controller = new AbortController();
  const { signal } = options;
  if (signal !== undefined) {
    if (signal.aborted) {
      turn.fail(abortError(signal));
      return;
    }
    const onAbort = (): void => turn.fail(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    turn.onSettle(() => signal.removeEventListener('abort', onAbort));
  }
  let drainTimer: NodeJS.Timeout | undefined;
  turn.onSettle(() => {
    if (!turn.completed) {
      controller.abort();
      return;
    }
    // Completed: read the (tiny) rest of the body so the keep-alive socket can be reused for
    // the next turn, but never wait on a server that keeps the stream open.
    drainTimer = setTimeout(() => controller.abort(), DRAIN_TIMEOUT_MS);
    drainTimer.unref();
  });
  const headerTimer = setTimeout(() => {
    turn.fail(new ModelConnectionError(`The model API sent no response within ${options.connectTimeoutMs} ms.`));
  }, options.connectTimeoutMs);
  headerTimer.unref();
  turn.onSettle(() => clearTimeout(headerTimer));

  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  turn.sentAt = performance.now();
  void run();

  async function run(): Promise<void> {
    let response: Response;
    try {
      response = await options.fetch(options.url, { method: 'POST', headers, body: options.body, signal: controller.signal });
    } catch (error) {
      if (!turn.isSettled) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
        turn.fail(new ModelConnectionError(`Could not reach the model API: ${detail}`, { cause: error }));
      }
      return;
    }
    clearTimeout(headerTimer);
    if (!response.ok || response.body === null) {
      const text = await response.text().catch(() => '');
      const parsed = errorFromBody(text);
      const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), response.headers.get('retry-after-ms'));
      turn.fail(
        providerError(
          {
            status: response.status,
            code: parsed.code,
            message: parsed.message ?? response.statusText,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          },
          options.apiKey,
        ),
      );
      return;
    }
    turn.watchIdle(options.idleTimeoutMs);
    const parser = new SseParser(options.onEvent, false);
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (turn.isSettled) {
          if (turn.completed) continue;
          return;
        }
        parser.push(decoder.decode(value, { stream: true }));
      }
      if (turn.isSettled) return;
      parser.push(decoder.decode());
      parser.finish();
      if (!turn.isSettled) options.onEnd();
    } catch (error) {
      if (!turn.isSettled) {
        turn.fail(new ModelConnectionError('The model API stream was cut off mid-answer.', { cause: error }));
      }
    } finally {
      if (drainTimer !== undefined) clearTimeout(drainTimer);
      reader.releaseLock();
    }
  }
}
