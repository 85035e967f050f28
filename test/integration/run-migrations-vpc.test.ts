import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateClusterCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { migrationTaskTag } from '../../src/run-migrations/ecs-task';
import { nodeRuntimes, runDist, type DistRun } from '../support/run-dist';

/**
 * run-on: ecs-task - the migration as a one-off ECS task inside the VPC (for a database the runner
 * cannot reach), against the local stack's ECS and CloudWatch Logs: the freshly built image,
 * the command override, log lines streamed, the exit code honoured, runs serialised.
 */
describe('run-migrations: one-off ECS task in the VPC', () => {
  let stack: LocalAws;
  let ecs: ECSClient;
  const network = {
    awsvpcConfiguration: { subnets: ['subnet-private-a'], securityGroups: ['sg-db-clients'] },
  };

  const register = (family: string, environment: { name: string; value: string }[] = []) =>
    ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          {
            name: 'app',
            image: 'registry.local/shop:previous',
            essential: true,
            environment,
            // The connection comes from the task definition's secrets, as for the application.
            secrets: [
              {
                name: 'DATABASE_URL',
                valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
              },
            ],
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': '/ecs/migrations',
                'awslogs-region': 'us-east-1',
                'awslogs-stream-prefix': 'migrate',
              },
            },
          },
        ],
      }),
    );
  const run = (inputs: Record<string, string>, node?: string): Promise<DistRun> =>
    runDist('run-migrations', {
      inputs: {
        'run-on': 'ecs-task',
        'ecs-cluster': 'prod',
        'ecs-container': 'app',
        'ecs-subnets': 'subnet-private-a',
        'ecs-security-groups': 'sg-db-clients',
        command: 'alembic upgrade head',
        'task-timeout': '30s',
        ...inputs,
      },
      env: stack.env,
      ...(node === undefined ? {} : { node }),
    });

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['ecs', 'logs'],
      timings: {
        'ecs.task.provisioning': 50,
        'ecs.task.pending': 50,
        'ecs.task.run': 400,
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
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/migrations' }));
    await register('migrate');
    await register('migrate-fails', [
      { name: 'LOCAL_ECS_EXIT_CODE', value: '3' },
      {
        name: 'LOCAL_ECS_LOG_LINES',
        value:
          'Running upgrade a1 -> b2\nsqlalchemy.exc.ProgrammingError: relation "users" already exists',
      },
    ]);
  });
  afterAll(() => stack.stop());

  it('runs the command in the freshly built image, streams its logs and succeeds, on every runtime', async () => {
    for (const [i, runtime] of nodeRuntimes().entries()) {
      const image = `registry.local/shop:build-${i}`;
      const result = await run({ 'ecs-task-definition': 'migrate', image }, runtime.path);
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.outputs).toMatchObject({ status: 'task-succeeded', applied: '[]' });
      // The local stack writes the container's command as its log line: the override reached it.
      expect(result.log).toContain('$ sh -c alembic upgrade head');
      expect(result.log).toMatch(/Task [0-9a-f]+ succeeded/);
      expect(result.summary).toContain('Migration task in the VPC succeeded');
      const latest = await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: 'migrate' }),
      );
      expect(latest.taskDefinition?.containerDefinitions?.[0]?.image).toBe(image);
    }
    expect(stack.requests.count('ecs', 'RunTask')).toBe(nodeRuntimes().length);
  });

  it('fails with the exit code of the migration tool, after streaming its output', async () => {
    const result = await run({
      'ecs-task-definition': 'migrate-fails',
      command: '["alembic", "upgrade", "head"]',
    });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain(
      'sqlalchemy.exc.ProgrammingError: relation "users" already exists',
    );
    expect(result.errors.join('\n')).toMatch(/container app exited with code 3/);
  });

  it('waits for a migration task of the same lock that is still running, then gives up with a clear error', async () => {
    const other = await ecs.send(
      new RunTaskCommand({
        cluster: 'prod',
        taskDefinition: 'migrate',
        networkConfiguration: network,
        startedBy: migrationTaskTag('run-migrations'),
        overrides: {
          containerOverrides: [
            { name: 'app', environment: [{ name: 'LOCAL_ECS_RUN_MS', value: 'forever' }] },
          ],
        },
      }),
    );
    try {
      const before = stack.requests.count('ecs', 'RunTask');
      const result = await run({ 'ecs-task-definition': 'migrate', 'lock-timeout': '1s' });
      expect(result.exitCode).toBe(1);
      expect(result.log).toMatch(/another migration is running \(task [0-9a-f]+ running\)/);
      expect(result.errors.join('\n')).toMatch(
        /another migration is running: task [0-9a-f]+ running in prod did not finish within the lock-timeout. Nothing was started./,
      );
      expect(stack.requests.count('ecs', 'RunTask')).toBe(before);
    } finally {
      await ecs.send(new StopTaskCommand({ cluster: 'prod', task: other.tasks?.[0]?.taskArn }));
    }
  });

  it('refuses connection inputs: the task reads its connection from its task definition', async () => {
    const before = stack.requests.count('ecs');
    const result = await run({
      'ecs-task-definition': 'migrate',
      'database-url': 'postgres://u:secret-pw@db/app',
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/Input 'database-url': is not used with run-on: ecs-task/);
    expect(stack.requests.count('ecs')).toBe(before);
  });
});
