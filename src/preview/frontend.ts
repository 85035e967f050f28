import type { AwsSettings } from '../core/aws-clients';
import { SiteBucket } from '../sync-spa-s3/remote';
import { assertPreviewPrefix } from './names';

/** Deletes every object under previews/pr-<N>/ (site files and release manifests); returns how many. */
export async function deletePrefix(
  aws: AwsSettings,
  bucketName: string,
  prefix: string,
  signal: AbortSignal,
): Promise<number> {
  assertPreviewPrefix(prefix);
  const bucket = new SiteBucket(aws, {
    bucket: bucketName,
    concurrency: 16,
    partSize: 8 * 1024 * 1024,
    multipartThreshold: 16 * 1024 * 1024,
    signal,
  });
  try {
    const keys = (await bucket.list(prefix)).map((object) => object.key);
    if (keys.length > 0) await bucket.delete(keys);
    return keys.length;
  } finally {
    bucket.destroy();
  }
}
