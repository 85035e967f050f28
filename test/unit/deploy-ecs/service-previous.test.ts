import type { ECSClient } from '@aws-sdk/client-ecs';
import type { Clock } from '../../../src/core/clock';
import { deployService } from '../../../src/ecs/service-deploy';

const TD = (rev: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/shop:${rev}`;
const clock: Clock = { now: () => 0, sleep: () => Promise.resolve() };

/**
 * An ECS client stub at the module boundary: the service runs shop:1 (web=A), a file deploys
 * web=B. Every call is recorded so the test can count them.
 */
function fakeEcs(): ECSClient & { calls: string[] } {
  const calls: string[] = [];
  const definitions: Record<string, { name: string; image: string }[]> = {
    [TD(1)]: [
      { name: 'web', image: 'app@sha256:aaaa' },
      { name: 'api', image: 'api@sha256:1111' },
    ],
  };
  let described = 0;
  const send = (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    calls.push(name);
    if (name === 'DescribeServices') {
      described += 1;
      const done = described > 1;
      return Promise.resolve({
        services: [
          {
            serviceName: 'shop',
            serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/shop',
            status: 'ACTIVE',
            taskDefinition: done ? TD(2) : TD(1),
            deployments: [
              {
                id: done ? 'ecs-svc/2' : 'ecs-svc/1',
                status: 'PRIMARY',
                rolloutState: 'COMPLETED',
                taskDefinition: done ? TD(2) : TD(1),
                desiredCount: 1,
                runningCount: 1,
              },
            ],
          },
        ],
      });
    }
    if (name === 'DescribeTaskDefinition') {
      const ref = String(command.input.taskDefinition);
      const containers = definitions[ref];
      if (containers === undefined) {
        return Promise.reject(Object.assign(new Error('not found'), { name: 'ClientException' }));
      }
      return Promise.resolve({
        taskDefinition: {
          taskDefinitionArn: ref,
          family: 'shop',
          containerDefinitions: containers,
        },
      });
    }
    if (name === 'RegisterTaskDefinition') {
      return Promise.resolve({ taskDefinition: { ...command.input, taskDefinitionArn: TD(2) } });
    }
    if (name === 'UpdateService') {
      return Promise.resolve({
        service: { deployments: [{ id: 'ecs-svc/2', status: 'PRIMARY' }] },
      });
    }
    return Promise.reject(new Error(`unexpected ${name}`));
  };
  return { send, calls } as unknown as ECSClient & { calls: string[] };
}

describe('deploy-ecs service mode: previous images', () => {
  it('names what the service ran before, not the images of the task-definition file', async () => {
    const ecs = fakeEcs();
    const result = await deployService({
      ecs,
      cluster: 'prod',
      service: 'shop',
      // The file in the repository still names an old image for web (and api).
      definition: {
        family: 'shop',
        containerDefinitions: [
          { name: 'web', image: 'app@sha256:ffff' },
          { name: 'api', image: 'api@sha256:eeee' },
        ],
      },
      images: new Map([['web', 'app@sha256:bbbb']]),
      imagesInput: 'container',
      timeoutMs: 10_000,
      clock,
    });
    expect(result.status).toBe('deployed');
    expect(result.taskDefinitionArn).toBe(TD(2));
    expect(result.previousTaskDefinitionArn).toBe(TD(1));
    expect(result.changes).toEqual([
      { container: 'web', previous: 'app@sha256:aaaa', image: 'app@sha256:bbbb' },
    ]);
    // One DescribeServices before the update (reused for the previous values), one poll after.
    expect(ecs.calls.filter((c) => c === 'DescribeServices')).toHaveLength(2);
    expect(ecs.calls.filter((c) => c === 'DescribeTaskDefinition')).toHaveLength(2);
  });

  it('leaves previous empty for a container the running definition does not have', async () => {
    const ecs = fakeEcs();
    const result = await deployService({
      ecs,
      cluster: 'prod',
      service: 'shop',
      definition: {
        family: 'shop',
        containerDefinitions: [
          { name: 'web', image: 'app@sha256:ffff' },
          { name: 'worker', image: 'worker@sha256:ffff' },
        ],
      },
      images: new Map([
        ['web', 'app@sha256:bbbb'],
        ['worker', 'worker@sha256:cccc'],
      ]),
      imagesInput: 'images',
      timeoutMs: 10_000,
      clock,
    });
    expect(result.changes).toEqual([
      { container: 'web', previous: 'app@sha256:aaaa', image: 'app@sha256:bbbb' },
      { container: 'worker', previous: '', image: 'worker@sha256:cccc' },
    ]);
  });
});
