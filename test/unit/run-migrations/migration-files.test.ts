import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../src/core/errors';
import {
  checksumOf,
  compareVersions,
  readMigrationFiles,
} from '../../../src/database/migration-files';

describe('readMigrationFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mig-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, sql = 'SELECT 1;'): void => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), sql);
  };

  it('reads Flyway-named files recursively, ordered by numeric version, repeatables last', () => {
    write('V10__ten.sql');
    write('V2__two_words.sql');
    write('sub/V2_1__two_one.sql');
    write('R__b_view.sql');
    write('R__a_view.sql');
    write('README.md', 'not sql');
    const files = readMigrationFiles(dir);
    expect(files.map((f) => [f.kind, f.version, f.description, f.script])).toEqual([
      ['versioned', '2', 'two words', 'V2__two_words.sql'],
      ['versioned', '2.1', 'two one', 'sub/V2_1__two_one.sql'],
      ['versioned', '10', 'ten', 'V10__ten.sql'],
      ['repeatable', undefined, 'a view', 'R__a_view.sql'],
      ['repeatable', undefined, 'b view', 'R__b_view.sql'],
    ]);
  });

  it('refuses misnamed .sql files instead of skipping them', () => {
    write('V1__ok.sql');
    write('V2_missing_underscore.sql');
    write('2__no_prefix.sql');
    expect(() => readMigrationFiles(dir)).toThrow(
      /migrations-path': these \.sql files do not follow the naming .*: 2__no_prefix\.sql, V2_missing_underscore\.sql/,
    );
  });

  it('refuses duplicate versions (1 and 1.0 are the same) and undo scripts', () => {
    write('V1__a.sql');
    write('V1_0__b.sql');
    expect(() => readMigrationFiles(dir)).toThrow(/version 1(\.0)? is defined twice/);
    rmSync(path.join(dir, 'V1_0__b.sql'));
    write('U1__undo.sql');
    expect(() => readMigrationFiles(dir)).toThrow(
      /undo \(U\) and baseline \(B\) scripts are not supported/,
    );
  });

  it('names the input when the folder is missing', () => {
    expect(() => readMigrationFiles(path.join(dir, 'nope'))).toThrow(ConfigurationError);
  });

  it('checksums ignore line-ending style and a BOM, but nothing else', () => {
    expect(checksumOf('a\r\nb\n')).toBe(checksumOf('\uFEFFa\nb\n'));
    expect(checksumOf('a\nb\n')).not.toBe(checksumOf('a\nb \n'));
  });

  it('compares versions part by part', () => {
    expect(compareVersions([1, 10], [1, 9])).toBeGreaterThan(0);
    expect(compareVersions([1], [1, 0])).toBe(0);
    expect(compareVersions([2], [10])).toBeLessThan(0);
  });
});
