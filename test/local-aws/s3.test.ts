import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { S3Service } from '../../local-aws/services/s3';

const run = promisify(execFile);

describe('local S3', () => {
  let stack: LocalAws;
  let s3: S3Client;
  beforeAll(async () => {
    stack = await startLocalAws({ only: ['s3'] });
    // Default SDK settings (flexible checksums on), path-style as the bundle's client factory does.
    s3 = new S3Client({
      region: stack.region,
      endpoint: stack.endpoint,
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'site' }));
  });
  afterAll(() => stack.stop());

  const md5 = (body: Buffer | string): string => createHash('md5').update(body).digest('hex');

  it('creates and heads buckets; missing buckets are NoSuchBucket / 404', async () => {
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'site' }))).resolves.toBeDefined();
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'nope' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'nope', Key: 'a' }))).rejects.toMatchObject(
      { name: 'NoSuchBucket' },
    );
  });

  it('stores headers, user metadata and an MD5 ETag; a missing key is NoSuchKey', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'site',
        Key: 'dir/a b.html',
        Body: '<h1>hi</h1>',
        ContentType: 'text/html; charset=utf-8',
        CacheControl: 'no-cache',
        Metadata: { 'content-sha1': 'abc' },
      }),
    );
    expect(put.ETag).toBe(`"${md5('<h1>hi</h1>')}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'dir/a b.html' }));
    expect(head).toMatchObject({
      ContentType: 'text/html; charset=utf-8',
      CacheControl: 'no-cache',
      Metadata: { 'content-sha1': 'abc' },
      ContentLength: 11,
    });
    const get = await s3.send(new GetObjectCommand({ Bucket: 'site', Key: 'dir/a b.html' }));
    expect(await get.Body?.transformToString()).toBe('<h1>hi</h1>');
    await expect(
      s3.send(new GetObjectCommand({ Bucket: 'site', Key: 'missing' })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'missing' })),
    ).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('decodes aws-chunked streaming uploads with trailing checksums (default SDK settings)', async () => {
    const body = Buffer.alloc(300_000, 'x');
    body.write('start');
    await s3.send(
      new PutObjectCommand({
        Bucket: 'site',
        Key: 'stream.bin',
        Body: Readable.from([body.subarray(0, 100_000), body.subarray(100_000)]),
        ContentLength: body.length,
      }),
    );
    const stored = await stack.service<S3Service>('s3').readObject('site', 'stream.bin');
    expect(stored.equals(body)).toBe(true);
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: 'site', Key: 'stream.bin', ChecksumMode: 'ENABLED' }),
    );
    expect(head.ETag).toBe(`"${md5(body)}"`);
    expect(head.ChecksumCRC32).toBeDefined();
    const get = await s3.send(
      new GetObjectCommand({ Bucket: 'site', Key: 'stream.bin', ChecksumMode: 'ENABLED' }),
    );
    expect(Buffer.from(await get.Body!.transformToByteArray()).equals(body)).toBe(true);
  });

  it('verifies a checksum sent by the client and rejects a mismatch as BadDigest', async () => {
    const sha1 = createHash('sha1').update('other').digest('base64');
    await expect(
      s3.send(
        new PutObjectCommand({ Bucket: 'site', Key: 'bad', Body: 'content', ChecksumSHA1: sha1 }),
      ),
    ).rejects.toMatchObject({ name: 'BadDigest' });
    const good = createHash('sha1').update('content').digest('base64');
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'site', Key: 'good', Body: 'content', ChecksumSHA1: good }),
    );
    expect(put.ChecksumSHA1).toBe(good);
  });

  it('lists with prefix, delimiter and continuation tokens', async () => {
    for (let i = 0; i < 7; i++)
      await s3.send(new PutObjectCommand({ Bucket: 'site', Key: `list/k${i}`, Body: String(i) }));
    await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'list/sub/x', Body: 'x' }));
    const keys: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2(
      { client: s3, pageSize: 3 },
      { Bucket: 'site', Prefix: 'list/' },
    )) {
      pages++;
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
    }
    expect(pages).toBe(3);
    expect(keys).toEqual([
      'list/k0',
      'list/k1',
      'list/k2',
      'list/k3',
      'list/k4',
      'list/k5',
      'list/k6',
      'list/sub/x',
    ]);
    const delimited = await s3.send(
      new ListObjectsV2Command({ Bucket: 'site', Prefix: 'list/', Delimiter: '/' }),
    );
    expect(delimited.CommonPrefixes).toEqual([{ Prefix: 'list/sub/' }]);
    expect(delimited.KeyCount).toBe(8);
  });

  it('copies with COPY and REPLACE metadata directives; copying onto itself needs REPLACE', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'site',
        Key: 'c/src',
        Body: 'copy me',
        ContentType: 'text/plain',
        Metadata: { a: '1' },
      }),
    );
    await s3.send(
      new CopyObjectCommand({ Bucket: 'site', Key: 'c/dst', CopySource: 'site/c/src' }),
    );
    expect(await s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'c/dst' }))).toMatchObject({
      ContentType: 'text/plain',
      Metadata: { a: '1' },
    });
    await expect(
      s3.send(new CopyObjectCommand({ Bucket: 'site', Key: 'c/src', CopySource: 'site/c/src' })),
    ).rejects.toMatchObject({ name: 'InvalidRequest' });
    const copied = await s3.send(
      new CopyObjectCommand({
        Bucket: 'site',
        Key: 'c/src',
        CopySource: 'site/c/src',
        MetadataDirective: 'REPLACE',
        CacheControl: 'no-cache',
        ContentType: 'text/html',
      }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(`"${md5('copy me')}"`);
    expect(await s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'c/src' }))).toMatchObject({
      ContentType: 'text/html',
      CacheControl: 'no-cache',
      Metadata: {},
    });
  });

  it('writes and deletes conditionally: If-None-Match * and If-Match ETag, 412 PreconditionFailed', async () => {
    const Bucket = 'site';
    const Key = 'cond/lock.json';
    const first = await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'a', IfNoneMatch: '*' }));
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => [e.name, e.$metadata?.httpStatusCode], // prettier-ignore
      );
    expect(await failure(s3.send(new PutObjectCommand({ Bucket, Key, Body: 'b', IfNoneMatch: '*' })))).toEqual(['PreconditionFailed', 412]); // prettier-ignore
    expect(await failure(s3.send(new PutObjectCommand({ Bucket, Key, Body: 'b', IfMatch: '"0123"' })))).toEqual(['PreconditionFailed', 412]); // prettier-ignore
    const second = await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'c', IfMatch: first.ETag })); // prettier-ignore
    const body = await s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(await body.Body?.transformToString()).toBe('c');
    expect(await failure(s3.send(new DeleteObjectCommand({ Bucket, Key, IfMatch: first.ETag })))).toEqual(['PreconditionFailed', 412]); // prettier-ignore
    await s3.send(new DeleteObjectCommand({ Bucket, Key, IfMatch: second.ETag }));
    expect(await failure(s3.send(new DeleteObjectCommand({ Bucket, Key, IfMatch: second.ETag })))).toEqual(['NoSuchKey', 404]); // prettier-ignore
    expect(await failure(s3.send(new PutObjectCommand({ Bucket, Key, Body: 'd', IfMatch: second.ETag })))).toEqual(['NoSuchKey', 404]); // prettier-ignore
    // Of concurrent creates, exactly one wins.
    const racers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => failure(s3.send(new PutObjectCommand({ Bucket, Key, Body: `r${i}`, IfNoneMatch: '*' })))), // prettier-ignore
    );
    expect(racers.filter((r) => r === undefined)).toHaveLength(1);
    expect(racers.filter((r) => r !== undefined)).toEqual(Array(7).fill(['PreconditionFailed', 412])); // prettier-ignore
  });

  it('deletes one object and batches of objects', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'd/1', Body: '1' }));
    await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'd/2 & <3>', Body: '2' }));
    await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'd/3', Body: '3' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'site', Key: 'd/3' }));
    const result = await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'site',
        Delete: { Objects: [{ Key: 'd/1' }, { Key: 'd/2 & <3>' }] },
      }),
    );
    expect(result.Deleted?.map((d) => d.Key)).toEqual(['d/1', 'd/2 & <3>']);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: 'site', Prefix: 'd/' }));
    expect(left.KeyCount).toBe(0);
  });

  it('assembles multipart uploads with an md5-of-md5s ETag and enforces the part size', async () => {
    const part1 = Buffer.alloc(5 * 1024 * 1024, 'a');
    const part2 = Buffer.from('tail');
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: 'site',
        Key: 'big.bin',
        ContentType: 'application/octet-stream',
        Metadata: { sha: 'x' },
      }),
    );
    const p1 = await s3.send(
      new UploadPartCommand({
        Bucket: 'site',
        Key: 'big.bin',
        UploadId,
        PartNumber: 1,
        Body: part1,
      }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({
        Bucket: 'site',
        Key: 'big.bin',
        UploadId,
        PartNumber: 2,
        Body: part2,
      }),
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'site',
        Key: 'big.bin',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    const expected = md5(
      Buffer.concat([Buffer.from(md5(part1), 'hex'), Buffer.from(md5(part2), 'hex')]),
    );
    expect(done.ETag).toBe(`"${expected}-2"`);
    const stored = await stack.service<S3Service>('s3').readObject('site', 'big.bin');
    expect(stored.equals(Buffer.concat([part1, part2]))).toBe(true);
    expect(await s3.send(new HeadObjectCommand({ Bucket: 'site', Key: 'big.bin' }))).toMatchObject({
      Metadata: { sha: 'x' },
      ContentLength: part1.length + 4,
    });

    const small = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'site', Key: 'small.bin' }),
    );
    const s1 = await s3.send(
      new UploadPartCommand({
        Bucket: 'site',
        Key: 'small.bin',
        UploadId: small.UploadId,
        PartNumber: 1,
        Body: 'tiny',
      }),
    );
    const s2 = await s3.send(
      new UploadPartCommand({
        Bucket: 'site',
        Key: 'small.bin',
        UploadId: small.UploadId,
        PartNumber: 2,
        Body: 'tiny',
      }),
    );
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'site',
          Key: 'small.bin',
          UploadId: small.UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: s1.ETag },
              { PartNumber: 2, ETag: s2.ETag },
            ],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityTooSmall' });
    await s3.send(
      new AbortMultipartUploadCommand({
        Bucket: 'site',
        Key: 'small.bin',
        UploadId: small.UploadId,
      }),
    );
    await expect(
      s3.send(
        new UploadPartCommand({
          Bucket: 'site',
          Key: 'small.bin',
          UploadId: small.UploadId,
          PartNumber: 3,
          Body: 'x',
        }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });

  it('answers injected SlowDown throttling in S3 shape', async () => {
    stack.injectFault({ service: 's3', operation: 'PutObject', kind: 'throttle', times: 1 });
    await expect(
      s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'x', Body: 'x' })),
    ).rejects.toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
  });

  it('serves the AWS CLI: aws s3 sync uploads (multipart too) and a no-op sync writes nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 's3-cli-'));
    try {
      mkdirSync(path.join(dir, 'assets'));
      writeFileSync(path.join(dir, 'index.html'), '<html></html>');
      writeFileSync(path.join(dir, 'assets', 'big.bin'), Buffer.alloc(9 * 1024 * 1024, 'z'));
      const env = { ...process.env, ...stack.env };
      await run('aws', ['s3', 'sync', dir, 's3://site/cli/'], { env });
      expect(
        (await stack.service<S3Service>('s3').readObject('site', 'cli/index.html')).toString(),
      ).toBe('<html></html>');
      expect(stack.service<S3Service>('s3').head('site', 'cli/assets/big.bin')?.etag).toMatch(
        /-\d+"$/,
      );
      const writes =
        stack.requests.count('s3', 'PutObject') + stack.requests.count('s3', 'UploadPart');
      await run('aws', ['s3', 'sync', dir, 's3://site/cli/'], { env });
      expect(
        stack.requests.count('s3', 'PutObject') + stack.requests.count('s3', 'UploadPart'),
      ).toBe(writes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
