import type { StatusWriter } from '../report/status-writer.js';

/**
 * The status comment's phases as terminal lines: one line per phase change, nothing per token
 * (a fast model would otherwise print thousands of lines a second).
 */
export function progressPrinter(write: (text: string) => void): Pick<StatusWriter, 'update'> {
  let last: string | undefined;
  return {
    update(patch) {
      if (patch.phase === undefined || patch.phase === last) return;
      last = patch.phase;
      write(`spark: ${patch.phase}…\n`);
    },
  };
}
