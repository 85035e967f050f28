import { backoffDelay, type BackoffOptions } from './backoff';
import { systemClock, type Clock } from './clock';
import { CancelledError, ConfigurationError, describeError } from './errors';

export interface RetryOptions {
  /** What is being tried, for log lines: "push to ECR". */
  description: string;
  /** Total attempts including the first (>= 1). */
  maxAttempts: number;
  /** Whether an error is worth another attempt. ConfigurationError never is. */
  isRetryable: (error: unknown) => boolean;
  backoff?: Partial<BackoffOptions>;
  clock?: Clock;
  signal?: AbortSignal;
  /** Called before each retry, e.g. to log a warning. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 1000, maxDelayMs: 20_000 };

/**
 * Runs `fn` until it succeeds, the error is not retryable, or attempts run out. A
 * ConfigurationError is never retried. When attempts run out, the last error is thrown with
 * "<description> failed after N attempts" in front of its message. An abort of `signal` stops
 * the retries: the last error is thrown as it is, or a CancelledError when the abort came
 * during the delay.
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const retryable = !(error instanceof ConfigurationError) && options.isRetryable(error);
      if (!retryable || options.signal?.aborted) throw error;
      if (attempt >= maxAttempts) {
        if (error instanceof Error) {
          error.message = `${options.description} failed after ${attempt} attempts: ${describeError(error)}`;
        }
        throw error;
      }
      const delay = backoffDelay(attempt - 1, backoff);
      options.onRetry?.(error, attempt, delay);
      try {
        await clock.sleep(delay, options.signal);
      } catch (sleepError) {
        if (options.signal?.aborted) {
          throw new CancelledError(
            `Cancelled while retrying ${options.description} after ${attempt} attempts: ${describeError(error)}`,
          );
        }
        throw sleepError;
      }
    }
  }
}

const RETRYABLE_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServiceError',
  'InternalServiceErrorException',
  'InternalServerException',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);
const RETRYABLE_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

/**
 * Transient AWS / network failures: throttling, 5xx, connection resets and timeouts, also when
 * wrapped as the `cause` of another error (fetch() reports a reset as TypeError with a cause).
 */
export function isTransientError(error: unknown): boolean {
  return isTransientAt(error, 0);
}

function isTransientAt(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  if (error instanceof ConfigurationError) return false;
  const e = error as {
    name?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
    cause?: unknown;
  };
  if (typeof e.name === 'string' && RETRYABLE_CODES.has(e.name)) return true;
  if (
    typeof e.code === 'string' &&
    (RETRYABLE_CODES.has(e.code) || RETRYABLE_NETWORK.has(e.code))
  ) {
    return true;
  }
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  if (e.$retryable !== undefined && e.$retryable !== null) return true;
  return isTransientAt(e.cause, depth + 1);
}
