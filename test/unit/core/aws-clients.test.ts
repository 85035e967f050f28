import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clientConfig, createClient, readAwsSettings } from '../../../src/core/aws-clients';
import { ConfigurationError } from '../../../src/core/errors';
import { InputReader } from '../../../src/core/inputs';
import { BUNDLE_NAME, BUNDLE_VERSION } from '../../../src/core/version';

const reader = (values: Record<string, string>): InputReader =>
  new InputReader((name) => values[name]);

const ENV_KEYS = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
];
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  for (const key of ENV_KEYS) {
    saved[key] = process.env[key];
    delete process.env[key];
  }
  // Keep the SDK away from any real profile on the machine.
  process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
});
afterEach(() => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

function expectConfigurationError(fn: () => unknown, input: string): ConfigurationError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigurationError);
  expect((caught as ConfigurationError).input).toBe(input);
  return caught as ConfigurationError;
}

describe('readAwsSettings', () => {
  it('takes the region from the aws-region input first', () => {
    process.env.AWS_REGION = 'us-east-1';
    expect(readAwsSettings(reader({ 'aws-region': 'eu-west-1' }), 'deploy-ecs')).toEqual({
      region: 'eu-west-1',
      maxAttempts: 5,
      retryMode: 'standard',
      action: 'deploy-ecs',
    });
  });

  it('falls back to AWS_REGION, then AWS_DEFAULT_REGION, ignoring empty values', () => {
    process.env.AWS_DEFAULT_REGION = 'ap-south-1';
    expect(readAwsSettings(reader({}), 'x').region).toBe('ap-south-1');
    process.env.AWS_REGION = '';
    expect(readAwsSettings(reader({}), 'x').region).toBe('ap-south-1');
    process.env.AWS_REGION = 'eu-north-1';
    expect(readAwsSettings(reader({}), 'x').region).toBe('eu-north-1');
  });

  it('without any region, fails naming aws-region and AWS_REGION', () => {
    const error = expectConfigurationError(() => readAwsSettings(reader({}), 'x'), 'aws-region');
    expect(error.message).toContain('AWS_REGION');
  });

  it('rejects a malformed region, naming where it came from', () => {
    expectConfigurationError(
      () => readAwsSettings(reader({ 'aws-region': 'eu-west-1a' }), 'x'),
      'aws-region',
    );
    process.env.AWS_REGION = 'Ireland';
    expectConfigurationError(() => readAwsSettings(reader({}), 'x'), 'AWS_REGION');
  });

  it('reads endpoint-url, max-attempts and retry-mode, strictly', () => {
    expect(
      readAwsSettings(
        reader({
          'aws-region': 'eu-west-1',
          'endpoint-url': 'http://127.0.0.1:4566',
          'max-attempts': '3',
          'retry-mode': 'adaptive',
        }),
        'x',
      ),
    ).toEqual({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      maxAttempts: 3,
      retryMode: 'adaptive',
      action: 'x',
    });
    const base = { 'aws-region': 'eu-west-1' };
    for (const endpoint of ['localhost:4566', 'ftp://host', 'http://', 'http://a b']) {
      expectConfigurationError(
        () => readAwsSettings(reader({ ...base, 'endpoint-url': endpoint }), 'x'),
        'endpoint-url',
      );
    }
    for (const attempts of ['0', '21', 'many']) {
      expectConfigurationError(
        () => readAwsSettings(reader({ ...base, 'max-attempts': attempts }), 'x'),
        'max-attempts',
      );
    }
    const error = expectConfigurationError(
      () => readAwsSettings(reader({ ...base, 'retry-mode': 'legacy' }), 'x'),
      'retry-mode',
    );
    expect(error.message).toContain('standard, adaptive');
  });
});

