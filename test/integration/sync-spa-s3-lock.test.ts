import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { S3Service } from '../../local-aws/services/s3';
import type { Clock } from '../../src/core/clock';
import { DeploymentFailedError } from '../../src/core/errors';
import { BucketLock, lockKey, lockOwner } from '../../src/sync-spa-s3/lock';
import { SiteBucket } from '../../src/sync-spa-s3/remote';

// The bucket lock of sync-spa-s3 against the local stack's S3 conditional writes.
describe('sync-spa-s3 bucket lock', () => {
  let stack: LocalAws;
  let saved: NodeJS.ProcessEnv;
  const opened: SiteBucket[] = [];

  beforeAll(async () => {
    stack = await startLocalAws({ only: ['s3'] });
    saved = { ...process.env };
    Object.assign(process.env, stack.env);
    stack.service<S3Service>('s3').createBucket('locked');
  });
  afterAll(async () => {
    for (const bucket of opened) bucket.destroy();
    process.env = saved;
    await stack.stop();
  });

  const site = (): SiteBucket => {
    const bucket = new SiteBucket(
      { region: stack.region, endpoint: stack.endpoint, maxAttempts: 3, retryMode: 'standard', action: 'test' }, // prettier-ignore
      { bucket: 'locked', concurrency: 8, partSize: 8 << 20, multipartThreshold: 16 << 20 },
    );
    opened.push(bucket);
    return bucket;
  };
  /** A clock the test moves; waits do not sleep. */
  const manualClock = (): Clock & { advance(ms: number): void } => {
    let now = Date.parse('2026-12-04T12:00:00Z');
    return {
      now: () => now,
      sleep: (ms: number) => {
        now += ms;
        return Promise.resolve();
      },
      advance: (ms: number) => (now += ms),
    } as Clock & { advance(ms: number): void };
  };

  it('refuses a second sync of the same site, naming the holder, and frees the site on release', async () => {
    const key = lockKey('app/');
    expect(key).toBe('app/.releases/lock.json');
    const first = await BucketLock.acquire(site(), key, { waitMs: 0, owner: 'octo/site run 1' });
    const second = BucketLock.acquire(site(), key, { waitMs: 0, owner: 'octo/site run 2' });
    await expect(second).rejects.toThrow(DeploymentFailedError);
    await expect(second).rejects.toThrow(/lock app\/\.releases\/lock\.json is held by octo\/site run 1 \(since .*, expires .*\)\. Nothing was written/); // prettier-ignore
    // Another prefix is another site.
    const other = await BucketLock.acquire(site(), lockKey('docs/'), { waitMs: 0, owner: 'x' });
    await first.release();
    await other.release();
    const third = await BucketLock.acquire(site(), key, { waitMs: 0, owner: 'octo/site run 3' });
    expect(third.owner).toBe('octo/site run 3');
    await third.release();
    expect(await site().readWithEtag(key)).toBeUndefined();
  });

  it('lets exactly one of many concurrent syncs take the lock', async () => {
    const key = lockKey('race/');
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => BucketLock.acquire(site(), key, { waitMs: 0, owner: `run ${i}` })), // prettier-ignore
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    await (won[0] as PromiseFulfilledResult<BucketLock>).value.release();
  });

  it('waits for the holder to finish, within lock-timeout', async () => {
    const key = lockKey('wait/');
    const holder = await BucketLock.acquire(site(), key, { waitMs: 0, owner: 'first' });
    const clock = manualClock();
    const lines: string[] = [];
    const waiting = BucketLock.acquire(site(), key, {
      waitMs: 60_000,
      owner: 'second',
      clock: { now: clock.now, sleep: async (ms: number) => { await clock.sleep(ms); if (lines.length === 2) await holder.release(); } } as Clock, // prettier-ignore
      log: (line) => lines.push(line),
    });
    const second = await waiting;
    expect(second.owner).toBe('second');
    expect(lines[0]).toMatch(/waiting for another sync of this site: held by first/);
    await second.release();
  });

  it("takes over a crashed holder's lock once it expires; the old holder then knows it lost it", async () => {
    const key = lockKey('crash/');
    const clock = manualClock();
    const crashed = await BucketLock.acquire(site(), key, { waitMs: 0, owner: 'crashed', ttlMs: 60_000, clock }); // prettier-ignore
    await expect(BucketLock.acquire(site(), key, { waitMs: 0, owner: 'next', ttlMs: 60_000, clock })).rejects.toThrow(/held by crashed/); // prettier-ignore
    clock.advance(60_001);
    const lines: string[] = [];
    const next = await BucketLock.acquire(site(), key, { waitMs: 0, owner: 'next', ttlMs: 60_000, clock, log: (l) => lines.push(l) }); // prettier-ignore
    expect(lines.join('\n')).toMatch(/took over the lock of crashed .*: it had expired/);
    await crashed.refresh();
    expect(crashed.lost).toBe(true);
    await crashed.release(); // does not delete the new holder's lock
    expect(JSON.parse((await site().readWithEtag(key))?.text ?? '{}')).toMatchObject({ owner: 'next' }); // prettier-ignore
    await next.refresh();
    expect(next.lost).toBe(false);
    await next.release();
  });

  it('names the workflow run as the owner', () => {
    expect(lockOwner({ GITHUB_REPOSITORY: 'octo/site', GITHUB_WORKFLOW: 'Deploy', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'web' })).toBe('octo/site workflow "Deploy" run 42 attempt 2 job web'); // prettier-ignore
  });
});
