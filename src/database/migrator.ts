import { CancelledError, describeError } from '../core/errors';
import { HistoryTable } from './history';
import { compareVersions, parseVersion, type MigrationFile } from './migration-files';
import { planMigrations, type MigrationPlan } from './plan';
import type { SqlSession } from './session';
import { splitStatements, type Statement } from './sql-split';

/** A migration that was applied by this run. */
export interface AppliedMigration {
  version?: string;
  description: string;
  script: string;
  kind: 'versioned' | 'repeatable';
  durationMs: number;
  statements: number;
  transactional: boolean;
}

/** A statement of a migration failed; names the file, the statement and where it is. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
  constructor(
    message: string,
    readonly script: string,
    readonly statement: Statement,
    /** True when the statements before the failing one stay applied. */
    readonly partiallyApplied: boolean,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

export interface MigrateOptions {
  table: string;
  dryRun: boolean;
  target?: number[];
  baselineVersion?: number[];
  /** Recorded in the history's installed_by column. */
  installedBy: string;
  log: (line: string) => void;
  now?: () => number;
  /** Stops between migrations (never inside one) when it aborts. */
  signal?: AbortSignal;
  /** Called after each migration that was applied. */
  onApplied?: (migration: AppliedMigration) => void;
}

export interface MigrateResult {
  plan: MigrationPlan;
  applied: AppliedMigration[];
  /** Highest applied version after the run (or what it would be after a dry run). */
  currentVersion?: string;
  /** Migrations still pending after the run (the plan's size in a dry run). */
  pendingCount: number;
}

/** Statements PostgreSQL refuses inside a transaction block. */
const PG_NO_TRANSACTION = [
  /^\s*(CREATE|DROP)\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/i,
  /^\s*REINDEX\b[^;]*\bCONCURRENTLY\b/i,
  /^\s*(CREATE|DROP)\s+DATABASE\b/i,
  /^\s*(CREATE|DROP)\s+TABLESPACE\b/i,
  /^\s*ALTER\s+SYSTEM\b/i,
  /^\s*VACUUM\b/i,
  /^\s*ALTER\s+TABLE\b[^;]*\bDETACH\s+PARTITION\b[^;]*\bCONCURRENTLY\b/i,
];
const NO_TRANSACTION_DIRECTIVE = /^\s*--\s*run-migrations:\s*no-transaction\b/im;
/** MySQL statements that do not commit implicitly (everything else, DDL, does). */
const MYSQL_TRANSACTIONAL = /^\s*(INSERT|UPDATE|DELETE|REPLACE|SELECT|SET|DO|CALL|WITH)\b/i;

/** Why a file runs outside a transaction, or undefined when it runs inside one. */
export function nonTransactionalReason(
  file: MigrationFile,
  statements: Statement[],
  engine: SqlSession['engine'],
): string | undefined {
  if (engine === 'mysql') return undefined;
  if (NO_TRANSACTION_DIRECTIVE.test(file.sql))
    return 'the file asks for it (-- run-migrations:no-transaction)';
  const statement = statements.find((s) =>
    PG_NO_TRANSACTION.some((re) => re.test(stripLeadingComments(s.sql))),
  );
  if (statement === undefined) return undefined;
  const head = stripLeadingComments(statement.sql).split(/\s+/).slice(0, 4).join(' ');
  return `statement ${statement.index} (${head} …) cannot run inside a transaction in PostgreSQL`;
}

function stripLeadingComments(sql: string): string {
  return sql.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/, '');
}

/**
 * Applies the pending migrations in order, each in its own transaction where the engine allows,
 * recording each in the history table in the same transaction. The caller holds the migration
 * lock for the whole call. In a dry run nothing is written: the plan is returned.
 */
export async function migrate(
  session: SqlSession,
  files: MigrationFile[],
  options: MigrateOptions,
): Promise<MigrateResult> {
  const now = options.now ?? Date.now;
  const history = new HistoryTable(session, options.table);
  const rows = await history.rows();
  const plan = planMigrations(files, rows, {
    table: options.table,
    ...(options.target === undefined ? {} : { target: options.target }),
    ...(options.baselineVersion === undefined ? {} : { baselineVersion: options.baselineVersion }),
  });
  const highestPending = [...plan.pending].reverse().find((f) => f.kind === 'versioned')?.version;
  if (options.dryRun) {
    return {
      plan,
      applied: [],
      ...versionField(highestPending ?? plan.baseline ?? plan.currentVersion),
      pendingCount: plan.pending.length,
    };
  }

  await history.create();
  if (plan.baseline !== undefined) {
    await history.insert({
      version: plan.baseline,
      description: '<< baseline >>',
      type: 'BASELINE',
      script: '<< baseline >>',
      installedBy: options.installedBy,
      executionTimeMs: 0,
      success: true,
    });
    options.log(
      `Recorded baseline version ${plan.baseline}: migrations up to it are treated as applied`,
    );
  }
  if (session.engine === 'mysql' && plan.pending.length > 0) {
    options.log(
      'MySQL/MariaDB commits every DDL statement (CREATE, ALTER, DROP...) implicitly: a migration that fails half-way leaves the statements before the failure applied, and is recorded as failed.',
    );
  }

  const applied: AppliedMigration[] = [];
  for (const file of plan.pending) {
    if (options.signal?.aborted) {
      throw new CancelledError(
        `cancelled before ${file.script}; ${applied.length} migration(s) were applied before it`,
      );
    }
    const migration = await applyOne(session, history, file, options, now);
    applied.push(migration);
    options.onApplied?.(migration);
  }
  let current = plan.currentVersion;
  for (const m of applied) {
    if (
      m.version !== undefined &&
      (current === undefined || compareVersions(parseVersion(m.version), parseVersion(current)) > 0)
    ) {
      current = m.version;
    }
  }
  current ??= plan.baseline;
  return { plan, applied, ...versionField(current), pendingCount: 0 };
}

