import { CloudFrontClient, GetInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { Clock } from '../../../src/core/clock';
import { UnknownStateError } from '../../../src/core/errors';
import { Cdn } from '../../../src/invalidate-cdn/invalidation';

/** A fake clock: sleeping advances time at once. */
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

afterEach(() => jest.restoreAllMocks());

describe('invalidate-cdn waiting for Completed', () => {
  it('fails at once when CloudFront answers a status it does not document (COMPLETED)', async () => {
    const statuses = ['InProgress', 'COMPLETED'];
    const send = jest.spyOn(CloudFrontClient.prototype, 'send').mockImplementation((command) => {
      expect(command).toBeInstanceOf(GetInvalidationCommand);
      const Status = statuses.shift() ?? 'COMPLETED';
      return Promise.resolve({ Invalidation: { Id: 'I1', Status } });
    });
    const clock = fakeClock();
    const cdn = new Cdn(
      { region: 'us-east-1', maxAttempts: 1, retryMode: 'standard', action: 'invalidate-cdn' },
      { timeoutMs: 30 * 60_000, pollIntervalMs: 5000, clock },
    );
    const error = await cdn
      .waitCompleted({ distributionId: 'D1', id: 'I1', status: 'InProgress' })
      .catch((e: unknown) => e);
    cdn.destroy();
    expect(error).toBeInstanceOf(UnknownStateError);
    expect((error as Error).message).toMatch(/"COMPLETED".*\(InProgress, Completed\)/);
    expect(send).toHaveBeenCalledTimes(2);
    // Seen on the second poll, about 5 s in: not after the 30-minute deadline.
    expect(clock.now()).toBeLessThan(10_000);
  });
});
