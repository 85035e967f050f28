/**
 * Real database servers on loopback for tests: PostgreSQL 15 (Debian's binaries) and MariaDB
 * (Debian's mariadb-server), each started in a private temporary folder on a free port, with a
 * real user and password (so a wrong password is really refused), and stopped by `stop()`.
 *
 * Start one server per engine per test file (beforeAll) and give each test its own database
 * with `createDatabase()`; servers start in 1-3 s.
 *
 *   const pg = await startPostgres();          // { host, port, user, password, database, url, ... }
 *   const db = await pg.createDatabase('t1');  // a fresh database owned by the same user
 *   await pg.query(db.database, 'SELECT 1');   // a query as the admin user, for assertions
 *   await pg.stop();
 *
 * Outside CI a missing server binary makes `postgresAvailable()` / `mariaDbAvailable()` false so
 * suites can skip; in CI (process.env.CI set) they throw instead: a missing server is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface DatabaseConnection {
  engine: 'postgres' | 'mysql';
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** postgres://user:password@127.0.0.1:port/database or mysql://... */
  url: string;
}

export interface DatabaseServer extends DatabaseConnection {
  /** A fresh, empty database on this server owned by `user`; returns its connection. */
  createDatabase(name: string): Promise<DatabaseConnection>;
  /** Runs SQL as the server's admin user in `database`, returning the rows. */
  query<T = Record<string, unknown>>(database: string, sql: string): Promise<T[]>;
  /** The server's data/log folder (server log: `log`). */
  dir: string;
  logFile: string;
  stop(): Promise<void>;
}

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const MARIADB_SERVER = process.env.MARIADBD ?? '/usr/sbin/mariadbd';
const MARIADB_INSTALL = process.env.MARIADB_INSTALL_DB ?? '/usr/bin/mariadb-install-db';
const HOST = '127.0.0.1';

function available(binaries: string[], what: string): boolean {
  const missing = binaries.filter((b) => !existsSync(b));
  if (missing.length === 0) return true;
  if (process.env.CI) {
    throw new Error(
      `${what} is required in CI but ${missing.join(', ')} is missing (.ci/install-system.sh installs it)`,
    );
  }
  return false;
}

/** True when PostgreSQL can be started here; throws in CI when it cannot. */
export function postgresAvailable(): boolean {
  return available([path.join(PG_BIN, 'initdb'), path.join(PG_BIN, 'pg_ctl')], 'PostgreSQL');
}

