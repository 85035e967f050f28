import {
  CreateServiceCommand as CreateAppRunnerService,
  DeleteServiceCommand as DeleteAppRunnerService,
  DescribeServiceCommand,
} from '@aws-sdk/client-apprunner';
import { CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
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
  tagList,
  type ProviderContext,
  type ResourceProvider,
} from './provider';

type Props = Record<string, unknown>;

async function ecrSettings(
  name: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<void> {
  const { ecr } = ctx.clients;
  if (
    props.ImageTagMutability !== previous.ImageTagMutability &&
    props.ImageTagMutability !== undefined
  ) {
    await ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName: name,
        imageTagMutability: str(props.ImageTagMutability) as 'MUTABLE',
      }),
    );
  }
  const scan = (props.ImageScanningConfiguration as Props | undefined)?.ScanOnPush;
  if (
    scan !== (previous.ImageScanningConfiguration as Props | undefined)?.ScanOnPush &&
    scan !== undefined
  ) {
    await ecr.send(
      new PutImageScanningConfigurationCommand({
        repositoryName: name,
        imageScanningConfiguration: { scanOnPush: scan === true || scan === 'true' },
      }),
    );
  }
  const policy = (props.LifecyclePolicy as Props | undefined)?.LifecyclePolicyText;
  if (
    policy !== undefined &&
    policy !== (previous.LifecyclePolicy as Props | undefined)?.LifecyclePolicyText
  ) {
    await ecr.send(
      new PutLifecyclePolicyCommand({ repositoryName: name, lifecyclePolicyText: String(policy) }),
    );
  }
}

const repository: ResourceProvider = {
  replaceOn: ['RepositoryName', 'EncryptionConfiguration'],
  async create(props, ctx) {
    const name =
      str(props.RepositoryName) ??
      physicalName(ctx.stackName, ctx.logicalId, { maxLength: 256, lowerCase: true });
    const answer = await ctx.clients.ecr.send(
      new CreateRepositoryCommand({ repositoryName: name, tags: tagList(props.Tags) }),
    );
    await ecrSettings(name, props, {}, ctx);
    return {
      physicalId: name,
      attributes: {
        Arn: answer.repository?.repositoryArn,
        RepositoryUri: answer.repository?.repositoryUri,
      },
    };
  },
  async update(name, props, previous, ctx) {
    await ecrSettings(name, props, previous, ctx);
    return undefined;
  },
  async delete(name, props, ctx) {
    await ctx.clients.ecr.send(
      new DeleteRepositoryCommand({ repositoryName: name, force: props.EmptyOnDelete === true }),
    );
  },
};

const logGroup: ResourceProvider = {
  replaceOn: ['LogGroupName', 'LogGroupClass'],
  async create(props, ctx) {
    const name =
      str(props.LogGroupName) ?? physicalName(ctx.stackName, ctx.logicalId, { maxLength: 512 });
    await ctx.clients.logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    return {
      physicalId: name,
      attributes: { Arn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${name}:*` },
    };
  },
  async delete(name, _, ctx) {
    await ctx.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: name }));
  },
};

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

const appRunnerService: ResourceProvider = {
  replaceOn: ['ServiceName', 'EncryptionConfiguration'],
  async create(props, ctx) {
    const input = {
      ...props,
      ServiceName:
        str(props.ServiceName) ?? physicalName(ctx.stackName, ctx.logicalId, { maxLength: 40 }),
    };
    const answer = await ctx.clients.apprunner.send(new CreateAppRunnerService(input as never));
    const arn = answer.Service?.ServiceArn ?? '';
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const { Service: service } = await ctx.clients.apprunner.send(
        new DescribeServiceCommand({ ServiceArn: arn }),
      );
      if (service?.Status === 'RUNNING') {
        return {
          physicalId: arn,
          attributes: {
            ServiceArn: arn,
            ServiceId: service.ServiceId,
            ServiceUrl: service.ServiceUrl,
            Status: service.Status,
          },
        };
      }
      if (service?.Status === 'CREATE_FAILED')
        throw new ResourceFailure(`Service ${input.ServiceName} ended in CREATE_FAILED`);
      await ctx.sleep(100);
    }
    throw new ResourceFailure('Exceeded attempts to wait for the service to be RUNNING');
  },
  async delete(arn, _, ctx) {
    await ctx.clients.apprunner.send(new DeleteAppRunnerService({ ServiceArn: arn }));
  },
};

export const containerProviders: Record<string, ResourceProvider> = {
  'AWS::ECR::Repository': repository,
  'AWS::Logs::LogGroup': logGroup,
  'AWS::ECS::Cluster': cluster,
  'AWS::ECS::TaskDefinition': taskDefinition,
  'AWS::ECS::Service': ecsService,
  'AWS::AppRunner::Service': appRunnerService,
};
