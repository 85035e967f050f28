import type { ECSClient, TaskDefinition } from '@aws-sdk/client-ecs';
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { normalise, type TaskDefinitionInput } from './task-definition';
import { isAwsError } from '../core/aws-errors';

/** DescribeTaskDefinition by family, family:revision or ARN; undefined when there is none. */
export async function describeTaskDefinition(
  ecs: ECSClient,
  ref: string,
  signal?: AbortSignal,
): Promise<TaskDefinition | undefined> {
  try {
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: ref }), {
      ...(signal === undefined ? {} : { abortSignal: signal }),
    });
    return out.taskDefinition;
  } catch (error) {
    if (isAwsError(error, 'ClientException')) return undefined;
    throw error;
  }
}

/**
 * Registers `definition` unless `current` already is the same thing (normalised). Returns the
 * ARN to deploy and whether a new revision was registered.
 */
export async function registerIfChanged(
  ecs: ECSClient,
  definition: TaskDefinitionInput,
  current: TaskDefinition | undefined,
): Promise<{ arn: string; registered: boolean; definition: TaskDefinition }> {
  if (current?.taskDefinitionArn !== undefined && normalise(current) === normalise(definition)) {
    return { arn: current.taskDefinitionArn, registered: false, definition: current };
  }
  const out = await ecs.send(new RegisterTaskDefinitionCommand(definition));
  const registered = out.taskDefinition;
  if (registered?.taskDefinitionArn === undefined) {
    throw new Error(
      `RegisterTaskDefinition returned no task definition for ${definition.family ?? ''}`,
    );
  }
  return { arn: registered.taskDefinitionArn, registered: true, definition: registered };
}
