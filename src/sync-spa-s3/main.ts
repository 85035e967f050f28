import * as core from '@actions/core';
import type { ActionContext } from '../core/run-action';
import { readInputs } from './inputs';
import { reportRestore, reportSync } from './report';
import { restoreRelease } from './restore';
import { readBuild, syncSite } from './sync';

/** Publishes a build by content hash in the safe order, or restores an earlier release. */
export async function run({ signal }: ActionContext): Promise<void> {
  const started = Date.now();
  const inputs = readInputs();
  const files =
    inputs.restoreRelease === undefined
      ? await core.group('Read the build', () => readBuild(inputs))
      : [];
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
    await reportSync(inputs, await syncSite(inputs, files, bucket), Date.now() - started);
  } finally {
    bucket.destroy();
  }
}
