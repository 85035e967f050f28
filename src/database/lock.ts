import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock';
import { WaitTimeoutError } from '../core/errors';
import { waitFor } from '../core/wait';
import type { SqlSession } from './session';

/** Another run holds the migration lock and did not release it within the wait. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

/** A held migration lock; `release()` is safe to call more than once. */
export interface MigrationLock {
  name: string;
  /** How long acquiring it took. */
  waitedMs: number;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Longest wait for a lock another run holds. */
  timeoutMs: number;
  clock?: Clock;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Poll delays (tests shorten them). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** The PostgreSQL advisory lock key for a lock name: the first 8 bytes of its SHA-256, signed. */
export function advisoryKey(name: string): bigint {
  return createHash('sha256').update(name).digest().readBigInt64BE(0);
}

/** MySQL lock names are at most 64 characters: long names are shortened with a hash. */
export function mysqlLockName(name: string): string {
  if (name.length <= 64) return name;
  return `${name.slice(0, 47)}-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

/**
 * Takes the session-level migration lock: a PostgreSQL advisory lock (pg_try_advisory_lock) or
 * a MySQL named lock (GET_LOCK). Both belong to the session, not to a transaction, so they are
 * held across every migration's own transaction until released or the connection ends (a
 * crashed runner never leaves a stale lock behind). Waits with backoff for another run to finish,
 * up to `timeoutMs`, then fails with LockTimeoutError ("another migration is running").
 */
export async function acquireMigrationLock(
  session: SqlSession,
  name: string,
  options: LockOptions,
): Promise<MigrationLock> {
  const pg = session.engine === 'postgres';
  const key = advisoryKey(name).toString();
  const mysqlName = mysqlLockName(name);
  const tryOnce = async (): Promise<boolean> => {
    if (pg) {
      const rows = await session.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
      return rows[0]?.locked === true;
    }
    const rows = await session.query('SELECT GET_LOCK(?, 0) AS locked', [mysqlName]);
    const locked = rows[0]?.locked;
    if (locked === null || locked === undefined) {
      throw new Error(`GET_LOCK('${mysqlName}') returned NULL: the server could not take the lock`);
    }
    return Number(locked) === 1;
  };
  const holder = async (): Promise<string> => {
    try {
      if (pg) {
        const k = BigInt.asUintN(64, BigInt(key));
        const rows = await session.query(
          `SELECT a.pid, a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 1`,
          [(k >> 32n).toString(), (k & 0xffffffffn).toString()],
        );
        const row = rows[0];
        if (row === undefined) return 'held by another session';
        return `held by backend ${String(row.pid)} (${String(row.application_name) || 'unknown client'}, connected ${new Date(row.backend_start as string).toISOString()})`;
      }
      const rows = await session.query('SELECT IS_USED_LOCK(?) AS holder', [mysqlName]);
      const id = rows[0]?.holder;
      return id === null || id === undefined ? 'just released' : `held by connection ${String(id)}`;
    } catch {
      return 'held by another session';
    }
  };

  let waited: number;
  try {
    const outcome = await waitFor<true>({
      description: `the migration lock "${name}" (another migration is running)`,
      timeoutMs: options.timeoutMs,
      backoff: {
        initialDelayMs: options.initialDelayMs ?? 500,
        maxDelayMs: options.maxDelayMs ?? 2000,
        factor: 1.5,
      },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      poll: async () =>
        (await tryOnce()) ? { done: true, value: true } : { done: false, state: await holder() },
      onPending: (state, elapsed, attempt) => {
        if (attempt === 1 || attempt % 5 === 0) {
          options.log?.(
            `another migration is running: the lock "${name}" is ${state}; waiting (${Math.round(elapsed / 1000)}s of ${Math.round(options.timeoutMs / 1000)}s)`,
          );
        }
      },
    });
    waited = outcome.attempts > 1 ? outcome.elapsedMs : 0;
  } catch (error) {
    if (error instanceof WaitTimeoutError) {
      throw new LockTimeoutError(
        `another migration is running: the lock "${name}" is ${error.lastState ?? 'held'} and was not released within ${Math.round(options.timeoutMs / 1000)}s (lock-timeout). Nothing was changed by this run.`,
        { cause: error },
      );
    }
    throw error;
  }
  let released = false;
  return {
    name,
    waitedMs: waited,
    async release() {
      if (released) return;
      released = true;
      if (pg) await session.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
      else await session.query('SELECT RELEASE_LOCK(?)', [mysqlName]);
    },
  };
}
