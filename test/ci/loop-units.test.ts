import { describe, expect, it } from '@jest/globals';
import { CheckWaiters, type Timers } from '../../src/ci/check-waiters.js';
import type { CiState, FailingCheck } from '../../src/ci/collect-failures.js';
import { decide } from '../../src/ci/decide.js';
import { parseRounds, renderRounds, type LoopRecord } from '../../src/ci/rounds.js';
import { failureSignature } from '../../src/ci/signature.js';

const check = (name: string, test: string, message = 'boom'): FailingCheck => ({ name, source: 'check-run', conclusion: 'failure', url: null, failures: [{ tool: 'jest', test, message, refs: [] }], cause: message, excerpt: '' });
const state = (over: Partial<CiState>): CiState => ({ sha: 'x', failing: [], pending: [], passed: [], truncated: false, redactions: 0, ...over });

describe('decide', () => {
  const round1 = { signature: failureSignature(state({ failing: [check('test', 'a')] })), failedChecks: ['test'] };
  const limits = { maxRounds: 3, timedOut: false };

  it('no checks yet on the new commit is not green: it waits for the checks that were red', () => {
    expect(decide(state({}), [round1], limits)).toEqual({ kind: 'wait', pending: ['test'] });
    expect(decide(state({ passed: ['test'] }), [round1], limits)).toEqual({ kind: 'green' });
  });

  it('red with the same failures stops; differently red goes on until max_rounds', () => {
    expect(decide(state({ failing: [check('test', 'a', 'took 12 ms')] }), [round1], limits)).toMatchObject({ kind: 'stop', reason: 'same-failures' });
    expect(decide(state({ failing: [check('test', 'b')] }), [round1], limits)).toMatchObject({ kind: 'next' });
    expect(decide(state({ failing: [check('test', 'b')] }), [round1], { maxRounds: 1, timedOut: false })).toMatchObject({ kind: 'stop', reason: 'max-rounds', still: ['test'] });
  });

  it('red while other checks still run waits for them; a timeout stops', () => {
    expect(decide(state({ failing: [check('test', 'b')], pending: ['e2e'] }), [round1], limits)).toEqual({ kind: 'wait', pending: ['e2e'] });
    expect(decide(state({ pending: ['test'] }), [round1], { maxRounds: 3, timedOut: true })).toMatchObject({ kind: 'stop', reason: 'timeout' });
  });
});

describe('failureSignature', () => {
  it('ignores durations and hashes, not the failing test', () => {
    const a = failureSignature(state({ failing: [{ ...check('lint', ''), failures: [{ tool: 'tsc', message: 'error in 1.2s at abcdef1234', refs: [] }] }] }));
    const b = failureSignature(state({ failing: [{ ...check('lint', ''), failures: [{ tool: 'tsc', message: 'error in 3.4s at 9876543fed', refs: [] }] }] }));
    expect(a).toEqual(b);
    expect(failureSignature(state({ failing: [check('test', 'a')] }))).not.toEqual(failureSignature(state({ failing: [check('test', 'b')] })));
  });
});

describe('rounds record', () => {
  it('round-trips through the status comment; untrusted causes cannot close the marker or the table', () => {
    const record: LoopRecord = {
      v: 1,
      rounds: [{ round: 1, base: 'a'.repeat(40), failing: [{ name: 'test | x', cause: 'boom --> <!-- `|` -->' }], signature: ['test|x'], model: 'gpt-5.3-codex-spark', commit: { sha: 'b'.repeat(40), url: 'https://github.com/o/r/commit/b' }, ms: 1234 }],
      waitingOn: 'b'.repeat(40),
    };
    const body = `⏱️ **Spark fix-ci**\n\n${renderRounds(record)}`;
    expect(parseRounds(body)).toEqual(record);
    expect(body.match(/-->/g)).toHaveLength(1);
    expect(body).toContain('Waiting for the checks on `bbbbbbb`');
    expect(parseRounds('no marker')).toBeUndefined();
    expect(parseRounds('<!-- spark-ci:bm90IGpzb24= -->')).toBeUndefined();
  });
});

describe('CheckWaiters', () => {
  function manualTimers() {
    const pending: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
    const timers: Timers = {
      setTimer: (fn, ms) => {
        const t = { fn, ms, cleared: false };
        pending.push(t);
        return t;
      },
      clearTimer: (h) => {
        (h as { cleared: boolean }).cleared = true;
      },
    };
    return { timers, fire: () => pending.filter((t) => !t.cleared).forEach((t) => t.fn()), pending };
  }

  it('a webhook for the awaited commit wakes the wait; one for another commit does not', async () => {
    const { timers } = manualTimers();
    const waiters = new CheckWaiters(timers);
    const w = waiters.register('o/r#1', 'aaa');
    const next = w.next({ pollMs: 60_000, deadline: 1e12, now: () => 0 });
    expect(waiters.checksChanged('o/r', 'bbb')).toBe(false);
    expect(waiters.checksChanged('o/r', 'aaa')).toBe(true);
    await expect(next).resolves.toEqual({ kind: 'checks' });
  });

  it('a wake-up while nobody waits is kept for the next wait (no lost webhook)', async () => {
    const waiters = new CheckWaiters(manualTimers().timers);
    const w = waiters.register('o/r#1', 'aaa');
    waiters.checksChanged('o/r', 'aaa');
    await expect(w.next({ pollMs: 60_000, deadline: 1e12, now: () => 0 })).resolves.toEqual({ kind: 'checks' });
  });

  it("Spark's own synchronize before its commit answered is no human push; another head is", async () => {
    const waiters = new CheckWaiters(manualTimers().timers);
    const w = waiters.register('o/r#1', 'base');
    waiters.headMoved('o/r#1', 'spark'); // webhook first, then the mutation's answer
    w.retarget('spark');
    const next = w.next({ pollMs: 60_000, deadline: 1e12, now: () => 0 });
    waiters.headMoved('o/r#1', 'human');
    await expect(next).resolves.toEqual({ kind: 'interrupted', reason: 'push' });
  });

  it('poll ticks, the deadline, cancel and a new command end a wait', async () => {
    const { timers, fire } = manualTimers();
    const waiters = new CheckWaiters(timers);
    const w = waiters.register('o/r#1', 'aaa');
    const poll = w.next({ pollMs: 1_000, deadline: 5_000, now: () => 0 });
    fire();
    await expect(poll).resolves.toEqual({ kind: 'poll' });
    await expect(w.next({ pollMs: 1_000, deadline: 5_000, now: () => 5_000 })).resolves.toEqual({ kind: 'timeout' });
    const controller = new AbortController();
    const cancelled = w.next({ pollMs: 1_000, deadline: 5_000, now: () => 0, signal: controller.signal });
    controller.abort();
    await expect(cancelled).resolves.toEqual({ kind: 'interrupted', reason: 'cancel' });
    expect(waiters.interrupt('o/r#1', 'command')).toBe(true);
    await expect(w.next({ pollMs: 1_000, deadline: 5_000, now: () => 0 })).resolves.toEqual({ kind: 'interrupted', reason: 'command' });
    w.close();
    expect(waiters.interrupt('o/r#1', 'closed')).toBe(false);
  });
});
