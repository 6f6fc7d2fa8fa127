/**
 * Test ↔ subject pairing by naming convention: `foo.ts` ↔ `foo.test.ts`/`foo.spec.ts`/
 * `__tests__/foo.ts`/`test/<dirs>/foo.test.ts`, `foo.py` ↔ `test_foo.py`/`foo_test.py`,
 * `foo.go` ↔ `foo_test.go`. Candidates are ordered by how much of the directory they share.
 */
import { baseOf, compareStrings, dirOf, extOf } from './paths.js';

interface TestKey {
  isTest: boolean;
  /** Subject stem, e.g. `foo` for `foo.test.ts`, `test_foo.py` and `foo.ts`. */
  stem: string;
  family: string;
}

const FAMILY: Record<string, string> = {
  ts: 'js', tsx: 'js', mts: 'js', cts: 'js', js: 'js', jsx: 'js', mjs: 'js', cjs: 'js',
  py: 'py', go: 'go', rb: 'rb', rs: 'rs', java: 'java', kt: 'java', php: 'php', cs: 'cs',
};

export function testKey(path: string): TestKey | undefined {
  const family = FAMILY[extOf(path)];
  if (!family) return undefined;
  const base = baseOf(path);
  const noExt = base.slice(0, base.lastIndexOf('.'));
  const inTestDir = /(^|\/)(__tests__|tests?|spec)(\/|$)/.test(dirOf(path));
  let m = /^(.*)[._-](test|spec|tests)$/.exec(noExt);
  if (m && m[1]) return { isTest: true, stem: m[1], family };
  m = /^test_(.+)$/.exec(noExt);
  if (m && m[1]) return { isTest: true, stem: m[1], family };
  m = /^(.+?)(Test|Tests|Spec)$/.exec(noExt); // FooTest.java, FooSpec.rb
  if (m && m[1] && (family === 'java' || family === 'cs' || family === 'php' || family === 'rb')) {
    return { isTest: true, stem: m[1], family };
  }
  return { isTest: inTestDir, stem: noExt, family };
}

export interface TestIndex {
  byStem: ReadonlyMap<string, readonly string[]>;
}

export function indexTests(tree: readonly string[]): TestIndex {
  const byStem = new Map<string, string[]>();
  for (const path of tree) {
    const key = testKey(path);
    if (!key) continue;
    const k = `${key.family}:${key.stem.toLowerCase()}`;
    let list = byStem.get(k);
    if (!list) byStem.set(k, (list = []));
    list.push(path);
  }
  return { byStem };
}

function sharedDirScore(a: string, b: string): number {
  // Mirror layouts (src/a/b.ts ↔ test/a/b.test.ts) share trailing directories; siblings share all.
  const da = dirOf(a).split('/').filter(Boolean);
  const db = dirOf(b).split('/').filter(Boolean);
  if (da.join('/') === db.join('/')) return 1000;
  let suffix = 0;
  const strip = (parts: string[]): string[] => parts.filter((p) => !/^(__tests__|tests?|spec|src|lib)$/.test(p));
  const sa = strip(da);
  const sb = strip(db);
  while (suffix < sa.length && suffix < sb.length && sa[sa.length - 1 - suffix] === sb[sb.length - 1 - suffix]) suffix++;
  let prefix = 0;
  while (prefix < da.length && prefix < db.length && da[prefix] === db[prefix]) prefix++;
  return suffix * 10 + prefix;
}

/** Counterparts of `path` (tests for a source file, sources for a test), best first. */
export function testCounterparts(path: string, index: TestIndex, max = 3): string[] {
  const key = testKey(path);
  if (!key) return [];
  const peers = index.byStem.get(`${key.family}:${key.stem.toLowerCase()}`) ?? [];
  const matches = peers.filter((p) => p !== path && testKey(p)?.isTest !== key.isTest);
  return matches
    .map((p) => ({ p, score: sharedDirScore(path, p) }))
    .filter(({ score }) => score > 0 || matches.length <= 2)
    .sort((x, y) => y.score - x.score || compareStrings(x.p, y.p))
    .slice(0, max)
    .map(({ p }) => p);
}
