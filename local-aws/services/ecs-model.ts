import { randomBytes } from 'node:crypto';
import { AwsError } from '../server/aws-error';
import type { StackContext } from '../server/stack-context';
import type { LogsService } from './logs';

/** Shared state and helpers of the local ECS service (clusters, task definitions, ARNs). */

export type Json = Record<string, unknown>;

export interface Cluster {
  name: string;
  arn: string;
  createdAt: number;
}

export interface TaskDefinitionRecord {
  family: string;
  revision: number;
  arn: string;
  /** The registered definition as ECS describes it (input fields plus ARN, revision, status). */
  body: Json;
  registeredAt: number;
}

export interface EcsState {
  context: StackContext;
  clusters: Map<string, Cluster>;
  /** Revisions by family, index = revision - 1. */
  families: Map<string, TaskDefinitionRecord[]>;
  logs(): LogsService | undefined;
}

export const toEpoch = (ms: number): number => ms / 1000;

export function hexId(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

export function arnPrefix(state: EcsState): string {
  return `arn:aws:ecs:${state.context.region}:${state.context.accountId}`;
}

export function str(input: Json, key: string): string | undefined {
  const value = input[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function list<T = Json>(input: Json, key: string): T[] {
  const value = input[key];
  return Array.isArray(value) ? (value as T[]) : [];
}

export function obj(input: Json, key: string): Json | undefined {
  const value = input[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

/** The last path segment of an ARN or the name itself. */
export function shortName(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn;
}

export function clusterNamed(state: EcsState, input: Json): Cluster {
  const ref = str(input, 'cluster') ?? 'default';
  const name = ref.startsWith('arn:') ? (ref.split('/')[1] ?? ref) : ref;
  const cluster = state.clusters.get(name);
  if (cluster === undefined) throw new AwsError('ClusterNotFoundException', 'Cluster not found.');
  return cluster;
}

export function createCluster(state: EcsState, name: string): Cluster {
  const existing = state.clusters.get(name);
  if (existing !== undefined) return existing;
  const cluster = { name, arn: `${arnPrefix(state)}:cluster/${name}`, createdAt: Date.now() };
  state.clusters.set(name, cluster);
  return cluster;
}

export function clusterJson(cluster: Cluster, counts: Json = {}): Json {
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: 0,
    runningTasksCount: 0,
    pendingTasksCount: 0,
    activeServicesCount: 0,
    statistics: [],
    tags: [],
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [],
    ...counts,
  };
}

/** Resolves `family`, `family:revision` or a task definition ARN. */
export function findTaskDefinition(state: EcsState, ref: string): TaskDefinitionRecord | undefined {
  const text = ref.startsWith('arn:') ? ref.slice(ref.indexOf('task-definition/') + 16) : ref;
  const [family = '', revision] = text.split(':');
  const revisions = state.families.get(family);
  if (revisions === undefined || revisions.length === 0) return undefined;
  if (revision === undefined) return revisions.at(-1);
  return revisions[Number(revision) - 1];
}

export function requireTaskDefinition(
  state: EcsState,
  ref: string | undefined,
): TaskDefinitionRecord {
  const record = ref === undefined ? undefined : findTaskDefinition(state, ref);
  if (record === undefined) {
    throw new AwsError('ClientException', 'Unable to describe task definition.');
  }
  return record;
}

const REGISTERED_FIELDS = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
];

/** RegisterTaskDefinition: validates like ECS and appends a revision to the family. */
export function registerTaskDefinition(state: EcsState, input: Json): TaskDefinitionRecord {
  const family = str(input, 'family');
  if (family === undefined || !/^[A-Za-z0-9_-]{1,255}$/.test(family)) {
    throw new AwsError(
      'ClientException',
      'Family contains invalid characters or is empty: up to 255 letters, numbers, hyphens and underscores.',
    );
  }
  const containers = list(input, 'containerDefinitions');
  if (containers.length === 0) {
    throw new AwsError('ClientException', 'Container list cannot be empty.');
  }
  const names = new Set<string>();
  for (const container of containers) {
    const name = str(container, 'name');
    if (name === undefined)
      throw new AwsError('ClientException', 'Container.name should not be null or empty.');
    if (str(container, 'image') === undefined) {
      throw new AwsError('ClientException', 'Container.image should not be null or empty.');
    }
    if (names.has(name)) {
      throw new AwsError(
        'ClientException',
        `Duplicate container name "${name}" in task definition.`,
      );
    }
    names.add(name);
  }
  const compat = list<string>(input, 'requiresCompatibilities');
  if (compat.includes('FARGATE')) {
    if (str(input, 'networkMode') !== 'awsvpc') {
      throw new AwsError('ClientException', 'Fargate only supports network mode ‘awsvpc’.');
    }
    for (const field of ['cpu', 'memory']) {
      if (str(input, field) === undefined) {
        throw new AwsError(
          'ClientException',
          `Fargate requires that '${field}' be defined at the task level.`,
        );
      }
    }
  }
  const revisions = state.families.get(family) ?? [];
  const revision = revisions.length + 1;
  const arn = `${arnPrefix(state)}:task-definition/${family}:${revision}`;
  const body: Json = {};
  for (const field of REGISTERED_FIELDS) {
    if (input[field] !== undefined) body[field] = input[field];
  }
  body.containerDefinitions = containers.map((c) => ({
    essential: true,
    environment: [],
    mountPoints: [],
    volumesFrom: [],
    portMappings: [],
    cpu: 0,
    ...c,
  }));
  const registeredAt = Date.now();
  Object.assign(body, {
    taskDefinitionArn: arn,
    revision,
    status: 'ACTIVE',
    volumes: body.volumes ?? [],
    placementConstraints: body.placementConstraints ?? [],
    compatibilities: compat.includes('FARGATE') ? ['EC2', 'FARGATE'] : ['EC2'],
    requiresAttributes: [],
    registeredAt: toEpoch(registeredAt),
    registeredBy: `arn:aws:sts::${state.context.accountId}:assumed-role/local-deployer/github-actions`,
  });
  const record = { family, revision, arn, body, registeredAt };
  revisions.push(record);
  state.families.set(family, revisions);
  return record;
}

/** The container definitions of a task definition. */
export function containersOf(record: TaskDefinitionRecord): Json[] {
  return list(record.body, 'containerDefinitions');
}

/** KeyValuePair[] (name/value) as a map. */
export function envMap(pairs: readonly Json[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const name = str(pair, 'name');
    if (name !== undefined) result[name] = typeof pair.value === 'string' ? pair.value : '';
  }
  return result;
}
