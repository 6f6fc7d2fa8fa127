/**
 * nock helpers for the GitHub API as the app uses it. Every GraphQL request is validated
 * against GitHub's published schema (@octokit/graphql-schema) as it is intercepted, so a
 * document that GitHub would reject fails the test that sends it.
 */
import { validate } from '@octokit/graphql-schema';
import nock from 'nock';
import { INSTALLATION_ID, OWNER, REPO } from './events.js';

export const API = 'https://api.github.com';
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;

export interface GraphqlCall {
  operation: string;
  query: string;
  variables: Record<string, any>;
}

export function githubMock() {
  const scope = nock(API);
  const graphqlCalls: GraphqlCall[] = [];
  const invalid: string[] = [];

  // Every job reads the repository's instruction files at the default branch (AGENTS.md, …):
  // answered here for every test (none by default; `instructionFiles()` sets them), optional so
  // flows that never reach a job do not fail `isDone()`. The first mock of a test answers.
  const instructions: Record<string, string> = {};
  nock(API)
    .persist()
    .post('/graphql', (body: { query: string }) => /query\s+ReadInstructionFiles\b/.test(body.query))
    .optionally()
    .reply(200, (_uri: string, body: any) => {
      invalid.push(...validate(body.query).map((e) => e.message));
      graphqlCalls.push({ operation: 'ReadInstructionFiles', query: body.query, variables: body.variables ?? {} });
      return blobsResponse(instructions)(body.variables ?? {});
    });

  const api = {
    scope,
    graphqlCalls,
    /** Instruction files on the default branch (path → text) for the jobs of this test. */
    instructionFiles(files: Record<string, string>) {
      Object.assign(instructions, files);
      return api;
    },
    /** Schema errors seen in intercepted GraphQL documents (assert it stays empty). */
    invalid,
    token() {
      scope
        .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
        .reply(201, { token: 'ghs_test_token', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
      return api;
    },
    role(login: string, role: string) {
      const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      scope.get(`${REPO_PATH}/collaborators/${login}/permission`).reply(200, { permission, role_name: role, user: { login } });
      return api;
    },
    /** Probot's context.config: the repo's file, then the org's .github repo. */
    noConfig() {
      scope.get(`${REPO_PATH}/contents/${encodeURIComponent('.github/spark.yml')}`).reply(404, { message: 'Not Found' });
      scope.get(`/repos/${OWNER}/.github/contents/${encodeURIComponent('.github/spark.yml')}`).reply(404, { message: 'Not Found' });
      return api;
    },
    graphql(operation: string, respond: (variables: Record<string, any>) => unknown) {
      scope
        .post('/graphql', (body: { query: string }) => new RegExp(`(query|mutation)\\s+${operation}\\b`).test(body.query))
        .reply(200, (_uri: string, body: any) => {
          const errors = validate(body.query).map((e) => e.message);
          invalid.push(...errors);
          graphqlCalls.push({ operation, query: body.query, variables: body.variables ?? {} });
          return respond(body.variables ?? {});
        });
      return api;
    },
  };
  return api;
}

export interface PinOptions {
  number?: number;
  headSha: string;
  baseSha: string;
  headRef?: string;
  files: string[];
  state?: 'OPEN' | 'CLOSED' | 'MERGED';
  isCrossRepository?: boolean;
  maintainerCanModify?: boolean;
  headNameWithOwner?: string;
  /** Raw .github/spark.yml of the repo, and of `<owner>/.github`. */
  config?: string;
  ownerConfig?: string;
  /** The PR description (default: a one-line summary). */
  body?: string;
}

export function pinResponse(options: PinOptions) {
  return {
    data: {
      repository: {
        nameWithOwner: `${OWNER}/${REPO}`,
        config: options.config === undefined ? null : { text: options.config },
        owner: { repository: options.ownerConfig === undefined ? null : { config: { text: options.ownerConfig } } },
        pullRequest: {
          number: options.number ?? 2,
          title: 'Parse CSV input',
          body: options.body ?? 'Adds a tiny CSV parser.',
          state: options.state ?? 'OPEN',
          isDraft: false,
          headRefName: options.headRef ?? 'feature/parse',
          headRefOid: options.headSha,
          baseRefName: 'main',
          baseRefOid: options.baseSha,
          isCrossRepository: options.isCrossRepository ?? false,
          maintainerCanModify: options.maintainerCanModify ?? false,
          headRepository: { nameWithOwner: options.headNameWithOwner ?? `${OWNER}/${REPO}` },
          author: { login: 'contributor' },
          files: { totalCount: options.files.length, nodes: options.files.map((path) => ({ path, additions: 3, deletions: 0, changeType: 'MODIFIED' })) },
        },
      },
    },
  };
}

/** Answers a ReadBlobs query from a path → text map (null for paths not in it). */
export function blobsResponse(files: Record<string, string>) {
  return (variables: Record<string, any>) => {
    const repository: Record<string, unknown> = { id: 'R_kgDOTest' };
    for (const [key, value] of Object.entries(variables)) {
      const m = /^e(\d+)$/.exec(key);
      if (!m) continue;
      const path = String(value).slice(String(value).indexOf(':') + 1);
      const text = files[path];
      repository[`f${m[1]}`] = text === undefined ? null : { text, isBinary: false, isTruncated: false, byteSize: text.length };
    }
    return { data: { repository } };
  };
}

/** Answers a BlobOids query: the blob id of each "sha:path" expression (`oid` decides it). */
export function blobOidsResponse(oid: (commit: string, path: string) => string) {
  return (variables: Record<string, any>) => {
    const repository: Record<string, unknown> = { id: 'R_kgDOTest' };
    for (const [key, value] of Object.entries(variables)) {
      const m = /^e(\d+)$/.exec(key);
      if (!m) continue;
      const [commit = '', ...rest] = String(value).split(':');
      repository[`o${m[1]}`] = { oid: oid(commit, rest.join(':')) };
    }
    return { data: { repository } };
  };
}
