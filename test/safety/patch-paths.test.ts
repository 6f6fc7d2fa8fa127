/**
 * What a patch may touch: every rule of the one path guard, through the patch engine's public
 * `applyOps`, and each refused path tried as Add, Update, Delete and Move (source and target).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { checkWritePath } from '../../src/guard/index.js';
import { applyOps, PatchGuardError, type ApplyOptions, type FileOp } from '../../src/patch/index.js';
import { BASE, HEAD, PR_DIFF } from '../fixtures/api/parse-pr.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { issueCommentEvent } from '../helpers/events.js';
import { blobsResponse, githubMock, REPO_PATH } from '../helpers/github-mock.js';
import { acceptedPr, FILES } from '../helpers/pr-flow.js';

const SNAPSHOT: Record<string, string> = { 'src/a.ts': 'export const a = 1;\n' };

/** The four ways a patch can name `path`: create it, edit it, delete it, move a file onto it (and away from it). */
function opsNaming(path: string): Array<[string, FileOp]> {
  return [
    ['Add', { kind: 'add', path, content: 'x\n' }],
    ['Update', { kind: 'update', path, hunks: [{ before: ['x'], after: ['y'] }] }],
    ['Delete', { kind: 'delete', path }],
    ['Move to', { kind: 'update', path: 'src/a.ts', moveTo: path, hunks: [{ before: ['export const a = 1;'], after: ['export const a = 2;'] }] }],
    ['Move from', { kind: 'update', path, moveTo: 'src/b.ts', hunks: [{ before: ['x'], after: ['y'] }] }],
  ];
}

/** The guard's verdict for one op; files named by the op exist in the snapshot so only policy can refuse. */
function verdict(op: FileOp, options: ApplyOptions = {}): string {
  const files = new Map(Object.entries(SNAPSHOT));
  if (op.kind !== 'add' && !files.has(op.path)) files.set(op.path, 'x\n');
  try {
    applyOps([op], files, options);
    return 'applied';
  } catch (error) {
    if (error instanceof PatchGuardError) return error.reason;
    throw error;
  }
}

function expectRefusedEverywhere(path: string, reason: string, options: ApplyOptions = {}): void {
  for (const [how, op] of opsNaming(path)) {
    expect([how, verdict(op, options)]).toEqual([how, reason]);
  }
}

describe('default protected paths (refused unless allow_protected)', () => {
  it.each([
    '.github/workflows/ci.yml',
    '.github/workflows/nested/deploy.yaml',
    '.github/actions/setup/action.yml',
    '.github/actions/setup/index.js',
    'action.yml',
    'tools/release/action.yaml',
    '.github/dependabot.yml',
    'CODEOWNERS',
    '.github/CODEOWNERS',
    'docs/CODEOWNERS',
    '.github/spark.yml',
    '.gitmodules',
    '.gitattributes',
    'packages/web/.gitattributes',
    'AGENTS.md',
    'packages/api/AGENTS.md',
    'CLAUDE.md',
    '.github/copilot-instructions.md',
  ])('%s', (path) => {
    expectRefusedEverywhere(path, 'protected_path');
  });

  it('allow_protected lets a maintainer opt in; look-alikes outside the list stay writable', () => {
    expect(verdict({ kind: 'update', path: '.github/workflows/ci.yml', hunks: [{ before: ['x'], after: ['y'] }] }, { allowProtected: true })).toBe('applied');
    for (const path of ['docs/workflows/ci.yml', 'src/CODEOWNERS.ts', 'notes/AGENTS.md.txt', 'github/workflows/x.yml']) {
      expect([path, verdict({ kind: 'add', path, content: 'x\n' })]).toEqual([path, 'applied']);
    }
  });

  it('a configured list adds to the defaults, it cannot replace them', () => {
    expect(verdict({ kind: 'add', path: '.github/workflows/x.yml', content: 'x\n' }, { protectedPaths: ['infra/'] })).toBe('protected_path');
  });
});

