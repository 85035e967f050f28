import {
  CreateClusterCommand,
  CreateExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  UpdateExpressGatewayServiceCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { physicalName } from '../model';
import {
  camelKeys,
  ResourceFailure,
  str,
  type ProviderContext,
  type ResourceProvider,
} from './provider';

type Props = Record<string, unknown>;

const cluster: ResourceProvider = {
  replaceOn: ['ClusterName'],
  async create(props, ctx) {
    const name =
      str(props.ClusterName) ?? physicalName(ctx.stackName, ctx.logicalId, { maxLength: 255 });
    const answer = await ctx.clients.ecs.send(new CreateClusterCommand({ clusterName: name }));
    return { physicalId: name, attributes: { Arn: answer.cluster?.clusterArn } };
  },
  // The local ECS has no DeleteCluster: the cluster stays until the stack stops.
  delete: () => Promise.resolve(),
};

const taskDefinition: ResourceProvider = {
  // A task definition revision is immutable: AWS replaces it for any property change.
  replaceOn: [
    'ContainerDefinitions',
    'Cpu',
    'Memory',
    'Family',
    'NetworkMode',
    'RequiresCompatibilities',
    'ExecutionRoleArn',
    'TaskRoleArn',
    'Volumes',
    'RuntimePlatform',
  ],
  async create(props, ctx) {
    const input = camelKeys(props) as Props;
    input.family ??= `${ctx.stackName}${ctx.logicalId}`
      .replace(/[^A-Za-z0-9_-]/g, '')
      .slice(0, 255);
    delete input.tags;
    const answer = await ctx.clients.ecs.send(new RegisterTaskDefinitionCommand(input as never));
    const arn = answer.taskDefinition?.taskDefinitionArn ?? '';
    return { physicalId: arn, attributes: { TaskDefinitionArn: arn } };
  },
  // The local ECS has no DeregisterTaskDefinition: the revision stays ACTIVE.
  delete: () => Promise.resolve(),
};

/** Waits, as CloudFormation does, until the service's deployment is COMPLETED (or FAILED). */
async function serviceStable(
  clusterName: string,
  arn: string,
  ctx: ProviderContext,
): Promise<Service> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const answer = await ctx.clients.ecs.send(
      new DescribeServicesCommand({ cluster: clusterName, services: [arn] }),
    );
    const service = answer.services?.[0];
    const primary = service?.deployments?.find((d) => d.status === 'PRIMARY');
    if (primary?.rolloutState === 'FAILED') {
      throw new ResourceFailure(
        `ECS Deployment Circuit Breaker was triggered: ${primary.rolloutStateReason ?? ''}`,
      );
    }
    if (service !== undefined && primary?.rolloutState === 'COMPLETED') return service;
    await ctx.sleep(100);
  }
  throw new ResourceFailure('Exceeded attempts to wait for the service to stabilize');
}

const ecsService: ResourceProvider = {
  replaceOn: [
    'ServiceName',
    'Cluster',
    'LaunchType',
    'Role',
    'SchedulingStrategy',
    'LoadBalancers',
  ],
  async create(props, ctx) {
    const input = camelKeys(props) as Props;
    input.serviceName ??= physicalName(ctx.stackName, ctx.logicalId, { maxLength: 255 });
    delete input.tags;
    const answer = await ctx.clients.ecs.send(new CreateServiceCommand(input as never));
    const arn = answer.service?.serviceArn ?? '';
    await serviceStable(String(input.cluster ?? 'default'), arn, ctx);
    return { physicalId: arn, attributes: { ServiceArn: arn, Name: input.serviceName } };
  },
  async update(arn, props, _, ctx) {
    const clusterName = String(props.Cluster ?? 'default');
    await ctx.clients.ecs.send(
      new UpdateServiceCommand({
        cluster: clusterName,
        service: arn,
        ...(props.TaskDefinition === undefined
          ? {}
          : { taskDefinition: String(props.TaskDefinition) }),
        ...(props.DesiredCount === undefined ? {} : { desiredCount: Number(props.DesiredCount) }),
      }),
    );
    await serviceStable(clusterName, arn, ctx);
    return undefined;
  },
  // The local ECS has no DeleteService: the service keeps running until the stack stops.
  delete: () => Promise.resolve(),
};

/** Express Mode: the service's endpoint is its active configuration's ingress path. */
async function expressAttributes(arn: string, ctx: ProviderContext): Promise<Props> {
  const { service } = await ctx.clients.ecs.send(
    new DescribeExpressGatewayServiceCommand({ serviceArn: arn }),
  );
  const endpoint = service?.activeConfigurations?.[0]?.ingressPaths?.[0]?.endpoint;
  return { ServiceArn: arn, Endpoint: endpoint, 'Status.StatusCode': service?.status?.statusCode };
}

const expressService: ResourceProvider = {
  replaceOn: ['ServiceName', 'Cluster'],
  async create(props, ctx) {
    const input = camelKeys(props) as Props;
    input.serviceName ??= physicalName(ctx.stackName, ctx.logicalId, { maxLength: 255 });
    delete input.tags;
    const answer = await ctx.clients.ecs.send(
      new CreateExpressGatewayServiceCommand(input as never),
    );
    const arn = answer.service?.serviceArn ?? '';
    await serviceStable(String(input.cluster ?? 'default'), arn, ctx);
    return { physicalId: arn, attributes: await expressAttributes(arn, ctx) };
  },
  async update(arn, props, _, ctx) {
    const input = camelKeys(props) as Props;
    delete input.serviceName;
    delete input.cluster;
    delete input.tags;
    await ctx.clients.ecs.send(
      new UpdateExpressGatewayServiceCommand({ ...input, serviceArn: arn } as never),
    );
    await serviceStable(String(props.Cluster ?? 'default'), arn, ctx);
    return expressAttributes(arn, ctx);
  },
  // The local ECS has no DeleteExpressGatewayService: the service runs until the stack stops.
  delete: () => Promise.resolve(),
};

export const ecsProviders: Record<string, ResourceProvider> = {
  'AWS::ECS::Cluster': cluster,
  'AWS::ECS::TaskDefinition': taskDefinition,
  'AWS::ECS::Service': ecsService,
  'AWS::ECS::ExpressGatewayService': expressService,
};
