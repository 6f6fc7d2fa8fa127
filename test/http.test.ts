import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { createNodeMiddleware, Probot } from 'probot';
import { sparkApp } from '../src/app.js';
import { createSparkOctokit } from '../src/github/octokit.js';
import type { ModelClient } from '../src/model/types.js';
import type { JobData, JobQueue } from '../src/queue/types.js';
import { deliver, issueCommentEvent } from './fakes/webhooks.js';
import { githubMock, pinResponse } from './helpers/github-mock.js';
import { BASE, HEAD } from './fixtures/api/parse-pr.js';

/**
 * The webhook as GitHub delivers it: an HTTP POST through Probot's middleware, which checks
 * the X-Hub-Signature-256 before any handler runs. Jobs are only recorded here (not run).
 */
const SECRET = 'webhook-secret-for-tests';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

const enqueued: JobData[] = [];
let waiting = 0;
const queue: JobQueue = {
  enqueue: async (job) => (enqueued.push(job), { accepted: true, waiting }),
  process: () => undefined,
  depth: async () => enqueued.length,
  close: async () => undefined,
};
const model: ModelClient = {
  stream: () => {
    throw new Error('the model is never called on the webhook path');
  },
  close: async () => undefined,
};

let server: Server;
let url: string;
/** Writes the webhook response did not wait for (👀, the queued-behind note). */
const deferred: Array<Promise<unknown>> = [];
const settled = () => Promise.all(deferred.splice(0));

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const probot = new Probot({ appId: 1, privateKey, secret: SECRET, logLevel: 'fatal', Octokit: createSparkOctokit() });
  const middleware = await createNodeMiddleware(sparkApp({ queue, model, processJobs: false, env: { SPARK_WARMUP: 'false' }, defer: (work) => deferred.push(work) }), { probot });
  server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('webhook deliveries over HTTP', () => {
  it('rejects a delivery signed with the wrong secret: no handler runs, nothing is queued', async () => {
    const result = await deliver(url, { id: 'd-forged', ...issueCommentEvent({ body: '/spark fix everything' }) }, 'not-the-secret');
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.status).toBeLessThan(500);
    expect(enqueued).toHaveLength(0);
  });

  it('accepts a correctly signed command and queues one job before answering', async () => {
    const gh = githubMock().token().role('Codertocat', 'write');
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    gh.scope.post(/\/reactions$/).reply(201, { id: 1 });

    const result = await deliver(url, { id: 'd-signed', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input', commentId: 9 }) }, SECRET);

    expect(result.status).toBe(200);
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]).toMatchObject({ id: 'comment-issue-9', group: 'Codertocat/Hello-World#2', kind: 'fix' });
    expect((enqueued[0]!.payload as any).pinned.headSha).toBe(HEAD);
    await settled(); // the 👀 is sent after the response
    expect(gh.invalid).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('tells the maintainer when the job has to wait for others on the same PR', async () => {
    waiting = 2;
    const gh = githubMock().role('Codertocat', 'write');
    gh.graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    gh.scope.post(/\/reactions$/).reply(201, { id: 1 });
    let note = '';
    gh.scope.post('/repos/Codertocat/Hello-World/issues/2/comments').reply(201, (_u, body: any) => ((note = body.body), { id: 3, html_url: 'u' }));

    const result = await deliver(url, { id: 'd-queued', ...issueCommentEvent({ body: '/spark fix another thing', commentId: 10 }) }, SECRET);
    await settled();

    expect(result.status).toBe(200);
    expect(note).toBe('⏳ Queued behind 2 Spark job(s) on this PR; this one starts when they finish.');
    expect(nock.isDone()).toBe(true);
    waiting = 0;
  });
});
