import { describe, expect, it } from '@jest/globals';
import { commitFiles } from '../../src/jobs/commit-files.js';
import { assertNoNewSecrets, SecretInPatchError } from '../../src/jobs/no-new-secrets.js';
import { unifiedDiff } from '../../src/patch/index.js';
import type { PatchResult } from '../../src/patch/types.js';

const TOKEN = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;

function result(path: string, before: string, after: string): PatchResult {
  return { changes: [{ path, before, after, diff: unifiedDiff(path, before, after), additions: 1, deletions: 1 }], additions: 1, deletions: 1 };
}

describe('assertNoNewSecrets', () => {
  it('refuses a patch that writes a token', () => {
    const r = result('src/config.ts', 'export const token = process.env.TOKEN;\n', `export const token = '${TOKEN}';\n`);
    expect(() => assertNoNewSecrets(r)).toThrow(SecretInPatchError);
    expect(() => assertNoNewSecrets(r)).toThrow(/src\/config\.ts/);
  });

  it('accepts an edit of a line that already held the same token (nothing new is written)', () => {
    const r = result('test/fixture.ts', `const t = '${TOKEN}'; // fake\n`, `const t = '${TOKEN}'; // fake token for tests\n`);
    expect(() => assertNoNewSecrets(r)).not.toThrow();
  });

  it('scans added lines that themselves start with "++" (not mistaken for a header)', () => {
    const r = result('src/a.ts', 'let i = 0;\n', `let i = 0;\n++i; const k = '${TOKEN}';\n`);
    expect(() => assertNoNewSecrets(r)).toThrow(SecretInPatchError);
  });

  it('ignores ordinary code', () => {
    expect(() => assertNoNewSecrets(result('src/a.ts', 'a\n', 'b\n'))).not.toThrow();
  });
});

describe('commitFiles', () => {
  it('writes the new path and deletes the old one for a move', () => {
    const r: PatchResult = {
      changes: [
        { path: 'src/new.ts', oldPath: 'src/old.ts', before: 'x\n', after: 'x\n', diff: '', additions: 0, deletions: 0 },
        { path: 'gone.ts', before: 'y\n', after: null, diff: '', additions: 0, deletions: 1 },
      ],
      additions: 0,
      deletions: 1,
    };
    expect(commitFiles(r)).toEqual([
      { path: 'src/new.ts', contents: 'x\n' },
      { path: 'src/old.ts', contents: null },
      { path: 'gone.ts', contents: null },
    ]);
  });
});
