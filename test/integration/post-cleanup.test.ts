import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { runDist, type DistRun } from '../support/run-dist';

/**
 * The post steps of deploy-ecs and run-migrations, run as the runner runs them: the main step
 * (dist/<name>/index.js) is killed while its one-off task runs, then dist/<name>-post/index.js
 * gets the same inputs and the main step's saved state as STATE_* variables.
 */
describe('post steps stop the one-off task a killed main step left running', () => {
  let stack: LocalAws;
  let ecs: ECSClient;

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['ecs', 'logs'],
      timings: { 'ecs.task.provisioning': 50, 'ecs.task.pending': 50, 'ecs.task.stopping': 50 },
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
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'long-job',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          {
            name: 'app',
            image: 'registry.local/app:1',
            essential: true,
            environment: [{ name: 'LOCAL_ECS_RUN_MS', value: 'forever' }],
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': '/ecs/jobs',
                'awslogs-region': 'us-east-1',
                'awslogs-stream-prefix': 'job',
              },
            },
          },
        ],
      }),
    );
  });
  afterAll(() => stack.stop());

  const parts = {
    'deploy-ecs': {
      mode: 'task',
      cluster: 'prod',
      container: 'app',
      'task-definition': 'long-job',
      command: 'sleep forever',
      subnets: 'subnet-1',
      'security-groups': 'sg-1',
      'poll-interval': '50ms',
      timeout: '60s',
    },
    'run-migrations': {
      'run-on': 'ecs-task',
      'ecs-cluster': 'prod',
      'ecs-container': 'app',
      'ecs-task-definition': 'long-job',
      'ecs-subnets': 'subnet-1',
      'ecs-security-groups': 'sg-1',
      command: 'alembic upgrade head',
      'task-timeout': '60s',
      // Its own lock wait sees the tasks the other cases leave: keep it short.
      'lock-timeout': '1s',
    },
  };

  const main = (name: keyof typeof parts, signal: NodeJS.Signals): Promise<DistRun> =>
    runDist(name, {
      inputs: parts[name],
      env: stack.env,
      killWhen: { pattern: /Started task [0-9a-f]{32}/, signal },
      timeoutMs: 60_000,
    });
  const post = (name: keyof typeof parts, state: Record<string, string>, extra = {}) =>
    runDist(`${name}-post`, {
      inputs: { ...parts[name], ...extra },
      env: stack.env,
      state,
      timeoutMs: 60_000,
    });
  const taskOf = async (arn: string) =>
    (await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [arn] }))).tasks?.[0];

  describe.each(Object.keys(parts) as (keyof typeof parts)[])('%s', (name) => {
    it('SIGKILL: main leaves the task running; post stops it, once', async () => {
      const killed = await main(name, 'SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      const saved = JSON.parse(killed.state['ecs-task'] ?? '{}') as { taskArn?: string };
      expect(saved).toMatchObject({ cluster: 'prod', taskArn: expect.stringMatching(/:task\//) });
      const arn = saved.taskArn ?? '';
      expect((await taskOf(arn))?.lastStatus).not.toBe('STOPPED');

      stack.requests.clear();
      const cleaned = await post(name, killed.state);
      expect(cleaned.exitCode).toBe(0);
      expect(cleaned.errors).toEqual([]);
      expect(cleaned.warnings.join('\n')).toContain(`Stopped task ${arn}`);
      expect(stack.requests.count('ecs', 'StopTask')).toBe(1);
      expect(await taskOf(arn)).toMatchObject({
        desiredStatus: 'STOPPED',
        stoppedReason: 'Stopped by the workflow: the step was cancelled or killed',
      });

      // A second post run (a re-run of the job's cleanup) finds it stopped and does nothing.
      await new Promise((resolve) => setTimeout(resolve, 300));
      stack.requests.clear();
      const again = await post(name, killed.state);
      expect(again.exitCode).toBe(0);
      expect(again.log).toMatch(/already STOPPED: nothing to stop/);
      expect(stack.requests.count('ecs', 'StopTask')).toBe(0);
    }, 90_000);

    it('SIGTERM: main stops its task itself and clears the record; post does nothing', async () => {
      const cancelled = await main(name, 'SIGTERM');
      expect(cancelled.exitCode).toBe(1);
      expect(cancelled.state['ecs-task']).toBe('');
      stack.requests.clear();
      const cleaned = await post(name, cancelled.state);
      expect(cleaned.exitCode).toBe(0);
      expect(cleaned.log).toContain('Nothing to clean up');
      expect(stack.requests.all()).toEqual([]);
    }, 90_000);

    it('post-cleanup: false leaves the task as it is', async () => {
      const killed = await main(name, 'SIGKILL');
      const arn = (JSON.parse(killed.state['ecs-task'] ?? '{}') as { taskArn?: string }).taskArn;
      stack.requests.clear();
      const kept = await post(name, killed.state, { 'post-cleanup': 'false' });
      expect(kept.exitCode).toBe(0);
      expect(kept.warnings.join('\n')).toMatch(/post-cleanup is false: task .* is left as it is/);
      expect(stack.requests.all()).toEqual([]);
      expect((await taskOf(arn ?? ''))?.desiredStatus).toBe('RUNNING');
      await post(name, killed.state); // leave nothing running for the next case
    }, 90_000);
  });
});
