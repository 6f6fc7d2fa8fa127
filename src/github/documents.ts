/**
 * Every GraphQL document the app sends lives here, so one test can validate them all
 * against GitHub's published schema (@octokit/graphql-schema).
 */

/** Pins the PR at command time: metadata, head/base OIDs and the changed-file list, one round trip. */
export const PIN_PULL_REQUEST = /* GraphQL */ `
  query PinPullRequest($owner: String!, $repo: String!, $number: Int!, $configExpr: String!) {
    repository(owner: $owner, name: $repo) {
      nameWithOwner
      # The config file ("HEAD:<path>") on the default branch, and the owner-wide fallback in
      # <owner>/.github (Probot's config convention), read here so config costs no round trip of its own.
      config: object(expression: $configExpr) {
        ... on Blob {
          text
        }
      }
      owner {
        repository(name: ".github") {
          config: object(expression: $configExpr) {
            ... on Blob {
              text
            }
          }
        }
      }
      pullRequest(number: $number) {
        number
        title
        body
        state
        isDraft
        headRefName
        headRefOid
        baseRefName
        baseRefOid
        isCrossRepository
        maintainerCanModify
        headRepository {
          nameWithOwner
        }
        author {
          login
        }
        files(first: 100) {
          totalCount
          nodes {
            path
            additions
            deletions
            changeType
          }
        }
      }
    }
  }
`;

export const CREATE_COMMIT_ON_BRANCH = /* GraphQL */ `
  mutation CreateCommitOnBranch($input: CreateCommitOnBranchInput!) {
    createCommitOnBranch(input: $input) {
      commit {
        oid
        url
      }
    }
  }
`;

/**
 * Reads many blobs at one commit in a single request: one aliased `object(expression:)`
 * per path. Expressions go in variables, never interpolated, so paths cannot inject syntax.
 */
export function blobsQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$e${i}: String!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) => `    f${i}: object(expression: $e${i}) { ... on Blob { text isBinary isTruncated byteSize } }`,
  ).join('\n');
  return `query ReadBlobs($owner: String!, $repo: String!${count > 0 ? `, ${vars}` : ''}) {\n  repository(owner: $owner, name: $repo) {\n    id\n${fields}\n  }\n}\n`;
}

/**
 * Repository instruction files (AGENTS.md, CLAUDE.md, …) at the default branch: `HEAD:<path>` in
 * an object expression is the default branch's tip, so a PR cannot change the rules the bot
 * follows on it. Same shape as ReadBlobs, its own name so logs and test mocks tell them apart.
 */
export function instructionFilesQuery(count: number): string {
  return blobsQuery(count).replace('query ReadBlobs(', 'query ReadInstructionFiles(');
}

/**
 * Issue → draft PR, one round trip: the default branch head (where a new branch starts), the
 * `spark/issue-<n>` branch if a previous run created it (re-runs commit on top of it), the open
 * PR from that branch (re-runs reuse it), and the issue text the context is retrieved from.
 * A few PRs are listed because a fork may open one from a same-named branch: only a PR from
 * this repository counts.
 */
export const ISSUE_BRANCH_SNAPSHOT = /* GraphQL */ `
  query IssueBranchSnapshot($owner: String!, $repo: String!, $number: Int!, $branch: String!, $qualifiedBranch: String!) {
    repository(owner: $owner, name: $repo) {
      nameWithOwner
      defaultBranchRef {
        name
        target {
          oid
        }
      }
      ref(qualifiedName: $qualifiedBranch) {
        target {
          oid
        }
      }
      pullRequests(headRefName: $branch, states: [OPEN], first: 5) {
        nodes {
          number
          url
          isDraft
          isCrossRepository
        }
      }
      issue(number: $number) {
        title
        body
        state
        url
      }
    }
  }
`;

/**
 * The newest commits of a branch with their first parent and message: after a crash between
 * sending `createCommitOnBranch` and recording its answer, a replay finds the commit the
 * first attempt made (by its `Spark-Job:` trailer on top of the head it was sent against).
 */
export const RECENT_BRANCH_COMMITS = /* GraphQL */ `
  query RecentBranchCommits($owner: String!, $repo: String!, $ref: String!) {
    repository(owner: $owner, name: $repo) {
      ref(qualifiedName: $ref) {
        target {
          ... on Commit {
            history(first: 20) {
              nodes {
                oid
                url
                message
                parents(first: 1) {
                  nodes {
                    oid
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

/**
 * Blob ids of many `<sha>:<path>` expressions in one request (no contents): tells whether a
 * file differs between two commits without trusting compare's file list, which stops at 300
 * files. Expressions go in variables, never interpolated.
 */
export function blobOidsQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$e${i}: String!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `    o${i}: object(expression: $e${i}) { oid }`).join('\n');
  return `query BlobOids($owner: String!, $repo: String!${count > 0 ? `, ${vars}` : ''}) {\n  repository(owner: $owner, name: $repo) {\n    id\n${fields}\n  }\n}\n`;
}
