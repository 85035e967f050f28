import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../core/errors';

/** A migration script found on disk. */
export interface MigrationFile {
  kind: 'versioned' | 'repeatable';
  /** Normalised version (`1.2.3`); undefined for repeatable migrations. */
  version?: string;
  /** Numeric parts of the version, for ordering. */
  versionParts?: number[];
  /** `create users table` from `V1__create_users_table.sql`. */
  description: string;
  /** Path relative to the migrations folder, with forward slashes. */
  script: string;
  absolutePath: string;
  /** SHA-256 of the content with line endings normalised and any BOM removed. */
  checksum: string;
  sql: string;
}

const VERSIONED = /^V(\d+(?:[._]\d+)*)__(.+)\.sql$/;
const REPEATABLE = /^R__(.+)\.sql$/;
/** Flyway's undo (U) and baseline (B) scripts: recognised, and refused with a clear reason. */
const OTHER_FLYWAY = /^[UB]\d+(?:[._]\d+)*__.+\.sql$/;

/** Parses `1_2` / `1.2` into [1, 2]; leading zeros are not significant, as in Flyway. */
export function parseVersion(text: string): number[] {
  return text.split(/[._]/).map((part) => Number(part));
}

export function formatVersion(parts: readonly number[]): string {
  return parts.join('.');
}

/** Orders versions part by part; a missing part counts as 0 (1 == 1.0). */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export function checksumOf(sql: string): string {
  const normalised = sql.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}

/**
 * Reads a migrations folder (recursively): `V<version>__<description>.sql` versioned and
 * `R__<description>.sql` repeatable scripts, Flyway's naming. Any other `.sql` file is an
 * error (a misnamed migration must not be skipped silently); other files are ignored.
 */
export function readMigrationFiles(folder: string, input = 'migrations-path'): MigrationFile[] {
  let entries: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    entries = listSqlFiles(folder);
  } catch {
    throw new ConfigurationError(
      `the folder ${JSON.stringify(folder)} does not exist or is not a folder`,
      input,
    );
  }
  const files: MigrationFile[] = [];
  const misnamed: string[] = [];
  for (const absolutePath of entries) {
    const script = path.relative(folder, absolutePath).split(path.sep).join('/');
    const base = path.basename(absolutePath);
    const sql = readFileSync(absolutePath, 'utf8');
    const versioned = VERSIONED.exec(base);
    const repeatable = REPEATABLE.exec(base);
    if (versioned !== null) {
      const parts = parseVersion(versioned[1] as string);
      files.push({
        kind: 'versioned',
        version: formatVersion(parts),
        versionParts: parts,
        description: describe(versioned[2] as string),
        script,
        absolutePath,
        checksum: checksumOf(sql),
        sql,
      });
    } else if (repeatable !== null) {
      files.push({
        kind: 'repeatable',
        description: describe(repeatable[1] as string),
        script,
        absolutePath,
        checksum: checksumOf(sql),
        sql,
      });
    } else if (OTHER_FLYWAY.test(base)) {
      throw new ConfigurationError(
        `${script}: undo (U) and baseline (B) scripts are not supported; remove it, or use the baseline-version input instead of a B script`,
        input,
      );
    } else {
      misnamed.push(script);
    }
  }
  if (misnamed.length > 0) {
    throw new ConfigurationError(
      `these .sql files do not follow the naming V<version>__<description>.sql or R__<description>.sql (two underscores), so they would never run: ${misnamed.join(', ')}`,
      input,
    );
  }
  checkDuplicates(files, input);
  return sortMigrations(files);
}

function listSqlFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...listSqlFiles(full));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql')) out.push(full);
  }
  return out;
}

function trimZeros(parts: readonly number[]): number[] {
  const out = [...parts];
  while (out.length > 1 && out[out.length - 1] === 0) out.pop();
  return out;
}

function describe(raw: string): string {
  return raw.replace(/_/g, ' ');
}

function checkDuplicates(files: MigrationFile[], input: string): void {
  const byKey = new Map<string, string>();
  for (const file of files) {
    const key =
      file.kind === 'versioned'
        ? `V${formatVersion(trimZeros(file.versionParts ?? []))}`
        : `R:${file.description}`;
    const other = byKey.get(key);
    if (other !== undefined) {
      const what =
        file.kind === 'versioned'
          ? `version ${file.version}`
          : `repeatable ${JSON.stringify(file.description)}`;
      throw new ConfigurationError(`${what} is defined twice: ${other} and ${file.script}`, input);
    }
    byKey.set(key, file.script);
  }
}

/** Versioned by version, then repeatable by description (the order Flyway applies them in). */
export function sortMigrations(files: MigrationFile[]): MigrationFile[] {
  return [...files].sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'versioned' ? -1 : 1;
    if (a.kind === 'versioned') return compareVersions(a.versionParts ?? [], b.versionParts ?? []);
    return a.description.localeCompare(b.description);
  });
}
