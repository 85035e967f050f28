import { AwsError } from '../server/aws-error';
import { hexId, list, obj, str, toEpoch, type Json } from './ecs-model';
import type { DeploymentRecord, ServiceRecord } from './ecs-services';

/**
 * Service deployments of the blue/green-family strategies (deploymentConfiguration.strategy
 * BLUE_GREEN, LINEAR, CANARY): ListServiceDeployments, DescribeServiceDeployments and
 * ContinueServiceDeployment. A deployment walks ECS's lifecycle stages (RECONCILE_SERVICE ...
 * CLEAN_UP), each lasting the `ecs.deployment.stage` timing; bake times count minutes as the
 * `ecs.deployment.minute` timing. A PAUSE lifecycle hook holds its stage until
 * ContinueServiceDeployment (CONTINUE or ROLLBACK) or its timeout. A deployment alarm that a test
 * sets to ALARM (`alarms`, the control handle) rolls the deployment back while it runs. ROLLING
 * deployments keep the classic rolloutState model only (no records here).
 */

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

const STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP',
] as const;
/** Stages a lifecycle hook may name (DeploymentLifecycleHookStage). */
const HOOK_STAGES = new Set<string>([
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
]);

interface Hook {
  hookId: string;
  stage: string;
  timeoutMs: number;
  timeoutAction: 'CONTINUE' | 'ROLLBACK';
  startedAt?: number;
  action?: 'CONTINUE' | 'ROLLBACK';
  actedAt?: number;
  timedOut?: boolean;
}

interface ServiceDeploymentRecord {
  arn: string;
  service: ServiceRecord;
  deployment: DeploymentRecord;
  source?: DeploymentRecord;
  config: Json;
  createdAt: number;
  plan: { stage: string; ms: number }[];
  hooks: Map<string, Hook>;
  /** Set when the deployment was rolled back by an alarm or a hook. */
  rollback?: { reason: string; at: number; triggered?: string[] };
}

interface Walk {
  stage: string;
  /** When the last stage ends (Infinity: held by a hook that has not answered). */
  until: number;
  awaiting?: Hook;
  rollback?: { reason: string; at: number };
}

export class EcsServiceDeployments {
  /** Deployment alarms by name (the test's control of CloudWatch alarm state). */
  readonly alarms = new Map<string, AlarmState>();
  private readonly records: ServiceDeploymentRecord[] = [];

  constructor(private readonly timings: () => { stageMs: number; minuteMs: number }) {}

  /** Checks a deploymentConfiguration's strategy settings as ECS does (InvalidParameterException). */
  static validate(config: Json | undefined): void {
    if (config === undefined) return;
    const strategy = str(config, 'strategy');
    const invalid = (message: string): never => {
      throw new AwsError('InvalidParameterException', message);
    };
    if (strategy !== undefined && !['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'].includes(strategy))
      invalid(`Invalid deployment strategy: ${strategy}.`);
    const bake = config.bakeTimeInMinutes;
    if (
      bake !== undefined &&
      !(Number.isInteger(bake) && Number(bake) >= 0 && Number(bake) <= 1440)
    )
      invalid('bakeTimeInMinutes must be between 0 and 1440.');
    const canary = obj(config, 'canaryConfiguration');
    const percent = canary?.canaryPercent;
    if (percent !== undefined && !(Number(percent) >= 0.1 && Number(percent) <= 100))
      invalid('canaryPercent must be between 0.1 and 100.0.');
    const step = obj(config, 'linearConfiguration')?.stepPercent;
    if (step !== undefined && !(Number(step) >= 3 && Number(step) <= 100))
      invalid('stepPercent must be between 3.0 and 100.0.');
    for (const hook of list(config, 'lifecycleHooks')) {
      const type = str(hook, 'targetType') ?? 'AWS_LAMBDA';
      if (type !== 'PAUSE' && type !== 'AWS_LAMBDA') invalid(`Invalid targetType: ${type}.`);
      if (type === 'AWS_LAMBDA' && str(hook, 'hookTargetArn') === undefined)
        invalid('hookTargetArn must be specified for an AWS_LAMBDA lifecycle hook.');
      for (const stage of list<string>(hook, 'lifecycleStages')) {
        if (!HOOK_STAGES.has(stage)) invalid(`Invalid lifecycle stage: ${stage}.`);
      }
    }
  }

