import { AwsError } from '../server/aws-error';
import {
  arnPrefix,
  clusterNamed,
  containersOf,
  envMap,
  hexId,
  list,
  obj,
  requireTaskDefinition,
  str,
  toEpoch,
  type EcsState,
  type Json,
  type TaskDefinitionRecord,
} from './ecs-model';

/**
 * One-off tasks (RunTask / DescribeTasks / StopTask / ListTasks). A task's life is computed from
 * its timestamps whenever it is read: PROVISIONING, PENDING, RUNNING, then STOPPING and STOPPED
 * once its first essential container exits or StopTask is called.
 *
 * The test controls each container through its environment (task definition or override):
 * LOCAL_ECS_EXIT_CODE (default 0), LOCAL_ECS_LOG_LINES (newline-separated lines written to the
 * container's awslogs stream over its run time), LOCAL_ECS_RUN_MS (run time; `forever` never
 * exits; default timing ecs.task.run), LOCAL_ECS_FAIL_TO_START (a stop reason: the task stops
 * with TaskFailedToStart before running).
 */

interface ContainerPlan {
  name: string;
  image: string;
  essential: boolean;
  exitCode: number;
  /** Run time in ms; Infinity never exits by itself. */
  runMs: number;
  command?: string[];
  log?: { group: string; stream: string };
}

export interface TaskRecord {
  id: string;
  arn: string;
  clusterArn: string;
  taskDefinition: TaskDefinitionRecord;
  overrides: Json;
  launchType?: string;
  capacityProviderName?: string;
  group: string;
  startedBy?: string;
  createdAt: number;
  pendingAt: number;
  runningAt: number;
  /** When the first essential container exits by itself (Infinity: never). */
  exitAt: number;
  containers: ContainerPlan[];
  failToStart?: string;
  /** StopTask (user), or the service scheduler replacing a task that failed its health checks. */
  stopRequest?: { at: number; reason: string; by?: 'scheduler' };
  networkInterface?: { subnet: string; privateIp: string };
}

export interface TaskTimings {
  provisioningMs: number;
  pendingMs: number;
  runMs: number;
  stoppingMs: number;
}

export class EcsTasks {
  private readonly tasks = new Map<string, TaskRecord>();

  constructor(
    private readonly state: EcsState,
    private readonly timings: () => TaskTimings,
  ) {}

