import type { Deployment, ECSClient } from '@aws-sdk/client-ecs';
import type { Clock } from '../../../src/core/clock';
import { CancelledError, UnknownStateError, WaitTimeoutError } from '../../../src/core/errors';
import {
  DeploymentRolledBackError,
  waitForServiceDeployment,
} from '../../../src/ecs/service-deployment';

const TD = (rev: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${rev}`;

/** A fake clock: sleeping advances time at once (tests never wait). */
function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(new Error('aborted'));
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

/** An ECS client stub at the module boundary: DescribeServices answers from a script, DescribeTaskDefinition from a table. */
function fakeEcs(script: Deployment[][]): ECSClient & { calls: string[] } {
  const calls: string[] = [];
  let index = 0;
  const send = (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    calls.push(name);
    if (name === 'DescribeServices') {
      const deployments = script[Math.min(index++, script.length - 1)] ?? [];
      const primary = deployments.find((d) => d.status === 'PRIMARY');
      return Promise.resolve({
        services: [
          {
            serviceName: 'web',
            status: 'ACTIVE',
            taskDefinition: primary?.taskDefinition,
            deployments,
          },
        ],
      });
    }
    if (name === 'DescribeTaskDefinition') {
      const ref = String(command.input.taskDefinition);
      return Promise.resolve({
        taskDefinition: {
          taskDefinitionArn: ref,
          containerDefinitions: [{ name: 'app', image: `img-${ref.split(':').pop() ?? ''}` }],
        },
      });
    }
    return Promise.reject(new Error(`unexpected ${name}`));
  };
  return { send, calls } as unknown as ECSClient & { calls: string[] };
}

const d = (
  id: string,
  status: string,
  rolloutState: string,
  rev: number,
  running = 0,
  extra: Partial<Deployment> = {},
): Deployment =>
  ({
    id,
    status,
    rolloutState,
    taskDefinition: TD(rev),
    desiredCount: 2,
    runningCount: running,
    ...extra,
  }) as Deployment;

const watch = (ecs: ECSClient, clock: Clock, extra: Record<string, unknown> = {}) =>
  waitForServiceDeployment({
    ecs,
    cluster: 'prod',
    service: 'web',
    deploymentId: 'ecs-svc/2',
    taskDefinitionArn: TD(2),
    timeoutMs: 60_000,
    backoff: { initialDelayMs: 1000, maxDelayMs: 4000, jitter: 'none' },
    clock,
    ...extra,
  });

describe('waitForServiceDeployment', () => {
  it('waits until the deployment is PRIMARY, COMPLETED and fully running', async () => {
    const ecs = fakeEcs([
      [d('ecs-svc/2', 'PRIMARY', 'IN_PROGRESS', 2), d('ecs-svc/1', 'ACTIVE', 'COMPLETED', 1, 2)],
      [d('ecs-svc/2', 'PRIMARY', 'IN_PROGRESS', 2, 1), d('ecs-svc/1', 'ACTIVE', 'COMPLETED', 1, 1)],
      [d('ecs-svc/2', 'PRIMARY', 'COMPLETED', 2, 1)],
      [d('ecs-svc/2', 'PRIMARY', 'COMPLETED', 2, 2)],
    ]);
    const clock = fakeClock();
    const done = await watch(ecs, clock);
    expect(done.deployment.id).toBe('ecs-svc/2');
    expect(ecs.calls).toEqual([
      'DescribeServices',
      'DescribeServices',
      'DescribeServices',
      'DescribeServices',
    ]);
    // Progress (a new running count) restarts the delay schedule.
    expect(clock.slept).toEqual([1000, 1000, 1000]);
  });

  it('reports a circuit-breaker rollback with what the service rolls back to', async () => {
    const ecs = fakeEcs([
      [d('ecs-svc/2', 'PRIMARY', 'IN_PROGRESS', 2), d('ecs-svc/1', 'ACTIVE', 'COMPLETED', 1, 2)],
      [
        d('ecs-svc/1', 'PRIMARY', 'IN_PROGRESS', 1, 2),
        d('ecs-svc/2', 'ACTIVE', 'FAILED', 2, 0, {
          rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
        }),
      ],
    ]);
    const error = await watch(ecs, fakeClock()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentRolledBackError);
    expect((error as Error).message).toBe(
      'Deployment ecs-svc/2 of web:2 to service web failed: ECS deployment circuit breaker: tasks failed to start.; the service is rolling back to web:1 (app=img-1)',
    );
    expect((error as DeploymentRolledBackError).runningNow).toEqual({
      taskDefinitionArn: TD(1),
      images: { app: 'img-1' },
      state: 'rolling back',
    });
  });

  it('fails when the deployment disappears or another one takes over', async () => {
    const gone = fakeEcs([[d('ecs-svc/1', 'PRIMARY', 'COMPLETED', 1, 2)]]);
    await expect(watch(gone, fakeClock())).rejects.toThrow(
      /the deployment was removed from the service.*the service now runs web:1 \(app=img-1\)/,
    );
    const replaced = fakeEcs([
      [d('ecs-svc/3', 'PRIMARY', 'IN_PROGRESS', 3), d('ecs-svc/2', 'ACTIVE', 'IN_PROGRESS', 2)],
    ]);
    await expect(watch(replaced, fakeClock())).rejects.toThrow(
      /another deployment took over \(this one is ACTIVE\)/,
    );
  });

  it('never reports an id UpdateService named as done when that deployment runs another revision', async () => {
    // UpdateService answered with the old deployment's id: the service runs web:1, not web:2.
    const stale = fakeEcs([[d('ecs-svc/1', 'PRIMARY', 'COMPLETED', 1, 2)]]);
    await expect(watch(stale, fakeClock(), { deploymentId: 'ecs-svc/1' })).rejects.toThrow(
      /no deployment of web:2 .*the service now runs web:1 \(app=img-1\)/,
    );
    // ... while the deployment of this revision exists: that one is followed to its end.
    const ours = fakeEcs([
      [d('ecs-svc/2', 'PRIMARY', 'IN_PROGRESS', 2), d('ecs-svc/1', 'ACTIVE', 'COMPLETED', 1, 2)],
      [d('ecs-svc/2', 'PRIMARY', 'COMPLETED', 2, 2)],
    ]);
    const done = await watch(ours, fakeClock(), { deploymentId: 'ecs-svc/1' });
    expect(done.deployment).toMatchObject({ id: 'ecs-svc/2', taskDefinition: TD(2) });
    expect(ours.calls).toEqual(['DescribeServices', 'DescribeServices']);
  });

  it('fails at once on a rollout state ECS does not document', async () => {
    const ecs = fakeEcs([
      [d('ecs-svc/2', 'PRIMARY', 'IN_PROGRESS', 2)],
      [d('ecs-svc/2', 'PRIMARY', 'Completed', 2, 1)],
    ]);
    const error = await watch(ecs, fakeClock()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownStateError);
    expect((error as Error).message).toMatch(/"Completed".*\(COMPLETED, FAILED, IN_PROGRESS\)/);
    expect(ecs.calls).toEqual(['DescribeServices', 'DescribeServices']);
  });

  it('finds the deployment by task definition when no id is known (Express Mode)', async () => {
    const ecs = fakeEcs([
      [d('ecs-svc/1', 'PRIMARY', 'COMPLETED', 1, 2)],
      [d('ecs-svc/9', 'PRIMARY', 'IN_PROGRESS', 2), d('ecs-svc/1', 'ACTIVE', 'COMPLETED', 1, 2)],
      [d('ecs-svc/9', 'PRIMARY', 'COMPLETED', 2, 2)],
    ]);
    const done = await watch(ecs, fakeClock(), { deploymentId: undefined });
    expect(done.deployment.id).toBe('ecs-svc/9');
  });

  it('times out with the last state, and stops on cancellation', async () => {
    const stuck = fakeEcs([[d('ecs-svc/2', 'PRIMARY', 'IN_PROGRESS', 2, 0, { failedTasks: 4 })]]);
    const timeout = await watch(stuck, fakeClock(), { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(WaitTimeoutError);
    expect((timeout as WaitTimeoutError).lastState).toBe(
      'IN_PROGRESS, 0/2 tasks running, 4 failed',
    );
    const controller = new AbortController();
    controller.abort();
    await expect(watch(stuck, fakeClock(), { signal: controller.signal })).rejects.toBeInstanceOf(
      CancelledError,
    );
  });
});
