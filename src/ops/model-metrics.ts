/**
 * Wraps a ModelClient so every finished turn counts its tokens (spark_model_tokens_total, by
 * model) and every failed turn its ModelError code (spark_model_errors_total). The job code
 * is unchanged: it sees the same ModelClient.
 */
import type { Metrics } from '../metrics.js';
import type { ModelClient, ModelEvent, ModelRequest } from '../model/types.js';

export function instrumentModel(client: ModelClient, metrics: Pick<Metrics, 'modelTokens' | 'modelErrors'>, defaultModel: string): ModelClient {
  return {
    stream(request: ModelRequest): AsyncIterable<ModelEvent> {
      const model = request.model ?? defaultModel;
      return {
        async *[Symbol.asyncIterator]() {
          try {
            for await (const event of client.stream(request)) {
              if (event.type === 'done') {
                metrics.modelTokens.inc({ model, direction: 'in' }, event.result.usage.inputTokens);
                metrics.modelTokens.inc({ model, direction: 'out' }, event.result.usage.outputTokens);
              }
              yield event;
            }
          } catch (error) {
            const code = (error as { code?: unknown }).code;
            metrics.modelErrors.inc({ kind: typeof code === 'string' ? code : 'unknown' });
            throw error;
          }
        },
      };
    },
    close: () => client.close(),
  };
}
