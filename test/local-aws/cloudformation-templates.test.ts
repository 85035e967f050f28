import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  GetTemplateCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { AppRunnerClient, DescribeServiceCommand } from '@aws-sdk/client-apprunner';
import {
  DescribeExpressGatewayServiceCommand,
  DescribeServicesCommand,
  ECSClient,
} from '@aws-sdk/client-ecs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { settled } from './cloudformation-fixtures';

/** YAML with the short forms, conditions, mappings and every intrinsic function the engine knows. */
const EXPORTER = `
AWSTemplateFormatVersion: '2010-09-09'
Description: shared values
Resources:
  Shared:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub '/\${AWS::StackName}/shared'
      Type: String
      Value: shared-value
Outputs:
  SharedName:
    Value: !Ref Shared
    Export:
      Name: !Sub '\${AWS::StackName}-SharedName'
`;

const IMPORTER = `
Parameters:
  Stage:
    Type: String
    Default: prod
  Hosts:
    Type: CommaDelimitedList
    Default: a.example.com,b.example.com
Mappings:
  Sizes:
    prod: { Cpu: '512' }
    dev: { Cpu: '256' }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsDev: !Not [!Condition IsProd]
  Either: !Or [!Condition IsProd, !Condition IsDev]
  Both: !And [!Condition IsProd, !Condition IsDev]
Resources:
  Values:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /importer/values
      Type: String
      Value: !Join
        - '|'
        - - !ImportValue exporter-SharedName
          - !Select [1, !Ref Hosts]
          - !Select [0, !Split [',', 'x,y']]
          - !FindInMap [Sizes, !Ref Stage, Cpu]
          - !Sub
            - '\${Zone}-\${AWS::Region}-\${AWS::Partition}-\${AWS::URLSuffix}-\${!Literal}'
            - Zone: !Select [2, !GetAZs '']
          - !If [Both, both, !If [Either, either, neither]]
          - !GetAtt Flag.Value
      Description: !If [IsDev, dev only, !Ref AWS::NoValue]
  Flag:
    Type: AWS::SSM::Parameter
    Condition: IsProd
    Properties:
      Type: String
      Value: !Base64 flag
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Sub '\${AWS::StackName}-cluster'
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /ecs/importer
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: importer-web
      Cpu: !FindInMap [Sizes, !Ref Stage, Cpu]
      Memory: '1024'
      NetworkMode: awsvpc
      RequiresCompatibilities: [FARGATE]
      ExecutionRoleArn: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/exec'
      ContainerDefinitions:
        - Name: web
          Image: public.ecr.aws/nginx/nginx:latest
          Essential: true
          PortMappings: [{ ContainerPort: 80 }]
          LogConfiguration:
            LogDriver: awslogs
            Options:
              awslogs-group: !Ref Logs
              awslogs-region: !Ref AWS::Region
              awslogs-stream-prefix: web
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref Task
      DesiredCount: 2
      LaunchType: FARGATE
      DeploymentConfiguration:
        DeploymentCircuitBreaker: { Enable: true, Rollback: true }
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: [subnet-0123456789abcdef0]
          AssignPublicIp: DISABLED
Outputs:
  Values:
    Value: !GetAtt Values.Value
  ServiceName:
    Value: !GetAtt Service.Name
`;

