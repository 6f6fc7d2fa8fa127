/**
 * Reviewed verdicts for the corpus (`corpus-review.json`): the known right answer the detectors
 * cannot give. Two reviewers read every corpus reply the engine applied, with the file and the
 * result, and judged whether the result is what the reply asks, placed where its own lines point
 * (`ok`), a wrong apply (`wrong`: a line added twice, a change at a place its context contradicts,
 * code the model never wrote), or a call a careful person might make either way (`doubtful`).
 * A verdict is keyed by reply and by the SHA-256 of the result it was given for: when the engine
 * produces another result, that result is `unreviewed` until someone reads it and adds a verdict.
 * The refused replies that carry a real change were read too: `refuse` (applying needs a guess) or
 * `could-apply` (a careful person would apply it with confidence): the engine's missed recall.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type Verdict = 'ok' | 'wrong' | 'doubtful';

interface Entry {
  sha256: string;
  verdict: Verdict;
  note: string;
}

export type RefusalVerdict = 'refuse' | 'could-apply';

export interface Reviews {
  /** `language/case/diff file` → the verdicts given for each result of that reply. */
  applies: ReadonlyMap<string, readonly Entry[]>;
  refusals: ReadonlyMap<string, { verdict: RefusalVerdict; note: string }>;
}

export function loadReviews(path: string): Reviews {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { applies: Record<string, Entry[]>; refusals: Record<string, { verdict: RefusalVerdict; note: string }> };
  return { applies: new Map(Object.entries(raw.applies)), refusals: new Map(Object.entries(raw.refusals)) };
}

export const reviewKey = (language: string, caseId: string, diffFile: string): string => `${language}/${caseId}/${diffFile}`;

/** The verdict for this result of the reply, or `unreviewed`. */
export function reviewOf(reviews: Reviews, key: string, after: string): { verdict: Verdict | 'unreviewed'; note?: string } {
  const sha = createHash('sha256').update(after).digest('hex');
  const hit = reviews.applies.get(key)?.find((e) => e.sha256 === sha);
  return hit === undefined ? { verdict: 'unreviewed' } : { verdict: hit.verdict, note: hit.note };
}

/** The verdict on refusing this reply, when it was read (replies without a real change were not). */
export const refusalReviewOf = (reviews: Reviews, key: string): RefusalVerdict | undefined => reviews.refusals.get(key)?.verdict;
