import { PatchGuardError } from '../patch/errors.js';
import { inertCode } from '../report/inert.js';
import { compilePathMatcher } from './path-matcher.js';
import { CONFIG_PATH, DEFAULT_PROTECTED_PATHS } from './protected-paths.js';
import { repoPath } from './repo-path.js';

/** What a patch may write, from the default branch's config and the tree at the pinned commit. */
export interface PathPolicy {
  /** Protected patterns added to the defaults (which always apply). */
  protectedPaths?: readonly string[];
  /** `paths.allow_protected: true` on the default branch. */
  allowProtected?: boolean;
  /** The config file a refusal names (default `.github/spark.yml`). */
  configFile?: string;
  /** Symlinks and submodules in the tree (modes 120000 and 160000): never written, nor anything below. */
  special?: ReadonlySet<string>;
}

/** A policy compiled once; `check` throws PatchGuardError or returns the path as git stores it. */
export interface PathGuard {
  check(path: string): string;
}

export function createPathGuard(policy: PathPolicy = {}): PathGuard {
  const protectedMatch = compilePathMatcher([...DEFAULT_PROTECTED_PATHS, ...(policy.protectedPaths ?? [])]);
  const special = new Set([...(policy.special ?? [])].map(fold));
  return {
    check(raw) {
      const { path, problem } = repoPath(raw);
      if (path === '') throw new PatchGuardError('unsafe_path', `Refusing to write ${inertCode(raw)}: empty path.`, { path: raw });
      const segments = path.split('/');
      if (segments.some((s) => s.toLowerCase() === '.git')) {
        throw new PatchGuardError('unsafe_path', `Refusing to write ${inertCode(raw)}: ".git" is git's own metadata.`, { path: raw });
      }
      if (!policy.allowProtected) {
        const hit = protectedMatch(path);
        if (hit !== undefined) {
          throw new PatchGuardError(
            'protected_path',
            `Refusing to change protected path ${inertCode(raw)} (matches ${inertCode(hit)}). A maintainer can set \`paths.allow_protected: true\` in ${policy.configFile ?? CONFIG_PATH} on the default branch, or make this change by hand.`,
            { path: raw },
          );
        }
      }
      for (let i = 1; i <= segments.length; i++) {
        const prefix = segments.slice(0, i).join('/');
        if (special.has(fold(prefix))) {
          const through = i === segments.length ? 'is' : `is written through ${inertCode(prefix)}, which is`;
          throw new PatchGuardError(
            'symlink',
            `Refusing to write ${inertCode(raw)}: it ${through} a symlink or submodule in the repository. Edit the target file itself.`,
            { path: raw },
          );
        }
      }
      if (problem !== undefined) {
        throw new PatchGuardError('unsafe_path', `Refusing to write ${inertCode(raw)}: ${problem}. Paths must be relative to the repository root, as in ${inertCode(path)}.`, { path: raw });
      }
      return path;
    },
  };
}

/** One-off check of one path (the moved-head re-check loops over the commit's paths). */
export function checkWritePath(path: string, policy: PathPolicy = {}): string {
  return createPathGuard(policy).check(path);
}

// Case-insensitive and NFC: a checkout on macOS or Windows resolves `Link/x` through `link`.
function fold(path: string): string {
  return path.normalize('NFC').toLowerCase();
}
