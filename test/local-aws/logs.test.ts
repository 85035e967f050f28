import {
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { LogsService } from '../../local-aws/services/logs';

describe('local CloudWatch Logs', () => {
  let stack: LocalAws;
  let logs: CloudWatchLogsClient;
  beforeAll(async () => {
    stack = await startLocalAws({ only: ['logs'] });
    logs = new CloudWatchLogsClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
  });
  afterAll(() => stack.stop());

  it('creates groups and streams with AWS error codes for duplicates and missing ones', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/a' }));
    await expect(
      logs.send(new CreateLogGroupCommand({ logGroupName: '/app/a' })),
    ).rejects.toMatchObject({
      name: 'ResourceAlreadyExistsException',
    });
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/app/a', logStreamName: 's1' }));
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: '/app/a', logStreamName: 'nope' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: '/missing', logStreamName: 's1' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
  });

  it('deletes a group (DeleteLogGroup) and answers ResourceNotFoundException for a missing one', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/to/delete' }));
    await logs.send(new DeleteLogGroupCommand({ logGroupName: '/to/delete' }));
    const groups = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/to/delete' }),
    );
    expect(groups.logGroups).toEqual([]);
    await expect(
      logs.send(new DeleteLogGroupCommand({ logGroupName: '/to/delete' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
  });

  it('pages GetLogEvents forward and returns the same token when nothing is new', async () => {
    const now = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/app/a',
        logStreamName: 's1',
        logEvents: ['one', 'two', 'three'].map((message, i) => ({ message, timestamp: now + i })),
      }),
    );
    const first = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/app/a',
        logStreamName: 's1',
        startFromHead: true,
        limit: 2,
      }),
    );
    expect(first.events?.map((e) => e.message)).toEqual(['one', 'two']);
    const second = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/app/a',
        logStreamName: 's1',
        nextToken: first.nextForwardToken,
      }),
    );
    expect(second.events?.map((e) => e.message)).toEqual(['three']);
    const third = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/app/a',
        logStreamName: 's1',
        nextToken: second.nextForwardToken,
      }),
    );
    expect(third.events).toEqual([]);
    expect(third.nextForwardToken).toBe(second.nextForwardToken);
    const latest = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/app/a', logStreamName: 's1', limit: 1 }),
    );
    expect(latest.events?.map((e) => e.message)).toEqual(['three']);
  });

  it('hides events until their ingestion time (a container still writing)', async () => {
    const service = stack.service<LogsService>('logs');
    const now = Date.now();
    service.putEvents('/app/b', 'later', [
      { timestamp: now - 10, message: 'early' },
      { timestamp: now + 300, message: 'late' },
    ]);
    const before = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/app/b',
        logStreamName: 'later',
        startFromHead: true,
      }),
    );
    expect(before.events?.map((e) => e.message)).toEqual(['early']);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const after = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/app/b',
        logStreamName: 'later',
        nextToken: before.nextForwardToken,
      }),
    );
    expect(after.events?.map((e) => e.message)).toEqual(['late']);
  });

  it('filters events across streams by prefix, pattern and pages', async () => {
    const service = stack.service<LogsService>('logs');
    const t = Date.now() - 1000;
    service.putEvents('/app/c', 'web/main/1', [
      { timestamp: t, message: 'GET / 200' },
      { timestamp: t + 2, message: 'GET /x 500' },
    ]);
    service.putEvents('/app/c', 'worker/main/1', [{ timestamp: t + 1, message: 'job 500 done' }]);
    const all = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/app/c', filterPattern: '500' }),
    );
    expect(all.events?.map((e) => [e.logStreamName, e.message])).toEqual([
      ['worker/main/1', 'job 500 done'],
      ['web/main/1', 'GET /x 500'],
    ]);
    const page = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/app/c', logStreamNamePrefix: 'web/', limit: 1 }),
    );
    expect(page.events?.map((e) => e.message)).toEqual(['GET / 200']);
    const next = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/app/c',
        logStreamNamePrefix: 'web/',
        nextToken: page.nextToken,
      }),
    );
    expect(next.events?.map((e) => e.message)).toEqual(['GET /x 500']);
    expect(next.nextToken).toBeUndefined();
  });
});
