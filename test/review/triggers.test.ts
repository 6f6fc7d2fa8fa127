import { afterEach, describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import nock from 'nock';
import { helpText } from '../../src/commands/parse.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { INSTALLATION_ID } from '../helpers/events.js';
import { acceptedPr, snapshotReads } from '../helpers/pr-flow.js';
import { githubMock, REPO_PATH } from '../helpers/github-mock.js';
import { HEAD } from '../fixtures/api/parse-pr.js';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Array<Record<string, any>> }>;

/** A real `pull_request.<action>` example from @octokit/webhooks-examples, on an open PR. */
function pullEvent(action: 'labeled' | 'review_requested', edit: (payload: any) => void) {
  const payload = structuredClone(examples.find((e) => e.name === 'pull_request')!.examples.find((e) => e.action === action && !!e.installation)!);
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMjMxMTIxMw==' };
  payload.pull_request.state = 'open';
  payload.pull_request.head.sha = HEAD;
  edit(payload);
  return { name: 'pull_request' as const, payload };
}

const REPLY = 'SUMMARY: The change looks right.\nNO_CHANGES\n';
const CONFIG = 'review:\n  label: spark-review\n  on_request_from: "@Codertocat/reviewers"\n';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The trigger reads the config by REST, then the accepted review runs as a command does. */
function accepted(role = 'write') {
  const { gh, bodies } = acceptedPr({ reviews: [], eyes: false, config: CONFIG, role });
  gh.scope.get(`${REPO_PATH}/contents/${encodeURIComponent('.github/spark.yml')}`).reply(200, CONFIG, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
  return { gh, bodies };
}

function reviewed(gh: ReturnType<typeof githubMock>) {
  snapshotReads(gh);
  gh.scope.get(`${REPO_PATH}/pulls/2/comments`).query(true).reply(200, []);
  const reviews: any[] = [];
  gh.scope.post(`${REPO_PATH}/pulls/2/reviews`).reply(200, (_u, body: any) => (reviews.push(body), { id: 9, html_url: 'https://github.com/r#pullrequestreview-9' }));
  return reviews;
}

function configOnly() {
  const gh = githubMock().token();
  gh.scope.get(`${REPO_PATH}/contents/${encodeURIComponent('.github/spark.yml')}`).reply(200, CONFIG, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
  return gh;
}

describe('review.label', () => {
  it('adding the label (case-insensitively) runs a review, with a status comment for whoever added it', async () => {
    app = await startTestApp({ reply: REPLY });
    const { gh, bodies } = accepted();
    const reviews = reviewed(gh);

    await app.probot.receive({ id: 'delivery-label', ...pullEvent('labeled', (p) => (p.label.name = 'Spark-Review')) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('review');
    expect(reviews).toHaveLength(1);
    expect(reviews[0].event).toBe('COMMENT');
    expect(bodies.at(-1)).toContain('Done');
    expect(nock.isDone()).toBe(true);
  });

  it('a labeller without write access gets the usual answer and no review', async () => {
    app = await startTestApp({ reply: REPLY });
    const { gh, bodies } = accepted('read');

    await app.probot.receive({ id: 'delivery-label-read', ...pullEvent('labeled', (p) => (p.label.name = 'spark-review')) } as any);
    await app.settled();

    expect(app.spark.requests).toHaveLength(0);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('add the `spark-review` label');
    // Everything but the status edits (none: no job ran) was asked.
    expect(gh.scope.isDone()).toBe(true);
  });

  it('another label does nothing beyond reading the config', async () => {
    app = await startTestApp({ reply: REPLY });
    configOnly();

    await app.probot.receive({ id: 'delivery-other-label', ...pullEvent('labeled', (p) => (p.label.name = 'bug')) } as any);
    await app.settled();

    expect(app.spark.requests).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });
});

describe('review.on_request_from', () => {
  it('a review requested from the configured team runs a review', async () => {
    app = await startTestApp({ reply: REPLY });
    const { gh } = accepted();
    const reviews = reviewed(gh);

    const event = pullEvent('review_requested', (p) => {
      delete p.requested_reviewer;
      p.requested_team = { id: 7, node_id: 'T_7', slug: 'reviewers', name: 'Reviewers', privacy: 'closed', permission: 'pull', url: 'https://api.github.com/teams/7', html_url: 'https://github.com/orgs/Codertocat/teams/reviewers', members_url: '', repositories_url: '', description: null, parent: null };
    });
    await app.probot.receive({ id: 'delivery-team', ...event } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('review');
    expect(reviews).toHaveLength(1);
    expect(nock.isDone()).toBe(true);
  });

  it('a review requested from anyone else does nothing', async () => {
    app = await startTestApp({ reply: REPLY });
    configOnly();

    await app.probot.receive({ id: 'delivery-person', ...pullEvent('review_requested', (p) => (p.requested_reviewer.login = 'octocat')) } as any);
    await app.settled();

    expect(app.spark.requests).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });
});

describe('help lists only triggers that can fire', () => {
  it('names the label and the review team, never requesting Spark itself as a reviewer', () => {
    const HELP_TEXT = helpText('.github/spark.yml');
    expect(HELP_TEXT).toContain('review.label');
    expect(HELP_TEXT).toContain('review.on_request_from');
    expect(helpText('.github/bots/spark.yml')).toContain('Configure the bot in `.github/bots/spark.yml`.');
    expect(HELP_TEXT).not.toMatch(/request (a review from )?spark|spark as (a )?reviewer/i);
  });
});
