import { backoffDelay } from '../../../src/core/backoff';
import { systemClock, type Clock } from '../../../src/core/clock';
import { CancelledError, UnknownStateError, WaitTimeoutError } from '../../../src/core/errors';
import { waitFor, type PollResult } from '../../../src/core/wait';

/** A clock whose sleeps advance time at once and honour the abort signal, like systemClock. */
function fakeClock(start = 1_000_000): Clock & { sleeps: number[]; time: () => number } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    time: () => now,
    now: () => now,
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const pending = (state: string): PollResult<never> => ({ done: false, state });

describe('backoffDelay', () => {
  const base = { initialDelayMs: 1000, maxDelayMs: 8000, factor: 2 };

  it('grows exponentially up to the cap without jitter', () => {
    const delays = [0, 1, 2, 3, 4, 10, 200].map((a) =>
      backoffDelay(a, { ...base, jitter: 'none' }),
    );
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000, 8000]);
  });

  it('equal jitter stays within [d/2, d]', () => {
    for (const attempt of [0, 1, 2, 3, 7]) {
      const d = Math.min(8000, 1000 * 2 ** attempt);
      expect(backoffDelay(attempt, { ...base, random: () => 0 })).toBe(d / 2);
      expect(backoffDelay(attempt, { ...base, random: () => 0.999999 })).toBeLessThanOrEqual(d);
      expect(backoffDelay(attempt, { ...base, random: () => 0.999999 })).toBeGreaterThan(d * 0.99);
    }
  });

  it('full jitter stays within [0, d]', () => {
    expect(backoffDelay(2, { ...base, jitter: 'full', random: () => 0 })).toBe(0);
    expect(backoffDelay(2, { ...base, jitter: 'full', random: () => 0.5 })).toBe(2000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(5, { ...base, jitter: 'full' });
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });

  it('uses Math.random with equal jitter by default and never exceeds the cap', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(i % 12, base);
      expect(d).toBeGreaterThanOrEqual(Math.min(8000, 1000 * 2 ** (i % 12)) / 2);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });
});

