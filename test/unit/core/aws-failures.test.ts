import { GetInvalidationCommand, CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { createClient, type AwsSettings } from '../../../src/core/aws-clients';
import { describeError } from '../../../src/core/errors';
import { DUMMY_CREDENTIALS, startLocalAws, type LocalAws } from '../../../local-aws/stack';

let stack: LocalAws;
let settings: AwsSettings;
const saved = { ...process.env };

beforeAll(async () => {
  stack = await startLocalAws({ only: ['ecs', 'cloudfront'] });
  Object.assign(process.env, DUMMY_CREDENTIALS);
  settings = {
    region: stack.region,
    endpoint: stack.endpoint,
    maxAttempts: 2,
    retryMode: 'standard',
    action: 'test',
  };
});
afterAll(async () => {
  process.env = saved;
  await stack?.stop();
});
afterEach(() => stack.faults.clear());

const host = (): string => new URL(stack.endpoint).host;

async function failure(send: () => Promise<unknown>): Promise<string> {
  const error = await send().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return describeError(error);
}

describe('AWS errors name the operation, HTTP status, endpoint host and request id', () => {
  it('a proxy HTML 502 page (JSON protocol) reads as a non-AWS answer, not a JSON parse error', async () => {
    stack.injectFault({ service: 'ecs', operation: 'DescribeServices', kind: 'gateway', times: 2 });
    const ecs = createClient(ECSClient, settings);
    const message = await failure(() =>
      ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['web'] })),
    );
    expect(message).toBe(
      `ECS DescribeServices failed after 2 attempts: ${host()} answered HTTP 502 (text/html), which is not an AWS answer (a proxy, gateway or wrong endpoint-url in between?)`,
    );
    expect(message).not.toMatch(/Unexpected token|Deserialization/);
    // The SDK retried it as the 5xx it is.
    expect(stack.requests.all().filter((r) => r.fault === 'gateway')).toHaveLength(2);
  });

  it('an empty 502 body (XML protocol) reads the same way', async () => {
    stack.injectFault({ service: 'cloudfront', kind: 'gateway', body: '', times: 2 });
    const cloudfront = createClient(CloudFrontClient, settings);
    const message = await failure(() =>
      cloudfront.send(new GetInvalidationCommand({ DistributionId: 'D1', Id: 'I1' })),
    );
    expect(message).toBe(
      `CloudFront GetInvalidation failed after 2 attempts: ${host()} answered HTTP 502 (text/plain, empty body), which is not an AWS answer (a proxy, gateway or wrong endpoint-url in between?)`,
    );
  });

  it("an AWS error keeps AWS's message and adds where it came from", async () => {
    const cloudfront = createClient(CloudFrontClient, settings);
    const message = await failure(() =>
      cloudfront.send(new GetInvalidationCommand({ DistributionId: 'D1', Id: 'I1' })),
    );
    expect(message).toMatch(
      new RegExp(
        `^CloudFront GetInvalidation failed: .+ \\(HTTP 404, ${host().replace(/\./g, '\\.')}, request id [\\w-]+\\)$`,
      ),
    );
  });

  it('no answer at all names the operation and the host it tried', async () => {
    const ecs = createClient(ECSClient, {
      ...settings,
      endpoint: 'http://127.0.0.1:9',
      maxAttempts: 1,
    });
    const message = await failure(() =>
      ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['web'] })),
    );
    expect(message).toMatch(/^ECS DescribeServices failed: .+ \(no HTTP answer, 127\.0\.0\.1:9\)$/);
  });
});
