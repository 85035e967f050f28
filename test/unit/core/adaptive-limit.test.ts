import {
  AimdConcurrency,
  createAdaptiveLimit,
  isThrottling,
} from '../../../src/core/adaptive-limit';

/** A controller on a clock the test moves. */
function controlled(
  initial: number,
  cap: number,
): { c: AimdConcurrency; at: (ms: number) => void } {
  let now = 0;
  const c = new AimdConcurrency({ initial, cap, windowMs: 100, now: () => now });
  return { c, at: (ms) => (now = ms) };
}

/** `n` completions spread over the window ending at `end`. */
function window(c: AimdConcurrency, at: (ms: number) => void, start: number, n: number): void {
  for (let i = 1; i <= n; i++) {
    at(start + (100 * i) / n);
    c.completed();
  }
}

describe('AimdConcurrency', () => {
  it('starts from the input and grows by one per window while throughput grows, never above the cap', () => {
    const { c, at } = controlled(4, 6);
    expect(c.current).toBe(4);
    window(c, at, 0, 10);
    expect(c.current).toBe(5);
    window(c, at, 100, 20);
    expect(c.current).toBe(6);
    window(c, at, 200, 40);
    expect(c.current).toBe(6); // the cap
    expect(c.reached).toEqual({ highest: 6, lowest: 4 });
  });

  it('holds where more concurrency no longer brings more throughput', () => {
    const { c, at } = controlled(4, 64);
    window(c, at, 0, 10);
    expect(c.current).toBe(5);
    window(c, at, 100, 10); // the same throughput with one more: hold
    expect(c.current).toBe(5);
    window(c, at, 200, 10);
    expect(c.current).toBe(5);
  });

  it('halves on push-back, once per window, and does not grow in a window that was pushed back', () => {
    const { c, at } = controlled(32, 64);
    at(10);
    c.throttled();
    expect(c.current).toBe(16);
    at(20);
    c.throttled(); // the same burst
    expect(c.current).toBe(16);
    window(c, at, 20, 50);
    expect(c.current).toBe(16); // pushed back in this window: no growth
    window(c, at, 120, 80);
    expect(c.current).toBe(17); // a clean window with more throughput grows again
    at(230);
    c.throttled();
    expect(c.current).toBe(8);
    for (let t = 400; t < 2000; t += 200) {
      at(t);
      c.throttled();
    }
    expect(c.current).toBe(1);
    expect(c.reached).toEqual({ highest: 32, lowest: 1 });
  });

  it('refuses a concurrency below 1', () => {
    expect(() => new AimdConcurrency({ initial: 0, cap: 4 })).toThrow(/>= 1/);
  });
});

describe('isThrottling', () => {
  it('knows SlowDown, 503, 429 and Throttling errors, and nothing else', () => {
    expect(isThrottling({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isThrottling({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } })).toBe(true); // prettier-ignore
    expect(isThrottling({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })).toBe(true); // prettier-ignore
    expect(isThrottling({ name: 'InternalError', $metadata: { httpStatusCode: 500 } })).toBe(false);
    expect(isThrottling({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })).toBe(false);
    expect(isThrottling(undefined)).toBe(false);
  });
});

describe('createAdaptiveLimit', () => {
  it('runs at most `current` calls at once, in order, and widens when the controller grows', async () => {
    let now = 0;
    const c = new AimdConcurrency({ initial: 2, cap: 3, windowMs: 1, now: () => now });
    const limit = createAdaptiveLimit(c);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const gates: (() => void)[] = [];
    const calls = Array.from({ length: 8 }, (_, i) =>
      limit(async () => {
        running++;
        most = Math.max(most, running);
        order.push(i);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
      }),
    );
    await Promise.resolve();
    expect(running).toBe(2);
    now = 5; // a window passed: the next completion grows the controller to 3
    while (gates.length > 0) {
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(calls);
    expect(c.current).toBe(3);
    expect(most).toBe(3);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('passes failures through and keeps going', async () => {
    const limit = createAdaptiveLimit(new AimdConcurrency({ initial: 1, cap: 1 }));
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
