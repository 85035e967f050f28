import type { ContainerDefinition, KeyValuePair, Secret, Tag } from '@aws-sdk/client-ecs';
import { ConfigurationError } from '../core/errors';
import { quote } from '../core/inputs';
import type { TaskDefinitionInput } from './task-definition';

/**
 * Edits of one container merged into a task definition (the current one or a file), so a deploy
 * can change a variable, a secret reference, the command or the log group without keeping the
 * whole task definition in the repository. Data only: no SDK at run time.
 */
export interface ContainerEdits {
  /** The container edited (the `container` input). */
  container: string;
  /** Set or replace these variables; the container's other variables stay. */
  environment: ReadonlyMap<string, string>;
  /** Set or replace these secret references (name -> Secrets Manager or SSM ARN). */
  secrets: ReadonlyMap<string, string>;
  command?: readonly string[];
  /** awslogs: log group (and stream prefix); region defaults to the deploy's region. */
  logGroup?: string;
  logStreamPrefix?: string;
  logRegion?: string;
  /** A Secrets Manager secret holding the private registry's credentials. */
  repositoryCredentials?: string;
}

/** Whether the edits change anything at all. */
export function hasEdits(edits: ContainerEdits): boolean {
  return (
    edits.environment.size > 0 ||
    edits.secrets.size > 0 ||
    edits.command !== undefined ||
    edits.logGroup !== undefined ||
    edits.logStreamPrefix !== undefined ||
    edits.repositoryCredentials !== undefined
  );
}

/**
 * Applies `edits` to the named container. An unknown container is a ConfigurationError naming
 * the `container` input and the containers that exist, raised before anything is registered.
 */
export function applyContainerEdits(
  definition: TaskDefinitionInput,
  edits: ContainerEdits,
): TaskDefinitionInput {
  const containers = definition.containerDefinitions ?? [];
  if (!containers.some((c) => c.name === edits.container)) {
    throw new ConfigurationError(
      `container ${quote(edits.container)} is not in task definition ${quote(definition.family ?? '')}; its containers are ${containers.map((c) => quote(c.name ?? '')).join(', ')}`,
      'container',
    );
  }
  return {
    ...definition,
    containerDefinitions: containers.map((c) =>
      c.name === edits.container ? editContainer(c, edits) : c,
    ),
  };
}

function editContainer(container: ContainerDefinition, edits: ContainerEdits): ContainerDefinition {
  const edited: ContainerDefinition = { ...container };
  if (edits.environment.size > 0) {
    edited.environment = merge<KeyValuePair>(
      container.environment ?? [],
      [...edits.environment].map(([name, value]) => ({ name, value })),
    );
  }
  if (edits.secrets.size > 0) {
    edited.secrets = merge<Secret>(
      container.secrets ?? [],
      [...edits.secrets].map(([name, valueFrom]) => ({ name, valueFrom })),
    );
  }
  if (edits.command !== undefined) edited.command = [...edits.command];
  if (edits.repositoryCredentials !== undefined) {
    edited.repositoryCredentials = { credentialsParameter: edits.repositoryCredentials };
  }
  if (edits.logGroup !== undefined || edits.logStreamPrefix !== undefined) {
    const current = container.logConfiguration;
    // Another log driver's options mean nothing to awslogs: start afresh.
    const options = current?.logDriver === 'awslogs' ? { ...(current.options ?? {}) } : {};
    if (edits.logGroup !== undefined) options['awslogs-group'] = edits.logGroup;
    if (edits.logStreamPrefix !== undefined)
      options['awslogs-stream-prefix'] = edits.logStreamPrefix;
    options['awslogs-stream-prefix'] ??= container.name ?? 'ecs';
    if (edits.logRegion !== undefined) options['awslogs-region'] ??= edits.logRegion;
    if (options['awslogs-group'] === undefined) {
      throw new ConfigurationError(
        `container ${quote(container.name ?? '')} has no awslogs log group to keep; set log-group too`,
        'log-stream-prefix',
      );
    }
    edited.logConfiguration = {
      logDriver: 'awslogs',
      options,
      ...(current?.logDriver === 'awslogs' && current.secretOptions !== undefined
        ? { secretOptions: current.secretOptions }
        : {}),
    };
  }
  return edited;
}

/** `base` with each of `changes` replacing the entry of the same name (or appended). */
function merge<T extends { name?: string | undefined }>(
  base: readonly T[],
  changes: readonly T[],
): T[] {
  const names = new Set(changes.map((c) => c.name));
  return [...base.filter((item) => !names.has(item.name)), ...changes];
}

/** `KEY=value` lines as ECS tags (key and value as AWS allows them). */
export function toTags(tags: ReadonlyMap<string, string>): Tag[] {
  return [...tags].map(([key, value]) => ({ key, value }));
}
