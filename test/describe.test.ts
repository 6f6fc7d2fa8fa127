import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { DESCRIBE_END, DESCRIBE_START } from '../src/review/describe-section.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { issueCommentEvent, pullRequestEvent } from './helpers/events.js';
import { acceptedPr, snapshotReads } from './helpers/pr-flow.js';
import { REPO_PATH } from './helpers/github-mock.js';

const DESCRIPTION = '### What changed and why\nparse() now rejects empty input. cc @octocat\n### Per file\n- `src/parse.ts`: the guard\n### Risks\nCallers passing "".\n### How it was tested\nNo test changes.';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The body is read at job time and written back with one PATCH. */
function bodyEndpoints(gh: ReturnType<typeof acceptedPr>['gh'], current: string | null) {
  const written: string[] = [];
  gh.scope.get(`${REPO_PATH}/pulls/2`).reply(200, { number: 2, body: current, html_url: 'https://github.com/Codertocat/Hello-World/pull/2' });
  gh.scope.patch(`${REPO_PATH}/pulls/2`).reply(200, (_u, body: any) => (written.push(body.body), { number: 2 }));
  return written;
}

describe('/spark describe', () => {
  it('appends the section the first time, keeping the author text byte for byte', async () => {
    app = await startTestApp({ reply: DESCRIPTION });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);
    const author = 'Fixes the parser.\r\n\r\n- [ ] docs  \n';
    const written = bodyEndpoints(gh, author);

    await app.probot.receive({ id: 'delivery-describe', ...issueCommentEvent({ body: '/spark describe' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('described');
    expect(written).toHaveLength(1);
    const body = written[0]!;
    expect(body.startsWith(author)).toBe(true);
    expect(body).toContain(DESCRIBE_START);
    expect(body.trimEnd().endsWith(DESCRIBE_END)).toBe(true);
    expect(body).toContain('### Per file');
    expect(body).not.toMatch(/(^|\s)@octocat/);
    expect(bodies.at(-1)).toContain('Wrote the Spark section of [the description]');
    expect(JSON.stringify(app.spark.requests[0]!.body.input)).toContain('### How it was tested');
    expect(nock.isDone()).toBe(true);
  });

  it('a re-run replaces only its own section; the text the author wrote around it stays', async () => {
    app = await startTestApp({ reply: DESCRIPTION });
    const { gh } = acceptedPr();
    snapshotReads(gh);
    const before = 'Intro by the author.\n\n';
    const after = '\n\nNotes the author added after the last run.';
    const written = bodyEndpoints(gh, `${before}${DESCRIBE_START}\nold Spark text\n${DESCRIBE_END}${after}`);

    await app.probot.receive({ id: 'delivery-describe-again', ...issueCommentEvent({ body: '/spark describe' }) } as any);
    await app.finished();

    const body = written[0]!;
    expect(body.startsWith(`${before}${DESCRIBE_START}`)).toBe(true);
    expect(body.endsWith(`${DESCRIBE_END}${after}`)).toBe(true);
    expect(body).not.toContain('old Spark text');
    expect(body.split(DESCRIBE_START)).toHaveLength(2);
    expect(nock.isDone()).toBe(true);
  });

  it('describe.on_open describes a PR when it opens, without a status comment', async () => {
    app = await startTestApp({ reply: DESCRIPTION });
    const config = 'describe:\n  on_open: true\n';
    const { gh } = acceptedPr({ automatic: true, config });
    // auto-review reads the config too on `opened` (it is off here).
    gh.scope.get(`${REPO_PATH}/contents/${encodeURIComponent('.github/spark.yml')}`).reply(200, config, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
    snapshotReads(gh);
    const written = bodyEndpoints(gh, null);

    await app.probot.receive({ id: 'delivery-opened', ...pullRequestEvent({ action: 'opened', size: 10 }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('described');
    expect(written[0]!.startsWith(DESCRIBE_START)).toBe(true);
    expect(nock.isDone()).toBe(true);
  });
});
