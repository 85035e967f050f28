import type {
  ECSClient,
  ExpressGatewayContainer,
  ExpressGatewayScalingTarget,
  ExpressGatewayServiceConfiguration,
  ExpressGatewayServiceNetworkConfiguration,
  ExpressGatewayServiceScalingMetric,
} from '@aws-sdk/client-ecs';
import {
  CreateExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServicesCommand,
  TagResourceCommand,
  UpdateExpressGatewayServiceCommand,
} from '@aws-sdk/client-ecs';
import type { BackoffOptions } from '../core/backoff';
import type { Clock } from '../core/clock';
import { DeploymentFailedError } from '../core/errors';
import { toTags } from './container-edits';
import { withServiceDiagnostics } from './service-diagnostics';
import { waitForServiceDeployment } from './service-deployment';
import { awsErrorName, isAwsError } from '../core/aws-errors';

/** What the step asks of an Express Mode service; unset fields keep the service's current values. */
export interface ExpressSpec {
  service: string;
  image: string;
  executionRoleArn: string;
  infrastructureRoleArn: string;
  taskRoleArn?: string;
  port?: number;
  healthCheckPath?: string;
  cpu?: string;
  memory?: string;
  /** The full set of plain variables and secret references (name -> ARN). */
  environment: ReadonlyMap<string, string>;
  secrets: ReadonlyMap<string, string>;
  scaling?: { minTaskCount?: number; maxTaskCount?: number; metric?: string; target?: number };
  subnets: readonly string[];
  securityGroups: readonly string[];
  /** The primary container's command (unset: the image's own, or what the service has). */
  command?: readonly string[];
  logs?: { logGroup: string; logStreamPrefix: string };
  /** A Secrets Manager secret with the private registry's credentials. */
  repositoryCredentials?: string;
  /** Tags for the service (given at creation; TagResource on an existing service). */
  tags: ReadonlyMap<string, string>;
}

