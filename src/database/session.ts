import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { DatabaseConfig, Engine } from './connection';

export type Row = Record<string, unknown>;

/** One database session (a single connection: locks and transactions belong to it). */
export interface SqlSession {
  readonly engine: Engine;
  /** Runs one statement (with `$1`/`?` parameters as the engine expects) and returns its rows. */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** The server's version string. */
  serverVersion(): Promise<string>;
  /** Closes the connection; never throws. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Time allowed to establish one connection. */
  connectTimeoutMs: number;
  /** Shown in pg_stat_activity / the MySQL process list. */
  applicationName?: string;
}

function tlsOptions(config: DatabaseConfig): TlsOptions | undefined {
  if (config.ssl === 'disable') return undefined;
  if (config.ssl === 'require') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, ...(config.sslCa === undefined ? {} : { ca: config.sslCa }) };
}

/** Opens one session. The drivers (`pg`, `mysql2`) are loaded only here, on first use. */
export async function openSession(
  config: DatabaseConfig,
  options: ConnectOptions,
): Promise<SqlSession> {
  return config.engine === 'postgres' ? openPostgres(config, options) : openMysql(config, options);
}

async function openPostgres(config: DatabaseConfig, options: ConnectOptions): Promise<SqlSession> {
  const pg = await import('pg');
  const Client = pg.default?.Client ?? pg.Client;
  const ssl = tlsOptions(config);
  const client = new Client({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    connectionTimeoutMillis: options.connectTimeoutMs,
    application_name: options.applicationName ?? 'run-migrations',
    ...(ssl === undefined ? {} : { ssl }),
  });
  // A session error after connect (server shutdown) must not crash the process: the next query fails.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  const query = async (sql: string, params?: readonly unknown[]): Promise<Row[]> => {
    const result = await client.query(sql, params === undefined ? undefined : [...params]);
    return result.rows as Row[];
  };
  return {
    engine: 'postgres',
    query,
    async serverVersion() {
      const rows = await query('SHOW server_version');
      return String(rows[0]?.server_version ?? 'unknown');
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

async function openMysql(config: DatabaseConfig, options: ConnectOptions): Promise<SqlSession> {
  const mysql = await import('mysql2/promise');
  const createConnection = mysql.default?.createConnection ?? mysql.createConnection;
  const ssl = tlsOptions(config);
  const connection = await createConnection({
    ...(ssl === undefined ? {} : { ssl: ssl as Record<string, unknown> }),
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    connectTimeout: options.connectTimeoutMs,
    multipleStatements: false,
  });
  connection.on('error', () => undefined);
  // The text protocol (query, not execute): DDL and every statement kind work in it.
  const query = async (sql: string, params?: readonly unknown[]): Promise<Row[]> => {
    const [rows] =
      params === undefined ? await connection.query(sql) : await connection.query(sql, [...params]);
    return Array.isArray(rows) ? (rows as Row[]) : [];
  };
  return {
    engine: 'mysql',
    query,
    async serverVersion() {
      const rows = await query('SELECT VERSION() AS version');
      return String(rows[0]?.version ?? 'unknown');
    },
    async close() {
      await connection.end().catch(() => connection.destroy());
    },
  };
}