describe('local CloudFormation: templates', () => {
  let stack: LocalAws;
  let cfn: CloudFormationClient;
  let ssm: SSMClient;
  let ecs: ECSClient;

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['cloudformation', 'ssm', 'ecs', 'logs', 'secretsmanager', 'apprunner'],
      timings: {
        'cloudformation.step': 5,
        'ecs.deployment': 50,
        'apprunner.operation': 50,
        'apprunner.delete': 50,
      },
    });
    const config = {
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    };
    cfn = new CloudFormationClient(config);
    ssm = new SSMClient(config);
    ecs = new ECSClient(config);
  });
  afterAll(() => stack.stop());

  it('evaluates YAML short forms, conditions, mappings and imports, and runs an ECS service', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'exporter', TemplateBody: EXPORTER }));
    expect((await settled(cfn, 'exporter')).StackStatus).toBe('CREATE_COMPLETE');
    await cfn.send(new CreateStackCommand({ StackName: 'importer', TemplateBody: IMPORTER }));
    const done = await settled(cfn, 'importer');
    expect(done.StackStatus).toBe('CREATE_COMPLETE');
    const expected = [
      '/exporter/shared',
      'b.example.com',
      'x',
      '512',
      'us-east-1c-us-east-1-aws-amazonaws.com-${Literal}',
      'either',
      Buffer.from('flag').toString('base64'),
    ].join('|');
    expect(done.Outputs?.find((o) => o.OutputKey === 'Values')?.OutputValue).toBe(expected);
    const values = await ssm.send(new GetParameterCommand({ Name: '/importer/values' }));
    expect(values.Parameter?.Value).toBe(expected);

    const serviceName = done.Outputs?.find((o) => o.OutputKey === 'ServiceName')?.OutputValue;
    expect(serviceName).toMatch(/^importer-Service-[A-Z0-9]{13}$/);
    const services = await ecs.send(
      new DescribeServicesCommand({ cluster: 'importer-cluster', services: [serviceName!] }),
    );
    expect(services.services?.[0]).toMatchObject({
      desiredCount: 2,
      launchType: 'FARGATE',
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/importer-web:1',
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
    // CloudFormation reports the service complete once its deployment has completed.
    expect(services.services?.[0]?.deployments?.[0]?.rolloutState).toBe('COMPLETED');
    const resources = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'importer' }));
    expect(resources.StackResources?.map((r) => r.LogicalResourceId).sort()).toEqual([
      'Cluster',
      'Flag',
      'Logs',
      'Service',
      'Task',
      'Values',
    ]);
    expect(resources.StackResources?.every((r) => r.ResourceStatus === 'CREATE_COMPLETE')).toBe(
      true,
    );
    expect((await cfn.send(new GetTemplateCommand({ StackName: 'importer' }))).TemplateBody).toBe(
      IMPORTER,
    );
  });

  it('runs Express Mode and App Runner services and resolves dynamic references without showing them', async () => {
    const template = {
      Resources: {
        Password: {
          Type: 'AWS::SecretsManager::Secret',
          Properties: {
            GenerateSecretString: {
              SecretStringTemplate: '{"username":"app"}',
              GenerateStringKey: 'password',
            },
          },
        },
        Copy: {
          Type: 'AWS::SSM::Parameter',
          Properties: {
            Name: '/services/copy',
            Type: 'String',
            Value: { 'Fn::Sub': '{{resolve:secretsmanager:${Password}:SecretString:username}}' },
          },
        },
        Express: {
          Type: 'AWS::ECS::ExpressGatewayService',
          Properties: {
            ServiceName: 'web',
            ExecutionRoleArn: 'arn:aws:iam::123456789012:role/exec',
            InfrastructureRoleArn: 'arn:aws:iam::123456789012:role/infra',
            PrimaryContainer: { Image: 'public.ecr.aws/nginx/nginx:latest', ContainerPort: 80 },
            HealthCheckPath: '/health',
          },
        },
        Runner: {
          Type: 'AWS::AppRunner::Service',
          Properties: {
            ServiceName: 'runner',
            SourceConfiguration: {
              AutoDeploymentsEnabled: false,
              ImageRepository: {
                ImageIdentifier: 'public.ecr.aws/nginx/nginx:latest',
                ImageRepositoryType: 'ECR_PUBLIC',
                ImageConfiguration: { Port: '8080' },
              },
            },
          },
        },
      },
      Outputs: {
        ExpressEndpoint: { Value: { 'Fn::GetAtt': ['Express', 'Endpoint'] } },
        RunnerUrl: { Value: { 'Fn::GetAtt': ['Runner', 'ServiceUrl'] } },
      },
    };
    await cfn.send(
      new CreateStackCommand({ StackName: 'services', TemplateBody: JSON.stringify(template) }),
    );
    const done = await settled(cfn, 'services');
    expect(done.StackStatus).toBe('CREATE_COMPLETE');
    expect(
      (await ssm.send(new GetParameterCommand({ Name: '/services/copy' }))).Parameter?.Value,
    ).toBe('app');
    const events =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: 'services' }))).StackEvents ?? [];
    const copy = events.find(
      (e) => e.LogicalResourceId === 'Copy' && e.ResourceStatus === 'CREATE_COMPLETE',
    );
    expect(copy?.ResourceProperties).toContain('{{resolve:secretsmanager:arn:aws:secretsmanager:');

    const express = await ecs.send(
      new DescribeExpressGatewayServiceCommand({
        serviceArn: (await resources('services')).Express,
      }),
    );
    expect(express.service).toMatchObject({ serviceName: 'web', status: { statusCode: 'ACTIVE' } });
    const endpoint = done.Outputs?.find((o) => o.OutputKey === 'ExpressEndpoint')?.OutputValue;
    expect(endpoint).toBe(express.service?.activeConfigurations?.[0]?.ingressPaths?.[0]?.endpoint);
    expect(endpoint).toBeDefined();

    const apprunner = new AppRunnerClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    const runner = await apprunner.send(
      new DescribeServiceCommand({ ServiceArn: (await resources('services')).Runner }),
    );
    expect(runner.Service).toMatchObject({ ServiceName: 'runner', Status: 'RUNNING' });
    expect(done.Outputs?.find((o) => o.OutputKey === 'RunnerUrl')?.OutputValue).toBe(
      runner.Service?.ServiceUrl,
    );

    await cfn.send(new DeleteStackCommand({ StackName: 'services' }));
    expect((await settled(cfn, done.StackId!)).StackStatus).toBe('DELETE_COMPLETE');
    await expect(
      ssm.send(new GetParameterCommand({ Name: '/services/copy' })),
    ).rejects.toMatchObject({ name: 'ParameterNotFound' });
    await expect(
      apprunner.send(new DescribeServiceCommand({ ServiceArn: runner.Service!.ServiceArn })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  async function resources(stackName: string): Promise<Record<string, string>> {
    const answer = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
    return Object.fromEntries(
      (answer.StackResources ?? []).map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]),
    );
  }

  it('validates a template and reports the capability it needs', async () => {
    const answer = await cfn.send(
      new ValidateTemplateCommand({
        TemplateBody:
          'Parameters:\n  Name:\n    Type: String\n    Default: x\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n',
      }),
    );
    expect(answer.Parameters).toEqual([{ ParameterKey: 'Name', DefaultValue: 'x', NoEcho: false }]);
    expect(answer.Capabilities).toEqual(['CAPABILITY_IAM']);
    await expect(
      cfn.send(new ValidateTemplateCommand({ TemplateBody: 'Resources: [' })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/^Template format error: YAML not well-formed/),
    });
  });
});