  /** Starts following `deployment` when the service's strategy is a blue/green-family one. */
  track(service: ServiceRecord, deployment: DeploymentRecord, source?: DeploymentRecord): void {
    const config = obj(service.input, 'deploymentConfiguration') ?? {};
    const strategy = str(config, 'strategy') ?? 'ROLLING';
    if (strategy === 'ROLLING') return;
    const { stageMs, minuteMs } = this.timings();
    const minutes = (value: unknown): number => Number(value ?? 0) * minuteMs;
    const shift =
      strategy === 'CANARY'
        ? stageMs + minutes(obj(config, 'canaryConfiguration')?.canaryBakeTimeInMinutes)
        : strategy === 'LINEAR'
          ? stageMs +
            (Math.ceil(100 / Number(obj(config, 'linearConfiguration')?.stepPercent ?? 100)) - 1) *
              minutes(obj(config, 'linearConfiguration')?.stepBakeTimeInMinutes)
          : stageMs;
    const plan = STAGES.map((stage) => ({
      stage,
      ms:
        stage === 'PRODUCTION_TRAFFIC_SHIFT'
          ? shift
          : stage === 'BAKE_TIME'
            ? minutes(config.bakeTimeInMinutes)
            : stageMs,
    }));
    const hooks = new Map<string, Hook>();
    for (const hook of list(config, 'lifecycleHooks')) {
      if (str(hook, 'targetType') !== 'PAUSE') continue;
      const timeout = obj(hook, 'timeoutConfiguration') ?? {};
      for (const stage of list<string>(hook, 'lifecycleStages')) {
        hooks.set(stage, {
          hookId: hexId(8),
          stage,
          timeoutMs: minutes(timeout.timeoutInMinutes ?? 60),
          timeoutAction: str(timeout, 'action') === 'CONTINUE' ? 'CONTINUE' : 'ROLLBACK',
        });
      }
    }
    const record: ServiceDeploymentRecord = {
      arn: `${this.arnBase(service)}:service-deployment/${service.cluster.name}/${service.name}/${deployment.id.slice('ecs-svc/'.length)}`,
      service,
      deployment,
      ...(source === undefined ? {} : { source }),
      config,
      createdAt: deployment.createdAt,
      plan,
      hooks,
    };
    this.records.push(record);
    deployment.hold = (now) => this.hold(record, now);
  }

  private arnBase(service: ServiceRecord): string {
    return service.arn.slice(0, service.arn.indexOf(':service/'));
  }

  /** What the classic deployment model must wait for, or the rollback this deployment asks for. */
  private hold(
    record: ServiceDeploymentRecord,
    now: number,
  ): { until: number } | { rollback: string; at: number } {
    const walk = this.walk(record, now);
    if (walk.rollback !== undefined) {
      record.rollback ??= walk.rollback;
      return { rollback: walk.rollback.reason, at: walk.rollback.at };
    }
    const alarms = obj(record.config, 'alarms');
    if (alarms?.enable === true && now < walk.until) {
      const triggered = list<string>(alarms, 'alarmNames').filter(
        (name) => this.alarms.get(name) === 'ALARM',
      );
      if (triggered.length > 0 && alarms.rollback === true) {
        record.rollback = {
          reason: `Service deployment rolled back because the alarm(s) ${triggered.join(', ')} went into ALARM state.`,
          at: now,
          triggered,
        };
        return { rollback: record.rollback.reason, at: now };
      }
    }
    return { until: walk.until };
  }

