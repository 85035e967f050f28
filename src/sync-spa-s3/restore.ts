import * as core from '@actions/core';
import { ConfigurationError, DeploymentFailedError } from '../core/errors';
import { quote } from '../core/inputs';
import { displayText } from '../core/mask';
import type { SyncInputs } from './inputs';
import { urlPaths } from './plan';
import { newReleaseRef, type ManifestEntry, type ReleaseManifest } from './releases';
import type { SiteBucket } from './remote';
import { loadReleases, readSiteState } from './site-state';

export interface RestoreResult {
  restored: string;
  /** The release that was live before the restore. */
  previous?: string;
  releaseId: string;
  copied: string[];
  unchanged: number;
  changedPaths: string[];
  manifestKey?: string;
}

/**
 * Makes an earlier release live again without uploading: every file whose live object differs
 * from what that release published is copied back server-side from the release's snapshot,
 * assets first and entry files last. Refuses (before any write) when a file cannot be restored.
 */
export async function restoreRelease(
  inputs: SyncInputs,
  which: string,
  bucket: SiteBucket,
): Promise<RestoreResult> {
  const state = await readSiteState(bucket, inputs.prefix, []);
  const ids = state.releases.map((r) => r.releaseId);
  const ref =
    which === 'previous' ? state.releases[1] : state.releases.find((r) => r.releaseId === which);
  if (ref === undefined) {
    throw new ConfigurationError(
      which === 'previous'
        ? `there is no previous release under s3://${inputs.bucket}/${inputs.prefix} (releases: ${ids.join(', ') || 'none'})`
        : `no release ${quote(which)} under s3://${inputs.bucket}/${inputs.prefix} (newest first: ${ids.slice(0, 10).join(', ') || 'none'})`,
      'restore-release',
    );
  }
  const [target] = await loadReleases(bucket, [ref]);
  if (target === undefined)
    throw new DeploymentFailedError(
      `cannot read the manifest of release ${ref.releaseId} (${ref.key})`,
    );

  const copies: [string, ManifestEntry][] = [];
  const missing: string[] = [];
  let unchanged = 0;
  for (const [file, entry] of Object.entries(target.manifest.files)) {
    const live = state.objects.get(inputs.prefix + file);
    if (live !== undefined && live.etag === entry.etag) {
      unchanged++;
    } else if (entry.snapshot !== undefined && state.all.has(entry.snapshot)) {
      copies.push([file, entry]);
    } else {
      missing.push(file);
    }
  }
  if (missing.length > 0) {
    throw new DeploymentFailedError(
      `cannot restore release ${ref.releaseId}: ${missing.length} of its files are gone (pruned or overwritten), e.g. ${missing.slice(0, 5).join(', ')}. ` +
        'Raise keep-releases so assets outlive the releases you may restore',
    );
  }

  const etags = new Map<string, string>();
  const order: [string, ManifestEntry][][] = [
    copies.filter(([, e]) => e.kind !== 'entry'),
    copies.filter(([f, e]) => e.kind === 'entry' && !/\.html?$/.test(f)),
    copies.filter(([f, e]) => e.kind === 'entry' && /\.html?$/.test(f)),
  ];
  for (const phase of order) {
    await Promise.all(
      phase.map(async ([file, entry]) => {
        etags.set(file, await bucket.copy(entry.snapshot ?? '', inputs.prefix + file));
        core.info(displayText(`restored ${file} from ${entry.snapshot}`));
      }),
    );
  }
  const releaseId = `${inputs.releaseId}-restore`;
  const newRef = newReleaseRef(inputs.prefix, releaseId, new Date());
  const manifest: ReleaseManifest = {
    ...target.manifest,
    releaseId,
    createdAt: new Date().toISOString(),
    restoredFrom: ref.releaseId,
    files: Object.fromEntries(
      Object.entries(target.manifest.files).map(([f, e]) => [
        f,
        { ...e, etag: etags.get(f) ?? e.etag },
      ]),
    ),
  };
  await bucket.putJson(newRef.key, manifest);
  const previous = state.releases[0]?.releaseId;
  return {
    restored: ref.releaseId,
    ...(previous === undefined ? {} : { previous }),
    releaseId,
    copied: copies.map(([f]) => f),
    unchanged,
    changedPaths: copies.flatMap(([f]) => urlPaths(inputs.urlBase, f)),
    manifestKey: newRef.key,
  };
}
