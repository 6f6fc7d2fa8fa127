import { describe, expect, it } from '@jest/globals';
import { longestSequentialChain } from './github-server.js';
import { requestLabel, sequentialChain, type TimedRequest } from './request-chain.js';

const r = (path: string, startedAt: number, endedAt: number, operation?: string): TimedRequest => ({ method: operation ? 'POST' : 'GET', path, operation, startedAt, endedAt });

describe('sequentialChain', () => {
  it('returns the members of the longest chain, parallel requests counted once', () => {
    const requests = [
      r('/token', 0, 10),
      r('/permission', 11, 50),
      r('/graphql', 12, 52, 'PinPullRequest'),
      r('/config', 12, 40),
      r('/comments', 53, 90),
      r('/reactions', 53, 60),
    ];
    const chain = sequentialChain(requests);
    expect(chain.map((c) => c.path)).toEqual(['/token', '/permission', '/comments']);
    expect(chain).toHaveLength(longestSequentialChain(requests as never));
  });

  it('only counts requests inside the window and ignores unfinished ones', () => {
    const requests = [r('/a', 0, 10), r('/b', 20, 30), r('/c', 40, 0), r('/d', 50, 60)];
    expect(sequentialChain(requests, 15, 100).map((c) => c.path)).toEqual(['/b', '/d']);
    expect(sequentialChain(requests, 0, 35)).toHaveLength(2);
    expect(sequentialChain([])).toEqual([]);
  });
});

describe('requestLabel', () => {
  it('names GraphQL by operation and REST by templated path', () => {
    expect(requestLabel(r('/api/graphql', 0, 1, 'ReadBlobs'))).toBe('POST graphql ReadBlobs');
    expect(requestLabel(r(`/api/v3/repos/o/r/git/trees/${'a'.repeat(40)}?recursive=1`, 0, 1))).toBe('GET /repos/o/r/git/trees/:sha');
    expect(requestLabel(r('/api/v3/repos/o/r/issues/comments/1001', 0, 1))).toBe('GET /repos/o/r/issues/comments/:n');
  });
});
