import type { JobRecords } from './job-record.js';

/** Longest run of Spark commits followed back (a PR rarely has more queued commands). */
const MAX_STEPS = 50;

/**
 * True when every commit from `from` (exclusive) to `to` (inclusive) is one Spark made on this
 * PR, following recorded parents back from `to`: a job queued behind other Spark jobs may then
 * start from `to` instead of the head it was pinned at, without a STALE_DATA round trip. No
 * GitHub call: the records are Spark's own.
 */
export async function onlySparkCommitsBetween(records: JobRecords, group: string, from: string, to: string): Promise<boolean> {
  let at = to;
  for (let step = 0; step < MAX_STEPS && at !== from; step++) {
    const parent = await records.parentOf(group, at);
    if (parent === undefined) return false;
    at = parent;
  }
  return at === from && from !== to;
}
