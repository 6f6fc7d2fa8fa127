import type { CommitFile } from '../github/commit.js';
import type { PatchResult } from '../patch/types.js';

/** File changes for `createCommitOnBranch`: a move writes the new path and deletes the old. */
export function commitFiles(result: PatchResult): CommitFile[] {
  return result.changes.flatMap((change) => {
    const writes: CommitFile[] = [{ path: change.path, contents: change.after }];
    if (change.oldPath && change.oldPath !== change.path) writes.push({ path: change.oldPath, contents: null });
    return writes;
  });
}
