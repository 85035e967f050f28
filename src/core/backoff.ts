/** Exponential backoff with jitter, shared by the retry and wait helpers. */
export interface BackoffOptions {
  /** First delay in ms. */
  initialDelayMs: number;
  /** Largest delay in ms. */
  maxDelayMs: number;
  /** Growth per attempt (2 doubles). */
  factor?: number;
  /**
   * `full`: uniform in [0, d]; `equal`: uniform in [d/2, d]; `none`: exactly d.
   * Equal jitter keeps polls from bunching up while never polling in a tight loop.
   */
  jitter?: 'full' | 'equal' | 'none';
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
  }
}
