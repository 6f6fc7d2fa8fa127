import { describe, expect, it } from '@jest/globals';
import { createPacer } from '../../src/queue/pacer.js';
import { deferred } from './helpers.js';

function fakeClock() {
  const clock = {
    now: 0,
    sleeps: [] as number[],
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.now += ms;
    },
  };
  return clock;
}

describe('createPacer', () => {
  it('spaces requests of one key by minIntervalMs after the previous one finished', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ minIntervalMs: 1000, now: () => clock.now, sleep: clock.sleep });
    const starts: number[] = [];
    const request = async (): Promise<number> => {
      starts.push(clock.now);
      clock.now += 100; // the request takes 100 ms
      return starts.length;
    };
    const results = await Promise.all([
      pacer.schedule('inst-1', request),
      pacer.schedule('inst-1', request),
      pacer.schedule('inst-1', request),
    ]);
    expect(results).toEqual([1, 2, 3]);
    expect(starts).toEqual([0, 1100, 2200]);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('does not make different keys wait for each other', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ minIntervalMs: 1000, now: () => clock.now, sleep: clock.sleep });
    const starts: Record<string, number> = {};
    await Promise.all(
      ['a', 'b', 'c'].map((key) =>
        pacer.schedule(key, async () => {
          starts[key] = clock.now;
        }),
      ),
    );
    expect(starts).toEqual({ a: 0, b: 0, c: 0 });
    expect(clock.sleeps).toEqual([]);
  });

  it('runs one request per key at a time, in call order', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ minIntervalMs: 0, now: () => clock.now, sleep: clock.sleep });
    const first = deferred();
    const log: string[] = [];
    const p1 = pacer.schedule('k', async () => {
      log.push('start 1');
      await first.promise;
      log.push('end 1');
    });
    const p2 = pacer.schedule('k', async () => {
      log.push('start 2');
    });
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start 1']);
    first.resolve();
    await Promise.all([p1, p2]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2']);
  });

  it('keeps pacing after a failed request and passes the error to its caller', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ minIntervalMs: 1000, now: () => clock.now, sleep: clock.sleep });
    const failing = pacer.schedule('k', async () => {
      throw new Error('422');
    });
    const next = pacer.schedule('k', async () => clock.now);
    await expect(failing).rejects.toThrow('422');
    expect(await next).toBe(1000);
  });

  it('does not sleep when the key has been idle longer than the interval', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ minIntervalMs: 1000, now: () => clock.now, sleep: clock.sleep });
    await pacer.schedule('k', async () => undefined);
    clock.now += 5000;
    await pacer.schedule('k', async () => undefined);
    expect(clock.sleeps).toEqual([]);
  });

  it('still paces a key after many other keys were pruned', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ minIntervalMs: 1000, now: () => clock.now, sleep: clock.sleep });
    await pacer.schedule('hot', async () => undefined);
    for (let i = 0; i < 100; i++) await pacer.schedule(`other-${i}`, async () => undefined);
    // 'hot' finished at t=0 and the clock has not moved: its next call must still wait.
    await pacer.schedule('hot', async () => undefined);
    expect(clock.sleeps).toEqual([1000]);
  });
});
