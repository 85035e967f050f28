import { InputReader } from '../../../src/core/inputs';
import { readInputs } from '../../../src/deploy-ecs/inputs';
import { mergeDeploymentConfiguration } from '../../../src/ecs/deployment-strategy';

const read = (values: Record<string, string>) =>
  readInputs(
    new InputReader(
      (name) => ({ 'aws-region': 'us-east-1', mode: 'service', service: 'shop', ...values })[name],
    ),
    '/nonexistent',
  );

describe('deployment strategy', () => {
  it('reads a canary with alarms and a pause, and needs no image', () => {
    const config = read({
      'deployment-strategy': 'CANARY',
      'canary-percent': '12.5',
      'canary-bake-time': '5',
      'bake-time': '10',
      alarms: 'shop-5xx, shop-latency',
      'pause-stages': 'POST_TEST_TRAFFIC_SHIFT',
      'pause-timeout': '30',
    });
    expect(config).toMatchObject({
      strategy: {
        strategy: 'CANARY',
        bakeTimeInMinutes: 10,
        canary: { canaryPercent: 12.5, canaryBakeTimeInMinutes: 5 },
        alarms: ['shop-5xx', 'shop-latency'],
        pauseStages: ['POST_TEST_TRAFFIC_SHIFT'],
        pauseTimeoutMinutes: 30,
      },
    });
  });

  it('lays the settings over the service configuration, keeping the circuit breaker and Lambda hooks', () => {
    const lambda = {
      targetType: 'AWS_LAMBDA' as const,
      hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:check',
      roleArn: 'arn:aws:iam::123456789012:role/hooks',
      lifecycleStages: ['POST_SCALE_UP' as const],
    };
    const merged = mergeDeploymentConfiguration(
      {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        maximumPercent: 200,
        lifecycleHooks: [lambda, { targetType: 'PAUSE', lifecycleStages: ['PRE_SCALE_UP'] }],
      },
      {
        strategy: 'LINEAR',
        linear: { stepPercent: 25 },
        alarms: ['a'],
        pauseStages: ['POST_PRODUCTION_TRAFFIC_SHIFT'],
        pauseTimeoutMinutes: 15,
      },
    );
    expect(merged).toEqual({
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 25 },
      alarms: { alarmNames: ['a'], enable: true, rollback: true },
      lifecycleHooks: [
        lambda,
        {
          targetType: 'PAUSE',
          lifecycleStages: ['POST_PRODUCTION_TRAFFIC_SHIFT'],
          timeoutConfiguration: { timeoutInMinutes: 15, action: 'ROLLBACK' },
        },
      ],
    });
  });

  it.each([
    [{ 'deployment-strategy': 'rolling' }, "Input 'deployment-strategy'"],
    [{ 'deployment-strategy': 'ROLLING', 'canary-percent': '5' }, "Input 'canary-percent'"],
    [
      { 'deployment-strategy': 'CANARY', 'linear-step-bake-time': '1' },
      "Input 'linear-step-bake-time'",
    ],
    [{ 'deployment-strategy': 'BLUE_GREEN', 'bake-time': '1.5' }, "Input 'bake-time'"],
    [{ 'deployment-strategy': 'BLUE_GREEN', 'pause-stages': 'SCALE_UP' }, "Input 'pause-stages'"],
    [
      { 'deployment-strategy': 'BLUE_GREEN', 'pause-stages': 'PRE_SCALE_UP', 'pause-timeout': '0' },
      "Input 'pause-timeout'",
    ],
    [
      { 'bake-time': '3' },
      "Input 'bake-time': applies to deployment-strategy BLUE_GREEN or LINEAR or CANARY; deployment-strategy is not set",
    ],
  ])('refuses %j', (values, message) => {
    expect(() => read(values)).toThrow(message);
  });
});
