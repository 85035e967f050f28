import { backoffDelay, type BackoffOptions } from './backoff';
import { systemClock, formatDuration, type Clock } from './clock';
import { CancelledError, UnknownStateError, WaitTimeoutError } from './errors';

/** One observation of the thing being waited for. */
export type PollResult<T> =
  | { done: true; value: T }
  | {
      done: false;
      /** Human-readable state, reported on progress and on timeout. */
      state: string;
      /** Progress was made: wait only the initial delay before the next poll. */
      resetBackoff?: boolean;
      /**
       * The status AWS answered, as it answered it, checked against `statuses`. Leave it out
       * for observations that are no AWS state (a transient API error, nothing there yet).
       */
      status?: string;
    };

export interface WaitOptions<T> {
  /** What is being waited for, e.g. "App Runner operation 1234 to finish". */
  description: string;
  /** Observes once. Throw to stop waiting with that error (e.g. a terminal failure state). */
  poll: (attempt: number) => Promise<PollResult<T>>;
  /** Give up after this long (ms) since the wait started. */
  timeoutMs: number;
  /** Delay schedule between polls. Defaults: 2 s growing to 30 s with equal jitter. */
  backoff?: Partial<BackoffOptions>;
  clock?: Clock;
  signal?: AbortSignal;
  /**
   * Every status AWS documents for the thing waited for. A poll reporting another `status`
   * ends the wait at once with an UnknownStateError naming it, rather than at the deadline.
   */
  statuses?: readonly string[];
  /** Called after every pending poll with the state and the time waited so far. */
  onPending?: (state: string, elapsedMs: number, attempt: number) => void;
}

export interface WaitOutcome<T> {
  value: T;
  attempts: number;
  elapsedMs: number;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 2000, maxDelayMs: 30_000, factor: 1.5 };

/**
 * Polls until `poll` reports done, with backoff and jitter, never past the deadline. The last
 * poll happens at the deadline rather than after it, so a wait never overshoots its budget.
 */
export async function waitFor<T>(options: WaitOptions<T>): Promise<WaitOutcome<T>> {
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs < 0) {
    throw new RangeError(`waitFor(${options.description}): timeoutMs must be a finite number >= 0`);
  }
  const clock = options.clock ?? systemClock;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const started = clock.now();
  const deadline = started + options.timeoutMs;
  let lastState: string | undefined;
  let backoffStep = 0;

  for (let attempt = 0; ; attempt++) {
    throwIfAborted(options.signal, options.description, lastState);
    const result = await options.poll(attempt);
    const elapsedMs = clock.now() - started;
    if (result.done) {
      return { value: result.value, attempts: attempt + 1, elapsedMs };
    }
    lastState = result.state;
    checkStatus(options, result.status);
    options.onPending?.(result.state, elapsedMs, attempt + 1);

    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new WaitTimeoutError(
        `Timed out after ${formatDuration(elapsedMs)} waiting for ${options.description}; ` +
          `last state: ${lastState}`,
        lastState,
      );
    }
    if (result.resetBackoff === true) backoffStep = 0;
    const delay = Math.min(backoffDelay(backoffStep, backoff), remaining);
    backoffStep++;
    try {
      await clock.sleep(delay, options.signal);
    } catch (error) {
      throwIfAborted(options.signal, options.description, lastState);
      throw error;
    }
  }
}

function throwIfAborted(
  signal: AbortSignal | undefined,
  description: string,
  lastState: string | undefined,
): void {
  if (signal?.aborted) {
    const state = lastState === undefined ? '' : `; last state: ${lastState}`;
    throw new CancelledError(`Cancelled while waiting for ${description}${state}`);
  }
}

function checkStatus(options: WaitOptions<unknown>, status: string | undefined): void {
  if (status === undefined || options.statuses === undefined) return;
  if (options.statuses.includes(status)) return;
  throw new UnknownStateError(
    `Stopped waiting for ${options.description}: AWS answered the state ${JSON.stringify(status)}, ` +
      `which is not one of the documented states (${options.statuses.join(', ')})`,
    status,
  );
}
