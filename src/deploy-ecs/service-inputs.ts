import { ConfigurationError } from '../core/errors';
import { assertArn, quote, type InputReader } from '../core/inputs';
import type { ContainerEdits } from '../ecs/container-edits';
import type { ServiceUpdate } from '../ecs/service-deploy';

/**
 * The inputs that edit a container of the task definition (service mode) or the primary
 * container (Express Mode), the service settings UpdateService takes, and tags. Each value is
 * checked here, before any client exists.
 */

const LOG_GROUP = /^[\w\-./#]{1,512}$/;
const STREAM_PREFIX = /^[^:*]{1,512}$/;

/** `environment`, `secrets`, `command`, `log-group`, `log-stream-prefix`, `repository-credentials`. */
export function readEditInputs(
  inputs: InputReader,
  parseCommand: (text: string) => string[],
): Omit<ContainerEdits, 'container'> {
  const command = inputs.optional('command');
  const logGroup = inputs.matching(
    'log-group',
    LOG_GROUP,
    'a CloudWatch Logs group name (letters, digits, _ - / . #, up to 512)',
  );
  const logStreamPrefix = inputs.matching(
    'log-stream-prefix',
    STREAM_PREFIX,
    'a stream prefix without : or *',
  );
  const repositoryCredentials = inputs.arn('repository-credentials', 'secretsmanager');
  return {
    environment: inputs.keyValues('environment'),
    secrets: readSecretReferences(inputs),
    ...(command === undefined ? {} : { command: parseCommand(command) }),
    ...(logGroup === undefined ? {} : { logGroup }),
    ...(logStreamPrefix === undefined ? {} : { logStreamPrefix }),
    ...(repositoryCredentials === undefined ? {} : { repositoryCredentials }),
  };
}

/** `secrets`: NAME=ARN lines, each a Secrets Manager secret or an SSM parameter. */
export function readSecretReferences(inputs: InputReader): Map<string, string> {
  const secrets = inputs.keyValues('secrets');
  for (const [name, arn] of secrets) {
    try {
      assertArn('secrets', arn, ['secretsmanager', 'ssm']);
    } catch {
      throw new ConfigurationError(
        // Never echo the value: a secret pasted here by mistake must not reach the log.
        `${name} must reference a Secrets Manager secret or SSM parameter ARN (the value is read by ECS at start-up); the value given is not one (not shown)`,
        'secrets',
      );
    }
  }
  return secrets;
}

/** `tags`: KEY=value lines, as AWS allows them (at most 50, no aws: prefix). */
export function readTags(inputs: InputReader): Map<string, string> {
  const tags = inputs.keyValues('tags');
  if (tags.size > 50) {
    throw new ConfigurationError(`${tags.size} tags given; AWS allows at most 50`, 'tags');
  }
  for (const [key, value] of tags) {
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key)) {
      throw new ConfigurationError(
        `tag key ${quote(key)} must be 1-128 letters, digits, spaces or _ . : / = + - @`,
        'tags',
      );
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw new ConfigurationError(`tag key ${quote(key)}: the aws: prefix is reserved`, 'tags');
    }
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u.test(value)) {
      throw new ConfigurationError(
        `the value of tag ${quote(key)} must be up to 256 letters, digits, spaces or _ . : / = + - @`,
        'tags',
      );
    }
  }
  return tags;
}

/** `force-new-deployment`, `desired-count`, `propagate-tags`, `enable-execute-command`, `tags`. */
export function readServiceUpdate(inputs: InputReader): ServiceUpdate {
  const desiredCount = inputs.integer('desired-count', undefined, { min: 0, max: 5000 });
  const propagateTags = inputs.oneOf(
    'propagate-tags',
    ['SERVICE', 'TASK_DEFINITION', 'NONE'] as const,
    undefined,
  );
  const execute = inputs.optional('enable-execute-command');
  return {
    forceNewDeployment: inputs.boolean('force-new-deployment', false),
    ...(desiredCount === undefined ? {} : { desiredCount }),
    ...(propagateTags === undefined ? {} : { propagateTags }),
    ...(execute === undefined
      ? {}
      : { enableExecuteCommand: inputs.boolean('enable-execute-command', false) }),
    tags: readTags(inputs),
  };
}

/** A task definition ARN or family[:revision] that service mode deploys as it is. */
export const TASK_DEFINITION_REF =
  /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}(:\d+)?$/;
