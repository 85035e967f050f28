import * as core from '@actions/core';
import { formatDuration } from '../core/clock';
import { formatBytes } from '../core/progress';
import { displayText } from '../core/mask';
import { setOutput } from '../core/outputs';
import { SummaryBuilder } from '../core/summary';
import type { SyncInputs } from './inputs';
import type { RestoreResult } from './restore';
import type { SyncResult } from './sync';

const LIST_LIMIT = 50;

export function reportSync(
  inputs: SyncInputs,
  result: SyncResult,
  elapsedMs: number,
): Promise<void> {
  const { plan } = result;
  const status = inputs.dryRun ? 'dry-run' : plan.noop ? 'unchanged' : 'synced';
  const target = `s3://${inputs.bucket}/${inputs.prefix}`;
  setOutput('sync-spa-s3', 'status', status);
  setOutput('sync-spa-s3', 'uploaded', String(plan.upload.length));
  setOutput('sync-spa-s3', 'headers-updated', String(plan.updateHeaders.length));
  setOutput('sync-spa-s3', 'unchanged', String(plan.unchanged.length));
  setOutput('sync-spa-s3', 'pruned', String(inputs.dryRun ? 0 : plan.prune.length));
  setOutput('sync-spa-s3', 'changed-paths', plan.changedPaths.join('\n'));
  setOutput('sync-spa-s3', 'release-id', result.releaseId);

  const line =
    `${status}: ${plan.upload.length} uploaded, ${plan.updateHeaders.length} headers updated, ` +
    `${plan.unchanged.length} unchanged, ${plan.prune.length} ${inputs.dryRun ? 'to prune' : 'pruned'}` +
    ` (${target}, release ${result.releaseId}, ${formatDuration(elapsedMs)})`;
  core.info(line);
  if (inputs.dryRun) {
    core.info('dry run: nothing was written. The plan:');
    for (const file of plan.upload.slice(0, 500))
      core.info(
        `  upload ${displayText(file.path)} (${formatBytes(file.size)}, ${file.headers.cacheControl})`,
      );
    for (const file of plan.updateHeaders.slice(0, 500))
      core.info(`  headers ${displayText(file.path)} (${file.headers.cacheControl})`);
    for (const key of plan.prune.slice(0, 500)) core.info(`  prune ${displayText(key)}`);
  }
  if (plan.unmanaged > 0) {
    core.info(
      `${plan.unmanaged} objects under ${target} were not published by this action and are left alone`,
    );
  }

  const largest = [...plan.upload].sort((a, b) => b.size - a.size).slice(0, 5);
  const summary = new SummaryBuilder()
    .heading(`sync-spa-s3: ${status}`, 3)
    .facts([
      ['Target', target],
      ['Release', result.releaseId],
      ['Uploaded', `${plan.upload.length} files, ${formatBytes(result.bytesUploaded)}`],
      ['Headers updated', plan.updateHeaders.length],
      ['Unchanged', plan.unchanged.length],
      [inputs.dryRun ? 'Would prune' : 'Pruned', plan.prune.length],
      ['Time', formatDuration(elapsedMs)],
      ...concurrencyFact(result.concurrency),
    ]);
  if (largest.length > 0) {
    summary.heading('Largest uploads', 4).table(
      ['File', 'Size', 'Cache-Control'],
      largest.map((f) => [f.path, formatBytes(f.size), f.headers.cacheControl]),
    );
  }
  if (plan.changedPaths.length > 0) {
    const shown = plan.changedPaths.slice(0, LIST_LIMIT);
    const more = plan.changedPaths.length - shown.length;
    summary
      .heading('Changed paths (to invalidate next)', 4)
      .list(more > 0 ? [...shown, `... and ${more} more`] : shown);
  }
  return summary.write();
}

export function reportRestore(
  inputs: SyncInputs,
  result: RestoreResult,
  elapsedMs: number,
): Promise<void> {
  setOutput('sync-spa-s3', 'status', 'restored');
  setOutput('sync-spa-s3', 'previous-release', result.previous ?? '');
  setOutput('sync-spa-s3', 'uploaded', '0');
  setOutput('sync-spa-s3', 'unchanged', String(result.unchanged));
  setOutput('sync-spa-s3', 'pruned', '0');
  setOutput('sync-spa-s3', 'changed-paths', result.changedPaths.join('\n'));
  setOutput('sync-spa-s3', 'release-id', result.releaseId);
  core.info(
    `restored release ${result.restored}: ${result.copied.length} files copied back, ${result.unchanged} already live (${formatDuration(elapsedMs)})`,
  );
  return new SummaryBuilder()
    .heading(`sync-spa-s3: restored release ${result.restored}`, 3)
    .facts([
      ['Target', `s3://${inputs.bucket}/${inputs.prefix}`],
      ['Restored', result.restored],
      ['Copied back', result.copied.length],
      ['Already live', result.unchanged],
      ['New release', result.releaseId],
      ['Time', formatDuration(elapsedMs)],
    ])
    .list(result.copied.slice(0, LIST_LIMIT))
    .write();
}

/** "32 (reached 40)", "32 (reached 36; down to 8 when S3 pushed back)". */
function concurrencyFact(c: SyncResult['concurrency']): [string, string][] {
  if (c === undefined) return [];
  const down = c.lowest < c.initial ? `; down to ${c.lowest} when S3 pushed back` : '';
  return [['Concurrency', `${c.initial} (reached ${c.highest}${down})`]];
}
