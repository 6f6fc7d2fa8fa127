/**
 * One redactor for prompt, patch and comments: each current secret form is removed from the
 * prompt (context packing), refuses a patch that would add it (the patch-path check), and is
 * gone from provider error text before it can reach a comment.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { buildContext, redactSecrets } from '../../src/context/index.js';
import { providerError } from '../../src/model/status-errors.js';
import { request } from '../context/helpers.js';
import { FIX_REPLY } from '../fixtures/api/parse-pr.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { issueCommentEvent } from '../helpers/events.js';
import { acceptedPr, snapshotReads } from '../helpers/pr-flow.js';

// Synthetic values in each real format (none is a live credential).
const ALNUM36 = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiIxMjM0NTYiLCJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMDEyMzQ1Njc4OQ';
const PEM_BODY = 'MIIEowIBAAKCAQEAx8kQ2p9Z3Yq7vR1tU5wX8yB0aC3dE6fG9hJ2kL5mN8pQ1rS4\nuV7wX0yZ3aB6cD9eF2gH5iJ8kL1mN4oP7qR0sT3uV6wX9yZ2aB5cD8eF1gH4iJ7k';
const SECRETS: Record<string, string> = {
  'GitHub classic PAT (ghp_)': `ghp_${ALNUM36}`,
  'GitHub OAuth token (gho_)': `gho_${ALNUM36}`,
  'GitHub user-to-server token (ghu_)': `ghu_${ALNUM36}`,
  'GitHub installation token (ghs_)': `ghs_${ALNUM36}`,
  'GitHub installation token, ghs_<app id>_<JWT>': `ghs_123456_${JWT}`,
  'GitHub fine-grained PAT (github_pat_)': `github_pat_11ABCDEFG0${ALNUM36}_${ALNUM36}abcdefghij`,
  'OpenAI key (sk-)': `sk-${ALNUM36}T3BlbkFJ${ALNUM36}`,
  'OpenAI project key (sk-proj-)': `sk-proj-${ALNUM36}_${ALNUM36}-${ALNUM36}`,
  'JWT': JWT,
  'PEM private key': `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`,
  'PEM private key without END line': `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n`,
  'PEM private key in a JSON string, cut': `"-----BEGIN OPENSSH PRIVATE KEY-----\\n${PEM_BODY.replace('\n', '\\n')}`,
};
// The part of each secret that must not survive (for PEM blocks: the key material).
const core = (secret: string): string => (secret.includes('PRIVATE KEY') ? 'MIIEowIBAAKCAQEAx8kQ2p9Z3Yq7vR1' : secret.slice(0, 24));

describe.each(Object.entries(SECRETS))('%s', (_name, secret) => {
  it('is redacted by the one redactor, and counted', () => {
    const { text, redactions } = redactSecrets(`before ${secret} after`);
    expect(text).not.toContain(core(secret));
    expect(text).toContain('before ');
    expect(redactions).toBeGreaterThanOrEqual(1);
  });

  it('never reaches the prompt: not from a file, the PR body, or the instruction', () => {
    const files = new Map([['src/config.ts', `export const token = "${secret}";\nexport const port = 3000;\n`]]);
    const packed = buildContext(
      request({ files, tree: [...files.keys()], changedPaths: ['src/config.ts'], title: 'Deploy fix', body: `CI printed ${secret} in the log`, instruction: `use ${secret} for the client` }),
    );
    expect(packed.input).toContain('export const port = 3000;');
    expect(packed.input).not.toContain(core(secret));
  });

  it('is stripped from provider error text before it can be posted', () => {
    const error = providerError({ status: 400, code: 'invalid_request_error', message: `Invalid value in input[3]: "${secret}"` }, 'sk-configured-key-0000');
    expect(error.message).not.toContain(core(secret));
    expect(error.message).toContain('Invalid value');
  });
});

describe('ordinary code is left alone', () => {
  it.each([
    'const ghs_total = compute_ghs_values(items);',
    'const eyJson = JSON.parse(text);',
    'const sk = "sk-button";',
    '-----BEGIN CERTIFICATE-----',
  ])('%s', (code) => {
    expect(redactSecrets(code)).toEqual({ text: code, redactions: 0 });
  });
});

describe('through the app: comments and commits never carry a secret', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  const fix = (id: string) => ({ id, ...issueCommentEvent({ body: '/spark fix make parse() accept empty input' }) }) as any;

  it.each(Object.entries(SECRETS))('%s echoed in a model failure is not in the status comment', async (_name, secret) => {
    // Every turn fails (a pre-warm turn must not use up a one-shot fault).
    const failed = { kind: 'failed' as const, afterDeltas: 0, code: 'content_filter', message: `upstream said: ${secret}` };
    app = await startTestApp({ reply: FIX_REPLY, faults: ({ phase }) => (phase === 'turn' ? failed : undefined) });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);

    await app.probot.receive(fix('delivery-secret-echo'));
    const [report] = await app.finished();

    expect(report!.outcome).toBe('failed');
    // The provider's words are passed on (so the test sees the redacted text, not a generic line).
    expect(bodies.at(-1)).toContain('upstream said: ');
    for (const body of bodies) expect(body).not.toContain(core(secret));
  });

  it.each(Object.entries(SECRETS).filter(([name]) => !name.includes('PEM')))('%s written by the model is never committed', async (_name, secret) => {
    const reply = FIX_REPLY.replace("+    return [];", `+    return ["${secret}"];`);
    app = await startTestApp({ reply });
    const { gh, bodies } = acceptedPr();
    snapshotReads(gh);

    await app.probot.receive(fix('delivery-secret-patch'));
    const [report] = await app.finished();

    expect(report!.outcome).toBe('failed');
    expect(gh.graphqlCalls.map((c) => c.operation)).not.toContain('CreateCommitOnBranch');
    expect(bodies.at(-1)).toMatch(/looks like a secret token/);
    for (const body of bodies) expect(body).not.toContain(core(secret));
  });
});
