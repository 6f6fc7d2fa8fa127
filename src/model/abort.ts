import { ModelAbortedError } from './errors.js';

/** AbortSignal.timeout() aborts with a TimeoutError: that is a deadline, anything else a cancel. */
export function abortError(signal: AbortSignal): ModelAbortedError {
  const reason: unknown = signal.reason;
  // Duck-typed: the DOMException may come from another realm (vm contexts, workers).
  const deadline = typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
  return new ModelAbortedError(deadline, { cause: reason });
}

/** Resolves after `ms`, or rejects with the abort error as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
