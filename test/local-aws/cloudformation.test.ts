import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListStacksCommand,
  UpdateStackCommand,
  waitUntilChangeSetCreateComplete,
  type Change,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { CloudFrontClient, GetDistributionConfigCommand } from '@aws-sdk/client-cloudfront';
import {
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { settled, siteTemplate } from './cloudformation-fixtures';

const output = (stack: Stack, key: string): string | undefined =>
  stack.Outputs?.find((o) => o.OutputKey === key)?.OutputValue;
const change = (changes: Change[] | undefined, logicalId: string) =>
  changes?.find((c) => c.ResourceChange?.LogicalResourceId === logicalId)?.ResourceChange;

describe('local CloudFormation: the lifecycle of a stack', () => {
  let stack: LocalAws;
  let cfn: CloudFormationClient;
  let s3: S3Client;
  const config = () => ({
    region: stack.region,
    endpoint: stack.endpoint,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });

  beforeAll(async () => {
    stack = await startLocalAws({
      services: { ecr: { registry: false } },
      timings: { 'cloudformation.step': 5, 'cloudfront.deploy': 50, 'ecs.deployment': 50 },
    });
    cfn = new CloudFormationClient(config());
    s3 = new S3Client({ ...config(), forcePathStyle: true });
  });
  afterAll(() => stack.stop());

  it('creates from a change set, updates with a replacement, and deletes', async () => {
    const body = JSON.stringify(siteTemplate());
    const created = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'site',
        ChangeSetName: 'create-1',
        ChangeSetType: 'CREATE',
        TemplateBody: body,
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    expect(created.Id).toMatch(
      /^arn:aws:cloudformation:us-east-1:123456789012:changeSet\/create-1\/[0-9a-f-]{36}$/,
    );
    expect(created.StackId).toMatch(
      /^arn:aws:cloudformation:us-east-1:123456789012:stack\/site\/[0-9a-f-]{36}$/,
    );
    const review = await cfn.send(new DescribeStacksCommand({ StackName: 'site' }));
    expect(review.Stacks?.[0]?.StackStatus).toBe('REVIEW_IN_PROGRESS');

    await waitUntilChangeSetCreateComplete(
      { client: cfn, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
      { StackName: 'site', ChangeSetName: 'create-1' },
    );
    const plan = await cfn.send(
      new DescribeChangeSetCommand({ StackName: 'site', ChangeSetName: 'create-1' }),
    );
    expect(plan).toMatchObject({
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'AVAILABLE',
      ChangeSetName: 'create-1',
    });
    const adds = plan.Changes?.map((c) => c.ResourceChange?.LogicalResourceId).sort();
    // LogBucket's condition is false: it is not part of the stack.
    expect(adds).not.toContain('LogBucket');
    expect(adds).toContain('Distribution');
    expect(
      plan.Changes?.every((c) => c.Type === 'Resource' && c.ResourceChange?.Action === 'Add'),
    ).toBe(true);

    await cfn.send(new ExecuteChangeSetCommand({ StackName: 'site', ChangeSetName: 'create-1' }));
    const inProgress = await cfn.send(new DescribeStacksCommand({ StackName: 'site' }));
    expect(inProgress.Stacks?.[0]?.StackStatus).toBe('CREATE_IN_PROGRESS');
    const done = await settled(cfn, 'site');
    expect(done.StackStatus).toBe('CREATE_COMPLETE');

    // Real resources in the stack's own services.
    const bucket = output(done, 'BucketName')!;
    expect(bucket).toMatch(/^site-sitebucket-[a-z0-9]{13}$/);
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    const ecr = new ECRClient(config());
    const repoUri = output(done, 'RepositoryUri')!;
    const repoName = repoUri.split('/').slice(1).join('/');
    const repos = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repoName] }));
    expect(repos.repositories?.[0]).toMatchObject({
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
    const lifecycle = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: repoName }));
    expect(JSON.parse(lifecycle.lifecyclePolicyText!)).toMatchObject({
      rules: [{ selection: { countNumber: 10 } }],
    });
    const secrets = new SecretsManagerClient(config());
    const secret = await secrets.send(
      new GetSecretValueCommand({ SecretId: output(done, 'DatabaseSecretArn') }),
    );
    const credentials = JSON.parse(secret.SecretString!) as { username: string; password: string };
    expect(credentials.username).toBe('app');
    expect(credentials.password).toHaveLength(30);
    expect(credentials.password).not.toMatch(/["@/\\ ']/);
    const ssm = new SSMClient(config());
    const apiUrl = await ssm.send(new GetParameterCommand({ Name: '/site/api-url' }));
    expect(apiUrl.Parameter?.Value).toBe('https://api.example.com');
    const distributionId = output(done, 'DistributionId')!;
    const cloudfront = new CloudFrontClient(config());
    const distribution = await cloudfront.send(
      new GetDistributionConfigCommand({ Id: distributionId }),
    );
    expect(distribution.DistributionConfig?.Origins?.Items?.[0]).toMatchObject({
      DomainName: `${bucket}.s3.us-east-1.amazonaws.com`,
    });
    expect(distribution.DistributionConfig?.CustomErrorResponses?.Quantity).toBe(2);
    // AWS-shaped records of what the local stack cannot run.
    expect(output(done, 'VpcId')).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(output(done, 'DatabaseHost')).toMatch(
      /^site-database-[a-z0-9]{13}\.c[a-z0-9]{11}\.us-east-1\.rds\.amazonaws\.com$/,
    );
    expect(output(done, 'RoleArn')).toMatch(
      /^arn:aws:iam::123456789012:role\/site-DeployRole-[A-Z0-9]{13}$/,
    );
    expect(output(done, 'SiteUrl')).toMatch(/^https:\/\/[a-z0-9]+\.cloudfront\.net$/);
    expect(output(done, 'LogsBucket')).toBeUndefined();
    const dbHost = await ssm.send(
      new GetParameterCommand({ Name: (await resource('DbHost')).PhysicalResourceId }),
    );
    expect(dbHost.Parameter?.Value).toBe(output(done, 'DatabaseHost'));
    const policy = await resource('SitePolicy');
    expect(policy.PhysicalResourceId).toBe(bucket);

    const template = await cfn.send(new GetTemplateCommand({ StackName: 'site' }));
    expect(template.TemplateBody).toBe(body);

    // Update: a new BucketName replaces the bucket; a new parameter value modifies in place.
    const next = siteTemplate() as {
      Resources: Record<string, { Properties?: Record<string, unknown> }>;
    };
    next.Resources.SiteBucket!.Properties!.BucketName = 'site-renamed-bucket';
    const update = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'site',
        ChangeSetName: 'update-1',
        TemplateBody: JSON.stringify(next),
        Parameters: [
          { ParameterKey: 'ApiUrl', ParameterValue: 'https://api2.example.com' },
          // Lifts the database's deletion protection, so that the stack can be deleted.
          { ParameterKey: 'Environment', ParameterValue: 'staging' },
        ],
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    await waitUntilChangeSetCreateComplete(
      { client: cfn, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
      { ChangeSetName: update.Id },
    );
    const diff = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: update.Id }));
    expect(change(diff.Changes, 'SiteBucket')).toMatchObject({
      Action: 'Modify',
      Replacement: 'True',
      PhysicalResourceId: bucket,
      Scope: ['Properties'],
      Details: [
        {
          Target: { Attribute: 'Properties', Name: 'BucketName', RequiresRecreation: 'Always' },
          Evaluation: 'Static',
          ChangeSource: 'DirectModification',
        },
      ],
    });
    expect(change(diff.Changes, 'ApiUrlParameter')).toMatchObject({
      Action: 'Modify',
      Replacement: 'False',
      Details: [
        // The description depended on the IsProduction condition, now false.
        {
          Target: { Name: 'Description', RequiresRecreation: 'Never' },
          ChangeSource: 'DirectModification',
        },
        {
          Target: { Name: 'Value', RequiresRecreation: 'Never' },
          ChangeSource: 'ParameterReference',
          CausingEntity: 'ApiUrl',
        },
      ],
    });
    // The distribution's origin names the bucket: it changes once the new bucket exists.
    expect(change(diff.Changes, 'Distribution')).toMatchObject({
      Action: 'Modify',
      Replacement: 'False',
      Details: [
        {
          Evaluation: 'Dynamic',
          ChangeSource: 'ResourceReference',
          CausingEntity: 'SiteBucket.RegionalDomainName',
        },
      ],
    });
    expect(change(diff.Changes, 'Database')).toMatchObject({
      Action: 'Modify',
      Replacement: 'False',
      Details: [{ Target: { Name: 'DeletionProtection', RequiresRecreation: 'Never' } }],
    });
    expect(change(diff.Changes, 'Repository')).toBeUndefined();

    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: update.Id }));
    const updated = await settled(cfn, 'site');
    expect(updated.StackStatus).toBe('UPDATE_COMPLETE');
    expect(output(updated, 'BucketName')).toBe('site-renamed-bucket');
    await s3.send(new HeadBucketCommand({ Bucket: 'site-renamed-bucket' }));
    await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({
      name: 'NotFound',
    });
    expect(
      (await ssm.send(new GetParameterCommand({ Name: '/site/api-url' }))).Parameter?.Value,
    ).toBe('https://api2.example.com');
    const executed = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: update.Id }));
    expect(executed.ExecutionStatus).toBe('EXECUTE_COMPLETE');
    const events =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: 'site' }))).StackEvents ?? [];
    expect(events[0]).toMatchObject({
      LogicalResourceId: 'site',
      ResourceType: 'AWS::CloudFormation::Stack',
      ResourceStatus: 'UPDATE_COMPLETE',
    });
    expect(events.map((e) => e.ResourceStatus)).toContain('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    expect(
      events.find(
        (e) => e.LogicalResourceId === 'SiteBucket' && e.ResourceStatus === 'DELETE_COMPLETE',
      )?.PhysicalResourceId,
    ).toBe(bucket);

    // An update without changes is refused, as AWS refuses it.
    await expect(
      cfn.send(
        new UpdateStackCommand({
          StackName: 'site',
          UsePreviousTemplate: true,
          Parameters: [
            { ParameterKey: 'ApiUrl', UsePreviousValue: true },
            { ParameterKey: 'Environment', UsePreviousValue: true },
          ],
          Capabilities: ['CAPABILITY_IAM'],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'No updates are to be performed.',
    });

    await cfn.send(new DeleteStackCommand({ StackName: 'site' }));
    const stackId = updated.StackId!;
    const deleted = await settled(cfn, stackId);
    expect(deleted.StackStatus).toBe('DELETE_COMPLETE');
    await expect(
      s3.send(new HeadBucketCommand({ Bucket: 'site-renamed-bucket' })),
    ).rejects.toMatchObject({ name: 'NotFound' });
    const finalEvents =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: stackId }))).StackEvents ?? [];
    expect(finalEvents.find((e) => e.LogicalResourceId === 'Database')?.ResourceStatus).toBe(
      'DELETE_COMPLETE',
    );
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'site' }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Stack with id site does not exist',
    });
    const listed = await cfn.send(
      new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }),
    );
    expect(listed.StackSummaries?.map((s) => s.StackId)).toContain(stackId);
  });

  async function resource(logicalId: string) {
    const answer = await cfn.send(
      new DescribeStackResourcesCommand({ StackName: 'site', LogicalResourceId: logicalId }),
    );
    return answer.StackResources![0]!;
  }
});
