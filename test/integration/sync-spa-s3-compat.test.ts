import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { S3Service } from '../../local-aws/services/s3';
import { runDist } from '../support/run-dist';
import { createTestBuild, isLockRequest, type TestBuild } from './sync-spa-s3-build';

const WRITES = ['PutObject', 'CopyObject', 'UploadPart', 'CreateMultipartUpload', 'DeleteObjects'];

// A bucket as the earlier versions of sync-spa-s3 left it, written here object by object: each
// object with its SHA-1 in x-amz-meta-content-sha1, release manifests (format 1) under
// .releases/ with a snapshot copy of every non-hashed file. The stored format is a contract: a
// deploy over such a bucket must neither upload again what is there nor lose the pruning state.
describe('sync-spa-s3 over a bucket published by an earlier version', () => {
  let stack: LocalAws;
  let client: S3Client;
  let build: TestBuild;
  beforeAll(async () => {
    stack = await startLocalAws({ only: ['s3'] });
    stack.service<S3Service>('s3').createBucket('published');
    client = new S3Client({
      region: stack.region,
      endpoint: stack.endpoint,
      forcePathStyle: true,
      credentials: {
        accessKeyId: stack.env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: stack.env.AWS_SECRET_ACCESS_KEY ?? '',
        ...(stack.env.AWS_SESSION_TOKEN === undefined
          ? {}
          : { sessionToken: stack.env.AWS_SESSION_TOKEN }),
      },
    });
    build = createTestBuild();
  });
  afterAll(async () => {
    build.remove();
    client.destroy();
    await stack.stop();
  });

  const headersOf = (file: string): { kind: string; contentType: string; cacheControl: string } => {
    if (file.endsWith('.html'))
      return { kind: 'entry', contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' };
    if (file === 'robots.txt')
      return { kind: 'entry', contentType: 'text/plain; charset=utf-8', cacheControl: 'no-cache' };
    if (file.endsWith('.svg'))
      return {
        kind: 'other',
        contentType: 'image/svg+xml; charset=utf-8',
        cacheControl: 'public, max-age=300',
      };
    return {
      kind: 'hashed',
      contentType: 'text/javascript; charset=utf-8',
      cacheControl: 'public, max-age=31536000, immutable',
    };
  };

  /** What an earlier version's PutObject stored; returns the ETag. */
  const put = async (key: string, body: Buffer | string, file: string): Promise<string> => {
    const { contentType, cacheControl } = headersOf(file);
    const sha1 = createHash('sha1').update(body).digest('hex');
    const result = await client.send(
      new PutObjectCommand({
        Bucket: 'published',
        Key: key,
        Body: body,
        ContentType: contentType,
        CacheControl: cacheControl,
        ChecksumSHA1: Buffer.from(sha1, 'hex').toString('base64'),
        Metadata: { 'content-sha1': sha1 },
      }),
    );
    return result.ETag ?? '';
  };

  /** Publishes files as release `id` did: objects, snapshots, then the manifest. */
  const publishRelease = async (
    id: string,
    stamp: string,
    files: Record<string, Buffer | string>,
  ): Promise<void> => {
    const snapshotPrefix = `.releases/${stamp}_${id}/`;
    const entries: Record<string, unknown> = {};
    for (const [file, body] of Object.entries(files)) {
      const { kind, contentType, cacheControl } = headersOf(file);
      const etag = await put(file, body, file);
      if (kind !== 'hashed') await put(`${snapshotPrefix}${file}`, body, file);
      entries[file] = {
        sha1: createHash('sha1').update(body).digest('hex'),
        size: Buffer.byteLength(body),
        etag,
        kind,
        contentType,
        cacheControl,
        ...(kind === 'hashed' ? {} : { snapshot: `${snapshotPrefix}${file}` }),
      };
    }
    await client.send(
      new PutObjectCommand({
        Bucket: 'published',
        Key: `.releases/${stamp}_${id}.json`,
        Body: JSON.stringify({
          format: 1,
          releaseId: id,
          createdAt: new Date().toISOString(),
          snapshotPrefix,
          files: entries,
        }),
        ContentType: 'application/json',
        CacheControl: 'no-cache',
      }),
    );
  };

  it('deploys the same build as a no-op, then uploads only a changed file and prunes what an older release left', async () => {
    build.write('v1');
    const files = (): Record<string, Buffer> =>
      Object.fromEntries(
        [...build.assets, 'index.html', 'robots.txt', 'logo.svg'].map((f) => [
          f,
          readFileSync(path.join(build.dir, f)),
        ]),
      );
    await publishRelease('older', '20260101T000000000Z', {
      ...files(),
      'assets/old-0a1b2c3d4.js': 'export const old = 1;\n',
    });
    await publishRelease('live', '20260102T000000000Z', files());

    const sync = (run: string): ReturnType<typeof runDist> =>
      runDist('sync-spa-s3', {
        inputs: { directory: build.dir, bucket: 'published' },
        env: { ...stack.env, GITHUB_RUN_ID: run },
      });
    const writes = (): number =>
      WRITES.reduce((sum, op) => sum + stack.requests.filter('s3', op).filter((r) => !isLockRequest(r)).length, 0); // prettier-ignore

    stack.requests.clear();
    const same = await sync('3001');
    expect(same.errors).toEqual([]);
    expect(same.outputs).toMatchObject({ status: 'unchanged', uploaded: '0', pruned: '0' });
    expect(same.outputs['headers-updated']).toBe('0');
    expect(writes()).toBe(0);
    expect(stack.requests.count('s3', 'HeadObject')).toBe(0); // the manifests vouch for all

    build.write('v1', { extra: { 'robots.txt': 'User-agent: *\nDisallow: /admin\n' } });
    stack.requests.clear();
    const changed = await sync('3002');
    expect(changed.errors).toEqual([]);
    expect(changed.outputs).toMatchObject({ status: 'synced', uploaded: '1', pruned: '1' });
    expect(changed.outputs['changed-paths']).toBe('/robots.txt');
    const s3 = stack.service<S3Service>('s3');
    expect((await s3.readObject('published', 'robots.txt')).toString()).toContain('/admin');
    await expect(s3.readObject('published', 'assets/old-0a1b2c3d4.js')).rejects.toThrow();
    expect((await s3.readObject('published', build.assets[0] ?? '')).length).toBeGreaterThan(0);
  });
});
