import type { Deployment, ECSClient, Service } from '@aws-sdk/client-ecs';
import { DeploymentRolloutState, DescribeServicesCommand } from '@aws-sdk/client-ecs';
import type { BackoffOptions } from '../core/backoff';
import { formatDuration, type Clock } from '../core/clock';
import { DeploymentFailedError } from '../core/errors';
import { waitFor } from '../core/wait';
import { shortTaskDefinition } from './task-definition';
import { describeTaskDefinition } from './task-definition-api';

/**
 * Waits for one ECS service deployment (classic, or the deployment behind an Express Mode
 * revision) to finish: success is that deployment being PRIMARY with rolloutState COMPLETED and
 * every desired task running. A FAILED rollout, a circuit-breaker rollback (the deployment is
 * replaced or removed) or another deployment taking over is a DeploymentRolledBackError that
 * names what the service runs now.
 */

export interface DeploymentWatch {
  ecs: ECSClient;
  cluster: string;
  service: string;
  /** The deployment to follow, when known (UpdateService returns it as the PRIMARY one). */
  deploymentId?: string;
  /** Else: the newest deployment of this task definition. */
  taskDefinitionArn: string;
  timeoutMs: number;
  backoff?: Partial<BackoffOptions>;
  clock?: Clock;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export interface DeploymentDone {
  service: Service;
  deployment: Deployment;
  elapsedMs: number;
}

/** What a service runs after a failed deployment. */
export interface RunningNow {
  taskDefinitionArn?: string;
  /** Container name -> image. */
  images: Record<string, string>;
  /** `rolling back` while the rollback deployment is still in progress. */
  state: 'running' | 'rolling back' | 'nothing running';
}

export class DeploymentRolledBackError extends DeploymentFailedError {
  constructor(
    message: string,
    readonly runningNow: RunningNow,
  ) {
    super(message);
  }
}

const ROLLOUT_STATES: readonly string[] = Object.values(DeploymentRolloutState);

export async function waitForServiceDeployment(watch: DeploymentWatch): Promise<DeploymentDone> {
  let seen: Deployment | undefined;
  let lastState = '';
  const outcome = await waitFor<{ service: Service; deployment: Deployment }>({
    description: `deployment of ${shortTaskDefinition(watch.taskDefinitionArn)} to service ${watch.service}`,
    timeoutMs: watch.timeoutMs,
    ...(watch.backoff === undefined ? {} : { backoff: watch.backoff }),
    ...(watch.clock === undefined ? {} : { clock: watch.clock }),
    ...(watch.signal === undefined ? {} : { signal: watch.signal }),
    statuses: ROLLOUT_STATES,
    poll: async () => {
      const service = await describeService(watch);
      // ServicesStable's failure states: a service being deleted never becomes stable.
      if (service.status === 'DRAINING' || service.status === 'INACTIVE') {
        throw new DeploymentFailedError(
          `service ${watch.service} is ${service.status} in cluster ${watch.cluster}: it was deleted during the deployment`,
        );
      }
      const deployments = service.deployments ?? [];
      const deployment = follow(watch, deployments, seen);
      if (deployment === undefined) {
        if (seen === undefined && watch.deploymentId === undefined) {
          return { done: false, state: 'waiting for the deployment to appear' };
        }
        const named = deployments.find((d) => d.id === watch.deploymentId);
        throw await failure(
          watch,
          service,
          seen,
          seen === undefined && named !== undefined
            ? `no deployment of ${shortTaskDefinition(watch.taskDefinitionArn)} on the service (deployment ${named.id ?? ''} runs ${shortTaskDefinition(named.taskDefinition ?? 'another revision')})`
            : 'the deployment was removed from the service (rolled back or replaced)',
        );
      }
      seen = deployment;
      if (deployment.rolloutState === 'FAILED') {
        throw await failure(
          watch,
          service,
          deployment,
          deployment.rolloutStateReason ?? 'rollout FAILED',
        );
      }
      if (deployment.status !== 'PRIMARY') {
        throw await failure(
          watch,
          service,
          deployment,
          `another deployment took over (this one is ${deployment.status ?? 'not primary'})`,
        );
      }
      const running = deployment.runningCount ?? 0;
      const desired = deployment.desiredCount ?? 0;
      const completed =
        deployment.rolloutState === 'COMPLETED' ||
        (deployment.rolloutState === undefined && deployments.length === 1);
      // Done only when the PRIMARY deployment runs the revision this run deploys.
      if (completed && running >= desired && deployment.taskDefinition === watch.taskDefinitionArn)
        return { done: true, value: { service, deployment } };
      const state = `${deployment.rolloutState ?? 'IN_PROGRESS'}, ${running}/${desired} tasks running${
        (deployment.failedTasks ?? 0) > 0 ? `, ${deployment.failedTasks} failed` : ''
      }`;
      const changed = state !== lastState;
      lastState = state;
      return {
        done: false,
        state,
        resetBackoff: changed,
        ...(deployment.rolloutState === undefined ? {} : { status: deployment.rolloutState }),
      };
    },
    onPending: (state, elapsedMs, attempt) => {
      if (attempt === 1 || attempt % 5 === 0) {
        watch.onProgress?.(`Service ${watch.service}: ${state} (${formatDuration(elapsedMs)})`);
      }
    },
  });
  return { ...outcome.value, elapsedMs: outcome.elapsedMs };
}

/**
 * The deployment to follow: the one seen before; else the one UpdateService named, when it runs
 * this revision (an answer naming another deployment is not trusted); else the newest of this
 * revision.
 */
function follow(
  watch: DeploymentWatch,
  deployments: Deployment[],
  seen: Deployment | undefined,
): Deployment | undefined {
  if (seen !== undefined) return deployments.find((d) => d.id === seen.id);
  const ours = deployments.filter((d) => d.taskDefinition === watch.taskDefinitionArn);
  return (
    ours.find((d) => d.id === watch.deploymentId) ??
    ours.find((d) => d.status === 'PRIMARY') ??
    ours[0]
  );
}

export async function describeService(target: {
  ecs: ECSClient;
  cluster: string;
  service: string;
  signal?: AbortSignal;
}): Promise<Service> {
  const out = await target.ecs.send(
    new DescribeServicesCommand({ cluster: target.cluster, services: [target.service] }),
    target.signal === undefined ? {} : { abortSignal: target.signal },
  );
  const service = out.services?.[0];
  if (service === undefined) {
    throw new DeploymentFailedError(
      `service ${target.service} was not found in cluster ${target.cluster} (${out.failures?.[0]?.reason ?? 'MISSING'})`,
    );
  }
  return service;
}

/** The service as it stands after `failed`: the primary deployment if it is another one, else the one with running tasks. */
export async function runningNow(
  ecs: ECSClient,
  service: Service,
  failedId: string | undefined,
): Promise<RunningNow> {
  const others = (service.deployments ?? []).filter((d) => d.id !== failedId);
  const primary = others.find((d) => d.status === 'PRIMARY');
  const current =
    primary ?? [...others].sort((a, b) => (b.runningCount ?? 0) - (a.runningCount ?? 0))[0];
  if (current?.taskDefinition === undefined) return { images: {}, state: 'nothing running' };
  const definition = await describeTaskDefinition(ecs, current.taskDefinition);
  const images: Record<string, string> = {};
  for (const c of definition?.containerDefinitions ?? []) images[c.name ?? ''] = c.image ?? '';
  return {
    taskDefinitionArn: current.taskDefinition,
    images,
    state:
      current.rolloutState === 'IN_PROGRESS' && primary !== undefined ? 'rolling back' : 'running',
  };
}

export function describeRunningNow(now: RunningNow): string {
  if (now.state === 'nothing running' || now.taskDefinitionArn === undefined)
    return 'the service runs no other deployment';
  const images = Object.entries(now.images)
    .map(([name, image]) => `${name}=${image}`)
    .join(', ');
  const verb = now.state === 'rolling back' ? 'is rolling back to' : 'now runs';
  return `the service ${verb} ${shortTaskDefinition(now.taskDefinitionArn)} (${images})`;
}

async function failure(
  watch: DeploymentWatch,
  service: Service,
  deployment: Deployment | undefined,
  reason: string,
): Promise<DeploymentRolledBackError> {
  const now = await runningNow(watch.ecs, service, deployment?.id);
  return new DeploymentRolledBackError(
    `Deployment ${deployment?.id ?? ''} of ${shortTaskDefinition(watch.taskDefinitionArn)} to service ${watch.service} failed: ${reason}; ${describeRunningNow(now)}`,
    now,
  );
}
