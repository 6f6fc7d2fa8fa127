import { ModelConnectionError } from './errors.js';
import { streamHttp } from './http-stream.js';
import { handleResponsesText } from './responses-events.js';
import type { BodyDefaults } from './request-body.js';
import { responsesBody } from './request-body.js';
import type { AttemptOptions, TurnTransport } from './transport.js';
import { Turn } from './turn.js';
import type { ModelRequest } from './types.js';

export interface HttpTransportOptions {
  url: string;
  apiKey: string;
  fetch: typeof fetch;
  defaults: BodyDefaults;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
}

/** `POST /v1/responses` with `stream: true`: same events as the WebSocket, framed as SSE. */
export class SseTransport implements TurnTransport {
  constructor(private readonly options: HttpTransportOptions) {}

  start(request: ModelRequest, attempt: AttemptOptions): Turn {
    const turn = new Turn('sse');
    const { apiKey } = this.options;
    streamHttp(turn, {
      ...this.options,
      body: JSON.stringify({ ...responsesBody(request, this.options.defaults, attempt.withPrevious), stream: true }),
      signal: request.signal,
      onEvent: (_event, data) => handleResponsesText(turn, data, apiKey),
      onEnd: () => turn.fail(new ModelConnectionError('The model API stream ended before response.completed.')),
    });
    return turn;
  }

  close(): void {}
}
