import { createLimit, forEachLimited } from '../../../src/core/concurrency';

describe('createLimit', () => {
  it('never runs more than max calls at once, and runs them in call order', async () => {
    const limit = createLimit(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const calls = [0, 1, 2, 3, 4].map((i) =>
      limit(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        return i * 10;
      }),
    );
    while (started.length < 5) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.shift()?.();
    }
    for (const gate of gates) gate();
    await expect(Promise.all(calls)).resolves.toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('frees the slot when a call fails', async () => {
    const limit = createLimit(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('rejects a limit below 1', () => {
    expect(() => createLimit(0)).toThrow(RangeError);
  });
});

describe('forEachLimited', () => {
  it('runs every item in order, never more than width at once', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    await forEachLimited([0, 1, 2, 3, 4, 5, 6], 3, async (i) => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(3);
    await expect(forEachLimited([1], 0, async () => undefined)).rejects.toThrow(RangeError);
  });

  it('starts nothing after a failure and throws the first error once the others settle', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = forEachLimited([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      await new Promise((resolve) => setImmediate(resolve));
      settled++;
      if (i === 1) throw new Error('one failed');
      if (i === 2) throw new Error('two failed');
    });
    await expect(run).rejects.toThrow('one failed');
    expect(started).toEqual([0, 1, 2]);
    expect(settled).toBe(3);
  });
});
