/**
 * Which GitHub requests formed the critical path: the longest chain of requests where each
 * one started after the previous one ended. The fake GitHub's `longestSequentialChain` gives
 * the length; the benchmark also needs the members, to tell the lead which calls to overlap.
 */
export interface TimedRequest {
  method: string;
  path: string;
  operation?: string;
  startedAt: number;
  endedAt: number;
}

/** Longest sequential chain among requests fully inside [from, to], earliest first. */
export function sequentialChain<T extends TimedRequest>(requests: readonly T[], from = -Infinity, to = Infinity): T[] {
  const inWindow = requests.filter((r) => r.endedAt > 0 && r.startedAt >= from && r.endedAt <= to).sort((a, b) => a.startedAt - b.startedAt);
  const best = new Map<T, { depth: number; previous?: T }>();
  let tail: T | undefined;
  for (const r of inWindow) {
    let entry: { depth: number; previous?: T } = { depth: 1 };
    for (const p of inWindow) {
      const before = best.get(p);
      if (before && p.endedAt <= r.startedAt && before.depth + 1 > entry.depth) entry = { depth: before.depth + 1, previous: p };
    }
    best.set(r, entry);
    if (!tail || entry.depth > best.get(tail)!.depth) tail = r;
  }
  const chain: T[] = [];
  for (let at = tail; at; at = best.get(at)?.previous) chain.unshift(at);
  return chain;
}

/** "POST graphql PinPullRequest", "GET /repos/o/r/git/trees/:sha" — stable labels for reports. */
export function requestLabel(r: TimedRequest): string {
  if (r.operation) return `${r.method} graphql ${r.operation}`;
  const path = r.path
    .split('?')[0]!
    .replace(/^\/api\/v3/, '')
    .replace(/[0-9a-f]{40}/g, ':sha')
    .replace(/\/\d+(?=\/|$)/g, '/:n');
  return `${r.method} ${path}`;
}
