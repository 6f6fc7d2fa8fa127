import { ModelConnectionError, ModelError } from './errors.js';

/** Anything that is not already a ModelError is an unexpected transport failure: retry it. */
export function toModelError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ModelConnectionError(`Model transport failed: ${message}`, { cause: error });
}
