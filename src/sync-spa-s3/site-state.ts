import picomatch from 'picomatch';
import { warnAnnotation } from '../core/summary';
import { describeError } from '../core/errors';
import type { RemoteObject } from './plan';
import {
  isManifest,
  parseReleaseKey,
  releasesPrefix,
  type LoadedRelease,
  type ReleaseRef,
} from './releases';
import type { SiteBucket } from './remote';

/** What is in the bucket under the prefix: site objects and release manifests (newest first). */
export interface SiteState {
  objects: Map<string, RemoteObject>;
  /** Every object under the prefix, .releases/ included (for snapshot checks). */
  all: Map<string, RemoteObject>;
  releases: ReleaseRef[];
}

export async function readSiteState(
  bucket: SiteBucket,
  prefix: string,
  exclude: readonly string[],
  /** Keys expected in the bucket, where the listing may be split (see SiteBucket.list). */
  splitAt: readonly string[] = [],
): Promise<SiteState> {
  const excluded = exclude.length === 0 ? () => false : picomatch([...exclude], { dot: true });
  const listed = await bucket.list(prefix, splitAt);
  const manifests = releasesPrefix(prefix);
  const objects = new Map<string, RemoteObject>();
  const all = new Map<string, RemoteObject>();
  const releases: ReleaseRef[] = [];
  for (const object of listed) {
    all.set(object.key, object);
    if (object.key.startsWith(manifests)) {
      const ref = parseReleaseKey(object.key, prefix);
      if (ref !== undefined) releases.push(ref);
    } else if (!excluded(object.key.slice(prefix.length))) {
      objects.set(object.key, object);
    }
  }
  releases.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  return { objects, all, releases };
}

/** Loads manifests; an unreadable one is skipped with a warning (its files are then unmanaged). */
export async function loadReleases(
  bucket: SiteBucket,
  refs: readonly ReleaseRef[],
): Promise<LoadedRelease[]> {
  const loaded = await Promise.all(
    refs.map(async (ref) => {
      try {
        const manifest = await bucket.getJson(ref.key);
        if (isManifest(manifest)) return { ...ref, manifest };
        warnAnnotation(`${ref.key} is not a release manifest this action wrote; ignoring it`);
      } catch (error) {
        warnAnnotation(`could not read release manifest ${ref.key}: ${describeError(error)}`);
      }
      return undefined;
    }),
  );
  return loaded.filter((r): r is LoadedRelease => r !== undefined);
}
