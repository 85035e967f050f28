import { type Clock } from '../../../src/core/clock';
import { CancelledError, ConfigurationError } from '../../../src/core/errors';
import { isTransientError, retry } from '../../../src/core/retry';

function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const throttled = (): Error =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 },
  });

describe('retry', () => {
  it('retries transient errors until the call succeeds', async () => {
    const clock = fakeClock();
    const retries: [number, number][] = [];
    const fn = jest.fn((attempt: number) =>
      attempt < 3 ? Promise.reject(throttled()) : Promise.resolve(`ok on ${attempt}`),
    );
    await expect(
      retry(fn, {
        description: 'push to ECR',
        maxAttempts: 5,
        isRetryable: isTransientError,
        clock,
        backoff: { initialDelayMs: 100, maxDelayMs: 1000, jitter: 'none' },
        onRetry: (_error, attempt, delay) => retries.push([attempt, delay]),
      }),
    ).resolves.toBe('ok on 3');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(retries).toEqual([
      [1, 100],
      [2, 200],
    ]);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it('bounds the attempts and says how many were made', async () => {
    const fn = jest.fn(() => Promise.reject(throttled()));
    const error = await retry(fn, {
      description: 'describe services',
      maxAttempts: 4,
      isRetryable: isTransientError,
      clock: fakeClock(),
    }).catch((e: unknown) => e);
    expect(fn).toHaveBeenCalledTimes(4);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ThrottlingException');
    expect((error as Error).message).toBe(
      'describe services failed after 4 attempts: Rate exceeded',
    );
  });

  it('never retries a ConfigurationError, even when isRetryable says yes', async () => {
    const bad = new ConfigurationError('expected true or false, got "ture"', 'wait');
    const fn = jest.fn(() => Promise.reject(bad));
    await expect(
      retry(fn, { description: 'x', maxAttempts: 5, isRetryable: () => true, clock: fakeClock() }),
    ).rejects.toBe(bad);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(bad.message).toBe(`Input 'wait': expected true or false, got "ture"`);
  });

  it('does not retry errors that are not transient', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    const fn = jest.fn(() => Promise.reject(denied));
    await expect(
      retry(fn, {
        description: 'x',
        maxAttempts: 5,
        isRetryable: isTransientError,
        clock: fakeClock(),
      }),
    ).rejects.toBe(denied);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(denied.message).toBe('not authorized');
  });

  it('makes one attempt when maxAttempts is 1 (or less)', async () => {
    for (const maxAttempts of [1, 0, -3]) {
      const fn = jest.fn(() => Promise.reject(throttled()));
      await expect(
        retry(fn, { description: 'x', maxAttempts, isRetryable: () => true, clock: fakeClock() }),
      ).rejects.toThrow('x failed after 1 attempts');
      expect(fn).toHaveBeenCalledTimes(1);
    }
  });

  it('retries non-Error values too and rethrows them unchanged at the end', async () => {
    const fn = jest.fn(() => Promise.reject('plain string'));
    await expect(
      retry(fn, { description: 'x', maxAttempts: 2, isRetryable: () => true, clock: fakeClock() }),
    ).rejects.toBe('plain string');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('stops with a CancelledError when the signal aborts during the delay', async () => {
    const controller = new AbortController();
    const clock: Clock = {
      now: () => 0,
      sleep: (_ms, signal) => {
        controller.abort(new Error('cancelled by SIGTERM'));
        return Promise.reject(signal?.reason as Error);
      },
    };
    const fn = jest.fn(() => Promise.reject(throttled()));
    const error = await retry(fn, {
      description: 'create invalidation',
      maxAttempts: 5,
      isRetryable: () => true,
      clock,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toContain('create invalidation after 1 attempts');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('does not retry once the signal has aborted', async () => {
    const controller = new AbortController();
    const fn = jest.fn(() => {
      controller.abort();
      return Promise.reject(throttled());
    });
    await expect(
      retry(fn, {
        description: 'x',
        maxAttempts: 5,
        isRetryable: () => true,
        clock: fakeClock(),
        signal: controller.signal,
      }),
    ).rejects.toThrow('Rate exceeded');
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('isTransientError', () => {
  it.each([
    ['throttling by name', throttled()],
    [
      'TooManyRequestsException',
      Object.assign(new Error('x'), { name: 'TooManyRequestsException' }),
    ],
    ['S3 SlowDown code', Object.assign(new Error('x'), { Code: 'x', code: 'SlowDown' })],
    ['HTTP 503', Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } })],
    ['HTTP 429', Object.assign(new Error('x'), { $metadata: { httpStatusCode: 429 } })],
    ['SDK $retryable', Object.assign(new Error('x'), { $retryable: { throttling: false } })],
    ['ECONNRESET', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['SDK TimeoutError', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    [
      'fetch failure with a reset as its cause',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }),
      }),
    ],
  ])('%s is transient', (_label, error) => {
    expect(isTransientError(error)).toBe(true);
  });

  it.each([
    ['a plain Error', new Error('boom')],
    ['HTTP 400', Object.assign(new Error('x'), { $metadata: { httpStatusCode: 400 } })],
    ['HTTP 404', Object.assign(new Error('x'), { $metadata: { httpStatusCode: 404 } })],
    ['AccessDenied', Object.assign(new Error('x'), { name: 'AccessDeniedException' })],
    ['a ConfigurationError', new ConfigurationError('bad', 'x')],
    ['a string', 'ThrottlingException'],
    ['null', null],
    ['undefined', undefined],
  ])('%s is not transient', (_label, error) => {
    expect(isTransientError(error)).toBe(false);
  });

  it('stops following a cycle of causes', () => {
    const a: { cause?: unknown } = {};
    const b = { cause: a };
    a.cause = b;
    expect(isTransientError(a)).toBe(false);
  });
});