export interface ExpressDeployOptions {
  ecs: ECSClient;
  cluster: string;
  spec: ExpressSpec;
  timeoutMs: number;
  backoff?: Partial<BackoffOptions>;
  clock?: Clock;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export interface ExpressDeployResult {
  status: 'created' | 'updated' | 'unchanged';
  serviceArn: string;
  url?: string;
  image: string;
  previousImage?: string;
  serviceRevisionArn?: string;
  taskDefinitionArn?: string;
  previousTaskDefinitionArn?: string;
}

/** Creates or updates an Express Mode service and waits until the new revision is the one serving. */
export async function deployExpress(options: ExpressDeployOptions): Promise<ExpressDeployResult> {
  const { ecs, spec } = options;
  const progress = options.onProgress ?? (() => undefined);
  const existingArn = await findService(ecs, options.cluster, spec.service);

  let status: ExpressDeployResult['status'];
  let serviceArn: string;
  let target: ExpressGatewayServiceConfiguration | undefined;
  let previous: ExpressGatewayServiceConfiguration | undefined;
  if (existingArn === undefined) {
    progress(`Creating Express Mode service ${spec.service} in cluster ${options.cluster}`);
    const out = await ecs.send(
      new CreateExpressGatewayServiceCommand({
        cluster: options.cluster,
        serviceName: spec.service,
        executionRoleArn: spec.executionRoleArn,
        infrastructureRoleArn: spec.infrastructureRoleArn,
        ...(spec.taskRoleArn === undefined ? {} : { taskRoleArn: spec.taskRoleArn }),
        primaryContainer: container(spec, undefined),
        ...optionalSettings(spec),
        ...(spec.tags.size === 0 ? {} : { tags: toTags(spec.tags) }),
      }),
    );
    serviceArn = out.service?.serviceArn ?? '';
    target = out.service?.activeConfigurations?.[0];
    status = 'created';
  } else {
    serviceArn = existingArn;
    const current = await ecs
      .send(new DescribeExpressGatewayServiceCommand({ serviceArn }))
      .catch((error: unknown) => {
        if (
          !isAwsError(
            error,
            'ServiceNotFoundException',
            'ResourceNotFoundException',
            'InvalidParameterException',
          )
        ) {
          throw error;
        }
        throw new DeploymentFailedError(
          `service ${spec.service} exists in cluster ${options.cluster} but is not an Express Mode service (${awsErrorName(error) ?? ''}); deploy it with mode: service, or choose another service name`,
        );
      });
    const configs = current.service?.activeConfigurations ?? [];
    previous = newest(configs);
    if (configs.length === 1 && previous !== undefined && sameConfiguration(previous, spec)) {
      progress(
        `Express service ${spec.service} already runs ${spec.image} with this configuration: nothing to deploy`,
      );
      return {
        status: 'unchanged',
        serviceArn,
        image: spec.image,
        previousImage: spec.image,
        ...urlOf(previous),
        ...(previous.serviceRevisionArn === undefined
          ? {}
          : { serviceRevisionArn: previous.serviceRevisionArn }),
        ...(previous.taskDefinitionArn === undefined
          ? {}
          : { taskDefinitionArn: previous.taskDefinitionArn }),
        ...(previous.taskDefinitionArn === undefined
          ? {}
          : { previousTaskDefinitionArn: previous.taskDefinitionArn }),
      };
    }
    progress(
      `Updating Express Mode service ${spec.service}: ${previous?.primaryContainer?.image ?? '(none)'} -> ${spec.image}`,
    );
    const out = await ecs.send(
      new UpdateExpressGatewayServiceCommand({
        serviceArn,
        executionRoleArn: spec.executionRoleArn,
        ...(spec.taskRoleArn === undefined ? {} : { taskRoleArn: spec.taskRoleArn }),
        primaryContainer: container(spec, previous?.primaryContainer),
        ...optionalSettings(spec),
      }),
    );
    target = out.service?.targetConfiguration;
    status = 'updated';
    if (spec.tags.size > 0) {
      await ecs.send(new TagResourceCommand({ resourceArn: serviceArn, tags: toTags(spec.tags) }));
    }
  }
  if (target?.taskDefinitionArn === undefined) {
    throw new DeploymentFailedError(
      `ECS did not return the new configuration of Express service ${spec.service}`,
    );
  }
  const serving = await awaitRollout(options, serviceArn, target, target.taskDefinitionArn);
  return {
    status,
    serviceArn,
    image: spec.image,
    ...(previous?.primaryContainer?.image === undefined
      ? {}
      : { previousImage: previous.primaryContainer.image }),
    ...urlOf(serving),
    ...(serving.serviceRevisionArn === undefined
      ? {}
      : { serviceRevisionArn: serving.serviceRevisionArn }),
    taskDefinitionArn: target.taskDefinitionArn,
    ...(previous?.taskDefinitionArn === undefined
      ? {}
      : { previousTaskDefinitionArn: previous.taskDefinitionArn }),
  };
}

/**
 * Waits for the new revision's deployment (a failure carries the service's events and stopped
 * tasks) and returns it once it is the active configuration serving.
 */
async function awaitRollout(
  options: ExpressDeployOptions,
  serviceArn: string,
  target: ExpressGatewayServiceConfiguration,
  taskDefinitionArn: string,
): Promise<ExpressGatewayServiceConfiguration> {
  const { ecs, spec } = options;
  const progress = options.onProgress ?? (() => undefined);
  progress(`Rolling out revision ${target.serviceRevisionArn ?? taskDefinitionArn}`);
  const since = new Date(Date.now() - 1000);
  await withServiceDiagnostics(
    { ecs, cluster: options.cluster, service: spec.service, since },
    () =>
      waitForServiceDeployment({
        ecs,
        cluster: options.cluster,
        service: spec.service,
        taskDefinitionArn,
        timeoutMs: options.timeoutMs,
        ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onProgress: progress,
      }),
  );
  const after = await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn }));
  const active = after.service?.activeConfigurations ?? [];
  const serving = active.find((c) => c.taskDefinitionArn === taskDefinitionArn);
  if (serving === undefined) {
    const now = newest(active);
    throw new DeploymentFailedError(
      `Express service ${spec.service}: revision ${target.serviceRevisionArn ?? ''} is not an active configuration after its rollout; the service runs ${now?.primaryContainer?.image ?? 'nothing'}`,
    );
  }
  return serving;
}

/** The service's ARN when it exists and is active in the cluster. */
async function findService(
  ecs: ECSClient,
  cluster: string,
  name: string,
): Promise<string | undefined> {
  try {
    const out = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
    const service = out.services?.find((s) => s.status === 'ACTIVE');
    return service?.serviceArn;
  } catch (error) {
    // Express Mode creates the default cluster on first use.
    if (isAwsError(error, 'ClusterNotFoundException') && cluster === 'default') return undefined;
    throw error;
  }
}

function container(
  spec: ExpressSpec,
  current: ExpressGatewayContainer | undefined,
): ExpressGatewayContainer {
  const logs = spec.logs ?? current?.awsLogsConfiguration;
  const command = spec.command ?? current?.command;
  const credentials =
    spec.repositoryCredentials ?? current?.repositoryCredentials?.credentialsParameter;
  return {
    ...(logs === undefined ? {} : { awsLogsConfiguration: logs }),
    ...(command === undefined ? {} : { command: [...command] }),
    ...(credentials === undefined
      ? {}
      : { repositoryCredentials: { credentialsParameter: credentials } }),
    image: spec.image,
    ...(spec.port !== undefined
      ? { containerPort: spec.port }
      : current?.containerPort === undefined
        ? {}
        : { containerPort: current.containerPort }),
    environment: [...spec.environment].map(([name, value]) => ({ name, value })),
    secrets: [...spec.secrets].map(([name, valueFrom]) => ({ name, valueFrom })),
  };
}

