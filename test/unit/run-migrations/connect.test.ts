import type { Clock } from '../../../src/core/clock';
import {
  connectWithRetry,
  DatabaseAuthError,
  isAuthError,
  isTransientConnectError,
} from '../../../src/database/connect';
import type { DatabaseConfig } from '../../../src/database/connection';
import type { SqlSession } from '../../../src/database/session';

const config: DatabaseConfig = {
  engine: 'postgres',
  host: 'db',
  port: 5432,
  user: 'u',
  password: 'p',
  database: 'd',
  ssl: 'disable',
};
const clock = (): Clock & { slept: number[] } => {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: (ms) => ((now += ms), slept.push(ms), Promise.resolve()) };
};
const error = (fields: Record<string, unknown>): Error =>
  Object.assign(new Error(String(fields.message ?? 'failed')), fields);
const session = { engine: 'postgres' } as SqlSession;

describe('connectWithRetry', () => {
  it('retries while the database is starting, then returns the session', async () => {
    const failures = [
      error({ code: 'ECONNREFUSED' }),
      error({ code: '57P03', message: 'the database system is starting up' }),
    ];
    const c = clock();
    const lines: string[] = [];
    const result = await connectWithRetry(config, {
      timeoutMs: 60_000,
      connectTimeoutMs: 1000,
      clock: c,
      log: (l) => lines.push(l),
      open: () =>
        failures.length > 0 ? Promise.reject(failures.shift()) : Promise.resolve(session),
    });
    expect(result).toBe(session);
    expect(c.slept).toHaveLength(2);
    expect(lines[0]).toMatch(/database not reachable yet \(ECONNREFUSED\); retrying/);
  });

  it('fails at once on wrong credentials: one attempt, no sleep', async () => {
    const c = clock();
    let attempts = 0;
    const attempt = connectWithRetry(config, {
      timeoutMs: 60_000,
      connectTimeoutMs: 1000,
      clock: c,
      open: () => {
        attempts++;
        return Promise.reject(
          error({ code: '28P01', message: 'password authentication failed for user "u"' }),
        );
      },
    });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseAuthError);
    await expect(attempt).rejects.toThrow(/refused the credentials .*Not retried/);
    expect(attempts).toBe(1);
    expect(c.slept).toEqual([]);
  });

  it('gives up at the deadline with the last state', async () => {
    await expect(
      connectWithRetry(config, {
        timeoutMs: 5000,
        connectTimeoutMs: 1000,
        clock: clock(),
        open: () => Promise.reject(error({ code: 'ECONNREFUSED' })),
      }),
    ).rejects.toThrow(
      /Timed out after .* waiting for the database postgres db:5432\/d to accept connections; last state: ECONNREFUSED/,
    );
  });

  it('classifies PostgreSQL and MySQL errors', () => {
    expect(isAuthError(error({ code: 'ER_ACCESS_DENIED_ERROR', errno: 1045 }))).toBe(true);
    expect(isAuthError(error({ code: '28000' }))).toBe(true);
    expect(isTransientConnectError(error({ code: 'ER_ACCESS_DENIED_ERROR', errno: 1045 }))).toBe(
      false,
    );
    expect(isTransientConnectError(error({ code: 'ER_CON_COUNT_ERROR', errno: 1040 }))).toBe(true);
    expect(isTransientConnectError(error({ code: 'ENOTFOUND' }))).toBe(true);
    expect(
      isTransientConnectError(error({ code: '3D000', message: 'database "x" does not exist' })),
    ).toBe(false);
  });
});
