/** "Full jitter" exponential backoff: spreads retries of many jobs that failed together. */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** `retry-after` is either delta-seconds or an HTTP date; `retry-after-ms` is OpenAI's finer variant. */
export function parseRetryAfterMs(
  retryAfter: string | null | undefined,
  retryAfterMs?: string | null,
  nowMs: number = Date.now(),
): number | undefined {
  if (retryAfterMs) {
    const ms = Number(retryAfterMs);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  return undefined;
}
