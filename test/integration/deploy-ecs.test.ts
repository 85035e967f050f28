import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type ContainerDefinition,
} from '@aws-sdk/client-ecs';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { nodeRuntimes, runDist, type DistRunOptions } from '../support/run-dist';

const digest = (c: string): string => `registry.local/app@sha256:${c.repeat(64)}`;
const ROLE = (name: string): string => `arn:aws:iam::123456789012:role/${name}`;
const network = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } };
/** How long each run may watch its deployment (the action's `timeout` input). */
const WATCH_MS = 20_000;

describe.each(nodeRuntimes())('deploy-ecs dist on $label', (runtime) => {
  let stack: LocalAws;
  let ecs: ECSClient;
  const work = mkdtempSync(path.join(os.tmpdir(), 'deploy-ecs-'));
  const run = (inputs: Record<string, string>, extra: Pick<DistRunOptions, 'killWhen'> = {}) =>
    runDist('deploy-ecs', {
      node: runtime.path,
      inputs: { 'poll-interval': '50ms', timeout: `${WATCH_MS}ms`, ...inputs },
      env: stack.env,
      cwd: work,
      ...extra,
    });

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['ecs', 'logs'],
      timings: {
        'ecs.deployment': 150,
        // A circuit-breaker rollback lasts as long as a run may watch, so the run sees the FAILED
        // deployment (listed until the rollback completes) however slowly it polls; a run
        // stops at the failure and does not wait for the rollback.
        'ecs.rollback': WATCH_MS,
        'ecs.task.provisioning': 50,
        'ecs.task.pending': 50,
        'ecs.task.run': 300,
        'ecs.task.stopping': 50,
      },
    });
    const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' };
    ecs = new ECSClient({ region: stack.region, endpoint: stack.endpoint, credentials });
    const logs = new CloudWatchLogsClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials,
    });
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/jobs' }));
  });
  afterAll(() => stack.stop());

  const express = {
    mode: 'express',
    cluster: 'prod',
    service: 'web',
    'execution-role-arn': ROLE('exec'),
    'infrastructure-role-arn': ROLE('infra'),
    port: '8080',
    'health-check-path': '/health',
    cpu: '512',
    memory: '1024',
    environment: 'APP_VERSION=1\nLOG_LEVEL=info',
    secrets:
      'DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf\nAPI_KEY=arn:aws:ssm:us-east-1:123456789012:parameter/api-key',
    'min-tasks': '2',
    'max-tasks': '4',
    subnets: 'subnet-a,subnet-b',
    'security-groups': 'sg-web',
  };

  it('creates an Express Mode service, updates it, and leaves an unchanged one alone', async () => {
    const created = await run({ ...express, image: digest('1') });
    expect(created.errors).toEqual([]);
    expect(created.exitCode).toBe(0);
    expect(created.outputs).toMatchObject({
      status: 'created',
      image: digest('1'),
      service: 'web',
    });
    expect(created.outputs['service-arn']).toBe(
      'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
    );
    const url = created.outputs['service-url'] ?? '';
    expect(await (await fetch(`${url}/version`)).json()).toMatchObject({
      image: digest('1'),
      version: '1',
    });
    expect(created.summary).toContain('Express Mode service web');

    const updated = await run({ ...express, image: digest('2'), environment: 'APP_VERSION=2' });
    expect(updated.outputs).toMatchObject({
      status: 'updated',
      image: digest('2'),
      'previous-image': digest('1'),
    });
    expect(updated.outputs['service-url']).toBe(url);
    expect(await (await fetch(`${url}/version`)).json()).toMatchObject({ image: digest('2') });

    stack.requests.clear();
    const same = await run({ ...express, image: digest('2'), environment: 'APP_VERSION=2' });
    expect(same.outputs.status).toBe('unchanged');
    expect(stack.requests.count('ecs', 'UpdateExpressGatewayService')).toBe(0);
  });

  it('fails an Express update whose image is unhealthy and names what runs now', async () => {
    stack.workloads.markUnhealthy(digest('9'));
    const result = await run({ ...express, image: digest('9'), environment: 'APP_VERSION=2' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({
      status: 'rolled-back',
      image: digest('9'),
      'previous-image': digest('2'),
    });
    expect(result.errors.join('\n')).toMatch(
      /circuit breaker.*the service is rolling back to web-express:2/s,
    );
  });

  it('rejects bad inputs before any AWS call', async () => {
    writeFileSync(path.join(work, 'broken.json'), '{"family": "api", "containerDefinitions": [');
    writeFileSync(
      path.join(work, 'api.json'),
      JSON.stringify({ family: 'api', containerDefinitions: [{ name: 'app', image: 'x' }] }),
    );
    stack.requests.clear();
    const cases: [Record<string, string>, RegExp][] = [
      [
        { ...express, image: digest('1'), 'execution-role-arn': '' },
        /Input 'execution-role-arn': is required/,
      ],
      [
        { ...express, image: digest('1'), 'infrastructure-role-arn': 'infra-role' },
        /Input 'infrastructure-role-arn': expected an IAM role ARN/,
      ],
      [
        {
          mode: 'service',
          service: 'api',
          'task-definition': 'broken.json',
          image: digest('1'),
          container: 'app',
        },
        /Input 'task-definition': "broken.json" is not valid JSON/,
      ],
      [
        {
          mode: 'service',
          service: 'api',
          'task-definition': 'api.json',
          image: digest('1'),
          container: 'web',
        },
        /Input 'container': container "web" is not in the task definition file/,
      ],
      [
        { ...express, image: digest('1'), secrets: 'X=plain-value' },
        /Input 'secrets': X must reference a Secrets Manager secret or SSM parameter ARN/,
      ],
    ];
    for (const [inputs, message] of cases) {
      const result = await run(inputs);
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toMatch(message);
    }
    expect(stack.requests.all()).toEqual([]);
  });

  describe('classic services', () => {
    const containers = (web: string, api: string): ContainerDefinition[] => [
      {
        name: 'nginx',
        image: 'registry.local/nginx:1.27',
        essential: true,
        portMappings: [{ containerPort: 80 }],
      },
      { name: 'web', image: web, essential: true },
      { name: 'api', image: api, essential: true },
    ];
    const service = runtime.label.startsWith('node24') ? 'shop-24' : 'shop-m';

    beforeAll(async () => {
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: service,
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE'],
          cpu: '512',
          memory: '1024',
          containerDefinitions: containers(digest('a'), digest('b')),
        }),
      );
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName: service,
          taskDefinition: service,
          desiredCount: 2,
          networkConfiguration: network,
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
    });

    it('replaces several containers in one deploy and registers only when something changed', async () => {
      stack.requests.clear();
      const result = await run({
        mode: 'service',
        cluster: 'prod',
        service,
        images: `web=${digest('c')}\napi=${digest('d')}`,
      });
      expect(result.errors).toEqual([]);
      expect(result.outputs).toMatchObject({
        status: 'deployed',
        'previous-task-definition': expect.stringMatching(new RegExp(`${service}:1$`)),
      });
      expect(result.outputs['task-definition']).toMatch(new RegExp(`${service}:2$`));
      expect(JSON.parse(result.outputs.images ?? '{}')).toEqual({
        web: digest('c'),
        api: digest('d'),
      });
      const registered = await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: `${service}:2` }),
      );
      expect(registered.taskDefinition?.containerDefinitions?.map((c) => c.image)).toEqual([
        'registry.local/nginx:1.27',
        digest('c'),
        digest('d'),
      ]);
      expect(stack.requests.count('ecs', 'RegisterTaskDefinition')).toBe(1);
      const described = await ecs.send(
        new DescribeServicesCommand({ cluster: 'prod', services: [service] }),
      );
      expect(described.services?.[0]).toMatchObject({
        taskDefinition: registered.taskDefinition?.taskDefinitionArn,
        runningCount: 2,
      });

      stack.requests.clear();
      const again = await run({
        mode: 'service',
        cluster: 'prod',
        service,
        images: `web=${digest('c')}\napi=${digest('d')}`,
      });
      expect(again.outputs.status).toBe('unchanged');
      expect(stack.requests.count('ecs', 'RegisterTaskDefinition')).toBe(0);
      expect(stack.requests.count('ecs', 'UpdateService')).toBe(0);
    });

    it('reports a circuit-breaker rollback as a failure naming what the service runs now', async () => {
      stack.workloads.markUnhealthy(digest('e'));
      const result = await run({
        mode: 'service',
        cluster: 'prod',
        service,
        image: digest('e'),
        container: 'api',
      });
      expect(result.exitCode).toBe(1);
      expect(result.outputs).toMatchObject({ status: 'rolled-back', image: digest('e') });
      expect(result.errors.join('\n')).toMatch(
        new RegExp(
          `ECS deployment circuit breaker: tasks failed to start.*rolling back to ${service}:2 \\(nginx=registry.local/nginx:1.27, web=${digest('c')}, api=${digest('d')}\\)`,
          's',
        ),
      );
      expect(result.outputs['previous-task-definition']).toMatch(new RegExp(`${service}:2$`));
      const described = await ecs.send(
        new DescribeServicesCommand({ cluster: 'prod', services: [service] }),
      );
      expect(described.services?.[0]?.taskDefinition).toMatch(new RegExp(`${service}:2$`));
    });
    it('reports what the service ran before, not the file, when deploying from a task-definition file', async () => {
      const before = await run({
        mode: 'service',
        cluster: 'prod',
        service,
        image: digest('f'),
        container: 'web',
      });
      expect(before.errors).toEqual([]);
      expect(before.outputs.status).toBe('deployed');
      const running = before.outputs['task-definition'];
      // The file in the repository still names the first images (web=a, api=b).
      writeFileSync(
        path.join(work, `${service}.json`),
        JSON.stringify({
          family: service,
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE'],
          cpu: '512',
          memory: '1024',
          containerDefinitions: containers(digest('a'), digest('b')),
        }),
      );
      stack.requests.clear();
      const result = await run({
        mode: 'service',
        cluster: 'prod',
        service,
        'task-definition': `${service}.json`,
        image: digest('7'),
        container: 'web',
      });
      expect(result.errors).toEqual([]);
      expect(result.outputs).toMatchObject({
        status: 'deployed',
        image: digest('7'),
        'previous-image': digest('f'),
        'previous-task-definition': running,
      });
      expect(JSON.parse(result.outputs['previous-images'] ?? '{}')).toEqual({ web: digest('f') });
      expect(result.outputs['task-definition']).not.toBe(running);
    });
    it('refuses to deploy Express Mode onto a classic service', async () => {
      const result = await run({ ...express, service, image: digest('1') });
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toMatch(
        `service ${service} exists in cluster prod but is not an Express Mode service`,
      );
      expect(stack.requests.count('ecs', 'UpdateExpressGatewayService')).toBe(0);
    });
  });

  describe('one-off tasks', () => {
    const family = runtime.label.startsWith('node24') ? 'migrate-24' : 'migrate-m';
    const register = async (env: Record<string, string>): Promise<void> => {
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family,
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE'],
          cpu: '256',
          memory: '512',
          containerDefinitions: [
            {
              name: 'app',
              image: digest('1'),
              environment: Object.entries(env).map(([name, value]) => ({ name, value })),
              logConfiguration: {
                logDriver: 'awslogs',
                options: {
                  'awslogs-group': '/ecs/jobs',
                  'awslogs-stream-prefix': 'migrate',
                  'awslogs-region': 'us-east-1',
                },
              },
            },
          ],
        }),
      );
    };
    const task = {
      mode: 'task',
      cluster: 'prod',
      container: 'app',
      command: 'npm run migrate -- --to "latest version"',
      subnets: 'subnet-1',
      'security-groups': 'sg-1',
    };

    it('runs the task to success and streams its log lines in order', async () => {
      await register({
        LOCAL_ECS_LOG_LINES: 'migrating 001\nmigrating 002\nmigrating 003\ndone',
        LOCAL_ECS_RUN_MS: '400',
      });
      const result = await run({ ...task, 'task-definition': family, image: digest('2') });
      expect(result.errors).toEqual([]);
      expect(result.outputs).toMatchObject({ status: 'succeeded', 'exit-code': '0' });
      const lines = result.stdout.split('\n').filter((l) => /^(migrating|done)/.test(l));
      expect(lines).toEqual(['migrating 001', 'migrating 002', 'migrating 003', 'done']);
      const described = await ecs.send(
        new DescribeTasksCommand({ cluster: 'prod', tasks: [result.outputs['task-arn'] ?? ''] }),
      );
      expect(described.tasks?.[0]?.overrides?.containerOverrides?.[0]?.command).toEqual([
        'npm',
        'run',
        'migrate',
        '--',
        '--to',
        'latest version',
      ]);
      expect(described.tasks?.[0]?.containers?.[0]?.image).toBe(digest('2'));
    });

    it('fails on a non-zero exit code, with the log lines streamed', async () => {
      await register({
        LOCAL_ECS_LOG_LINES: 'migrating 004\nERROR: relation exists',
        LOCAL_ECS_EXIT_CODE: '2',
      });
      const result = await run({ ...task, 'task-definition': family });
      expect(result.exitCode).toBe(1);
      expect(result.outputs).toMatchObject({ status: 'failed', 'exit-code': '2' });
      expect(result.stdout.indexOf('migrating 004')).toBeLessThan(
        result.stdout.indexOf('ERROR: relation exists'),
      );
      expect(result.errors.join('\n')).toMatch(/container app exited with code 2/);
    });

    it('stops the task and reports timed-out when the wait runs out', async () => {
      await register({ LOCAL_ECS_RUN_MS: 'forever' });
      stack.requests.clear();
      const result = await run({ ...task, 'task-definition': family, timeout: '1s' });
      expect(result.exitCode).toBe(1);
      expect(result.outputs.status).toBe('timed-out');
      expect(result.errors.join('\n')).toMatch(
        /Timed out after .* waiting for task [0-9a-f]{32} to stop/,
      );
      expect(stack.requests.count('ecs', 'StopTask')).toBe(1);
    });

    it('stops the task when the workflow is cancelled', async () => {
      await register({
        LOCAL_ECS_RUN_MS: 'forever',
        LOCAL_ECS_LOG_LINES: 'long migration running',
      });
      stack.requests.clear();
      // Cancelled once the task's log line reached the run's output, however long that takes.
      const result = await run(
        { ...task, 'task-definition': family },
        { killWhen: { pattern: /long migration running/, signal: 'SIGTERM' } },
      );
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('long migration running');
      expect(stack.requests.count('ecs', 'StopTask')).toBe(1);
      const stopped = await ecs.send(
        new ListTasksCommand({ cluster: 'prod', family, desiredStatus: 'STOPPED' }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      const tasks = await ecs.send(
        new DescribeTasksCommand({ cluster: 'prod', tasks: stopped.taskArns ?? [] }),
      );
      const cancelled = tasks.tasks?.filter(
        (t) => t.stoppedReason === 'Stopped by the workflow: run cancelled',
      );
      expect(cancelled?.map((t) => [t.lastStatus, t.stopCode])).toEqual([
        ['STOPPED', 'UserInitiated'],
      ]);
    });
  });
});
