/**
 * Contract of the model client. The job only sees `ModelClient`; transports
 * (Responses WebSocket, Responses SSE, Chat Completions) live behind it.
 */
export type Transport = 'websocket' | 'sse' | 'chat';

export interface ModelRequest {
  /** Stable system instructions: sent first so the provider's prompt cache hits. */
  instructions: string;
  /** The user turn: repo context, diff, then the instruction. */
  input: string;
  /** Defaults to the client's configured model (SPARK_MODEL). */
  model?: string;
  maxOutputTokens?: number;
  /** Chain a follow-up (e.g. a retry carrying the applier's error) to an earlier turn. */
  previousResponseId?: string;
  /**
   * The whole conversation as one input, sent instead of `input` when the chain is lost
   * (`previous_response_not_found`) and on Chat Completions (no server-side chaining).
   * Defaults to `input`.
   */
  fullInput?: string;
  store?: boolean;
  /** Helps the provider route repeated prefixes to the same cache (e.g. "owner/repo#12"). */
  promptCacheKey?: string;
  /** Job deadline / cancellation. */
  signal?: AbortSignal;
}

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  /** True when the server reported no usage and the client estimated it (some chat servers). */
  estimated?: boolean;
}

export interface ModelTimings {
  /** Time to get a usable connection (0 on a warm WebSocket). */
  connectMs: number;
  /** Request sent → first text delta. */
  ttftMs: number;
  /** Request sent → completed. */
  totalMs: number;
  /** Output tokens / (totalMs - ttftMs) in seconds. */
  tokensPerSecond: number;
  /** `stream()` called → completed, including failed attempts and backoff. */
  elapsedMs?: number;
}

export interface ModelResult {
  text: string;
  responseId?: string;
  usage: ModelUsage;
  timings: ModelTimings;
  transport: Transport;
  /** How many whole-turn retries were needed (0 = first try). */
  retries: number;
}

/**
 * Events of one turn. A `reset` means the transport failed mid-stream and the whole turn
 * is being retried: consumers must discard every delta seen so far. `done` is always last
 * on success and means the provider confirmed a finished answer (Responses
 * `response.completed`; chat a `finish_reason` other than `length`/`content_filter`). A reply
 * that did not finish (`response.incomplete`, `finish_reason: "length"`, a stream that drops or
 * ends without saying why) never yields `done`: the iterator throws a `ModelError`
 * (`incomplete` / `connection`), so the patch step never applies a cut-off reply.
 */
export type ModelEvent =
  | { type: 'delta'; text: string }
  | { type: 'reset'; reason: string; attempt: number }
  | { type: 'done'; result: ModelResult };

export interface ModelClient {
  stream(request: ModelRequest): AsyncIterable<ModelEvent>;
  /** The provider keeps responses (SPARK_STORE=true): a later job may chain to one by its id. */
  readonly stores?: boolean;
  close(): Promise<void>;
}
