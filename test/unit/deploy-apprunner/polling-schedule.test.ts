import type { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { waitForOperation } from '../../../src/apprunner/service-state';
import type { Clock } from '../../../src/core/clock';
import { backoffOf } from '../../../src/deploy-apprunner/deploy';

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

// The action's defaults: poll-interval 5s, max-poll-interval 30s (factor 1.5, equal jitter).
const defaults = backoffOf({ pollIntervalMs: 5000, maxPollIntervalMs: 30_000 });

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
  it('polls at these times (s) with average jitter: 18 ListOperations calls', async () => {
    expect(await schedule(0.5)).toEqual([
      0, 3.8, 9.4, 17.8, 30.5, 49.5, 72, 94.5, 117, 139.5, 162, 184.5, 207, 229.5, 252, 274.5, 297,
      319.5,
    ]);
  });

  it('stays between 14 and 24 polls whatever the jitter, never more than 30 s apart', async () => {
    const longest = await schedule(0.999_999);
    const shortest = await schedule(0);
    expect(longest).toHaveLength(14);
    expect(shortest).toHaveLength(24);
    for (const times of [longest, shortest]) {
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
      expect(Math.max(...gaps)).toBeLessThanOrEqual(30);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2.5);
    }
  });
});
