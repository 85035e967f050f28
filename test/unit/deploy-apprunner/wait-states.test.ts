import type { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { waitForOperation, waitUntilIdle } from '../../../src/apprunner/service-state';
import type { Clock } from '../../../src/core/clock';
import { UnknownStateError } from '../../../src/core/errors';

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

/** An App Runner client answering ListOperations and DescribeService from a script. */
function answering(statuses: string[]) {
  const calls: string[] = [];
  const client = {
    send: (command: { constructor: { name: string } }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push(name);
      const Status = statuses.shift() ?? 'never';
      return Promise.resolve(
        name === 'ListOperations'
          ? { OperationSummaryList: [{ Id: 'op-1', Status }] }
          : { Service: { ServiceArn: 'arn', Status } },
      );
    },
  } as unknown as AppRunnerClient;
  return { client, calls };
}

const settings = () => ({
  backoff: { initialDelayMs: 5000, maxDelayMs: 10_000 },
  clock: fakeClock(),
  log: () => undefined,
});

describe('App Runner waits and states the API does not document', () => {
  it('an operation status outside OperationStatus fails at once instead of passing as done', async () => {
    const { client, calls } = answering(['IN_PROGRESS', 'Succeeded']);
    const error = await waitForOperation(client, 'arn', 'op-1', 30 * 60_000, settings()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnknownStateError);
    expect((error as Error).message).toMatch(/"Succeeded".*SUCCEEDED/);
    expect(calls).toHaveLength(2);
  });

  it('a service status outside ServiceStatus fails at once instead of reading as idle', async () => {
    const { client, calls } = answering(['OPERATION_IN_PROGRESS', 'Running']);
    const error = await waitUntilIdle(client, 'arn', 30 * 60_000, settings()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnknownStateError);
    expect((error as UnknownStateError).state).toBe('Running');
    expect(calls).toHaveLength(2);
  });
});