/** True when MariaDB can be started here; throws in CI when it cannot. */
export function mariaDbAvailable(): boolean {
  return available([MARIADB_SERVER, MARIADB_INSTALL], 'MariaDB');
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(
  command: string,
  args: string[],
  options: { user?: string; cwd?: string } = {},
): string {
  const [cmd, argv] =
    options.user === undefined
      ? [command, args]
      : ['runuser', ['-u', options.user, '--', command, ...args]];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', cwd: options.cwd ?? os.tmpdir() });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}

const password = (): string => `pw-${randomBytes(12).toString('hex')}`;
const started = new Set<ChildProcess | (() => void)>();
process.once('exit', () => {
  for (const entry of started) {
    if (typeof entry === 'function') entry();
    else entry.kill('SIGKILL');
  }
});

/** Starts PostgreSQL 15 on 127.0.0.1 with a password user `app` owning database `app`. */
export async function startPostgres(): Promise<DatabaseServer> {
  if (!postgresAvailable()) throw new Error(`PostgreSQL binaries not found under ${PG_BIN}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'test-pg-'));
  chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  mkdirSync(data);
  const uid = Number(run('id', ['-u', 'postgres']).trim());
  const gid = Number(run('id', ['-g', 'postgres']).trim());
  const isRoot = process.getuid?.() === 0;
  const asUser = isRoot ? { user: 'postgres' } : {};
  if (isRoot) {
    chownSync(dir, uid, gid);
    chownSync(data, uid, gid);
  }
  const adminPassword = password();
  const pwFile = path.join(dir, 'pwfile');
  writeFileSync(pwFile, adminPassword, { mode: 0o600 });
  if (isRoot) chownSync(pwFile, uid, gid);
  run(
    path.join(PG_BIN, 'initdb'),
    [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=scram-sha-256',
      `--pwfile=${pwFile}`,
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ],
    asUser,
  );
  rmSync(pwFile);
  const logFile = path.join(dir, 'log');
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      run(
        path.join(PG_BIN, 'pg_ctl'),
        [
          '-D',
          data,
          '-l',
          logFile,
          '-w',
          '-t',
          '30',
          '-o',
          `-p ${port} -k ${dir} -c listen_addresses=${HOST} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50`,
          'start',
        ],
        asUser,
      );
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  const stopServer = (): void => {
    spawnSync(
      isRoot ? 'runuser' : path.join(PG_BIN, 'pg_ctl'),
      isRoot
        ? [
            '-u',
            'postgres',
            '--',
            path.join(PG_BIN, 'pg_ctl'),
            '-D',
            data,
            '-m',
            'immediate',
            'stop',
          ]
        : ['-D', data, '-m', 'immediate', 'stop'],
      { cwd: os.tmpdir() },
    );
  };
  started.add(stopServer);

  const { Client } = await import('pg');
  const adminQuery = async <T>(database: string, sql: string): Promise<T[]> => {
    const client = new Client({
      host: HOST,
      port,
      user: 'postgres',
      password: adminPassword,
      database,
    });
    await client.connect();
    try {
      const result = await client.query(sql);
      return result.rows as T[];
    } finally {
      await client.end();
    }
  };
  const user = 'app';
  const userPassword = password();
  await adminQuery('postgres', `CREATE ROLE ${user} LOGIN PASSWORD '${userPassword}'`);
  const connection = (database: string): DatabaseConnection => ({
    engine: 'postgres',
    host: HOST,
    port,
    user,
    password: userPassword,
    database,
    url: `postgres://${user}:${userPassword}@${HOST}:${port}/${database}`,
  });
  const createDatabase = async (name: string): Promise<DatabaseConnection> => {
    await adminQuery('postgres', `CREATE DATABASE "${name}" OWNER ${user}`);
    return connection(name);
  };
  await createDatabase('app');
  return {
    ...connection('app'),
    dir,
    logFile,
    createDatabase,
    query: adminQuery,
    stop() {
      stopServer();
      started.delete(stopServer);
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      return Promise.resolve();
    },
  };
}

/** Starts MariaDB on 127.0.0.1 with a password user `app` owning database `app`. */
export async function startMariaDb(): Promise<DatabaseServer> {
  if (!mariaDbAvailable()) throw new Error(`MariaDB server not found at ${MARIADB_SERVER}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'test-mariadb-'));
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'mysqld.sock');
  const logFile = path.join(dir, 'log');
  const userArgs = process.getuid?.() === 0 ? ['--user=root'] : [];
  run(MARIADB_INSTALL, [
    '--no-defaults',
    `--datadir=${data}`,
    ...userArgs,
    '--auth-root-authentication-method=socket',
    '--skip-test-db',
    '--skip-name-resolve',
    '--innodb-buffer-pool-size=16M',
  ]);
  const port = await freePort();
  const child = spawn(
    MARIADB_SERVER,
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--port=${port}`,
      `--bind-address=${HOST}`,
      `--socket=${socket}`,
      `--pid-file=${path.join(dir, 'mysqld.pid')}`,
      `--log-error=${logFile}`,
      ...userArgs,
      '--skip-name-resolve',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=16M',
      '--innodb-flush-log-at-trx-commit=0',
      '--innodb-doublewrite=0',
      '--max-connections=50',
    ],
    { stdio: 'ignore' },
  );
  started.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const mysql = await import('mysql2/promise');
  const adminConnect = (database?: string) =>
    mysql.createConnection({
      socketPath: socket,
      user: 'root',
      ...(database === undefined ? {} : { database }),
    });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const probe = await adminConnect();
      await probe.end();
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`MariaDB did not start (see ${logFile}): ${String(error)}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const adminQuery = async <T>(database: string, sql: string): Promise<T[]> => {
    const connection = await adminConnect(database);
    try {
      const [rows] = await connection.query(sql);
      return (Array.isArray(rows) ? rows : []) as T[];
    } finally {
      await connection.end();
    }
  };
  const user = 'app';
  const userPassword = password();
  await adminQuery('mysql', `CREATE USER '${user}'@'%' IDENTIFIED BY '${userPassword}'`);
  const connection = (database: string): DatabaseConnection => ({
    engine: 'mysql',
    host: HOST,
    port,
    user,
    password: userPassword,
    database,
    url: `mysql://${user}:${userPassword}@${HOST}:${port}/${database}`,
  });
  const createDatabase = async (name: string): Promise<DatabaseConnection> => {
    await adminQuery('mysql', `CREATE DATABASE \`${name}\``);
    await adminQuery('mysql', `GRANT ALL PRIVILEGES ON \`${name}\`.* TO '${user}'@'%'`);
    return connection(name);
  };
  await createDatabase('app');
  return {
    ...connection('app'),
    dir,
    logFile,
    createDatabase,
    query: adminQuery,
    async stop() {
      child.kill('SIGKILL');
      await exited;
      started.delete(child);
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
