import { ModelConnectionError, ModelIncompleteError } from './errors.js';
import { streamHttp } from './http-stream.js';
import { parseEventJson } from './responses-events.js';
import { chatBody } from './request-body.js';
import { providerError } from './status-errors.js';
import type { HttpTransportOptions } from './transport-sse.js';
import type { TurnTransport } from './transport.js';
import { Turn } from './turn.js';
import type { ModelRequest, ModelUsage } from './types.js';

interface ChatChunk {
  id?: string;
  choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } } | null;
  error?: { message?: string; code?: string | null; type?: string } | string;
}

/**
 * `POST /v1/chat/completions` streaming, for OpenAI-compatible gateways and local servers
 * (vLLM, llama.cpp, Ollama). A turn completes on `[DONE]` or on a clean end after a
 * `finish_reason`; `length` / `content_filter` are incomplete answers, never `done`.
 */
export class ChatTransport implements TurnTransport {
  constructor(private readonly options: HttpTransportOptions) {}

  start(request: ModelRequest): Turn {
    const turn = new Turn('chat');
    const { apiKey } = this.options;
    let finishReason: string | undefined;
    let usage: ModelUsage | undefined;
    let deltas = 0;
    const inputChars = request.instructions.length + (request.fullInput ?? request.input).length;
    const finish = (): void => {
      turn.terminal = true;
      // Servers that ignore stream_options.include_usage: estimate (~4 chars/token, 1 token/delta).
      turn.complete(usage ?? { inputTokens: Math.ceil(inputChars / 4), outputTokens: deltas, estimated: true });
    };
    streamHttp(turn, {
      ...this.options,
      body: JSON.stringify(chatBody(request, this.options.defaults)),
      signal: request.signal,
      onEvent: (_event, data) => {
        turn.events++;
        if (data === '[DONE]') {
          // A stream that never said why it stopped is not known to be a finished answer.
          if (finishReason === undefined) turn.fail(new ModelConnectionError('The chat completions stream sent [DONE] before a finish_reason.'));
          else finish();
          return;
        }
        const chunk = parseEventJson(turn, data) as ChatChunk | undefined;
        if (chunk === undefined) return;
        if (chunk.error !== undefined) {
          const error = typeof chunk.error === 'string' ? { message: chunk.error } : chunk.error;
          turn.fail(providerError({ code: error.code ?? null, message: error.message ?? null }, apiKey));
          return;
        }
        if (chunk.id !== undefined && turn.responseId === undefined) turn.responseId = chunk.id;
        const choice = chunk.choices?.[0];
        const content = choice?.delta?.content;
        if (typeof content === 'string' && content.length > 0) {
          deltas++;
          turn.delta(content);
        }
        const reason = choice?.finish_reason;
        if (typeof reason === 'string') {
          finishReason = reason;
          if (reason === 'length' || reason === 'content_filter') {
            turn.terminal = true;
            turn.fail(new ModelIncompleteError(reason === 'length' ? 'max_output_tokens' : reason));
            return;
          }
        }
        if (chunk.usage) {
          usage = {
            inputTokens: chunk.usage.prompt_tokens ?? 0,
            outputTokens: chunk.usage.completion_tokens ?? 0,
          };
          const cached = chunk.usage.prompt_tokens_details?.cached_tokens;
          if (cached !== undefined) usage.cachedInputTokens = cached;
        }
      },
      onEnd: () => {
        if (finishReason !== undefined) finish();
        else turn.fail(new ModelConnectionError('The chat completions stream ended before a finish_reason.'));
      },
    });
    return turn;
  }

  close(): void {}
}
