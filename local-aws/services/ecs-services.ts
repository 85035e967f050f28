import { randomUUID } from 'node:crypto';
import type { Candidate, Endpoint, LaunchSpec } from '../runtime/workloads';
import { AwsError } from '../server/aws-error';
import {
  arnPrefix,
  clusterNamed,
  containersOf,
  envMap,
  list,
  obj,
  requireTaskDefinition,
  shortName,
  str,
  toEpoch,
  type Cluster,
  type EcsState,
  type Json,
  type TaskDefinitionRecord,
} from './ecs-model';

/**
 * Classic ECS services and their deployments. A deployment is computed from time whenever the
 * service is read: IN_PROGRESS for the `ecs.deployment` timing, then COMPLETED when every
 * essential container image is healthy (context.workloads), else FAILED by the deployment
 * circuit breaker, which (with rollback) starts a new PRIMARY deployment of the last completed
 * task definition. Without the circuit breaker a failing deployment stays IN_PROGRESS, as on AWS.
 */

export interface DeploymentRecord {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  taskDefinition: TaskDefinitionRecord;
  desiredCount: number;
  runningCount: number;
  failedTasks: number;
  createdAt: number;
  updatedAt: number;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason: string;
  /** Express Mode: the service revision this deployment rolls out. */
  revision?: Json;
  /** The main container starting and being health-checked (workloads). */
  candidate?: Candidate;
  /** A circuit-breaker rollback to this (earlier COMPLETED) deployment is under way. */
  rollingBack?: boolean;
  /**
   * A blue/green-family strategy's lifecycle (ecs-service-deployments.ts): until when a healthy
   * rollout must wait before it completes (Infinity: paused), or a rollback it asks for.
   */
  hold?: (now: number) => { until: number } | { rollback: string; at: number };
}

export interface ServiceRecord {
  name: string;
  arn: string;
  cluster: Cluster;
  taskDefinition: TaskDefinitionRecord;
  desiredCount: number;
  input: Json;
  deployments: DeploymentRecord[];
  events: Json[];
  createdAt: number;
  /** The last task definition whose deployment completed (the circuit breaker's rollback target). */
  stable?: DeploymentRecord;
  endpoint: Endpoint;
  express?: Json;
}

let deploymentSeq = 0;
function deploymentId(): string {
  deploymentSeq++;
  return `ecs-svc/${String(Date.now()).padStart(13, '0')}${String(deploymentSeq).padStart(6, '0')}`;
}

