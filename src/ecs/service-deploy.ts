import type { ECSClient, TaskDefinition } from '@aws-sdk/client-ecs';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import type { BackoffOptions } from '../core/backoff';
import type { Clock } from '../core/clock';
import { DeploymentFailedError } from '../core/errors';
import { describeService, waitForServiceDeployment } from './service-deployment';
import {
  normalise,
  replaceImages,
  toRegisterInput,
  type ImageChange,
  type TaskDefinitionInput,
} from './task-definition';
import { describeTaskDefinition, registerIfChanged } from './task-definition-api';

/** A classic ECS service deploy: new images into a task definition, UpdateService, wait. */
export interface ServiceDeployOptions {
  ecs: ECSClient;
  cluster: string;
  service: string;
  /** A task definition from the repository; without it the service's current one is the base. */
  definition?: TaskDefinitionInput;
  /** Container -> new image. */
  images: ReadonlyMap<string, string>;
  /** The input named in a ConfigurationError about an unknown container. */
  imagesInput: string;
  timeoutMs: number;
  backoff?: Partial<BackoffOptions>;
  clock?: Clock;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export interface ServiceDeployResult {
  status: 'deployed' | 'unchanged';
  serviceArn: string;
  taskDefinitionArn: string;
  previousTaskDefinitionArn?: string;
  /** Whether a new task definition revision was registered. */
  registered: boolean;
  changes: ImageChange[];
  deploymentId?: string;
}

export async function deployService(options: ServiceDeployOptions): Promise<ServiceDeployResult> {
  const progress = options.onProgress ?? (() => undefined);
  const service = await describeService(options);
  if (service.status !== 'ACTIVE') {
    throw new DeploymentFailedError(
      `service ${options.service} is ${service.status ?? 'not active'} in cluster ${options.cluster}`,
    );
  }
  const previousArn = service.taskDefinition;
  const current =
    previousArn === undefined ? undefined : await describeTaskDefinition(options.ecs, previousArn);
  const base = options.definition ?? (current === undefined ? undefined : toRegisterInput(current));
  if (base === undefined) {
    throw new DeploymentFailedError(
      `cannot read the task definition of service ${options.service}`,
    );
  }
  // An unknown container name is a ConfigurationError here, before anything changes.
  const replaced = replaceImages(base, options.images, options.imagesInput);
  const definition = replaced.definition;
  // `previous` is what the service runs now, whatever the base: a repository file's images
  // are not what a rollback should restore.
  const running = new Map(
    (current?.containerDefinitions ?? []).map((c) => [c.name ?? '', c.image ?? '']),
  );
  const changes = replaced.changes.map((c) => ({
    ...c,
    previous: running.get(c.container) ?? '',
  }));
  for (const change of changes) {
    progress(`Container ${change.container}: ${change.previous || '(none)'} -> ${change.image}`);
  }

  const candidate = await sameAs(options.ecs, definition, current);
  const registered = await registerIfChanged(options.ecs, definition, candidate);
  progress(
    registered.registered
      ? `Registered task definition ${registered.arn}`
      : `Task definition unchanged: ${registered.arn} (no new revision)`,
  );
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  const result = {
    serviceArn: service.serviceArn ?? options.service,
    taskDefinitionArn: registered.arn,
    ...(previousArn === undefined ? {} : { previousTaskDefinitionArn: previousArn }),
    registered: registered.registered,
    changes,
  };
  if (
    registered.arn === previousArn &&
    primary?.rolloutState === 'COMPLETED' &&
    (service.deployments ?? []).length === 1
  ) {
    progress(`Service ${options.service} already runs ${registered.arn}: nothing to deploy`);
    return { ...result, status: 'unchanged' };
  }

  let deploymentId: string | undefined;
  if (registered.arn === previousArn && primary !== undefined) {
    progress(`Service ${options.service} is already deploying ${registered.arn}: waiting for it`);
    deploymentId = primary.id;
  } else {
    const updated = await options.ecs.send(
      new UpdateServiceCommand({
        cluster: options.cluster,
        service: options.service,
        taskDefinition: registered.arn,
      }),
    );
    deploymentId = updated.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id;
    progress(
      `Updated service ${options.service}: deployment ${deploymentId ?? '(unknown)'} started`,
    );
  }
  const done = await waitForServiceDeployment({
    ecs: options.ecs,
    cluster: options.cluster,
    service: options.service,
    taskDefinitionArn: registered.arn,
    ...(deploymentId === undefined ? {} : { deploymentId }),
    timeoutMs: options.timeoutMs,
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onProgress: progress,
  });
  return {
    ...result,
    status: 'deployed',
    ...(done.deployment.id === undefined ? {} : { deploymentId: done.deployment.id }),
  };
}

/**
 * The registered definition that equals `definition`, if any: the service's current one, or
 * the latest revision of the family (a repository file deployed before).
 */
async function sameAs(
  ecs: ECSClient,
  definition: TaskDefinitionInput,
  current: TaskDefinition | undefined,
): Promise<TaskDefinition | undefined> {
  const wanted = normalise(definition);
  if (current !== undefined && normalise(current) === wanted) return current;
  if (definition.family === undefined) return undefined;
  const latest = await describeTaskDefinition(ecs, definition.family);
  if (latest === undefined || latest.taskDefinitionArn === current?.taskDefinitionArn)
    return undefined;
  return normalise(latest) === wanted ? latest : undefined;
}
