import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { S3Service } from '../../local-aws/services/s3';
import type { CloudFrontService } from '../../local-aws/services/cloudfront';
import { nodeRuntimes, runDist, type DistRun } from '../support/run-dist';
import { spaDistributionConfig } from '../local-aws/cloudfront-fixtures';
import {
  assetName,
  createTestBuild,
  isLockRequest,
  setMtime,
  type TestBuild,
} from './sync-spa-s3-build';

const WRITES = [
  'PutObject',
  'CopyObject',
  'UploadPart',
  'CreateMultipartUpload',
  'DeleteObject',
  'DeleteObjects',
];

describe('sync-spa-s3 (compiled)', () => {
  let stack: LocalAws;
  let s3: S3Service;
  let build: TestBuild;
  let bucketCount = 0;
  const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' };

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['s3', 'cloudfront'],
      timings: { 'cloudfront.invalidation': 200 },
    });
    s3 = stack.service<S3Service>('s3');
  });
  afterAll(() => stack.stop());
  beforeEach(() => {
    build = createTestBuild();
  });
  afterEach(() => build.remove());

  const newBucket = (): string => {
    const name = `site-${++bucketCount}`;
    s3.createBucket(name);
    return name;
  };
  let runId = 2000;
  // Every deploy is a new workflow run (so a new default release id), as on GitHub.
  const sync = (
    bucket: string,
    inputs: Record<string, string> = {},
    node?: string,
  ): Promise<DistRun> =>
    runDist('sync-spa-s3', {
      inputs: { directory: build.dir, bucket, ...inputs },
      env: { ...stack.env, GITHUB_RUN_ID: String(++runId) },
      ...(node ? { node } : {}),
    });
  /** Writes to the site: the lock object (taken and released by every sync) aside. */
  const writes = (): number =>
    WRITES.reduce((sum, op) => sum + stack.requests.filter('s3', op).filter((r) => !isLockRequest(r)).length, 0); // prettier-ignore
  const text = async (bucket: string, key: string): Promise<string> =>
    (await s3.readObject(bucket, key)).toString();

  describe.each(nodeRuntimes())('on $label', ({ path: node }) => {
    it('publishes with the right headers, then uploads only what changed by content (never by mtime)', async () => {
      const bucket = newBucket();
      build.write('v1');
      const first = await sync(bucket, { prefix: 'app' }, node);
      expect(first.errors).toEqual([]);
      expect(first.exitCode).toBe(0);
      expect(first.outputs).toMatchObject({
        status: 'synced',
        uploaded: '7',
        unchanged: '0',
        pruned: '0',
      });
      expect(first.outputs['changed-paths']?.split('\n')).toEqual(
        expect.arrayContaining(['/index.html', '/', '/robots.txt', `/${build.assets[0]}`]),
      );
      const index = s3.head(bucket, 'app/index.html');
      expect(index).toMatchObject({
        contentType: 'text/html; charset=utf-8',
        cacheControl: 'no-cache',
      });
      expect(index?.acl).toBeUndefined();
      expect(s3.head(bucket, `app/${build.assets[0]}`)).toMatchObject({
        contentType: 'text/javascript; charset=utf-8',
        cacheControl: 'public, max-age=31536000, immutable',
      });
      expect(s3.head(bucket, 'app/logo.svg')).toMatchObject({
        contentType: 'image/svg+xml; charset=utf-8',
        cacheControl: 'public, max-age=300',
      });
      const manifests = [...(s3.bucket(bucket)?.objects.keys() ?? [])].filter((k) =>
        /^app\/\.releases\/[^/]+\.json$/.test(k),
      );
      expect(manifests).toHaveLength(1);
      expect(first.summary).toContain('sync-spa-s3: synced');

      // A fresh checkout: every mtime new, one same-size edit whose mtime is old.
      build.write('v1');
      const indexPath = path.join(build.dir, 'index.html');
      writeFileSync(indexPath, readFileSync(indexPath, 'utf8').replace('<title>v1', '<title>v2'));
      setMtime(indexPath, new Date('2001-01-01T00:00:00Z'));
      const before = writes();
      const second = await sync(bucket, { prefix: 'app' }, node);
      expect(second.outputs).toMatchObject({
        status: 'synced',
        uploaded: '1',
        unchanged: '6',
        'changed-paths': '/index.html\n/',
      });
      expect(await text(bucket, 'app/index.html')).toContain('<title>v2');
      // One upload, one snapshot copy of the new index.html, one manifest.
      expect(writes() - before).toBe(3);

      const idle = writes();
      const third = await sync(bucket, { prefix: 'app' }, node);
      expect(third.outputs).toMatchObject({
        status: 'unchanged',
        uploaded: '0',
        unchanged: '7',
        'changed-paths': '',
      });
      expect(third.outputs['release-id']).toBe(second.outputs['release-id']);
      expect(writes()).toBe(idle);
    });
  });

  it('refuses a missing or empty directory and a build without index.html before any request', async () => {
    const bucket = newBucket();
    const empty = mkdtempSync(path.join(os.tmpdir(), 'empty-build-'));
    const seen = stack.requests.all().length;
    try {
      const missing = await runDist('sync-spa-s3', {
        inputs: { directory: path.join(empty, 'nope'), bucket },
        env: stack.env,
      });
      expect(missing.exitCode).toBe(1);
      expect(missing.errors[0]).toMatch(/Input 'directory': .* does not exist/);
      const none = await runDist('sync-spa-s3', {
        inputs: { directory: empty, bucket },
        env: stack.env,
      });
      expect(none.errors[0]).toMatch(/Input 'directory': .* is empty/);
      build.write('v1');
      rmSync(path.join(build.dir, 'index.html'));
      const noIndex = await sync(bucket);
      expect(noIndex.errors[0]).toMatch(/Input 'index-file': "index.html" is missing/);
      expect(stack.requests.all().length).toBe(seen);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('keeps removed files for keep-releases releases, then prunes them; refuses a delete above max-delete-ratio', async () => {
    const bucket = newBucket();
    build.write('v1', { extra: { 'old-page.txt': 'old' } });
    await sync(bucket);
    build.write('v2');
    const second = await sync(bucket);
    expect(second.outputs.pruned).toBe('0');
    expect(s3.head(bucket, 'old-page.txt')).toBeDefined();
    expect(s3.head(bucket, assetName('v1', 0))).toBeDefined();
    build.write('v3');
    const dry = await sync(bucket, { 'dry-run': 'true' });
    expect(dry.outputs.status).toBe('dry-run');
    expect(dry.stdout).toContain('prune old-page.txt');
    expect(s3.head(bucket, 'old-page.txt')).toBeDefined();
    const refused = await sync(bucket, { 'max-delete-ratio': '0.2' });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors[0]).toMatch(/Input 'max-delete-ratio': pruning would delete 5 of/);
    const third = await sync(bucket);
    expect(third.outputs.pruned).toBe('5');
    expect(s3.head(bucket, 'old-page.txt')).toBeUndefined();
    expect(s3.head(bucket, assetName('v1', 0))).toBeUndefined();
    expect(s3.head(bucket, assetName('v2', 0))).toBeDefined();
  });

  it('a re-run of the same workflow run reports the same changed paths and writes nothing', async () => {
    const bucket = newBucket();
    const deploy = (runId: string): Promise<DistRun> =>
      runDist('sync-spa-s3', {
        inputs: { directory: build.dir, bucket },
        env: { ...stack.env, GITHUB_RUN_ID: runId },
      });
    build.write('v1');
    await deploy('7001');
    build.write('v2');
    const first = await deploy('7002');
    const before = writes();
    const rerun = await deploy('7002');
    expect(rerun.outputs).toMatchObject({
      status: 'unchanged',
      uploaded: '0',
      'release-id': first.outputs['release-id'],
      'changed-paths': first.outputs['changed-paths'],
    });
    expect(first.outputs['changed-paths']).toContain('/index.html');
    expect(writes()).toBe(before);
  });

  it('leaves objects it never published alone', async () => {
    const bucket = newBucket();
    const client = new S3Client({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials,
      forcePathStyle: true,
    });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/user.png', Body: 'x' }));
    for (const version of ['v1', 'v2', 'v3']) {
      build.write(version);
      await sync(bucket);
    }
    expect(s3.head(bucket, 'uploads/user.png')).toBeDefined();
  });

  it('uploads big files in parts with the content hash of each part', async () => {
    const bucket = newBucket();
    const big = Buffer.alloc(11 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
    build.write('v1', { extra: { 'video/intro-9f8e7d6c5b.mp4': big } });
    const run = await sync(bucket, { 'multipart-threshold-mb': '5', 'part-size-mb': '5' });
    expect(run.exitCode).toBe(0);
    expect(
      stack.requests.filter('s3', 'UploadPart').filter((r) => r.path.includes('intro')),
    ).toHaveLength(3);
    expect((await s3.readObject(bucket, 'video/intro-9f8e7d6c5b.mp4')).equals(big)).toBe(true);
    expect(s3.head(bucket, 'video/intro-9f8e7d6c5b.mp4')?.etag).toMatch(/-3"$/);
    expect(s3.head(bucket, 'video/intro-9f8e7d6c5b.mp4')?.contentType).toBe('video/mp4');
    const again = await sync(bucket, { 'multipart-threshold-mb': '5', 'part-size-mb': '5' });
    expect(again.outputs.status).toBe('unchanged');
  });

  it('completes through SlowDown, 500s and connection resets, and converges on a re-run', async () => {
    const bucket = newBucket();
    build.write('v1', { assets: 12 });
    // Rules fire in order: two SlowDowns first, then 500s and resets at random (seeded).
    stack.injectFault({ service: 's3', operation: 'PutObject', kind: 'throttle', times: 2 });
    stack.injectFault({
      service: 's3',
      operation: 'PutObject',
      kind: 'error',
      status: 500,
      rate: 0.15,
    });
    stack.injectFault({ service: 's3', operation: 'PutObject', kind: 'reset', rate: 0.15 });
    stack.injectFault({ service: 's3', operation: 'ListObjectsV2', kind: 'throttle', times: 1 });
    const run = await sync(bucket, { 'max-attempts': '6' });
    expect(run.errors).toEqual([]);
    expect(run.outputs.uploaded).toBe('15');
    const faults = new Set(stack.requests.filter('s3', 'PutObject').map((r) => r.fault));
    expect(faults).toEqual(new Set([undefined, 'throttle', 'error', 'reset']));
    stack.faults.clear();
    for (const asset of build.assets) expect(await text(bucket, asset)).toContain(asset);
    const again = await sync(bucket);
    expect(again.outputs).toMatchObject({ status: 'unchanged', uploaded: '0' });
  });

  it('sets headers from user rules, precompressed siblings and an explicit ACL', async () => {
    const bucket = newBucket();
    build.write('v1', {
      extra: {
        'app.js': 'plain',
        'app.js.br': Buffer.from([1, 2, 3]),
        'fonts/inter.woff2': 'font',
      },
    });
    const run = await sync(bucket, {
      precompressed: 'true',
      acl: 'public-read',
      'cache-control': 'fonts/**=public, max-age=604800\n*.txt=no-store',
    });
    expect(run.exitCode).toBe(0);
    expect(s3.head(bucket, 'app.js.br')).toMatchObject({
      contentType: 'text/javascript; charset=utf-8',
      contentEncoding: 'br',
      cacheControl: 'public, max-age=300',
    });
    expect(s3.head(bucket, 'fonts/inter.woff2')).toMatchObject({
      contentType: 'font/woff2',
      cacheControl: 'public, max-age=604800',
    });
    expect(s3.head(bucket, 'robots.txt')).toMatchObject({
      cacheControl: 'no-store',
      acl: 'public-read',
    });
    const bad = await sync(bucket, { acl: 'public' });
    expect(bad.errors[0]).toMatch(/Input 'acl': expected one of private, public-read/);
  });

  it('keeps release-history manifests and their snapshots, deleting older ones after a deploy', async () => {
    const bucket = newBucket();
    const releases = (): string[] =>
      [...(s3.bucket(bucket)?.objects.keys() ?? [])]
        .filter((key) => key.startsWith('.releases/'))
        .sort();
    for (const [n, version] of ['v1', 'v2', 'v3'].entries()) {
      build.write(version);
      const run = await sync(bucket, { 'release-id': `r${n + 1}`, 'release-history': '2' });
      expect(run.errors).toEqual([]);
    }
    const kept = releases();
    // Manifests of r2 and r3 (the newest two) and their snapshot copies; nothing of r1.
    expect(kept.filter((key) => key.endsWith('.json')).map((key) => key.replace(/^.*_/, ''))).toEqual([
      'r2.json',
      'r3.json',
    ]); // prettier-ignore
    expect(kept.some((key) => key.includes('_r1'))).toBe(false);
    expect(kept.some((key) => /_r2\/.+/.test(key))).toBe(true);
    // The release before the live one can still be restored.
    const restored = await runDist('sync-spa-s3', {
      inputs: { bucket, 'restore-release': 'previous', 'release-id': 'back' },
      env: stack.env,
    });
    expect(restored.errors).toEqual([]);
    expect(await text(bucket, 'index.html')).toContain('<title>v2');
    const gone = await runDist('sync-spa-s3', {
      inputs: { bucket, 'restore-release': 'r1' },
      env: stack.env,
    });
    expect(gone.errors[0]).toMatch(/Input 'restore-release': no release "r1"/);
  });

  it('restores the previous release by server-side copies only', async () => {
    const bucket = newBucket();
    build.write('v1');
    await sync(bucket, { 'release-id': 'one' });
    build.write('v2');
    await sync(bucket, { 'release-id': 'two' });
    expect(await text(bucket, 'index.html')).toContain('<title>v2');
    const sitePuts = (): number => stack.requests.filter('s3', 'PutObject').filter((r) => !isLockRequest(r)).length; // prettier-ignore
    const puts = sitePuts();
    const restored = await runDist('sync-spa-s3', {
      inputs: { bucket, 'restore-release': 'previous', 'release-id': 'rollback' },
      env: stack.env,
    });
    expect(restored.errors).toEqual([]);
    expect(restored.outputs).toMatchObject({
      status: 'restored',
      'release-id': 'rollback-restore',
      'changed-paths': '/index.html\n/',
    });
    expect(await text(bucket, 'index.html')).toContain('<title>v1');
    expect(s3.head(bucket, 'index.html')).toMatchObject({
      cacheControl: 'no-cache',
      contentType: 'text/html; charset=utf-8',
    });
    expect(sitePuts() - puts).toBe(1); // the new manifest only
    const unknown = await runDist('sync-spa-s3', {
      inputs: { bucket, 'restore-release': 'nope' },
      env: stack.env,
    });
    expect(unknown.errors[0]).toMatch(/Input 'restore-release': no release "nope"/);
  });

  it('never lets the CDN serve an index.html whose assets are missing while it publishes', async () => {
    const bucket = newBucket();
    const cf = new CloudFrontClient({ region: 'us-east-1', endpoint: stack.endpoint, credentials });
    const created = await cf.send(
      new CreateDistributionCommand({
        DistributionConfig: spaDistributionConfig(bucket, `probe-${bucket}`),
      }),
    );
    const edge = stack
      .service<CloudFrontService>('cloudfront')
      .edgeUrl(created.Distribution?.Id ?? '');
    build.write('v1', { assets: 30 });
    await sync(bucket);
    build.write('v2', { assets: 30 });
    stack.injectFault({
      service: 's3',
      operation: 'PutObject',
      kind: 'latency',
      latencyMs: 40,
      times: 40,
    });
    let done = false;
    const syncing = sync(bucket, { concurrency: '4' }).finally(() => {
      done = true;
    });
    let probes = 0;
    const broken: string[] = [];
    const versions = new Set<string>();
    while (!done) {
      const html = await (await fetch(`${edge}/index.html`)).text();
      versions.add(/<title>(v\d)/.exec(html)?.[1] ?? '?');
      for (const [, asset] of html.matchAll(/src="(\/assets\/[^"]+)"/g)) {
        const res = await fetch(`${edge}${asset}`);
        const type = res.headers.get('content-type') ?? '';
        await res.arrayBuffer();
        if (!type.startsWith('text/javascript')) broken.push(`${asset}: ${res.status} ${type}`);
      }
      probes++;
    }
    expect((await syncing).exitCode).toBe(0);
    expect(probes).toBeGreaterThan(3);
    expect(broken).toEqual([]);
    expect(versions.has('v1')).toBe(true);
    expect(await (await fetch(`${edge}/`)).text()).toContain('<title>v2');
  });
});
