import type {
  DeploymentConfiguration,
  ECSClient,
  PropagateTags,
  Service,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import { TagResourceCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import type { BackoffOptions } from '../core/backoff';
import type { Clock } from '../core/clock';
import { DeploymentFailedError } from '../core/errors';
import { applyContainerEdits, hasEdits, toTags, type ContainerEdits } from './container-edits';
import {
  hasLifecycle,
  mergeDeploymentConfiguration,
  type DeploymentStrategySettings,
} from './deployment-strategy';
import {
  describeStage,
  followServiceDeployment,
  type StageEntered,
} from './service-deployment-stages';
import { withServiceDiagnostics } from './service-diagnostics';
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
  /** A registered task definition (ARN or family[:revision]) deployed as it is. */
  taskDefinitionRef?: string;
  /** Container -> new image. */
  images: ReadonlyMap<string, string>;
  /** Environment, secrets, command, log or registry-credential edits of one container. */
  edits?: ContainerEdits;
  /** Service settings sent with UpdateService, and tags. */
  update?: ServiceUpdate;
  /** A native deployment strategy and its settings, laid over the service's configuration. */
  strategy?: DeploymentStrategySettings;
  /** A PAUSE hook awaits action: reported as a warning (default: progress). */
  onPause?: (message: string) => void;
  /** The input named in a ConfigurationError about an unknown container. */
  imagesInput: string;
  timeoutMs: number;
  backoff?: Partial<BackoffOptions>;
  clock?: Clock;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** What UpdateService changes besides the task definition (unset: the service keeps its own). */
export interface ServiceUpdate {
  forceNewDeployment: boolean;
  desiredCount?: number;
  propagateTags?: PropagateTags;
  enableExecuteCommand?: boolean;
  /** Tags for the service and the task definition revision registered. */
  tags: ReadonlyMap<string, string>;
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
  /** The lifecycle stages the deployment passed (blue/green-family strategies). */
  stages?: StageEntered[];
}

export async function deployService(options: ServiceDeployOptions): Promise<ServiceDeployResult> {
  const progress = options.onProgress ?? (() => undefined);
  const service = await describeService(options);
  if (service.status !== 'ACTIVE') {
    throw new DeploymentFailedError(
      `service ${options.service} is ${service.status ?? 'not active'} in cluster ${options.cluster}`,
    );
  }
  if (service.deploymentController?.type === 'CODE_DEPLOY') {
    throw new DeploymentFailedError(
      `service ${options.service} uses the CODE_DEPLOY deployment controller: ECS refuses a new task definition through UpdateService there, and deploy-ecs does not create CodeDeploy deployments yet; deploy it with AWS CodeDeploy, or move the service to the ECS controller and a deployment-strategy`,
    );
  }
  const prepared = await prepareTaskDefinition(options, service, progress);
  const previousArn = service.taskDefinition;
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  const result = {
    serviceArn: service.serviceArn ?? options.service,
    taskDefinitionArn: prepared.arn,
    ...(previousArn === undefined ? {} : { previousTaskDefinitionArn: previousArn }),
    registered: prepared.registered,
    changes: prepared.changes,
  };
  const settings = settingsToSend(options.update, service, options.strategy);
  if (
    prepared.arn === previousArn &&
    primary?.rolloutState === 'COMPLETED' &&
    (service.deployments ?? []).length === 1 &&
    settings === undefined
  ) {
    progress(`Service ${options.service} already runs ${prepared.arn}: nothing to deploy`);
    await tagService(options, result.serviceArn, progress);
    return { ...result, status: 'unchanged' };
  }
  const since = new Date(Date.now() - 1000);
  const deploymentId = await startOrJoin(options, prepared.arn, previousArn, primary?.id, settings);
  await tagService(options, result.serviceArn, progress);
  const strategy =
    settings?.deploymentConfiguration?.strategy ?? service.deploymentConfiguration?.strategy;
  const done = await withServiceDiagnostics({ ...options, since, deploymentId }, async () => {
    const stages = hasLifecycle(strategy) ? await followStages(options, since) : undefined;
    const finished = await waitForServiceDeployment({
      ecs: options.ecs,
      cluster: options.cluster,
      service: options.service,
      taskDefinitionArn: prepared.arn,
      ...(deploymentId === undefined ? {} : { deploymentId }),
      timeoutMs: options.timeoutMs,
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: progress,
    });
    return { ...finished, stages };
  });
  return {
    ...result,
    status: 'deployed',
    ...(done.deployment.id === undefined ? {} : { deploymentId: done.deployment.id }),
    ...(done.stages === undefined ? {} : { stages: done.stages }),
  };
}

/** A blue/green-family deployment: its lifecycle stages, each logged as it is entered. */
async function followStages(options: ServiceDeployOptions, since: Date): Promise<StageEntered[]> {
  const progress = options.onProgress ?? (() => undefined);
  const followed = await followServiceDeployment({
    ecs: options.ecs,
    cluster: options.cluster,
    service: options.service,
    since,
    timeoutMs: options.timeoutMs,
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onStage: (stage) =>
      progress(`Service ${options.service}: lifecycle stage ${describeStage(stage)}`),
    onPause: options.onPause ?? progress,
  });
  progress(`Service deployment ${followed.serviceDeploymentArn} SUCCESSFUL`);
  return followed.stages;
}

/**
 * The task definition to deploy: a registered one as it is, or the base (file or current) with
 * new images and container edits, registered only when it differs from what exists.
 */
async function prepareTaskDefinition(
  options: ServiceDeployOptions,
  service: Service,
  progress: (message: string) => void,
): Promise<{ arn: string; registered: boolean; changes: ImageChange[] }> {
  const previousArn = service.taskDefinition;
  if (options.taskDefinitionRef !== undefined) {
    const given = await describeTaskDefinition(options.ecs, options.taskDefinitionRef);
    if (given?.taskDefinitionArn === undefined) {
      throw new DeploymentFailedError(
        `task definition ${options.taskDefinitionRef} is not registered (check the task-definition input)`,
      );
    }
    progress(`Deploying task definition ${given.taskDefinitionArn} as it is`);
    return { arn: given.taskDefinitionArn, registered: false, changes: [] };
  }
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
  let definition =
    options.edits === undefined || !hasEdits(options.edits)
      ? replaced.definition
      : applyContainerEdits(replaced.definition, options.edits);
  const tags = options.update?.tags;
  if (tags !== undefined && tags.size > 0) definition = { ...definition, tags: toTags(tags) };
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
  return { arn: registered.arn, registered: registered.registered, changes };
}

type ServiceSettingsUpdate = Omit<ServiceUpdate, 'tags'> & {
  deploymentConfiguration?: DeploymentConfiguration;
};

/** The settings UpdateService must send, or undefined when the service already has them all. */
function settingsToSend(
  given: ServiceUpdate | undefined,
  service: Service,
  strategy: DeploymentStrategySettings | undefined,
): ServiceSettingsUpdate | undefined {
  const config =
    strategy === undefined
      ? undefined
      : mergeDeploymentConfiguration(service.deploymentConfiguration, strategy);
  const configChanged =
    config !== undefined &&
    JSON.stringify(config) !== JSON.stringify(service.deploymentConfiguration ?? {});
  const update = given ?? { forceNewDeployment: false, tags: new Map<string, string>() };
  const differs =
    configChanged ||
    update.forceNewDeployment ||
    (update.desiredCount !== undefined && update.desiredCount !== service.desiredCount) ||
    (update.propagateTags !== undefined && update.propagateTags !== service.propagateTags) ||
    (update.enableExecuteCommand !== undefined &&
      update.enableExecuteCommand !== service.enableExecuteCommand);
  if (!differs) return undefined;
  const { tags: _tags, ...settings } = update;
  return configChanged ? { ...settings, deploymentConfiguration: config } : settings;
}

/** UpdateService (a new deployment), or the id of the deployment of this revision under way. */
async function startOrJoin(
  options: ServiceDeployOptions,
  arn: string,
  previousArn: string | undefined,
  primaryId: string | undefined,
  settings: ServiceSettingsUpdate | undefined,
): Promise<string | undefined> {
  const progress = options.onProgress ?? (() => undefined);
  if (arn === previousArn && primaryId !== undefined && settings === undefined) {
    progress(`Service ${options.service} is already deploying ${arn}: waiting for it`);
    return primaryId;
  }
  const updated = await options.ecs.send(
    new UpdateServiceCommand({
      cluster: options.cluster,
      service: options.service,
      taskDefinition: arn,
      ...(settings?.forceNewDeployment === true ? { forceNewDeployment: true } : {}),
      ...(settings?.desiredCount === undefined ? {} : { desiredCount: settings.desiredCount }),
      ...(settings?.propagateTags === undefined ? {} : { propagateTags: settings.propagateTags }),
      ...(settings?.enableExecuteCommand === undefined
        ? {}
        : { enableExecuteCommand: settings.enableExecuteCommand }),
      ...(settings?.deploymentConfiguration === undefined
        ? {}
        : { deploymentConfiguration: settings.deploymentConfiguration }),
    }),
  );
  const deploymentId = updated.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id;
  progress(`Updated service ${options.service}: deployment ${deploymentId ?? '(unknown)'} started`);
  return deploymentId;
}

/** TagResource on the service when tags are given (ECS merges them with the service's own). */
async function tagService(
  options: ServiceDeployOptions,
  serviceArn: string,
  progress: (message: string) => void,
): Promise<void> {
  const tags = options.update?.tags;
  if (tags === undefined || tags.size === 0) return;
  await options.ecs.send(new TagResourceCommand({ resourceArn: serviceArn, tags: toTags(tags) }));
  progress(`Tagged service ${options.service}: ${[...tags.keys()].join(', ')}`);
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
