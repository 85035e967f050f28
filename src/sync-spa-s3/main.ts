import * as core from '@actions/core';
import { displayText } from '../core/mask';
import type { ActionContext } from '../core/run-action';
import { BucketLock, lockKey } from './lock';
import { readInputs, type SyncInputs } from './inputs';
import type { SiteBucket } from './remote';
import { reportRestore, reportSync } from './report';
import { restoreRelease } from './restore';
import { startHashWorker } from './local-files';
import { hashBuild, readRemote, scanBuild, syncSite } from './sync';

/**
 * Publishes a build by content hash in the safe order, or restores an earlier release.
 *
 * Request waves (each waits for the one before; test/integration/sync-spa-s3-waves.test.ts
 * counts them): 1 take the site's lock; 2 list the prefix (key ranges at once); 3 read the live
 * and earlier release manifests; 4 HEAD files no manifest vouches for (none on a redeploy of this
 * action's own releases). A no-op then ends with 5 release the lock. A deploy uploads assets,
 * then entry files, then HTML (a wave each, more when there are more files than concurrency),
 * copies snapshots, writes the manifest, prunes, deletes expired manifests, releases the lock.
 */
export async function run({ signal }: ActionContext): Promise<void> {
  const started = Date.now();
  const inputs = readInputs();
  // The SDK loads (CPU, on this thread) while the build is scanned and a worker thread starts and
  // hashes, biggest files first; once the SDK is loaded the bucket is read, and this thread hashes
  // the smallest files whenever it waits.
  const remote = import('./remote');
  const restore = inputs.restoreRelease;
  if (restore !== undefined) {
    await withBucket(inputs, signal, remote, async (bucket) =>
      reportRestore(inputs, await restoreRelease(inputs, restore, bucket), Date.now() - started),
    );
    return;
  }
  // The hashing worker starts up (~80 ms, its own thread) while the build is scanned.
  const worker = startHashWorker();
  let scanned;
  try {
    scanned = await scanBuild(inputs);
  } catch (error) {
    worker.stop();
    throw error;
  }
  const hashing = core.group('Hash the build', () => hashBuild(inputs, scanned, worker, remote));
  hashing.catch(() => undefined); // awaited below; this only keeps an early failure "handled"
  await withBucket(inputs, signal, remote, async (bucket) => {
    // Nothing is written before both the hashes and the bucket's state are known.
    const [files, site] = await Promise.all([hashing, readRemote(inputs, bucket, scanned)]);
    const result = await syncSite(inputs, files, site, bucket);
    const concurrency = bucket.concurrencyReached;
    await reportSync(inputs, { ...result, concurrency }, Date.now() - started);
  });
}

/**
 * Runs `fn` with the site's bucket; unless this is a dry run, under the site's lock, taken before
 * the bucket is read (a plan from a state another sync is changing would be wrong).
 */
async function withBucket(
  inputs: SyncInputs,
  signal: AbortSignal,
  remote: Promise<{ SiteBucket: typeof SiteBucket }>,
  fn: (bucket: SiteBucket) => Promise<void>,
): Promise<void> {
  const { SiteBucket } = await remote;
  const bucket = new SiteBucket(inputs.aws, { ...inputs, signal });
  try {
    const lock = inputs.dryRun
      ? undefined
      : await BucketLock.acquire(bucket, lockKey(inputs.prefix), {
          waitMs: inputs.lockTimeoutMs,
          signal,
          log: (line) => core.info(displayText(line)),
        });
    try {
      await fn(bucket);
    } finally {
      await lock?.release();
    }
  } finally {
    bucket.destroy();
  }
}
