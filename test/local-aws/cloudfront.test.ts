import {
  CloudFrontClient,
  CreateDistributionCommand,
  CreateInvalidationCommand,
  GetDistributionCommand,
  GetInvalidationCommand,
  ListDistributionsCommand,
  ListInvalidationsCommand,
} from '@aws-sdk/client-cloudfront';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { CloudFrontService } from '../../local-aws/services/cloudfront';
import { spaDistributionConfig } from './cloudfront-fixtures';

const INVALIDATION_MS = 300;

describe('local CloudFront', () => {
  let stack: LocalAws;
  let cf: CloudFrontClient;
  let s3: S3Client;
  let distributionId: string;
  let edge: string;
  const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' };

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['s3', 'cloudfront'],
      timings: { 'cloudfront.invalidation': INVALIDATION_MS, 'cloudfront.deploy': 100 },
    });
    cf = new CloudFrontClient({
      region: 'us-east-1',
      endpoint: stack.endpoint,
      credentials,
      maxAttempts: 1,
    });
    s3 = new S3Client({
      region: 'us-east-1',
      endpoint: stack.endpoint,
      credentials,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'web' }));
    const created = await cf.send(
      new CreateDistributionCommand({
        DistributionConfig: spaDistributionConfig('web', 'ref-1', ['www.example.com']),
      }),
    );
    distributionId = created.Distribution?.Id ?? '';
    edge = stack.service<CloudFrontService>('cloudfront').edgeUrl(distributionId);
  });
  afterAll(() => stack.stop());

  const put = (key: string, body: string, cacheControl?: string): Promise<unknown> =>
    s3.send(
      new PutObjectCommand({
        Bucket: 'web',
        Key: key,
        Body: body,
        ContentType: 'text/html',
        ...(cacheControl ? { CacheControl: cacheControl } : {}),
      }),
    );
  const fetchText = async (
    path: string,
  ): Promise<{ status: number; text: string; cache: string | null }> => {
    const res = await fetch(`${edge}${path}`);
    return { status: res.status, text: await res.text(), cache: res.headers.get('x-cache') };
  };
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  it('creates, gets and lists distributions with their aliases; a reused CallerReference is refused', async () => {
    const got = await cf.send(new GetDistributionCommand({ Id: distributionId }));
    expect(got.Distribution?.DomainName).toMatch(/^d[a-z0-9]+\.cloudfront\.net$/);
    expect(got.Distribution?.DistributionConfig?.Aliases?.Items).toEqual(['www.example.com']);
    expect(got.ETag).toBeDefined();
    const list = await cf.send(new ListDistributionsCommand({}));
    expect(list.DistributionList?.Items?.map((d) => [d.Id, d.Aliases?.Items])).toEqual([
      [distributionId, ['www.example.com']],
    ]);
    await expect(
      cf.send(
        new CreateDistributionCommand({
          DistributionConfig: spaDistributionConfig('web', 'ref-1'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'DistributionAlreadyExists' });
    await expect(cf.send(new GetDistributionCommand({ Id: 'ENOPE' }))).rejects.toMatchObject({
      name: 'NoSuchDistribution',
    });
    await sleep(150);
    expect(
      (await cf.send(new GetDistributionCommand({ Id: distributionId }))).Distribution?.Status,
    ).toBe('Deployed');
  });

  it('serves a stale cached object until an invalidation for its path completes', async () => {
    await put('page.html', 'v1');
    expect(await fetchText('/page.html')).toEqual({
      status: 200,
      text: 'v1',
      cache: 'Miss from cloudfront',
    });
    await put('page.html', 'v2');
    expect(await fetchText('/page.html')).toEqual({
      status: 200,
      text: 'v1',
      cache: 'Hit from cloudfront',
    });
    const created = await cf.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: {
          CallerReference: 'deploy-1',
          Paths: { Quantity: 1, Items: ['/page.html'] },
        },
      }),
    );
    expect(created.Invalidation?.Status).toBe('InProgress');
    expect((await fetchText('/page.html')).text).toBe('v1');
    await sleep(INVALIDATION_MS + 100);
    const got = await cf.send(
      new GetInvalidationCommand({ DistributionId: distributionId, Id: created.Invalidation?.Id }),
    );
    expect(got.Invalidation?.Status).toBe('Completed');
    expect(await fetchText('/page.html')).toEqual({
      status: 200,
      text: 'v2',
      cache: 'Miss from cloudfront',
    });
  });

  it('honours Cache-Control: no-cache objects are fetched from the origin every time', async () => {
    await put('index.html', 'home-1', 'no-cache');
    expect((await fetchText('/')).text).toBe('home-1');
    await put('index.html', 'home-2', 'no-cache');
    expect(await fetchText('/')).toMatchObject({ text: 'home-2', cache: 'Miss from cloudfront' });
  });

  it('answers missing paths with the SPA error response (/index.html, 200)', async () => {
    expect(await fetchText('/app/settings/profile')).toMatchObject({ status: 200, text: 'home-2' });
  });

  it('wildcard invalidations purge every matching path', async () => {
    await put('assets/a.js', 'a1');
    await put('assets/b.js', 'b1');
    await fetchText('/assets/a.js');
    await fetchText('/assets/b.js');
    await put('assets/a.js', 'a2');
    await put('assets/b.js', 'b2');
    await cf.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: {
          CallerReference: 'wild',
          Paths: { Quantity: 1, Items: ['/assets/*'] },
        },
      }),
    );
    await sleep(INVALIDATION_MS + 100);
    expect([
      (await fetchText('/assets/a.js')).text,
      (await fetchText('/assets/b.js')).text,
    ]).toEqual(['a2', 'b2']);
  });

  it('treats CallerReference as an idempotency key', async () => {
    const batch = { CallerReference: 'same-ref', Paths: { Quantity: 2, Items: ['/a', '/b'] } };
    const first = await cf.send(
      new CreateInvalidationCommand({ DistributionId: distributionId, InvalidationBatch: batch }),
    );
    const again = await cf.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: { ...batch, Paths: { Quantity: 2, Items: ['/b', '/a'] } },
      }),
    );
    expect(again.Invalidation?.Id).toBe(first.Invalidation?.Id);
    await expect(
      cf.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: { CallerReference: 'same-ref', Paths: { Quantity: 1, Items: ['/c'] } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidationBatchAlreadyExists' });
  });

  it('enforces the in-progress limits (15 wildcards, 3,000 paths) with TooManyInvalidationsInProgress', async () => {
    const wild = Array.from({ length: 15 }, (_, i) => `/w${i}/*`);
    await cf.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: { CallerReference: 'w15', Paths: { Quantity: 15, Items: wild } },
      }),
    );
    await expect(
      cf.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: { CallerReference: 'w16', Paths: { Quantity: 1, Items: ['/x/*'] } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'TooManyInvalidationsInProgress' });
    const many = Array.from({ length: 3001 }, (_, i) => `/f${i}`);
    await expect(
      cf.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: {
            CallerReference: 'p3001',
            Paths: { Quantity: many.length, Items: many },
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'TooManyInvalidationsInProgress' });
    await expect(
      cf.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: { CallerReference: 'bad', Paths: { Quantity: 1, Items: ['/a*b'] } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidArgument' });
    await sleep(INVALIDATION_MS + 100);
    await expect(
      cf.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: { CallerReference: 'w16', Paths: { Quantity: 1, Items: ['/x/*'] } },
        }),
      ),
    ).resolves.toBeDefined();
    const listed = await cf.send(
      new ListInvalidationsCommand({ DistributionId: distributionId, MaxItems: 2 }),
    );
    expect(listed.InvalidationList).toMatchObject({ IsTruncated: true, Quantity: 2 });
    expect(listed.InvalidationList?.Items?.[0]?.Status).toBe('InProgress');
  });
});