  /** The lifecycle stage at `now`, applying PAUSE hooks' answers and timeouts. */
  private walk(record: ServiceDeploymentRecord, now: number): Walk {
    let t = record.createdAt;
    let stage = record.plan[0]?.stage ?? 'RECONCILE_SERVICE';
    let awaiting: Hook | undefined;
    for (const step of record.plan) {
      if (t <= now) stage = step.stage;
      const hook = record.hooks.get(step.stage);
      if (hook !== undefined) {
        if (t > now && hook.action === undefined) return { stage, until: Infinity };
        hook.startedAt ??= t;
        if (hook.action === undefined && now >= t + hook.timeoutMs) {
          hook.action = hook.timeoutAction;
          hook.actedAt = t + hook.timeoutMs;
          hook.timedOut = true;
        }
        if (hook.action === undefined) {
          awaiting = hook;
          return { stage, until: Infinity, awaiting };
        }
        if (hook.action === 'ROLLBACK') {
          return {
            stage,
            until: Infinity,
            rollback: {
              reason: `Service deployment rolled back by the PAUSE lifecycle hook ${hook.hookId} at ${hook.stage}${hook.timedOut === true ? ' (timed out)' : ''}.`,
              at: hook.actedAt ?? now,
            },
          };
        }
        t = Math.max(t + step.ms, hook.actedAt ?? t);
      } else {
        t += step.ms;
      }
    }
    return { stage, until: t };
  }

  private json(record: ServiceDeploymentRecord): Json {
    const now = Date.now();
    const d = record.deployment;
    const walk = this.walk(record, now);
    const rolledBack = d.rolloutState === 'FAILED';
    const source = record.source;
    const status = rolledBack
      ? source?.rolloutState === 'COMPLETED'
        ? 'ROLLBACK_SUCCESSFUL'
        : 'ROLLBACK_IN_PROGRESS'
      : d.rolloutState === 'COMPLETED'
        ? 'SUCCESSFUL'
        : 'IN_PROGRESS';
    const revision = (deployment: DeploymentRecord, running: number): Json => ({
      arn: `${this.arnBase(record.service)}:service-revision/${record.service.cluster.name}/${record.service.name}/${deployment.id.slice('ecs-svc/'.length)}`,
      requestedTaskCount: deployment.desiredCount,
      runningTaskCount: running,
      pendingTaskCount: Math.max(0, deployment.desiredCount - running),
    });
    const alarms = obj(record.config, 'alarms');
    const reason = record.rollback?.reason ?? (rolledBack ? d.rolloutStateReason : undefined);
    const json: Json = {
      serviceDeploymentArn: record.arn,
      serviceArn: record.service.arn,
      clusterArn: record.service.cluster.arn,
      createdAt: toEpoch(record.createdAt),
      startedAt: toEpoch(record.createdAt),
      updatedAt: toEpoch(d.updatedAt),
      ...(source === undefined
        ? {}
        : { sourceServiceRevisions: [revision(source, source.runningCount)] }),
      targetServiceRevision: revision(d, d.runningCount),
      status,
      lifecycleStage: status === 'SUCCESSFUL' ? 'CLEAN_UP' : walk.stage,
      deploymentConfiguration: record.config,
      deploymentCircuitBreaker: {
        status:
          obj(record.config, 'deploymentCircuitBreaker')?.enable === true
            ? rolledBack && record.rollback === undefined
              ? 'TRIGGERED'
              : status === 'IN_PROGRESS'
                ? 'MONITORING'
                : 'MONITORING_COMPLETE'
            : 'DISABLED',
        failureCount: d.failedTasks,
        threshold: 3,
      },
      alarms: {
        status:
          alarms?.enable !== true
            ? 'DISABLED'
            : (record.rollback?.triggered?.length ?? 0) > 0
              ? 'TRIGGERED'
              : status === 'IN_PROGRESS'
                ? 'MONITORING'
                : 'MONITORING_COMPLETE',
        alarmNames: list<string>(alarms ?? {}, 'alarmNames'),
        triggeredAlarmNames: record.rollback?.triggered ?? [],
      },
    };
    if (reason !== undefined) json.statusReason = reason;
    if (status !== 'IN_PROGRESS') json.finishedAt = toEpoch(d.updatedAt);
    if (rolledBack && source !== undefined) {
      json.rollback = {
        reason: reason ?? '',
        startedAt: toEpoch(d.updatedAt),
        serviceRevisionArn: str(revision(source, 0), 'arn'),
      };
    }
    const hook = walk.awaiting ?? record.hooks.get(walk.stage);
    if (hook !== undefined && hook.startedAt !== undefined) {
      json.lifecycleHookDetails = [
        {
          hookId: hook.hookId,
          targetType: 'PAUSE',
          status:
            hook.action === undefined
              ? 'AWAITING_ACTION'
              : hook.timedOut === true
                ? 'TIMED_OUT'
                : 'SUCCEEDED',
          expiresAt: toEpoch(hook.startedAt + hook.timeoutMs),
          timeoutAction: hook.timeoutAction,
        },
      ];
    }
    return json;
  }

