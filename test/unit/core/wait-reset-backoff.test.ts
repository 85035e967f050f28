import { type Clock } from '../../../src/core/clock';
import { waitFor } from '../../../src/core/wait';

function recordingClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('waitFor resetBackoff', () => {
  const backoff = { initialDelayMs: 100, maxDelayMs: 10_000, factor: 2, jitter: 'none' as const };

  it('grows the delay while polls make no progress', async () => {
    const clock = recordingClock();
    await waitFor({
      description: 'growth',
      timeoutMs: 60_000,
      backoff,
      clock,
      poll: (attempt) =>
        Promise.resolve(attempt < 4 ? { done: false, state: 'pending' } : { done: true, value: 1 }),
    });
    expect(clock.sleeps).toEqual([100, 200, 400, 800]);
  });

  it('restarts from the initial delay after a poll that reports progress', async () => {
    const clock = recordingClock();
    const progress = [false, false, true, false, true, true];
    await waitFor({
      description: 'reset',
      timeoutMs: 60_000,
      backoff,
      clock,
      poll: (attempt) =>
        Promise.resolve(
          attempt < progress.length
            ? { done: false, state: 'pending', resetBackoff: progress[attempt] === true }
            : { done: true, value: 1 },
        ),
    });
    expect(clock.sleeps).toEqual([100, 200, 100, 200, 100, 100]);
  });
});
