import type { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { waitForOperation } from '../../../src/apprunner/service-state';
import type { Clock } from '../../../src/core/clock';
import { InputReader } from '../../../src/core/inputs';
import { backoffOf } from '../../../src/deploy-apprunner/deploy';
import { readInputs } from '../../../src/deploy-apprunner/inputs';

/** A fake clock and a fake App Runner whose operation ends after `durationMs`. */
function fiveMinuteDeployment(durationMs: number) {
  let now = 0;
  const polls: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
  const client = {
    send: () => {
      polls.push(now);
      const Status = now >= durationMs ? 'SUCCEEDED' : 'IN_PROGRESS';
      return Promise.resolve({ OperationSummaryList: [{ Id: 'op-1', Status }] });
    },
  } as unknown as AppRunnerClient;
  return { clock, client, polls };
}

// The action's defaults, as its inputs parser reads them: poll-interval 5s, max-poll-interval 10s.
const config = readInputs(
  new InputReader(
    (name) =>
      ({
        'aws-region': 'us-east-1',
        service: 'web-app',
        image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${'a'.repeat(64)}`,
      })[name],
  ),
);
const defaults = backoffOf(config);

async function schedule(random: number): Promise<number[]> {
  const { clock, client, polls } = fiveMinuteDeployment(300_000);
  const result = await waitForOperation(client, 'arn', 'op-1', 30 * 60_000, {
    backoff: { ...defaults, random: () => random },
    clock,
    log: () => undefined,
  });
  expect(result.operation.Status).toBe('SUCCEEDED');
  expect(result.polls).toBe(polls.length);
  return polls.map((ms) => Math.round(ms / 100) / 10);
}

describe('polling schedule of a 5-minute App Runner deployment (default settings)', () => {
  it('reads the defaults 5s and 10s', () => {
    expect([config.pollIntervalMs, config.maxPollIntervalMs]).toEqual([5000, 10_000]);
  });

  it('polls at these times (s) with average jitter: 33 ListOperations calls, seen 4.7 s late', async () => {
    const times = await schedule(0.5);
    expect(times.slice(0, 5)).toEqual([0, 4.9, 12.2, 21.9, 31.7]);
    expect(times.slice(-3)).toEqual([285.2, 294.9, 304.7]);
    expect(times).toHaveLength(33);
  });

  it('sees the end within 10 s with at most 35 calls whatever the jitter, never polling faster than every 4.7 s', async () => {
    for (const random of [0, 0.25, 0.5, 0.75, 0.999_999]) {
      const times = await schedule(random);
      const last = times[times.length - 1] ?? Infinity;
      const before = times[times.length - 2] ?? 0;
      expect(before).toBeLessThan(300);
      expect(last).toBeGreaterThanOrEqual(300);
      expect(last - 300).toBeLessThanOrEqual(10);
      expect(times.length).toBeLessThanOrEqual(35);
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
      expect(Math.max(...gaps)).toBeLessThanOrEqual(10);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4.7);
    }
    expect((await schedule(0)).length).toBe(34);
    expect((await schedule(0.999_999)).length).toBe(32);
  });
});
