import * as core from '@actions/core';
import { DeploymentFailedError } from '../core/errors';
import { readPostCleanup } from '../core/post-state';
import type { ActionContext } from '../core/run-action';
import { connectWithRetry } from '../database/connect';
import { describeTarget, type DatabaseConfig } from '../database/connection';
import { acquireMigrationLock } from '../database/lock';
import { readMigrationFiles } from '../database/migration-files';
import { migrate, type AppliedMigration } from '../database/migrator';
import type { SqlSession } from '../database/session';
import { runCommand } from './command';
import { runMigrationTask } from './ecs-task';
import {
  readInputs,
  type ConnectionInputs,
  type EcsTaskInputs,
  type MigrationMode,
  type RunMigrationsInputs,
} from './inputs';
import { summaryFor, writeOutputs, writePartialOutputs, type RunReport } from './report';
import { resolveConnection } from './resolve-connection';

/** Applies the migrations exactly once under a database lock, then reports what ran. */
export async function run({ signal }: ActionContext): Promise<void> {
  const inputs = readInputs();
  readPostCleanup(); // read by the post step; a typo fails here, before anything changes
  if (inputs.ecsTask !== undefined) {
    await runInVpc(inputs, inputs.ecsTask, signal);
    return;
  }
  // Misnamed files are configuration errors: find them before connecting to anything.
  const files = inputs.mode.kind === 'sql' ? readMigrationFiles(inputs.mode.folder) : [];
  const config = await resolveConnection(inputs.connection as ConnectionInputs, inputs.aws);
  const target = describeTarget(config);
  const session = await core.group(`Connecting to ${target}`, () =>
    connectWithRetry(config, {
      timeoutMs: inputs.connectTimeoutMs,
      connectTimeoutMs: 10_000,
      signal,
      log: (line) => core.info(line),
    }),
  );
  try {
    core.info(`Connected: ${await session.serverVersion()}`);
    const report = await underLock(session, config, inputs, signal, (lockName, lockWaitedMs) =>
      execute(session, config, inputs.mode, files, signal, {
        target,
        engine: config.engine,
        lockName,
        lockWaitedMs,
      }),
    );
    writeOutputs(report);
    await summaryFor(report).write();
  } finally {
    await session.close();
  }
}

/** The migration as a one-off ECS task in the VPC, for databases the runner cannot reach. */
async function runInVpc(
  inputs: RunMigrationsInputs,
  task: EcsTaskInputs,
  signal: AbortSignal,
): Promise<void> {
  const lockName = inputs.lockName ?? 'run-migrations';
  const { result, waitedMs } = await runMigrationTask(
    inputs.aws,
    task,
    lockName,
    inputs.lockTimeoutMs,
    signal,
  );
  const report: RunReport = {
    target: `ECS task ${result.taskId} in ${task.cluster}`,
    lockName,
    lockWaitedMs: waitedMs,
    status: 'task-succeeded',
    command: { command: task.command.join(' '), durationMs: result.durationMs, exitCode: 0 },
  };
  writeOutputs(report);
  await summaryFor(report).write();
}

async function underLock(
  session: SqlSession,
  config: DatabaseConfig,
  inputs: RunMigrationsInputs,
  signal: AbortSignal,
  body: (lockName: string, waitedMs: number) => Promise<RunReport>,
): Promise<RunReport> {
  const lockName = inputs.lockName ?? `run-migrations:${config.database}`;
  const lock = await acquireMigrationLock(session, lockName, {
    timeoutMs: inputs.lockTimeoutMs,
    signal,
    log: (line) => core.info(line),
  });
  core.info(
    `Holding the migration lock "${lockName}"${lock.waitedMs > 0 ? ` (waited ${Math.round(lock.waitedMs)}ms)` : ''}`,
  );
  try {
    return await body(lockName, lock.waitedMs);
  } finally {
    await lock
      .release()
      .catch((error: unknown) =>
        core.warning(
          `could not release the migration lock: ${String(error)}; it ends with the session`,
        ),
      );
    core.info(`Released the migration lock "${lockName}"`);
  }
}

async function execute(
  session: SqlSession,
  config: DatabaseConfig,
  mode: MigrationMode,
  files: ReturnType<typeof readMigrationFiles>,
  signal: AbortSignal,
  base: Omit<RunReport, 'status'>,
): Promise<RunReport> {
  if (mode.kind === 'command') {
    core.info(`Running: ${mode.command}`);
    const outcome = await runCommand(config, { ...mode, signal });
    if (outcome.exitCode !== 0) {
      throw new DeploymentFailedError(
        outcome.signal === null
          ? `the migration command exited with code ${outcome.exitCode}`
          : `the migration command was stopped by ${outcome.signal}`,
      );
    }
    return {
      ...base,
      status: 'command-succeeded',
      command: { command: mode.command, durationMs: outcome.durationMs, exitCode: 0 },
    };
  }
  const applied: AppliedMigration[] = [];
  try {
    const result = await core.group(
      mode.dryRun ? 'Planning migrations (dry run)' : 'Applying migrations',
      () =>
        migrate(session, files, {
          table: mode.table,
          dryRun: mode.dryRun,
          ...(mode.target === undefined ? {} : { target: mode.target }),
          ...(mode.baselineVersion === undefined ? {} : { baselineVersion: mode.baselineVersion }),
          installedBy: installedBy(),
          signal,
          log: (line) => core.info(line),
          onApplied: (m) => applied.push(m),
        }),
    );
    if (mode.dryRun) {
      for (const file of result.plan.pending) core.info(`Would apply ${file.script}`);
    }
    const status = mode.dryRun ? 'planned' : result.applied.length > 0 ? 'applied' : 'up-to-date';
    return { ...base, status, result };
  } catch (error) {
    writePartialOutputs(applied);
    throw error;
  }
}

function installedBy(): string {
  const actor = process.env.GITHUB_ACTOR ?? 'unknown';
  const run = process.env.GITHUB_RUN_ID === undefined ? '' : ` run ${process.env.GITHUB_RUN_ID}`;
  return `${actor}${run}`.slice(0, 100);
}
