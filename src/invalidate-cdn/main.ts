import * as core from '@actions/core';
import { formatDuration } from '../core/clock';
import type { ActionContext } from '../core/run-action';
import { SummaryBuilder } from '../core/summary';
import { readInputs, type InvalidateInputs } from './inputs';
import { setOutput } from '../core/outputs';

/** Invalidates what changed (minimal, idempotent per run) and waits for Completed. */
export async function run({ signal }: ActionContext): Promise<void> {
  const started = Date.now();
  const inputs = readInputs();
  if (inputs.paths.length === 0) {
    core.info('nothing to invalidate: no path needs it (content-hashed assets never do)');
    setOutput('invalidate-cdn', 'status', 'skipped');
    setOutput('invalidate-cdn', 'invalidation-id', '');
    setOutput('invalidate-cdn', 'paths', '');
    await new SummaryBuilder().heading('invalidate-cdn: nothing to invalidate', 3).write();
    return;
  }
  const { Cdn } = await import('./invalidation');
  const cdn = new Cdn(inputs.aws, {
    timeoutMs: inputs.timeoutMs,
    pollIntervalMs: inputs.pollIntervalMs,
    signal,
  });
  try {
    const distributionId = inputs.distributionId ?? (await cdn.findByAlias(inputs.alias ?? ''));
    core.info(
      `invalidating ${inputs.paths.length} paths on ${distributionId} (${inputs.requested} requested), CallerReference ${inputs.callerReference}`,
    );
    let ref = await cdn.create(distributionId, inputs.paths, inputs.callerReference);
    core.info(`invalidation ${ref.id}: ${ref.status}`);
    setOutput('invalidate-cdn', 'invalidation-id', ref.id);
    setOutput('invalidate-cdn', 'paths', inputs.paths.join('\n'));
    if (inputs.wait)
      ref = await core.group(`Wait for invalidation ${ref.id}`, () => cdn.waitCompleted(ref));
    setOutput('invalidate-cdn', 'status', ref.status);
    await report(inputs, distributionId, ref.id, ref.status, Date.now() - started);
  } finally {
    cdn.destroy();
  }
}

function report(
  inputs: InvalidateInputs,
  distributionId: string,
  id: string,
  status: string,
  elapsedMs: number,
): Promise<void> {
  return new SummaryBuilder()
    .heading(`invalidate-cdn: ${status}`, 3)
    .facts([
      [
        'Distribution',
        inputs.alias === undefined ? distributionId : `${distributionId} (${inputs.alias})`,
      ],
      ['Invalidation', id],
      [
        'Paths',
        inputs.requested === inputs.paths.length
          ? `${inputs.paths.length}`
          : `${inputs.paths.length} (collapsed from ${inputs.requested})`,
      ],
      ['Time', formatDuration(elapsedMs)],
    ])
    .list(inputs.paths.slice(0, 50))
    .write();
}
