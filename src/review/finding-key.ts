import { createHash } from 'node:crypto';
import type { Finding } from './finding-format.js';

const KEY_COMMENT = /<!-- spark:finding:([0-9a-f]{16}) -->/g;

/**
 * A finding's identity across re-reviews: the file, the content of the line it sits on (not its
 * number, which shifts as the PR grows) and its text. A re-review skips a finding whose key
 * already stands in an earlier Spark comment.
 */
export function findingKey(finding: Pick<Finding, 'path' | 'reason'>, lineText: string): string {
  const reason = finding.reason.toLowerCase().replace(/\s+/g, ' ').replace(/[.!]+$/, '').trim();
  return createHash('sha256').update(`${finding.path}\n${lineText.trim()}\n${reason}`).digest('hex').slice(0, 16);
}

/** The hidden marker that carries a key inside a posted comment. */
export function keyMarker(key: string): string {
  return `<!-- spark:finding:${key} -->`;
}

/** Every key marker in earlier comment bodies (the bot's own comments only: the caller filters by author). */
export function postedKeys(bodies: Iterable<string>): Set<string> {
  const keys = new Set<string>();
  for (const body of bodies) for (const m of body.matchAll(KEY_COMMENT)) keys.add(m[1]!);
  return keys;
}
