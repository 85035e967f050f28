import { createHash } from 'node:crypto';
import * as core from '@actions/core';
import { createClient, type AwsSettings } from '../core/aws-clients';
import { WaitTimeoutError } from '../core/errors';
import { waitFor } from '../core/wait';
import type { OneOffTaskResult } from '../ecs/one-off-task';
import { LockTimeoutError } from '../database/lock';
import type { EcsTaskInputs } from './inputs';

/** RunTask's startedBy for every migration task of one lock (at most 36 characters). */
export function migrationTaskTag(lockName: string): string {
  return `run-migrations-${createHash('sha256').update(lockName).digest('hex').slice(0, 20)}`;
}

export interface EcsMigrationOutcome {
  result: OneOffTaskResult;
  waitedMs: number;
}

/**
 * Runs the migration command as a one-off ECS task inside the VPC (the image's own tool, with the
 * connection from the task definition's secrets), streaming its CloudWatch log lines and failing
 * on a non-zero exit code. Runs of the same lock are serialised at the ECS level: before starting,
 * it waits (up to lock-timeout) until no earlier task tagged with this lock is still running.
 * This is best effort (two runs that check at the same instant can both start): the database lock
 * belongs to the tool in the task, and a GitHub `concurrency` group closes the gap.
 */
export async function runMigrationTask(
  aws: AwsSettings,
  task: EcsTaskInputs,
  lockName: string,
  lockTimeoutMs: number,
  signal: AbortSignal,
): Promise<EcsMigrationOutcome> {
  const { ECSClient, ListTasksCommand } = await import('@aws-sdk/client-ecs');
  const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
  const { runOneOffTask } = await import('../ecs/one-off-task');
  const ecs = createClient(ECSClient, aws);
  const logs = createClient(CloudWatchLogsClient, aws);
  const tag = migrationTaskTag(lockName);
  try {
    let waitedMs = 0;
    try {
      const outcome = await waitFor<true>({
        description: `earlier migration tasks of "${lockName}" to finish`,
        timeoutMs: lockTimeoutMs,
        backoff: { initialDelayMs: 2000, maxDelayMs: 15_000 },
        signal,
        poll: async () => {
          const running = await ecs.send(
            new ListTasksCommand({
              cluster: task.cluster,
              startedBy: tag,
              desiredStatus: 'RUNNING',
            }),
          );
          const arns = running.taskArns ?? [];
          if (arns.length === 0) return { done: true, value: true };
          return {
            done: false,
            state: `task ${arns.map((a) => a.split('/').pop()).join(', ')} running`,
          };
        },
        onPending: (state, elapsed, attempt) => {
          if (attempt === 1 || attempt % 5 === 0) {
            core.info(
              `another migration is running (${state}); waiting (${Math.round(elapsed / 1000)}s)`,
            );
          }
        },
      });
      waitedMs = outcome.attempts > 1 ? outcome.elapsedMs : 0;
    } catch (error) {
      if (error instanceof WaitTimeoutError) {
        throw new LockTimeoutError(
          `another migration is running: ${error.lastState ?? 'an earlier task'} in ${task.cluster} did not finish within the lock-timeout. Nothing was started.`,
          { cause: error },
        );
      }
      throw error;
    }
    const result = await runOneOffTask({
      ecs,
      logs,
      cluster: task.cluster,
      ...(task.taskDefinition === undefined ? {} : { taskDefinition: task.taskDefinition }),
      ...(task.service === undefined ? {} : { copyFromService: task.service }),
      containerName: task.container,
      ...(task.image === undefined ? {} : { image: task.image }),
      command: task.command,
      ...(task.subnets.length === 0
        ? {}
        : {
            networkConfiguration: {
              awsvpcConfiguration: {
                subnets: task.subnets,
                ...(task.securityGroups.length === 0
                  ? {}
                  : { securityGroups: task.securityGroups }),
                ...(task.assignPublicIp === undefined
                  ? {}
                  : { assignPublicIp: task.assignPublicIp }),
              },
            },
          }),
      startedBy: tag,
      timeoutMs: task.timeoutMs,
      signal,
      onLogLine: (line) =>
        core.info(
          line.container === task.container ? line.message : `[${line.container}] ${line.message}`,
        ),
      onProgress: (message) => core.info(message),
      onWarning: (message) => core.warning(message),
    });
    return { result, waitedMs };
  } finally {
    ecs.destroy();
    logs.destroy();
  }
}