describe('paths.protected has gitignore semantics', () => {
  it('"infra/" protects everything below infra, at any depth of the tree below it', () => {
    expectRefusedEverywhere('infra/main.tf', 'protected_path', { protectedPaths: ['infra/'] });
    expectRefusedEverywhere('infra/modules/db/main.tf', 'protected_path', { protectedPaths: ['infra/'] });
    expect(verdict({ kind: 'add', path: 'infrastructure.md', content: 'x\n' }, { protectedPaths: ['infra/'] })).toBe('applied');
  });

  it('character classes, anchoring and negation', () => {
    const options = { protectedPaths: ['secrets/[ab].txt'] };
    expectRefusedEverywhere('secrets/a.txt', 'protected_path', options);
    expectRefusedEverywhere('secrets/b.txt', 'protected_path', options);
    expect(verdict({ kind: 'add', path: 'secrets/c.txt', content: 'x\n' }, options)).toBe('applied');
    expect(verdict({ kind: 'add', path: 'lib/deploy.sh', content: 'x\n' }, { protectedPaths: ['/deploy.sh'] })).toBe('applied');
    expect(verdict({ kind: 'add', path: 'deploy.sh', content: 'x\n' }, { protectedPaths: ['/deploy.sh'] })).toBe('protected_path');
    expect(verdict({ kind: 'add', path: 'conf/public.yml', content: 'x\n' }, { protectedPaths: ['conf/*.yml', '!conf/public.yml'] })).toBe('applied');
    expect(verdict({ kind: 'add', path: 'conf/private.yml', content: 'x\n' }, { protectedPaths: ['conf/*.yml', '!conf/public.yml'] })).toBe('protected_path');
  });
});

describe('paths are normalised first, then checked', () => {
  it.each([
    '.GitHub/Workflows/x.yml',
    './.github/workflows/x.yml',
    'a/../.github/workflows/x.yml',
    '.github\\workflows\\x.yml',
    '/.github/workflows/x.yml',
    'C:\\repo\\..\\.github\\workflows\\x.yml',
    '.github//workflows/./x.yml',
  ])('%s is judged as .github/workflows/x.yml', (path) => {
    expectRefusedEverywhere(path, 'protected_path');
  });

  it.each([
    ['/etc/passwd'],
    ['../outside'],
    ['src/../../outside'],
    ['C:/x'],
    ['a\\b'],
    ['./src/new.ts'],
    ['src//new.ts'],
    ['src/new\u200b.ts'],
    ['src/\u202egnp.ts'],
    ['.git/config'],
    ['sub/.GIT/hooks/pre-commit'],
  ])('%s is refused as unsafe', (path) => {
    expectRefusedEverywhere(path, 'unsafe_path');
  });

  it('the refusal names the path inertly and says how git spells it', () => {
    try {
      checkWritePath('src/../docs/`x`@you.md');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(PatchGuardError);
      expect((error as Error).message).toContain('``src/../docs/`x`@you.md``');
      expect((error as Error).message).toContain('``docs/`x`@you.md``');
    }
  });
});

describe('symlinks and submodules from the tree', () => {
  const special = new Set(['docs/link', 'vendor/lib']);
  it.each(['docs/link', 'docs/link/inner.md', 'DOCS/Link/inner.md', 'vendor/lib', 'vendor/lib/src/x.c', './vendor/lib/x.c'])('%s', (path) => {
    expectRefusedEverywhere(path, 'symlink', { special });
  });

  it('Unicode normalisation: a decomposed spelling (A + U+030A) is the composed Å of the tree', () => {
    expectRefusedEverywhere('docs/A\u030a/x.md', 'symlink', { special: new Set(['docs/\u00c5']) });
  });

  it('a sibling sharing a prefix of the name is not a path through the link', () => {
    expect(verdict({ kind: 'add', path: 'docs/linked.md', content: 'x\n' }, { special })).toBe('applied');
  });
});

describe('a file that exists in the tree but was not shown to the model', () => {
  const existing = new Set(['src/a.ts', 'src/config.ts', 'README.md']);
  const files = (): Map<string, string> => new Map(Object.entries(SNAPSHOT));
  const reasonOf = (ops: FileOp[]): { reason: string; message: string } => {
    try {
      applyOps(ops, files(), { existing });
      return { reason: 'applied', message: '' };
    } catch (error) {
      if (error instanceof PatchGuardError) return { reason: error.reason, message: error.message };
      throw error;
    }
  };

  it('"*** Add File:" naming it is refused, naming the file', () => {
    const out = reasonOf([{ kind: 'add', path: 'src/config.ts', content: 'export {};\n' }]);
    expect(out.reason).toBe('unseen_file');
    expect(out.message).toContain('`src/config.ts`');
  });

  it('"*** Move to:" onto it is refused', () => {
    const out = reasonOf([{ kind: 'update', path: 'src/a.ts', moveTo: 'README.md', hunks: [{ before: ['export const a = 1;'], after: ['export const a = 2;'] }] }]);
    expect(out.reason).toBe('unseen_file');
    expect(out.message).toContain('`README.md`');
  });

  it('a genuinely new path is added; an Add over a shown file is still a hunk failure to re-prompt', () => {
    expect(reasonOf([{ kind: 'add', path: 'src/new.ts', content: 'x\n' }]).reason).toBe('applied');
    expect(() => applyOps([{ kind: 'add', path: 'src/a.ts', content: 'other\n' }], files(), { existing })).toThrow(/already exists/);
  });
});

