/**
 * Sources of true (before, after) pairs: this repository's own git history, and the corpus's
 * `before.*` files edited by scripted changes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/guard/index.js';
import { seededRng } from './rng.js';
import { SCRIPTED_CHANGES, type Language } from './scripted.js';
import { joinText, splitText } from './text.js';
import type { Pair } from './types.js';

const LANGUAGES: Record<string, string> = { '.ts': 'typescript', '.js': 'javascript', '.md': 'markdown', '.json': 'json', '.yml': 'yaml', '.yaml': 'yaml', '.c': 'c', '.java': 'java', '.py': 'python' };
export const languageOf = (path: string): string => LANGUAGES[extname(path)] ?? (extname(path).slice(1) || 'other');

const git = (root: string, args: string[]): string => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, stdio: ['ignore', 'pipe', 'pipe'] });

export interface GitPairs {
  pairs: Pair[];
  commits: number;
  eligibleCommits: number;
  /** Files of eligible commits beyond the cap (sampled out). */
  capped: number;
  /** Files over the default file-size cap, left out: the guard refuses them whatever the placement (the committed Action bundle). */
  tooLarge: number;
  skipped?: string;
}

/**
 * Every modified text file of every non-merge commit changing at most `maxLines` lines in total,
 * newest first, at most `cap` pairs (a deterministic sample when there are more).
 */
export function gitPairs(root: string, maxLines = 60, cap = 400): GitPairs {
  let log: string;
  try {
    log = git(root, ['log', '--no-merges', '--format=commit %H %P', '--numstat']);
  } catch (error) {
    return { pairs: [], commits: 0, eligibleCommits: 0, capped: 0, tooLarge: 0, skipped: `git history unreadable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  const commits: { sha: string; parent: string | undefined; total: number; binary: boolean }[] = [];
  for (const line of log.split('\n')) {
    const head = /^commit ([0-9a-f]{40})(?: ([0-9a-f]{40}))?/.exec(line);
    if (head !== null) {
      commits.push({ sha: head[1]!, parent: head[2], total: 0, binary: false });
      continue;
    }
    const stat = /^(\d+|-)\t(\d+|-)\t/.exec(line);
    const current = commits[commits.length - 1];
    if (stat === null || current === undefined) continue;
    if (stat[1] === '-') current.binary = true;
    else current.total += Number(stat[1]) + Number(stat[2]);
  }
  const eligible = commits.filter((c) => c.parent !== undefined && c.total <= maxLines && c.total > 0);
  const candidates: { sha: string; parent: string; path: string }[] = [];
  for (const c of eligible) {
    let status: string;
    try {
      status = git(root, ['diff-tree', '--no-commit-id', '-r', '--name-status', '--diff-filter=M', c.sha]);
    } catch {
      continue;
    }
    for (const row of status.split('\n')) {
      const m = /^M\t(.+)$/.exec(row);
      if (m !== null) candidates.push({ sha: c.sha, parent: c.parent!, path: m[1]! });
    }
  }
  const rng = seededRng('git-sample');
  const chosen = [...candidates];
  while (chosen.length > cap) chosen.splice(rng.int(chosen.length), 1);
  const pairs: Pair[] = [];
  let unreadable = 0;
  let tooLarge = 0;
  for (const { sha, parent, path } of chosen) {
    let before: string;
    let after: string;
    try {
      before = git(root, ['show', `${parent}:${path}`]);
      after = git(root, ['show', `${sha}:${path}`]);
    } catch {
      // A shallow clone lacks the parent of its oldest commit.
      unreadable++;
      continue;
    }
    if (before.includes('\0') || after.includes('\0') || before === after) continue;
    if (Buffer.byteLength(before) > DEFAULT_MAX_FILE_BYTES || Buffer.byteLength(after) > DEFAULT_MAX_FILE_BYTES) {
      tooLarge++;
      continue;
    }
    const subject = git(root, ['log', '-1', '--format=%s', sha]).trim();
    pairs.push({ id: `git:${sha.slice(0, 8)}:${path}`, source: 'git', path, language: languageOf(path), change: subject.slice(0, 80), before, after });
  }
  return { pairs, commits: commits.length, eligibleCommits: eligible.length, capped: Math.max(0, candidates.length - cap), tooLarge, ...(unreadable > 0 ? { skipped: `${unreadable} files unreadable (shallow clone?)` } : {}) };
}

export interface CorpusCase {
  id: string;
  language: string;
  dir: string;
  /** e.g. `before.java` */
  target: string;
}

export function corpusCases(root: string): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const lang of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    for (const kase of readdirSync(join(root, lang.name), { withFileTypes: true }).filter((d) => d.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const dir = join(root, lang.name, kase.name);
      const target = readdirSync(dir).find((f) => f.startsWith('before.'));
      if (target !== undefined) out.push({ id: kase.name, language: lang.name, dir, target });
    }
  }
  return out;
}

const SCRIPT_LANGUAGE: Record<string, Language> = { c: 'c', java: 'java', typescript: 'typescript' };

/** Each corpus `before.*` file edited by each scripted change (seeded by case and change). The path is given a realistic name. */
export function corpusPairs(cases: readonly CorpusCase[]): Pair[] {
  const pairs: Pair[] = [];
  for (const kase of cases) {
    const language = SCRIPT_LANGUAGE[kase.language];
    if (language === undefined) continue;
    const text = readFileSync(join(kase.dir, kase.target), 'utf8').replace(/\r\n/g, '\n');
    const { lines, finalNewline } = splitText(text);
    const path = `src/${kase.id.replace(/[^A-Za-z0-9]+/g, '-')}${extname(kase.target)}`;
    for (const script of SCRIPTED_CHANGES) {
      const after = script.apply(lines, language, seededRng(`${kase.id}/${script.name}`));
      if (after === undefined) continue;
      const afterText = joinText(after, finalNewline);
      if (afterText === text) continue;
      pairs.push({ id: `corpus:${kase.id}:${script.name}`, source: 'corpus', path, language: kase.language, change: script.name, before: text, after: afterText });
    }
  }
  return pairs;
}

export const corpusAvailable = (root: string): boolean => existsSync(root);
