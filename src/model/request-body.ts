import type { ModelRequest } from './types.js';

export interface BodyDefaults {
  model: string;
  store: boolean;
  maxOutputTokens?: number;
}

/** Responses create body; WS wraps it as `response.create`, SSE adds `stream: true`. */
export function responsesBody(request: ModelRequest, defaults: BodyDefaults, withPrevious: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model ?? defaults.model,
    instructions: request.instructions,
    input: withPrevious || request.fullInput === undefined ? request.input : request.fullInput,
    store: request.store ?? defaults.store,
  };
  const maxOutputTokens = request.maxOutputTokens ?? defaults.maxOutputTokens;
  if (maxOutputTokens !== undefined) body.max_output_tokens = maxOutputTokens;
  if (withPrevious && request.previousResponseId !== undefined) body.previous_response_id = request.previousResponseId;
  if (request.promptCacheKey !== undefined) body.prompt_cache_key = request.promptCacheKey;
  return body;
}

/**
 * Chat Completions has no server-side chaining, so it always sends the full input. The
 * instructions go first as a system message so prefix caches (vLLM, llama.cpp) hit.
 */
export function chatBody(request: ModelRequest, defaults: BodyDefaults): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model ?? defaults.model,
    messages: [
      { role: 'system', content: request.instructions },
      { role: 'user', content: request.fullInput ?? request.input },
    ],
    stream: true,
    stream_options: { include_usage: true },
  };
  const maxOutputTokens = request.maxOutputTokens ?? defaults.maxOutputTokens;
  if (maxOutputTokens !== undefined) body.max_tokens = maxOutputTokens;
  return body;
}
