import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ContainerDefinition,
} from '@aws-sdk/client-ecs';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { CancelledError } from '../../src/core/errors';
import type { LogLine } from '../../src/ecs/log-tail';
import { runOneOffTask, TaskFailedError } from '../../src/ecs/one-off-task';

const FAST = { initialDelayMs: 20, maxDelayMs: 50, jitter: 'none' as const };
const network = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } };

describe('local ECS one-off tasks and their CloudWatch logs', () => {
  let stack: LocalAws;
  let ecs: ECSClient;
  let logs: CloudWatchLogsClient;
  const config = (): {
    region: string;
    endpoint: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  } => ({
    region: stack.region,
    endpoint: stack.endpoint,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['ecs', 'logs'],
      timings: {
        'ecs.task.provisioning': 30,
        'ecs.task.pending': 30,
        'ecs.task.run': 200,
        'ecs.task.stopping': 30,
      },
    });
    ecs = new ECSClient(config());
    logs = new CloudWatchLogsClient(config());
    await ecs.send(new CreateClusterCommand({ clusterName: 'jobs' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }));
  });
  afterAll(() => stack.stop());

  const container = (
    name: string,
    env: Record<string, string>,
    extra: Partial<ContainerDefinition> = {},
  ): ContainerDefinition => ({
    name,
    image: `registry.local/app@sha256:${'a'.repeat(64)}`,
    essential: true,
    environment: Object.entries(env).map(([k, v]) => ({ name: k, value: v })),
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/ecs/app',
        'awslogs-region': 'us-east-1',
        'awslogs-stream-prefix': 'job',
      },
    },
    ...extra,
  });
  const register = async (family: string, containers: ContainerDefinition[]): Promise<string> => {
    const out = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: containers,
      }),
    );
    return out.taskDefinition?.taskDefinitionArn ?? '';
  };

  it('runs a task through PROVISIONING..STOPPED with exit codes and awslogs lines', async () => {
    const arn = await register('plain', [
      container('app', { LOCAL_ECS_LOG_LINES: 'a\nb', LOCAL_ECS_EXIT_CODE: '0' }),
    ]);
    expect(arn).toMatch(/:task-definition\/plain:1$/);
    await expect(
      ecs.send(
        new RunTaskCommand({ cluster: 'jobs', taskDefinition: 'plain', launchType: 'FARGATE' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      ecs.send(
        new RunTaskCommand({
          cluster: 'nope',
          taskDefinition: 'plain',
          networkConfiguration: network,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
    const run = await ecs.send(
      new RunTaskCommand({
        cluster: 'jobs',
        taskDefinition: 'plain',
        networkConfiguration: network,
        launchType: 'FARGATE',
        overrides: { containerOverrides: [{ name: 'app', command: ['migrate'] }] },
      }),
    );
    const task = run.tasks?.[0];
    expect(task?.lastStatus).toBe('PROVISIONING');
    expect(task?.taskArn).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/jobs\/[0-9a-f]{32}$/);
    const listed = await ecs.send(new ListTasksCommand({ cluster: 'jobs', family: 'plain' }));
    expect(listed.taskArns).toContain(task?.taskArn);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const described = await ecs.send(
      new DescribeTasksCommand({ cluster: 'jobs', tasks: [task?.taskArn ?? '', 'missing'] }),
    );
    expect(described.failures).toEqual([{ arn: 'missing', reason: 'MISSING' }]);
    expect(described.tasks?.[0]).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [expect.objectContaining({ name: 'app', exitCode: 0, lastStatus: 'STOPPED' })],
    });
    const taskId = task?.taskArn?.split('/').pop() ?? '';
    const events = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/ecs/app',
        logStreamName: `job/app/${taskId}`,
        startFromHead: true,
      }),
    );
    expect(events.events?.map((e) => e.message)).toEqual(['a', 'b']);
  });

  it('stops a task on StopTask (UserInitiated) and fails to start without its log group', async () => {
    await register('forever', [container('app', { LOCAL_ECS_RUN_MS: 'forever' })]);
    const run = await ecs.send(
      new RunTaskCommand({
        cluster: 'jobs',
        taskDefinition: 'forever',
        networkConfiguration: network,
      }),
    );
    const arn = run.tasks?.[0]?.taskArn ?? '';
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = await ecs.send(
      new StopTaskCommand({ cluster: 'jobs', task: arn, reason: 'enough' }),
    );
    expect(stopped.task?.desiredStatus).toBe('STOPPED');
    await new Promise((resolve) => setTimeout(resolve, 60));
    const described = await ecs.send(new DescribeTasksCommand({ cluster: 'jobs', tasks: [arn] }));
    expect(described.tasks?.[0]).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'enough',
    });
    expect(described.tasks?.[0]?.containers?.[0]?.exitCode).toBe(143);

    await register('nolog', [
      container(
        'app',
        {},
        {
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/missing', 'awslogs-stream-prefix': 'x' },
          },
        },
      ),
    ]);
    const failed = await ecs.send(
      new RunTaskCommand({
        cluster: 'jobs',
        taskDefinition: 'nolog',
        networkConfiguration: network,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    const out = await ecs.send(
      new DescribeTasksCommand({ cluster: 'jobs', tasks: [failed.tasks?.[0]?.taskArn ?? ''] }),
    );
    expect(out.tasks?.[0]).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(out.tasks?.[0]?.stoppedReason).toMatch(
      /^ResourceInitializationError: .*log group does not exist/,
    );
  });

  describe('runOneOffTask (src/ecs/one-off-task.ts)', () => {
    it('streams log lines in order and returns the exit codes; a new image registers a revision', async () => {
      await register('migrate', [
        container('app', {
          LOCAL_ECS_LOG_LINES: 'step 1\nstep 2\nstep 3',
          LOCAL_ECS_RUN_MS: '300',
        }),
        container('sidecar', { LOCAL_ECS_RUN_MS: 'forever' }, { essential: false }),
      ]);
      const lines: LogLine[] = [];
      stack.requests.clear();
      const result = await runOneOffTask({
        ecs,
        logs,
        cluster: 'jobs',
        taskDefinition: 'migrate',
        containerName: 'app',
        image: `registry.local/app@sha256:${'b'.repeat(64)}`,
        command: ['npm', 'run', 'migrate'],
        networkConfiguration: network,
        timeoutMs: 10_000,
        backoff: FAST,
        logSettleMs: 10,
        onLogLine: (line) => lines.push(line),
      });
      expect(lines.map((l) => `${l.container}: ${l.message}`)).toEqual([
        'app: step 1',
        'app: step 2',
        'app: step 3',
      ]);
      expect(result).toMatchObject({
        exitCodes: { app: 0, sidecar: 143 },
        stopCode: 'EssentialContainerExited',
        registered: true,
      });
      expect(result.taskDefinitionArn).toMatch(/migrate:2$/);
      expect(stack.requests.operations('ecs').slice(0, 3)).toEqual([
        'DescribeTaskDefinition',
        'RegisterTaskDefinition',
        'RunTask',
      ]);
      // The same image again: no new revision.
      const again = await runOneOffTask({
        ecs,
        cluster: 'jobs',
        taskDefinition: 'migrate',
        containerName: 'app',
        image: `registry.local/app@sha256:${'b'.repeat(64)}`,
        networkConfiguration: network,
        timeoutMs: 10_000,
        backoff: FAST,
      });
      expect(again.registered).toBe(false);
    });

    it('throws TaskFailedError naming the container and exit code', async () => {
      await register('failing', [
        container('app', { LOCAL_ECS_LOG_LINES: 'boom', LOCAL_ECS_EXIT_CODE: '3' }),
      ]);
      const lines: string[] = [];
      const error = await runOneOffTask({
        ecs,
        logs,
        cluster: 'jobs',
        taskDefinition: 'failing',
        containerName: 'app',
        networkConfiguration: network,
        timeoutMs: 10_000,
        backoff: FAST,
        logSettleMs: 10,
        onLogLine: (line) => lines.push(line.message),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TaskFailedError);
      expect((error as Error).message).toMatch(
        /container app exited with code 3 \(stopped: EssentialContainerExited/,
      );
      expect(lines).toEqual(['boom']);
    });

    it('stops the task when the signal aborts', async () => {
      await register('long', [
        container('app', { LOCAL_ECS_RUN_MS: 'forever', LOCAL_ECS_LOG_LINES: 'working' }),
      ]);
      const controller = new AbortController();
      stack.requests.clear();
      const lines: string[] = [];
      const promise = runOneOffTask({
        ecs,
        logs,
        cluster: 'jobs',
        taskDefinition: 'long',
        containerName: 'app',
        networkConfiguration: network,
        timeoutMs: 10_000,
        backoff: FAST,
        signal: controller.signal,
        onLogLine: (line) => {
          lines.push(line.message);
          controller.abort(new Error('cancelled'));
        },
      });
      await expect(promise).rejects.toBeInstanceOf(CancelledError);
      expect(lines).toEqual(['working']);
      expect(stack.requests.count('ecs', 'StopTask')).toBe(1);
      const arn = (
        await ecs.send(
          new ListTasksCommand({ cluster: 'jobs', family: 'long', desiredStatus: 'STOPPED' }),
        )
      ).taskArns?.[0];
      await new Promise((resolve) => setTimeout(resolve, 60));
      const task = (
        await ecs.send(new DescribeTasksCommand({ cluster: 'jobs', tasks: [arn ?? ''] }))
      ).tasks?.[0];
      expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated' });
    });
  });
});
