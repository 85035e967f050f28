import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { S3Service } from '../../local-aws/services/s3';
import { runDist } from '../support/run-dist';
import { createTestBuild, isLockRequest, type TestBuild } from './sync-spa-s3-build';

// How many request waves (chains of S3 requests that had to wait for one another: see
// RequestLog.waves) a no-op and a redeploy take. Every S3 request is held LATENCY_MS by the
// stack, so requests sent together overlap and count once however busy the machine is; the
// counts are of dependency chains, not of time.
const LATENCY_MS = 250;

describe('sync-spa-s3 request waves (compiled)', () => {
  let stack: LocalAws;
  let build: TestBuild;

  beforeAll(async () => {
    stack = await startLocalAws({ only: ['s3'] });
    stack.service<S3Service>('s3').createBucket('waves');
  });
  afterAll(() => stack.stop());
  beforeEach(() => (build = createTestBuild()));
  afterEach(() => build.remove());

  let runId = 9000;
  const deploy = async (): Promise<{ waves: number; uploads: string[]; requests: number }> => {
    stack.requests.clear();
    stack.faults.clear();
    stack.faults.add({ service: 's3', kind: 'latency', latencyMs: LATENCY_MS, rate: 1 });
    try {
      await runDist('sync-spa-s3', {
        inputs: { directory: build.dir, bucket: 'waves' },
        env: { ...stack.env, GITHUB_RUN_ID: String(++runId) },
      });
    } finally {
      stack.faults.clear();
    }
    return {
      waves: stack.requests.waves('s3'),
      requests: stack.requests.count('s3'),
      uploads: stack.requests
        .filter('s3', 'PutObject')
        .filter((r) => !isLockRequest(r) && !r.path.includes('/.releases/'))
        .map((r) => r.path.replace(/^\/waves\//, ''))
        .sort(),
    };
  };

  it('a no-op and a redeploy stay within their waves, uploading exactly what changed', async () => {
    build.write('v1');
    await deploy();
    build.write('v2');
    const redeploy = await deploy();
    const noop = await deploy();
    // No-op: take the lock; list; read the live (and previous) manifest; release the lock.
    expect(noop.uploads).toEqual([]);
    expect(noop.waves).toBeLessThanOrEqual(4);
    // Redeploy: lock; list; manifest; new assets; index.html; its snapshot; the manifest; release.
    expect(redeploy.uploads).toEqual([...build.assets, 'index.html'].sort());
    expect(redeploy.waves).toBeLessThanOrEqual(8);
  });

  it('halves its concurrency when S3 answers SlowDown, and still uploads exactly the build', async () => {
    build.write('v3', { assets: 60 });
    stack.service<S3Service>('s3').createBucket('throttled');
    stack.requests.clear();
    // One PutObject in six answered SlowDown (from the stack's seeded generator).
    stack.faults.add({ service: 's3', operation: 'PutObject', kind: 'throttle', rate: 1 / 6 });
    let run;
    try {
      run = await runDist('sync-spa-s3', {
        inputs: { directory: build.dir, bucket: 'throttled', concurrency: '16' },
        env: { ...stack.env, GITHUB_RUN_ID: String(++runId) },
      });
    } finally {
      stack.faults.clear();
    }
    expect(run.exitCode).toBe(0);
    expect(stack.requests.filter('s3', 'PutObject').filter((r) => r.status === 503).length).toBeGreaterThan(0); // prettier-ignore
    expect(run.summary).toMatch(
      /Concurrency.*16 \(reached \d+; down to [1-8] when S3 pushed back\)/,
    );
    // The assets, index.html, robots.txt and logo.svg.
    expect(run.outputs.uploaded).toBe(String(build.assets.length + 3));
  });
});
