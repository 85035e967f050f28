import {
  CreateClusterCommand,
  CreateExpressGatewayServiceCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateExpressGatewayServiceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';

const image = (c: string): string => `registry.local/app@sha256:${c.repeat(64)}`;
const network = { awsvpcConfiguration: { subnets: ['subnet-1'] } };
/** Deployment time: long enough to observe a rollout in progress on a busy machine. */
const D = 400;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('local ECS services, deployments and Express Mode', () => {
  let stack: LocalAws;
  let ecs: ECSClient;
  beforeAll(async () => {
    stack = await startLocalAws({ only: ['ecs', 'logs'], timings: { 'ecs.deployment': D } });
    ecs = new ECSClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
  });
  afterAll(() => stack.stop());

  const register = async (family: string, img: string): Promise<string> =>
    (
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family,
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE'],
          cpu: '256',
          memory: '512',
          containerDefinitions: [
            { name: 'app', image: img, portMappings: [{ containerPort: 80 }] },
          ],
        }),
      )
    ).taskDefinition?.taskDefinitionArn ?? '';
  const describe1 = async (name: string) =>
    (await ecs.send(new DescribeServicesCommand({ cluster: 'c1', services: [name] })))
      .services?.[0];

  it('registers revisions and validates task definitions like ECS', async () => {
    expect(await register('fam', image('1'))).toMatch(/task-definition\/fam:1$/);
    expect(await register('fam', image('2'))).toMatch(/task-definition\/fam:2$/);
    const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'fam' }));
    expect(latest.taskDefinition).toMatchObject({ revision: 2, status: 'ACTIVE' });
    await expect(
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'fam:9' })),
    ).rejects.toMatchObject({
      name: 'ClientException',
    });
    await expect(
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'x',
          requiresCompatibilities: ['FARGATE'],
          containerDefinitions: [{ name: 'a', image: 'i' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ClientException',
      message: 'Fargate only supports network mode ‘awsvpc’.',
    });
    const clusters = await ecs.send(new DescribeClustersCommand({ clusters: ['c1', 'nope'] }));
    expect(clusters.clusters?.[0]?.clusterName).toBe('c1');
    expect(clusters.failures?.[0]?.reason).toBe('MISSING');
  });

  it('rolls a deployment out: PRIMARY IN_PROGRESS, then COMPLETED with the old one gone', async () => {
    const v1 = await register('svc', image('1'));
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'c1',
        serviceName: 'svc',
        taskDefinition: v1,
        desiredCount: 2,
        networkConfiguration: network,
      }),
    );
    await expect(
      ecs.send(
        new CreateServiceCommand({
          cluster: 'c1',
          serviceName: 'svc',
          taskDefinition: v1,
          networkConfiguration: network,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Creation of service was not idempotent.',
    });
    await sleep(D + 100);
    expect(await describe1('svc')).toMatchObject({
      runningCount: 2,
      deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED' }],
    });
    const v2 = await register('svc', image('2'));
    const updated = await ecs.send(
      new UpdateServiceCommand({ cluster: 'c1', service: 'svc', taskDefinition: v2 }),
    );
    expect(
      updated.service?.deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition]),
    ).toEqual([
      ['PRIMARY', 'IN_PROGRESS', v2],
      ['ACTIVE', 'COMPLETED', v1],
    ]);
    await sleep(D + 100);
    const done = await describe1('svc');
    expect(done?.deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition])).toEqual([
      ['PRIMARY', 'COMPLETED', v2],
    ]);
    expect(done?.deployments?.[0]?.rolloutStateReason).toMatch(
      /^ECS deployment ecs-svc\/\d+ completed\.$/,
    );
    expect(stack.workloads.get('ecs:c1/svc')?.release?.image).toBe(image('2'));
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 'none', taskDefinition: v2 })),
    ).rejects.toMatchObject({
      name: 'ServiceNotFoundException',
    });
  });

  it('fails an unhealthy deployment with the circuit breaker and rolls back to the last completed one', async () => {
    const good = await register('cb', image('3'));
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'c1',
        serviceName: 'cb',
        taskDefinition: good,
        networkConfiguration: network,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    await sleep(D + 100);
    stack.workloads.markUnhealthy(image('4'));
    const bad = await register('cb', image('4'));
    await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 'cb', taskDefinition: bad }));
    await sleep(D + 50);
    const failing = await describe1('cb');
    expect(failing?.taskDefinition).toBe(good);
    expect(failing?.deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition])).toEqual([
      ['PRIMARY', 'IN_PROGRESS', good],
      ['ACTIVE', 'FAILED', bad],
    ]);
    expect(failing?.deployments?.[1]?.rolloutStateReason).toBe(
      'ECS deployment circuit breaker: tasks failed to start.',
    );
    await sleep(D + 50);
    expect(
      (await describe1('cb'))?.deployments?.map((d) => [
        d.status,
        d.rolloutState,
        d.taskDefinition,
      ]),
    ).toEqual([['PRIMARY', 'COMPLETED', good]]);
    expect(stack.workloads.get('ecs:c1/cb')?.release?.image).toBe(image('3'));
  });

  it('keeps a failing deployment IN_PROGRESS without the circuit breaker', async () => {
    const good = await register('nocb', image('5'));
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'c1',
        serviceName: 'nocb',
        taskDefinition: good,
        networkConfiguration: network,
      }),
    );
    await sleep(D + 100);
    stack.workloads.markUnhealthy(image('6'));
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'c1',
        service: 'nocb',
        taskDefinition: await register('nocb', image('6')),
      }),
    );
    await sleep(2 * D + 100);
    const service = await describe1('nocb');
    expect(service?.deployments?.[0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
    });
    expect(service?.deployments?.[0]?.failedTasks).toBeGreaterThan(0);
  });

  it('creates, updates and describes Express Mode services with active configurations', async () => {
    await expect(
      ecs.send(
        new CreateExpressGatewayServiceCommand({
          serviceName: 'x',
          infrastructureRoleArn: undefined,
          primaryContainer: { image: image('7') },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const created = await ecs.send(
      new CreateExpressGatewayServiceCommand({
        serviceName: 'exp',
        executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
        infrastructureRoleArn: 'arn:aws:iam::123456789012:role/infra',
        primaryContainer: {
          image: image('7'),
          containerPort: 8080,
          environment: [{ name: 'APP_VERSION', value: '7' }],
        },
        healthCheckPath: '/health',
        scalingTarget: { minTaskCount: 2, maxTaskCount: 3 },
      }),
    );
    const arn = created.service?.serviceArn ?? '';
    expect(arn).toBe('arn:aws:ecs:us-east-1:123456789012:service/default/exp');
    expect(created.service?.status?.statusCode).toBe('ACTIVE');
    const first = created.service?.activeConfigurations?.[0];
    expect(first).toMatchObject({
      cpu: '256',
      memory: '512',
      healthCheckPath: '/health',
      primaryContainer: { image: image('7'), containerPort: 8080 },
    });
    const url = first?.ingressPaths?.[0]?.endpoint ?? '';
    await sleep(D + 100);
    expect(await (await fetch(`${url}/version`)).json()).toMatchObject({
      image: image('7'),
      version: '7',
    });

    const updated = await ecs.send(
      new UpdateExpressGatewayServiceCommand({
        serviceArn: arn,
        primaryContainer: { image: image('8') },
        memory: '1024',
      }),
    );
    const target = updated.service?.targetConfiguration;
    expect(target).toMatchObject({
      memory: '1024',
      healthCheckPath: '/health',
      primaryContainer: { image: image('8') },
    });
    const during = await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn: arn }));
    expect(during.service?.activeConfigurations?.map((c) => c.primaryContainer?.image)).toEqual([
      image('8'),
      image('7'),
    ]);
    expect(during.service?.currentDeployment).toMatch(/:service-deployment\/default\/exp\/\d+$/);
    const classic = await ecs.send(
      new DescribeServicesCommand({ cluster: 'default', services: ['exp'] }),
    );
    expect(classic.services?.[0]?.deployments?.[0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      taskDefinition: target?.taskDefinitionArn,
    });
    await sleep(D + 100);
    const after = await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn: arn }));
    expect(after.service?.activeConfigurations?.map((c) => c.serviceRevisionArn)).toEqual([
      target?.serviceRevisionArn,
    ]);
    await expect(
      ecs.send(
        new DescribeExpressGatewayServiceCommand({
          serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/default/none',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ServiceNotFoundException' });
  });
});

