import { createReadStream } from 'node:fs';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type CreateMultipartUploadCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { LocalFile } from './local-files';

type Send<T> = (client: S3Client, options: { abortSignal?: AbortSignal }) => Promise<T>;

/** What a multipart upload needs of the bucket (SiteBucket provides it). */
export interface MultipartContext {
  bucket: string;
  partSize: number;
  /** A control-plane request (create, complete, abort) through the bucket's concurrency limit. */
  call<T>(fn: Send<T>): Promise<T>;
  /** One part's upload, limited and retried as a whole (the body is re-read per attempt). */
  sendPart<T>(description: string, fn: Send<T>): Promise<T>;
}

/** The object's headers, metadata and ACL, as given to CreateMultipartUpload. */
export type ObjectFields = Omit<
  CreateMultipartUploadCommandInput,
  'Bucket' | 'Key' | 'ChecksumAlgorithm'
>;

/**
 * Uploads a big file in parts of `partSize` bytes, each streamed from disk with its SHA-1 (so
 * S3 verifies every part), all parts through the bucket's concurrency limit; returns the ETag.
 * A failure aborts the upload, so no unfinished parts are left to pay for.
 */
export async function uploadInParts(
  context: MultipartContext,
  file: LocalFile,
  key: string,
  fields: ObjectFields,
  onBytes: (bytes: number) => void,
): Promise<string> {
  const { bucket, partSize } = context;
  const created = await context.call((client, options) =>
    client.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        ChecksumAlgorithm: 'SHA1',
        ...fields,
      }),
      options,
    ),
  );
  const uploadId = created.UploadId ?? '';
  try {
    const parts = await Promise.all(
      (file.partSha1 ?? []).map((sha1, index) =>
        context.sendPart(`upload ${file.path} part ${index + 1}`, async (client, options) => {
          const start = index * partSize;
          const end = Math.min(file.size, start + partSize) - 1;
          const result = await client.send(
            new UploadPartCommand({
              Bucket: bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber: index + 1,
              Body: createReadStream(file.absolute, { start, end }),
              ContentLength: end - start + 1,
              ChecksumSHA1: sha1,
            }),
            options,
          );
          onBytes(end - start + 1);
          return { PartNumber: index + 1, ETag: result.ETag ?? '', ChecksumSHA1: sha1 };
        }),
      ),
    );
    const done = await context.call((client, options) =>
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
        options,
      ),
    );
    return done.ETag ?? '';
  } catch (error) {
    await context
      .call((client, options) =>
        client.send(
          new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
          options,
        ),
      )
      .catch(() => undefined);
    throw error;
  }
}
