import { createHash } from 'node:crypto';

/** Manifest media types the registry serves, in the order clients usually prefer them. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

export const INDEX_MEDIA_TYPES = new Set<string>([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

export interface StoredManifest {
  digest: string;
  mediaType: string;
  /** The exact bytes, as text (manifests are JSON); the digest is over these bytes. */
  body: string;
}

/** Thrown when the registry answers with an error document. */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sha256Digest(body: string | Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** The media type a manifest declares in its own `mediaType` field, if any. */
export function declaredMediaType(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { mediaType?: unknown };
    return typeof parsed.mediaType === 'string' ? parsed.mediaType : undefined;
  } catch {
    return undefined;
  }
}

/** A small client for the registry's HTTP API v2 (the upstream, unauthenticated). */
export class RegistryClient {
  constructor(readonly url: string) {}

  /** Tags of a repository; empty when the repository has never been pushed to. */
  async tags(name: string): Promise<string[]> {
    const tags: string[] = [];
    let next: string | undefined = `/v2/${name}/tags/list?n=1000`;
    while (next !== undefined) {
      const res = await fetch(`${this.url}${next}`);
      if (res.status === 404) return tags;
      if (!res.ok) throw await registryError(res);
      const body = (await res.json()) as { tags?: string[] | null };
      tags.push(...(body.tags ?? []));
      next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    return tags;
  }

  /** The digest a tag or digest resolves to, or undefined when it does not exist. */
  async resolve(name: string, reference: string): Promise<string | undefined> {
    const res = await fetch(`${this.url}/v2/${name}/manifests/${reference}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    });
    if (res.status === 404) return undefined;
    if (!res.ok)
      throw new RegistryError(res.status, 'UNKNOWN', `HEAD manifest ${reference}: ${res.status}`);
    return res.headers.get('docker-content-digest') ?? undefined;
  }

  /** A manifest by tag or digest, in whichever accepted media type it is stored. */
  async manifest(
    name: string,
    reference: string,
    accept: readonly string[] = MANIFEST_MEDIA_TYPES,
  ): Promise<StoredManifest | undefined> {
    const res = await fetch(`${this.url}/v2/${name}/manifests/${reference}`, {
      headers: { accept: accept.join(', ') },
    });
    if (res.status === 404) return undefined;
    if (!res.ok) throw await registryError(res);
    const bytes = Buffer.from(await res.arrayBuffer());
    const mediaType =
      res.headers.get('content-type') ?? declaredMediaType(bytes.toString('utf8')) ?? '';
    return {
      digest: res.headers.get('docker-content-digest') ?? sha256Digest(bytes),
      mediaType,
      body: bytes.toString('utf8'),
    };
  }

  /** Stores a manifest under a tag or its digest; returns the digest the registry computed. */
  async putManifest(
    name: string,
    reference: string,
    body: string,
    mediaType: string,
  ): Promise<string> {
    const res = await fetch(`${this.url}/v2/${name}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'content-type': mediaType },
      body,
    });
    if (!res.ok) throw await registryError(res);
    return res.headers.get('docker-content-digest') ?? sha256Digest(body);
  }

  /** Deletes a manifest (and with it every tag pointing at it). */
  async deleteManifest(name: string, digest: string): Promise<boolean> {
    const res = await fetch(`${this.url}/v2/${name}/manifests/${digest}`, { method: 'DELETE' });
    if (res.status === 404) return false;
    if (!res.ok) throw await registryError(res);
    return true;
  }

  async hasBlob(name: string, digest: string): Promise<boolean> {
    const res = await fetch(`${this.url}/v2/${name}/blobs/${digest}`, { method: 'HEAD' });
    return res.ok;
  }
}

async function registryError(res: Response): Promise<RegistryError> {
  const text = await res.text();
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first !== undefined) {
      return new RegistryError(res.status, first.code ?? 'UNKNOWN', first.message ?? text);
    }
  } catch {
    // not JSON
  }
  return new RegistryError(
    res.status,
    'UNKNOWN',
    `registry answered ${res.status}: ${text.slice(0, 200)}`,
  );
}
