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
import { physicalName } from '../model';
import {
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
    // CloudFormation reports DELETE_COMPLETE once the service is gone.
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const gone = await ctx.clients.apprunner
        .send(new DescribeServiceCommand({ ServiceArn: arn }))
        .then((answer) => answer.Service?.Status === 'DELETED')
        .catch(
          (error: unknown) => (error as { name?: string }).name === 'ResourceNotFoundException',
        );
      if (gone) return;
      await ctx.sleep(100);
    }
    throw new ResourceFailure('Exceeded attempts to wait for the service to be deleted');
  },
};

export const containerProviders: Record<string, ResourceProvider> = {
  'AWS::ECR::Repository': repository,
  'AWS::Logs::LogGroup': logGroup,
  'AWS::AppRunner::Service': appRunnerService,
};
