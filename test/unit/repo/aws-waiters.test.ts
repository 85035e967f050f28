import type { Deployment, ECSClient, Service, Task } from '@aws-sdk/client-ecs';
import type { Clock } from '../../../src/core/clock';
import { DeploymentFailedError } from '../../../src/core/errors';
import { runOneOffTask } from '../../../src/ecs/one-off-task';
import { waitForServiceDeployment } from '../../../src/ecs/service-deployment';
import { Cdn } from '../../../src/invalidate-cdn/invalidation';
import { sequence, startFixtureServer } from '../../support/http-fixtures';
import { hasBotocore, loadWaiters, type Acceptor } from '../../support/service-model';

// The product's waits against AWS's published waiter definitions (botocore's waiters-2.json):
// every success state the waiter accepts ends the product's wait as done, every failure state
// ends it at once as failed. The acceptors are listed here as read, so that a change in AWS's
// definitions fails this test and is looked at.
//
// Waits with no published waiter: App Runner operations (the App Runner model has no waiters)
// and ECS Express Mode services (no waiter for DescribeExpressGatewayService).

if (process.env.CI && !hasBotocore()) {
  throw new Error('python3-botocore is missing (.ci/install-system.sh installs it)');
}

function fakeClock(): Clock {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

const NO_JITTER = { initialDelayMs: 1000, maxDelayMs: 1000, jitter: 'none' as const };
const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2';

/** An ECS client stub at the module boundary, answering each command from `answers`. */
function fakeEcs(answers: Record<string, (n: number) => unknown>): ECSClient & { calls: string[] } {
  const calls: string[] = [];
  const send = (command: { constructor: { name: string } }): Promise<unknown> => {
    const name = command.constructor.name.replace(/Command$/, '');
    calls.push(name);
    const answer = answers[name];
    if (answer === undefined) return Promise.reject(new Error(`unexpected ${name}`));
    return Promise.resolve(answer(calls.filter((c) => c === name).length));
  };
  return { send, calls } as unknown as ECSClient & { calls: string[] };
}

const states = (acceptors: Acceptor[], state: Acceptor['state']): Acceptor[] =>
  acceptors.filter((a) => a.state === state);

(hasBotocore() ? describe : describe.skip)('waits follow AWS published waiters', () => {
  const cloudfront = hasBotocore() ? loadWaiters('cloudfront') : {};
  const ecs = hasBotocore() ? loadWaiters('ecs') : {};

  it('the waiters the product mirrors are the ones read here', () => {
    expect(cloudfront.InvalidationCompleted?.operation).toBe('GetInvalidation');
    expect(cloudfront.InvalidationCompleted?.acceptors).toEqual([
      { expected: 'Completed', matcher: 'path', state: 'success', argument: 'Invalidation.Status' },
    ]);
    expect(ecs.ServicesStable?.operation).toBe('DescribeServices');
    expect(ecs.ServicesStable?.acceptors).toEqual([
      { expected: 'MISSING', matcher: 'pathAny', state: 'failure', argument: 'failures[].reason' },
      { expected: 'DRAINING', matcher: 'pathAny', state: 'failure', argument: 'services[].status' },
      { expected: 'INACTIVE', matcher: 'pathAny', state: 'failure', argument: 'services[].status' },
      {
        expected: true,
        matcher: 'path',
        state: 'success',
        argument:
          'length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`',
      },
    ]);
    expect(ecs.TasksStopped?.operation).toBe('DescribeTasks');
    expect(ecs.TasksStopped?.acceptors).toEqual([
      { expected: 'STOPPED', matcher: 'pathAll', state: 'success', argument: 'tasks[].lastStatus' },
    ]);
  });

  it('invalidate-cdn: InvalidationCompleted success states end the wait as done (over HTTP)', async () => {
    const previous = { ...process.env };
    process.env.AWS_ACCESS_KEY_ID = 'AKIATEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    try {
      for (const acceptor of states(cloudfront.InvalidationCompleted!.acceptors, 'success')) {
        expect(acceptor.argument).toBe('Invalidation.Status');
        const xml = (status: string): { headers: Record<string, string>; body: string } => ({
          headers: { 'content-type': 'text/xml' },
          body: `<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I1</Id><Status>${status}</Status><CreateTime>2026-12-04T10:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/a</Path></Items></Paths><CallerReference>r</CallerReference></InvalidationBatch></Invalidation>`,
        });
        const server = await startFixtureServer({
          routes: {
            '/2020-05-31/distribution/D1/invalidation/I1': sequence(
              xml('InProgress'),
              xml(String(acceptor.expected)),
            ),
          },
        });
        try {
          const cdn = new Cdn(
            { region: 'us-east-1', endpoint: server.origin, maxAttempts: 1, retryMode: 'standard', action: 'test' }, // prettier-ignore
            { timeoutMs: 60_000, pollIntervalMs: 1000, clock: fakeClock() },
          );
          const done = await cdn.waitCompleted({
            distributionId: 'D1',
            id: 'I1',
            status: 'InProgress',
          });
          cdn.destroy();
          expect(done.status).toBe(acceptor.expected);
          expect(server.requests).toHaveLength(2);
        } finally {
          await server.close();
        }
      }
      // No failure state is published: nothing else may end the wait as failed by the waiter's rules.
      expect(states(cloudfront.InvalidationCompleted!.acceptors, 'failure')).toEqual([]);
    } finally {
      process.env = previous;
    }
  });

  describe('deploy-ecs: ServicesStable', () => {
    const deployment = (extra: Partial<Deployment> = {}): Deployment => ({
      id: 'ecs-svc/2',
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      taskDefinition: TD,
      desiredCount: 2,
      runningCount: 2,
      ...extra,
    });
    const service = (extra: Partial<Service> = {}): Service => ({
      serviceName: 'web',
      status: 'ACTIVE',
      taskDefinition: TD,
      desiredCount: 2,
      runningCount: 2,
      deployments: [deployment()],
      ...extra,
    });
    const watch = (answer: (n: number) => unknown) => {
      const client = fakeEcs({
        DescribeServices: answer,
        DescribeTaskDefinition: () => ({ taskDefinition: { taskDefinitionArn: TD, containerDefinitions: [] } }), // prettier-ignore
      });
      const run = waitForServiceDeployment({
        ecs: client,
        cluster: 'prod',
        service: 'web',
        deploymentId: 'ecs-svc/2',
        taskDefinitionArn: TD,
        timeoutMs: 60_000,
        backoff: NO_JITTER,
        clock: fakeClock(),
      });
      return { client, run };
    };

    it.each(
      hasBotocore()
        ? states(ecs.ServicesStable!.acceptors, 'failure').map((a) => [String(a.expected), a])
        : [],
    )('a failure state (%s) fails the wait at the first answer', async (_name, acceptor) => {
      const answer =
        acceptor.argument === 'failures[].reason'
          ? { services: [], failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web', reason: acceptor.expected }] } // prettier-ignore
          : { services: [service({ status: String(acceptor.expected) })], failures: [] };
      expect(['failures[].reason', 'services[].status']).toContain(acceptor.argument);
      const { client, run } = watch(() => answer);
      await expect(run).rejects.toBeInstanceOf(DeploymentFailedError);
      await expect(run).rejects.toThrow(String(acceptor.expected));
      expect(client.calls.filter((c) => c === 'DescribeServices')).toHaveLength(1);
    });

    it('the success state (one deployment, running = desired) ends the wait as done', async () => {
      // The waiter's own condition, evaluated on the answer the stub gives.
      const stable = (s: Service): boolean =>
        (s.deployments ?? []).length === 1 && s.runningCount === s.desiredCount;
      const rolling = service({
        runningCount: 1,
        deployments: [
          deployment({ rolloutState: 'IN_PROGRESS', runningCount: 1 }),
          deployment({ id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: TD.replace(':2', ':1'), runningCount: 1 }), // prettier-ignore
        ],
      });
      expect(stable(rolling)).toBe(false);
      expect(stable(service())).toBe(true);
      const { client, run } = watch((n) => ({ services: [n === 1 ? rolling : service()], failures: [] })); // prettier-ignore
      const done = await run;
      expect(done.deployment.id).toBe('ecs-svc/2');
      expect(client.calls.filter((c) => c === 'DescribeServices')).toHaveLength(2);
    });
  });

  describe('deploy-ecs and run-migrations one-off tasks: TasksStopped', () => {
    const taskArn = 'arn:aws:ecs:us-east-1:123456789012:task/jobs/0123456789abcdef';
    const run = (describe: (n: number) => unknown) =>
      runOneOffTask({
        ecs: fakeEcs({
          DescribeTaskDefinition: () => ({
            taskDefinition: { taskDefinitionArn: TD, containerDefinitions: [{ name: 'app', essential: true }] }, // prettier-ignore
          }),
          RunTask: () => ({ tasks: [{ taskArn, lastStatus: 'PROVISIONING' }], failures: [] }),
          DescribeTasks: describe,
          StopTask: () => ({}),
        }),
        cluster: 'jobs',
        taskDefinition: TD,
        containerName: 'app',
        command: ['migrate'],
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
        timeoutMs: 60_000,
        backoff: NO_JITTER,
        logSettleMs: 0,
        clock: fakeClock(),
      });

    it('the success state (every task STOPPED) ends the wait', async () => {
      for (const acceptor of hasBotocore() ? states(ecs.TasksStopped!.acceptors, 'success') : []) {
        expect(acceptor.argument).toBe('tasks[].lastStatus');
        const task = (lastStatus: string): Task => ({
          taskArn,
          lastStatus,
          containers: [{ name: 'app', exitCode: lastStatus === 'STOPPED' ? 0 : undefined }],
        });
        const result = await run((n) => ({ tasks: [task(n === 1 ? 'RUNNING' : String(acceptor.expected))], failures: [] })); // prettier-ignore
        expect(result.exitCodes).toEqual({ app: 0 });
      }
    });

    it('a task ECS no longer knows (MISSING, a failure of the TasksRunning waiter) fails the wait at once', async () => {
      expect(ecs.TasksRunning?.acceptors).toContainEqual({ expected: 'MISSING', matcher: 'pathAny', state: 'failure', argument: 'failures[].reason' }); // prettier-ignore
      await expect(run(() => ({ tasks: [], failures: [{ arn: taskArn, reason: 'MISSING' }] }))).rejects.toThrow(/MISSING/); // prettier-ignore
    });
  });
});
