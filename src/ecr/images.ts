import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  PutImageCommand,
  type ECRClient,
  type ImageIdentifier,
} from '@aws-sdk/client-ecr';
import { ImmutableTagError } from './errors';
import { MANIFEST_MEDIA_TYPES } from './names';
import { isAwsError } from '../core/aws-errors';

export interface ImageFacts {
  digest: string;
  tags: string[];
  sizeInBytes?: number;
  mediaType?: string;
}

export interface ImageManifest {
  digest: string;
  manifest: string;
  mediaType?: string;
}

/** The image a tag (or digest) names, as the registry holds it; undefined when absent. */
export async function describeImage(
  ecr: ECRClient,
  repositoryName: string,
  id: ImageIdentifier,
): Promise<ImageFacts | undefined> {
  try {
    const out = await ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [id] }));
    const detail = out.imageDetails?.[0];
    if (detail?.imageDigest === undefined) return undefined;
    return {
      digest: detail.imageDigest,
      tags: detail.imageTags ?? [],
      ...(detail.imageSizeInBytes === undefined ? {} : { sizeInBytes: detail.imageSizeInBytes }),
      ...(detail.imageManifestMediaType === undefined
        ? {}
        : { mediaType: detail.imageManifestMediaType }),
    };
  } catch (error) {
    if (isAwsError(error, 'ImageNotFoundException')) return undefined;
    throw error;
  }
}

/** Manifests of the images the ids name (BatchGetImage); ids not found are simply absent. */
export async function getManifests(
  ecr: ECRClient,
  repositoryName: string,
  ids: ImageIdentifier[],
): Promise<Map<string, ImageManifest>> {
  const found = new Map<string, ImageManifest>();
  if (ids.length === 0) return found;
  const out = await ecr.send(
    new BatchGetImageCommand({
      repositoryName,
      imageIds: ids,
      acceptedMediaTypes: MANIFEST_MEDIA_TYPES,
    }),
  );
  for (const image of out.images ?? []) {
    const digest = image.imageId?.imageDigest;
    if (digest === undefined || image.imageManifest === undefined) continue;
    const key = image.imageId?.imageTag ?? digest;
    found.set(key, {
      digest,
      manifest: image.imageManifest,
      ...(image.imageManifestMediaType === undefined
        ? {}
        : { mediaType: image.imageManifestMediaType }),
    });
  }
  const unexpected = (out.failures ?? []).filter((f) => f.failureCode !== 'ImageNotFound');
  if (unexpected.length > 0) {
    const first = unexpected[0];
    throw new Error(
      `BatchGetImage failed: ${first?.failureCode ?? 'unknown'}: ${first?.failureReason ?? ''}`,
    );
  }
  return found;
}

/**
 * Gives an image one more tag without pulling or pushing layers (PutImage with its manifest).
 * `already` when the tag named this image before; ImmutableTagError when it names another one
 * in an immutable repository.
 */
export async function tagImage(
  ecr: ECRClient,
  repositoryName: string,
  image: ImageManifest,
  tag: string,
): Promise<'tagged' | 'already'> {
  try {
    await ecr.send(
      new PutImageCommand({
        repositoryName,
        imageManifest: image.manifest,
        ...(image.mediaType === undefined ? {} : { imageManifestMediaType: image.mediaType }),
        imageTag: tag,
        imageDigest: image.digest,
      }),
    );
    return 'tagged';
  } catch (error) {
    if (isAwsError(error, 'ImageAlreadyExistsException')) return 'already';
    if (isAwsError(error, 'ImageTagAlreadyExistsException')) {
      throw new ImmutableTagError(
        `tag ${JSON.stringify(tag)} already names a different image in the immutable repository ${JSON.stringify(repositoryName)}; immutable tags cannot be moved: use a new tag (e.g. one with the run number) or make the repository MUTABLE`,
        { cause: error },
      );
    }
    throw error;
  }
}
