import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import type { Octokit } from '../../src/github/types.js';
import { applyToSnapshot } from '../../src/jobs/apply-snapshot.js';
import { PatchGuardError } from '../../src/patch/index.js';
import type { FileOp } from '../../src/patch/types.js';

/** A GraphQL-only octokit answering ReadBlobs from a path → text map; records what was asked. */
function blobOctokit(existing: Record<string, string>) {
  const asked: string[] = [];
  const octokit = {
    graphql: async (_query: string, variables: Record<string, string>) => {
      const repository: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(variables)) {
        const m = /^e(\d+)$/.exec(key);
        if (!m) continue;
        const path = value.slice(value.indexOf(':') + 1);
        asked.push(path);
        const text = existing[path];
        repository[`f${m[1]}`] = text === undefined ? null : { text, isBinary: false, isTruncated: false, byteSize: text.length };
      }
      return { repository };
    },
  } as unknown as Octokit;
  return { octokit, asked };
}

const repo = { owner: 'o', repo: 'r' };
const add = (path: string): FileOp => ({ kind: 'add', path, content: 'new\n' });

describe('applyToSnapshot on a truncated tree listing', () => {
  it('refuses an Add over a file the listing left out (asked for directly)', async () => {
    const { octokit, asked } = blobOctokit({ 'deep/LICENSE': 'MIT\n' });
    const snapshot = { tree: { paths: ['a.ts'], special: new Set<string>(), truncated: true }, files: new Map([['a.ts', 'x\n']]), sha: 'abc' };
    await expect(applyToSnapshot([add('deep/LICENSE')], snapshot, { octokit, repo }, DEFAULT_CONFIG)).rejects.toBeInstanceOf(PatchGuardError);
    expect(asked).toEqual(['deep/LICENSE']);
  });

  it('adds a file that really does not exist, and asks nothing when the listing is complete', async () => {
    const truncated = blobOctokit({});
    const snapshot = { tree: { paths: ['a.ts'], special: new Set<string>(), truncated: true }, files: new Map([['a.ts', 'x\n']]), sha: 'abc' };
    const result = await applyToSnapshot([add('src/new.ts')], snapshot, { octokit: truncated.octokit, repo }, DEFAULT_CONFIG);
    expect(result.changes.map((c) => c.path)).toEqual(['src/new.ts']);
    const complete = blobOctokit({});
    await applyToSnapshot([add('src/new.ts')], { ...snapshot, tree: { ...snapshot.tree, truncated: false } }, { octokit: complete.octokit, repo }, DEFAULT_CONFIG);
    expect(complete.asked).toEqual([]);
  });
});
