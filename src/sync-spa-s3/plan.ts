import { sameHeaders, type ObjectHeaders } from './headers';
import type { LocalFile } from './local-files';
import { keptPaths, type LoadedRelease, type ManifestEntry } from './releases';

export interface RemoteObject {
  key: string;
  size: number;
  etag: string;
}

/** What HeadObject told about an object the manifests do not vouch for. */
export interface HeadInfo extends Partial<ObjectHeaders> {
  sha1?: string;
  etag: string;
}

export interface SyncPlan {
  /** New or changed content: uploaded. */
  upload: LocalFile[];
  /** Same content, different headers: rewritten by a server-side copy. */
  updateHeaders: LocalFile[];
  unchanged: LocalFile[];
  /** Keys absent from the kept releases. */
  prune: string[];
  /** Objects under the prefix that no loaded release published (never pruned). */
  unmanaged: number;
  /** URL paths whose content or headers changed since the previous release. */
  changedPaths: string[];
  /** ETags known without uploading (unchanged files). */
  etags: Map<string, string>;
  /** Nothing to write: the live release already is this build. */
  noop: boolean;
}

export interface PlanInput {
  files: readonly LocalFile[];
  prefix: string;
  urlBase: string;
  remote: ReadonlyMap<string, RemoteObject>;
  /** Earlier releases, newest first (without the manifest of the release being re-run). */
  releases: readonly LoadedRelease[];
  /** The newest manifest in the bucket, whatever its id (for the no-op check). */
  live?: LoadedRelease;
  heads: ReadonlyMap<string, HeadInfo>;
  prune: boolean;
  keepReleases: number;
  keepForMs?: number;
  now: number;
}

/** The entry a release recorded for a path whose object is still exactly what it wrote. */
function vouched(
  input: Pick<PlanInput, 'live' | 'releases'>,
  file: LocalFile,
  remote: RemoteObject,
): ManifestEntry | undefined {
  const check = (release: LoadedRelease | undefined): ManifestEntry | undefined => {
    const entry = release?.manifest.files[file.path];
    return entry !== undefined && entry.etag === remote.etag && entry.size === remote.size
      ? entry
      : undefined;
  };
  const live = check(input.live);
  if (live !== undefined) return live;
  for (const release of input.releases) {
    const entry = check(release);
    if (entry !== undefined) return entry;
  }
  return undefined;
}

/** Files whose remote object no release vouches for, so only HeadObject can tell its content. */
export function filesToHead(input: Omit<PlanInput, 'heads'>): LocalFile[] {
  return input.files.filter((file) => {
    const remote = input.remote.get(input.prefix + file.path);
    return (
      remote !== undefined &&
      remote.size === file.size &&
      vouched(input, file, remote) === undefined
    );
  });
}

/** Decides, by content hash only (never by modification time), what to upload, copy and prune. */
export function planSync(input: PlanInput): SyncPlan {
  const plan: SyncPlan = {
    upload: [],
    updateHeaders: [],
    unchanged: [],
    prune: [],
    unmanaged: 0,
    changedPaths: [],
    etags: new Map(),
    noop: false,
  };
  for (const file of input.files) {
    const key = input.prefix + file.path;
    const remote = input.remote.get(key);
    let remoteState:
      { sha1?: string | undefined; headers: Partial<ObjectHeaders>; etag: string } | undefined;
    if (remote !== undefined) {
      const entry = vouched(input, file, remote);
      const head = input.heads.get(file.path);
      if (entry !== undefined)
        remoteState = { sha1: entry.sha1, headers: entry, etag: remote.etag };
      else if (head !== undefined)
        remoteState = { sha1: head.sha1, headers: head, etag: head.etag };
    }
    if (remoteState === undefined || remoteState.sha1 !== file.sha1) {
      plan.upload.push(file);
    } else if (!sameHeaders(file.headers, remoteState.headers)) {
      plan.updateHeaders.push(file);
    } else {
      plan.unchanged.push(file);
      plan.etags.set(file.path, remoteState.etag);
    }
  }

  const baseline = input.releases[0];
  const unchanged = new Set(plan.unchanged);
  for (const file of input.files) {
    const before = baseline?.manifest.files[file.path];
    const changed =
      baseline === undefined
        ? !unchanged.has(file)
        : before === undefined || before.sha1 !== file.sha1 || !sameHeaders(file.headers, before);
    if (changed) plan.changedPaths.push(...urlPaths(input.urlBase, file.path));
  }

  // A build identical to the live release is that release again, not a new one: it does not
  // advance the keep-releases window (so an idle re-deploy never prunes).
  const live = input.live?.manifest.files;
  const sameAsLive =
    plan.upload.length === 0 &&
    plan.updateHeaders.length === 0 &&
    live !== undefined &&
    Object.keys(live).length === input.files.length &&
    input.files.every(
      (f) => live[f.path]?.sha1 === f.sha1 && sameHeaders(f.headers, live[f.path] ?? {}),
    );
  if (input.prune) {
    const current = new Set(input.files.map((f) => f.path));
    const window =
      sameAsLive && input.live?.key === input.releases[0]?.key
        ? input.keepReleases + 1
        : input.keepReleases;
    const kept = keptPaths(current, input.releases, window, input.keepForMs, input.now);
    const known = new Set(input.releases.flatMap((r) => Object.keys(r.manifest.files)));
    for (const key of input.remote.keys()) {
      const file = key.slice(input.prefix.length);
      if (kept.has(file)) continue;
      if (known.has(file)) plan.prune.push(key);
      else plan.unmanaged++;
    }
  }
  plan.noop = sameAsLive && plan.prune.length === 0;
  return plan;
}

/**
 * The URL paths a file is reachable at: its own, and its folder's for an index.html. Each
 * segment is percent-encoded, `*` too (encodeURIComponent leaves it, and CloudFront reads it as
 * a wildcard), so any file name gives a path invalidate-cdn accepts.
 */
export function urlPaths(urlBase: string, file: string): string[] {
  const encoded = file
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/\*/g, '%2A'))
    .join('/');
  const paths = [`${urlBase}${encoded}`];
  if (file === 'index.html' || file.endsWith('/index.html')) {
    paths.push(`${urlBase}${encoded.slice(0, -'index.html'.length)}`);
  }
  return paths;
}
