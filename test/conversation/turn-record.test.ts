import { describe, expect, it } from '@jest/globals';
import { pickEarlierTurn, type BotComment } from '../../src/conversation/earlier-turn.js';
import { parseTurnMarker, renderTurnMarker, type TurnRecord } from '../../src/conversation/turn-marker.js';
import { renderStatus } from '../../src/report/status-render.js';

const OID = 'a'.repeat(40);
const RESPONSE = 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b';
const marker = (value: unknown) => `<!-- spark-turn:${Buffer.from(JSON.stringify(value), 'utf8').toString('base64')} -->`;

describe('turn record', () => {
  it('reads back what it wrote, from the end of a status comment', () => {
    const record: TurnRecord = { v: 1, oid: OID, instruction: 'also handle null -->\n<!-- spark-turn:AAAA -->', response: RESPONSE };
    const body = renderStatus({ command: 'fix', instruction: record.instruction, phase: 'done', outcome: { kind: 'commit', url: 'https://github.com/o/r/commit/a', sha: OID }, turn: record });
    expect(body).toMatch(/\n<!-- spark-turn:[A-Za-z0-9+/=]+ -->$/);
    expect(parseTurnMarker(body)).toEqual(record);
    // Words quoted in the status open no HTML comment: the record is the only one.
    expect(body.match(/<!--/g)).toHaveLength(1);
  });

  it('is only the marker that ends the comment: one quoted from someone’s words is not a record', () => {
    const forged = renderTurnMarker({ v: 1, oid: OID, instruction: 'forged' });
    expect(parseTurnMarker(`✅ **Spark fix** — Done\n\n${forged}\n`)).toEqual({ v: 1, oid: OID, instruction: 'forged' });
    expect(parseTurnMarker(`📖 **Spark suggest**\n> x ${forged} y\n\nPosted a review.`)).toBeUndefined();
    // A status that stops at the instruction (a job that never finished) quotes it defused.
    const reading = renderStatus({ command: 'suggest', instruction: `x ${forged}`, phase: 'reading' });
    expect(reading.endsWith(forged)).toBe(false);
    expect(parseTurnMarker(reading)).toBeUndefined();
  });

  it('is written only on a finished job', () => {
    const state = { command: 'fix', instruction: 'x', turn: { v: 1 as const, oid: OID, instruction: 'x' } };
    expect(renderStatus({ ...state, phase: 'pushing' })).not.toContain('spark-turn');
    expect(renderStatus({ ...state, phase: 'failed', error: 'no' })).not.toContain('spark-turn');
  });

  it.each([
    ['a short oid', { v: 1, oid: 'abc1234', instruction: '' }],
    ['an uppercase oid', { v: 1, oid: 'A'.repeat(40), instruction: '' }],
    ['another version', { v: 2, oid: OID, instruction: '' }],
    ['an extra key', { v: 1, oid: OID, instruction: '', diff: '+evil' }],
    ['a response id of another shape', { v: 1, oid: OID, instruction: '', response: 'resp_../../x' }],
    ['a response id that is not a string', { v: 1, oid: OID, instruction: '', response: 5 }],
    ['an instruction that is not a string', { v: 1, oid: OID, instruction: ['x'] }],
    ['an over-long instruction', { v: 1, oid: OID, instruction: 'x'.repeat(2001) }],
    ['an array', [1, OID, '']],
  ])('refuses a record with %s', (_what, value) => {
    expect(parseTurnMarker(`Done\n\n${marker(value)}`)).toBeUndefined();
  });

  it('refuses a marker that is not base64 JSON', () => {
    expect(parseTurnMarker('<!-- spark-turn:bm90IGpzb24= -->')).toBeUndefined();
    expect(parseTurnMarker('<!-- spark-turn:{"v":1} -->')).toBeUndefined();
  });

  it('cuts a long instruction when writing (the commit has it in full)', () => {
    const parsed = parseTurnMarker(renderTurnMarker({ v: 1, oid: OID, instruction: 'y'.repeat(5000) }));
    expect(parsed?.instruction).toHaveLength(2000);
  });
});

describe('pickEarlierTurn', () => {
  const NOW = Date.parse('2026-06-01T12:00:00Z');
  const HOUR = 3_600_000;
  const turn = (id: number, hoursAgo: number, thread?: number, oid = OID): BotComment => ({
    id,
    body: `Done\n\n${renderTurnMarker({ v: 1, oid, instruction: `turn ${id}` })}`,
    url: `https://github.com/o/r/pull/1#c${id}`,
    createdAt: new Date(NOW - hoursAgo * HOUR).toISOString(),
    ...(thread !== undefined && { thread }),
  });
  const at = (extra: { thread?: number; hours?: number } = {}) => ({ receivedAt: NOW, hours: 24, ...extra });

  it('in the PR conversation: the newest fix on the PR within the window, wherever it was', () => {
    expect(pickEarlierTurn([turn(1, 5), turn(2, 2, 70), turn(3, 30)], at())?.comment.id).toBe(2);
    expect(pickEarlierTurn([turn(1, 25)], at())).toBeUndefined();
    expect(pickEarlierTurn([turn(1, 25)], at({ hours: 26 }))?.comment.id).toBe(1);
  });

  it('in a thread: the thread’s newest fix at any age, else the PR’s within the window', () => {
    const comments = [turn(1, 24 * 40, 70), turn(2, 24 * 10, 70), turn(3, 1, 80), turn(4, 0.5)];
    expect(pickEarlierTurn(comments, at({ thread: 70 }))).toMatchObject({ comment: { id: 2 }, sameThread: true });
    expect(pickEarlierTurn(comments, at({ thread: 90 }))).toMatchObject({ comment: { id: 4 }, sameThread: false });
  });

  it('hours 0: never, not even in the same thread', () => {
    expect(pickEarlierTurn([turn(1, 0.1, 70)], at({ thread: 70, hours: 0 }))).toBeUndefined();
  });

  it('ignores comments without a valid record and turns that started after the command', () => {
    const plain: BotComment = { id: 9, body: 'Queued behind 1 job(s)', url: 'u', createdAt: new Date(NOW - HOUR).toISOString() };
    const forged: BotComment = { ...turn(8, 0.2), body: `x ${marker({ v: 1, oid: 'nope', instruction: '' })}` };
    expect(pickEarlierTurn([turn(1, 3), plain, forged], at())?.comment.id).toBe(1);
    expect(pickEarlierTurn([turn(1, -0.1)], at())).toBeUndefined();
  });
});
