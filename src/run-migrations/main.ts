import { readPostCleanup } from '../core/post-state';
import type { ActionContext } from '../core/run-action';
import { readMigrationFiles } from '../database/migration-files';
import { runMigrationTask } from './ecs-task';
import {
  readInputs,
  type ConnectionInputs,
  type EcsTaskInputs,
  type RunMigrationsInputs,
} from './inputs';
import { migrateOn } from './migrate-on';
import { summaryFor, writeOutputs, type RunReport } from './report';
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
  const report = await migrateOn(config, inputs, files, signal);
  writeOutputs(report);
  await summaryFor(report).write();
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
