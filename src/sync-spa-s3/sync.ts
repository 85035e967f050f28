import { closeSync, openSync, readSync } from 'node:fs';
import * as core from '@actions/core';
import { forEachLimited } from '../core/concurrency';
import { ConfigurationError, describeError } from '../core/errors';
import { quote } from '../core/inputs';
import { displayText } from '../core/mask';
import { warnAnnotation } from '../core/summary';
import { ProgressReporter } from '../core/progress';
import { Classifier, demoteRepublished, sameHeaders } from './headers';
import type { SyncInputs } from './inputs';
import {
  checkBuild,
  checkKeyLengths,
  hashFiles,
  scanDirectory,
  type HashWorker,
  type LocalFile,
  type ScannedFile,
} from './local-files';
import { filesToHead, planSync, urlPaths, type HeadInfo, type SyncPlan } from './plan';
import {
  expiredReleases,
  newReleaseRef,
  snapshotPrefixOf,
  type LoadedRelease,
  type ManifestEntry,
  type ReleaseManifest,
  type ReleaseRef,
} from './releases';
import type { SiteBucket } from './remote';
import { loadReleases, readSiteState, type SiteState } from './site-state';

export interface SyncResult {
  files: LocalFile[];
  plan: SyncPlan;
  releaseId: string;
  /** Set once a manifest was written (not on dry runs or no-ops). */
  manifestKey?: string;
  bytesUploaded: number;
  /** The request concurrency it started from and the highest and lowest it reached. */
  concurrency?: { initial: number; highest: number; lowest: number };
}

/** Lists the build and refuses a bad one (empty, no entry file) before any request. */
export async function scanBuild(inputs: SyncInputs): Promise<ScannedFile[]> {
  const scanned = await scanDirectory(inputs.directory, inputs.exclude, {
    outsideLinks: inputs.symlinks,
    onSkippedLink: (file, reason) => {
      if (reason === 'outside') {
        warnAnnotation(`${quote(file)} links to a file outside the build directory: skipped`);
      }
    },
  });
  checkBuild(scanned, inputs.directory, inputs.indexFile);
  checkKeyLengths(scanned, inputs.prefix, inputs.releaseId);
  return scanned;
}

/** Classifies and hashes every file (streaming, bounded memory). */
export async function hashBuild(
  inputs: SyncInputs,
  scanned: readonly ScannedFile[],
  worker?: HashWorker,
  mainThreadAfter?: Promise<unknown>,
): Promise<LocalFile[]> {
  const classifier = new Classifier({
    entry: inputs.entryFiles,
    hashed: inputs.hashedFiles,
    cacheControl: inputs.cacheControl,
    contentType: inputs.contentType,
    precompressed: inputs.precompressed,
  });
  const totalBytes = scanned.reduce((sum, f) => sum + f.size, 0);
  const progress = new ProgressReporter({
    label: 'hashed',
    totalItems: scanned.length,
    totalBytes,
  });
  const hashes = await hashFiles(scanned, {
    multipartThreshold: inputs.multipartThreshold,
    partSize: inputs.partSize,
    onHashed: (bytes) => progress.advance(1, bytes),
    ...(worker === undefined ? {} : { worker }),
    ...(mainThreadAfter === undefined ? {} : { mainThreadAfter }),
  });
  progress.finish();
  const names = new Set(scanned.map((f) => f.path));
  return scanned.map((file) => {
    const hash = hashes.get(file.path) ?? { sha1: '' };
    return {
      ...file,
      sha1: hash.sha1,
      ...(hash.parts === undefined ? {} : { partSha1: hash.parts }),
      ...classifier.headersByContent(file.path, names, () => readHead(file.absolute)),
    };
  });
}

