import {
  AppRunnerClient,
  CreateServiceCommand,
  DeleteServiceCommand,
  StartDeploymentCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-apprunner';
import { resolveScaling, scalingValues, type ScalingChoice } from '../apprunner/auto-scaling';
import { planService, type Plan } from '../apprunner/plan';
import {
  describeService,
  findService,
  isServiceArn,
  listTags,
  nameFromArn,
  waitForOperation,
  waitUntilIdle,
  type PollSettings,
} from '../apprunner/service-state';
import { isDigestReference, type AutoScalingSpec } from '../apprunner/spec';
import { createClient } from '../core/aws-clients';
import { statusPolling } from '../core/backoff';
import { systemClock } from '../core/clock';
import { ConfigurationError, DeploymentFailedError, WaitTimeoutError } from '../core/errors';
import type { DeployAppRunnerConfig } from './inputs';
import { isAwsError } from '../core/aws-errors';

export type DeployAction = 'create' | 'update' | 'start-deployment' | 'none';
export type DeployStatus =
  | 'created'
  | 'updated'
  | 'redeployed'
  | 'unchanged'
  | 'dry-run'
  | 'rolled-back'
  | 'failed'
  | 'timed-out';

export interface DeployOutcome {
  status: DeployStatus;
  action: DeployAction;
  serviceName: string;
  serviceArn: string | undefined;
  /** https://<ServiceUrl>. */
  serviceUrl: string | undefined;
  operationId: string | undefined;
  operationStatus: string | undefined;
  /** The image the service runs now (after a rollback: the old one). */
  image: string | undefined;
  /** The image it ran before this call: the rollback target. */
  previousImage: string | undefined;
  requestedImage: string;
  plan: Plan;
  scaling: ScalingChoice | undefined;
  /** A CREATE_FAILED service was deleted and created again. */
  replacedFailed: boolean;
  elapsedMs: number;
  /** Why the step fails (rollback, failure, timeout). */
  failure?: string;
  /** Why StartDeployment was chosen, or why nothing was done. */
  note?: string;
}

const SUCCESS: Record<Exclude<DeployAction, 'none'>, DeployStatus> = {
  create: 'created',
  update: 'updated',
  'start-deployment': 'redeployed',
};

/** Entry from main: builds the client and runs the deployment with the system clock. */
export async function deploy(
  config: DeployAppRunnerConfig,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<DeployOutcome> {
  const client = createClient(AppRunnerClient, config.aws);
  try {
    return await deployAppRunner(client, config, { signal, log, clock: systemClock, backoff: backoffOf(config) }); // prettier-ignore
  } finally {
    client.destroy();
  }
}

/** Polls start at poll-interval and grow by half each time up to max-poll-interval, with jitter. */
export function backoffOf(
  config: Pick<DeployAppRunnerConfig, 'pollIntervalMs' | 'maxPollIntervalMs'>,
): PollSettings['backoff'] {
  return statusPolling(config.pollIntervalMs, config.maxPollIntervalMs);
}

/**
 * Finds the service, waits out someone else's operation, plans the change, applies it with the
 * one call it needs (CreateService, UpdateService or StartDeployment) and waits for that
 * operation's own outcome.
 */
export async function deployAppRunner(
  client: AppRunnerClient,
  config: DeployAppRunnerConfig,
  settings: PollSettings,
): Promise<DeployOutcome> {
  const clock = settings.clock ?? systemClock;
  const started = clock.now();
  const { spec } = config;
  const byArn = isServiceArn(config.service);

  settings.log(`Looking up App Runner service ${config.service}`);
  let current = await findService(client, config.service);
  if (current === undefined && byArn) {
    throw new ConfigurationError(
      `no App Runner service has this ARN; to create a service, give its name instead`,
      'service',
    );
  }
  if (current?.Status === 'OPERATION_IN_PROGRESS' && config.dryRun) {
    settings.log(`${current.ServiceName} is busy with another operation; the dry run compares with the configuration being deployed`); // prettier-ignore
  } else if (current?.Status === 'OPERATION_IN_PROGRESS') {
    settings.log(`${current.ServiceName} is busy with another operation; waiting for it to finish`);
    current = await waitUntilIdle(client, current.ServiceArn ?? '', config.busyTimeoutMs, settings);
  }
  let replacedFailed = false;
  if (current?.Status === 'CREATE_FAILED') {
    if (!config.replaceFailedService) {
      throw new ConfigurationError(
        `service ${current.ServiceName} is in CREATE_FAILED and App Runner cannot update it; ` +
          `set replace-failed-service: true to delete it and create it again`,
        'replace-failed-service',
      );
    }
    if (!config.dryRun) await deleteFailed(client, current, config, settings);
    replacedFailed = true;
  }
  if (current?.Status === 'DELETE_FAILED') {
    throw new DeploymentFailedError(`service ${current.ServiceName} is in DELETE_FAILED; fix or delete it in the console first`); // prettier-ignore
  }
  const existing = replacedFailed ? undefined : current;
  const serviceName =
    current?.ServiceName ?? (byArn ? nameFromArn(config.service) : config.service);
  if (existing === undefined && spec.repositoryType === 'ECR' && spec.accessRoleArn === undefined) {
    throw new ConfigurationError(
      'creating a service from a private ECR image needs an access role App Runner can assume to pull it',
      'access-role-arn',
    );
  }

  const scalingSet = Object.values(spec.autoScaling).some((v) => v !== undefined);
  const scalingArn = existing?.AutoScalingConfigurationSummary?.AutoScalingConfigurationArn;
  const currentScaling: Required<AutoScalingSpec> | undefined =
    scalingSet && scalingArn !== undefined ? await scalingValues(client, scalingArn) : undefined;
  const tags =
    existing?.ServiceArn !== undefined && Object.keys(spec.tags).length > 0
      ? await listTags(client, existing.ServiceArn)
      : {};
  const plan = planService(existing, currentScaling, spec, tags);
  const scaling =
    plan.autoScaling === undefined
      ? undefined
      : await resolveScaling(client, spec.autoScalingName ?? serviceName.slice(0, 32), plan.autoScaling, config.dryRun); // prettier-ignore

  const previousImage = existing?.SourceConfiguration?.ImageRepository?.ImageIdentifier;
  let action: DeployAction;
  let note: string | undefined;
  if (existing === undefined) action = 'create';
  else if (plan.changes.length > 0) action = 'update';
  else if (!isDigestReference(spec.image)) {
    action = 'start-deployment';
    note = `same tag ${spec.image}: StartDeployment pulls its current content`;
  } else if (config.forceDeployment) {
    action = 'start-deployment';
    note = 'nothing changed; force-deployment redeploys the same image';
  } else {
    action = 'none';
    note = 'nothing changed: the service already runs this image and configuration';
  }

  const outcome: DeployOutcome = {
    status: config.dryRun ? 'dry-run' : 'unchanged',
    action,
    serviceName,
    serviceArn: existing?.ServiceArn,
    serviceUrl: urlOf(existing),
    operationId: undefined,
    operationStatus: undefined,
    image: previousImage,
    previousImage,
    requestedImage: spec.image,
    plan,
    scaling,
    replacedFailed,
    elapsedMs: 0,
    ...(note === undefined ? {} : { note }),
  };
  if (config.dryRun) return finish(outcome, clock.now() - started);

  if (existing?.ServiceArn !== undefined && plan.tagChanges.length > 0) {
    await client.send(
      new TagResourceCommand({
        ResourceArn: existing.ServiceArn,
        Tags: plan.tagChanges.map((c) => ({ Key: c.setting.slice(4), Value: c.after ?? '' })),
      }),
    );
  }
  if (action === 'none') return finish(outcome, clock.now() - started);

  const started_ = await startOperation(client, config, existing, serviceName, action, plan, scaling, settings); // prettier-ignore
  outcome.serviceArn = started_.serviceArn;
  outcome.operationId = started_.operationId;
  if (started_.service !== undefined) outcome.serviceUrl = urlOf(started_.service);
  settings.log(`${actionText(action)} ${serviceName}: operation ${started_.operationId}`);

  let operationStatus: string;
  try {
    const waited = await waitForOperation(client, started_.serviceArn, started_.operationId, config.timeoutMs, settings); // prettier-ignore
    operationStatus = waited.operation.Status ?? 'UNKNOWN';
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    outcome.status = 'timed-out';
    outcome.operationStatus = error.lastState;
    outcome.failure = `${error.message}. The operation goes on in App Runner; the step stopped waiting (raise timeout to wait longer).`; // prettier-ignore
    return finish(outcome, clock.now() - started);
  }
  outcome.operationStatus = operationStatus;
  const final = await describeService(client, started_.serviceArn);
  const running =
    final?.Status === 'CREATE_FAILED'
      ? undefined
      : final?.SourceConfiguration?.ImageRepository?.ImageIdentifier;
  // What this call's own operation (matched by its OperationId) left running: the image it
  // asked for when it succeeded, the previous one after its rollback. The service may show
  // another image by now: an update started by someone else once ours ended.
  const deployed =
    operationStatus === 'SUCCEEDED'
      ? spec.image
      : operationStatus === 'ROLLBACK_SUCCEEDED'
        ? previousImage
        : running;
  outcome.image = deployed;
  if (running !== undefined && deployed !== undefined && running !== deployed) {
    const since = `another operation has changed the service since: it now runs ${running}`;
    outcome.note = outcome.note === undefined ? since : `${outcome.note}; ${since}`;
  }
  outcome.serviceUrl = urlOf(final) ?? outcome.serviceUrl;
  if (operationStatus === 'SUCCEEDED') {
    outcome.status = SUCCESS[action];
  } else {
    outcome.status = operationStatus === 'ROLLBACK_SUCCEEDED' ? 'rolled-back' : 'failed';
    outcome.failure = failureText(action, started_.operationId, operationStatus, final, spec.image);
  }
  return finish(outcome, clock.now() - started);
}

function finish(outcome: DeployOutcome, elapsedMs: number): DeployOutcome {
  outcome.elapsedMs = elapsedMs;
  return outcome;
}

function urlOf(service: Service | undefined): string | undefined {
  return service?.ServiceUrl === undefined ? undefined : `https://${service.ServiceUrl}`;
}

function actionText(action: DeployAction): string {
  return action === 'create' ? 'Creating' : action === 'update' ? 'Updating' : 'Redeploying';
}

function failureText(
  action: DeployAction,
  operationId: string,
  status: string,
  service: Service | undefined,
  requested: string,
): string {
  const running = service?.SourceConfiguration?.ImageRepository?.ImageIdentifier;
  const what = `App Runner operation ${operationId} (${action}) ended ${status}`;
  if (status === 'ROLLBACK_SUCCEEDED') {
    return `${what}: ${requested} did not become healthy (see the service's deployment and application logs) and App Runner rolled back; the service runs ${running ?? 'its previous image'}`; // prettier-ignore
  }
  if (service?.Status === 'CREATE_FAILED') {
    return `${what}: the service is CREATE_FAILED (usually the image failed its health check or could not be pulled); re-run with replace-failed-service: true after fixing it`; // prettier-ignore
  }
  return `${what}; the service is ${service?.Status ?? 'gone'}${running === undefined ? '' : ` and runs ${running}`}`; // prettier-ignore
}

interface Started {
  serviceArn: string;
  operationId: string;
  service: Service | undefined;
}

/** The one mutating call; an InvalidStateException (a racing operation) waits and tries again. */
async function startOperation(
  client: AppRunnerClient,
  config: DeployAppRunnerConfig,
  existing: Service | undefined,
  serviceName: string,
  action: Exclude<DeployAction, 'none'>,
  plan: Plan,
  scaling: ScalingChoice | undefined,
  settings: PollSettings,
): Promise<Started> {
  const arn = existing?.ServiceArn ?? '';
  for (let attempt = 1; ; attempt++) {
    try {
      if (action === 'create') {
        const { Service: service, OperationId } = await client.send(
          new CreateServiceCommand({
            ServiceName: serviceName,
            SourceConfiguration: plan.sourceConfiguration,
            ...(plan.instanceConfiguration === undefined ? {} : { InstanceConfiguration: plan.instanceConfiguration }), // prettier-ignore
            ...(plan.healthCheckConfiguration === undefined ? {} : { HealthCheckConfiguration: plan.healthCheckConfiguration }), // prettier-ignore
            ...(scaling?.arn === undefined ? {} : { AutoScalingConfigurationArn: scaling.arn }),
            ...(plan.networkConfiguration === undefined ? {} : { NetworkConfiguration: plan.networkConfiguration }), // prettier-ignore
            ...(plan.observabilityConfiguration === undefined ? {} : { ObservabilityConfiguration: plan.observabilityConfiguration }), // prettier-ignore
            ...(Object.keys(config.spec.tags).length === 0 ? {} : { Tags: Object.entries(config.spec.tags).map(([Key, Value]) => ({ Key, Value })) }), // prettier-ignore
          }),
        );
        return { serviceArn: service?.ServiceArn ?? '', operationId: OperationId ?? '', service };
      }
      if (action === 'update') {
        const { Service: service, OperationId } = await client.send(
          new UpdateServiceCommand({
            ServiceArn: arn,
            ...(plan.sourceChanged ? { SourceConfiguration: plan.sourceConfiguration } : {}),
            ...(plan.instanceConfiguration === undefined ? {} : { InstanceConfiguration: plan.instanceConfiguration }), // prettier-ignore
            ...(plan.healthCheckConfiguration === undefined ? {} : { HealthCheckConfiguration: plan.healthCheckConfiguration }), // prettier-ignore
            ...(scaling?.arn === undefined ? {} : { AutoScalingConfigurationArn: scaling.arn }),
            ...(plan.networkConfiguration === undefined ? {} : { NetworkConfiguration: plan.networkConfiguration }), // prettier-ignore
            ...(plan.observabilityConfiguration === undefined ? {} : { ObservabilityConfiguration: plan.observabilityConfiguration }), // prettier-ignore
          }),
        );
        return { serviceArn: arn, operationId: OperationId ?? '', service };
      }
      const { OperationId } = await client.send(new StartDeploymentCommand({ ServiceArn: arn }));
      return { serviceArn: arn, operationId: OperationId ?? '', service: existing };
    } catch (error) {
      if (!isAwsError(error, 'InvalidStateException') || attempt >= 3 || action === 'create') throw error; // prettier-ignore
      settings.log(`${serviceName} became busy (another operation started); waiting, then trying again`); // prettier-ignore
      await waitUntilIdle(client, arn, config.busyTimeoutMs, settings);
    }
  }
}

/** Deletes a CREATE_FAILED service and waits until it is gone, so the name can be reused. */
async function deleteFailed(
  client: AppRunnerClient,
  service: Service,
  config: DeployAppRunnerConfig,
  settings: PollSettings,
): Promise<void> {
  const arn = service.ServiceArn ?? '';
  settings.log(`Deleting ${service.ServiceName} (CREATE_FAILED) to create it again`);
  await client.send(new DeleteServiceCommand({ ServiceArn: arn }));
  const gone = await waitUntilIdle(client, arn, config.busyTimeoutMs, settings);
  if (gone !== undefined) {
    throw new DeploymentFailedError(`deleting the CREATE_FAILED service ${service.ServiceName} left it ${gone.Status ?? 'in an unknown state'}`); // prettier-ignore
  }
}
