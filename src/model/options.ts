import type WebSocket from 'ws';
import { ModelConfigError } from './errors.js';
import type { Log } from '../log.js';
import type { Transport } from './types.js';

export interface ModelClientOptions {
  /** Sent as `Authorization: Bearer`; may be empty for local servers that need no key. */
  apiKey: string;
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:8000/v1 */
  baseUrl: string;
  model: string;
  transport: Transport;
  /** websocket only: use SSE when the socket cannot be opened (default true). */
  fallbackToSse?: boolean;
  /** Most WebSocket connections open at once, one response in flight each, opened as needed (default 8: a big review runs up to `review.parallel` turns at once). */
  poolSize?: number;
  /** Whole-turn retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Backoff base and cap: delay = random(0, min(cap, base * 2^n)) ("full jitter"). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Longest server-requested retry-after the client will honour before giving up (default 60 s). */
  maxRetryAfterMs?: number;
  /** Responses `store` default (false: nothing persisted; chaining then relies on the warm socket). */
  store?: boolean;
  maxOutputTokens?: number;
  /** WebSocket handshake / HTTP response-headers timeout (default 10 s). */
  connectTimeoutMs?: number;
  /** No event for this long mid-turn counts as a dropped connection (default 60 s). */
  idleTimeoutMs?: number;
  /** Rotate sockets before the server's 60-minute cap (default 55 min). */
  maxConnectionAgeMs?: number;
  /** After a fallback, skip WebSocket attempts for this long (default 5 min). */
  websocketCooldownMs?: number;
  log?: Log;
  /** Injection points for tests; real defaults. */
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  random?: () => number;
}

export type ResolvedModelOptions = Required<Omit<ModelClientOptions, 'maxOutputTokens' | 'WebSocket'>> &
  Pick<ModelClientOptions, 'maxOutputTokens' | 'WebSocket'>;

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_MODEL = 'gpt-5.3-codex-spark';
const TRANSPORTS: readonly Transport[] = ['websocket', 'sse', 'chat'];

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ModelConfigError(`${name} must be a non-negative integer, got "${raw}".`);
  }
  return value;
}

/**
 * Reads OPENAI_API_KEY, OPENAI_BASE_URL, SPARK_MODEL, SPARK_TRANSPORT, and the optional
 * tuning knobs SPARK_STORE (true|false), SPARK_POOL_SIZE, SPARK_MAX_RETRIES, SPARK_MAX_OUTPUT_TOKENS.
 */
export function modelOptionsFromEnv(env: NodeJS.ProcessEnv): ModelClientOptions {
  const transport = (env.SPARK_TRANSPORT ?? '').trim().toLowerCase() || 'websocket';
  if (!TRANSPORTS.includes(transport as Transport)) {
    throw new ModelConfigError(
      `SPARK_TRANSPORT must be one of ${TRANSPORTS.join(', ')}; got "${env.SPARK_TRANSPORT}".`,
    );
  }
  const store = env.SPARK_STORE?.trim().toLowerCase();
  if (store !== undefined && store !== '' && store !== 'true' && store !== 'false') {
    throw new ModelConfigError(`SPARK_STORE must be true or false; got "${env.SPARK_STORE}".`);
  }
  const options: ModelClientOptions = {
    apiKey: env.OPENAI_API_KEY ?? '',
    baseUrl: env.OPENAI_BASE_URL?.trim() || DEFAULT_BASE_URL,
    model: env.SPARK_MODEL?.trim() || DEFAULT_MODEL,
    transport: transport as Transport,
  };
  if (store === 'true' || store === 'false') options.store = store === 'true';
  const poolSize = positiveInt(env, 'SPARK_POOL_SIZE');
  if (poolSize !== undefined) options.poolSize = Math.max(1, poolSize);
  const maxRetries = positiveInt(env, 'SPARK_MAX_RETRIES');
  if (maxRetries !== undefined) options.maxRetries = maxRetries;
  const maxOutputTokens = positiveInt(env, 'SPARK_MAX_OUTPUT_TOKENS');
  if (maxOutputTokens !== undefined && maxOutputTokens > 0) options.maxOutputTokens = maxOutputTokens;
  return options;
}
