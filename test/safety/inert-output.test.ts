/**
 * What the bot may print: model- and user-derived text in a comment is inert. Checked on the
 * rendering functions every comment goes through, and on the guard errors that quote paths.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { applyOps, PatchGuardError } from '../../src/patch/index.js';
import { inertBlock, inertCode, inertText } from '../../src/report/inert.js';
import { FIX_REPLY } from '../fixtures/api/parse-pr.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { issueCommentEvent } from '../helpers/events.js';
import { acceptedPr, snapshotReads } from '../helpers/pr-flow.js';

/** The code spans of a line, by CommonMark's rule: a run of n backticks closed by the next run of exactly n. */
function codeSpans(line: string): string[] {
  const spans: string[] = [];
  const re = /(`+)([\s\S]*?[^`])\1(?!`)/g;
  for (const m of line.matchAll(re)) spans.push(m[0]);
  return spans;
}

describe('inertCode', () => {
  it.each([
    ['plain', 'src/a.ts'],
    ['backticks inside', 'a`b``c'],
    ['starts and ends with a backtick', '`rm -rf`'],
    ['markdown and html', '![x](https://evil.example/p.png) <img src=x onerror=alert(1)> @octocat #1'],
  ])('%s: one code span holding exactly the text', (_name, text) => {
    const out = inertCode(text);
    expect(codeSpans(out)).toEqual([out]);
    const fence = /^`+/.exec(out)![0];
    expect(out.slice(fence.length, -fence.length).trim()).toBe(text.trim());
  });

  it('line breaks cannot end the span; invisible characters are dropped; long text is cut', () => {
    expect(inertCode('a\n\nb')).toBe('`a b`');
    expect(inertCode('a\u202eb\u200bc')).toBe('`abc`');
    expect(inertCode('x'.repeat(500), 10)).toBe(`\`${'x'.repeat(10)}…\``);
  });
});

describe('inertBlock', () => {
  it('no line inside can close the fence', () => {
    const out = inertBlock('before\n```\n@octocat\n````\nafter');
    const fence = /^`+/.exec(out)![0];
    expect(fence.length).toBe(5);
    expect(out.endsWith(`\n${fence}`)).toBe(true);
  });
});

describe('inertText (review prose)', () => {
  const evil = [
    'Looks good @octocat, closes #12 and owner/repo#3, see GH-4.',
    '![tracker](https://evil.example/pixel.png?repo=x)',
    '[click here](https://evil.example/login) or <a href="https://evil.example">this</a>',
    '<details><summary>x</summary><img src=x></details> &#64;admin',
    'visit https://evil.example/a_b and www.evil.example',
  ].join('\n');
  const out = inertText(evil);

  it('defuses mentions and references', () => {
    expect(out).not.toMatch(/@[A-Za-z0-9]/);
    expect(out).not.toMatch(/#\d/);
    expect(out).not.toMatch(/GH-\d/);
  });

  it('leaves no raw HTML, entity, image or link syntax', () => {
    expect(out).not.toMatch(/<[a-z/!]/i);
    expect(out).not.toContain('&#64;');
    expect(out).not.toMatch(/!\[/);
    expect(out).not.toMatch(/(?<!\\)\]\(/);
  });

  it('shows URLs as code, not links', () => {
    for (const line of out.split('\n').filter((l) => l.includes('evil.example'))) {
      const bare = line.replace(/`[^`]*`/g, '');
      expect(bare).not.toContain('evil.example');
    }
  });

  it('keeps code spans and fenced blocks as the model wrote them, and closes an open fence', () => {
    expect(inertText('call `foo(@bar)` here')).toBe('call `foo(@bar)` here');
    const fenced = inertText('see:\n```ts\nconst a = `@x`;\n');
    expect(fenced).toBe('see:\n```ts\nconst a = `@x`;\n\n```');
    expect(inertText('an `unclosed @x tick')).toBe('an \\`unclosed @\u200bx tick');
  });
});

describe('guard errors quote model-chosen paths inertly', () => {
  it('a path full of Markdown reaches the message only inside a code span', () => {
    const path = '.github/workflows/![x](https:__evil)@team #1.yml';
    try {
      applyOps([{ kind: 'add', path, content: 'x\n' }], new Map());
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(PatchGuardError);
      const message = (error as PatchGuardError).message;
      expect(message).toContain(inertCode(path));
      const outside = message.split(inertCode(path)).join('');
      expect(outside).not.toContain('@team');
      expect(outside).not.toContain('![');
    }
  });
});

describe('through the app: operator problems are not the repository user\'s to fix', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it.each([
    ['a rejected OPENAI_API_KEY', { apiKey: 'sk-the-server-expects-another-key' }],
    ['a model the API does not know', { faults: () => ({ kind: 'status' as const, status: 404, code: 'model_not_found', message: 'The model `gpt-x` does not exist' }) }],
    ['an exhausted quota', { faults: () => ({ kind: 'status' as const, status: 429, code: 'insufficient_quota', message: 'You exceeded your current quota' }) }],
  ])('%s: "the bot is misconfigured" with an incident id, no server detail', async (_name, spark) => {
    app = await startTestApp({ reply: FIX_REPLY, ...spark });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);

    await app.probot.receive({ id: 'delivery-operator', ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('failed');
    expect(bodies.at(-1)).toContain('The bot is misconfigured, its operator has been told (incident `delivery-operator`)');
    expect(bodies.at(-1)).not.toMatch(/OPENAI_API_KEY|SPARK_MODEL|quota|billing|gpt-x/);
  });
});

describe('through the app: model text quoted in a failure is inert', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('a parse-error excerpt full of Markdown reaches the status comment only inside a code span', async () => {
    const reply = '*** Begin Patch\n*** Add File: src/new.ts\n![pixel](https://evil.example/p.png) cc @org/team, fixes #1 <img src=x>\n*** End Patch\n';
    app = await startTestApp({ reply });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);

    await app.probot.receive({ id: 'delivery-inert', ...issueCommentEvent({ body: '/spark fix add a file' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('failed');
    const last = bodies.at(-1)!;
    expect(last).toContain('@org/team');
    const outsideCode = last.replace(/(`+)[\s\S]*?\1/g, '');
    expect(outsideCode).not.toMatch(/@org|!\[|<img|#1\b|evil\.example/);
  });
});

