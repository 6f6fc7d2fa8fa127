/** Minimal git plumbing for the offline CLI: a local checkout stands in for the GitHub snapshot. */
import { execFileSync, spawnSync } from 'node:child_process';
import { SparkError } from '../errors.js';

export class GitError extends SparkError {}

const MAX_BUFFER = 512 * 1024 * 1024;

export function git(repo: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: repo, encoding: 'utf8', maxBuffer: MAX_BUFFER, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? '';
    throw new GitError(`git ${args.join(' ')} failed in ${repo}: ${stderr || String(error)}. Run it inside a git checkout and check the refs exist (git fetch).`, {
      cause: error,
    });
  }
}

export function refExists(repo: string, ref: string): boolean {
  return spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repo, stdio: 'ignore' }).status === 0;
}

/** Reads many blobs in one `git cat-file --batch` process (one "round trip", like the bot). */
export function readBlobs(repo: string, ref: string, paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (paths.length === 0) return out;
  const result = spawnSync('git', ['cat-file', '--batch'], { cwd: repo, input: paths.map((p) => `${ref}:${p}\n`).join(''), maxBuffer: MAX_BUFFER });
  if (result.status !== 0) throw new GitError(`git cat-file --batch failed in ${repo}: ${result.stderr.toString().trim()}`);
  const buf = result.stdout;
  let offset = 0;
  for (const path of paths) {
    const nl = buf.indexOf(0x0a, offset);
    if (nl === -1) break;
    const header = buf.toString('utf8', offset, nl);
    offset = nl + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue; // "<ref>:<path> missing"
    const size = Number(m[2]);
    if (m[1] === 'blob') out.set(path, buf.toString('utf8', offset, offset + size));
    offset += size + 1;
  }
  return out;
}

/** Every path at `ref`, with the symlinks (120000) and submodules (160000) among them. */
export function readTreeAt(repo: string, ref: string): { paths: string[]; special: Set<string> } {
  const paths: string[] = [];
  const special = new Set<string>();
  for (const entry of git(repo, ['ls-tree', '-r', '-z', ref]).split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const path = entry.slice(tab + 1);
    paths.push(path);
    const mode = entry.slice(0, entry.indexOf(' '));
    if (mode === '120000' || mode === '160000') special.add(path);
  }
  return { paths, special };
}

/** Paths among `paths` whose working-tree or index state differs from HEAD (untracked included). */
export function dirtyPaths(repo: string, paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const out = git(repo, ['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all', '--', ...paths]);
  const dirty: string[] = [];
  for (const entry of out.split('\0')) if (entry.length > 3) dirty.push(entry.slice(3));
  return dirty;
}