describe('local ECS: the ecs.rollback timing', () => {
  it('keeps the FAILED deployment listed while the circuit breaker rolls back, for ecs.rollback', async () => {
    // Deployments settle at once; the rollback lasts longer than this test, so the state it
    // checks holds however slowly the test runs.
    const stack = await startLocalAws({
      only: ['ecs', 'logs'],
      timings: { 'ecs.deployment': 20, 'ecs.rollback': 600_000 },
    });
    try {
      const ecs = new ECSClient({ region: stack.region, endpoint: stack.endpoint, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' }, maxAttempts: 1 }); // prettier-ignore
      await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
      const register = async (img: string): Promise<string> =>
        (
          await ecs.send(
            new RegisterTaskDefinitionCommand({
              family: 'rb',
              networkMode: 'awsvpc',
              requiresCompatibilities: ['FARGATE'],
              cpu: '256',
              memory: '512',
              containerDefinitions: [{ name: 'app', image: img }],
            }),
          )
        ).taskDefinition?.taskDefinitionArn ?? '';
      const states = async (): Promise<string[][]> =>
        (
          await ecs.send(new DescribeServicesCommand({ cluster: 'c1', services: ['rb'] }))
        ).services?.[0]?.deployments?.map((d) => [
          d.status ?? '',
          d.rolloutState ?? '',
          d.taskDefinition ?? '',
        ]) ?? [];
      const until = async (want: (s: string[][]) => boolean): Promise<string[][]> => {
        for (;;) {
          const now = await states();
          if (want(now)) return now;
          await sleep(10);
        }
      };
      const good = await register(image('7'));
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'c1',
          serviceName: 'rb',
          taskDefinition: good,
          networkConfiguration: network,
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        }),
      );
      await until((s) => s.length === 1 && s[0]?.[1] === 'COMPLETED');
      stack.workloads.markUnhealthy(image('8'));
      const bad = await register(image('8'));
      await ecs.send(
        new UpdateServiceCommand({ cluster: 'c1', service: 'rb', taskDefinition: bad }),
      );
      const rollingBack = [
        ['PRIMARY', 'IN_PROGRESS', good],
        ['ACTIVE', 'FAILED', bad],
      ];
      expect(await until((s) => s.some((d) => d[1] === 'FAILED'))).toEqual(rollingBack);
      expect(await states()).toEqual(rollingBack);
    } finally {
      await stack.stop();
    }
  });
});
