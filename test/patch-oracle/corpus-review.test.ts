import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadReviews, reviewKey, reviewOf } from '../../bench/patch-oracle/corpus-review.js';

const dir = mkdtempSync(join(tmpdir(), 'spark-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('reviewed corpus verdicts', () => {
  const key = reviewKey('c', 'c-model-1234', 'llama3.2_3b.diff');
  const file = join(dir, 'review.json');
  writeFileSync(file, JSON.stringify({ applies: { [key]: [{ sha256: sha('int x;\n'), verdict: 'wrong', note: 'added twice' }, { sha256: sha('int y;\n'), verdict: 'ok', note: '' }] }, refusals: {} }));
  const reviews = loadReviews(file);

  it('gives the verdict recorded for exactly this result', () => {
    expect(reviewOf(reviews, key, 'int x;\n')).toEqual({ verdict: 'wrong', note: 'added twice' });
    expect(reviewOf(reviews, key, 'int y;\n').verdict).toBe('ok');
  });

  it('calls any other result of the reply, or another reply, unreviewed', () => {
    expect(reviewOf(reviews, key, 'int x; \n').verdict).toBe('unreviewed');
    expect(reviewOf(reviews, reviewKey('c', 'c-model-1234', 'phi3_mini.diff'), 'int x;\n').verdict).toBe('unreviewed');
  });
});
