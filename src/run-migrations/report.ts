import { formatDuration } from '../core/clock';
import { SummaryBuilder } from '../core/summary';
import type { AppliedMigration, MigrateResult } from '../database/migrator';
import { nonTransactionalReason } from '../database/migrator';
import { splitStatements } from '../database/sql-split';
import type { Engine } from '../database/connection';
import { setOutput } from '../core/outputs';

export type RunStatus =
  'applied' | 'up-to-date' | 'planned' | 'command-succeeded' | 'task-succeeded';

export interface RunReport {
  target: string;
  /** Unknown in ecs-task mode (the task's tool talks to the database). */
  engine?: Engine;
  lockName: string;
  lockWaitedMs: number;
  status: RunStatus;
  result?: MigrateResult;
  command?: { command: string; durationMs: number; exitCode: number };
}

/** The applied output: one object per migration this run applied. */
export function appliedJson(applied: readonly AppliedMigration[]): string {
  return JSON.stringify(
    applied.map((m) => ({
      ...(m.version === undefined ? {} : { version: m.version }),
      description: m.description,
      script: m.script,
      type: m.kind,
      durationMs: Math.round(m.durationMs),
    })),
  );
}

export function writeOutputs(report: RunReport): void {
  setOutput('run-migrations', 'status', report.status);
  setOutput('run-migrations', 'applied', appliedJson(report.result?.applied ?? []));
  setOutput('run-migrations', 'current-version', report.result?.currentVersion ?? '');
  setOutput('run-migrations', 'pending-count', String(report.result?.pendingCount ?? 0));
}

/** Outputs of a run that failed part-way: what was applied before the failure. */
export function writePartialOutputs(applied: readonly AppliedMigration[]): void {
  setOutput('run-migrations', 'applied', appliedJson(applied));
}

export function summaryFor(report: RunReport): SummaryBuilder {
  const summary = new SummaryBuilder().heading('Database migrations', 3);
  const { result } = report;
  const headline: Record<RunStatus, string> = {
    applied: `Applied ${result?.applied.length ?? 0} migration(s)`,
    'up-to-date': 'Up to date: nothing to apply',
    planned: `Dry run: ${result?.plan.pending.length ?? 0} migration(s) would run; nothing was changed`,
    'command-succeeded': 'Migration command succeeded',
    'task-succeeded': 'Migration task in the VPC succeeded',
  };
  summary.status(true, headline[report.status]);
  summary.facts([
    [report.status === 'task-succeeded' ? 'Ran as' : 'Database', report.target],
    ['Lock', `${report.lockName} (waited ${formatDuration(report.lockWaitedMs)})`],
    ['Current version', result?.currentVersion],
    ['Already applied', result === undefined ? undefined : String(result.plan.upToDate)],
    ['Command', report.command?.command],
    [
      'Command time',
      report.command === undefined ? undefined : formatDuration(report.command.durationMs),
    ],
  ]);
  if (result === undefined) return summary;
  const engine = report.engine ?? 'postgres';
  if (report.status === 'planned') {
    summary.table(
      ['Version', 'Script', 'Transaction'],
      result.plan.pending.map((file) => {
        const reason = nonTransactionalReason(file, splitStatements(file.sql, engine), engine);
        const tx =
          engine === 'mysql'
            ? 'DDL commits implicitly'
            : reason === undefined
              ? 'yes'
              : `no: ${reason}`;
        return [file.version ?? 'repeatable', file.script, tx];
      }),
    );
    if (result.plan.baseline !== undefined)
      summary.paragraph(`Would record baseline version ${result.plan.baseline}.`);
  } else if (result.applied.length > 0) {
    summary.table(
      ['Version', 'Description', 'Script', 'Statements', 'Duration'],
      result.applied.map((m) => [
        m.version ?? 'repeatable',
        m.description,
        m.script,
        m.statements,
        formatDuration(m.durationMs),
      ]),
    );
  }
  if (result.plan.aboveTarget.length > 0) {
    summary.paragraph(
      `Left for later (above the target): ${result.plan.aboveTarget.map((f) => f.script).join(', ')}`,
    );
  }
  return summary;
}