describe('waitFor', () => {
  it('returns the value once a poll reports done, with attempts and time taken', async () => {
    const clock = fakeClock();
    const states = ['CREATING', 'CREATING', 'DEPLOYING'];
    const seen: [string, number, number][] = [];
    const outcome = await waitFor({
      description: 'service to be RUNNING',
      timeoutMs: 60_000,
      clock,
      backoff: { initialDelayMs: 1000, maxDelayMs: 5000, jitter: 'none', factor: 2 },
      poll: (attempt) =>
        Promise.resolve(
          attempt < states.length
            ? pending(states[attempt] ?? '')
            : { done: true, value: 'RUNNING' },
        ),
      onPending: (state, elapsed, attempt) => seen.push([state, elapsed, attempt]),
    });
    expect(outcome).toEqual({ value: 'RUNNING', attempts: 4, elapsedMs: 7000 });
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
    expect(seen).toEqual([
      ['CREATING', 0, 1],
      ['CREATING', 1000, 2],
      ['DEPLOYING', 3000, 3],
    ]);
  });

  it('at the deadline throws WaitTimeoutError carrying the last observed state', async () => {
    const clock = fakeClock();
    const start = clock.time();
    let polls = 0;
    const error = await waitFor({
      description: 'operation op-1 to finish',
      timeoutMs: 10 * 60_000,
      clock,
      poll: () => Promise.resolve(pending(`IN_PROGRESS (${++polls})`)),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const timeout = error as WaitTimeoutError;
    expect(timeout.lastState).toBe(`IN_PROGRESS (${polls})`);
    expect(timeout.message).toContain('waiting for operation op-1 to finish');
    expect(timeout.message).toContain(`last state: IN_PROGRESS (${polls})`);
    expect(timeout.message).toContain('10m 00s');
    // The last poll happened exactly at the deadline, never after it.
    expect(clock.time() - start).toBe(10 * 60_000);
    expect(polls).toBeGreaterThan(5);
  });

  it('never sleeps past the deadline, whatever the schedule and jitter', async () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 100; run++) {
      const clock = fakeClock();
      const start = clock.time();
      const timeoutMs = Math.floor(random() * 120_000);
      const backoff = {
        initialDelayMs: 1 + Math.floor(random() * 5000),
        maxDelayMs: 1 + Math.floor(random() * 60_000),
        factor: 1 + random() * 2,
        jitter: (['full', 'equal', 'none'] as const)[run % 3] ?? 'none',
        random,
      };
      const pollTimes: number[] = [];
      await expect(
        waitFor({
          description: 'x',
          timeoutMs,
          clock,
          backoff,
          poll: () => {
            pollTimes.push(clock.time() - start);
            return Promise.resolve(pending('waiting'));
          },
        }),
      ).rejects.toBeInstanceOf(WaitTimeoutError);
      expect(clock.time() - start).toBe(timeoutMs);
      expect(Math.max(...pollTimes)).toBe(timeoutMs);
      expect(clock.sleeps.every((ms) => ms >= 0)).toBe(true);
    }
  });

  it('a poll that takes time counts against the deadline', async () => {
    const clock = fakeClock();
    const start = clock.time();
    let now = 0;
    const slowClock: Clock = {
      now: () => clock.now() + now,
      sleep: (ms, signal) => clock.sleep(ms, signal),
    };
    await expect(
      waitFor({
        description: 'slow API',
        timeoutMs: 30_000,
        clock: slowClock,
        backoff: { initialDelayMs: 1000, maxDelayMs: 1000, jitter: 'none' },
        poll: () => {
          now += 7000; // each call takes 7 s
          return Promise.resolve(pending('slow'));
        },
      }),
    ).rejects.toBeInstanceOf(WaitTimeoutError);
    expect(slowClock.now() - start).toBeGreaterThanOrEqual(30_000);
    expect(slowClock.now() - start).toBeLessThan(30_000 + 7000 + 1000);
  });

  it('a timeout of 0 polls once and then reports the state', async () => {
    const clock = fakeClock();
    const error = (await waitFor({
      description: 'x',
      timeoutMs: 0,
      clock,
      poll: () => Promise.resolve(pending('ONLY')),
    }).catch((e: unknown) => e)) as WaitTimeoutError;
    expect(error.lastState).toBe('ONLY');
    expect(clock.sleeps).toEqual([]);
  });

  it('rejects a timeout that is not a finite number >= 0', async () => {
    for (const timeoutMs of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      await expect(
        waitFor({ description: 'x', timeoutMs, poll: () => Promise.resolve(pending('s')) }),
      ).rejects.toBeInstanceOf(RangeError);
    }
  });

  it('stops with the error a poll throws (a terminal failure state)', async () => {
    const failure = new Error('ROLLBACK_SUCCEEDED');
    let polls = 0;
    await expect(
      waitFor({
        description: 'deploy',
        timeoutMs: 60_000,
        clock: fakeClock(),
        poll: () => (++polls === 3 ? Promise.reject(failure) : Promise.resolve(pending('busy'))),
      }),
    ).rejects.toBe(failure);
    expect(polls).toBe(3);
  });

  it('is cancelled by an AbortSignal during a sleep, reporting the last state', async () => {
    const controller = new AbortController();
    let polls = 0;
    const clock: Clock = {
      now: () => 0,
      sleep: (_ms, signal) =>
        new Promise((resolve, reject) => {
          if (polls < 2) {
            resolve();
            return;
          }
          // The second sleep is interrupted by the cancellation.
          signal?.addEventListener('abort', () => reject(signal.reason as Error));
          controller.abort(new Error('cancelled by SIGTERM'));
        }),
    };
    const error = await waitFor({
      description: 'tasks to stop',
      timeoutMs: 60_000,
      clock,
      signal: controller.signal,
      poll: () => Promise.resolve(pending(`DRAINING ${++polls}`)),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe(
      'Cancelled while waiting for tasks to stop; last state: DRAINING 2',
    );
    expect(polls).toBe(2);
  });

  it('does not poll at all when the signal is already aborted', async () => {
    const poll = jest.fn(() => Promise.resolve(pending('x')));
    await expect(
      waitFor({ description: 'x', timeoutMs: 1000, poll, signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(poll).not.toHaveBeenCalled();
  });

  it('stops after a poll during which the signal aborted', async () => {
    const controller = new AbortController();
    const poll = jest.fn(() => {
      controller.abort();
      return Promise.resolve(pending('x'));
    });
    await expect(
      waitFor({
        description: 'x',
        timeoutMs: 60_000,
        clock: fakeClock(),
        poll,
        signal: controller.signal,
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(poll).toHaveBeenCalledTimes(1);
  });

  it('with the system clock, an abort interrupts a long sleep at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = waitFor({
      description: 'something slow',
      timeoutMs: 60_000,
      backoff: { initialDelayMs: 30_000, maxDelayMs: 30_000, jitter: 'none' },
      signal: controller.signal,
      poll: () => Promise.resolve(pending('PENDING')),
    });
    setTimeout(() => controller.abort(new Error('cancelled')), 20);
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('systemClock.sleep', () => {
  it('rejects at once with the reason of an already aborted signal', async () => {
    const reason = new Error('stop');
    await expect(systemClock.sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('resolves after the delay', async () => {
    await expect(systemClock.sleep(1)).resolves.toBeUndefined();
  });
});

describe('waitFor and states AWS does not document', () => {
  it('fails at once on a status outside the documented ones, naming it and the known ones', async () => {
    const clock = fakeClock();
    let polls = 0;
    const error = await waitFor({
      description: 'invalidation I1 to complete',
      timeoutMs: 30 * 60_000,
      statuses: ['InProgress', 'Completed'],
      clock,
      poll: () => {
        polls++;
        return Promise.resolve({
          done: false,
          state: polls === 1 ? 'InProgress' : 'COMPLETED',
          status: polls === 1 ? 'InProgress' : 'COMPLETED',
        });
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownStateError);
    expect((error as Error).message).toBe(
      'Stopped waiting for invalidation I1 to complete: AWS answered the state "COMPLETED", which is not one of the documented states (InProgress, Completed)',
    );
    expect((error as UnknownStateError).state).toBe('COMPLETED');
    expect(polls).toBe(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('keeps waiting on documented statuses and on observations without a status', async () => {
    const clock = fakeClock();
    const answers: PollResult<string>[] = [
      { done: false, state: 'InProgress', status: 'InProgress' },
      { done: false, state: 'error: throttled' },
      { done: true, value: 'ok' },
    ];
    const outcome = await waitFor({
      description: 'x',
      timeoutMs: 60_000,
      statuses: ['InProgress', 'Completed'],
      clock,
      poll: (attempt) => Promise.resolve(answers[attempt] ?? { done: true, value: 'late' }),
    });
    expect(outcome).toMatchObject({ value: 'ok', attempts: 3 });
  });
});
