import * as core from '@actions/core';
import { createClient, readAwsSettings } from '../core/aws-clients';
import { InputReader } from '../core/inputs';
import { CleanupRecord, readPostCleanup } from '../core/post-state';

/** A one-off task the main step started and has not seen stop. */
export interface LeftoverTask {
  cluster: string;
  taskArn: string;
}

/** Saved by src/ecs/one-off-task.ts right after RunTask, cleared once the task is STOPPED. */
export const leftoverTask = new CleanupRecord<LeftoverTask>('ecs-task');

const STOP_REASON_POST = 'Stopped by the workflow: the step was cancelled or killed';

/**
 * The post step of deploy-ecs and run-migrations: stops the one-off task the main step started
 * and did not see stop (main was killed, or its own StopTask failed). Nothing recorded: nothing
 * to do. `post-cleanup: false` leaves the task running.
 */
export async function stopLeftoverTask(action: string): Promise<void> {
  const leftover = leftoverTask.read();
  if (leftover === undefined) {
    core.info('Nothing to clean up: the main step finished its one-off task (or started none).');
    return;
  }
  const inputs = new InputReader();
  if (!readPostCleanup(inputs)) {
    core.warning(`post-cleanup is false: task ${leftover.taskArn} is left as it is`);
    return;
  }
  const { ECSClient, DescribeTasksCommand, StopTaskCommand } = await import('@aws-sdk/client-ecs');
  const ecs = createClient(ECSClient, readAwsSettings(inputs, action));
  try {
    const described = await ecs.send(
      new DescribeTasksCommand({ cluster: leftover.cluster, tasks: [leftover.taskArn] }),
    );
    const status = described.tasks?.[0]?.lastStatus;
    if (status === undefined || status === 'STOPPED' || status === 'DELETED') {
      core.info(`Task ${leftover.taskArn} is already ${status ?? 'gone'}: nothing to stop.`);
      return;
    }
    await ecs.send(
      new StopTaskCommand({
        cluster: leftover.cluster,
        task: leftover.taskArn,
        reason: STOP_REASON_POST,
      }),
    );
    core.warning(
      `Stopped task ${leftover.taskArn} in ${leftover.cluster} (${status}): the main step ended before it did`,
    );
  } finally {
    ecs.destroy();
  }
}
