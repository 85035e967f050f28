import type { Clock } from '../core/clock';
import { describeError } from '../core/errors';
import { waitFor } from '../core/wait';
import { describeTarget, type DatabaseConfig } from './connection';
import { openSession, type ConnectOptions, type SqlSession } from './session';

/** The database refused who we are: retrying would only lock the account or flood the log. */
export class DatabaseAuthError extends Error {
  override readonly name = 'DatabaseAuthError';
}

const TRANSIENT_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);
/** PostgreSQL SQLSTATEs of a server that is starting, stopping or full. */
const PG_TRANSIENT = new Set(['57P03', '57P01', '57P02', '53300', '08006', '08001', '08004']);
/** MySQL errors of a server that is starting or full: too many connections, server gone. */
const MYSQL_TRANSIENT = new Set([1040, 1053, 2002, 2003, 2006, 2013, 1203]);
const PG_AUTH = new Set(['28P01', '28000']);
const MYSQL_AUTH = new Set([1045, 1044, 1698, 1251]);

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
}

/** Wrong password, unknown user, or a user not allowed into the database. */
export function isAuthError(error: unknown): boolean {
  const e = (error ?? {}) as DriverError;
  return (
    (e.code !== undefined && PG_AUTH.has(e.code)) ||
    (e.errno !== undefined && MYSQL_AUTH.has(e.errno)) ||
    e.code === 'ER_ACCESS_DENIED_ERROR' ||
    e.code === 'ER_DBACCESS_DENIED_ERROR'
  );
}

/** A database that is not reachable yet (starting, restarting, DNS not there yet, full). */
export function isTransientConnectError(error: unknown): boolean {
  const e = (error ?? {}) as DriverError;
  if (e.code !== undefined && (TRANSIENT_NETWORK.has(e.code) || PG_TRANSIENT.has(e.code)))
    return true;
  if (e.errno !== undefined && MYSQL_TRANSIENT.has(e.errno) && !isAuthError(error)) return true;
  // pg reports a connect timeout and an early close as plain Errors.
  return /timeout expired|Connection terminated unexpectedly|connect ETIMEDOUT/i.test(
    e.message ?? '',
  );
}

export interface ConnectRetryOptions extends ConnectOptions {
  /** Keep trying a database that is still starting for this long. */
  timeoutMs: number;
  clock?: Clock;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Opens a session; the real drivers by default (unit tests inject one). */
  open?: (config: DatabaseConfig, options: ConnectOptions) => Promise<SqlSession>;
}

/**
 * Connects, retrying with backoff while the database is still starting (connection refused,
 * "the database system is starting up", DNS not resolving yet) up to `timeoutMs`. Wrong
 * credentials fail at once with a DatabaseAuthError; any other error fails at once too.
 */
export async function connectWithRetry(
  config: DatabaseConfig,
  options: ConnectRetryOptions,
): Promise<SqlSession> {
  const open = options.open ?? openSession;
  const target = describeTarget(config);
  const outcome = await waitFor<SqlSession>({
    description: `the database ${target} to accept connections`,
    timeoutMs: options.timeoutMs,
    backoff: { initialDelayMs: 1000, maxDelayMs: 10_000, factor: 2 },
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onPending: (state, elapsed) =>
      options.log?.(
        `database not reachable yet (${state}); retrying (${Math.round(elapsed / 1000)}s so far)`,
      ),
    poll: async () => {
      try {
        return { done: true, value: await open(config, options) };
      } catch (error) {
        if (isAuthError(error)) {
          throw new DatabaseAuthError(
            `the database ${target} refused the credentials (${describeError(error)}); check the user and password in the connection source. Not retried: repeated failed logins can lock the account.`,
            { cause: error },
          );
        }
        if (!isTransientConnectError(error)) {
          throw new Error(`cannot connect to ${target}: ${describeError(error)}`, { cause: error });
        }
        const e = error as DriverError;
        return { done: false, state: e.code ?? describeError(error) };
      }
    },
  });
  return outcome.value;
}
