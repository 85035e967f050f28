import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  waitUntilChangeSetCreateComplete,
  type DescribeChangeSetCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { settled } from './cloudformation-fixtures';

const database = (engine: string) => ({
  Resources: {
    Db: {
      Type: 'AWS::RDS::DBInstance',
      DeletionPolicy: 'Delete',
      Properties: {
        Engine: engine,
        DBInstanceClass: 'db.t4g.micro',
        AllocatedStorage: '20',
        MasterUsername: 'app',
      },
    },
    DbHost: {
      Type: 'AWS::SSM::Parameter',
      Properties: { Type: 'String', Value: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] } },
    },
    // Named after the instance: a replaced instance may rename (and so replace) it.
    DbMarker: {
      Type: 'AWS::SSM::Parameter',
      Properties: { Name: { 'Fn::Sub': '/databases/${Db}' }, Type: 'String', Value: 'primary' },
    },
  },
  Outputs: { Host: { Value: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] } } },
});

describe('local CloudFormation: failures, rollbacks and refusals', () => {
  let stack: LocalAws;
  let cfn: CloudFormationClient;
  let ssm: SSMClient;

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['cloudformation', 's3', 'ssm', 'secretsmanager'],
      timings: { 'cloudformation.step': 5 },
    });
    const config = {
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    };
    cfn = new CloudFormationClient(config);
    ssm = new SSMClient(config);
  });
  afterAll(() => stack.stop());

  const events = async (name: string) =>
    (await cfn.send(new DescribeStackEventsCommand({ StackName: name }))).StackEvents ?? [];

  it('rolls a failed create back (ROLLBACK_COMPLETE) with the resource and its reason in the events', async () => {
    const template = {
      Resources: {
        Flag: {
          Type: 'AWS::SSM::Parameter',
          Properties: { Name: '/rollback/flag', Type: 'String', Value: 'on' },
        },
        // S3 refuses upper-case bucket names: the resource fails after Flag exists.
        Assets: {
          Type: 'AWS::S3::Bucket',
          DependsOn: 'Flag',
          Properties: { BucketName: 'Not_A_Valid_Bucket' },
        },
      },
    };
    const { StackId } = await cfn.send(
      new CreateStackCommand({ StackName: 'broken', TemplateBody: JSON.stringify(template) }),
    );
    const done = await settled(cfn, 'broken');
    expect(done.StackStatus).toBe('ROLLBACK_COMPLETE');

    const list = await events('broken');
    expect(
      list.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')?.ResourceStatusReason,
    ).toBe('The following resource(s) failed to create: [Assets]. Rollback requested by user.');
    const failed = list.find((e) => e.ResourceStatus === 'CREATE_FAILED');
    expect(failed).toMatchObject({
      LogicalResourceId: 'Assets',
      ResourceType: 'AWS::S3::Bucket',
      StackId,
    });
    expect(failed?.ResourceStatusReason).toMatch(
      /^Resource handler returned message: ".*bucket.*\(Status Code: 400, Request ID: .+\)" \(HandlerErrorCode: InvalidRequest\)$/i,
    );
    // What was created before the failure is deleted again, newest first.
    const statuses = list.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`).reverse();
    expect(statuses.indexOf('broken ROLLBACK_IN_PROGRESS')).toBeLessThan(
      statuses.indexOf('Flag DELETE_COMPLETE'),
    );
    expect(statuses.at(-1)).toBe('broken ROLLBACK_COMPLETE');
    await expect(
      ssm.send(new GetParameterCommand({ Name: '/rollback/flag' })),
    ).rejects.toMatchObject({ name: 'ParameterNotFound' });
    // A rolled-back stack cannot be updated; it must be deleted first.
    await expect(
      cfn.send(
        new UpdateStackCommand({ StackName: 'broken', TemplateBody: JSON.stringify(template) }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: `Stack:${StackId} is in ROLLBACK_COMPLETE state and can not be updated.`,
    });
    await expect(
      cfn.send(
        new CreateStackCommand({ StackName: 'broken', TemplateBody: JSON.stringify(template) }),
      ),
    ).rejects.toMatchObject({
      name: 'AlreadyExistsException',
      message: 'Stack [broken] already exists',
    });
    await cfn.send(new DeleteStackCommand({ StackName: 'broken' }));
    expect((await settled(cfn, StackId!)).StackStatus).toBe('DELETE_COMPLETE');
  });

  it('fails a resource type it cannot create, naming the type', async () => {
    const template = { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } };
    await cfn.send(
      new CreateStackCommand({ StackName: 'unknown-type', TemplateBody: JSON.stringify(template) }),
    );
    expect((await settled(cfn, 'unknown-type')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const failed = (await events('unknown-type')).find((e) => e.ResourceStatus === 'CREATE_FAILED');
    expect(failed?.ResourceStatusReason).toBe(
      'Resource type AWS::SQS::Queue is not supported by the local stack (see local-aws/README.md)',
    );
  });

  it('rolls a failed update back (UPDATE_ROLLBACK_COMPLETE) and restores what it changed', async () => {
    const v1 = {
      Resources: {
        Setting: {
          Type: 'AWS::SSM::Parameter',
          Properties: { Name: '/update/setting', Type: 'String', Value: 'v1' },
        },
      },
    };
    await cfn.send(
      new CreateStackCommand({ StackName: 'updating', TemplateBody: JSON.stringify(v1) }),
    );
    expect((await settled(cfn, 'updating')).StackStatus).toBe('CREATE_COMPLETE');
    const v2 = {
      Resources: {
        Setting: {
          Type: 'AWS::SSM::Parameter',
          Properties: { Name: '/update/setting', Type: 'String', Value: 'v2' },
        },
        Extra: {
          Type: 'AWS::SSM::Parameter',
          Properties: { Name: '/update/extra', Type: 'String', Value: 'x' },
        },
        Broken: {
          Type: 'AWS::S3::Bucket',
          DependsOn: ['Setting', 'Extra'],
          Properties: { BucketName: 'Bad_Name' },
        },
      },
    };
    await cfn.send(
      new UpdateStackCommand({ StackName: 'updating', TemplateBody: JSON.stringify(v2) }),
    );
    const done = await settled(cfn, 'updating');
    expect(done.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(done.StackStatusReason).toBeUndefined();
    const list = await events('updating');
    expect(list.find((e) => e.ResourceStatus === 'CREATE_FAILED')).toMatchObject({
      LogicalResourceId: 'Broken',
    });
    expect(
      list.find((e) => e.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS')?.ResourceStatusReason,
    ).toBe('The following resource(s) failed to create: [Broken]. ');
    expect(list.map((e) => e.ResourceStatus)).toContain(
      'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
    );
    expect(
      (await ssm.send(new GetParameterCommand({ Name: '/update/setting' }))).Parameter?.Value,
    ).toBe('v1');
    await expect(
      ssm.send(new GetParameterCommand({ Name: '/update/extra' })),
    ).rejects.toMatchObject({ name: 'ParameterNotFound' });
    // The stack can be updated again after the rollback.
    await cfn.send(
      new UpdateStackCommand({
        StackName: 'updating',
        TemplateBody: JSON.stringify({
          ...v1,
          Resources: {
            Setting: {
              ...v1.Resources.Setting,
              Properties: { ...v1.Resources.Setting.Properties, Value: 'v3' },
            },
          },
        }),
      }),
    );
    expect((await settled(cfn, 'updating')).StackStatus).toBe('UPDATE_COMPLETE');
    expect(
      (await ssm.send(new GetParameterCommand({ Name: '/update/setting' }))).Parameter?.Value,
    ).toBe('v3');
  });

  it('refuses to replace a custom-named resource under the same name, as AWS does', async () => {
    const bucket = (objectLock: boolean) => ({
      Resources: {
        Site: {
          Type: 'AWS::S3::Bucket',
          Properties: { BucketName: 'kept-name', ObjectLockEnabled: objectLock },
        },
      },
    });
    await cfn.send(
      new CreateStackCommand({ StackName: 'named', TemplateBody: JSON.stringify(bucket(false)) }),
    );
    expect((await settled(cfn, 'named')).StackStatus).toBe('CREATE_COMPLETE');
    await cfn.send(
      new UpdateStackCommand({ StackName: 'named', TemplateBody: JSON.stringify(bucket(true)) }),
    );
    expect((await settled(cfn, 'named')).StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const failed = (await events('named')).find((e) => e.ResourceStatus === 'UPDATE_FAILED');
    expect(failed).toMatchObject({
      LogicalResourceId: 'Site',
      PhysicalResourceId: 'kept-name',
      ResourceStatusReason:
        'CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename kept-name and update the stack again.',
    });
    await new S3Client({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      forcePathStyle: true,
    }).send(new HeadBucketCommand({ Bucket: 'kept-name' }));
  });

  async function changeSet(
    stackName: string,
    name: string,
    template: unknown,
    type: 'CREATE' | 'UPDATE',
  ): Promise<DescribeChangeSetCommandOutput> {
    await cfn.send(
      new CreateChangeSetCommand({
        StackName: stackName,
        ChangeSetName: name,
        ChangeSetType: type,
        TemplateBody: JSON.stringify(template),
      }),
    );
    await waitUntilChangeSetCreateComplete(
      { client: cfn, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
      { StackName: stackName, ChangeSetName: name },
    ).catch(() => undefined);
    return cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: name }));
  }

  it('shows a database engine change as a replacement, and what depends on it as dynamic', async () => {
    await cfn.send(
      new CreateStackCommand({
        StackName: 'db',
        TemplateBody: JSON.stringify(database('postgres')),
      }),
    );
    const created = await settled(cfn, 'db');
    expect(created.StackStatus).toBe('CREATE_COMPLETE');
    const plan = await changeSet('db', 'to-mysql', database('mysql'), 'UPDATE');
    expect(plan).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
    const db = plan.Changes?.find(
      (c) => c.ResourceChange?.LogicalResourceId === 'Db',
    )?.ResourceChange;
    expect(db).toMatchObject({
      Action: 'Modify',
      ResourceType: 'AWS::RDS::DBInstance',
      Replacement: 'True',
      Details: [
        {
          Target: { Attribute: 'Properties', Name: 'Engine', RequiresRecreation: 'Always' },
          Evaluation: 'Static',
          ChangeSource: 'DirectModification',
        },
      ],
    });
    expect(db?.PhysicalResourceId).toMatch(/^db-db-[a-z0-9]{13}$/);
    const host = plan.Changes?.find(
      (c) => c.ResourceChange?.LogicalResourceId === 'DbHost',
    )?.ResourceChange;
    expect(host).toMatchObject({
      Action: 'Modify',
      Replacement: 'False',
      Details: [
        {
          Target: { Name: 'Value', RequiresRecreation: 'Never' },
          Evaluation: 'Dynamic',
          ChangeSource: 'ResourceReference',
          CausingEntity: 'Db.Endpoint.Address',
        },
      ],
    });
    const marker = plan.Changes?.find(
      (c) => c.ResourceChange?.LogicalResourceId === 'DbMarker',
    )?.ResourceChange;
    expect(marker).toMatchObject({
      Action: 'Modify',
      Replacement: 'Conditional',
      Details: [
        {
          Target: { Name: 'Name', RequiresRecreation: 'Always' },
          Evaluation: 'Dynamic',
          ChangeSource: 'ResourceReference',
          CausingEntity: 'Db',
        },
      ],
    });
    // Nothing changes until the change set is executed.
    const still = await cfn.send(new DescribeStacksCommand({ StackName: 'db' }));
    expect(still.Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
  });

  it('fails to delete a database with deletion protection (DELETE_FAILED, the reason in the events)', async () => {
    const template = database('postgres') as {
      Resources: { Db: { Properties: Record<string, unknown> } };
    };
    template.Resources.Db.Properties.DeletionProtection = true;
    await cfn.send(
      new CreateStackCommand({ StackName: 'protected', TemplateBody: JSON.stringify(template) }),
    );
    expect((await settled(cfn, 'protected')).StackStatus).toBe('CREATE_COMPLETE');
    await cfn.send(new DeleteStackCommand({ StackName: 'protected' }));
    const done = await settled(cfn, 'protected');
    expect(done.StackStatus).toBe('DELETE_FAILED');
    expect(done.StackStatusReason).toBe('The following resource(s) failed to delete: [Db]. ');
    const failed = (await events('protected')).find(
      (e) => e.ResourceStatus === 'DELETE_FAILED' && e.ResourceType === 'AWS::RDS::DBInstance',
    );
    expect(failed?.LogicalResourceId).toBe('Db');
    expect(failed?.ResourceStatusReason).toMatch(
      /^Resource handler returned message: "Cannot delete protected DB Instance, please disable deletion protection and try again\./,
    );
    // What depends on the database was deleted before it.
    expect(
      (await events('protected')).find((e) => e.LogicalResourceId === 'DbHost')?.ResourceStatus,
    ).toBe('DELETE_COMPLETE');
  });

  it('ends a change set without changes FAILED with AWS reason, and a removal as Remove', async () => {
    const same = await changeSet('db', 'nothing', database('postgres'), 'UPDATE');
    expect(same).toMatchObject({
      Status: 'FAILED',
      ExecutionStatus: 'UNAVAILABLE',
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    const smaller = database('postgres') as {
      Resources: Record<string, unknown>;
      Outputs?: unknown;
    };
    delete smaller.Resources.DbHost;
    const removal = await changeSet('db', 'remove-host', smaller, 'UPDATE');
    expect(removal.Changes).toEqual([
      expect.objectContaining({
        Type: 'Resource',
        ResourceChange: expect.objectContaining({
          Action: 'Remove',
          LogicalResourceId: 'DbHost',
          ResourceType: 'AWS::SSM::Parameter',
        }),
      }),
    ]);
  });

  it('refuses bad input before anything changes', async () => {
    const role = {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: { RoleName: 'deploy', AssumeRolePolicyDocument: {} },
        },
      },
    };
    await expect(
      cfn.send(
        new CreateStackCommand({
          StackName: 'iam',
          TemplateBody: JSON.stringify(role),
          Capabilities: ['CAPABILITY_IAM'],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]',
    });
    await expect(
      cfn.send(
        new CreateStackCommand({
          StackName: 'bad-ref',
          TemplateBody: JSON.stringify({
            Resources: {
              P: {
                Type: 'AWS::SSM::Parameter',
                Properties: { Type: 'String', Value: { Ref: 'Missing' } },
              },
            },
          }),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
    });
    await expect(
      cfn.send(
        new CreateStackCommand({
          StackName: 'cycle',
          TemplateBody: JSON.stringify({
            Resources: {
              A: { Type: 'AWS::SSM::Parameter', DependsOn: 'B' },
              B: { Type: 'AWS::SSM::Parameter', DependsOn: 'A' },
            },
          }),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/^Circular dependency between resources: \[(A, B|B, A)\]$/),
    });
    await expect(
      cfn.send(new CreateStackCommand({ StackName: 'bad_name', TemplateBody: '{}' })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      cfn.send(new CreateStackCommand({ StackName: 'empty', TemplateBody: '{"Resources":{}}' })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Template format error: At least one Resources member must be defined.',
    });
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'iam' }))).rejects.toMatchObject({
      message: 'Stack with id iam does not exist',
    });
    await expect(
      cfn.send(new DescribeChangeSetCommand({ StackName: 'db', ChangeSetName: 'nope' })),
    ).rejects.toMatchObject({ name: 'ChangeSetNotFoundException' });
  });
});
