import { PatchGuardError } from './errors.js';
import { matchesAny } from './glob.js';
import type { ApplyOptions } from './types.js';

export const DEFAULT_PROTECTED_PATHS: readonly string[] = ['.github/workflows/**', 'CODEOWNERS', '.github/spark.yml', '.github/spark.yaml'];

/**
 * Refuses paths the model must never write: absolute, escaping the repo, inside `.git`,
 * through a symlink, or protected by policy. Throws PatchGuardError saying how to proceed.
 */
export function checkPath(path: string, options: ApplyOptions = {}): void {
  const unsafe = (why: string): never => {
    throw new PatchGuardError('unsafe_path', `Refusing to write "${path}": ${why}. Paths must be relative to the repository root.`, { path });
  };
  if (path === '' || path.trim() !== path) unsafe('empty or padded path');
  if (/[\0\r\n]/.test(path)) unsafe('control characters in the path');
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path) || path.startsWith('~')) unsafe('absolute path');
  if (path.includes('\\')) unsafe('backslashes are not path separators in git');
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) unsafe('".." escapes the repository');
  if (segments.some((s) => s === '' || s === '.')) unsafe('empty or "." path segment');
  if (segments.some((s) => s.toLowerCase() === '.git')) unsafe('".git" is git\'s own metadata');
  const links = options.symlinks;
  if (links !== undefined) {
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      if (links.has(prefix)) {
        throw new PatchGuardError('symlink', `Refusing to write "${path}": "${prefix}" is a symlink in the repository; edit the link target instead.`, { path });
      }
    }
  }
  if (!options.allowProtected) {
    const hit = matchesAny(path, options.protectedPaths ?? DEFAULT_PROTECTED_PATHS);
    if (hit !== undefined) {
      throw new PatchGuardError(
        'protected_path',
        `Refusing to change protected path "${path}" (matches "${hit}"). A maintainer can allow it in .github/spark.yml, or make this change by hand.`,
        { path },
      );
    }
  }
}
