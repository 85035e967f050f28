import type { FileKind, ObjectHeaders } from './headers';
import { RELEASES_DIR } from './local-files';

/** What a release recorded about one file: its content identity, the object's ETag and headers. */
export interface ManifestEntry extends ObjectHeaders {
  sha1: string;
  size: number;
  /** The object's ETag right after this release wrote or confirmed it. */
  etag: string;
  kind: FileKind;
  /** A copy of this content under .releases/, for files a later release may overwrite (not hashed assets). */
  snapshot?: string;
}

/** One deploy: every file it published. Stored as JSON next to the site, under .releases/. */
export interface ReleaseManifest {
  format: 1;
  releaseId: string;
  createdAt: string;
  /** Set when this release restored an earlier one. */
  restoredFrom?: string;
  /** Where copies of this release's entry files are kept (for restore-release). */
  snapshotPrefix: string;
  files: Record<string, ManifestEntry>;
}

/** A manifest's place in the bucket. Keys sort by time: `<prefix>.releases/<stamp>_<id>.json`. */
export interface ReleaseRef {
  key: string;
  stamp: string;
  releaseId: string;
}

export interface LoadedRelease extends ReleaseRef {
  manifest: ReleaseManifest;
}

const MANIFEST_KEY = /^(\d{8}T\d{9}Z)_([A-Za-z0-9._-]+)\.json$/;

export function releasesPrefix(prefix: string): string {
  return `${prefix}${RELEASES_DIR}/`;
}

export function parseReleaseKey(key: string, prefix: string): ReleaseRef | undefined {
  const rest = key.slice(releasesPrefix(prefix).length);
  const match = MANIFEST_KEY.exec(rest);
  if (!key.startsWith(releasesPrefix(prefix)) || match === null) return undefined;
  return { key, stamp: match[1] ?? '', releaseId: match[2] ?? '' };
}

/** A new release's manifest key; the stamp keeps manifests in time order. */
export function newReleaseRef(prefix: string, releaseId: string, now: Date): ReleaseRef {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return { key: `${releasesPrefix(prefix)}${stamp}_${releaseId}.json`, stamp, releaseId };
}

export function snapshotPrefixOf(ref: ReleaseRef): string {
  return ref.key.replace(/\.json$/, '/');
}

export function stampTime(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
  if (m === null) return 0;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0, ms ?? 0);
}

/**
 * The files that must stay: those of the newest `keepReleases` releases (counting the one being
 * published) and of every release younger than `keepForMs`.
 */
export function keptPaths(
  current: ReadonlySet<string>,
  previous: readonly LoadedRelease[],
  keepReleases: number,
  keepForMs: number | undefined,
  now: number,
): Set<string> {
  const kept = new Set(current);
  previous.forEach((release, index) => {
    const young = keepForMs !== undefined && now - stampTime(release.stamp) < keepForMs;
    if (index < keepReleases - 1 || young) {
      for (const file of Object.keys(release.manifest.files)) kept.add(file);
    }
  });
  return kept;
}

export function isManifest(value: unknown): value is ReleaseManifest {
  const m = value as Partial<ReleaseManifest> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.format === 1 &&
    typeof m.releaseId === 'string' &&
    typeof m.snapshotPrefix === 'string' &&
    typeof m.files === 'object' &&
    m.files !== null
  );
}

/**
 * The earlier releases whose manifests (and snapshots) a deploy may delete: all but the newest
 * `history` releases, counting the one being published when it is new, except those younger
 * than `keepForMs` and those in `protect` (the live release, the one being re-published).
 * `refs` is newest first.
 */
export function expiredReleases(
  refs: readonly ReleaseRef[],
  options: {
    history: number;
    publishingNew: boolean;
    keepForMs?: number;
    now: number;
    protect: ReadonlySet<string>;
  },
): ReleaseRef[] {
  const keep = Math.max(0, options.history - (options.publishingNew ? 1 : 0));
  return refs.slice(keep).filter((ref) => {
    if (options.protect.has(ref.key)) return false;
    const age = options.now - stampTime(ref.stamp);
    return options.keepForMs === undefined || age >= options.keepForMs;
  });
}
