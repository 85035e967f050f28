import type { ECSClient } from '@aws-sdk/client-ecs';
import type { Clock } from '../../../src/core/clock';
import { InputReader } from '../../../src/core/inputs';
import { readInputs } from '../../../src/deploy-ecs/inputs';
import { rolloutBackoff } from '../../../src/deploy-ecs/modes';
import { waitForServiceDeployment } from '../../../src/ecs/service-deployment';

const TD = (rev: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${rev}`;

/**
 * A fake clock and a fake ECS service whose rollout of web:2 ends after 5 minutes: the first
 * task runs at 2:00, the second at 2:30, the old tasks drain until 5:00 (COMPLETED).
 */
function fiveMinuteRollout() {
  let now = 0;
  const polls: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
  const ecs = {
    send: () => {
      polls.push(now);
      const running = now >= 150_000 ? 2 : now >= 120_000 ? 1 : 0;
      const rolloutState = now >= 300_000 ? 'COMPLETED' : 'IN_PROGRESS';
      const ours = { id: 'ecs-svc/2', status: 'PRIMARY', taskDefinition: TD(2), desiredCount: 2, runningCount: running, rolloutState }; // prettier-ignore
      const old = { id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: TD(1), desiredCount: 0, runningCount: 2, rolloutState: 'COMPLETED' }; // prettier-ignore
      return Promise.resolve({
        services: [{ serviceName: 'web', deployments: rolloutState === 'COMPLETED' ? [ours] : [ours, old] }],
      }); // prettier-ignore
    },
  } as unknown as ECSClient;
  return { clock, ecs, polls };
}

// The action's default poll-interval, as its inputs parser reads it.
const config = readInputs(
  new InputReader(
    (name) =>
      ({
        'aws-region': 'us-east-1',
        service: 'web',
        image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'a'.repeat(64)}`,
        'execution-role-arn': 'arn:aws:iam::123456789012:role/r',
        'infrastructure-role-arn': 'arn:aws:iam::123456789012:role/r',
      })[name],
  ),
);

async function schedule(random: number): Promise<number[]> {
  const { clock, ecs, polls } = fiveMinuteRollout();
  const done = await waitForServiceDeployment({
    ecs,
    cluster: 'default',
    service: 'web',
    deploymentId: 'ecs-svc/2',
    taskDefinitionArn: TD(2),
    timeoutMs: config.wait.timeoutMs,
    backoff: { ...rolloutBackoff(config.wait.pollIntervalMs), random: () => random },
    clock,
  });
  expect(done.deployment.rolloutState).toBe('COMPLETED');
  return polls.map((ms) => Math.round(ms / 100) / 10);
}

describe('polling schedule of a 5-minute ECS rollout (default settings)', () => {
  it('polls every 5 s growing to 10 s, from the default poll-interval of 5 s', () => {
    expect(config.wait.pollIntervalMs).toBe(5000);
    expect(rolloutBackoff(5000)).toMatchObject({ initialDelayMs: 5000, maxDelayMs: 10_000 });
  });

  it('polls at these times (s) with average jitter: 35 DescribeServices calls, seen 9.6 s late', async () => {
    // Each new running count restarts the delays at 5 s (2:00 and 2:30), then back to ~10 s.
    expect(await schedule(0.5)).toEqual([
      0, 4.9, 12.2, 21.9, 31.7, 41.4, 51.2, 60.9, 70.7, 80.4, 90.2, 99.9, 109.7, 119.4, 129.2,
      134.1, 141.4, 151.1, 156, 163.3, 173.1, 182.8, 192.6, 202.3, 212.1, 221.8, 231.6, 241.3,
      251.1, 260.8, 270.6, 280.3, 290.1, 299.8, 309.6,
    ]);
  });

  it('sees the end within 10 s with at most 35 DescribeServices calls whatever the jitter', async () => {
    for (const random of [0, 0.25, 0.5, 0.75, 0.999_999]) {
      const times = await schedule(random);
      const last = times[times.length - 1] ?? Infinity;
      expect(times[times.length - 2]).toBeLessThan(300);
      expect(last - 300).toBeGreaterThanOrEqual(0);
      expect(last - 300).toBeLessThanOrEqual(10);
      expect(times.length).toBeLessThanOrEqual(35);
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
      expect(Math.max(...gaps)).toBeLessThanOrEqual(10);
    }
  });
});
