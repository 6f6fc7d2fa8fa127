import { describe, expect, it } from '@jest/globals';
import { buildContext, classifyPath, compileIgnore, isSensitivePath, planContext, redactSecrets } from '../../src/context/index.js';
import { gitDiff, request } from './helpers.js';

const GHP = `ghp_${'a1B2c3D4e5'.repeat(4).slice(0, 36)}`;
const OPENAI = 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('isSensitivePath', () => {
  it.each(['.env', '.env.local', 'config/.env.production', 'deploy/prod.env', 'id_rsa', 'home/.ssh/id_ed25519', 'certs/server.pem', 'tls/key.key', 'a/b.p12', '.npmrc', '.aws/credentials'])(
    'rejects %s',
    (path) => expect(isSensitivePath(path)).toBe(true),
  );
  it.each(['src/env.ts', 'src/environment.ts', 'docs/keys.md', 'README.md', 'src/id_rsa_parser.ts', 'package.json'])('accepts %s', (path) =>
    expect(isSensitivePath(path)).toBe(false),
  );
  it('applies gitignore-style paths.ignore patterns, with negation and anchoring', () => {
    const ignore = ['secrets/', '*.sql', '/build', '!keep.sql', 'docs/**/private*'];
    expect(isSensitivePath('secrets/a.ts', ignore)).toBe(true);
    expect(isSensitivePath('deep/secrets/a.ts', ignore)).toBe(true);
    expect(isSensitivePath('db/dump.sql', ignore)).toBe(true);
    expect(isSensitivePath('db/keep.sql', ignore)).toBe(false);
    expect(isSensitivePath('build/out.js', ignore)).toBe(true);
    expect(isSensitivePath('src/build/out.js', ignore)).toBe(false);
    expect(isSensitivePath('docs/a/b/private-notes.md', ignore)).toBe(true);
    expect(isSensitivePath('docs/public.md', ignore)).toBe(false);
  });
  it('classifies binaries and lockfiles by name', () => {
    expect(classifyPath('assets/logo.png')).toBe('binary');
    expect(classifyPath('package-lock.json')).toBe('lockfile');
    expect(classifyPath('sub/yarn.lock')).toBe('lockfile');
    expect(compileIgnore(['**/gen/*.ts'])('a/gen/x.ts')).toBe(true);
  });
});

describe('redactSecrets', () => {
  it('redacts GitHub, OpenAI, AWS tokens and private keys, and counts them', () => {
    const text = [
      `const token = "${GHP}";`,
      `OPENAI_API_KEY=${OPENAI}`,
      `aws_access_key_id = ${AWS_ID}`,
      `aws_secret_access_key = ${AWS_SECRET}`,
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
      `ghs_${'Z9'.repeat(18)}`,
    ].join('\n');
    const { text: out, redactions } = redactSecrets(text);
    for (const secret of [GHP, OPENAI, AWS_ID, AWS_SECRET, 'MIIEpAIBAAKCAQEA', `ghs_${'Z9'.repeat(18)}`]) expect(out).not.toContain(secret);
    expect(redactions).toBe(6);
    expect(out).toContain('aws_secret_access_key = [REDACTED:aws-secret-key]');
  });
  it('leaves ordinary code alone', () => {
    const code = "const sk = 'sk-learn'; import skLearn from 'task-runner'; const ghp = 'ghp_short';\nconst desk = 'desk-top-and-more-words-here';";
    expect(redactSecrets(code)).toEqual({ text: code, redactions: 0 });
  });
});

describe('secrets never reach the prompt', () => {
  const files = new Map([
    ['src/app.ts', `import './config.js';\nexport const key = "${GHP}";\n`],
    ['src/config.ts', 'export const port = 3000;\n'],
    ['.env', 'OPENAI_API_KEY=plain-secret-value\n'],
    ['certs/server.pem', '-----BEGIN CERTIFICATE-----\nabc\n'],
    ['id_rsa', 'ssh private key material\n'],
    ['private/notes.md', 'internal only\n'],
    ['assets/logo.png', 'PNG\u0000\u0000binary'],
    ['data/blob.txt', 'looks text\u0000but is binary'],
    ['package-lock.json', `${'{"lockfileVersion": 3, "packages": {\n'}${'  "node_modules/x": {"version": "1.0.0"},\n'.repeat(3000)}}\n`],
  ]);
  const tree = [...files.keys()];
  const diff = gitDiff('src/app.ts', 1, ['x']) + gitDiff('.env', 1, ['OPENAI_API_KEY=plain-secret-value']) + gitDiff('package-lock.json', 2, ['  "node_modules/y": {}']);

  it('excludes .env, keys, *.pem, ignored paths and binaries; excerpts lockfiles; redacts tokens', () => {
    const packed = buildContext(
      request({ files, tree, changedPaths: ['src/app.ts', '.env', 'package-lock.json'], diff, ignore: ['private/'], instruction: 'look at private/notes.md and .env' }),
    );
    expect(packed.input).not.toContain('plain-secret-value');
    expect(packed.input).not.toContain('ssh private key material');
    expect(packed.input).not.toContain('BEGIN CERTIFICATE');
    expect(packed.input).not.toContain('internal only');
    expect(packed.input).not.toContain('PNG');
    expect(packed.input).not.toContain('looks text');
    expect(packed.input).not.toContain(GHP);
    expect(packed.input).toContain('[REDACTED:github-token]');
    expect(packed.redactions).toBeGreaterThan(0);
    const sent = packed.included.map((f) => f.path);
    for (const p of ['.env', 'id_rsa', 'certs/server.pem', 'private/notes.md', 'assets/logo.png', 'data/blob.txt']) expect(sent).not.toContain(p);
    const lock = packed.included.find((f) => f.path === 'package-lock.json');
    expect(lock?.whole).toBe(false);
    expect(lock?.tokens).toBeLessThanOrEqual(300);
    expect(packed.leftOut).toEqual(expect.arrayContaining([expect.objectContaining({ path: '.env' })]));
  });

  it('never proposes sensitive, ignored, binary or lockfile paths for fetching', () => {
    const related = planContext({
      mode: 'issue',
      instruction: 'check .env id_rsa server.pem notes logo package-lock.json config',
      diff: '',
      changedPaths: [],
      tree,
      files: new Map(),
      ignore: ['private/'],
    }).fetch;
    expect(related).toContain('src/config.ts');
    for (const p of ['.env', 'id_rsa', 'certs/server.pem', 'private/notes.md', 'assets/logo.png', 'package-lock.json']) expect(related).not.toContain(p);
  });
});
