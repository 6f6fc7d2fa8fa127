import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { startTestApp, type TestApp } from './helpers/app.js';
import { issueCommentEvent, reviewCommentEvent } from './helpers/events.js';
import { acceptedPr, snapshotReads } from './helpers/pr-flow.js';
import { API, githubMock, pinResponse, REPO_PATH } from './helpers/github-mock.js';
import { BASE, HEAD, PARSE_TS } from './fixtures/api/parse-pr.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const ANSWER = [
  'It throws on empty input (src/parse.ts:2-4) and otherwise splits on commas at `src/parse.ts:5`.',
  'The old behaviour is in src/parse.ts:40-44 and src/legacy.ts:3. cc @octocat <img src=x>',
].join('\n');

describe('/spark ask', () => {
  it('replies with an inert answer whose citations are permalinks at the pinned head, only to lines that exist, and changes nothing', async () => {
    app = await startTestApp({ reply: ANSWER });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);
    // The answer is a second comment on the PR conversation.
    gh.scope.post(`${REPO_PATH}/issues/2/comments`).reply(201, (_u, body: any) => (bodies.push(body.body), { id: 100, html_url: 'https://github.com/Codertocat/Hello-World/pull/2#issuecomment-100' }));

    await app.probot.receive({ id: 'delivery-ask', ...issueCommentEvent({ body: '/spark ask why does parse throw?' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('answer');
    const answer = bodies.find((b) => b.startsWith('**Spark answer**'))!;
    expect(answer).toBeDefined();
    expect(answer).toContain(`[src/parse.ts#L2-L4](https://github.com/Codertocat/Hello-World/blob/${HEAD}/src/parse.ts#L2-L4)`);
    expect(answer).toContain(`(https://github.com/Codertocat/Hello-World/blob/${HEAD}/src/parse.ts#L5)`);
    // Line 40 does not exist in a 6-line file; src/legacy.ts is not at the head: no links.
    expect(answer).toContain('src/parse.ts:40-44 (unverified)');
    expect(answer).toContain('src/legacy.ts:3 (unverified)');
    expect(answer).not.toContain('/src/legacy.ts#');
    expect(answer).not.toMatch(/(^|\s)@octocat/);
    expect(answer).not.toContain('<img');
    // The model was asked the question and told to change nothing; nothing was committed.
    const input = JSON.stringify(app.spark.requests[0]!.body.input);
    expect(input).toContain('why does parse throw?');
    expect(input).toContain('Do not change any file');
    expect(gh.graphqlCalls.some((c) => c.operation === 'CreateCommitOnBranch')).toBe(false);
    expect(bodies.at(-1)).toContain('Posted [the answer](https://github.com/Codertocat/Hello-World/pull/2#issuecomment-100)');
    expect(nock.isDone()).toBe(true);
  });

  it('in a review thread: scoped to the commented lines and answered in the thread', async () => {
    app = await startTestApp({ reply: 'Line 3 throws so that callers notice empty input (src/parse.ts:2-4).' });
    // Nothing goes to the PR conversation: the status and the answer are replies in the thread.
    const gh = githubMock()
      .token()
      .role('Codertocat', 'write')
      .graphql('PinPullRequest', () => pinResponse({ headSha: HEAD, baseSha: BASE, files: ['src/parse.ts'] }));
    gh.scope.post(/\/pulls\/comments\/\d+\/reactions$/).reply(201, { id: 1 });
    const replies: string[] = [];
    gh.scope
      .post(`${REPO_PATH}/pulls/2/comments/4242/replies`)
      .times(2)
      .reply(201, (_u, body: any) => (replies.push(body.body), { id: 77 + replies.length, html_url: `https://github.com/Codertocat/Hello-World/pull/2#discussion_r${77 + replies.length}` }));
    nock(API).persist().patch(/\/pulls\/comments\/\d+$/).reply(200, (_u, body: any) => (replies.push(body.body), { id: 78 }));
    snapshotReads(gh);

    await app.probot.receive({
      id: 'delivery-ask-thread',
      ...reviewCommentEvent({ body: '/spark ask why throw here?', commentId: 4242, path: 'src/parse.ts', line: 3, startLine: 2 }),
    } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('answer');
    const input = JSON.stringify(app.spark.requests[0]!.body.input);
    // The commented lines are in the prompt, and the question is tied to them.
    expect(input).toContain('# Commented lines');
    expect(input).toContain(JSON.stringify(PARSE_TS.split('\n').slice(1, 3).join('\n')).slice(1, -1));
    expect(input).toContain('The question was asked on src/parse.ts, lines 2-3');
    expect(input).toContain('why throw here?');
    const answer = replies.find((b) => b.startsWith('**Spark answer**'));
    expect(answer).toContain(`blob/${HEAD}/src/parse.ts#L2-L4`);
    expect(nock.isDone()).toBe(true);
  });

  it('without a question it says how to ask, and calls no model', async () => {
    app = await startTestApp({ reply: ANSWER });
    const { gh, bodies } = acceptedPr({ eyes: false });

    await app.probot.receive({ id: 'delivery-ask-empty', ...issueCommentEvent({ body: '/spark ask' }) } as any);
    await app.settled();

    expect(app.spark.requests).toHaveLength(0);
    expect(bodies[0]).toContain('Ask a question after the command');
    expect(gh.scope.isDone()).toBe(true);
  });
});
