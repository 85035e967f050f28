/**
 * Errors the bundle raises on purpose. Anything else that reaches the error boundary is
 * reported as an unexpected failure.
 */

/** A mistake in how the action was configured: never retried, always names the input. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(
    message: string,
    /** The input (or setting) at fault, when there is one. */
    readonly input?: string,
  ) {
    super(input === undefined ? message : `Input '${input}': ${message}`);
  }
}

/** The action ran but the outcome it waited for was a failure (rollback, failed health...). */
export class DeploymentFailedError extends Error {
  override readonly name = 'DeploymentFailedError';
}

/** A wait ran out of time; carries the last state that was seen. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(
    message: string,
    readonly lastState: string | undefined,
  ) {
    super(message);
  }
}

/**
 * AWS answered a state its documentation does not list (e.g. `COMPLETED` for `Completed`):
 * waiting for a documented state to come would only run into the deadline.
 */
export class UnknownStateError extends Error {
  override readonly name = 'UnknownStateError';
  constructor(
    message: string,
    readonly state: string,
  ) {
    super(message);
  }
}

/** The workflow was cancelled (or an AbortSignal fired) while the action waited. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

export function isConfigurationError(error: unknown): error is ConfigurationError {
  return error instanceof ConfigurationError;
}

/**
 * A readable message for anything thrown, including non-Error values. An AggregateError (what
 * Node throws when every address of a host refused the connection) lists its errors, and an
 * error without a message falls back to its code or name.
 */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    const inner = [...new Set(error.errors.map((e: unknown) => describeError(e)))].join('; ');
    return error.message === '' ? inner : `${error.message}: ${inner}`;
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (error.message !== '') return error.message;
    return typeof code === 'string' ? `${error.name} ${code}` : error.name;
  }
  if (typeof error === 'string') return error;
  try {
    const json = JSON.stringify(error);
    return json === undefined ? String(error) : json;
  } catch {
    return String(error);
  }
}
