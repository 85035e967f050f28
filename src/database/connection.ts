import { ConfigurationError } from '../core/errors';
import { maskSecret } from '../core/mask';

export type Engine = 'postgres' | 'mysql';

/** TLS to the database: off, encrypted without verification, or verified against CAs. */
export type SslMode = 'disable' | 'require' | 'verify-full';

/** A database connection, parsed once; `password` was masked when read. */
export interface DatabaseConfig {
  engine: Engine;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  ssl: SslMode;
  /** PEM bundle for verify-full (e.g. the RDS CA bundle). */
  sslCa?: string;
}

/** The parts a connection can be exported as (command mode). */
export const CONNECTION_PARTS = [
  'url',
  'host',
  'port',
  'user',
  'password',
  'database',
  'engine',
] as const;
export type ConnectionPart = (typeof CONNECTION_PARTS)[number];

const DEFAULT_PORTS: Record<Engine, number> = { postgres: 5432, mysql: 3306 };

/** Engine names used in URLs, RDS secrets and inputs. */
export function engineOf(name: string): Engine | undefined {
  const n = name.toLowerCase().replace(/:$/, '');
  if (['postgres', 'postgresql', 'aurora-postgresql', 'pg'].includes(n)) return 'postgres';
  if (['mysql', 'mariadb', 'aurora-mysql', 'aurora'].includes(n)) return 'mysql';
  return undefined;
}

export function defaultPort(engine: Engine): number {
  return DEFAULT_PORTS[engine];
}

/**
 * Masks the credentials of a connection: the password (with its URL- and JSON-encoded forms) and
 * the whole URL. Call it the moment a connection is read. The user name is an identifier like the
 * host (the RDS console shows it); it is never printed, but masking a short word such as `app`
 * would garble every log line that contains it.
 */
export function maskConnection(config: Pick<DatabaseConfig, 'password'>, url?: string): void {
  maskSecret(config.password);
  if (url !== undefined) maskSecret(url);
}

/**
 * Parses postgres://, postgresql://, mysql:// or mariadb:// URLs. The password and user are
 * masked before anything else can fail; errors never echo the URL.
 */
export function parseDatabaseUrl(
  url: string,
  input: string,
): Omit<DatabaseConfig, 'ssl'> & { ssl?: SslMode } {
  maskSecret(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(
      'is not a database URL; expected postgres://user:password@host:5432/database or mysql://user:password@host:3306/database',
      input,
    );
  }
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  maskConnection({ password }, url);
  const engine = engineOf(parsed.protocol);
  if (engine === undefined) {
    throw new ConfigurationError(
      `has the scheme ${JSON.stringify(parsed.protocol)}; expected postgres://, postgresql://, mysql:// or mariadb://`,
      input,
    );
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (parsed.hostname === '') throw new ConfigurationError('names no host', input);
  if (user === '') throw new ConfigurationError('names no user (user:password@host)', input);
  if (database === '')
    throw new ConfigurationError('names no database (…@host:port/database)', input);
  const sslParam = parsed.searchParams.get('sslmode') ?? parsed.searchParams.get('ssl');
  const ssl = sslParam === null ? undefined : sslModeOf(sslParam, input);
  return {
    engine,
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? DEFAULT_PORTS[engine] : Number(parsed.port),
    user,
    password,
    database,
    ...(ssl === undefined ? {} : { ssl }),
  };
}

function sslModeOf(value: string, input: string): SslMode {
  switch (value) {
    case 'disable':
    case 'false':
    case 'allow':
    case 'prefer':
      return 'disable';
    case 'require':
    case 'true':
    case 'no-verify':
      return 'require';
    case 'verify-ca':
    case 'verify-full':
      return 'verify-full';
    default:
      throw new ConfigurationError(
        `has sslmode=${JSON.stringify(value)}; expected disable, require or verify-full`,
        input,
      );
  }
}

/** A URL for the connection, as tools such as Prisma, Knex or Alembic read it. */
export function connectionUrl(config: DatabaseConfig): string {
  const scheme = config.engine === 'postgres' ? 'postgres' : 'mysql';
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `${scheme}://${encodeURIComponent(config.user)}:${encodeURIComponent(config.password)}@${host}:${config.port}/${encodeURIComponent(config.database)}`;
  if (config.ssl === 'disable') return base;
  return config.engine === 'postgres' ? `${base}?sslmode=${config.ssl}` : `${base}?ssl=true`;
}

/** One part of the connection as text, for exporting to a command's environment. */
export function connectionPart(config: DatabaseConfig, part: ConnectionPart): string {
  switch (part) {
    case 'url':
      return connectionUrl(config);
    case 'host':
      return config.host;
    case 'port':
      return String(config.port);
    case 'user':
      return config.user;
    case 'password':
      return config.password;
    case 'database':
      return config.database;
    case 'engine':
      return config.engine;
  }
}

/** Where the connection goes, without credentials: `postgres 10.0.1.5:5432/app`. */
export function describeTarget(config: DatabaseConfig): string {
  return `${config.engine} ${config.host}:${config.port}/${config.database}`;
}