  private byArn(arn: string | undefined): ServiceDeploymentRecord | undefined {
    return this.records.find((r) => r.arn === arn);
  }

  /** ListServiceDeployments, DescribeServiceDeployments and ContinueServiceDeployment. */
  operations(
    find: (cluster: string | undefined, service: string) => ServiceRecord | undefined,
    advance: (service: ServiceRecord) => void,
  ): Record<string, (input: Json) => Json> {
    return {
      ListServiceDeployments: (input: Json): Json => {
        const name = str(input, 'service');
        const service = name === undefined ? undefined : find(str(input, 'cluster'), name);
        if (service === undefined)
          throw new AwsError('ServiceNotFoundException', 'Service not found.');
        advance(service);
        const statuses = list<string>(input, 'status');
        const after = obj(input, 'createdAt')?.after;
        const serviceDeployments = this.records
          .filter((r) => r.service === service)
          .map((r) => this.json(r))
          .filter((j) => statuses.length === 0 || statuses.includes(String(j.status)))
          .filter((j) => after === undefined || Number(j.createdAt) >= Number(after))
          .reverse()
          .map((j) => ({
            serviceDeploymentArn: j.serviceDeploymentArn,
            serviceArn: j.serviceArn,
            clusterArn: j.clusterArn,
            createdAt: j.createdAt,
            startedAt: j.startedAt,
            ...(j.finishedAt === undefined ? {} : { finishedAt: j.finishedAt }),
            targetServiceRevisionArn: str(obj(j, 'targetServiceRevision') ?? {}, 'arn'),
            status: j.status,
            ...(j.statusReason === undefined ? {} : { statusReason: j.statusReason }),
          }));
        return { serviceDeployments };
      },
      DescribeServiceDeployments: (input: Json): Json => {
        const arns = list<string>(input, 'serviceDeploymentArns');
        if (arns.length === 0 || arns.length > 20) {
          throw new AwsError(
            'InvalidParameterException',
            'serviceDeploymentArns must have between 1 and 20 items.',
          );
        }
        const serviceDeployments: Json[] = [];
        const failures: Json[] = [];
        for (const arn of arns) {
          const record = this.byArn(arn);
          if (record === undefined) {
            failures.push({ arn, reason: 'MISSING' });
            continue;
          }
          advance(record.service);
          serviceDeployments.push(this.json(record));
        }
        return { serviceDeployments, failures };
      },
      ContinueServiceDeployment: (input: Json): Json => {
        const record = this.byArn(str(input, 'serviceDeploymentArn'));
        if (record === undefined)
          throw new AwsError('ServiceDeploymentNotFoundException', 'Service deployment not found.');
        advance(record.service);
        const hook = [...record.hooks.values()].find((h) => h.hookId === str(input, 'hookId'));
        const walk = this.walk(record, Date.now());
        if (hook === undefined || walk.awaiting !== hook) {
          throw new AwsError(
            'InvalidParameterException',
            'The lifecycle hook is not awaiting an action.',
          );
        }
        hook.action = str(input, 'action') === 'ROLLBACK' ? 'ROLLBACK' : 'CONTINUE';
        hook.actedAt = Date.now();
        advance(record.service);
        return { serviceDeploymentArn: record.arn };
      },
    };
  }
}
