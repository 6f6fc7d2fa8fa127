import { describe, expect, it } from '@jest/globals';
import { renderRounds, type LoopRecord } from '../../src/ci/rounds.js';
import { waitingLoop } from '../../src/ci/waiting-loop.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const record = (patch: Partial<LoopRecord>): LoopRecord => ({
  v: 1,
  rounds: [{ round: 1, base: B, failing: [{ name: 'test', cause: 'x' }], signature: ['test|x'], model: 'm', commit: { sha: A, url: 'u' }, ms: 1 }],
  waitingOn: A,
  ...patch,
});
const comment = (id: number, r?: LoopRecord) => ({ id, body: r ? `status\n\n${renderRounds(r)}` : 'a reply' });

describe('waitingLoop', () => {
  it('finds the loop the newest comment records as waiting on the commit, with its round', () => {
    expect(waitingLoop([comment(1), comment(2, record({}))], A)).toEqual({ comment: { id: 2, kind: 'issue' }, record: record({}), sha: A, round: 1 });
  });

  it('refuses an ended loop, another commit, a superseded record and a comment without one', () => {
    expect(waitingLoop([comment(2, record({ end: { kind: 'green', reason: 'ok' } }))], A)).toBeUndefined();
    expect(waitingLoop([comment(2, record({}))], B)).toBeUndefined();
    expect(waitingLoop([comment(2, record({})), comment(3)], A)).toBeUndefined();
    expect(waitingLoop([{ id: 4, body: '<!-- spark-ci:bm90IGpzb24= -->' }], A)).toBeUndefined();
    expect(waitingLoop([], A)).toBeUndefined();
  });
});
