import { statSync } from 'node:fs';
import path from 'node:path';
import { AwsError } from '../../server/aws-error';
import {
  declaredMediaType,
  INDEX_MEDIA_TYPES,
  MANIFEST_MEDIA_TYPES,
  RegistryError,
  sha256Digest,
  type RegistryClient,
  type StoredManifest,
} from '../../registry/registry-client';
import { DIGEST, TAG, type EcrRepository, type EcrState } from './state';

export interface ImageId {
  imageDigest?: string;
  imageTag?: string;
}

/** One image (a digest) with every tag that points at it, as the registry holds it. */
export interface ImageRecord {
  digest: string;
  tags: string[];
  manifest: StoredManifest;
  sizeInBytes: number;
  pushedAt: Date;
}

/** Image operations answered from what is really in the registry. */
export class EcrImages {
  constructor(
    private readonly state: EcrState,
    private readonly registry: RegistryClient | undefined,
    /** The registry's storage folder, for push times of images pushed before this stack ran. */
    private readonly storageDir: string | undefined,
  ) {}

  private client(): RegistryClient {
    if (this.registry === undefined) {
      throw new AwsError(
        'ServerException',
        'The local stack runs without a registry (install the docker-registry package)',
        500,
      );
    }
    return this.registry;
  }

  /** Every image of a repository: tagged ones from the tag list, untagged ones seen pushed. */
  async list(repository: EcrRepository): Promise<ImageRecord[]> {
    const registry = this.client();
    const byDigest = new Map<string, string[]>();
    for (const tag of await registry.tags(repository.name)) {
      const digest = await registry.resolve(repository.name, tag);
      if (digest !== undefined) byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag]);
    }
    for (const digest of repository.pushedAt.keys()) {
      if (
        !byDigest.has(digest) &&
        (await registry.resolve(repository.name, digest)) !== undefined
      ) {
        byDigest.set(digest, []);
      }
    }
    const records: ImageRecord[] = [];
    for (const [digest, tags] of byDigest) {
      const record = await this.record(repository, digest, tags);
      if (record !== undefined) records.push(record);
    }
    return records.sort((a, b) => b.pushedAt.getTime() - a.pushedAt.getTime());
  }

  /** The image an id names, or undefined; a tag and digest that disagree is a failure. */
  async find(
    repository: EcrRepository,
    id: ImageId,
  ): Promise<ImageRecord | 'mismatch' | undefined> {
    const registry = this.client();
    const reference = id.imageDigest ?? id.imageTag;
    if (reference === undefined) return undefined;
    const digest = await registry.resolve(repository.name, reference);
    if (digest === undefined) return undefined;
    if (id.imageTag !== undefined && id.imageDigest !== undefined) {
      const tagged = await registry.resolve(repository.name, id.imageTag);
      if (tagged !== digest) return 'mismatch';
    }
    const tags: string[] = [];
    for (const tag of await registry.tags(repository.name)) {
      if ((await registry.resolve(repository.name, tag)) === digest) tags.push(tag);
    }
    return this.record(repository, digest, tags);
  }

  private async record(
    repository: EcrRepository,
    digest: string,
    tags: string[],
  ): Promise<ImageRecord | undefined> {
    const manifest = await this.client().manifest(repository.name, digest);
    if (manifest === undefined) return undefined;
    return {
      digest,
      tags: [...tags].sort(),
      manifest,
      sizeInBytes: await this.size(repository, manifest),
      pushedAt: repository.pushedAt.get(digest) ?? this.storedAt(repository, digest),
    };
  }

  /** Compressed layer bytes; for an index, its largest image (as ECR reports it). */
  private async size(repository: EcrRepository, manifest: StoredManifest): Promise<number> {
    const parsed = JSON.parse(manifest.body) as {
      layers?: { size?: number }[];
      manifests?: { digest?: string }[];
    };
    if (INDEX_MEDIA_TYPES.has(manifest.mediaType)) {
      let largest = 0;
      for (const child of parsed.manifests ?? []) {
        if (child.digest === undefined) continue;
        const inner = await this.client().manifest(repository.name, child.digest);
        if (inner !== undefined) largest = Math.max(largest, await this.size(repository, inner));
      }
      return largest;
    }
    return (parsed.layers ?? []).reduce((sum, layer) => sum + (layer.size ?? 0), 0);
  }

  private storedAt(repository: EcrRepository, digest: string): Date {
    if (this.storageDir !== undefined) {
      const link = path.join(
        this.storageDir,
        'docker/registry/v2/repositories',
        repository.name,
        '_manifests/revisions/sha256',
        digest.slice('sha256:'.length),
        'link',
      );
      try {
        return statSync(link).mtime;
      } catch {
        // not on disk (yet)
      }
    }
    return new Date();
  }

  /**
   * PutImage: stores a manifest under a tag (or only its digest), with ECR's rules for
   * unchanged images and immutable tags.
   */
  async put(
    repository: EcrRepository,
    input: Record<string, unknown>,
  ): Promise<{ digest: string; mediaType: string; body: string }> {
    const body = input.imageManifest;
    if (typeof body !== 'string' || body === '') {
      throw new AwsError(
        'InvalidParameterException',
        "Invalid parameter at 'imageManifest': required",
      );
    }
    const tag = optionalString(input.imageTag, 'imageTag');
    if (tag !== undefined && !TAG.test(tag)) {
      throw new AwsError(
        'InvalidParameterException',
        `Invalid parameter at 'imageTag': '${tag}' is not a valid tag`,
      );
    }
    const mediaType =
      optionalString(input.imageManifestMediaType, 'imageManifestMediaType') ??
      declaredMediaType(body);
    if (
      mediaType === undefined ||
      !(MANIFEST_MEDIA_TYPES as readonly string[]).includes(mediaType)
    ) {
      throw new AwsError(
        'UnsupportedImageTypeException',
        `Invalid parameter at 'imageManifestMediaType': unsupported manifest media type ${mediaType ?? '(none)'}`,
      );
    }
    const digest = sha256Digest(body);
    const expected = optionalString(input.imageDigest, 'imageDigest');
    if (expected !== undefined && expected !== digest) {
      throw new AwsError(
        'ImageDigestDoesNotMatchException',
        `The digest ${expected} does not match the digest ${digest} of the manifest`,
      );
    }
    const registry = this.client();
    const current = await registry.resolve(repository.name, tag ?? digest);
    if (current === digest) {
      throw new AwsError(
        'ImageAlreadyExistsException',
        `Image with digest '${digest}' ${tag === undefined ? '' : `and tag '${tag}' `}already exists in the repository with name '${repository.name}' in registry with id '${this.state.registryId}'`,
      );
    }
    if (
      current !== undefined &&
      tag !== undefined &&
      this.state.isTagImmutable(repository.name, tag)
    ) {
      throw new AwsError(
        'ImageTagAlreadyExistsException',
        `The image tag '${tag}' already exists in the '${repository.name}' repository and cannot be overwritten because the repository is immutable.`,
      );
    }
    try {
      await registry.putManifest(repository.name, tag ?? digest, body, mediaType);
    } catch (error) {
      if (error instanceof RegistryError && error.code.startsWith('MANIFEST_BLOB_UNKNOWN')) {
        throw new AwsError(
          'LayersNotFoundException',
          `The image manifest references layers that are not in the repository '${repository.name}'`,
        );
      }
      if (error instanceof RegistryError && error.code === 'MANIFEST_UNKNOWN') {
        throw new AwsError(
          'ReferencedImagesNotFoundException',
          `The manifest list references images that are not in the repository '${repository.name}'`,
        );
      }
      if (error instanceof RegistryError && error.status < 500) {
        throw new AwsError(
          'InvalidParameterException',
          `The registry refused the manifest: ${error.message}`,
        );
      }
      throw error;
    }
    return { digest, mediaType, body };
  }
}

