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

/** The key getManifests files an image id under: its tag, else its digest. */
export function imageIdKey(id: ImageIdentifier): string {
  return id.imageTag ?? id.imageDigest ?? '';
}

/**
 * Manifests of the images the ids name (BatchGetImage), keyed by what was asked for
 * (`imageIdKey`); ids not found are simply absent. Answers are matched to the request by the
 * digest or tag asked for, whatever else the registry echoes in `imageId` (ECR echoes a tag for
 * a request by digest, and an image with several tags may be echoed under another one).
 */
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
  const unexpected = (out.failures ?? []).filter((f) => f.failureCode !== 'ImageNotFound');
  if (unexpected.length > 0) {
    const first = unexpected[0];
    throw new Error(
      `BatchGetImage failed: ${first?.failureCode ?? 'unknown'}: ${first?.failureReason ?? ''}`,
    );
  }
  const answers: Answer[] = [];
  for (const image of out.images ?? []) {
    const digest = image.imageId?.imageDigest;
    if (digest === undefined || image.imageManifest === undefined) continue;
    answers.push({
      tag: image.imageId?.imageTag,
      manifest: {
        digest,
        manifest: image.imageManifest,
        ...(image.imageManifestMediaType === undefined
          ? {}
          : { mediaType: image.imageManifestMediaType }),
      },
    });
  }
  const failed = new Set((out.failures ?? []).map((f) => imageIdKey(f.imageId ?? {})));
  const open = ids.filter((id) => !failed.has(imageIdKey(id)));
  const unused = new Set(answers);
  const take = (id: ImageIdentifier, answer: Answer | undefined): void => {
    if (answer === undefined) return;
    found.set(imageIdKey(id), answer.manifest);
    unused.delete(answer);
  };
  // By digest: the answer with that digest. By tag: the answer echoing that tag.
  for (const id of open) {
    take(
      id,
      id.imageDigest === undefined
        ? answers.find((a) => a.tag === id.imageTag)
        : answers.find((a) => a.manifest.digest === id.imageDigest),
    );
  }
  // A tag asked for and answered under another tag (or none): unambiguous only when one tag
  // and one answer are left over.
  const leftTags = open.filter((id) => id.imageDigest === undefined && !found.has(imageIdKey(id)));
  const [onlyTag] = leftTags;
  const [onlyAnswer] = [...unused];
  if (leftTags.length === 1 && unused.size === 1 && onlyTag !== undefined)
    take(onlyTag, onlyAnswer);
  return found;
}

interface Answer {
  tag: string | undefined;
  manifest: ImageManifest;
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
