import type { JobData } from '../../src/queue/types.js';

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function job(id: string, group = 'octo/repo#1', kind = 'fix'): JobData {
  return { id, group, kind, installationId: 42, payload: { comment: id } };
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Records start/end of each job so tests can assert order and non-overlap per group. */
export class Timeline {
  readonly events: { id: string; group: string; type: 'start' | 'end' }[] = [];
  start(j: JobData): void {
    this.events.push({ id: j.id, group: j.group, type: 'start' });
  }
  end(j: JobData): void {
    this.events.push({ id: j.id, group: j.group, type: 'end' });
  }
  /** Max jobs of one group running at the same time. */
  maxOverlap(group: string): number {
    let current = 0;
    let max = 0;
    for (const e of this.events) {
      if (e.group !== group) continue;
      current += e.type === 'start' ? 1 : -1;
      max = Math.max(max, current);
    }
    return max;
  }
  /** Max jobs of any group running at the same time. */
  maxConcurrent(): number {
    let current = 0;
    let max = 0;
    for (const e of this.events) {
      current += e.type === 'start' ? 1 : -1;
      max = Math.max(max, current);
    }
    return max;
  }
  startOrder(group: string): string[] {
    return this.events.filter((e) => e.group === group && e.type === 'start').map((e) => e.id);
  }
}
