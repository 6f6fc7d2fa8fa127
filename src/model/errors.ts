import { SparkError } from '../errors.js';

/**
 * Why a turn failed. The retry loop keys off `retryable`; the job maps `code` to a status
 * comment. `previous_response_not_found` and `connection_limit` are handled inside the client
 * (one transparent retry) and only escape if the retry fails the same way.
 */
export type ModelErrorCode =
  | 'auth'
  | 'bad_request'
  | 'rate_limited'
  | 'server'
  | 'connection'
  | 'aborted'
  | 'deadline'
  | 'incomplete'
  | 'failed'
  | 'previous_response_not_found'
  | 'connection_limit'
  | 'config';

export interface ModelErrorOptions {
  cause?: unknown;
  userMessage?: string;
  status?: number;
  /** Server-provided wait (retry-after), already converted to milliseconds. */
  retryAfterMs?: number;
}

export class ModelError extends SparkError {
  readonly code: ModelErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  /** Whole-turn attempts made before giving up (set by the client when it gives up). */
  attempts = 1;

  constructor(code: ModelErrorCode, retryable: boolean, message: string, options: ModelErrorOptions = {}) {
    super(message, options);
    this.code = code;
    this.retryable = retryable;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

export class ModelAuthError extends ModelError {
  constructor(message: string, options: ModelErrorOptions = {}) {
    super('auth', false, message, {
      userMessage:
        'The model API rejected the credentials: check that OPENAI_API_KEY is set, valid, and has access to SPARK_MODEL.',
      ...options,
    });
  }
}

export class ModelBadRequestError extends ModelError {
  constructor(message: string, options: ModelErrorOptions = {}) {
    super('bad_request', false, message, {
      userMessage: `The model API rejected the request: ${message} Check SPARK_MODEL, OPENAI_BASE_URL and SPARK_TRANSPORT.`,
      ...options,
    });
  }
}

export class ModelRateLimitError extends ModelError {
  constructor(message: string, options: ModelErrorOptions = {}) {
    super('rate_limited', true, message, {
      userMessage: 'The model API is rate limiting this app; try again in a minute or raise the account limits.',
      ...options,
    });
  }
}

export class ModelServerError extends ModelError {
  constructor(message: string, options: ModelErrorOptions = {}) {
    super('server', true, message, {
      userMessage: 'The model API had a server error; try again shortly.',
      ...options,
    });
  }
}

export class ModelConnectionError extends ModelError {
  constructor(message: string, options: ModelErrorOptions = {}) {
    super('connection', true, message, {
      userMessage: 'Could not reach the model API (connection refused or dropped): check OPENAI_BASE_URL and the network.',
      ...options,
    });
  }
}

export class ModelAbortedError extends ModelError {
  constructor(deadline: boolean, options: ModelErrorOptions = {}) {
    super(
      deadline ? 'deadline' : 'aborted',
      false,
      deadline ? 'The model turn exceeded the job deadline.' : 'The model turn was cancelled.',
      {
        userMessage: deadline
          ? 'The model did not finish before the job deadline; retry, or narrow the instruction.'
          : 'The model turn was cancelled.',
        ...options,
      },
    );
  }
}

export class ModelIncompleteError extends ModelError {
  readonly reason: string;
  constructor(reason: string, options: ModelErrorOptions = {}) {
    super('incomplete', false, `The model stopped before finishing its answer (${reason}).`, {
      userMessage: `The model's reply was cut off before it finished (${reason}), so nothing was changed. Narrow the instruction or raise the output token limit.`,
      ...options,
    });
    this.reason = reason;
  }
}

export class ModelFailedError extends ModelError {
  readonly providerCode?: string;
  constructor(message: string, retryable: boolean, providerCode?: string, options: ModelErrorOptions = {}) {
    super('failed', retryable, message, {
      userMessage: `The model failed to produce an answer: ${message}`,
      ...options,
    });
    if (providerCode !== undefined) this.providerCode = providerCode;
  }
}

/** The chained response is gone (store=false, another connection, or expired). */
export class PreviousResponseNotFoundError extends ModelError {
  constructor(message: string, options: ModelErrorOptions = {}) {
    super('previous_response_not_found', false, message, {
      userMessage: 'The earlier model response this follow-up refers to has expired; run the command again.',
      ...options,
    });
  }
}

/** The WebSocket hit the server's per-connection lifetime cap; a fresh socket fixes it. */
export class ConnectionLimitError extends ModelError {
  constructor(message: string, options: ModelErrorOptions = {}) {
    super('connection_limit', true, message, {
      userMessage: 'The model connection reached its lifetime limit; try again.',
      ...options,
    });
  }
}

export class ModelConfigError extends ModelError {
  constructor(message: string, options: ModelErrorOptions = {}) {
    super('config', false, message, options);
  }
}

/**
 * The WebSocket could not be opened for a reason SSE may not share (no WS mode on a
 * gateway, upgrade refused, proxy in the way): the client falls back to SSE.
 */
export class WebSocketUnavailableError extends ModelConnectionError {}
