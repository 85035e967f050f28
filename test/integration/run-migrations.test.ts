import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  mariaDbAvailable,
  postgresAvailable,
  startMariaDb,
  startPostgres,
  type DatabaseConnection,
  type DatabaseServer,
} from '../support/databases';
import { findLeaks, nodeRuntimes, repoRoot, runDist, type DistRun } from '../support/run-dist';

/**
 * The compiled run-migrations action against real PostgreSQL 15 and MariaDB servers on loopback,
 * with the built-in SQL runner: apply, re-run, drift, failure, dry run, target, baseline,
 * retries, wrong credentials, the lock under two concurrent runs, and no credential in any log.
 */
const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'migrations');

interface EngineCase {
  name: 'postgres' | 'mysql';
  available: () => boolean;
  start: () => Promise<DatabaseServer>;
  /** Versions in the fixture folder, in order, and the repeatable. */
  versions: string[];
}

const engines: EngineCase[] = [
  {
    name: 'postgres',
    available: postgresAvailable,
    start: startPostgres,
    versions: ['1', '2', '2.1'],
  },
  { name: 'mysql', available: mariaDbAvailable, start: startMariaDb, versions: ['1', '2', '3'] },
];

describe.each(engines)('run-migrations (built-in runner) on $name', (engine) => {
  const maybe = engine.available() ? it : it.skip;
  let server: DatabaseServer;
  const runs: DistRun[] = [];
  let counter = 0;
  const freshDatabase = async (): Promise<DatabaseConnection> =>
    server.createDatabase(`db_${++counter}`);
  const migrate = async (
    db: DatabaseConnection,
    inputs: Record<string, string> = {},
    node?: string,
    onStdout?: (chunk: string) => void,
  ): Promise<DistRun> => {
    const run = await runDist('run-migrations', {
      inputs: {
        'database-url': db.url,
        'migrations-path': path.join(FIXTURES, engine.name),
        'aws-region': 'us-east-1',
        ...inputs,
      },
      ...(node === undefined ? {} : { node }),
      ...(onStdout === undefined ? {} : { onStdout }),
    });
    runs.push(run);
    return run;
  };
  const history = (db: DatabaseConnection) =>
    server.query<{
      version: string | null;
      script: string;
      success: boolean | number;
      checksum: string;
    }>(
      db.database,
      'SELECT version, script, success, checksum FROM schema_history ORDER BY installed_rank',
    );
  const events = async (db: DatabaseConnection): Promise<string[]> =>
    (await server.query<{ name: string }>(db.database, 'SELECT name FROM events ORDER BY id')).map(
      (r) => r.name,
    );

  beforeAll(async () => {
    if (engine.available()) server = await engine.start();
  }, 60_000);
  afterAll(async () => {
    // No password or URL of any run may appear in its log, summary or outputs.
    if (server !== undefined) {
      for (const run of runs) expect(findLeaks(run, [server.password, server.url])).toEqual([]);
      await server.stop();
    }
  });

  maybe(
    'applies every migration once per runtime, in order, and a re-run is a no-op',
    async () => {
      for (const runtime of nodeRuntimes()) {
        const db = await freshDatabase();
        const first = await migrate(db, {}, runtime.path);
        expect(first.errors).toEqual([]);
        expect(first.exitCode).toBe(0);
        expect(first.outputs.status).toBe('applied');
        const applied = JSON.parse(first.outputs.applied ?? '[]') as {
          version?: string;
          script: string;
          durationMs: number;
        }[];
        expect(applied.map((m) => m.version ?? 'R')).toEqual([...engine.versions, 'R']);
        expect(applied.every((m) => typeof m.durationMs === 'number')).toBe(true);
        expect(first.outputs['current-version']).toBe(engine.versions.at(-1));
        expect(first.outputs['pending-count']).toBe('0');
        expect(first.summary).toContain('Applied 4 migration(s)');
        expect(first.summary).toContain('V2__add_email.sql');
        expect(first.log).toContain(`Holding the migration lock "run-migrations:${db.database}"`);
        expect(first.log).toContain(`Released the migration lock "run-migrations:${db.database}"`);
        if (engine.name === 'postgres') {
          expect(first.log).toMatch(
            /V2_1__index_email_concurrently\.sql\): 1 statement, outside a transaction: statement 1 \(CREATE INDEX CONCURRENTLY/,
          );
          expect(first.log).toContain('V1__create_users.sql): 3 statements in one transaction');
        } else {
          expect(first.log).toContain('commits every DDL statement');
        }
        expect((await history(db)).map((r) => r.version ?? 'R')).toEqual([...engine.versions, 'R']);
        expect(await events(db)).toEqual(
          engine.name === 'postgres' ? ['V1; applied', 'V2'] : ['V1; applied', 'V2', 'V3'],
        );

        const again = await migrate(db, {}, runtime.path);
        expect(again.exitCode).toBe(0);
        expect(again.outputs).toMatchObject({
          status: 'up-to-date',
          applied: '[]',
          'pending-count': '0',
        });
        expect(again.outputs['current-version']).toBe(engine.versions.at(-1));
        expect(again.summary).toContain('Up to date');
        expect(await history(db)).toHaveLength(4);
        expect((await events(db)).filter((e) => e === 'V2')).toHaveLength(1);
      }
    },
    60_000,
  );

  maybe('refuses a changed applied migration (checksum drift) and changes nothing', async () => {
    const db = await freshDatabase();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'drift-'));
    try {
      cpSync(path.join(FIXTURES, engine.name), folder, { recursive: true });
      expect((await migrate(db, { 'migrations-path': folder })).exitCode).toBe(0);
      const before = await history(db);
      appendFileSync(
        path.join(folder, 'V1__create_users.sql'),
        '\n-- edited after it was applied\n',
      );
      writeFileSync(path.join(folder, 'V9__new.sql'), 'CREATE TABLE never_created (id INT);\n');
      const drift = await migrate(db, { 'migrations-path': folder });
      expect(drift.exitCode).toBe(1);
      expect(drift.errors.join('\n')).toMatch(
        /checksum drift: V1__create_users\.sql was changed after it was applied/,
      );
      expect(await history(db)).toEqual(before);
      await expect(server.query(db.database, 'SELECT * FROM never_created')).rejects.toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  maybe(
    'a failing migration names the file, statement and line, and leaves the history consistent',
    async () => {
      const db = await freshDatabase();
      const run = await migrate(db, {
        'migrations-path': path.join(FIXTURES, `${engine.name}-failing`),
      });
      expect(run.exitCode).toBe(1);
      const error = run.errors.join('\n');
      expect(error).toContain(
        'V2__broken.sql failed at statement 2 (line 3): INSERT INTO accounts (id, owner) VALUES (1, NULL)',
      );
      // The applied output still lists what this run applied before the failure.
      expect(JSON.parse(run.outputs.applied ?? '[]')).toEqual([
        {
          version: '1',
          description: 'create accounts',
          script: 'V1__create_accounts.sql',
          type: 'versioned',
          durationMs: expect.any(Number),
        },
      ]);
      const rows = await history(db);
      if (engine.name === 'postgres') {
        // One transaction: the CREATE TABLE before the failure was rolled back with it.
        expect(error).toContain('rolled back');
        expect(error).toContain('[23502]');
        expect(rows.map((r) => [r.version, Boolean(r.success)])).toEqual([['1', true]]);
        await expect(server.query(db.database, 'SELECT * FROM invoices')).rejects.toThrow(
          /does not exist/,
        );
        const retry = await migrate(db, {
          'migrations-path': path.join(FIXTURES, `${engine.name}-failing`),
        });
        expect(retry.errors.join('\n')).toContain('V2__broken.sql failed at statement 2');
      } else {
        // MySQL committed the CREATE TABLE implicitly: the history says V2 failed, and the next run stops.
        expect(error).toContain('MySQL commits DDL implicitly');
        expect(rows.map((r) => [r.version, Boolean(Number(r.success))])).toEqual([
          ['1', true],
          ['2', false],
        ]);
        await expect(server.query(db.database, 'SELECT * FROM invoices')).resolves.toEqual([]);
        const retry = await migrate(db, {
          'migrations-path': path.join(FIXTURES, `${engine.name}-failing`),
        });
        expect(retry.exitCode).toBe(1);
        expect(retry.errors.join('\n')).toContain('V2__broken.sql failed in an earlier run');
      }
    },
  );

  maybe(
    'dry-run lists the plan and changes nothing; target stops at a version; baseline skips older ones',
    async () => {
      const db = await freshDatabase();
      const dry = await migrate(db, { 'dry-run': 'true' });
      expect(dry.exitCode).toBe(0);
      expect(dry.outputs).toMatchObject({ status: 'planned', applied: '[]', 'pending-count': '4' });
      expect(dry.summary).toContain('Dry run: 4 migration(s) would run; nothing was changed');
      expect(dry.summary).toContain('V1__create_users.sql');
      expect(dry.log).toContain('Would apply R__users_view.sql');
      await expect(server.query(db.database, 'SELECT * FROM schema_history')).rejects.toThrow();

      // Repeatable migrations run after the versioned ones, whatever the target (as in Flyway).
      const toTwo = await migrate(db, { target: '2' });
      expect(toTwo.exitCode).toBe(0);
      expect(
        (JSON.parse(toTwo.outputs.applied ?? '[]') as { script: string }[]).map((m) => m.script),
      ).toEqual(['V1__create_users.sql', 'V2__add_email.sql', 'R__users_view.sql']);
      expect(toTwo.outputs['current-version']).toBe('2');
      expect(toTwo.summary).toContain('Left for later (above the target)');

      // An existing database whose schema already has V1: record baseline 1 and run from V2.
      const based = await freshDatabase();
      const ddl =
        engine.name === 'postgres'
          ? [
              'CREATE TABLE users (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL)',
              'CREATE TABLE events (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL)',
              'ALTER TABLE users OWNER TO app',
              'ALTER TABLE events OWNER TO app',
            ]
          : [
              'CREATE TABLE users (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL)',
              'CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL)',
            ];
      for (const statement of ddl) await server.query(based.database, statement);
      const baseline = await migrate(based, { 'baseline-version': '1', target: '2' });
      expect(baseline.errors).toEqual([]);
      expect(baseline.log).toContain('Recorded baseline version 1');
      expect(await events(based)).toEqual(['V2']);
      expect((await history(based)).map((r) => r.version ?? 'R')).toEqual(['1', '2', 'R']);
    },
  );

  maybe('retries a database that is not accepting connections yet, then migrates', async () => {
    const db = await freshDatabase();
    // A port that starts forwarding to the server only once the run was refused and said it
    // retries, like a database still starting (however long the run takes to start).
    const port = await freePort();
    const proxy = net.createServer((socket) => {
      const upstream = net.connect(server.port, server.host);
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    let output = '';
    let opening: Promise<void> | undefined;
    const open = (chunk: string): void => {
      output += chunk;
      if (opening === undefined && output.includes('database not reachable yet (ECONNREFUSED)'))
        opening = new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    };
    try {
      const run = await migrate(
        { ...db, url: db.url.replace(`:${server.port}/`, `:${port}/`) },
        { 'connect-timeout': '30s' },
        undefined,
        open,
      );
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.log).toMatch(/database not reachable yet \(ECONNREFUSED\); retrying/);
      expect(run.outputs.status).toBe('applied');
    } finally {
      await opening;
      proxy.close();
    }
  });

  maybe('fails at once on wrong credentials, without retrying', async () => {
    const db = await freshDatabase();
    const wrong = 'not-the-password-123';
    const run = await migrate(
      { ...db, url: db.url.replace(server.password, wrong) },
      { 'connect-timeout': '60s' },
    );
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/refused the credentials .*Not retried/);
    expect(run.log).not.toContain('retrying');
    expect(run.durationMs).toBeLessThan(10_000);
    expect(findLeaks(run, [wrong])).toEqual([]);
  });

  maybe(
    'two runs started at the same moment apply each migration exactly once; the second waits for the lock',
    async () => {
      const db = await freshDatabase();
      // The fixture plus a 1.5 s pause: the winner holds the lock far longer than the gap
      // between the two start-ups, so the other run really has to wait.
      const folder = mkdtempSync(path.join(os.tmpdir(), 'concurrent-'));
      cpSync(path.join(FIXTURES, engine.name), folder, { recursive: true });
      const pause = engine.name === 'postgres' ? 'SELECT pg_sleep(1.5);' : 'DO SLEEP(1.5);';
      writeFileSync(
        path.join(folder, 'V9__pause.sql'),
        `${pause}\nINSERT INTO events (name) VALUES ('V9');\n`,
      );
      const [a, b] = await Promise.all([
        migrate(db, { 'migrations-path': folder }),
        migrate(db, { 'migrations-path': folder }),
      ]);
      rmSync(folder, { recursive: true, force: true });
      expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
      const statuses = [a.outputs.status, b.outputs.status].sort();
      expect(statuses).toEqual(['applied', 'up-to-date']);
      const waiter = a.outputs.status === 'up-to-date' ? a : b;
      expect(waiter.log).toMatch(
        /another migration is running: the lock "run-migrations:db_\d+" is held by/,
      );
      expect(waiter.summary).toMatch(/waited \d/);
      const rows = await history(db);
      expect(rows.map((r) => r.version ?? 'R')).toEqual([...engine.versions, '9', 'R']);
      expect((await events(db)).filter((e) => e === 'V2' || e === 'V9')).toEqual(['V2', 'V9']);
    },
    60_000,
  );

  maybe('a cancelled run stops between migrations and releases the lock', async () => {
    const db = await freshDatabase();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'cancel-'));
    try {
      const sleep = engine.name === 'postgres' ? 'SELECT pg_sleep(3);' : 'DO SLEEP(3);';
      writeFileSync(path.join(folder, 'V1__slow.sql'), `CREATE TABLE slow (id INT);\n${sleep}\n`);
      writeFileSync(path.join(folder, 'V2__after.sql'), 'CREATE TABLE after_cancel (id INT);\n');
      const run = await runDist('run-migrations', {
        inputs: { 'database-url': db.url, 'migrations-path': folder },
        // The cancel lands inside the 3 s V1, once the run says it applies it (start-up, connect
        // and lock take what they take on this machine).
        killWhen: { pattern: /Applying V1 /, signal: 'SIGTERM' },
      });
      runs.push(run);
      expect(run.exitCode).toBe(1);
      expect(run.errors.join('\n')).toContain(
        'cancelled before V2__after.sql; 1 migration(s) were applied before it',
      );
      expect(run.log).toContain('Released the migration lock');
      expect((await history(db)).map((r) => r.version)).toEqual(['1']);
      // lock-timeout 0 fails at once if anything still held the lock.
      const next = await migrate(db, { 'migrations-path': folder, 'lock-timeout': '0' });
      expect(next.errors).toEqual([]);
      expect(next.outputs.status).toBe('applied');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  maybe(
    'fails with "another migration is running" when the lock is not released in time',
    async () => {
      const db = await freshDatabase();
      const lockName = `run-migrations:${db.database}`;
      const holder = await holdLock(engine.name, db, lockName);
      try {
        const run = await migrate(db, { 'lock-timeout': '1s' });
        expect(run.exitCode).toBe(1);
        expect(run.errors.join('\n')).toMatch(
          /another migration is running: the lock "run-migrations:db_\d+" is held by .* and was not released within 1s/,
        );
        await expect(server.query(db.database, 'SELECT * FROM schema_history')).rejects.toThrow();
      } finally {
        await holder.release();
      }
      expect((await migrate(db)).outputs.status).toBe('applied');
    },
  );
});

/** Holds the migration lock from another session, as a concurrent run would. */
async function holdLock(
  engine: 'postgres' | 'mysql',
  db: DatabaseConnection,
  name: string,
): Promise<{ release(): Promise<void> }> {
  const { advisoryKey } = await import('../../src/database/lock');
  if (engine === 'postgres') {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: db.url, application_name: 'test-lock-holder' });
    await client.connect();
    await client.query('SELECT pg_advisory_lock($1::bigint)', [advisoryKey(name).toString()]);
    return { release: () => client.end() };
  }
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection(db.url);
  await connection.query('SELECT GET_LOCK(?, 0)', [name]);
  return { release: () => connection.end() };
}
