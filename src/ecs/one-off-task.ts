import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type {
  CapacityProviderStrategyItem,
  Container,
  ECSClient,
  KeyValuePair,
  LaunchType,
  NetworkConfiguration,
  Task,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import type { BackoffOptions } from '../core/backoff';
import { formatDuration, systemClock, type Clock } from '../core/clock';
import {
  CancelledError,
  ConfigurationError,
  DeploymentFailedError,
  WaitTimeoutError,
  describeError,
} from '../core/errors';
import { waitFor } from '../core/wait';
import { LogTail, logLocations, type LogLine } from './log-tail';
import { leftoverTask } from './task-cleanup';
import { replaceImages, shortTaskDefinition, toRegisterInput } from './task-definition';
import { describeTaskDefinition, registerIfChanged } from './task-definition-api';

/**
 * One-off ECS tasks (migrations inside the VPC, maintenance commands): RunTask with an optional
 * new image and a command override, wait until STOPPED while streaming the containers'
 * CloudWatch log lines, fail on any essential container's non-zero exit code or a failure stop,
 * and stop the task when the AbortSignal fires (workflow cancelled) or the wait times out.
 *
 * Used by deploy-ecs (`run-task: true`) and by run-migrations (migrate inside the VPC).
 */

export interface OneOffTaskOptions {
  ecs: ECSClient;
  /** Needed to stream log lines (with `onLogLine`). */
  logs?: CloudWatchLogsClient;
  cluster: string;
  /**
   * Task definition (family, family:revision or ARN). May be omitted with `copyFromService`:
   * the service's current task definition is used.
   */
  taskDefinition?: string;
  /** The container that gets `command`, `environment` and `image`. */
  containerName: string;
  /** Run this image instead (a new task definition revision is registered when it differs). */
  image?: string;
  command?: readonly string[];
  environment?: Readonly<Record<string, string>>;
  /** Network: explicit, or copied (with launch type / capacity providers) from a service. */
  networkConfiguration?: NetworkConfiguration;
  copyFromService?: string;
  launchType?: LaunchType;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /** RunTask startedBy (up to 36 characters), e.g. the workflow run. */
  startedBy?: string;
  /** Give up (and stop the task) after this long. */
  timeoutMs: number;
  /** Poll delays (default 2 s growing to 15 s; new log lines reset to the initial delay). */
  backoff?: Partial<BackoffOptions>;
  /** Wait this long after STOPPED for late log events (CloudWatch ingestion lag). Default 1 s. */
  logSettleMs?: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** Each container log line, in order, as it arrives. */
  onLogLine?: (line: LogLine) => void;
  /** Progress and warnings (defaults: none). */
  onProgress?: (message: string) => void;
  onWarning?: (message: string) => void;
}

export interface OneOffTaskResult {
  taskArn: string;
  taskId: string;
  taskDefinitionArn: string;
  /** Whether a new task definition revision was registered for `image`. */
  registered: boolean;
  /** Exit code by container (undefined: the container never exited by itself). */
  exitCodes: Record<string, number | undefined>;
  stopCode?: string;
  stoppedReason?: string;
  durationMs: number;
  logLines: number;
}

/** The task failed: an essential container exited non-zero, or the task stopped for a reason. */
export class TaskFailedError extends DeploymentFailedError {
  constructor(
    message: string,
    readonly result: OneOffTaskResult,
  ) {
    super(message);
  }
}

const DEFAULT_BACKOFF: Partial<BackoffOptions> = {
  initialDelayMs: 2000,
  maxDelayMs: 15_000,
  factor: 1.5,
};
/** A task's lastStatus values, as the ECS task lifecycle documents them. */
const TASK_STATUSES = [
  'PROVISIONING',
  'PENDING',
  'ACTIVATING',
  'RUNNING',
  'DEACTIVATING',
  'STOPPING',
  'DEPROVISIONING',
  'STOPPED',
  'DELETED',
];
const STOP_REASON_CANCELLED = 'Stopped by the workflow: run cancelled';
const STOP_REASON_TIMEOUT = 'Stopped by the workflow: wait timed out';

/** Runs a one-off task to completion. Throws TaskFailedError, CancelledError or WaitTimeoutError. */
export async function runOneOffTask(options: OneOffTaskOptions): Promise<OneOffTaskResult> {
  const clock = options.clock ?? systemClock;
  const progress = options.onProgress ?? (() => undefined);
  const warn = options.onWarning ?? progress;
  const started = clock.now();
  if (options.signal?.aborted) throw new CancelledError('Cancelled before the task started');

  const placement = await resolvePlacement(options);
  const { definition, arn, registered } = await resolveTaskDefinition(
    options,
    placement.taskDefinition,
  );
  const essential = new Set(
    (definition.containerDefinitions ?? [])
      .filter((c) => c.essential !== false)
      .map((c) => c.name ?? ''),
  );

  const override = {
    name: options.containerName,
    ...(options.command === undefined ? {} : { command: [...options.command] }),
    ...(options.environment === undefined ? {} : { environment: toPairs(options.environment) }),
  };
  // Not cancellable on purpose: a RunTask cut short could start a task we never learn about.
  const run = await options.ecs.send(
    new RunTaskCommand({
      cluster: options.cluster,
      taskDefinition: arn,
      count: 1,
      ...(placement.networkConfiguration === undefined
        ? {}
        : { networkConfiguration: placement.networkConfiguration }),
      ...(placement.capacityProviderStrategy === undefined
        ? placement.launchType === undefined
          ? {}
          : { launchType: placement.launchType }
        : { capacityProviderStrategy: placement.capacityProviderStrategy }),
      ...(options.startedBy === undefined ? {} : { startedBy: options.startedBy.slice(0, 36) }),
      overrides: { containerOverrides: [override] },
    }),
  );
  const task = run.tasks?.[0];
  if (task?.taskArn === undefined) {
    const reasons = (run.failures ?? []).map(
      (f) => `${f.reason ?? 'unknown'}${f.detail ? ` (${f.detail})` : ''}`,
    );
    throw new DeploymentFailedError(
      `RunTask started no task from ${shortTaskDefinition(arn)} in cluster ${options.cluster}: ${reasons.join('; ') || 'no reason given'}`,
    );
  }
  const taskArn = task.taskArn;
  const taskId = taskArn.split('/').pop() ?? taskArn;
  // Until it is seen STOPPED, the post step stops it if this step is killed.
  leftoverTask.save({ cluster: options.cluster, taskArn });
  progress(`Started task ${taskId} from ${shortTaskDefinition(arn)} in cluster ${options.cluster}`);

  const tails = createTails(options, definition, taskId, warn);
  const drainAll = async (signal?: AbortSignal): Promise<number> => {
    let count = 0;
    for (const tail of tails) count += await tail.drain(signal);
    return count;
  };
  const result = (stopped: Task | undefined): OneOffTaskResult => ({
    taskArn,
    taskId,
    taskDefinitionArn: arn,
    registered,
    exitCodes: Object.fromEntries(
      (stopped?.containers ?? []).map((c) => [c.name ?? '', c.exitCode]),
    ),
    ...(stopped?.stopCode === undefined ? {} : { stopCode: stopped.stopCode }),
    ...(stopped?.stoppedReason === undefined ? {} : { stoppedReason: stopped.stoppedReason }),
    durationMs: clock.now() - started,
    logLines: tails.reduce((sum, t) => sum + t.delivered, 0),
  });

  let lastStatus = task.lastStatus ?? 'PROVISIONING';
  let stopped: Task;
  try {
    const outcome = await waitFor<Task>({
      description: `task ${taskId} to stop`,
      timeoutMs: options.timeoutMs,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      clock,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      statuses: TASK_STATUSES,
      poll: async () => {
        const described = await describeTask(options.ecs, options.cluster, taskArn, options.signal);
        const lines = await drainAll(options.signal);
        const status = described.lastStatus ?? 'UNKNOWN';
        const changed = status !== lastStatus;
        lastStatus = status;
        if (changed) progress(`Task ${taskId}: ${status}`);
        if (status === 'STOPPED') return { done: true, value: described };
        return {
          done: false,
          state: status,
          resetBackoff: lines > 0 || changed,
          ...(described.lastStatus === undefined ? {} : { status }),
        };
      },
      onPending: (state, elapsedMs, attempt) => {
        if (attempt % 10 === 0)
          progress(`Task ${taskId}: still ${state} after ${formatDuration(elapsedMs)}`);
      },
    });
    stopped = outcome.value;
    leftoverTask.clear();
  } catch (error) {
    const cancelled = options.signal?.aborted === true || error instanceof CancelledError;
    const timedOut = error instanceof WaitTimeoutError;
    if (cancelled || timedOut) {
      await stopTask(
        options,
        taskArn,
        cancelled ? STOP_REASON_CANCELLED : STOP_REASON_TIMEOUT,
        warn,
      );
      progress(`Stopped task ${taskId} (${cancelled ? 'workflow cancelled' : 'wait timed out'})`);
      await drainAll().catch(() => 0);
      if (cancelled)
        throw new CancelledError(
          `Cancelled while task ${taskId} ran; the task was stopped (StopTask)`,
        );
    }
    throw error;
  }

  if (tails.length > 0) {
    await clock.sleep(options.logSettleMs ?? 1000, options.signal).catch(() => undefined);
    await drainAll();
  }
  const outcome = result(stopped);
  const failure = describeFailure(stopped, essential);
  if (failure !== undefined)
    throw new TaskFailedError(`Task ${taskId} failed: ${failure}`, outcome);
  for (const container of stopped.containers ?? []) {
    if (!essential.has(container.name ?? '') && (container.exitCode ?? 0) !== 0) {
      warn(
        `non-essential container ${container.name ?? ''} exited with code ${container.exitCode ?? ''}`,
      );
    }
  }
  progress(`Task ${taskId} succeeded in ${formatDuration(outcome.durationMs)}`);
  return outcome;
}

/** Why a stopped task failed, or undefined when every essential container exited 0. */
export function describeFailure(task: Task, essential: ReadonlySet<string>): string | undefined {
  const containers: Container[] = task.containers ?? [];
  const bad = containers
    .filter((c) => essential.has(c.name ?? ''))
    .filter((c) => c.exitCode !== 0)
    .map((c) =>
      c.exitCode === undefined
        ? `container ${c.name ?? ''} has no exit code${c.reason ? ` (${c.reason})` : ''}`
        : `container ${c.name ?? ''} exited with code ${c.exitCode}${c.reason ? ` (${c.reason})` : ''}`,
    );
  const stopFailed = task.stopCode !== undefined && task.stopCode !== 'EssentialContainerExited';
  if (bad.length === 0 && !stopFailed) return undefined;
  const reason = `stopped: ${task.stopCode ?? 'unknown stop code'}${task.stoppedReason ? `: ${task.stoppedReason}` : ''}`;
  return bad.length === 0 ? reason : `${bad.join('; ')} (${reason})`;
}

interface Placement {
  taskDefinition?: string;
  networkConfiguration?: NetworkConfiguration;
  launchType?: LaunchType;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
}

/** Network and capacity: explicit options win; `copyFromService` fills in the rest. */
async function resolvePlacement(options: OneOffTaskOptions): Promise<Placement> {
  const placement: Placement = {};
  if (options.copyFromService !== undefined) {
    const out = await options.ecs.send(
      new DescribeServicesCommand({
        cluster: options.cluster,
        services: [options.copyFromService],
      }),
    );
    const service = out.services?.find((s) => s.status !== 'INACTIVE');
    if (service === undefined) {
      throw new DeploymentFailedError(
        `service ${options.copyFromService} was not found in cluster ${options.cluster} (to copy its network configuration from)`,
      );
    }
    if (service.taskDefinition !== undefined) placement.taskDefinition = service.taskDefinition;
    if (service.networkConfiguration !== undefined)
      placement.networkConfiguration = service.networkConfiguration;
    if (
      service.capacityProviderStrategy !== undefined &&
      service.capacityProviderStrategy.length > 0
    ) {
      placement.capacityProviderStrategy = service.capacityProviderStrategy;
    } else if (service.launchType !== undefined) {
      placement.launchType = service.launchType;
    }
  }
  if (options.taskDefinition !== undefined) placement.taskDefinition = options.taskDefinition;
  if (options.networkConfiguration !== undefined)
    placement.networkConfiguration = options.networkConfiguration;
  if (options.capacityProviderStrategy !== undefined) {
    placement.capacityProviderStrategy = options.capacityProviderStrategy;
    delete placement.launchType;
  } else if (options.launchType !== undefined) {
    placement.launchType = options.launchType;
    delete placement.capacityProviderStrategy;
  }
  return placement;
}

async function resolveTaskDefinition(
  options: OneOffTaskOptions,
  ref: string | undefined,
): Promise<{ definition: TaskDefinition; arn: string; registered: boolean }> {
  if (ref === undefined) {
    throw new ConfigurationError(
      'a one-off task needs a task definition or a service to copy it from',
      'task-definition',
    );
  }
  const current = await describeTaskDefinition(options.ecs, ref);
  if (current?.taskDefinitionArn === undefined) {
    throw new DeploymentFailedError(`task definition ${ref} was not found`);
  }
  const names = (current.containerDefinitions ?? []).map((c) => c.name);
  if (!names.includes(options.containerName)) {
    throw new ConfigurationError(
      `container "${options.containerName}" is not in task definition ${shortTaskDefinition(current.taskDefinitionArn)}; its containers are ${names.join(', ')}`,
      'container',
    );
  }
  if (options.image === undefined) {
    return { definition: current, arn: current.taskDefinitionArn, registered: false };
  }
  const { definition } = replaceImages(
    toRegisterInput(current),
    new Map([[options.containerName, options.image]]),
    'container',
  );
  const registered = await registerIfChanged(options.ecs, definition, current);
  return {
    definition: registered.definition,
    arn: registered.arn,
    registered: registered.registered,
  };
}

function createTails(
  options: OneOffTaskOptions,
  definition: TaskDefinition,
  taskId: string,
  warn: (message: string) => void,
): LogTail[] {
  if (options.onLogLine === undefined || options.logs === undefined) return [];
  const { locations, unknown } = logLocations(definition.containerDefinitions ?? [], taskId);
  if (unknown.length > 0) {
    warn(
      `no awslogs stream prefix for container(s) ${unknown.join(', ')}: their logs are not streamed`,
    );
  }
  const logs = options.logs;
  const onLine = options.onLogLine;
  return locations.map((location) => new LogTail(logs, location, onLine, warn));
}

async function describeTask(
  ecs: ECSClient,
  cluster: string,
  taskArn: string,
  signal?: AbortSignal,
): Promise<Task> {
  const out = await ecs.send(
    new DescribeTasksCommand({ cluster, tasks: [taskArn] }),
    signal === undefined ? {} : { abortSignal: signal },
  );
  const task = out.tasks?.[0];
  if (task === undefined) {
    const reason = out.failures?.[0]?.reason ?? 'not returned';
    throw new DeploymentFailedError(`task ${taskArn} is not known to ECS (${reason})`);
  }
  return task;
}

async function stopTask(
  options: OneOffTaskOptions,
  taskArn: string,
  reason: string,
  warn: (message: string) => void,
): Promise<void> {
  try {
    // No abort signal: the workflow's signal has fired, and this call must still go out.
    await options.ecs.send(
      new StopTaskCommand({ cluster: options.cluster, task: taskArn, reason }),
    );
    leftoverTask.clear();
  } catch (error) {
    warn(`could not stop task ${taskArn}: ${describeError(error)}; stop it by hand`);
  }
}

function toPairs(env: Readonly<Record<string, string>>): KeyValuePair[] {
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}
