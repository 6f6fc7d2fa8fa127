/**
 * What only the in-process queue does. The behaviour both backends share (dedupe, per-PR
 * FIFO, concurrency, hooks, shutdown) is checked for both in contract.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { createMemoryQueue } from '../../src/queue/memory.js';
import { deferred, job } from './helpers.js';

describe('createMemoryQueue', () => {
  it('forgets a delivery id after the dedupe TTL', async () => {
    let now = 1_000;
    const queue = createMemoryQueue({ dedupeTtlMs: 500, now: () => now });
    expect((await queue.enqueue(job('d1'))).accepted).toBe(true);
    now += 499;
    expect((await queue.enqueue(job('d1'))).accepted).toBe(false);
    now += 1;
    expect((await queue.enqueue(job('d1'))).accepted).toBe(true);
    await queue.close();
  });

  it('close() drops jobs that had not started and names them in one warning', async () => {
    const warnings: [unknown, string | undefined][] = [];
    const log = { debug: () => undefined, info: () => undefined, warn: (obj: unknown, msg?: string) => warnings.push([obj, msg]), error: () => undefined };
    const queue = createMemoryQueue({ concurrency: 1, log });
    const started = deferred();
    const release = deferred();
    const ran: string[] = [];
    queue.process(async (j) => {
      ran.push(j.id);
      started.resolve();
      await release.promise;
    });
    await queue.enqueue(job('running', 'octo/repo#1'));
    await queue.enqueue(job('waiting', 'octo/repo#2'));
    await started.promise;
    const closed = queue.close();
    release.resolve();
    await closed;
    expect(ran).toEqual(['running']);
    expect(warnings).toEqual([[{ jobIds: ['waiting'] }, 'queue closed with 1 job(s) not started']]);
  });
});
