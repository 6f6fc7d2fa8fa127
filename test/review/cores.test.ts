import { describe, expect, it } from '@jest/globals';
import { DESCRIBE_END, DESCRIBE_START, spliceDescription } from '../../src/review/describe-section.js';
import { findingKey, keyMarker, postedKeys } from '../../src/review/finding-key.js';
import type { Finding, ParsedReview } from '../../src/review/finding-format.js';
import { groupFiles } from '../../src/review/group-files.js';
import { instructionPaths, packInstructions } from '../../src/instructions/instruction-files.js';
import { filterBySeverity, mergeFindings } from '../../src/review/merge-findings.js';
import { linkCitations } from '../../src/review/permalinks.js';

const finding = (over: Partial<Finding>): Finding => ({ kind: 'bug', path: 'a.ts', line: 1, reason: 'r', patch: '', ...over });

describe('findingKey', () => {
  it('is stable across line-number shifts and whitespace, and differs by file, line text or reason', () => {
    const k = findingKey({ path: 'a.ts', reason: 'Null is not handled.' }, '  return x.y;');
    expect(findingKey({ path: 'a.ts', reason: 'null  is not handled' }, 'return x.y;')).toBe(k);
    expect(findingKey({ path: 'b.ts', reason: 'Null is not handled.' }, 'return x.y;')).not.toBe(k);
    expect(findingKey({ path: 'a.ts', reason: 'Null is not handled.' }, 'return x.z;')).not.toBe(k);
    expect(findingKey({ path: 'a.ts', reason: 'Off by one.' }, 'return x.y;')).not.toBe(k);
  });
  it('round-trips through the hidden marker', () => {
    const k = findingKey({ path: 'a.ts', reason: 'r' }, 'x');
    expect(postedKeys([`text\n${keyMarker(k)}`, 'no marker'])).toEqual(new Set([k]));
  });
});

describe('groupFiles', () => {
  it('packs files into groups within the budget and keeps input order inside a group', () => {
    const groups = groupFiles(
      [
        { path: 'a', tokens: 60 },
        { path: 'b', tokens: 30 },
        { path: 'c', tokens: 50 },
        { path: 'd', tokens: 40 },
        { path: 'huge', tokens: 500 },
      ],
      100,
    );
    expect(groups).toEqual([['huge'], ['a', 'd'], ['b', 'c']]);
  });
  it('rejects a non-positive budget', () => {
    expect(() => groupFiles([], 0)).toThrow(RangeError);
  });
});

describe('mergeFindings / filterBySeverity', () => {
  it('de-duplicates across parts and orders by severity, then file and line', () => {
    const parts: ParsedReview[] = [
      { summary: 'one', findings: [finding({ kind: 'nit', path: 'b.ts' }), finding({ line: 5, reason: 'Same  thing' })], unreadable: [] },
      { summary: '', findings: [finding({ line: 5, reason: 'same thing' }), finding({ kind: 'risk', path: 'a.ts', line: 2 })], unreadable: [] },
    ];
    const merged = mergeFindings(parts, () => undefined);
    expect(merged.summaries).toEqual(['one']);
    expect(merged.findings.map((f) => `${f.kind}:${f.path}:${f.line}`)).toEqual(['bug:a.ts:5', 'risk:a.ts:2', 'nit:b.ts:1']);
    expect(filterBySeverity(merged.findings, 'risk').map((f) => f.kind)).toEqual(['bug', 'risk']);
    expect(filterBySeverity(merged.findings, 'nit')).toHaveLength(3);
  });

  it('keys by the line content at the head (finding-key.ts): the same reason on the same line content is one finding, on other content another', () => {
    const lines: Record<string, string[]> = { 'a.ts': ['const a = 1;', 'const b = 2;', 'const a = 1;'] };
    const at = (path: string, line: number): string | undefined => lines[path]?.[line - 1];
    const parts: ParsedReview[] = [
      { summary: '', findings: [finding({ line: 1, reason: 'Unused constant.' })], unreadable: [] },
      { summary: '', findings: [finding({ line: 3, reason: 'unused constant' }), finding({ line: 2, reason: 'unused constant' })], unreadable: [] },
    ];
    expect(mergeFindings(parts, at).findings.map((f) => f.line)).toEqual([1, 2]);
  });
});

