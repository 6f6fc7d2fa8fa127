import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli.js';
import { startFakeSpark, type FakeSpark } from '../fakes/spark-server.js';

const PARSE = "export function parse(s: string): string[] {\n  return s.split(',');\n}\n";
const FIX_REPLY = [
  '*** Begin Patch',
  '*** Update File: src/parse.ts',
  '@@ export function parse(s: string): string[] {',
  "-  return s.split(',');",
  "+  if (s === '') return [];",
  "+  return s.split(',');",
  '*** End Patch',
].join('\n');

let repo: string;
let spark: FakeSpark;
let reply = FIX_REPLY;

const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
function sh(args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...gitEnv } });
}
function write(path: string, content: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), content);
}
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { ...process.env, ...gitEnv, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: spark.url, SPARK_TRANSPORT: 'sse' };
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: repo, env });
  return { code, out, err };
}

beforeAll(async () => {
  spark = await startFakeSpark({ reply: () => reply, apiKey: 'test-key' });
});
afterAll(async () => {
  await spark.close();
});

beforeEach(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
  repo = mkdtempSync(join(tmpdir(), 'spark-fix-'));
  sh(['init', '-q', '-b', 'main']);
  write('src/parse.ts', PARSE);
  write('src/cli.ts', "import { parse } from './parse.js';\nconsole.log(parse(process.argv[2] ?? ''));\n");
  sh(['add', '.']);
  sh(['commit', '-q', '-m', 'base']);
  reply = FIX_REPLY;
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('spark fix on a local checkout', () => {
  it('applies the patch, prints the minimal diff and timings, and commits with the spark: message', async () => {
    const result = await run(['fix', 'make parse() accept empty input', '--commit']);
    expect(result.err).toContain('applied and committed');
    expect(result.code).toBe(0);
    expect(readFileSync(join(repo, 'src/parse.ts'), 'utf8')).toBe("export function parse(s: string): string[] {\n  if (s === '') return [];\n  return s.split(',');\n}\n");
    expect(result.out).toContain("+  if (s === '') return [];");
    expect(result.err).toMatch(/TTFT \d+ ms, \d+ tokens\/s/);
    expect(sh(['log', '-1', '--format=%s'])).toBe('spark: make parse() accept empty input\n');
    expect(sh(['status', '--porcelain'])).toBe('');
    // The model saw the instruction and the file.
    const body = JSON.stringify(spark.requests.at(-1)?.body);
    expect(body).toContain('make parse() accept empty input');
  });

  it('--dry-run prints the diff and changes nothing', async () => {
    const result = await run(['fix', 'accept empty input', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.out).toContain("+  if (s === '') return [];");
    expect(readFileSync(join(repo, 'src/parse.ts'), 'utf8')).toBe(PARSE);
    expect(sh(['status', '--porcelain'])).toBe('');
  });

  it('refuses to touch a file with uncommitted changes', async () => {
    const edited = `${PARSE}// work in progress\n`;
    write('src/parse.ts', edited);
    const result = await run(['fix', 'accept empty input']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('uncommitted changes: src/parse.ts');
    expect(readFileSync(join(repo, 'src/parse.ts'), 'utf8')).toBe(edited);
  });

  it('leaves the tree untouched when the reply is not a patch', async () => {
    reply = 'I would change the parse function to handle empty strings.';
    const result = await run(['fix', 'accept empty input', '--commit']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('nothing was changed');
    expect(readFileSync(join(repo, 'src/parse.ts'), 'utf8')).toBe(PARSE);
    expect(sh(['status', '--porcelain'])).toBe('');
    expect(sh(['log', '--format=%s'])).toBe('base\n');
  });

  it('applies the guards: a workflow file is refused and nothing is written', async () => {
    reply = ['*** Begin Patch', '*** Add File: .github/workflows/evil.yml', '+on: push', '*** End Patch'].join('\n');
    const result = await run(['fix', 'add CI']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/protected/i);
    expect(sh(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });

  it('needs an instruction', async () => {
    const result = await run(['fix']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('an instruction is required');
  });
});

describe('spark review on a local checkout', () => {
  it('prints the findings and the suggested patch without changing files', async () => {
    sh(['checkout', '-q', '-b', 'feature']);
    write('src/parse.ts', "export function parse(s: string): string[] {\n  return s.split(';');\n}\n");
    sh(['commit', '-q', '-am', 'separator']);
    reply = ['SUMMARY: The separator changed.', 'FINDING bug src/parse.ts:2 the CLI still passes comma-separated input', FIX_REPLY.replace("-  return s.split(',');", "-  return s.split(';');")].join('\n');
    const result = await run(['review', '--base', 'main']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('The separator changed.');
    expect(result.out).toContain('BUG src/parse.ts:2 the CLI still passes comma-separated input');
    expect(result.out).toContain('*** Update File: src/parse.ts');
    expect(sh(['status', '--porcelain'])).toBe('');
  });
});
