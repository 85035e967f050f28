import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { EcsService } from '../../local-aws/services/ecs';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';

const image = (c: string): string => `registry.local/app@sha256:${c.repeat(64)}`;
const network = { awsvpcConfiguration: { subnets: ['subnet-1'] } };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('local ECS: tags, stopped tasks of failed deployments, strategies, CODE_DEPLOY', () => {
  let stack: LocalAws;
  let ecs: ECSClient;
  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['ecs', 'logs'],
      timings: { 'ecs.deployment': 100, 'ecs.deployment.stage': 50, 'ecs.deployment.minute': 50 },
    });
    ecs = new ECSClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
  });
  afterAll(() => stack.stop());

  const service = async (name: string, extra: Record<string, unknown> = {}): Promise<string> => {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: name,
        containerDefinitions: [
          { name: 'app', image: image('1'), portMappings: [{ containerPort: 80 }] },
        ],
      }),
    );
    const out = await ecs.send(
      new CreateServiceCommand({
        cluster: 'c1',
        serviceName: name,
        taskDefinition: name,
        desiredCount: 1,
        networkConfiguration: network,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        ...extra,
      }),
    );
    await sleep(150);
    return out.service?.serviceArn ?? '';
  };
  const newRevision = async (name: string, img: string): Promise<string> =>
    (
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: name,
          containerDefinitions: [
            { name: 'app', image: img, portMappings: [{ containerPort: 80 }] },
          ],
        }),
      )
    ).taskDefinition?.taskDefinitionArn ?? '';

  it('tags services, refusing reserved keys', async () => {
    const arn = await service('tagged', { tags: [{ key: 'team', value: 'a' }] });
    await ecs.send(
      new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'env', value: 'prod' }] }),
    );
    const tags = await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(tags.tags).toEqual([
      { key: 'team', value: 'a' },
      { key: 'env', value: 'prod' },
    ]);
    await expect(
      ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'aws:x', value: '1' }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('leaves the failed deployment tasks STOPPED, listed by serviceName', async () => {
    await service('failing');
    stack.workloads.markUnhealthy(image('9'));
    const update = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'c1',
        service: 'failing',
        taskDefinition: await newRevision('failing', image('9')),
      }),
    );
    const failedId = update.service?.deployments?.[0]?.id;
    await sleep(250);
    const listed = await ecs.send(
      new ListTasksCommand({ cluster: 'c1', serviceName: 'failing', desiredStatus: 'STOPPED' }),
    );
    const tasks = await ecs.send(
      new DescribeTasksCommand({ cluster: 'c1', tasks: listed.taskArns ?? [] }),
    );
    expect(tasks.tasks?.length).toBe(3);
    for (const task of tasks.tasks ?? []) {
      expect(task).toMatchObject({
        lastStatus: 'STOPPED',
        group: 'service:failing',
        startedBy: failedId,
        stopCode: 'ServiceSchedulerInitiated',
      });
      expect(task.stoppedReason).toMatch(
        /^Task failed ELB health checks in \(target-group arn:aws:elasticloadbalancing:/,
      );
    }
  });

  it('walks a BLUE_GREEN deployment through its lifecycle stages to SUCCESSFUL', async () => {
    await service('bg');
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'c1',
        service: 'bg',
        taskDefinition: await newRevision('bg', image('2')),
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 10 },
      }),
    );
    const listed = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'c1', service: 'bg' }),
    );
    const arn = listed.serviceDeployments?.[0]?.serviceDeploymentArn ?? '';
    expect(arn).toMatch(/:service-deployment\/c1\/bg\/\d+$/);
    const seen: string[] = [];
    for (let i = 0; i < 200; i++) {
      const out = await ecs.send(
        new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
      );
      const d = out.serviceDeployments?.[0];
      if (d?.lifecycleStage !== undefined && seen.at(-1) !== d.lifecycleStage)
        seen.push(d.lifecycleStage);
      if (d?.status === 'SUCCESSFUL') break;
      await sleep(10);
    }
    // Stages of 50 ms may pass between two reads; the bake time (500 ms) and the end are seen,
    // in ECS's order.
    const order = [
      'RECONCILE_SERVICE',
      'PRE_SCALE_UP',
      'SCALE_UP',
      'POST_SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'POST_TEST_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT',
      'POST_PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME',
      'CLEAN_UP',
    ];
    const indexes = seen.map((stage) => order.indexOf(stage));
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(indexes).not.toContain(-1);
    expect(seen).toContain('BAKE_TIME');
    expect(seen.at(-1)).toBe('CLEAN_UP');
  });

  it('rolls a deployment back when its alarm goes into ALARM', async () => {
    await service('alarmed');
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'c1',
        service: 'alarmed',
        taskDefinition: await newRevision('alarmed', image('3')),
        deploymentConfiguration: {
          strategy: 'CANARY',
          canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 },
          alarms: { alarmNames: ['errors'], enable: true, rollback: true },
        },
      }),
    );
    await sleep(150);
    stack.service<EcsService>('ecs').serviceDeployments.alarms.set('errors', 'ALARM');
    await sleep(300);
    const listed = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'c1', service: 'alarmed' }),
    );
    const out = await ecs.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: [listed.serviceDeployments?.[0]?.serviceDeploymentArn ?? ''],
      }),
    );
    expect(out.serviceDeployments?.[0]).toMatchObject({
      status: expect.stringMatching(/^ROLLBACK_(IN_PROGRESS|SUCCESSFUL)$/),
      alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['errors'] },
      rollback: { reason: expect.stringContaining('errors') },
    });
  });

  it.each([
    [{ strategy: 'RED_BLACK' }, /Invalid deployment strategy/],
    [{ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 2000 }, /bakeTimeInMinutes/],
    [{ strategy: 'LINEAR', linearConfiguration: { stepPercent: 1 } }, /stepPercent/],
  ])('refuses deploymentConfiguration %j', async (deploymentConfiguration, message) => {
    await expect(
      ecs.send(
        new UpdateServiceCommand({
          cluster: 'c1',
          service: 'bg',
          deploymentConfiguration: deploymentConfiguration as never,
        }),
      ),
    ).rejects.toThrow(message);
  });

  it('refuses a new task definition on a CODE_DEPLOY service, as ECS does', async () => {
    await service('cd', { deploymentController: { type: 'CODE_DEPLOY' } });
    await expect(
      ecs.send(
        new UpdateServiceCommand({
          cluster: 'c1',
          service: 'cd',
          taskDefinition: await newRevision('cd', image('4')),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('CODE_DEPLOY deployment controller'),
    });
  });
});
