/** Exponential backoff with jitter, shared by the retry and wait helpers. */
export interface BackoffOptions {
  /** First delay in ms. */
  initialDelayMs: number;
  /** Largest delay in ms. */
  maxDelayMs: number;
  /** Growth per attempt (2 doubles). */
  factor?: number;
  /**
   * `full`: uniform in [0, d]; `equal`: uniform in [d/2, d]; `narrow`: uniform in
   * [0.95 d, d]; `none`: exactly d. Equal jitter keeps polls from bunching up while never
   * polling in a tight loop; narrow jitter keeps every delay close to its cap, so a status poll
   * costs few calls yet is never later than the cap.
   */
  jitter?: 'full' | 'equal' | 'narrow' | 'none';
  /** Random source in [0, 1), injectable for tests. */
  random?: () => number;
}

/** The delay before retry/poll number `attempt` (0-based). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const factor = options.factor ?? 2;
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * factor ** attempt);
  const random = options.random ?? Math.random;
  switch (options.jitter ?? 'equal') {
    case 'none':
      return base;
    case 'full':
      return Math.floor(random() * base);
    case 'equal':
      return Math.floor(base / 2 + random() * (base / 2));
    case 'narrow':
      return Math.floor(base * (0.95 + random() * 0.05));
  }
}

/**
 * The delays of status polls of long operations (deployments, rollouts): from `initialDelayMs`
 * growing by half up to `maxDelayMs`, with narrow jitter. The end of an operation is then seen
 * at most `maxDelayMs` late, and a 5-minute one costs about 300 s / (0.975 x max) calls.
 */
export function statusPolling(initialDelayMs: number, maxDelayMs: number): BackoffOptions {
  return {
    initialDelayMs,
    maxDelayMs: Math.max(initialDelayMs, maxDelayMs),
    factor: 1.5,
    jitter: 'narrow',
  };
}