describe('clientConfig', () => {
  const settings = {
    region: 'eu-west-1',
    maxAttempts: 4,
    retryMode: 'standard' as const,
    action: 'sync-spa-s3',
  };

  it('sets region, retries and a user agent naming the bundle, its version and the action', () => {
    expect(clientConfig(settings)).toEqual({
      region: 'eu-west-1',
      maxAttempts: 4,
      retryMode: 'standard',
      customUserAgent: [
        [BUNDLE_NAME, BUNDLE_VERSION],
        ['action', 'sync-spa-s3'],
      ],
    });
  });

  it('passes the endpoint override; S3 then uses path-style URLs', () => {
    const overridden = { ...settings, endpoint: 'http://127.0.0.1:9000' };
    expect(clientConfig(overridden).endpoint).toBe('http://127.0.0.1:9000');
    expect(clientConfig(overridden).forcePathStyle).toBeUndefined();
    expect(clientConfig(overridden, 's3').forcePathStyle).toBe(true);
    expect(clientConfig(settings, 's3').forcePathStyle).toBeUndefined();
  });

  it('S3 uses path-style URLs when AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_S3 is set', () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:4566';
    expect(clientConfig(settings, 's3').forcePathStyle).toBe(true);
    expect(clientConfig(settings, 's3').endpoint).toBeUndefined();
    delete process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:9000';
    expect(clientConfig(settings, 's3').forcePathStyle).toBe(true);
  });
});

describe('createClient, with a real SDK client over HTTP', () => {
  let server: Server;
  let url: string;
  const requests: IncomingMessage[] = [];
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req);
      req.resume();
      req.on('end', () => {
        res.statusCode = status;
        if (req.headers['content-type']?.includes('x-www-form-urlencoded')) {
          res.setHeader('content-type', 'text/xml');
          res.end(
            '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account>' +
              '<Arn>arn:aws:iam::123456789012:user/test</Arn><UserId>AIDTEST</UserId>' +
              '</GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>' +
              '</GetCallerIdentityResponse>',
          );
          return;
        }
        res.setHeader('content-type', 'application/xml');
        res.end(
          status === 200
            ? '<?xml version="1.0"?><ListBucketResult><Name>site</Name><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>'
            : '<?xml version="1.0"?><Error><Code>InternalError</Code><Message>try again</Message></Error>',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    requests.length = 0;
    status = 200;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-test';
  });

  const settings = (endpoint?: string) =>
    readAwsSettings(
      reader({
        'aws-region': 'eu-west-1',
        'max-attempts': '2',
        ...(endpoint === undefined ? {} : { 'endpoint-url': endpoint }),
      }),
      'sync-spa-s3',
    );

  it('S3 with the endpoint-url input: path-style request, bundle user agent', async () => {
    const s3 = createClient(S3Client, settings(url), 's3');
    const result = await s3.send(new ListObjectsV2Command({ Bucket: 'site' }));
    expect(result.KeyCount).toBe(0);
    expect(requests).toHaveLength(1);
    const request = requests[0];
    expect(request?.url).toMatch(/^\/site\/?\?list-type=2/);
    expect(request?.headers.host).toBe(new URL(url).host);
    const agent = `${request?.headers['user-agent'] ?? ''} ${String(request?.headers['x-amz-user-agent'] ?? '')}`;
    expect(agent).toContain(`${BUNDLE_NAME}/${BUNDLE_VERSION}`);
    expect(agent).toContain('action/sync-spa-s3');
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d+\/eu-west-1\/s3\//,
    );
  });

  it('S3 with AWS_ENDPOINT_URL only: the SDK uses it, path-style', async () => {
    process.env.AWS_ENDPOINT_URL = url;
    const s3 = createClient(S3Client, settings(), 's3');
    await s3.send(new ListObjectsV2Command({ Bucket: 'site' }));
    expect(requests[0]?.url).toMatch(/^\/site\/?\?list-type=2/);
  });

  it('makes exactly max-attempts attempts on a retryable server error', async () => {
    status = 500;
    const s3 = createClient(S3Client, settings(url), 's3');
    const error = await s3
      .send(new ListObjectsV2Command({ Bucket: 'site' }))
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('InternalError');
    expect(requests).toHaveLength(2);
    expect((error as { $metadata: { attempts: number } }).$metadata.attempts).toBe(2);
    // The error after the last retry names the operation that failed.
    expect((error as Error).message).toMatch(
      /^S3 ListObjectsV2 failed after 2 attempts: try again \(HTTP 500, 127\.0\.0\.1:\d+/,
    );
  });

  it('any other client gets the same configuration (STS over awsQuery)', async () => {
    const sts = createClient(STSClient, settings(url));
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('123456789012');
    expect(await sts.config.region()).toBe('eu-west-1');
    expect(requests[0]?.headers['user-agent']).toContain(`${BUNDLE_NAME}/${BUNDLE_VERSION}`);
  });
});