/** An image as DescribeImages reports it (ECR and ECR Public share the shape). */
export function imageDetail(
  registryId: string,
  repositoryName: string,
  image: ImageRecord,
): Record<string, unknown> {
  const config = (JSON.parse(image.manifest.body) as { config?: { mediaType?: string } }).config;
  return {
    registryId,
    repositoryName,
    imageDigest: image.digest,
    ...(image.tags.length === 0 ? {} : { imageTags: image.tags }),
    imageSizeInBytes: image.sizeInBytes,
    imagePushedAt: image.pushedAt.getTime() / 1000,
    imageManifestMediaType: image.manifest.mediaType,
    ...(config?.mediaType === undefined ? {} : { artifactMediaType: config.mediaType }),
  };
}

export function readImageIds(value: unknown, required: boolean): ImageId[] | undefined {
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value) || (required && value.length === 0)) {
    throw new AwsError(
      'InvalidParameterException',
      "Invalid parameter at 'imageIds': at least one image id is required",
    );
  }
  return (value as Record<string, unknown>[]).map((item) => {
    const id: ImageId = {};
    const tag = optionalString(item.imageTag, 'imageTag');
    const digest = optionalString(item.imageDigest, 'imageDigest');
    if (tag !== undefined) id.imageTag = tag;
    if (digest !== undefined) id.imageDigest = digest;
    return id;
  });
}

/** Why an image id cannot name an image, as BatchGetImage reports it; undefined when valid. */
export function invalidImageId(id: ImageId): { code: string; reason: string } | undefined {
  if (id.imageDigest === undefined && id.imageTag === undefined) {
    return {
      code: 'MissingDigestAndTag',
      reason: 'Invalid request parameters: both tag and digest cannot be null',
    };
  }
  if (id.imageDigest !== undefined && !DIGEST.test(id.imageDigest)) {
    return {
      code: 'InvalidImageDigest',
      reason: 'Invalid request parameters: image digest should satisfy the regex',
    };
  }
  if (id.imageTag !== undefined && !TAG.test(id.imageTag)) {
    return {
      code: 'InvalidImageTag',
      reason: 'Invalid request parameters: image tag should satisfy the regex',
    };
  }
  return undefined;
}

export function imageIdText(id: ImageId): string {
  return `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}`;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter at '${field}': expected a string`,
    );
  }
  return value;
}

export { MANIFEST_MEDIA_TYPES };
