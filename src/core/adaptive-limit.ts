import type { Limit } from './concurrency';

export interface AimdOptions {
  /** Where it starts (the concurrency input). */
  initial: number;
  /** Never above this. */
  cap: number;
  /** Throughput is compared window by window, this long each. */
  windowMs?: number;
  /** Milliseconds (injectable, so tests need no sleeps). */
  now?: () => number;
}

/**
 * Concurrency that adapts, additive increase / multiplicative decrease: one more request at a
 * time after each window whose throughput (completed requests per ms) grew by 5% on the window
 * before, without push-back; half as many (at least 1, at most once a window) when the server
 * pushes back (SlowDown, 503, 429). It holds where more requests stopped paying.
 */
export class AimdConcurrency {
  private value: number;
  private highest: number;
  private lowest: number;
  private readonly cap: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private windowStart: number;
  private completedInWindow = 0;
  private lastRate: number | undefined;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private lastPushBack = Number.NEGATIVE_INFINITY;

  constructor(options: AimdOptions) {
    if (!Number.isInteger(options.initial) || options.initial < 1)
      throw new RangeError(`concurrency must be >= 1, got ${options.initial}`);
    this.cap = Math.max(options.initial, options.cap);
    this.value = options.initial;
    this.highest = options.initial;
    this.lowest = options.initial;
    this.windowMs = options.windowMs ?? 500;
    this.now = options.now ?? (() => performance.now());
    this.windowStart = this.now();
  }

  /** Requests that may run at once now. */
  get current(): number {
    return this.value;
  }

  /** The highest and lowest concurrency reached. */
  get reached(): { highest: number; lowest: number } {
    return { highest: this.highest, lowest: this.lowest };
  }

  completed(): void {
    this.completedInWindow++;
    const now = this.now();
    const elapsed = now - this.windowStart;
    if (elapsed < this.windowMs) return;
    const rate = this.completedInWindow / elapsed;
    const pushedBack = this.lastPushBack > this.windowStart;
    if (!pushedBack && (this.lastRate === undefined || rate > this.lastRate * 1.05)) {
      this.value = Math.min(this.cap, this.value + 1);
      this.highest = Math.max(this.highest, this.value);
    }
    this.lastRate = rate;
    this.windowStart = now;
    this.completedInWindow = 0;
  }

  /** The server pushed back: halve, once per window (a burst of SlowDowns is one signal). */
  throttled(): void {
    const now = this.now();
    this.lastPushBack = now;
    if (now - this.lastDecrease < this.windowMs) return;
    this.value = Math.max(1, Math.floor(this.value / 2));
    this.lowest = Math.min(this.lowest, this.value);
    this.lastDecrease = now;
    // Throughput measured before the decrease says nothing about the new level.
    this.lastRate = undefined;
    this.windowStart = now;
    this.completedInWindow = 0;
  }
}

/** Throttling, as S3 and other services answer it: SlowDown, 503, 429, Throttling*. */
export function isThrottling(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  return (
    status === 503 ||
    status === 429 ||
    (typeof e.name === 'string' && /^(SlowDown|Throttl|TooManyRequests|RequestLimitExceeded)/.test(e.name)) // prettier-ignore
  );
}

/**
 * A concurrency limit (see createLimit) whose width the controller sets: calls start, in order,
 * while fewer than `controller.current` run. Completions feed the controller; throttling is
 * reported to it by whoever sees the errors (retries included).
 */
export function createAdaptiveLimit(controller: AimdConcurrency): Limit {
  let running = 0;
  const queue: (() => void)[] = [];
  const drain = (): void => {
    while (running < controller.current && queue.length > 0) queue.shift()?.();
  };
  return <T>(fn: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        running++;
        fn()
          .then((value) => {
            controller.completed();
            resolve(value);
          }, reject)
          .finally(() => {
            running--;
            drain();
          });
      });
      drain();
    });
}
