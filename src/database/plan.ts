import {
  compareVersions,
  formatVersion,
  parseVersion,
  type MigrationFile,
} from './migration-files';
import type { HistoryRow } from './history';

/** The history and the files disagree in a way that must be fixed by a person. */
export class MigrationValidationError extends Error {
  override readonly name = 'MigrationValidationError';
}

export interface PlanOptions {
  /** Apply versioned migrations up to and including this version (all when undefined). */
  target?: number[];
  /** For a database that predates the migrations: record this version as the baseline. */
  baselineVersion?: number[];
  /** Name of the history table, for messages. */
  table: string;
}

export interface MigrationPlan {
  /** What this run applies, in order (versioned, then repeatable). */
  pending: MigrationFile[];
  /** Set when this run records a baseline (empty history and a baseline-version). */
  baseline?: string;
  /** Versioned files at or below the baseline: never run. */
  belowBaseline: MigrationFile[];
  /** Versioned files above the target: left for a later run. */
  aboveTarget: MigrationFile[];
  /** The highest applied (or baseline) version before this run. */
  currentVersion?: string;
  /** Number of migrations already applied and unchanged. */
  upToDate: number;
}

const short = (checksum: string | undefined): string => (checksum ?? 'none').slice(0, 12);

/**
 * Compares the migrations on disk with the history table and decides what to run. Refuses
 * (MigrationValidationError) when an applied file changed, an applied file is gone, a
 * migration failed earlier, or a new file sorts below what is already applied.
 */
export function planMigrations(
  files: MigrationFile[],
  history: HistoryRow[],
  options: PlanOptions,
): MigrationPlan {
  const failed = history.filter((row) => !row.success);
  if (failed.length > 0) {
    const row = failed[failed.length - 1] as HistoryRow;
    throw new MigrationValidationError(
      `${row.script} failed in an earlier run and may be partly applied (MySQL DDL and non-transactional statements commit as they run). ` +
        `Repair the schema by hand, then delete its row (success = false, installed_rank ${row.rank}) from ${options.table} and run again.`,
    );
  }
  const baselineRow = [...history].reverse().find((row) => row.type === 'BASELINE');
  const applied = history.filter((row) => row.type === 'SQL');
  const appliedVersions = new Map<string, HistoryRow>();
  for (const row of applied)
    if (row.version !== undefined) appliedVersions.set(key(parseVersion(row.version)), row);

  let baselineParts =
    baselineRow?.version === undefined ? undefined : parseVersion(baselineRow.version);
  let newBaseline: string | undefined;
  if (history.length === 0 && options.baselineVersion !== undefined) {
    baselineParts = options.baselineVersion;
    newBaseline = formatVersion(options.baselineVersion);
  }

  const versioned = files.filter((f) => f.kind === 'versioned');
  const filesByVersion = new Map(versioned.map((f) => [key(f.versionParts ?? []), f]));

  // Every applied migration must still be there, unchanged.
  let upToDate = 0;
  for (const row of applied) {
    if (row.version === undefined) continue;
    const file = filesByVersion.get(key(parseVersion(row.version)));
    if (file === undefined) {
      throw new MigrationValidationError(
        `V${row.version} (${row.script}) is applied in the database but missing from the migrations folder. Restore the file (applied migrations must stay), or check that migrations-path points at the right folder.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationValidationError(
        `checksum drift: ${file.script} was changed after it was applied (history ${short(row.checksum)}…, file ${short(file.checksum)}…). Applied migrations must not change: revert the edit and add a new migration instead.`,
      );
    }
    upToDate++;
  }

  const currentParts = maxVersion([
    ...applied.flatMap((row) => (row.version === undefined ? [] : [parseVersion(row.version)])),
    ...(baselineParts === undefined ? [] : [baselineParts]),
  ]);
  if (
    options.target !== undefined &&
    currentParts !== undefined &&
    compareVersions(options.target, currentParts) < 0
  ) {
    throw new MigrationValidationError(
      `target ${formatVersion(options.target)} is below the current version ${formatVersion(currentParts)}; migrations are never undone: use a new migration to revert a change`,
    );
  }

  const pending: MigrationFile[] = [];
  const belowBaseline: MigrationFile[] = [];
  const aboveTarget: MigrationFile[] = [];
  for (const file of versioned) {
    const parts = file.versionParts ?? [];
    if (appliedVersions.has(key(parts))) continue;
    if (baselineParts !== undefined && compareVersions(parts, baselineParts) <= 0) {
      belowBaseline.push(file);
      continue;
    }
    if (options.target !== undefined && compareVersions(parts, options.target) > 0) {
      aboveTarget.push(file);
      continue;
    }
    if (currentParts !== undefined && compareVersions(parts, currentParts) < 0) {
      throw new MigrationValidationError(
        `${file.script} (version ${file.version}) is new but sorts below the applied version ${formatVersion(currentParts)}; out-of-order migrations are refused. Give it a version above ${formatVersion(currentParts)}.`,
      );
    }
    pending.push(file);
  }

  // Repeatable migrations run (after the versioned ones) when new or changed.
  const latestRepeatable = new Map<string, HistoryRow>();
  for (const row of applied)
    if (row.version === undefined) latestRepeatable.set(row.description, row);
  for (const file of files.filter((f) => f.kind === 'repeatable')) {
    const row = latestRepeatable.get(file.description);
    if (row !== undefined && row.checksum === file.checksum) {
      upToDate++;
      continue;
    }
    pending.push(file);
  }

  const plan: MigrationPlan = { pending, belowBaseline, aboveTarget, upToDate };
  if (newBaseline !== undefined) plan.baseline = newBaseline;
  if (currentParts !== undefined) plan.currentVersion = formatVersion(currentParts);
  return plan;
}

function key(parts: readonly number[]): string {
  const out = [...parts];
  while (out.length > 1 && out[out.length - 1] === 0) out.pop();
  return out.join('.');
}

function maxVersion(versions: number[][]): number[] | undefined {
  let max: number[] | undefined;
  for (const v of versions) if (max === undefined || compareVersions(v, max) > 0) max = v;
  return max;
}
