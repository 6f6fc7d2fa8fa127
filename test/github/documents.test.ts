import { describe, expect, it } from '@jest/globals';
import { validate } from '@octokit/graphql-schema';
import { blobOidsQuery, blobsQuery, CREATE_COMMIT_ON_BRANCH, ISSUE_BRANCH_SNAPSHOT, PIN_PULL_REQUEST, RECENT_BRANCH_COMMITS } from '../../src/github/documents.js';

// Every GraphQL document the app sends, checked against GitHub's published schema: a typo'd
// field or a wrong input type fails here instead of in production.
describe('GraphQL documents', () => {
  it.each([
    ['PIN_PULL_REQUEST', PIN_PULL_REQUEST],
    ['CREATE_COMMIT_ON_BRANCH', CREATE_COMMIT_ON_BRANCH],
    ['blobsQuery(1)', blobsQuery(1)],
    ['blobsQuery(100)', blobsQuery(100)],
    ['ISSUE_BRANCH_SNAPSHOT', ISSUE_BRANCH_SNAPSHOT],
    ['RECENT_BRANCH_COMMITS', RECENT_BRANCH_COMMITS],
    ['blobOidsQuery(1)', blobOidsQuery(1)],
    ['blobOidsQuery(100)', blobOidsQuery(100)],
  ])('%s is valid against the GitHub schema', (_name, document) => {
    expect(validate(document).map((e) => e.message)).toEqual([]);
  });

  it('the validator does reject a wrong field (guards the guard)', () => {
    expect(validate('query { repository(owner: "a", name: "b") { headRefOidd } }').length).toBeGreaterThan(0);
  });

  it('blobsQuery puts expressions in variables, not in the document', () => {
    const doc = blobsQuery(2);
    expect(doc).toContain('f1: object(expression: $e1)');
    expect(doc).not.toContain('HEAD');
  });
});
