import type { RecordedRequest } from '../../test/fakes/github-server.js';

/** The status comment's final edit reads "**Spark fix** — Done" or "— Failed". */
const FINAL = /\*\*Spark \w+\*\* — (Done|Failed)/;

export function finalPhase(body: unknown): 'Done' | 'Failed' | undefined {
  const text = (body as { body?: unknown } | undefined)?.body;
  if (typeof text !== 'string') return undefined;
  return FINAL.exec(text)?.[1] as 'Done' | 'Failed' | undefined;
}

/** A status edit (PATCH of an issue/review comment): fire-and-forget, off the critical path. */
export function isStatusEdit(r: RecordedRequest): boolean {
  return r.method === 'PATCH' && /\/(issues|pulls)\/comments\/\d+$/.test(r.path.split('?')[0]!);
}