describe('budgets', () => {
  it('a deleted file counts every line it had against max_changed_lines', () => {
    const big = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const files = new Map([['old.txt', big]]);
    expect(() => applyOps([{ kind: 'delete', path: 'old.txt' }], files, { maxChangedLines: 49 })).toThrow(PatchGuardError);
    expect(applyOps([{ kind: 'delete', path: 'old.txt' }], files, { maxChangedLines: 50 }).deletions).toBe(50);
  });

  it('one long line cannot pass the line budget: a new file over the byte cap is refused', () => {
    const huge = 'x'.repeat(2 * 1_048_576) + '\n';
    const out = ((): string => {
      try {
        applyOps([{ kind: 'add', path: 'blob.txt', content: huge }], new Map(), { maxChangedLines: 400 });
        return 'applied';
      } catch (error) {
        return error instanceof PatchGuardError ? error.reason : String(error);
      }
    })();
    expect(out).toBe('too_large');
  });

  it('an update that grows a file past the cap is refused; multi-byte text counts bytes, not characters', () => {
    const files = new Map([['a.txt', 'a\n']]);
    const grown = 'é'.repeat(600);
    expect(() => applyOps([{ kind: 'update', path: 'a.txt', hunks: [{ before: ['a'], after: [grown] }] }], files, { maxFileBytes: 1_024 })).toThrow(/over the limit of 1024 bytes/);
    expect(applyOps([{ kind: 'update', path: 'a.txt', hunks: [{ before: ['a'], after: ['é'.repeat(500)] }] }], files, { maxFileBytes: 1_024 }).additions).toBe(1);
  });
});

describe('through the app: webhook in, GitHub requests out', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** The snapshot reads of the PR job, with a symlink, a submodule and an unseen file in the tree. */
  function readsWithSpecialEntries(gh: ReturnType<typeof githubMock>): void {
    gh.graphql('ReadBlobs', blobsResponse(FILES));
    gh.scope.get(`${REPO_PATH}/git/trees/${HEAD}`).query({ recursive: '1' }).reply(200, {
      sha: HEAD,
      truncated: false,
      tree: [
        { path: 'src', mode: '040000', type: 'tree', sha: 'a' },
        { path: 'src/parse.ts', mode: '100644', type: 'blob', sha: 'b', size: 120 },
        { path: 'src/parse.test.ts', mode: '100644', type: 'blob', sha: 'c', size: 90 },
        { path: 'docs', mode: '120000', type: 'blob', sha: 'd', size: 9 },
        { path: 'vendor/lib', mode: '160000', type: 'commit', sha: 'e' },
        { path: 'LICENSE', mode: '100644', type: 'blob', sha: 'f', size: 1000 },
      ],
    });
    gh.scope.get(`${REPO_PATH}/compare/${BASE}...${HEAD}`).reply(200, PR_DIFF, { 'content-type': 'application/vnd.github.diff; charset=utf-8' });
    gh.graphql('ReadBlobs', blobsResponse(FILES));
  }

  it.each([
    ['through a symlinked directory', '*** Add File: docs/guide.md\n+hello', /docs\/guide\.md.*symlink or submodule/],
    ['into a submodule', '*** Add File: vendor/lib/x.c\n+int x;', /vendor\/lib\/x\.c.*symlink or submodule/],
    ['a workflow, spelled differently', '*** Add File: ./.GitHub/Workflows/x.yml\n+on: push', /protected path.*\.GitHub\/Workflows\/x\.yml/],
    ['over an existing file the model never saw', '*** Add File: LICENSE\n+MIT', /LICENSE.*already exists in the repository but was not shown to the model/],
  ])('%s: refused, nothing committed, the status says why', async (_name, section, why) => {
    app = await startTestApp({ reply: `*** Begin Patch\n${section}\n*** End Patch\n` });
    const { gh, bodies } = acceptedPr();
    readsWithSpecialEntries(gh);

    await app.probot.receive({ id: 'delivery-guard', ...issueCommentEvent({ body: '/spark fix add the file' }) } as any);
    const [report] = await app.finished();

    expect(report!.outcome).toBe('failed');
    expect(gh.graphqlCalls.map((c) => c.operation)).not.toContain('CreateCommitOnBranch');
    expect(bodies.at(-1)).toMatch(why);
  });
});