describe('spliceDescription', () => {
  it('appends the first time and replaces on re-run, never touching the author text', () => {
    const author = 'Fixes the parser.\r\n\r\nSee #12 and @octo.  ';
    const first = spliceDescription(author, 'v1');
    expect(first.startsWith('Fixes the parser.\r\n\r\nSee #12 and @octo.')).toBe(true);
    expect(first.endsWith(`${DESCRIBE_START}\nv1\n${DESCRIBE_END}`)).toBe(true);
    const edited = `${first}\n\nAuthor added this later.`;
    const second = spliceDescription(edited, 'v2');
    expect(second).toBe(edited.replace('\nv1\n', '\nv2\n'));
  });
  it('handles an empty body and a lone start marker', () => {
    expect(spliceDescription(null, 'x')).toBe(`${DESCRIBE_START}\nx\n${DESCRIBE_END}`);
    const lone = `text ${DESCRIBE_START} keep this`;
    expect(spliceDescription(lone, 'y').startsWith(lone)).toBe(true);
  });
});

describe('linkCitations', () => {
  const target = { repoUrl: 'https://github.com/o/r', sha: 'a'.repeat(40), lineCounts: new Map([['src/a.ts', 20]]) };
  it('links citations of existing lines at the pinned sha', () => {
    const out = linkCitations('See `src/a.ts:10-14` and src/a.ts#L3.', target);
    expect(out.text).toBe(
      `See [src/a.ts#L10-L14](https://github.com/o/r/blob/${'a'.repeat(40)}/src/a.ts#L10-L14) and [src/a.ts#L3](https://github.com/o/r/blob/${'a'.repeat(40)}/src/a.ts#L3).`,
    );
    expect(out.linked).toBe(2);
  });
  it('never links a line past the end or a file that is not there', () => {
    const out = linkCitations('src/a.ts:21 and src/b.ts:1', target);
    expect(out.linked).toBe(0);
    expect(out.unverified).toBe(2);
    expect(out.text).not.toContain('](');
  });
});

describe('instruction files', () => {
  it('picks the configured file, the root and the nearest AGENTS.md, then the other conventions', () => {
    const tree = new Set(['AGENTS.md', 'pkg/AGENTS.md', 'pkg/deep/x.ts', 'other/y.ts', 'CLAUDE.md', 'docs/rules.md']);
    expect(instructionPaths(['pkg/deep/x.ts', 'other/y.ts'], tree, 'docs/rules.md')).toEqual(['docs/rules.md', 'AGENTS.md', 'pkg/AGENTS.md', 'CLAUDE.md']);
  });
  it('cuts at the budget with a note and names what was left out', () => {
    const long = Array.from({ length: 400 }, (_, i) => `rule number ${i}: keep functions small`).join('\n');
    const packed = packInstructions(
      [
        { path: 'AGENTS.md', content: 'be kind' },
        { path: 'pkg/AGENTS.md', content: long },
        { path: 'CLAUDE.md', content: 'x' },
      ],
      300,
    );
    expect(packed.included).toEqual(['AGENTS.md', 'pkg/AGENTS.md']);
    expect(packed.cut).toEqual(['pkg/AGENTS.md', 'CLAUDE.md']);
    expect(packed.text).toContain('cut here: instructions.max_tokens (300) reached');
    expect(packed.text).toContain('left out, over instructions.max_tokens: CLAUDE.md');
    expect(packed.tokens).toBeLessThanOrEqual(300);
  });
});