function optionalSettings(spec: ExpressSpec): {
  healthCheckPath?: string;
  cpu?: string;
  memory?: string;
  scalingTarget?: ExpressGatewayScalingTarget;
  networkConfiguration?: ExpressGatewayServiceNetworkConfiguration;
} {
  const scaling = spec.scaling;
  return {
    ...(spec.healthCheckPath === undefined ? {} : { healthCheckPath: spec.healthCheckPath }),
    ...(spec.cpu === undefined ? {} : { cpu: spec.cpu }),
    ...(spec.memory === undefined ? {} : { memory: spec.memory }),
    ...(scaling === undefined
      ? {}
      : {
          scalingTarget: {
            ...(scaling.minTaskCount === undefined ? {} : { minTaskCount: scaling.minTaskCount }),
            ...(scaling.maxTaskCount === undefined ? {} : { maxTaskCount: scaling.maxTaskCount }),
            ...(scaling.metric === undefined
              ? {}
              : { autoScalingMetric: scaling.metric as ExpressGatewayServiceScalingMetric }),
            ...(scaling.target === undefined ? {} : { autoScalingTargetValue: scaling.target }),
          },
        }),
    ...(spec.subnets.length === 0 && spec.securityGroups.length === 0
      ? {}
      : {
          networkConfiguration: {
            subnets: [...spec.subnets],
            securityGroups: [...spec.securityGroups],
          },
        }),
  };
}

/** Whether the current configuration already is what the step asks for. */
export function sameConfiguration(
  current: ExpressGatewayServiceConfiguration,
  spec: ExpressSpec,
): boolean {
  const c = current.primaryContainer;
  const pairs = (
    list:
      | readonly {
          name?: string | undefined;
          value?: string | undefined;
          valueFrom?: string | undefined;
        }[]
      | undefined,
  ): string => JSON.stringify((list ?? []).map((p) => [p.name, p.value ?? p.valueFrom]).sort());
  const given = <T>(wanted: T | undefined, actual: T | undefined): boolean =>
    wanted === undefined || wanted === actual;
  const scaling = spec.scaling ?? {};
  const currentScaling = current.scalingTarget ?? {};
  return (
    c?.image === spec.image &&
    current.executionRoleArn === spec.executionRoleArn &&
    given(spec.taskRoleArn, current.taskRoleArn) &&
    given(spec.port, c.containerPort) &&
    given(spec.healthCheckPath, current.healthCheckPath) &&
    given(spec.cpu, current.cpu) &&
    given(spec.memory, current.memory) &&
    given(spec.command?.join('\u0000'), c.command?.join('\u0000')) &&
    given(spec.logs?.logGroup, c.awsLogsConfiguration?.logGroup) &&
    given(spec.logs?.logStreamPrefix, c.awsLogsConfiguration?.logStreamPrefix) &&
    given(spec.repositoryCredentials, c.repositoryCredentials?.credentialsParameter) &&
    pairs(c.environment) ===
      pairs([...spec.environment].map(([name, value]) => ({ name, value }))) &&
    pairs(c.secrets) ===
      pairs([...spec.secrets].map(([name, valueFrom]) => ({ name, valueFrom }))) &&
    given(scaling.minTaskCount, currentScaling.minTaskCount) &&
    given(scaling.maxTaskCount, currentScaling.maxTaskCount) &&
    given(scaling.metric, currentScaling.autoScalingMetric) &&
    given(scaling.target, currentScaling.autoScalingTargetValue) &&
    (spec.subnets.length === 0 ||
      JSON.stringify([...spec.subnets].sort()) ===
        JSON.stringify([...(current.networkConfiguration?.subnets ?? [])].sort())) &&
    (spec.securityGroups.length === 0 ||
      JSON.stringify([...spec.securityGroups].sort()) ===
        JSON.stringify([...(current.networkConfiguration?.securityGroups ?? [])].sort()))
  );
}

function newest(
  configs: readonly ExpressGatewayServiceConfiguration[],
): ExpressGatewayServiceConfiguration | undefined {
  return [...configs].sort(
    (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
  )[0];
}

/** The public ingress endpoint as a URL (ECS may return a bare host name). */
function urlOf(config: ExpressGatewayServiceConfiguration): { url?: string } {
  const paths = config.ingressPaths ?? [];
  const endpoint = (paths.find((p) => p.accessType === 'PUBLIC') ?? paths[0])?.endpoint;
  if (endpoint === undefined || endpoint === '') return {};
  return { url: /^[a-z]+:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}` };
}
