import { redactSecrets } from '../context/index.js';
import { SparkError } from '../errors.js';
import type { PatchResult } from '../patch/types.js';

/** A patch that would write a secret-looking token into the repository. */
export class SecretInPatchError extends SparkError {}

/**
 * The model must never write a token into the repository (it could echo one from context).
 * Only the diff's lines are scanned (added minus removed: an edited line that already held a
 * token is not a new one) — not whole files, which would cost milliseconds on the path from
 * "model done" to "commit sent".
 */
export function assertNoNewSecrets(result: PatchResult): void {
  for (const change of result.changes) {
    if (change.after === null) continue;
    const added: string[] = [];
    const removed: string[] = [];
    // Headers (`--- a/x`, `+++ b/x`) come before the first hunk; after it, every +/- is content.
    let inHunk = false;
    for (const line of change.diff.split('\n')) {
      if (line.startsWith('@@')) inHunk = true;
      else if (inHunk && line.startsWith('+')) added.push(line.slice(1));
      else if (inHunk && line.startsWith('-')) removed.push(line.slice(1));
    }
    const net = redactSecrets(added.join('\n')).redactions - redactSecrets(removed.join('\n')).redactions;
    if (net > 0) {
      throw new SecretInPatchError(`Patch adds ${net} secret-looking token(s) to ${change.path}`, {
        userMessage: `The patch would add something that looks like a secret token to \`${change.path}\`, so nothing was pushed.`,
      });
    }
  }
}
