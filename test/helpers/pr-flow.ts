/** The GitHub side of an accepted PR command, mocked with nock (shared by the app tests). */
import nock from 'nock';
import { API, blobsResponse, githubMock, pinResponse, REPO_PATH } from './github-mock.js';
import { BASE, HEAD, PARSE_TEST_TS, PARSE_TS, PR_DIFF } from '../fixtures/api/parse-pr.js';

export const FILES = { 'src/parse.ts': PARSE_TS, 'src/parse.test.ts': PARSE_TEST_TS };
export const STATUS_ID = 99;


/** The GitHub calls every accepted PR command makes, up to the model call. */
export interface AcceptedPrOptions {
  role?: string;
  pin?: Partial<Parameters<typeof pinResponse>[0]>;
  /** Raw `.github/spark.yml` (default: none, both config GETs 404). */
  config?: string;
  /** Reviews already on the PR (a review command looks up Spark's last one). */
  reviews?: Array<{ login: string; commit_id: string }>;
  /** A command comment gets 👀; review requests have no comment. */
  eyes?: boolean;
  /** Auto-review: no permission check and no status comment. */
  automatic?: boolean;
}

export const BOT_LOGIN = 'spark-patch[bot]';

export function acceptedPr(options: AcceptedPrOptions = {}) {
  const gh = githubMock().token();
  if (!options.automatic) gh.role('Codertocat', options.role ?? 'write');
  // Auto-review reads the config through Probot (REST) when the push arrives; commands read
  // it in the same GraphQL request that pins the PR.
  if (options.automatic && options.config !== undefined) {
    gh.scope.get(`${REPO_PATH}/contents/${encodeURIComponent('.github/spark.yml')}`).reply(200, options.config, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
  }
  const config = options.automatic ? undefined : options.config;
  gh.graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'], config, ...options.pin }));
  if (options.reviews) {
    // The app's own identity (JWT-authenticated), then the PR's reviews.
    gh.scope.get('/app').reply(200, { id: 1, slug: 'spark-patch', name: 'Spark Patch' });
    gh.scope.get(`${REPO_PATH}/pulls/2/reviews`).query(true).reply(200, options.reviews.map((r, i) => ({ id: i + 1, user: { login: r.login }, commit_id: r.commit_id, state: 'COMMENTED' })));
  }
  const bodies: string[] = [];
  if (options.automatic) return { gh, bodies };
  if (options.eyes ?? true) gh.scope.post(/\/reactions$/).reply(201, { id: 1, content: 'eyes' });
  gh.scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => {
    bodies.push(body.body);
    return { id: STATUS_ID, html_url: 'https://github.com/x#issuecomment-99', body: body.body };
  });
  // Status edits: as many as the job needs (a separate persisted scope: persisting `gh.scope`
  // would let its one-shot interceptors answer twice).
  nock(API)
    .persist()
    .patch(`${REPO_PATH}/issues/comments/${STATUS_ID}`)
    .reply(200, (_u, body: any) => {
      bodies.push(body.body);
      return { id: STATUS_ID };
    });
  return { gh, bodies };
}

/** The job's snapshot reads: changed blobs ∥ tree ∥ diff, then the related test file. */
export function snapshotReads(gh: ReturnType<typeof githubMock>) {
  gh.graphql('ReadBlobs', blobsResponse(FILES));
  gh.scope.get(`${REPO_PATH}/git/trees/${HEAD}`).query({ recursive: '1' }).reply(200, {
    sha: HEAD,
    truncated: false,
    tree: [
      { path: 'src', mode: '040000', type: 'tree', sha: 'a' },
      { path: 'src/parse.ts', mode: '100644', type: 'blob', sha: 'b', size: 120 },
      { path: 'src/parse.test.ts', mode: '100644', type: 'blob', sha: 'c', size: 90 },
    ],
  });
  gh.scope.get(`${REPO_PATH}/compare/${BASE}...${HEAD}`).reply(200, PR_DIFF, { 'content-type': 'application/vnd.github.diff; charset=utf-8' });
  gh.graphql('ReadBlobs', blobsResponse(FILES));
}

