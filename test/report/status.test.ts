import { describe, expect, it } from '@jest/globals';
import { jobMarker, renderStatus } from '../../src/report/status-render.js';
import { parseTurnMarker } from '../../src/conversation/turn-marker.js';
import { StatusWriter } from '../../src/report/status-writer.js';

/** A manual clock and timer queue so throttling is tested without real time. */
function fakeTime() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (id: unknown) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    async advance(ms: number) {
      now += ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (!due || due.at > now) break;
        timers.shift();
        due.fn();
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}

describe('StatusWriter', () => {
  it('writes at most once per interval and skips superseded states', async () => {
    const time = fakeTime();
    const bodies: string[] = [];
    const writer = new StatusWriter(async (b) => void bodies.push(b), { command: 'fix', instruction: 'x', phase: 'queued' }, time);
    writer.update({ phase: 'reading' });
    await time.advance(0);
    expect(bodies).toHaveLength(1);
    writer.update({ phase: 'generating', files: ['a.ts'] });
    writer.update({ files: ['a.ts', 'b.ts'] });
    writer.update({ files: ['a.ts', 'b.ts', 'c.ts'] });
    await time.advance(500);
    expect(bodies).toHaveLength(1);
    await time.advance(500);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toContain('`c.ts`');
    await writer.finish({ phase: 'done', timings: { totalMs: 1234 } });
    expect(bodies).toHaveLength(3);
    expect(bodies[2]).toContain('Done');
    expect(bodies[2]).toContain('total 1.23 s');
  });

  it('finish() cancels a pending throttled write and writes the final state once', async () => {
    const time = fakeTime();
    const bodies: string[] = [];
    const writer = new StatusWriter(async (b) => void bodies.push(b), { command: 'fix', instruction: '', phase: 'queued' }, time);
    writer.update({ phase: 'reading' });
    await time.advance(0);
    writer.update({ phase: 'generating' });
    await writer.finish({ phase: 'failed', error: 'The branch moved.' });
    await time.advance(5000);
    expect(bodies.map((b) => b.split('\n')[0])).toEqual(['📖 **Spark fix** — Reading the pull request', '❌ **Spark fix** — Failed']);
  });

  it('a failing edit does not fail the job', async () => {
    const time = fakeTime();
    const writer = new StatusWriter(async () => Promise.reject(new Error('502')), { command: 'fix', instruction: '', phase: 'queued' }, time);
    await expect(writer.finish({ phase: 'done' })).resolves.toBeUndefined();
  });
});

describe('renderStatus', () => {
  it('shows commit link, size and timings when done', () => {
    const body = renderStatus({
      command: 'fix',
      instruction: 'make parse() accept empty input',
      phase: 'done',
      outcome: { kind: 'commit', url: 'https://github.com/o/r/commit/abcdef123', sha: 'abcdef123' },
      changed: { files: 1, additions: 3, deletions: 1 },
      timings: { contextMs: 80, ttftMs: 150, tokensPerSecond: 1000, totalMs: 900 },
    });
    expect(body).toContain('[abcdef1](https://github.com/o/r/commit/abcdef123)');
    expect(body).toContain('1 file(s) changed, +3 −1');
    expect(body).toContain('context 80 ms · TTFT 150 ms · 1000 tok/s · total 900 ms');
  });

  it('keeps a hostile instruction on one quoted line', () => {
    const body = renderStatus({ command: 'fix', instruction: 'x\n\n# heading\n@everyone', phase: 'queued' });
    expect(body.split('\n')[1]).toBe('> x # heading @everyone');
  });

  it("names its job in a hidden line, before a fix's turn record (which must end the comment)", () => {
    const turn = { v: 1 as const, oid: 'a'.repeat(40), instruction: 'x' };
    const body = renderStatus({ command: 'fix', instruction: 'x', phase: 'done', job: 'comment-issue-7', turn });
    expect(body).toContain('\n<!-- spark-job:comment-issue-7 -->\n');
    expect(parseTurnMarker(body)).toEqual(turn);
    // An id that could close the HTML comment gets no marker at all.
    expect(jobMarker('x --> <b>')).toBeUndefined();
    expect(renderStatus({ command: 'fix', instruction: 'x', phase: 'queued', job: 'x --> <b>' })).not.toContain('spark-job');
  });
});
