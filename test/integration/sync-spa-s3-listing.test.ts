import { createHash } from 'node:crypto';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { S3Service } from '../../local-aws/services/s3';
import type { RemoteObject } from '../../src/sync-spa-s3/plan';
import { compareKeys } from '../../src/sync-spa-s3/listing';
import { SiteBucket } from '../../src/sync-spa-s3/remote';

// The listing as sync-spa-s3 reads it (objects parsed from the raw body, key ranges listed at
// once) against the SDK's own pagination, on the same bucket of the local S3.
describe('sync-spa-s3 listing', () => {
  let stack: LocalAws;
  let saved: NodeJS.ProcessEnv;
  const keys: string[] = [];

  beforeAll(async () => {
    stack = await startLocalAws({ only: ['s3'] });
    saved = { ...process.env };
    Object.assign(process.env, stack.env); // credentials and endpoint for the SDK's chain
    const bucket = stack.service<S3Service>('s3').createBucket('listing');
    keys.push(
      'ap',
      'apq',
      'other/x',
      'app/.releases/20260101T000000000Z_r1.json',
      'app/.releases/20260101T000000000Z_r1/index.html',
      `app/a&b <c> "d" 'e'.js`,
      'app/café/ü.html',
      'app/日本語.txt',
      'app/😀.svg',
      'app/index.html',
    );
    for (let i = 0; i < 2600; i++) keys.push(`app/assets/chunk-${String(i).padStart(4, '0')}.js`);
    keys.forEach((key, i) =>
      bucket.put({
        key,
        file: '',
        size: i,
        etag: `"${createHash('md5').update(key).digest('hex')}"`,
        lastModified: new Date(),
        checksums: {},
        metadata: {},
      }),
    );
  });
  afterAll(async () => {
    process.env = saved;
    await stack.stop();
  });

  const siteBucket = (): SiteBucket =>
    new SiteBucket(
      {
        region: stack.region,
        endpoint: stack.endpoint,
        maxAttempts: 3,
        retryMode: 'standard',
        action: 'test',
      },
      { bucket: 'listing', concurrency: 8, partSize: 8 << 20, multipartThreshold: 16 << 20 },
    );

  const sdkListing = async (prefix: string): Promise<RemoteObject[]> => {
    const client = new S3Client({
      region: stack.region,
      endpoint: stack.endpoint,
      forcePathStyle: true,
    });
    const objects: RemoteObject[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: 'listing',
          Prefix: prefix,
          ...(token === undefined ? {} : { ContinuationToken: token }),
        }),
      );
      for (const o of page.Contents ?? [])
        objects.push({ key: o.Key ?? '', size: o.Size ?? 0, etag: o.ETag ?? '' });
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    client.destroy();
    return objects;
  };

  it('lists exactly what the SDK lists, in key order, however the key space is split', async () => {
    const expected = await sdkListing('app/');
    expect(expected.length).toBe(2607);
    const sorted = keys.filter((k) => k.startsWith('app/')).sort(compareKeys);
    const every = (n: number): string[] => sorted.filter((_, i) => (i + 1) % n === 0);
    const bucket = siteBucket();
    try {
      for (const splitAt of [
        [],
        every(900), // ranges of 900 keys: one page each
        every(1500), // ranges past a page: continued by token
        every(101),
        ['app/assets/chunk-1500.jsx', 'app/b', 'app/'], // bounds that are not keys
        ['zzz', 'ap', 'app/~', 'app/~'], // outside the prefix, past the end, repeated
        ['app/😀.svg', 'app/café/ü.html', 'app/assets/chunk-0001.js'], // unsorted, non-ASCII
      ]) {
        stack.requests.clear();
        const before = { ...bucket.listed };
        const listed = await bucket.list('app/', splitAt);
        expect(listed).toEqual(expected);
        // Every page was read from the raw body (none left to the SDK's parser).
        expect(bucket.listed.pages).toBeGreaterThan(before.pages);
        expect(bucket.listed.parsedRaw - before.parsedRaw).toBe(bucket.listed.pages - before.pages);
        // Each range costs one request per page it holds, no more.
        const inPrefix = new Set(splitAt.filter((k) => k.startsWith('app/')));
        expect(stack.requests.count('s3', 'ListObjectsV2')).toBeLessThanOrEqual(
          inPrefix.size + 1 + Math.ceil(2607 / 1000),
        );
      }
      expect(await bucket.list('app/assets/chunk-25', [])).toEqual(
        expected.filter((o) => o.key.startsWith('app/assets/chunk-25')),
      );
      expect(await bucket.list('nothing/', ['nothing/a'])).toEqual([]);
    } finally {
      bucket.destroy();
    }
  });
});
