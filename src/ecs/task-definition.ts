import type {
  ContainerDefinition,
  RegisterTaskDefinitionCommandInput,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import { ConfigurationError } from '../core/errors';
import { quote } from '../core/inputs';

/**
 * Task definitions as data: parse, replace images, normalise. No SDK at run time here (inputs.ts
 * uses it before any client loads); the calls are in task-definition-api.ts.
 */

/** What RegisterTaskDefinition accepts: a task definition without its read-only fields. */
export type TaskDefinitionInput = RegisterTaskDefinitionCommandInput;

/** Fields ECS adds on registration; they are not part of what a user registers. */
const READ_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const;

/** One container whose image a deploy replaced. */
export interface ImageChange {
  container: string;
  /** replaceImages: the base definition's image; deployService: the image the service ran ('' if none). */
  previous: string;
  image: string;
}

/**
 * Parses a task definition file (the JSON `aws ecs describe-task-definition` prints, with or
 * without its `taskDefinition` wrapper, or a register input). Malformed content is a
 * ConfigurationError naming the input.
 */
export function parseTaskDefinitionFile(
  text: string,
  input: string,
  file: string,
): TaskDefinitionInput {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(
      `${quote(file)} is not valid JSON (${(error as Error).message}); export one with ` +
        '`aws ecs describe-task-definition --task-definition FAMILY --query taskDefinition`',
      input,
    );
  }
  if (isObject(document) && isObject(document.taskDefinition)) document = document.taskDefinition;
  if (!isObject(document)) {
    throw new ConfigurationError(
      `${quote(file)} must hold a JSON object (a task definition)`,
      input,
    );
  }
  if (typeof document.family !== 'string' || document.family === '') {
    throw new ConfigurationError(
      `${quote(file)} has no "family"; a task definition needs one`,
      input,
    );
  }
  const containers = document.containerDefinitions;
  if (!Array.isArray(containers) || containers.length === 0) {
    throw new ConfigurationError(`${quote(file)} has no "containerDefinitions" list`, input);
  }
  for (const [index, container] of containers.entries()) {
    if (!isObject(container) || typeof container.name !== 'string' || container.name === '') {
      throw new ConfigurationError(
        `${quote(file)}: containerDefinitions[${index}] has no "name"`,
        input,
      );
    }
  }
  return toRegisterInput(document as unknown as TaskDefinition);
}

/** A described task definition as a register input (read-only fields removed). */
export function toRegisterInput(definition: TaskDefinition): TaskDefinitionInput {
  const copy: Record<string, unknown> = { ...definition };
  for (const field of READ_ONLY) delete copy[field];
  return copy as unknown as TaskDefinitionInput;
}

export function containerNames(definition: TaskDefinitionInput): string[] {
  return (definition.containerDefinitions ?? []).map((c) => c.name ?? '');
}

/**
 * Replaces the image of each named container. An unknown container name is a ConfigurationError
 * (naming `input` and the containers that exist), raised before anything is called.
 */
export function replaceImages(
  definition: TaskDefinitionInput,
  images: ReadonlyMap<string, string>,
  input: string,
): { definition: TaskDefinitionInput; changes: ImageChange[] } {
  const names = containerNames(definition);
  for (const name of images.keys()) {
    if (!names.includes(name)) {
      throw new ConfigurationError(
        `container ${quote(name)} is not in task definition ${quote(definition.family ?? '')}; its containers are ${names.map((n) => quote(n)).join(', ')}`,
        input,
      );
    }
  }
  const changes: ImageChange[] = [];
  const containerDefinitions: ContainerDefinition[] = (definition.containerDefinitions ?? []).map(
    (c) => {
      const image = images.get(c.name ?? '');
      if (image === undefined) return c;
      changes.push({ container: c.name ?? '', previous: c.image ?? '', image });
      return { ...c, image };
    },
  );
  return { definition: { ...definition, containerDefinitions }, changes };
}

/**
 * A canonical form for comparing task definitions: read-only fields and the defaults ECS fills
 * in dropped, name/value lists sorted, keys sorted. Equal forms register the same thing.
 */
export function normalise(definition: TaskDefinitionInput | TaskDefinition): string {
  const copy = toRegisterInput(definition as TaskDefinition) as unknown as Record<string, unknown>;
  delete copy.tags;
  return JSON.stringify(canonical(copy));
}

const DEFAULTS: Record<string, unknown> = { essential: true, cpu: 0 };
const SORTED_LISTS = new Set(['environment', 'secrets']);

function canonical(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v));
    if (key !== undefined && SORTED_LISTS.has(key)) {
      items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    return items;
  }
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const name of Object.keys(value).sort()) {
    const item = value[name];
    if (item === undefined || item === null) continue;
    if (Array.isArray(item) && item.length === 0) continue;
    if (isObject(item) && Object.keys(item).length === 0) continue;
    if (DEFAULTS[name] !== undefined && DEFAULTS[name] === item) continue;
    result[name] = canonical(item, name);
  }
  return result;
}

/** `family:revision` from a task definition ARN, for people. */
export function shortTaskDefinition(arn: string | undefined): string {
  if (arn === undefined) return '(none)';
  const index = arn.indexOf('task-definition/');
  return index === -1 ? arn : arn.slice(index + 'task-definition/'.length);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