export class EcsServices {
  readonly services = new Map<string, ServiceRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly state: EcsState,
    private readonly deploymentMs: () => number,
    /** Records the STOPPED tasks of a deployment that failed (DescribeTasks shows them). */
    private readonly onFailedTasks: (record: ServiceRecord, failed: FailedTasks) => void = () =>
      undefined,
    /** How long a circuit-breaker rollback takes (the failed deployment stays listed meanwhile). */
    private readonly rollbackMs: () => number = deploymentMs,
  ) {}

  private rolloutMs(deployment: DeploymentRecord | undefined): number {
    return deployment?.rollingBack === true ? this.rollbackMs() : this.deploymentMs();
  }

  key(cluster: Cluster, name: string): string {
    return `${cluster.name}/${name}`;
  }

  find(cluster: Cluster, ref: string): ServiceRecord | undefined {
    return this.services.get(this.key(cluster, shortName(ref)));
  }

  /** CreateService (also used by Express Mode with its own managed task definition). */
  async create(input: Json, express?: Json): Promise<ServiceRecord> {
    const cluster = clusterNamed(this.state, input);
    const name = str(input, 'serviceName');
    if (name === undefined || !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        'Service name is required: up to 255 letters, numbers, hyphens and underscores.',
      );
    }
    const existing = this.find(cluster, name);
    if (existing !== undefined) {
      throw new AwsError('InvalidParameterException', 'Creation of service was not idempotent.');
    }
    const definition = requireTaskDefinition(this.state, str(input, 'taskDefinition'));
    checkNetwork(definition, input);
    const desiredCount = input.desiredCount === undefined ? 1 : Number(input.desiredCount);
    const now = Date.now();
    const endpoint = await this.state.context.workloads.endpoint(
      `ecs:${cluster.name}/${name}`,
      typeof express?.healthCheckPath === 'string' ? express.healthCheckPath : '/health',
    );
    const record: ServiceRecord = {
      name,
      arn: `${arnPrefix(this.state)}:service/${cluster.name}/${name}`,
      cluster,
      taskDefinition: definition,
      desiredCount,
      input,
      deployments: [],
      events: [],
      createdAt: now,
      endpoint,
      ...(express === undefined ? {} : { express }),
    };
    this.startDeployment(record, definition, now, undefined);
    this.services.set(this.key(cluster, name), record);
    return record;
  }

  /** UpdateService: a new PRIMARY deployment when the task definition changes or is forced. */
  update(input: Json): ServiceRecord {
    const cluster = clusterNamed(this.state, input);
    const ref = str(input, 'service');
    const record = ref === undefined ? undefined : this.find(cluster, ref);
    if (record === undefined || record.express !== undefined) {
      throw new AwsError('ServiceNotFoundException', 'Service not found.');
    }
    this.advance(record);
    const now = Date.now();
    if (input.desiredCount !== undefined) {
      record.desiredCount = Number(input.desiredCount);
      for (const d of record.deployments)
        if (d.status === 'PRIMARY') d.desiredCount = record.desiredCount;
    }
    if (input.deploymentConfiguration !== undefined) {
      record.input = { ...record.input, deploymentConfiguration: input.deploymentConfiguration };
    }
    for (const field of ['propagateTags', 'enableExecuteCommand'] as const) {
      if (input[field] !== undefined) record.input = { ...record.input, [field]: input[field] };
    }
    const ref2 = str(input, 'taskDefinition');
    const controller = str(obj(record.input, 'deploymentController') ?? {}, 'type') ?? 'ECS';
    if (controller === 'CODE_DEPLOY' && ref2 !== undefined) {
      throw new AwsError(
        'InvalidParameterException',
        'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.',
      );
    }
    const definition =
      ref2 === undefined ? record.taskDefinition : requireTaskDefinition(this.state, ref2);
    if (definition !== record.taskDefinition || input.forceNewDeployment === true) {
      checkNetwork(definition, { ...record.input, ...input });
      this.startDeployment(record, definition, now, undefined);
    }
    return record;
  }

  startDeployment(
    record: ServiceRecord,
    definition: TaskDefinitionRecord,
    at: number,
    reason: string | undefined,
    revision?: Json,
  ): DeploymentRecord {
    for (const d of record.deployments) {
      d.status = 'ACTIVE';
      // A rollout replaced before it completed does not keep its container.
      if (d.rolloutState === 'IN_PROGRESS' && d !== record.stable) d.candidate?.discard();
    }
    const deployment: DeploymentRecord = {
      id: deploymentId(),
      status: 'PRIMARY',
      taskDefinition: definition,
      desiredCount: record.desiredCount,
      runningCount: 0,
      failedTasks: 0,
      createdAt: at,
      updatedAt: at,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: '',
      ...(revision === undefined ? {} : { revision }),
      candidate: record.endpoint.launch(launchSpec(definition, record.endpoint.healthPath)),
    };
    deployment.rolloutStateReason = reason ?? `ECS deployment ${deployment.id} in progress.`;
    record.deployments.unshift(deployment);
    record.taskDefinition = definition;
    this.schedule(record, at);
    return deployment;
  }

  /** Moves the service's deployments forward to now. */
  advance(record: ServiceRecord, now = Date.now()): void {
    for (let guard = 0; guard < 10; guard++) {
      const primary = record.deployments[0];
      if (primary === undefined || primary.rolloutState !== 'IN_PROGRESS') return;
      const ms = this.rolloutMs(primary);
      const decision = primary.createdAt + ms;
      if (now < decision) return;
      // With a container engine the main container must have passed its health check.
      const candidate = primary.candidate;
      const verdict = candidate?.decide();
      if (candidate !== undefined && verdict === undefined) {
        this.whenSettled(record, candidate);
        return;
      }
      const due = Math.max(decision, candidate?.settledAt ?? decision);
      const healthy =
        (verdict?.healthy ?? true) &&
        containersOf(primary.taskDefinition)
          .filter((c) => c.essential !== false)
          .every((c) => record.endpoint.wouldBeHealthy(String(c.image)));
      if (healthy) {
        const hold = primary.hold?.(now);
        if (hold !== undefined && 'rollback' in hold) {
          this.failAndRollBack(record, primary, hold.at, {
            reason: hold.rollback,
            event: hold.rollback,
            by: hold.rollback.replace(/\.$/, ''),
            rollback: true,
          });
          return;
        }
        if (hold !== undefined && now < hold.until) {
          primary.runningCount = primary.desiredCount;
          return;
        }
        this.complete(record, primary, Math.max(due, hold?.until ?? due));
        continue;
      }
      const breaker = obj(
        obj(record.input, 'deploymentConfiguration') ?? {},
        'deploymentCircuitBreaker',
      );
      if (breaker?.enable !== true) {
        // Tasks keep failing their health checks; ECS keeps trying.
        primary.failedTasks =
          Math.max(1, Math.floor((now - primary.createdAt) / ms)) *
          Math.max(1, primary.desiredCount);
        primary.updatedAt = now;
        return;
      }
      if (verdict !== undefined && !verdict.healthy && verdict.reason !== '') {
        this.event(record, due, `(service ${record.name}) (deployment ${primary.id}) task failed: ${verdict.reason}`); // prettier-ignore
      }
      this.onFailedTasks(record, {
        deployment: primary,
        at: due,
        count: 3,
        ...failureOf(record, primary),
      });
      primary.failedTasks = Math.max(3, primary.desiredCount * 2);
      const rolledBack = this.failAndRollBack(record, primary, due, {
        reason: 'ECS deployment circuit breaker: tasks failed to start.',
        event: 'tasks failed to start.',
        by: 'ECS deployment circuit breaker',
        rollback: breaker.rollback === true,
      });
      if (!rolledBack) return;
    }
  }

  /**
   * Fails the primary deployment with `reason` and (with rollback) makes the most recent
   * COMPLETED deployment PRIMARY and IN_PROGRESS again, as ECS does. Returns whether it rolled
   * back.
   */
  failAndRollBack(
    record: ServiceRecord,
    primary: DeploymentRecord,
    at: number,
    why: { reason: string; event: string; by: string; rollback: boolean },
  ): boolean {
    const { reason, event } = why;
    primary.candidate?.discard();
    primary.rolloutState = 'FAILED';
    primary.rolloutStateReason = reason;
    primary.updatedAt = at;
    this.event(
      record,
      at,
      `(service ${record.name}) (deployment ${primary.id}) deployment failed: ${event}`,
    );
    const target = record.stable;
    if (!why.rollback || target === undefined) return false;
    this.event(record, at, `(service ${record.name}) rolling back to deployment ${target.id}.`);
    primary.status = 'ACTIVE';
    record.deployments = [target, ...record.deployments.filter((d) => d !== target)];
    target.status = 'PRIMARY';
    target.rolloutState = 'IN_PROGRESS';
    target.rolloutStateReason = `${why.by}: rolling back to deploymentId ${target.id}.`;
    target.createdAt = at;
    target.updatedAt = at;
    target.rollingBack = true;
    // Its tasks are the ones still serving (traffic never moved to the failed deployment).
    const serving = record.endpoint.keepCurrent();
    if (serving === undefined) delete target.candidate;
    else target.candidate = serving;
    record.taskDefinition = target.taskDefinition;
    this.schedule(record, at);
    return true;
  }

  /** Advances the service when its primary deployment is due, so the endpoint switches by itself. */
  private schedule(record: ServiceRecord, from: number): void {
    const delay = Math.max(0, from + this.rolloutMs(record.deployments[0]) - Date.now()) + 5;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.advance(record);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  /** Advances the service once a pending health check is decided (once per candidate). */
  private readonly waiting = new WeakSet<Candidate>();
  private closed = false;
  private whenSettled(record: ServiceRecord, candidate: Candidate): void {
    if (this.waiting.has(candidate)) return;
    this.waiting.add(candidate);
    void candidate.settled.then(() => {
      if (!this.closed) this.advance(record);
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private complete(record: ServiceRecord, primary: DeploymentRecord, at: number): void {
    primary.rolloutState = 'COMPLETED';
    delete primary.rollingBack;
    primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
    primary.runningCount = primary.desiredCount;
    primary.updatedAt = at;
    record.deployments = [primary];
    record.stable = primary;
    const main = mainContainer(primary.taskDefinition);
    record.endpoint.serve(
      { image: String(main.image), env: envMap(list(main, 'environment')) },
      primary.candidate,
    );
    this.event(record, at, `(service ${record.name}) has reached a steady state.`);
  }

  private event(record: ServiceRecord, at: number, message: string): void {
    record.events.unshift({ id: randomUUID(), createdAt: toEpoch(at), message });
    record.events.splice(100);
  }

  /** DescribeServices shape. */
  describe(record: ServiceRecord): Json {
    this.advance(record);
    const running = record.deployments.reduce((sum, d) => sum + d.runningCount, 0);
    const pending =
      record.deployments.filter((d) => d.rolloutState === 'IN_PROGRESS').length > 0
        ? record.desiredCount
        : 0;
    const input = record.input;
    const service: Json = {
      serviceArn: record.arn,
      serviceName: record.name,
      clusterArn: record.cluster.arn,
      loadBalancers: list(input, 'loadBalancers'),
      serviceRegistries: [],
      status: 'ACTIVE',
      desiredCount: record.desiredCount,
      runningCount: running,
      pendingCount: pending,
      taskDefinition: record.taskDefinition.arn,
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: false, rollback: false },
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        ...(obj(input, 'deploymentConfiguration') ?? {}),
      },
      deployments: record.deployments.map((d) => deploymentJson(record, d)),
      events: record.events,
      createdAt: toEpoch(record.createdAt),
      placementConstraints: [],
      placementStrategy: [],
      schedulingStrategy: 'REPLICA',
      deploymentController: obj(input, 'deploymentController') ?? { type: 'ECS' },
      enableECSManagedTags: false,
      propagateTags: str(input, 'propagateTags') ?? 'NONE',
      enableExecuteCommand: input.enableExecuteCommand === true,
    };
    const launchType = str(input, 'launchType');
    const strategy = list(input, 'capacityProviderStrategy');
    if (strategy.length > 0) service.capacityProviderStrategy = strategy;
    else service.launchType = launchType ?? 'FARGATE';
    if (service.launchType === 'FARGATE' || strategy.length > 0) service.platformVersion = 'LATEST';
    const network = obj(input, 'networkConfiguration');
    if (network !== undefined) service.networkConfiguration = network;
    return service;
  }

  /** DescribeServices. */
  describeMany(input: Json): Json {
    const cluster = clusterNamed(this.state, input);
    const refs = list<string>(input, 'services');
    if (refs.length === 0 || refs.length > 10) {
      throw new AwsError(
        'InvalidParameterException',
        'services can have at most 10 items and at least 1.',
      );
    }
    const services: Json[] = [];
    const failures: Json[] = [];
    for (const ref of refs) {
      const record = this.find(cluster, ref);
      if (record === undefined) {
        failures.push({
          arn: ref.startsWith('arn:')
            ? ref
            : `${arnPrefix(this.state)}:service/${cluster.name}/${ref}`,
          reason: 'MISSING',
        });
      } else {
        services.push(this.describe(record));
      }
    }
    return { services, failures };
  }
}

/** The tasks a failed deployment stopped: how many, when, and why. */
export interface FailedTasks {
  deployment: DeploymentRecord;
  at: number;
  count: number;
  exitCode?: number;
  reason: string;
}

/**
 * Why a failed deployment's tasks stopped, as ECS says it: an essential container that exits
 * (LOCAL_ECS_EXIT_CODE in the main container's environment) stops with its exit code, else the
 * scheduler replaced the task for failing the load balancer's health checks.
 */
function failureOf(
  record: ServiceRecord,
  deployment: DeploymentRecord,
): { exitCode?: number; reason: string } {
  const env = envMap(list(mainContainer(deployment.taskDefinition), 'environment'));
  const code = Number(env.LOCAL_ECS_EXIT_CODE ?? 0);
  if (Number.isInteger(code) && code !== 0)
    return { exitCode: code, reason: 'Essential container in task exited' };
  const targetGroup =
    str(list(record.input, 'loadBalancers')[0] ?? {}, 'targetGroupArn') ??
    `arn:aws:elasticloadbalancing:${record.arn.split(':')[3] ?? ''}:${record.arn.split(':')[4] ?? ''}:targetgroup/${record.name.slice(0, 20)}/${deployment.id.slice(-16)}`;
  return { reason: `Task failed ELB health checks in (target-group ${targetGroup})` };
}

export function deploymentJson(record: ServiceRecord, d: DeploymentRecord): Json {
  const input = record.input;
  const json: Json = {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition.arn,
    desiredCount: d.desiredCount,
    pendingCount: d.rolloutState === 'IN_PROGRESS' ? d.desiredCount : 0,
    runningCount: d.runningCount,
    failedTasks: d.failedTasks,
    createdAt: toEpoch(d.createdAt),
    updatedAt: toEpoch(d.updatedAt),
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
  };
  const strategy = list(input, 'capacityProviderStrategy');
  if (strategy.length > 0) json.capacityProviderStrategy = strategy;
  else json.launchType = str(input, 'launchType') ?? 'FARGATE';
  const network = obj(input, 'networkConfiguration');
  if (network !== undefined) json.networkConfiguration = network;
  return json;
}

/** The container that receives traffic: `Main` (Express), else the first with a port mapping. */
export function mainContainer(definition: TaskDefinitionRecord): Json {
  const containers = containersOf(definition);
  return (
    containers.find((c) => c.name === 'Main') ??
    containers.find((c) => list(c, 'portMappings').length > 0 && c.essential !== false) ??
    containers[0] ??
    {}
  );
}

/**
 * What a deployment runs for real (with a container engine): the main container with its
 * environment, secrets (valueFrom ARNs), command and first container port. A main container
 * without a port mapping (a worker) has nothing to health-check and is simulated.
 */
export function launchSpec(definition: TaskDefinitionRecord, healthPath: string): LaunchSpec {
  const main = mainContainer(definition);
  const port = list(main, 'portMappings')[0]?.containerPort;
  const secrets: Record<string, string> = {};
  for (const secret of list(main, 'secrets')) {
    const name = str(secret, 'name');
    const from = str(secret, 'valueFrom');
    if (name !== undefined && from !== undefined) secrets[name] = from;
  }
  const command = list<string>(main, 'command');
  return {
    image: String(main.image),
    env: envMap(list(main, 'environment')),
    secrets,
    port: Number(port ?? 0),
    healthPath,
    ...(command.length > 0 ? { command } : {}),
    ...(port === undefined ? { simulate: true } : {}),
  };
}

function checkNetwork(definition: TaskDefinitionRecord, input: Json): void {
  const network = obj(obj(input, 'networkConfiguration') ?? {}, 'awsvpcConfiguration');
  if (
    str(definition.body, 'networkMode') === 'awsvpc' &&
    (network === undefined || list(network, 'subnets').length === 0)
  ) {
    throw new AwsError(
      'InvalidParameterException',
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  }
}
