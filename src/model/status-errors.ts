import {
  ConnectionLimitError,
  ModelAuthError,
  ModelBadRequestError,
  ModelError,
  ModelFailedError,
  ModelRateLimitError,
  ModelServerError,
  PreviousResponseNotFoundError,
} from './errors.js';
import { redactSecrets } from './redact.js';

export interface ProviderError {
  status?: number;
  code?: string | null;
  type?: string | null;
  message?: string | null;
  retryAfterMs?: number;
}

/**
 * One mapping for HTTP statuses and WebSocket `error` events (which carry `status` and
 * `error.code`), so every transport fails the same way for the same cause.
 */
export function providerError(error: ProviderError, apiKey: string): ModelError {
  const status = error.status;
  const code = error.code ?? undefined;
  const detail = redactSecrets(error.message?.trim() || code || `HTTP ${status ?? '?'}`, apiKey);
  const options = {
    ...(status === undefined ? {} : { status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  };
  if (code === 'previous_response_not_found') return new PreviousResponseNotFoundError(detail, options);
  if (code === 'websocket_connection_limit_reached') return new ConnectionLimitError(detail, options);
  if (status === 401 || status === 403 || code === 'invalid_api_key') {
    return new ModelAuthError(`Model API authentication failed (${status ?? code}): ${detail}`, options);
  }
  // A 429 for an exhausted quota will not clear by waiting: fail fast so someone tops it up.
  if (code === 'insufficient_quota') {
    return new ModelFailedError(`Model API quota exhausted (check billing): ${detail}`, false, code, options);
  }
  if (status === 429 || code === 'rate_limit_exceeded') {
    return new ModelRateLimitError(`Model API rate limit (${status ?? code}): ${detail}`, options);
  }
  if (status !== undefined && status >= 500) {
    return new ModelServerError(`Model API server error (${status}): ${detail}`, options);
  }
  if (code === 'server_error') return new ModelServerError(`Model API server error: ${detail}`, options);
  if (status !== undefined && status >= 400) return new ModelBadRequestError(`(${status}) ${detail}.`, options);
  return new ModelFailedError(detail, false, code, options);
}
