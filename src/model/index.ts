import { SparkModelClient } from './client.js';
import type { ModelClientOptions } from './options.js';

export { SparkModelClient, type ModelClientStats } from './client.js';
export { modelOptionsFromEnv, DEFAULT_BASE_URL, DEFAULT_MODEL, type ModelClientOptions } from './options.js';
export * from './errors.js';
export { endpointsFor } from './urls.js';
export type * from './types.js';

/** The job's entry point: one client per process, sharing its warm WebSocket pool. */
export function createModelClient(options: ModelClientOptions): SparkModelClient {
  return new SparkModelClient(options);
}
