/**
 * Paths a patch never changes unless the default branch's `.github/spark.yml` says
 * `paths.allow_protected: true`. Gitignore syntax: a pattern without a slash matches at any
 * depth, a leading `/` anchors at the root. Composite actions matter as much as workflows: the
 * issue flow pushes to a branch of the base repository, where `push` workflows run with secrets.
 */
/** Where the App reads its config; the Action's `config` input may name another file (protected too: see parseConfig). */
export const CONFIG_PATH = '.github/spark.yml';

export const DEFAULT_PROTECTED_PATHS: readonly string[] = [
  '/.github/workflows/**',
  '/.github/actions/**',
  'action.yml',
  'action.yaml',
  '/.github/dependabot.yml',
  '/.github/dependabot.yaml',
  '/CODEOWNERS',
  '/.github/CODEOWNERS',
  '/docs/CODEOWNERS',
  `/${CONFIG_PATH}`,
  '/.github/spark.yaml',
  '.gitmodules',
  '.gitattributes',
  'AGENTS.md',
  'CLAUDE.md',
  '/.github/copilot-instructions.md',
];
