import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ContinueServiceDeploymentCommand,
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import type { EcsService } from '../../local-aws/services/ecs';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { runDist } from '../support/run-dist';

// Native ECS deployment strategies, run from dist/ against the local stack: each blue/green-
// family strategy succeeds through its lifecycle stages, is rolled back by an alarm, and fails
// with its stopped task's events; a PAUSE hook is reported and continued.

const digest = (c: string): string => `registry.local/shop@sha256:${c.repeat(64)}`;
const network = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } };
const STAGES = [
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

describe('deploy-ecs deployment strategies (dist)', () => {
  let stack: LocalAws;
  let ecs: ECSClient;
  const work = mkdtempSync(path.join(os.tmpdir(), 'deploy-ecs-strategies-'));
  const run = (inputs: Record<string, string>) =>
    runDist('deploy-ecs', {
      inputs: {
        'poll-interval': '20ms',
        timeout: '30s',
        cluster: 'prod',
        mode: 'service',
        ...inputs,
      },
      env: stack.env,
      cwd: work,
    });
  const createService = async (name: string): Promise<void> => {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: name,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          { name: 'web', image: digest('1'), portMappings: [{ containerPort: 80 }] },
        ],
      }),
    );
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
    await new Promise((resolve) => setTimeout(resolve, 150));
  };
  const strategyInputs: Record<string, Record<string, string>> = {
    BLUE_GREEN: { 'deployment-strategy': 'BLUE_GREEN', 'bake-time': '5' },
    LINEAR: {
      'deployment-strategy': 'LINEAR',
      'linear-step-percent': '50',
      'linear-step-bake-time': '1',
      'bake-time': '5',
    },
    CANARY: {
      'deployment-strategy': 'CANARY',
      'canary-percent': '10',
      'canary-bake-time': '2',
      'bake-time': '5',
    },
  };

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['ecs', 'logs'],
      timings: {
        'ecs.deployment': 100,
        'ecs.deployment.stage': 60,
        'ecs.deployment.minute': 100,
        'ecs.task.provisioning': 10,
        'ecs.task.pending': 10,
        'ecs.task.stopping': 10,
      },
    });
    ecs = new ECSClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
    });
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    for (const strategy of Object.keys(strategyInputs)) await createService(strategy.toLowerCase());
    await createService('paused');
  });
  afterAll(() => stack.stop());

  describe.each(Object.keys(strategyInputs))('%s', (strategy) => {
    const service = strategy.toLowerCase();
    const settings = strategyInputs[strategy] ?? {};

    it('deploys through every lifecycle stage, each logged and in the summary', async () => {
      const result = await run({
        service,
        image: digest('2'),
        container: 'web',
        alarms: `${service}-5xx`,
        ...settings,
      });
      expect(result.errors).toEqual([]);
      expect(result.outputs.status).toBe('deployed');
      const logged = [...result.stdout.matchAll(/lifecycle stage ([A-Z_]+) \(\+/g)].map(
        (m) => m[1],
      );
      // A poll may fall between two short stages (60 ms here); the long ones (the bake time,
      // 500 ms) and the last are always seen, and the order is ECS's.
      expect(logged).toContain('BAKE_TIME');
      expect(logged.at(-1)).toBe('CLEAN_UP');
      expect(logged.length).toBeGreaterThanOrEqual(3);
      const order = logged.map((s) => STAGES.indexOf(s ?? ''));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(order).not.toContain(-1);
      for (const stage of logged) expect(result.summary).toContain(`Stage ${stage ?? ''}`);
      const described = await ecs.send(
        new DescribeServicesCommand({ cluster: 'prod', services: [service] }),
      );
      expect(described.services?.[0]?.deploymentConfiguration).toMatchObject({
        strategy,
        alarms: { alarmNames: [`${service}-5xx`], enable: true, rollback: true },
      });
      expect(described.services?.[0]?.taskDefinition).toBe(result.outputs['task-definition']);
    });

    it('fails when an alarm goes off during the deployment and names the alarm', async () => {
      const alarms = stack.service<EcsService>('ecs').serviceDeployments.alarms;
      const before = await ecs.send(
        new DescribeServicesCommand({ cluster: 'prod', services: [service] }),
      );
      const pending = run({
        service,
        image: digest('3'),
        container: 'web',
        alarms: `${service}-5xx`,
        ...settings,
      });
      // The alarm fires once production traffic starts moving.
      await waitForStage(service, 'PRODUCTION_TRAFFIC_SHIFT');
      alarms.set(`${service}-5xx`, 'ALARM');
      const result = await pending;
      alarms.set(`${service}-5xx`, 'OK');
      expect(result.exitCode).toBe(1);
      expect(result.outputs.status).toBe('rolled-back');
      expect(result.errors.join('\n')).toMatch(
        new RegExp(
          `ended ROLLBACK_[A-Z_]+ at [A-Z_]+: .*${service}-5xx.*alarms in ALARM: ${service}-5xx`,
          's',
        ),
      );
      expect(result.outputs['previous-task-definition']).toBe(before.services?.[0]?.taskDefinition);
    });

    it('fails with the stopped task and the service events when the new task exits', async () => {
      stack.workloads.markUnhealthy(digest('4'));
      const result = await run({
        service,
        image: digest('4'),
        container: 'web',
        environment: 'LOCAL_ECS_EXIT_CODE=1',
        ...settings,
      });
      expect(result.exitCode).toBe(1);
      const error = result.errors.join('\n');
      expect(error).toMatch(
        /ROLLBACK_[A-Z_]+ .*ECS deployment circuit breaker: tasks failed to start/s,
      );
      expect(error).toMatch(/Latest service events:.*deployment failed: tasks failed to start/s);
      expect(error).toMatch(
        /\(EssentialContainerExited\): Essential container in task exited; web exit 1/,
      );
      expect(result.summary).toContain('Essential container in task exited; web exit 1');
    });
  });

  it('reports a PAUSE hook, waits on it, and finishes once it is continued', async () => {
    const pending = run({
      service: 'paused',
      image: digest('5'),
      container: 'web',
      'deployment-strategy': 'BLUE_GREEN',
      'pause-stages': 'POST_TEST_TRAFFIC_SHIFT',
      'pause-timeout': '600',
    });
    const arn = await waitForStage('paused', 'POST_TEST_TRAFFIC_SHIFT');
    // Still paused a while later: nothing continues it but the test.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const held = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
    );
    const hook = held.serviceDeployments?.[0]?.lifecycleHookDetails?.[0];
    expect(hook).toMatchObject({ targetType: 'PAUSE', status: 'AWAITING_ACTION' });
    await ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: arn,
        hookId: hook?.hookId ?? '',
        action: 'CONTINUE',
      }),
    );
    const result = await pending;
    expect(result.errors).toEqual([]);
    expect(result.outputs.status).toBe('deployed');
    expect(result.warnings.join('\n')).toContain(
      `is paused at POST_TEST_TRAFFIC_SHIFT by a PAUSE hook`,
    );
    expect(result.warnings.join('\n')).toContain(
      `aws ecs continue-service-deployment --service-deployment-arn ${arn} --hook-id ${hook?.hookId ?? ''}`,
    );
  });

  it('fails when a PAUSE hook is answered with ROLLBACK', async () => {
    const pending = run({
      service: 'paused',
      image: digest('6'),
      container: 'web',
      'deployment-strategy': 'BLUE_GREEN',
      'pause-stages': 'POST_SCALE_UP',
    });
    const arn = await waitForStage('paused', 'POST_SCALE_UP');
    const held = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
    );
    await ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: arn,
        hookId: held.serviceDeployments?.[0]?.lifecycleHookDetails?.[0]?.hookId ?? '',
        action: 'ROLLBACK',
      }),
    );
    const result = await pending;
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(
      /rolled back by the PAUSE lifecycle hook [0-9a-f]+ at POST_SCALE_UP/,
    );
  });

  it('refuses strategy settings that do not fit before any AWS call', async () => {
    stack.requests.clear();
    const base = { service: 'blue_green', image: digest('7'), container: 'web' };
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...base, 'deployment-strategy': 'RED_BLACK' }, /Input 'deployment-strategy'/],
      [
        { ...base, 'deployment-strategy': 'ROLLING', 'bake-time': '5' },
        /Input 'bake-time': applies to deployment-strategy BLUE_GREEN or LINEAR or CANARY/,
      ],
      [{ ...base, 'deployment-strategy': 'BLUE_GREEN', 'bake-time': '1441' }, /Input 'bake-time'/],
      [
        { ...base, 'deployment-strategy': 'CANARY', 'canary-percent': '0' },
        /Input 'canary-percent'/,
      ],
      [
        { ...base, 'deployment-strategy': 'LINEAR', 'canary-percent': '5' },
        /Input 'canary-percent': applies to deployment-strategy CANARY/,
      ],
      [
        { ...base, 'deployment-strategy': 'LINEAR', 'linear-step-percent': '2' },
        /Input 'linear-step-percent'/,
      ],
      [
        { ...base, 'deployment-strategy': 'BLUE_GREEN', 'pause-stages': 'AFTER_LUNCH' },
        /Input 'pause-stages': "AFTER_LUNCH" is not a lifecycle stage/,
      ],
      [
        { ...base, 'deployment-strategy': 'BLUE_GREEN', 'pause-timeout': '5' },
        /Input 'pause-timeout': needs pause-stages/,
      ],
    ];
    for (const [inputs, message] of cases) {
      const result = await run(inputs);
      expect(result.exitCode).toBe(1);
      expect(result.errors.join('\n')).toMatch(message);
    }
    expect(stack.requests.all()).toEqual([]);
  });

  /** Polls the service's newest service deployment until it reaches `stage`; returns its ARN. */
  async function waitForStage(service: string, stage: string): Promise<string> {
    for (let i = 0; i < 400; i++) {
      const listed = await ecs.send(
        new ListServiceDeploymentsCommand({ cluster: 'prod', service, status: ['IN_PROGRESS'] }),
      );
      const arn = listed.serviceDeployments?.[0]?.serviceDeploymentArn;
      if (arn !== undefined) {
        const out = await ecs.send(
          new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
        );
        const current = out.serviceDeployments?.[0]?.lifecycleStage ?? '';
        if (STAGES.indexOf(current) >= STAGES.indexOf(stage)) return arn;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`service ${service} never reached ${stage}`);
  }
});
