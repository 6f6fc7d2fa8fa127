import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { gitPairs } from '../../bench/patch-oracle/pairs.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/guard/index.js';

const repo = mkdtempSync(join(tmpdir(), 'spark-git-pairs-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));
const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8' });

describe('gitPairs', () => {
  git('init', '-q');
  const big = `${'x'.repeat(100)}\n`.repeat(Math.ceil(DEFAULT_MAX_FILE_BYTES / 101) + 10);
  writeFileSync(join(repo, 'small.ts'), 'export const a = 1;\n');
  writeFileSync(join(repo, 'bundle.js'), big);
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  writeFileSync(join(repo, 'small.ts'), 'export const a = 2;\n');
  writeFileSync(join(repo, 'bundle.js'), big.replace('x', 'y'));
  git('commit', '-q', '-am', 'second');

  it('takes each modified file of a small commit as a pair, and leaves out files over the file-size cap', () => {
    const got = gitPairs(repo);
    expect(got.pairs.map((p) => p.path)).toEqual(['small.ts']);
    expect(got.pairs[0]).toMatchObject({ before: 'export const a = 1;\n', after: 'export const a = 2;\n', change: 'second' });
    expect(got.tooLarge).toBe(1);
  });
});
