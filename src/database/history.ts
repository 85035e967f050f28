import { ConfigurationError } from '../core/errors';
import type { Engine } from './connection';
import type { SqlSession } from './session';

/** One row of the history table. */
export interface HistoryRow {
  rank: number;
  /** Undefined for repeatable migrations. */
  version?: string;
  description: string;
  type: 'SQL' | 'BASELINE';
  script: string;
  checksum?: string;
  installedBy: string;
  installedOn: Date;
  executionTimeMs: number;
  success: boolean;
}

export type NewHistoryRow = Omit<HistoryRow, 'rank' | 'installedOn'>;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Checks the history-table input: `name` or `schema.name`, plain identifiers only. */
export function checkTableName(name: string, input = 'history-table'): string {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((part) => !IDENTIFIER.test(part))) {
    throw new ConfigurationError(
      `expected a table name such as schema_history or public.schema_history (letters, digits, underscores), got ${JSON.stringify(name)}`,
      input,
    );
  }
  return name;
}

function quoted(engine: Engine, name: string): string {
  const q = engine === 'postgres' ? '"' : '`';
  return name
    .split('.')
    .map((part) => `${q}${part}${q}`)
    .join('.');
}

/** The history table: one row per applied (or, on MySQL, failed) migration. */
export class HistoryTable {
  private readonly table: string;

  constructor(
    private readonly session: SqlSession,
    private readonly name: string,
  ) {
    this.table = quoted(session.engine, name);
  }

  private get pg(): boolean {
    return this.session.engine === 'postgres';
  }

  async exists(): Promise<boolean> {
    const [schema, table] = this.name.includes('.') ? this.name.split('.') : [undefined, this.name];
    const rows = this.pg
      ? await this.session.query(
          `SELECT 1 FROM information_schema.tables WHERE table_name = $1 AND table_schema = COALESCE($2, current_schema())`,
          [table, schema ?? null],
        )
      : await this.session.query(
          `SELECT 1 FROM information_schema.tables WHERE table_name = ? AND table_schema = COALESCE(?, DATABASE())`,
          [table, schema ?? null],
        );
    return rows.length > 0;
  }

  async create(): Promise<void> {
    const sql = this.pg
      ? `CREATE TABLE IF NOT EXISTS ${this.table} (
          installed_rank INTEGER NOT NULL PRIMARY KEY,
          version VARCHAR(50),
          description VARCHAR(200) NOT NULL,
          type VARCHAR(20) NOT NULL,
          script VARCHAR(1000) NOT NULL,
          checksum VARCHAR(64),
          installed_by VARCHAR(100) NOT NULL,
          installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
          execution_time INTEGER NOT NULL,
          success BOOLEAN NOT NULL)`
      : `CREATE TABLE IF NOT EXISTS ${this.table} (
          installed_rank INT NOT NULL PRIMARY KEY,
          version VARCHAR(50),
          description VARCHAR(200) NOT NULL,
          type VARCHAR(20) NOT NULL,
          script VARCHAR(1000) NOT NULL,
          checksum VARCHAR(64),
          installed_by VARCHAR(100) NOT NULL,
          installed_on TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
          execution_time INT NOT NULL,
          success BOOLEAN NOT NULL) ENGINE=InnoDB`;
    await this.session.query(sql);
  }

  /** Every row in the order they were installed; empty when the table does not exist. */
  async rows(): Promise<HistoryRow[]> {
    if (!(await this.exists())) return [];
    const rows = await this.session.query(
      `SELECT installed_rank, version, description, type, script, checksum, installed_by, installed_on, execution_time, success FROM ${this.table} ORDER BY installed_rank`,
    );
    return rows.map((row) => ({
      rank: Number(row.installed_rank),
      ...(row.version === null || row.version === undefined
        ? {}
        : { version: String(row.version) }),
      description: String(row.description),
      type: row.type === 'BASELINE' ? 'BASELINE' : 'SQL',
      script: String(row.script),
      ...(row.checksum === null || row.checksum === undefined
        ? {}
        : { checksum: String(row.checksum) }),
      installedBy: String(row.installed_by),
      installedOn: new Date(row.installed_on as string | Date),
      executionTimeMs: Number(row.execution_time),
      success: row.success === true || Number(row.success) === 1,
    }));
  }

  /** Appends a row (in the caller's transaction, if one is open). */
  async insert(row: NewHistoryRow): Promise<void> {
    const values = [
      row.version ?? null,
      row.description.slice(0, 200),
      row.type,
      row.script.slice(0, 1000),
      row.checksum ?? null,
      row.installedBy.slice(0, 100),
      Math.round(row.executionTimeMs),
      row.success,
    ];
    const sql = this.pg
      ? `INSERT INTO ${this.table} (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
         SELECT COALESCE(MAX(installed_rank), 0) + 1, $1, $2, $3, $4, $5, $6, $7, $8 FROM ${this.table}`
      : `INSERT INTO ${this.table} (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
         SELECT COALESCE(MAX(installed_rank), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ? FROM ${this.table} AS h`;
    await this.session.query(sql, values);
  }
}
