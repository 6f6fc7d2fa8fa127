import { describe, expect, it } from '@jest/globals';
import { parseFindingLine, parseReview } from '../../src/review/finding-format.js';

describe('parseFindingLine', () => {
  const shapes: Array<[string, { kind: string; path: string; line: number; endLine?: number; reason: string }]> = [
    ['FINDING bug src/a.ts:12 parse() throws on empty input.', { kind: 'bug', path: 'src/a.ts', line: 12, reason: 'parse() throws on empty input.' }],
    ['- [bug] src/a.ts:12-14 — off by one in the loop', { kind: 'bug', path: 'src/a.ts', line: 12, endLine: 14, reason: 'off by one in the loop' }],
    ['**BUG** `src/a.ts` line 12: null is not handled', { kind: 'bug', path: 'src/a.ts', line: 12, reason: 'null is not handled' }],
    ['1. Finding (nit): src/a.ts#L3 unused import', { kind: 'nit', path: 'src/a.ts', line: 3, reason: 'unused import' }],
    ['risk | lib/x.py:40 | the lock is never released', { kind: 'risk', path: 'lib/x.py', line: 40, reason: 'the lock is never released' }],
    ['FINDING question src/b.ts (lines 5–9) why is this retried twice?', { kind: 'risk', path: 'src/b.ts', line: 5, endLine: 9, reason: 'why is this retried twice?' }],
    ['* Warning: `Makefile:7` - target is phony but writes a file', { kind: 'risk', path: 'Makefile', line: 7, reason: 'target is phony but writes a file' }],
  ];
  it.each(shapes)('reads %s', (line, expected) => {
    expect(parseFindingLine(line)).toEqual({ patch: '', ...expected });
  });

  it.each([
    'The code looks fine overall.',
    'FINDING bug src/a.ts the line is missing',
    'FINDING bug src/a.ts:12',
    'FINDING banana src/a.ts:12 not a kind',
    'x'.repeat(5000),
  ])('refuses %s', (line) => {
    expect(parseFindingLine(line)).toBeUndefined();
  });
});

describe('parseReview', () => {
  it('keeps each patch with the finding above it, and the summary', () => {
    const reply = [
      'SUMMARY: Two problems in the parser.',
      'FINDING bug src/a.ts:2 empty input throws',
      '*** Begin Patch',
      '*** Update File: src/a.ts',
      '@@',
      '-  return s.split(",");',
      '+  return s === "" ? [] : s.split(",");',
      '*** End Patch',
      'FINDING risk src/a.ts:9 is the cache ever cleared?',
    ].join('\n');
    const parsed = parseReview(reply);
    expect(parsed.summary).toBe('Two problems in the parser.');
    expect(parsed.findings).toHaveLength(2);
    expect(parsed.findings[0]!.patch).toContain('+  return s === "" ? [] : s.split(",");');
    expect(parsed.findings[0]!.patch.endsWith('*** End Patch')).toBe(true);
    expect(parsed.findings[1]!.patch).toBe('');
  });

  it('takes the prose before the first finding as the summary when there is no SUMMARY line', () => {
    const parsed = parseReview('Looks mostly good.\nOne nit below.\n- nit src/a.ts:1 trailing space');
    expect(parsed.summary).toBe('Looks mostly good. One nit below.');
    expect(parsed.findings[0]!.kind).toBe('nit');
  });

  it('reports finding-like lines it cannot read instead of guessing', () => {
    const parsed = parseReview('SUMMARY: x\nFINDING bug somewhere in the parser, it breaks');
    expect(parsed.findings).toEqual([]);
    expect(parsed.unreadable).toEqual(['FINDING bug somewhere in the parser, it breaks']);
  });

  it('reads NO_CHANGES replies as no findings', () => {
    expect(parseReview('SUMMARY: All good.\nNO_CHANGES')).toEqual({ summary: 'All good.', findings: [], unreadable: [] });
  });
});
