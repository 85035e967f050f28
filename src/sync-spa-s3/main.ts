import * as core from '@actions/core';
import type { ActionContext } from '../core/run-action';
import { readInputs } from './inputs';
import { reportRestore, reportSync } from './report';
import { restoreRelease } from './restore';
import { hashBuild, readRemote, scanBuild, syncSite } from './sync';

/** Publishes a build by content hash in the safe order, or restores an earlier release. */
export async function run({ signal }: ActionContext): Promise<void> {
  const started = Date.now();
  const inputs = readInputs();
  const scanned = inputs.restoreRelease === undefined ? await scanBuild(inputs) : [];
  const { SiteBucket } = await import('./remote');
  const bucket = new SiteBucket(inputs.aws, { ...inputs, signal });
  try {
    if (inputs.restoreRelease !== undefined) {
      await reportRestore(
        inputs,
        await restoreRelease(inputs, inputs.restoreRelease, bucket),
        Date.now() - started,
      );
      return;
    }
    // Hashing the build and reading the bucket overlap; nothing is written before both are done.
    const [files, remote] = await Promise.all([
      core.group('Hash the build', () => hashBuild(inputs, scanned)),
      readRemote(inputs, bucket),
    ]);
    await reportSync(inputs, await syncSite(inputs, files, remote, bucket), Date.now() - started);
  } finally {
    bucket.destroy();
  }
}
