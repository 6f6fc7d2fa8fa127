import { PatchGuardError } from '../patch/errors.js';
import { inertCode } from '../report/inert.js';
import { CONFIG_PATH } from './protected-paths.js';

/** 1 MiB: no source file a fast code model writes in one reply is larger. */
export const DEFAULT_MAX_FILE_BYTES = 1_048_576;

export interface Budget {
  /** Added + removed lines over the whole patch; a deleted file counts every line it had. */
  maxChangedLines?: number;
  /** UTF-8 bytes of any file the patch creates or rewrites (`paths`-independent). */
  maxFileBytes?: number;
  /** The config file a refusal names (default `.github/spark.yml`). */
  configFile?: string;
}

/** Refuses one file's new content over the byte cap: checked before any diff is computed. */
export function checkFileBytes(path: string, content: string, maxFileBytes: number = DEFAULT_MAX_FILE_BYTES, configFile: string = CONFIG_PATH): void {
  // A UTF-8 character is at most 3 bytes per UTF-16 unit: skip the exact count for small files.
  if (content.length * 3 <= maxFileBytes) return;
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > maxFileBytes) {
    throw new PatchGuardError(
      'too_large',
      `The patch writes ${bytes} bytes to ${inertCode(path)}, over the limit of ${maxFileBytes} bytes per file. Narrow the instruction or raise \`max_file_bytes\` in ${configFile}.`,
      { path },
    );
  }
}

export interface BudgetedChange {
  path: string;
  after: string | null;
  additions: number;
  deletions: number;
}

/** The whole patch against the budget: every file's bytes, then the changed-line total. */
export function checkPatchBudget(changes: readonly BudgetedChange[], budget: Budget): void {
  for (const change of changes) {
    if (change.after !== null) checkFileBytes(change.path, change.after, budget.maxFileBytes, budget.configFile);
  }
  const max = budget.maxChangedLines;
  if (max === undefined) return;
  const additions = changes.reduce((n, c) => n + c.additions, 0);
  const deletions = changes.reduce((n, c) => n + c.deletions, 0);
  if (additions + deletions > max) {
    throw new PatchGuardError(
      'too_many_lines',
      `The patch changes ${additions + deletions} lines (+${additions} -${deletions}), over the limit of ${max}. Narrow the instruction or raise \`max_changed_lines\` in ${budget.configFile ?? CONFIG_PATH}.`,
    );
  }
}
