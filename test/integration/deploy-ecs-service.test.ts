import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { runDist } from '../support/run-dist';

// deploy-ecs's service settings, container edits and failure reports, run from dist/ on the
// runner's Node (deploy-ecs.test.ts covers both runtimes for the modes themselves).

const digest = (c: string): string => `registry.local/shop@sha256:${c.repeat(64)}`;
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';
const ROLE = (name: string): string => `arn:aws:iam::123456789012:role/${name}`;
const network = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } };

describe('deploy-ecs service settings, container edits and failure reports (dist)', () => {
  let stack: LocalAws;
  let ecs: ECSClient;
  const work = mkdtempSync(path.join(os.tmpdir(), 'deploy-ecs-service-'));
  const run = (inputs: Record<string, string>) =>
    runDist('deploy-ecs', {
      inputs: { 'poll-interval': '50ms', timeout: '20s', cluster: 'prod', ...inputs },
      env: stack.env,
      cwd: work,
    });
  const definition = (family: string, image: string): RegisterTaskDefinitionCommandInput => ({
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image,
        essential: true,
        portMappings: [{ containerPort: 80 }],
        environment: [{ name: 'KEEP', value: 'yes' }],
      },
    ],
  });
  const createService = async (name: string, image: string): Promise<void> => {
    await ecs.send(new RegisterTaskDefinitionCommand(definition(name, image)));
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: name,
        taskDefinition: name,
        desiredCount: 1,
        networkConfiguration: network,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 250));
  };
  const describe1 = async (name: string) =>
    (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: [name] })))
      .services?.[0];

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['ecs', 'logs'],
      timings: {
        'ecs.deployment': 150,
        'ecs.task.provisioning': 20,
        'ecs.task.pending': 20,
        'ecs.task.stopping': 20,
      },
    });
    ecs = new ECSClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
    });
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await createService('edits', digest('1'));
    await createService('failing', digest('1'));
  });
  afterAll(() => stack.stop());

  it('merges container edits into the current definition and applies the service settings', async () => {
    const result = await run({
      mode: 'service',
      service: 'edits',
      container: 'web',
      environment: 'LOG_LEVEL=debug',
      secrets: `DB_PASSWORD=${SECRET}`,
      command: 'node server.js',
      'log-group': '/ecs/edits',
      'desired-count': '2',
      'propagate-tags': 'SERVICE',
      'enable-execute-command': 'true',
      tags: 'team=shop',
    });
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('deployed');
    const registered = await ecs.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: result.outputs['task-definition'] ?? '',
        include: ['TAGS'],
      }),
    );
    const web = registered.taskDefinition?.containerDefinitions?.[0];
    expect(web).toMatchObject({
      image: digest('1'),
      command: ['node', 'server.js'],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: SECRET }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/edits',
          'awslogs-stream-prefix': 'web',
          'awslogs-region': 'us-east-1',
        },
      },
    });
    expect(web?.environment).toEqual(
      expect.arrayContaining([
        { name: 'KEEP', value: 'yes' },
        { name: 'LOG_LEVEL', value: 'debug' },
      ]),
    );
    expect(registered.tags).toEqual([{ key: 'team', value: 'shop' }]);
    const service = await describe1('edits');
    expect(service).toMatchObject({
      desiredCount: 2,
      propagateTags: 'SERVICE',
      enableExecuteCommand: true,
      taskDefinition: result.outputs['task-definition'],
    });
    const tags = await ecs.send(
      new ListTagsForResourceCommand({ resourceArn: service?.serviceArn ?? '' }),
    );
    expect(tags.tags).toEqual([{ key: 'team', value: 'shop' }]);
  });

  it('forces a new deployment of an unchanged task definition', async () => {
    const before = await describe1('edits');
    stack.requests.clear();
    const result = await run({ mode: 'service', service: 'edits', 'force-new-deployment': 'true' });
    expect(result.errors).toEqual([]);
    expect(result.outputs).toMatchObject({
      status: 'deployed',
      'task-definition': before?.taskDefinition,
    });
    expect(stack.requests.count('ecs', 'RegisterTaskDefinition')).toBe(0);
    expect(stack.requests.count('ecs', 'UpdateService')).toBe(1);
    const after = await describe1('edits');
    expect(after?.deployments?.[0]?.id).not.toBe(before?.deployments?.[0]?.id);
  });

  it('deploys a registered task definition ARN as it is', async () => {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand(definition('edits', digest('2'))),
    );
    const arn = registered.taskDefinition?.taskDefinitionArn ?? '';
    stack.requests.clear();
    const result = await run({ mode: 'service', service: 'edits', 'task-definition': arn });
    expect(result.errors).toEqual([]);
    expect(result.outputs).toMatchObject({ status: 'deployed', 'task-definition': arn });
    expect(stack.requests.count('ecs', 'RegisterTaskDefinition')).toBe(0);
    expect((await describe1('edits'))?.taskDefinition).toBe(arn);
  });

  it('fails a deployment whose task exits with the events, the exit code and console links', async () => {
    stack.workloads.markUnhealthy(digest('e'));
    const result = await run({
      mode: 'service',
      service: 'failing',
      image: digest('e'),
      container: 'web',
      environment: 'LOCAL_ECS_EXIT_CODE=3',
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('rolled-back');
    const error = result.errors.join('\n');
    expect(error).toMatch(/ECS deployment circuit breaker: tasks failed to start/);
    expect(error).toMatch(/Latest service events:.*deployment failed: tasks failed to start/s);
    expect(error).toMatch(
      /Stopped tasks:\s+[0-9a-f]{32} \(EssentialContainerExited\): Essential container in task exited; web exit 3/,
    );
    expect(error).toContain(
      'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/failing/deployments?region=us-east-1',
    );
    expect(error).toMatch(
      /https:\/\/us-east-1\.console\.aws\.amazon\.com\/ecs\/v2\/clusters\/prod\/tasks\/[0-9a-f]{32}\/configuration\?region=us-east-1/,
    );
    expect(result.summary).toMatch(/Stopped task [0-9a-f]{32}/);
    expect(result.summary).toContain('Essential container in task exited; web exit 3');
    expect(result.summary).toContain('deployment failed: tasks failed to start.');
  });

  it('fails a deployment whose tasks fail their health checks with the stopped reason', async () => {
    stack.workloads.markUnhealthy(digest('f'));
    const result = await run({
      mode: 'service',
      service: 'failing',
      image: digest('f'),
      container: 'web',
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(
      /\(ServiceSchedulerInitiated\): Task failed ELB health checks in \(target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/failing\/[^)]+\); web exit 143/,
    );
  });

  it('creates an Express Mode service with its command, log group and tags', async () => {
    const result = await run({
      mode: 'express',
      service: 'tagged',
      image: digest('1'),
      'execution-role-arn': ROLE('exec'),
      'infrastructure-role-arn': ROLE('infra'),
      command: '["node","server.js"]',
      'log-group': '/ecs/tagged',
      'log-stream-prefix': 'web',
      'repository-credentials': SECRET,
      tags: 'team=web',
    });
    expect(result.errors).toEqual([]);
    const arn = result.outputs['service-arn'] ?? '';
    const described = await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn: arn }));
    expect(described.service?.activeConfigurations?.[0]?.primaryContainer).toMatchObject({
      command: ['node', 'server.js'],
      awsLogsConfiguration: { logGroup: '/ecs/tagged', logStreamPrefix: 'web' },
      repositoryCredentials: { credentialsParameter: SECRET },
    });
    const tags = await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(tags.tags).toEqual([{ key: 'team', value: 'web' }]);
  });

  it('stops before any change on a CODE_DEPLOY service, saying why', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand(definition('blue', digest('1'))));
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'blue',
        taskDefinition: 'blue',
        desiredCount: 1,
        networkConfiguration: network,
        deploymentController: { type: 'CODE_DEPLOY' },
      }),
    );
    stack.requests.clear();
    const result = await run({
      mode: 'service',
      service: 'blue',
      image: digest('2'),
      container: 'web',
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(
      /service blue uses the CODE_DEPLOY deployment controller: .*deploy it with AWS CodeDeploy/,
    );
    expect(stack.requests.count('ecs', 'RegisterTaskDefinition')).toBe(0);
    expect(stack.requests.count('ecs', 'UpdateService')).toBe(0);
  });

  it('refuses each bad value of the new inputs before any AWS call', async () => {
    stack.requests.clear();
    const service = { mode: 'service', service: 'edits' };
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...service, 'desired-count': '-1' }, /Input 'desired-count'/],
      [{ ...service, 'force-new-deployment': 'ture' }, /Input 'force-new-deployment'/],
      [
        { ...service, 'force-new-deployment': 'true', 'propagate-tags': 'ALL' },
        /Input 'propagate-tags'/,
      ],
      [
        { ...service, 'force-new-deployment': 'true', 'enable-execute-command': 'yes!' },
        /Input 'enable-execute-command'/,
      ],
      [{ ...service, 'force-new-deployment': 'true', tags: 'aws:x=1' }, /Input 'tags'/],
      [{ ...service, environment: 'A=1' }, /Input 'container': is required/],
      [{ ...service, container: 'web', secrets: 'A=plain' }, /Input 'secrets'/],
      [{ ...service, container: 'web', command: '["x"' }, /Input 'command'/],
      [{ ...service, container: 'web', 'log-group': 'a b' }, /Input 'log-group'/],
      [
        { ...service, container: 'web', 'repository-credentials': 'creds' },
        /Input 'repository-credentials'/,
      ],
      [
        { ...service, 'task-definition': 'edits:1', image: digest('3'), container: 'web' },
        /Input 'task-definition': "edits:1" is a registered task definition, deployed as it is/,
      ],
    ];
    for (const [inputs, message] of cases) {
      const result = await run(inputs);
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toMatch(message);
    }
    expect(stack.requests.all()).toEqual([]);
  });
});