/** The first 512 bytes of a file (for files whose name tells no type). */
function readHead(file: string): Buffer {
  const buffer = Buffer.alloc(512);
  const fd = openSync(file, 'r');
  try {
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** What the bucket holds: site objects and the releases the plan compares against. */
export interface RemoteSite {
  state: SiteState;
  /** This release's manifest, when this is a re-run of it. */
  existing?: ReleaseRef;
  /** Earlier releases, newest first. */
  releases: LoadedRelease[];
  live?: LoadedRelease;
}

/** A listing is split every this many files of the build (a page holds 1,000 keys: room for others). */
const LIST_SPLIT = 900;

export async function readRemote(
  inputs: SyncInputs,
  bucket: SiteBucket,
  scanned: readonly ScannedFile[] = [],
): Promise<RemoteSite> {
  const splitAt: string[] = [];
  for (let i = LIST_SPLIT - 1; i < scanned.length - 1; i += LIST_SPLIT) {
    splitAt.push(inputs.prefix + (scanned[i]?.path ?? ''));
  }
  const state = await readSiteState(bucket, inputs.prefix, inputs.exclude, splitAt);
  const existing = state.releases.find((r) => r.releaseId === inputs.releaseId);
  // A re-run of the same release compares against the release before it, so it reports the same
  // changed paths (and invalidate-cdn the same CallerReference) as the first attempt.
  const earlier = state.releases.filter((r) => existing === undefined || r.key < existing.key);
  const toLoad = earlier.slice(0, inputs.keepReleases + 5);
  const liveRef = state.releases[0];
  const loaded = await loadReleases(
    bucket,
    liveRef !== undefined && !toLoad.includes(liveRef) ? [liveRef, ...toLoad] : toLoad,
  );
  const live = loaded.find((r) => r.key === liveRef?.key);
  return {
    state,
    ...(existing === undefined ? {} : { existing }),
    releases: loaded.filter((r) => toLoad.some((ref) => ref.key === r.key)),
    ...(live === undefined ? {} : { live }),
  };
}

/** Plans and (unless dry-run) publishes: assets, then entry files, then the manifest, then pruning. */
export async function syncSite(
  inputs: SyncInputs,
  built: LocalFile[],
  remote: RemoteSite,
  bucket: SiteBucket,
): Promise<SyncResult> {
  const { state, existing, releases, live } = remote;
  const { files, demoted } = demoteRepublished(built, live === undefined ? releases : [live, ...releases]); // prettier-ignore
  for (const path of demoted) {
    warnAnnotation(
      `${quote(path)} looks content-hashed but was published before with other content: it is not content-hashed, so it is cached as a mutable file and invalidated (give changed content a new name to keep long caching)`,
    );
  }
  const base = {
    files,
    prefix: inputs.prefix,
    urlBase: inputs.urlBase,
    remote: state.objects,
    releases,
    ...(live === undefined ? {} : { live }),
    prune: inputs.prune,
    keepReleases: inputs.keepReleases,
    ...(inputs.keepForMs === undefined ? {} : { keepForMs: inputs.keepForMs }),
    now: Date.now(),
  };
  const heads = new Map<string, HeadInfo>();
  await Promise.all(
    filesToHead(base).map(async (file) => {
      const head = await bucket.head(inputs.prefix + file.path);
      if (head !== undefined) heads.set(file.path, head);
    }),
  );
  const plan = planSync({ ...base, heads });
  if (demoted.length > 0) {
    // invalidate-cdn skips names that look hashed; a trailing * makes it invalidate these.
    const mutable = new Set(demoted.flatMap((path) => urlPaths(inputs.urlBase, path)));
    plan.changedPaths = plan.changedPaths.map((p) => (mutable.has(p) ? `${p}*` : p));
  }
  checkDeleteRatio(plan, state.objects.size, inputs.maxDeleteRatio);
  const result: SyncResult = { files, plan, releaseId: inputs.releaseId, bytesUploaded: 0 };
  if (inputs.dryRun) return result;
  if (plan.noop && live !== undefined) return { ...result, releaseId: live.releaseId };

  const ref = existing ?? newReleaseRef(inputs.prefix, inputs.releaseId, new Date());
  const etags = new Map(plan.etags);
  result.bytesUploaded = await publish(inputs, plan, bucket, etags);
  const manifest = manifestOf(inputs, files, etags, ref, releases[0]);
  await core.group('Release manifest and snapshots', async () => {
    await snapshot(inputs, bucket, manifest);
    await bucket.putJson(ref.key, manifest);
    core.info(`release ${ref.releaseId}: manifest ${ref.key}`);
  });
  if (plan.prune.length > 0) {
    await core.group(
      `Prune ${plan.prune.length} objects absent for ${inputs.keepReleases} releases`,
      async () => {
        for (const key of plan.prune.slice(0, 50)) core.info(`delete ${displayText(key)}`);
        await bucket.delete(plan.prune);
      },
    );
  }
  await deleteOldReleases(inputs, bucket, state, {
    publishingNew: existing === undefined,
    protect: new Set([ref.key, ...(live === undefined ? [] : [live.key])]),
  });
  return { ...result, manifestKey: ref.key };
}

/**
 * Deletes the manifests and entry-file snapshots of releases past `release-history` (and
 * keep-for), so .releases/ - and with it every listing of the site - stops growing with each
 * deploy. Runs after the new manifest is written; a failure here only warns.
 */
async function deleteOldReleases(
  inputs: SyncInputs,
  bucket: SiteBucket,
  state: SiteState,
  options: { publishingNew: boolean; protect: ReadonlySet<string> },
): Promise<void> {
  const expired = expiredReleases(state.releases, {
    history: inputs.releaseHistory,
    publishingNew: options.publishingNew,
    ...(inputs.keepForMs === undefined ? {} : { keepForMs: inputs.keepForMs }),
    now: Date.now(),
    protect: options.protect,
  });
  if (expired.length === 0) return;
  const keys: string[] = [];
  for (const release of expired) {
    const snapshots = snapshotPrefixOf(release);
    keys.push(release.key);
    for (const key of state.all.keys()) if (key.startsWith(snapshots)) keys.push(key);
  }
  await core.group(
    `Delete ${expired.length} release manifests older than the newest ${inputs.releaseHistory}`,
    async () => {
      for (const release of expired)
        core.info(`delete release ${displayText(`${release.releaseId} (${release.key})`)}`);
      try {
        await bucket.delete(keys);
      } catch (error) {
        warnAnnotation(`could not delete old release manifests: ${describeError(error)}`);
      }
    },
  );
}

function checkDeleteRatio(plan: SyncPlan, objects: number, maxRatio: number): void {
  if (objects === 0 || plan.prune.length === 0) return;
  const ratio = plan.prune.length / objects;
  if (ratio > maxRatio) {
    throw new ConfigurationError(
      `pruning would delete ${plan.prune.length} of ${objects} objects (${Math.round(ratio * 100)}%), more than ${maxRatio}: ` +
        'check directory and prefix, or raise max-delete-ratio if this is intended',
      'max-delete-ratio',
    );
  }
}

/** Uploads in the safe order: assets first, then entry files, HTML last. Returns bytes sent. */
async function publish(
  inputs: SyncInputs,
  plan: SyncPlan,
  bucket: SiteBucket,
  etags: Map<string, string>,
): Promise<number> {
  const work = [...plan.upload, ...plan.updateHeaders];
  if (work.length === 0) return 0;
  const copies = new Set(plan.updateHeaders);
  const totalBytes = plan.upload.reduce((sum, f) => sum + f.size, 0);
  const progress = new ProgressReporter({ label: 'uploaded', totalItems: work.length, totalBytes });
  let bytes = 0;
  const one = async (file: LocalFile): Promise<void> => {
    const key = inputs.prefix + file.path;
    const etag = copies.has(file)
      ? await bucket.copy(key, key, { headers: file.headers, sha1: file.sha1 })
      : await bucket.upload(file, key, (sent) => {
          bytes += sent;
          progress.advance(0, sent);
        });
    etags.set(file.path, etag);
    progress.advance(1);
  };
  const isHtml = (f: LocalFile): boolean => /\.html?$/.test(f.path);
  const phases: [string, LocalFile[]][] = [
    ['assets', work.filter((f) => f.kind !== 'entry')],
    ['entry files', work.filter((f) => f.kind === 'entry' && !isHtml(f))],
    ['HTML', work.filter((f) => f.kind === 'entry' && isHtml(f))],
  ];
  for (const [name, phase] of phases) {
    if (phase.length === 0) continue;
    core.info(`publishing ${phase.length} ${name}`);
    // As wide as the bucket's adaptive limit may grow: that limit decides how many run.
    await forEachLimited(phase, bucket.maxConcurrency, one);
  }
  progress.finish();
  return bytes;
}

function manifestOf(
  inputs: SyncInputs,
  files: readonly LocalFile[],
  etags: ReadonlyMap<string, string>,
  ref: ReleaseRef,
  previous: LoadedRelease | undefined,
): ReleaseManifest {
  const entries: Record<string, ManifestEntry> = {};
  for (const file of files) {
    const before = previous?.manifest.files[file.path];
    entries[file.path] = {
      sha1: file.sha1,
      size: file.size,
      etag: etags.get(file.path) ?? '',
      kind: file.kind,
      ...file.headers,
      // Hashed assets never change under their name; other files keep a copy for restores.
      ...(file.kind === 'hashed'
        ? {}
        : {
            snapshot:
              before?.snapshot !== undefined &&
              before.sha1 === file.sha1 &&
              sameHeaders(file.headers, before)
                ? before.snapshot
                : `${snapshotPrefixOf(ref)}${file.path}`,
          }),
    };
  }
  return {
    format: 1,
    releaseId: inputs.releaseId,
    createdAt: new Date().toISOString(),
    snapshotPrefix: snapshotPrefixOf(ref),
    files: entries,
  };
}

/** Server-side copies of the release's non-hashed files that no earlier snapshot holds. */
async function snapshot(
  inputs: SyncInputs,
  bucket: SiteBucket,
  manifest: ReleaseManifest,
): Promise<void> {
  const fresh = Object.entries(manifest.files).filter(
    ([, e]) => e.snapshot?.startsWith(manifest.snapshotPrefix) === true,
  );
  await Promise.all(
    fresh.map(([file, entry]) => bucket.copy(inputs.prefix + file, entry.snapshot ?? '')),
  );
}