  /** RunTask. */
  run(input: Json): Json {
    const cluster = clusterNamed(this.state, input);
    const definition = requireTaskDefinition(this.state, str(input, 'taskDefinition'));
    const count = input.count === undefined ? 1 : Number(input.count);
    if (!Number.isInteger(count) || count < 1 || count > 10) {
      throw new AwsError('InvalidParameterException', 'count must be between 1 and 10.');
    }
    const launchType = str(input, 'launchType');
    const strategy = list(input, 'capacityProviderStrategy');
    if (launchType !== undefined && strategy.length > 0) {
      throw new AwsError(
        'InvalidParameterException',
        'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
      );
    }
    const awsvpc = str(definition.body, 'networkMode') === 'awsvpc';
    const network = obj(obj(input, 'networkConfiguration') ?? {}, 'awsvpcConfiguration');
    if (awsvpc && (network === undefined || list(network, 'subnets').length === 0)) {
      throw new AwsError(
        'InvalidParameterException',
        "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
      );
    }
    const overrides = obj(input, 'overrides') ?? {};
    const names = new Set(containersOf(definition).map((c) => String(c.name)));
    for (const override of list(overrides, 'containerOverrides')) {
      const name = str(override, 'name') ?? '';
      if (!names.has(name)) {
        throw new AwsError(
          'InvalidParameterException',
          `Override for container named ${name} is not a container in the TaskDefinition.`,
        );
      }
    }
    const tasks: Json[] = [];
    for (let i = 0; i < count; i++) {
      const record = this.start(cluster.arn, cluster.name, definition, overrides, input);
      if (network !== undefined) {
        record.networkInterface = {
          subnet: String(list<string>(network, 'subnets')[0] ?? ''),
          privateIp: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 2}`,
        };
      }
      tasks.push(this.describe(record));
    }
    return { tasks, failures: [] };
  }

  private start(
    clusterArn: string,
    clusterName: string,
    definition: TaskDefinitionRecord,
    overrides: Json,
    input: Json,
  ): TaskRecord {
    const t = this.timings();
    const id = hexId();
    const now = Date.now();
    const pendingAt = now + t.provisioningMs;
    const runningAt = pendingAt + t.pendingMs;
    const byName = new Map(list(overrides, 'containerOverrides').map((o) => [str(o, 'name'), o]));
    let failToStart: string | undefined;
    const containers: ContainerPlan[] = containersOf(definition).map((c) => {
      const name = String(c.name);
      const override = byName.get(name) ?? {};
      const env = {
        ...envMap(list(c, 'environment')),
        ...envMap(list(override, 'environment')),
      };
      const command =
        list<string>(override, 'command').length > 0
          ? list<string>(override, 'command')
          : list<string>(c, 'command');
      const runText = env.LOCAL_ECS_RUN_MS;
      const runMs =
        runText === 'forever'
          ? Infinity
          : runText === undefined
            ? t.runMs
            : Math.max(0, Number(runText));
      failToStart ??= env.LOCAL_ECS_FAIL_TO_START;
      const plan: ContainerPlan = {
        name,
        image: String(c.image),
        essential: c.essential !== false,
        exitCode: Number(env.LOCAL_ECS_EXIT_CODE ?? 0),
        runMs,
        ...(command.length > 0 ? { command } : {}),
      };
      const logConfig = obj(c, 'logConfiguration');
      if (str(logConfig ?? {}, 'logDriver') === 'awslogs') {
        const options = (obj(logConfig ?? {}, 'options') ?? {}) as Record<string, string>;
        const group = options['awslogs-group'] ?? '';
        const prefix = options['awslogs-stream-prefix'];
        const stream = prefix === undefined ? id : `${prefix}/${name}/${id}`;
        const logs = this.state.logs();
        if (
          logs !== undefined &&
          !logs.hasGroup(group) &&
          options['awslogs-create-group'] !== 'true'
        ) {
          failToStart ??=
            'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ' +
            'failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1';
        } else {
          plan.log = { group, stream };
        }
        const lines = (
          env.LOCAL_ECS_LOG_LINES ?? (command.length > 0 ? `$ ${command.join(' ')}` : '')
        )
          .split('\n')
          .filter((line) => line !== '');
        if (plan.log !== undefined) this.writeLogs(plan, lines, runningAt);
      }
      return plan;
    });
    const essentialRuns = containers.filter((c) => c.essential).map((c) => c.runMs);
    const record: TaskRecord = {
      id,
      arn: `${arnPrefix(this.state)}:task/${clusterName}/${id}`,
      clusterArn,
      taskDefinition: definition,
      overrides,
      group: str(input, 'group') ?? `family:${definition.family}`,
      createdAt: now,
      pendingAt,
      runningAt,
      exitAt: runningAt + Math.min(Infinity, ...essentialRuns),
      containers,
      ...(failToStart === undefined ? {} : { failToStart }),
    };
    const launchType = str(input, 'launchType');
    if (launchType !== undefined) record.launchType = launchType;
    const provider = str(list(input, 'capacityProviderStrategy')[0] ?? {}, 'capacityProvider');
    if (provider !== undefined) record.capacityProviderName = provider;
    if (launchType === undefined && provider === undefined) record.launchType = 'FARGATE';
    const startedBy = str(input, 'startedBy');
    if (startedBy !== undefined) record.startedBy = startedBy;
    if (failToStart !== undefined) this.cutLogs(record, runningAt);
    this.tasks.set(id, record);
    return record;
  }

  private writeLogs(plan: ContainerPlan, lines: string[], runningAt: number): void {
    const logs = this.state.logs();
    if (logs === undefined || plan.log === undefined) return;
    const span = Number.isFinite(plan.runMs) ? plan.runMs : lines.length * 100;
    const events = lines.map((message, i) => ({
      timestamp: Math.floor(runningAt + ((i + 1) * span) / (lines.length + 1)),
      message,
    }));
    logs.putEvents(plan.log.group, plan.log.stream, events, runningAt);
  }

  private cutLogs(record: TaskRecord, at: number): void {
    const logs = this.state.logs();
    for (const c of record.containers) {
      if (c.log !== undefined) logs?.truncate(c.log.group, c.log.stream, at);
    }
  }

  /** When the task stops running (exit, StopTask or failure to start). */
  private stopAt(record: TaskRecord): number {
    if (record.failToStart !== undefined)
      return Math.min(record.runningAt, record.stopRequest?.at ?? Infinity);
    return Math.min(record.exitAt, record.stopRequest?.at ?? Infinity);
  }

  describe(record: TaskRecord, now = Date.now()): Json {
    const { stoppingMs } = this.timings();
    const stopAt = this.stopAt(record);
    const stoppedAt = stopAt + stoppingMs;
    const lastStatus =
      now < record.pendingAt
        ? 'PROVISIONING'
        : now < Math.min(record.runningAt, stopAt)
          ? 'PENDING'
          : now < stopAt
            ? 'RUNNING'
            : now < stoppedAt
              ? 'DEPROVISIONING'
              : 'STOPPED';
    const stopped = now >= stopAt;
    const ranAt = Math.min(record.runningAt, stopAt);
    const started = stopAt > record.runningAt && now >= record.runningAt;
    const userStop = record.stopRequest !== undefined && record.stopRequest.at === stopAt;
    const containers = record.containers.map((c) => {
      const exitedAt = record.runningAt + c.runMs;
      const containerStopped = stopped || (started && now >= exitedAt);
      const json: Json = {
        containerArn: `${arnPrefix(this.state)}:container/${record.clusterArn.split('/').pop()}/${record.id}/${c.name}`,
        taskArn: record.arn,
        name: c.name,
        image: c.image,
        lastStatus: containerStopped ? 'STOPPED' : lastStatus === 'RUNNING' ? 'RUNNING' : 'PENDING',
        healthStatus: 'UNKNOWN',
        networkInterfaces:
          record.networkInterface === undefined
            ? []
            : [
                {
                  attachmentId: record.id.slice(0, 8),
                  privateIpv4Address: record.networkInterface.privateIp,
                },
              ],
        cpu: '0',
      };
      if (containerStopped && started) {
        // Exited by itself before the task stopped, or stopped with the task (SIGTERM: 143).
        json.exitCode = exitedAt <= stopAt ? c.exitCode : 143;
        if (exitedAt > stopAt && userStop && record.stopRequest?.by === undefined)
          json.reason = 'Task stopped by user';
      } else if (containerStopped && record.failToStart !== undefined) {
        json.reason = record.failToStart;
      }
      return json;
    });
    const task: Json = {
      taskArn: record.arn,
      clusterArn: record.clusterArn,
      taskDefinitionArn: record.taskDefinition.arn,
      group: record.group,
      containers,
      overrides: {
        containerOverrides: list(record.overrides, 'containerOverrides'),
        inferenceAcceleratorOverrides: [],
      },
      lastStatus,
      desiredStatus: stopped ? 'STOPPED' : 'RUNNING',
      createdAt: toEpoch(record.createdAt),
      cpu: str(record.taskDefinition.body, 'cpu'),
      memory: str(record.taskDefinition.body, 'memory'),
      version: lastStatus === 'STOPPED' ? 4 : lastStatus === 'RUNNING' ? 2 : 1,
      connectivity: now >= record.pendingAt ? 'CONNECTED' : undefined,
      availabilityZone: `${this.state.context.region}a`,
      attachments:
        record.networkInterface === undefined
          ? []
          : [
              {
                id: record.id.slice(0, 8),
                type: 'ElasticNetworkInterface',
                status: stopped ? 'DELETED' : 'ATTACHED',
                details: [
                  { name: 'subnetId', value: record.networkInterface.subnet },
                  { name: 'privateIPv4Address', value: record.networkInterface.privateIp },
                ],
              },
            ],
      tags: [],
    };
    if (record.launchType !== undefined) task.launchType = record.launchType;
    if (record.capacityProviderName !== undefined)
      task.capacityProviderName = record.capacityProviderName;
    if (record.launchType === 'FARGATE' || record.capacityProviderName?.startsWith('FARGATE')) {
      task.platformVersion = '1.4.0';
      task.platformFamily = 'Linux';
    }
    if (record.startedBy !== undefined) task.startedBy = record.startedBy;
    if (now >= record.pendingAt) task.pullStartedAt = toEpoch(record.pendingAt);
    if (started) {
      task.pullStoppedAt = toEpoch(record.runningAt);
      task.startedAt = toEpoch(record.runningAt);
    }
    if (stopped) {
      task.stoppingAt = toEpoch(stopAt);
      task.executionStoppedAt = toEpoch(Math.max(ranAt, stopAt));
      if (record.failToStart !== undefined && !userStop) {
        task.stopCode = 'TaskFailedToStart';
        task.stoppedReason = record.failToStart;
      } else if (userStop && record.stopRequest?.by === 'scheduler') {
        task.stopCode = 'ServiceSchedulerInitiated';
        task.stoppedReason = record.stopRequest.reason;
      } else if (userStop) {
        task.stopCode = 'UserInitiated';
        task.stoppedReason = record.stopRequest?.reason;
      } else {
        task.stopCode = 'EssentialContainerExited';
        task.stoppedReason = 'Essential container in task exited';
      }
    }
    if (lastStatus === 'STOPPED') task.stoppedAt = toEpoch(stoppedAt);
    return task;
  }

  private find(cluster: string, ref: string): TaskRecord | undefined {
    const id = ref.startsWith('arn:') ? ref.split('/').pop() : ref;
    const record = id === undefined ? undefined : this.tasks.get(id);
    return record !== undefined && record.clusterArn === cluster ? record : undefined;
  }

  /** DescribeTasks. */
  describeMany(input: Json): Json {
    const cluster = clusterNamed(this.state, input);
    const refs = list<string>(input, 'tasks');
    if (refs.length === 0 || refs.length > 100) {
      throw new AwsError('InvalidParameterException', 'Tasks cannot be empty.');
    }
    const tasks: Json[] = [];
    const failures: Json[] = [];
    for (const ref of refs) {
      const record = this.find(cluster.arn, ref);
      if (record === undefined) failures.push({ arn: ref, reason: 'MISSING' });
      else tasks.push(this.describe(record));
    }
    return { tasks, failures };
  }

  /** StopTask: the task goes through DEPROVISIONING to STOPPED (UserInitiated). */
  stop(input: Json): Json {
    const cluster = clusterNamed(this.state, input);
    const ref = str(input, 'task');
    const record = ref === undefined ? undefined : this.find(cluster.arn, ref);
    if (record === undefined) {
      throw new AwsError('InvalidParameterException', 'The referenced task was not found.');
    }
    const now = Date.now();
    if (record.stopRequest === undefined && now < this.stopAt(record)) {
      record.stopRequest = { at: now, reason: str(input, 'reason') ?? 'Task stopped by user' };
      this.cutLogs(record, now);
    }
    return { task: this.describe(record, now) };
  }

  /**
   * A task of a service deployment that failed, already STOPPED at `at`: its essential container
   * exited with `exitCode`, or (without one) the scheduler stopped it for failing its health
   * checks with `reason`. startedBy is the deployment ID and group `service:NAME`, as on ECS.
   */
  recordFailedServiceTask(failed: {
    clusterArn: string;
    clusterName: string;
    definition: TaskDefinitionRecord;
    service: string;
    deploymentId: string;
    at: number;
    exitCode?: number;
    reason: string;
  }): void {
    const { stoppingMs } = this.timings();
    const record = this.start(
      failed.clusterArn,
      failed.clusterName,
      failed.definition,
      {},
      {
        group: `service:${failed.service}`,
        startedBy: failed.deploymentId,
      },
    );
    const runningAt = Math.min(record.runningAt, failed.at - stoppingMs - 2);
    const shift = record.runningAt - runningAt;
    record.createdAt -= shift;
    record.pendingAt -= shift;
    record.runningAt = runningAt;
    if (failed.exitCode !== undefined) {
      record.exitAt = failed.at - stoppingMs;
      for (const c of record.containers) {
        c.runMs = c.essential ? record.exitAt - runningAt : Infinity;
        if (c.essential) c.exitCode = failed.exitCode;
      }
    } else {
      record.stopRequest = { at: failed.at - stoppingMs, reason: failed.reason, by: 'scheduler' };
    }
  }

  /** ListTasks (cluster, family, serviceName, startedBy, desiredStatus). */
  listArns(input: Json): Json {
    const cluster = clusterNamed(this.state, input);
    const family = str(input, 'family');
    const serviceName = str(input, 'serviceName');
    const startedBy = str(input, 'startedBy');
    const desired = str(input, 'desiredStatus') ?? 'RUNNING';
    const now = Date.now();
    const taskArns = [...this.tasks.values()]
      .filter((t) => t.clusterArn === cluster.arn)
      .filter((t) => family === undefined || t.taskDefinition.family === family)
      .filter((t) => serviceName === undefined || t.group === `service:${serviceName}`)
      .filter((t) => startedBy === undefined || t.startedBy === startedBy)
      .filter((t) => (now >= this.stopAt(t) ? 'STOPPED' : 'RUNNING') === desired)
      .map((t) => t.arn);
    return { taskArns };
  }

  counts(clusterArn: string): { running: number; pending: number } {
    const now = Date.now();
    let running = 0;
    let pending = 0;
    for (const t of this.tasks.values()) {
      if (t.clusterArn !== clusterArn || now >= this.stopAt(t)) continue;
      if (now >= t.runningAt) running++;
      else pending++;
    }
    return { running, pending };
  }
}
