import { backoffDelay, type BackoffOptions } from './backoff';
import { systemClock, type Clock } from './clock';
import { ConfigurationError, describeError } from './errors';

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

/** Runs `fn` until it succeeds, the error is not retryable, or attempts run out. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const retryable = !(error instanceof ConfigurationError) && options.isRetryable(error);
      if (!retryable || attempt >= options.maxAttempts || options.signal?.aborted) {
        if (retryable && attempt >= options.maxAttempts && error instanceof Error) {
          error.message = `${options.description} failed after ${attempt} attempts: ${describeError(error)}`;
        }
        throw error;
      }
      const delay = backoffDelay(attempt - 1, backoff);
      options.onRetry?.(error, attempt, delay);
      await clock.sleep(delay, options.signal);
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
]);
const RETRYABLE_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

/** Transient AWS / network failures: throttling, 5xx, connection resets. */
export function isTransientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  if (e.name !== undefined && RETRYABLE_CODES.has(e.name)) return true;
  if (e.code !== undefined && (RETRYABLE_CODES.has(e.code) || RETRYABLE_NETWORK.has(e.code))) {
    return true;
  }
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  return e.$retryable !== undefined && e.$retryable !== null;
}