function versionField(version: string | undefined): { currentVersion?: string } {
  return version === undefined ? {} : { currentVersion: version };
}

async function applyOne(
  session: SqlSession,
  history: HistoryTable,
  file: MigrationFile,
  options: MigrateOptions,
  now: () => number,
): Promise<AppliedMigration> {
  const statements = splitStatements(file.sql, session.engine);
  const noTxReason = nonTransactionalReason(file, statements, session.engine);
  const transactional = noTxReason === undefined;
  const label =
    file.kind === 'versioned' ? `V${file.version} ${file.description}` : `R ${file.description}`;
  options.log(
    `Applying ${label} (${file.script}): ${statements.length} statement${statements.length === 1 ? '' : 's'}` +
      (transactional
        ? session.engine === 'postgres'
          ? ' in one transaction'
          : ' (DDL commits implicitly)'
        : `, outside a transaction: ${noTxReason}`),
  );
  const started = now();
  if (transactional)
    await session.query(session.engine === 'postgres' ? 'BEGIN' : 'START TRANSACTION');
  let committedSoFar = false;
  for (const statement of statements) {
    try {
      await session.query(statement.sql);
      if (
        !transactional ||
        (session.engine === 'mysql' &&
          !MYSQL_TRANSACTIONAL.test(stripLeadingComments(statement.sql)))
      ) {
        committedSoFar = true;
      }
    } catch (error) {
      if (transactional) await session.query('ROLLBACK').catch(() => undefined);
      const partial = committedSoFar;
      if (partial) {
        await history
          .insert({
            ...(file.version === undefined ? {} : { version: file.version }),
            description: file.description,
            type: 'SQL',
            script: file.script,
            checksum: file.checksum,
            installedBy: options.installedBy,
            executionTimeMs: now() - started,
            success: false,
          })
          .catch(() => undefined);
      }
      throw new MigrationFailedError(
        failureMessage(
          file,
          statement,
          error,
          partial,
          transactional,
          session.engine,
          options.table,
        ),
        file.script,
        statement,
        partial,
        { cause: error },
      );
    }
  }
  const durationMs = now() - started;
  await history.insert({
    ...(file.version === undefined ? {} : { version: file.version }),
    description: file.description,
    type: 'SQL',
    script: file.script,
    checksum: file.checksum,
    installedBy: options.installedBy,
    executionTimeMs: durationMs,
    success: true,
  });
  if (transactional) await session.query('COMMIT');
  return {
    ...(file.version === undefined ? {} : { version: file.version }),
    description: file.description,
    script: file.script,
    kind: file.kind,
    durationMs,
    statements: statements.length,
    transactional,
  };
}

function failureMessage(
  file: MigrationFile,
  statement: Statement,
  error: unknown,
  partial: boolean,
  transactional: boolean,
  engine: SqlSession['engine'],
  table: string,
): string {
  const e = error as { code?: string; sqlState?: string };
  const code = e.code ?? e.sqlState;
  const text = stripLeadingComments(statement.sql).replace(/\s+/g, ' ').trim();
  const shown = text.length > 200 ? `${text.slice(0, 197)}...` : text;
  let outcome: string;
  if (partial) {
    outcome =
      engine === 'mysql' && transactional
        ? `The statements before it stay applied (MySQL commits DDL implicitly) and ${file.script} is recorded as failed in ${table}: repair the schema, delete that row, and run again.`
        : `It ran outside a transaction, so the statements before it stay applied; ${file.script} is recorded as failed in ${table}: repair the schema, delete that row, and run again.`;
  } else {
    outcome = `The migration was rolled back; nothing of ${file.script} was applied and the history is unchanged.`;
  }
  return `${file.script} failed at statement ${statement.index} (line ${statement.line}): ${shown}\n${describeError(error)}${code === undefined ? '' : ` [${code}]`}\n${outcome}`;
}
