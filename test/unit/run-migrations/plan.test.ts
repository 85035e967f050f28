import type { HistoryRow } from '../../../src/database/history';
import {
  checksumOf,
  parseVersion,
  type MigrationFile,
} from '../../../src/database/migration-files';
import { MigrationValidationError, planMigrations } from '../../../src/database/plan';

const file = (name: string, sql = `-- ${name}`): MigrationFile => {
  const versioned = /^V([\d_]+)__(.+)\.sql$/.exec(name);
  return versioned
    ? {
        kind: 'versioned',
        version: parseVersion(versioned[1]!).join('.'),
        versionParts: parseVersion(versioned[1]!),
        description: versioned[2]!,
        script: name,
        absolutePath: name,
        checksum: checksumOf(sql),
        sql,
      }
    : {
        kind: 'repeatable',
        description: name.slice(3, -4),
        script: name,
        absolutePath: name,
        checksum: checksumOf(sql),
        sql,
      };
};
let rank = 0;
const row = (f: MigrationFile, overrides: Partial<HistoryRow> = {}): HistoryRow => ({
  rank: ++rank,
  ...(f.version === undefined ? {} : { version: f.version }),
  description: f.description,
  type: 'SQL',
  script: f.script,
  checksum: f.checksum,
  installedBy: 'test',
  installedOn: new Date(0),
  executionTimeMs: 1,
  success: true,
  ...overrides,
});
const options = { table: 'schema_history' };

describe('planMigrations', () => {
  const v1 = file('V1__a.sql');
  const v2 = file('V2__b.sql');
  const v3 = file('V3__c.sql');
  const r = file('R__view.sql');

  it('plans everything on an empty history, versioned first', () => {
    const plan = planMigrations([v1, v2, r], [], options);
    expect(plan.pending.map((f) => f.script)).toEqual(['V1__a.sql', 'V2__b.sql', 'R__view.sql']);
    expect(plan.currentVersion).toBeUndefined();
  });

  it('plans only what is new, and a repeatable only when its checksum changed', () => {
    const plan = planMigrations([v1, v2, v3, r], [row(v1), row(v2), row(r)], options);
    expect(plan.pending.map((f) => f.script)).toEqual(['V3__c.sql']);
    expect(plan.currentVersion).toBe('2');
    expect(plan.upToDate).toBe(3);
    const changed = file('R__view.sql', 'CREATE VIEW v2');
    expect(planMigrations([v1, changed], [row(v1), row(r)], options).pending).toEqual([changed]);
  });

  it('rejects checksum drift, a missing applied file, a failed row and out-of-order files', () => {
    const edited = file('V1__a.sql', 'changed');
    expect(() => planMigrations([edited], [row(v1)], options)).toThrow(
      /checksum drift: V1__a\.sql was changed after it was applied/,
    );
    expect(() => planMigrations([v2], [row(v1)], options)).toThrow(
      /V1 \(V1__a\.sql\) is applied in the database but missing/,
    );
    expect(() => planMigrations([v1, v2], [row(v1), row(v2, { success: false })], options)).toThrow(
      /V2__b\.sql failed in an earlier run .* delete its row \(success = false, installed_rank \d+\) from schema_history/,
    );
    expect(() => planMigrations([v1, v2, v3], [row(v1), row(v3)], options)).toThrow(
      MigrationValidationError,
    );
    expect(() => planMigrations([v1, v2, v3], [row(v1), row(v3)], options)).toThrow(
      /V2__b\.sql \(version 2\) is new but sorts below the applied version 3/,
    );
  });

  it('stops at the target and refuses a target below the current version', () => {
    const plan = planMigrations([v1, v2, v3, r], [], { ...options, target: [2] });
    expect(plan.pending.map((f) => f.script)).toEqual(['V1__a.sql', 'V2__b.sql', 'R__view.sql']);
    expect(plan.aboveTarget.map((f) => f.script)).toEqual(['V3__c.sql']);
    expect(() => planMigrations([v1, v2], [row(v1), row(v2)], { ...options, target: [1] })).toThrow(
      /target 1 is below the current version 2/,
    );
  });

  it('records a baseline on an empty history and honours an existing baseline row', () => {
    const plan = planMigrations([v1, v2, v3], [], { ...options, baselineVersion: [2] });
    expect(plan.baseline).toBe('2');
    expect(plan.belowBaseline.map((f) => f.script)).toEqual(['V1__a.sql', 'V2__b.sql']);
    expect(plan.pending.map((f) => f.script)).toEqual(['V3__c.sql']);
    const baselineRow: HistoryRow = {
      ...row(v2),
      type: 'BASELINE',
      script: '<< baseline >>',
      description: '<< baseline >>',
    };
    delete baselineRow.checksum;
    const later = planMigrations([v1, v2, v3], [baselineRow], { ...options, baselineVersion: [1] });
    expect(later.baseline).toBeUndefined();
    expect(later.currentVersion).toBe('2');
    expect(later.pending.map((f) => f.script)).toEqual(['V3__c.sql']);
  });
});
