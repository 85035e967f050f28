import type { ECSClient, ServiceDeployment } from '@aws-sdk/client-ecs';
import {
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
} from '@aws-sdk/client-ecs';
import type { BackoffOptions } from '../core/backoff';
import { formatDuration, systemClock, type Clock } from '../core/clock';
import { waitFor } from '../core/wait';
import {
  DeploymentRolledBackError,
  describeRunningNow,
  describeService,
  runningNow,
} from './service-deployment';

/**
 * Follows one service deployment of a blue/green-family strategy (BLUE_GREEN, LINEAR, CANARY)
 * through ECS's lifecycle stages with ListServiceDeployments / DescribeServiceDeployments: each
 * stage is reported as it is entered, a PAUSE hook awaiting action is reported (with the command
 * that continues it) and waited on, and a rollback (alarm, hook, circuit breaker) or a stop is a
 * DeploymentRolledBackError with ECS's reason.
 */

export interface StageEntered {
  stage: string;
  /** Time since the deployment was started. */
  elapsedMs: number;
}

export interface StageWatch {
  ecs: ECSClient;
  cluster: string;
  service: string;
  /** When UpdateService was sent: the deployment followed is the first created after it. */
  since: Date;
  timeoutMs: number;
  backoff?: Partial<BackoffOptions>;
  clock?: Clock;
  signal?: AbortSignal;
  onStage?: (stage: StageEntered) => void;
  /** A PAUSE hook awaits action (reported once per hook). */
  onPause?: (message: string) => void;
}

export interface StagesDone {
  serviceDeploymentArn: string;
  stages: StageEntered[];
}

const FAILED = new Set([
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
  'STOP_REQUESTED',
  'STOPPED',
]);

export async function followServiceDeployment(watch: StageWatch): Promise<StagesDone> {
  const clock = watch.clock ?? systemClock;
  const started = clock.now();
  const stages: StageEntered[] = [];
  const pausesReported = new Set<string>();
  let arn: string | undefined;
  const outcome = await waitFor<string>({
    description: `the service deployment of ${watch.service} to pass its lifecycle stages`,
    timeoutMs: watch.timeoutMs,
    ...(watch.backoff === undefined ? {} : { backoff: watch.backoff }),
    clock,
    ...(watch.signal === undefined ? {} : { signal: watch.signal }),
    poll: async () => {
      arn ??= await findDeployment(watch);
      if (arn === undefined) return { done: false, state: 'waiting for the service deployment' };
      const deployment = await describeDeployment(watch, arn);
      const stage = deployment.lifecycleStage;
      if (stage !== undefined && stages.at(-1)?.stage !== stage) {
        const entered = { stage, elapsedMs: clock.now() - started };
        stages.push(entered);
        watch.onStage?.(entered);
      }
      const status = deployment.status ?? 'PENDING';
      if (status === 'SUCCESSFUL') return { done: true, value: arn };
      if (FAILED.has(status)) throw await failure(watch, deployment);
      const paused = (deployment.lifecycleHookDetails ?? []).find(
        (h) => h.targetType === 'PAUSE' && h.status === 'AWAITING_ACTION',
      );
      if (paused?.hookId !== undefined) {
        if (!pausesReported.has(paused.hookId)) {
          pausesReported.add(paused.hookId);
          watch.onPause?.(
            `Service ${watch.service} is paused at ${stage ?? 'a lifecycle stage'} by a PAUSE hook` +
              `${paused.expiresAt === undefined ? '' : ` until ${paused.expiresAt.toISOString()} (then ${paused.timeoutAction ?? 'ROLLBACK'})`}. ` +
              `Continue it with: aws ecs continue-service-deployment --service-deployment-arn ${arn} --hook-id ${paused.hookId} ` +
              '(add --action ROLLBACK to roll it back)',
          );
        }
        return { done: false, state: `paused at ${stage ?? '?'} (PAUSE hook ${paused.hookId})` };
      }
      return { done: false, state: `${status} at ${stage ?? 'no stage yet'}` };
    },
  });
  return { serviceDeploymentArn: outcome.value, stages };
}

async function findDeployment(watch: StageWatch): Promise<string | undefined> {
  const out = await watch.ecs.send(
    new ListServiceDeploymentsCommand({
      cluster: watch.cluster,
      service: watch.service,
      createdAt: { after: watch.since },
    }),
    watch.signal === undefined ? {} : { abortSignal: watch.signal },
  );
  const newest = [...(out.serviceDeployments ?? [])].sort(
    (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
  )[0];
  return newest?.serviceDeploymentArn;
}

async function describeDeployment(watch: StageWatch, arn: string): Promise<ServiceDeployment> {
  const out = await watch.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
    watch.signal === undefined ? {} : { abortSignal: watch.signal },
  );
  const deployment = out.serviceDeployments?.[0];
  if (deployment === undefined) {
    throw new Error(
      `DescribeServiceDeployments did not return ${arn} (${out.failures?.[0]?.reason ?? 'no reason'})`,
    );
  }
  return deployment;
}

/** The rollback or stop as a failure: ECS's reason, the alarms that fired, what runs now. */
async function failure(
  watch: StageWatch,
  deployment: ServiceDeployment,
): Promise<DeploymentRolledBackError> {
  const reasons = [deployment.statusReason, deployment.rollback?.reason].filter(
    (r, i, all): r is string => r !== undefined && r !== '' && all.indexOf(r) === i,
  );
  const alarms = deployment.alarms?.triggeredAlarmNames ?? [];
  if (alarms.length > 0) reasons.push(`alarms in ALARM: ${alarms.join(', ')}`);
  const service = await describeService(watch);
  const now = await runningNow(watch.ecs, service, undefined);
  return new DeploymentRolledBackError(
    `Service deployment of ${watch.service} ended ${deployment.status ?? ''} at ${deployment.lifecycleStage ?? 'an unknown stage'}: ${reasons.join('; ') || 'no reason given'}; ${describeRunningNow(now)}`,
    now,
  );
}

/** `STAGE (+12s)` lines for logs and summaries. */
export function describeStage(stage: StageEntered): string {
  return `${stage.stage} (+${formatDuration(stage.elapsedMs)})`;
}
