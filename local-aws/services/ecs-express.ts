import { AwsError } from '../server/aws-error';
import {
  arnPrefix,
  clusterNamed,
  createCluster,
  hexId,
  list,
  obj,
  registerTaskDefinition,
  str,
  toEpoch,
  type EcsState,
  type Json,
  type TaskDefinitionRecord,
} from './ecs-model';
import { type EcsServices, type ServiceRecord } from './ecs-services';

/**
 * ECS Express Mode: an Express service is an ECS service (visible to DescribeServices) whose
 * task definition ECS manages. Each create/update registers a new service revision (an
 * ExpressGatewayServiceConfiguration) and rolls it out as a deployment with the circuit breaker
 * and rollback on. While a revision rolls out both it and the previous one are active
 * configurations; once done only the one serving remains. The ingress endpoint is a workload URL.
 */

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
let revisionSeq = 0;

export class EcsExpress {
  constructor(
    private readonly state: EcsState,
    private readonly services: EcsServices,
  ) {}

  async create(input: Json): Promise<Json> {
    const infrastructureRoleArn = str(input, 'infrastructureRoleArn');
    if (infrastructureRoleArn === undefined) {
      throw new AwsError('InvalidParameterException', 'infrastructureRoleArn must be specified.');
    }
    checkRole('infrastructureRoleArn', infrastructureRoleArn);
    const clusterName = str(input, 'cluster') ?? 'default';
    if (clusterName === 'default') createCluster(this.state, 'default');
    const cluster = clusterNamed(this.state, { cluster: clusterName });
    const serviceName = str(input, 'serviceName') ?? `express-${hexId(4)}`;
    if (this.services.find(cluster, serviceName) !== undefined) {
      throw new AwsError('InvalidParameterException', 'Creation of service was not idempotent.');
    }
    const config = this.configuration({}, input, cluster.name, serviceName);
    const definition = this.register(config, serviceName);
    const scaling = obj(config, 'scalingTarget') ?? {};
    const network = obj(config, 'networkConfiguration') ?? {};
    const now = Date.now();
    const record = await this.services.create(
      {
        cluster: cluster.name,
        serviceName,
        taskDefinition: definition.arn,
        desiredCount: Number(scaling.minTaskCount ?? 1),
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { ...network, assignPublicIp: 'DISABLED' } },
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: true, rollback: true },
          maximumPercent: 200,
          minimumHealthyPercent: 100,
        },
      },
      {
        infrastructureRoleArn,
        healthCheckPath: config.healthCheckPath,
        tags: list(input, 'tags'),
        createdAt: now,
        updatedAt: now,
      },
    );
    const revision = this.finish(record, config, definition.arn, now);
    const first = record.deployments[0];
    if (first !== undefined) first.revision = revision;
    return { service: this.describeRecord(record) };
  }

  update(input: Json): Json {
    const record = this.byArn(str(input, 'serviceArn'));
    this.services.advance(record);
    const current = record.deployments[0]?.revision ?? {};
    const config = this.configuration(current, input, record.cluster.name, record.name);
    const definition = this.register(config, record.name);
    const now = Date.now();
    const revision = this.finish(record, config, definition.arn, now);
    record.desiredCount = Number(obj(config, 'scalingTarget')?.minTaskCount ?? record.desiredCount);
    record.endpoint.healthPath = String(config.healthCheckPath);
    this.services.startDeployment(record, definition, now, undefined, revision);
    if (record.express !== undefined) record.express.updatedAt = now;
    return {
      service: {
        serviceArn: record.arn,
        cluster: record.cluster.arn,
        serviceName: record.name,
        status: { statusCode: 'ACTIVE' },
        targetConfiguration: revision,
        createdAt: toEpoch(record.createdAt),
        updatedAt: toEpoch(now),
      },
    };
  }

  describe(input: Json): Json {
    const record = this.byArn(str(input, 'serviceArn'));
    return { service: this.describeRecord(record) };
  }

  private describeRecord(record: ServiceRecord): Json {
    this.services.advance(record);
    const primary = record.deployments[0];
    const express = record.express ?? {};
    return {
      cluster: record.cluster.arn,
      serviceName: record.name,
      serviceArn: record.arn,
      infrastructureRoleArn: express.infrastructureRoleArn,
      status: { statusCode: 'ACTIVE' },
      currentDeployment:
        primary === undefined
          ? undefined
          : `${arnPrefix(this.state)}:service-deployment/${record.cluster.name}/${record.name}/${primary.id.slice('ecs-svc/'.length)}`,
      activeConfigurations: record.deployments
        .map((d) => d.revision)
        .filter((r): r is Json => r !== undefined)
        .filter(
          (r, i, all) => all.findIndex((x) => x.serviceRevisionArn === r.serviceRevisionArn) === i,
        ),
      tags: express.tags ?? [],
      createdAt: toEpoch(record.createdAt),
      updatedAt: toEpoch(Number(express.updatedAt ?? record.createdAt)),
    };
  }

  private byArn(arn: string | undefined): ServiceRecord {
    const match = arn === undefined ? null : /:service\/([^/]+)\/([^/]+)$/.exec(arn);
    const record =
      match === null
        ? undefined
        : this.services.services.get(`${match[1] ?? ''}/${match[2] ?? ''}`);
    if (record?.express === undefined) {
      throw new AwsError('ServiceNotFoundException', 'Service not found.');
    }
    return record;
  }

  /** The requested configuration: the current one with the given fields replacing its own. */
  private configuration(current: Json, input: Json, cluster: string, service: string): Json {
    const executionRoleArn = str(input, 'executionRoleArn') ?? str(current, 'executionRoleArn');
    if (executionRoleArn === undefined) {
      throw new AwsError(
        'InvalidParameterException',
        'executionRoleArn must be specified when primaryContainer is specified.',
      );
    }
    checkRole('executionRoleArn', executionRoleArn);
    const taskRoleArn = str(input, 'taskRoleArn') ?? str(current, 'taskRoleArn');
    if (taskRoleArn !== undefined) checkRole('taskRoleArn', taskRoleArn);
    const givenContainer = obj(input, 'primaryContainer');
    const currentContainer = obj(current, 'primaryContainer');
    if (givenContainer === undefined && currentContainer === undefined) {
      throw new AwsError('InvalidParameterException', 'primaryContainer must be specified.');
    }
    if (givenContainer !== undefined && str(givenContainer, 'image') === undefined) {
      throw new AwsError('InvalidParameterException', 'primaryContainer.image must be specified.');
    }
    const primaryContainer: Json = {
      containerPort: 80,
      awsLogsConfiguration: { logGroup: `/aws/ecs/${cluster}/${service}`, logStreamPrefix: 'ecs' },
      environment: [],
      secrets: [],
      ...(givenContainer === undefined
        ? currentContainer
        : { ...pick(currentContainer, ['awsLogsConfiguration']), ...givenContainer }),
    };
    const healthCheckPath =
      str(input, 'healthCheckPath') ?? str(current, 'healthCheckPath') ?? '/ping';
    if (!healthCheckPath.startsWith('/')) {
      throw new AwsError(
        'InvalidParameterException',
        'healthCheckPath must start with a forward slash.',
      );
    }
    const cpu = str(input, 'cpu') ?? str(current, 'cpu') ?? '256';
    const memory = str(input, 'memory') ?? str(current, 'memory') ?? '512';
    for (const [name, value] of [
      ['cpu', cpu],
      ['memory', memory],
    ] as const) {
      if (!/^\d+$/.test(value)) {
        throw new AwsError('InvalidParameterException', `Invalid ${name} value: ${value}.`);
      }
    }
    const scalingTarget = {
      minTaskCount: 1,
      maxTaskCount: 20,
      autoScalingMetric: 'AVERAGE_CPU',
      autoScalingTargetValue: 60,
      ...(obj(current, 'scalingTarget') ?? {}),
      ...(obj(input, 'scalingTarget') ?? {}),
    };
    if (Number(scalingTarget.minTaskCount) > Number(scalingTarget.maxTaskCount)) {
      throw new AwsError('InvalidParameterException', 'minTaskCount must not exceed maxTaskCount.');
    }
    return {
      executionRoleArn,
      ...(taskRoleArn === undefined ? {} : { taskRoleArn }),
      cpu,
      memory,
      cpuArchitecture: str(input, 'cpuArchitecture') ?? str(current, 'cpuArchitecture') ?? 'X86_64',
      networkConfiguration: obj(input, 'networkConfiguration') ??
        obj(current, 'networkConfiguration') ?? {
          subnets: ['subnet-default-a', 'subnet-default-b'],
          securityGroups: [],
        },
      healthCheckPath,
      primaryContainer,
      scalingTarget,
    };
  }

  private register(config: Json, service: string): TaskDefinitionRecord {
    const container = obj(config, 'primaryContainer') ?? {};
    const logs = obj(container, 'awsLogsConfiguration') ?? {};
    return registerTaskDefinition(this.state, {
      family: `${service}-express`,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: config.cpu,
      memory: config.memory,
      executionRoleArn: config.executionRoleArn,
      ...(config.taskRoleArn === undefined ? {} : { taskRoleArn: config.taskRoleArn }),
      runtimePlatform: { cpuArchitecture: config.cpuArchitecture, operatingSystemFamily: 'LINUX' },
      containerDefinitions: [
        {
          name: 'Main',
          image: container.image,
          essential: true,
          portMappings: [{ containerPort: container.containerPort, protocol: 'tcp', name: 'main' }],
          environment: list(container, 'environment'),
          secrets: list(container, 'secrets'),
          ...(Array.isArray(container.command) ? { command: container.command } : {}),
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': logs.logGroup,
              'awslogs-stream-prefix': logs.logStreamPrefix,
              'awslogs-region': this.state.context.region,
              'awslogs-create-group': 'true',
            },
          },
        },
      ],
    });
  }

  private finish(
    record: ServiceRecord,
    config: Json,
    taskDefinitionArn: string,
    now: number,
  ): Json {
    revisionSeq++;
    return {
      serviceRevisionArn: `${arnPrefix(this.state)}:service-revision/${record.cluster.name}/${record.name}/${String(now)}${String(revisionSeq).padStart(6, '0')}`,
      taskDefinitionArn,
      ...config,
      ingressPaths: [{ accessType: 'PUBLIC', endpoint: record.endpoint.url }],
      createdAt: toEpoch(now),
    };
  }
}

function checkRole(name: string, value: string): void {
  if (!ROLE_ARN.test(value)) {
    throw new AwsError(
      'InvalidParameterException',
      `${name} is not a valid IAM role ARN: ${value}.`,
    );
  }
}

function pick(source: Json | undefined, keys: readonly string[]): Json {
  const result: Json = {};
  for (const key of keys) if (source?.[key] !== undefined) result[key] = source[key];
  return result;
}
