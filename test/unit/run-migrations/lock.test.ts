import type { Clock } from '../../../src/core/clock';
import {
  acquireMigrationLock,
  advisoryKey,
  LockTimeoutError,
  mysqlLockName,
} from '../../../src/database/lock';
import type { Row, SqlSession } from '../../../src/database/session';

const clock = (): Clock & { slept: number[] } => {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: (ms) => ((now += ms), slept.push(ms), Promise.resolve()) };
};

/** A session that answers the lock queries from a script and records every statement. */
function session(
  engine: 'postgres' | 'mysql',
  lockAnswers: unknown[],
): SqlSession & { log: string[] } {
  const log: string[] = [];
  return {
    engine,
    log,
    query(sql: string, params?: readonly unknown[]): Promise<Row[]> {
      log.push(`${sql.split('(')[0]?.trim()} ${JSON.stringify(params ?? [])}`);
      if (/try_advisory_lock|GET_LOCK/.test(sql))
        return Promise.resolve([{ locked: lockAnswers.shift() }]);
      if (/IS_USED_LOCK/.test(sql)) return Promise.resolve([{ holder: 42 }]);
      if (/pg_locks/.test(sql))
        return Promise.resolve([
          { pid: 7, application_name: 'run-migrations', backend_start: '2026-01-01T00:00:00Z' },
        ]);
      return Promise.resolve([{}]);
    },
    serverVersion: () => Promise.resolve('test'),
    close: () => Promise.resolve(),
  };
}

describe('acquireMigrationLock', () => {
  it('polls pg_try_advisory_lock with backoff until it is free, naming the holder meanwhile', async () => {
    const s = session('postgres', [false, false, true]);
    const c = clock();
    const lines: string[] = [];
    const lock = await acquireMigrationLock(s, 'run-migrations:app', {
      timeoutMs: 60_000,
      clock: c,
      log: (l) => lines.push(l),
    });
    expect(c.slept).toHaveLength(2);
    expect(lock.waitedMs).toBeGreaterThan(0);
    expect(lines[0]).toMatch(
      /another migration is running: the lock "run-migrations:app" is held by backend 7 \(run-migrations, connected 2026-01-01T00:00:00.000Z\)/,
    );
    const key = advisoryKey('run-migrations:app').toString();
    expect(s.log.filter((l) => l.includes('try_advisory_lock'))).toEqual(
      Array(3).fill(`SELECT pg_try_advisory_lock ${JSON.stringify([key])}`),
    );
    await lock.release();
    await lock.release();
    expect(s.log.filter((l) => l.includes('unlock'))).toHaveLength(1);
  });

  it('fails with LockTimeoutError ("another migration is running") at the deadline', async () => {
    const s = session('mysql', Array(100).fill(0));
    const error = await acquireMigrationLock(s, 'm', { timeoutMs: 5000, clock: clock() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as Error).message).toMatch(
      /another migration is running: the lock "m" is held by connection 42 and was not released within 5s/,
    );
  });

  it('treats GET_LOCK NULL as an error, not as "busy"', async () => {
    await expect(
      acquireMigrationLock(session('mysql', [null]), 'm', { timeoutMs: 5000, clock: clock() }),
    ).rejects.toThrow(/returned NULL/);
  });

  it('takes the lock at once when free (no wait reported) and shortens long MySQL lock names', async () => {
    const lock = await acquireMigrationLock(session('mysql', [1]), 'x', {
      timeoutMs: 0,
      clock: clock(),
    });
    expect(lock.waitedMs).toBe(0);
    const long = 'run-migrations:'.padEnd(100, 'x');
    expect(mysqlLockName(long)).toHaveLength(64);
    expect(mysqlLockName(long)).not.toBe(mysqlLockName(`${long}y`));
  });
});
