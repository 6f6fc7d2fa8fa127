/** A unified diff from GitHub's per-file `patch` texts (compare and commit answers), headers rebuilt around them. */
export function diffOfFilePatches(files: ReadonlyArray<{ filename: string; status?: string; previous_filename?: string; patch?: string }>): string {
  return files
    .filter((f) => f.patch)
    .map((f) => {
      const from = f.status === 'added' ? '/dev/null' : `a/${f.previous_filename ?? f.filename}`;
      const to = f.status === 'removed' ? '/dev/null' : `b/${f.filename}`;
      return `diff --git a/${f.previous_filename ?? f.filename} b/${f.filename}\n--- ${from}\n+++ ${to}\n${f.patch}\n`;
    })
    .join('');
}
