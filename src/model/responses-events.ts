import { ModelConnectionError, ModelFailedError, ModelIncompleteError, ModelServerError, ModelRateLimitError } from './errors.js';
import { redactSecrets } from './redact.js';
import { providerError } from './status-errors.js';
import type { Turn } from './turn.js';
import type { ModelUsage } from './types.js';

/** The fields of Responses streaming events this client reads (same shapes on WS and SSE). */
interface ResponsesEvent {
  type?: string;
  delta?: string;
  status?: number;
  response?: {
    id?: string;
    usage?: {
      input_tokens?: number;
      output_tokens?: number;
      input_tokens_details?: { cached_tokens?: number };
    } | null;
    error?: { code?: string | null; message?: string | null } | null;
    incomplete_details?: { reason?: string | null } | null;
  };
  error?: { code?: string | null; type?: string | null; message?: string | null; retry_after_ms?: number } | null;
  code?: string | null;
  message?: string | null;
}

export function usageFromResponse(usage: NonNullable<ResponsesEvent['response']>['usage']): ModelUsage {
  const result: ModelUsage = {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
  };
  const cached = usage?.input_tokens_details?.cached_tokens;
  if (cached !== undefined) result.cachedInputTokens = cached;
  return result;
}

/**
 * Feeds one parsed Responses event into the turn. `output_text.delta` is checked first
 * because it is >99% of the traffic; everything else is rare.
 */
export function handleResponsesEvent(turn: Turn, event: ResponsesEvent, apiKey: string): void {
  turn.events++;
  const type = event.type;
  if (type === 'response.output_text.delta') {
    if (typeof event.delta === 'string') turn.delta(event.delta);
    return;
  }
  switch (type) {
    case 'response.created':
      if (event.response?.id !== undefined) turn.responseId = event.response.id;
      return;
    case 'response.completed':
      turn.terminal = true;
      if (event.response?.id !== undefined) turn.responseId = event.response.id;
      turn.complete(usageFromResponse(event.response?.usage));
      return;
    case 'response.incomplete': {
      turn.terminal = true;
      const reason = event.response?.incomplete_details?.reason ?? 'unknown reason';
      turn.fail(new ModelIncompleteError(reason));
      return;
    }
    case 'response.failed': {
      turn.terminal = true;
      const error = event.response?.error;
      const code = error?.code ?? undefined;
      const message = error?.message ?? code ?? 'response.failed without details';
      if (code === 'server_error') turn.fail(new ModelServerError(`Model API server error: ${message}`));
      else if (code === 'rate_limit_exceeded') turn.fail(new ModelRateLimitError(`Model API rate limit: ${message}`));
      else turn.fail(new ModelFailedError(redactSecrets(message, apiKey), false, code ?? undefined));
      return;
    }
    case 'error': {
      const error = event.error;
      const retryAfterMs = error?.retry_after_ms;
      turn.fail(
        providerError(
          {
            ...(event.status === undefined ? {} : { status: event.status }),
            code: error?.code ?? event.code ?? null,
            type: error?.type ?? null,
            message: error?.message ?? event.message ?? null,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
          },
          apiKey,
        ),
      );
      return;
    }
    default:
      return;
  }
}

const DELTA_PREFIX = '{"type":"response.output_text.delta"';
const DELTA_KEY = '"delta":"';

/**
 * Fast path for the frame that is >99% of the traffic. OpenAI serialises `type` first, so a
 * prefix check identifies text deltas without parsing the whole frame; the `delta` string is
 * sliced out directly (JSON-decoded only if it holds escapes). `"delta":"` cannot occur
 * unescaped inside a JSON string value, so the first hit is the top-level key. Anything
 * unexpected returns undefined and takes the full JSON.parse path.
 */
export function fastDelta(text: string): string | undefined {
  if (!text.startsWith(DELTA_PREFIX)) return undefined;
  const key = text.indexOf(DELTA_KEY, DELTA_PREFIX.length);
  if (key === -1) return undefined;
  const start = key + DELTA_KEY.length;
  let end = text.indexOf('"', start);
  while (end !== -1 && text.charCodeAt(end - 1) === 92 /* backslash */) {
    // Count the backslashes: an even run means the quote itself is not escaped.
    let run = 1;
    while (text.charCodeAt(end - 1 - run) === 92) run++;
    if (run % 2 === 0) break;
    end = text.indexOf('"', end + 1);
  }
  if (end === -1) return undefined;
  const backslash = text.indexOf('\\', start);
  if (backslash === -1 || backslash > end) return text.slice(start, end);
  try {
    return JSON.parse(text.slice(start - 1, end + 1)) as string;
  } catch {
    return undefined;
  }
}

/** One raw Responses frame (WS message or SSE `data:`) into the turn. */
export function handleResponsesText(turn: Turn, text: string, apiKey: string): void {
  const delta = fastDelta(text);
  if (delta !== undefined) {
    turn.events++;
    turn.delta(delta);
    return;
  }
  const event = parseEventJson(turn, text);
  if (event !== undefined) handleResponsesEvent(turn, event, apiKey);
}

/** Parses one JSON payload; a malformed frame means the stream is corrupt, so the turn is retried. */
export function parseEventJson(turn: Turn, text: string): ResponsesEvent | undefined {
  try {
    return JSON.parse(text) as ResponsesEvent;
  } catch (cause) {
    turn.fail(new ModelConnectionError('The model API sent a malformed stream event.', { cause }));
    return undefined;
  }
}
