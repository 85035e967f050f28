import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from '../server/aws-error';
import { el, xmlValue, xmlValues } from '../server/protocols';
import type { ApiRequest, ApiResponse } from '../server/request';
import type { StackContext } from '../server/stack-context';
import {
  checksumsOf,
  decodeBody,
  MAX_PARTS,
  md5Hex,
  MIN_PART_SIZE,
  type BlobStore,
  type Bucket,
  type MultipartUpload,
  type S3Object,
} from './s3-store';
import { checksumHeaders, headersOf, pick, send, XMLNS, type Target } from './s3-wire';

export type S3Handler = (req: ApiRequest, res: ApiResponse, t: Target) => Promise<void> | void;

/** CreateMultipartUpload, UploadPart, CompleteMultipartUpload and AbortMultipartUpload. */
export function multipartHandlers(deps: {
  context: StackContext;
  uploads: Map<string, MultipartUpload>;
  blobs: BlobStore;
  bucketOf: (name: string) => Bucket;
  store: (bucket: Bucket, object: S3Object) => void;
}): Record<string, S3Handler> {
  const { context, uploads, blobs, bucketOf, store } = deps;
  const noSuchUpload = (): AwsError =>
    new AwsError(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
    );
  const uploadOf = (req: ApiRequest): MultipartUpload => {
    const upload = uploads.get(req.url.searchParams.get('uploadId') ?? '');
    if (upload === undefined) throw noSuchUpload();
    return upload;
  };
  return {
    CreateMultipartUpload(req, res, t) {
      bucketOf(t.bucket);
      const upload: MultipartUpload = {
        id: randomUUID().replace(/-/g, ''),
        bucket: t.bucket,
        key: t.key,
        initiated: new Date(),
        parts: new Map(),
        ...headersOf(req),
      };
      const algorithm = req.headers['x-amz-checksum-algorithm'];
      if (algorithm !== undefined) upload.checksumAlgorithm = algorithm.toLowerCase();
      uploads.set(upload.id, upload);
      send(
        res,
        el(
          'InitiateMultipartUploadResult',
          [el('Bucket', t.bucket), el('Key', t.key), el('UploadId', upload.id)],
          { xmlns: XMLNS },
        ),
        200,
        algorithm === undefined ? {} : { 'x-amz-checksum-algorithm': algorithm },
      );
    },
    async UploadPart(req, res) {
      const upload = uploadOf(req);
      const number = Number(req.url.searchParams.get('partNumber'));
      if (!Number.isInteger(number) || number < 1 || number > MAX_PARTS) {
        throw new AwsError(
          'InvalidArgument',
          `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive`,
        );
      }
      const { body, trailers } = decodeBody(req.headers, req.body);
      const checksums = checksumsOf(req.headers, trailers, body);
      const etag = `"${md5Hex(body)}"`;
      const file = await blobs.write(body);
      if (!uploads.has(upload.id)) {
        blobs.release(file);
        throw noSuchUpload();
      }
      blobs.release(upload.parts.get(number)?.file);
      upload.parts.set(number, { number, file, size: body.length, etag, checksums });
      send(res, undefined, 200, { etag, ...checksumHeaders(checksums) });
    },
    async CompleteMultipartUpload(req, res, t) {
      const upload = uploadOf(req);
      const bucket = bucketOf(upload.bucket);
      const listed = xmlValues(req.body.toString('utf8'), 'Part').map((p) => ({
        number: Number(xmlValue(p, 'PartNumber')),
        etag: (xmlValue(p, 'ETag') ?? '').replace(/&quot;/g, '"'),
      }));
      if (listed.length === 0) {
        throw new AwsError(
          'MalformedXML',
          'The XML you provided was not well-formed or did not validate against our published schema',
        );
      }
      const parts = listed.map((entry, index) => {
        const part = upload.parts.get(entry.number);
        if (part === undefined || part.etag.replace(/"/g, '') !== entry.etag.replace(/"/g, '')) {
          throw new AwsError(
            'InvalidPart',
            "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          );
        }
        if (index > 0 && entry.number <= (listed[index - 1]?.number ?? 0)) {
          throw new AwsError(
            'InvalidPartOrder',
            'The list of parts was not in ascending order. Parts must be ordered by part number.',
          );
        }
        if (index < listed.length - 1 && part.size < MIN_PART_SIZE) {
          throw new AwsError(
            'EntityTooSmall',
            'Your proposed upload is smaller than the minimum allowed object size.',
          );
        }
        return part;
      });
      const md5s = Buffer.concat(parts.map((p) => Buffer.from(p.etag.replace(/"/g, ''), 'hex')));
      const etag = `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`;
      const checksums: Record<string, string> = {};
      const algorithm = upload.checksumAlgorithm;
      if (algorithm !== undefined && parts.every((p) => p.checksums[algorithm] !== undefined)) {
        if (algorithm === 'sha1' || algorithm === 'sha256') {
          const raw = Buffer.concat(
            parts.map((p) => Buffer.from(p.checksums[algorithm] ?? '', 'base64')),
          );
          checksums[algorithm] =
            `${createHash(algorithm).update(raw).digest('base64')}-${parts.length}`;
        }
      }
      const object: S3Object = {
        key: upload.key,
        file: await blobs.concat(parts.map((p) => p.file)),
        size: parts.reduce((sum, p) => sum + p.size, 0),
        etag,
        lastModified: new Date(),
        checksums,
        metadata: upload.metadata,
        ...pick(upload, [
          'contentType',
          'cacheControl',
          'contentEncoding',
          'contentDisposition',
          'contentLanguage',
        ]),
        ...(Object.keys(checksums).length > 0 ? { checksumType: 'COMPOSITE' as const } : {}),
      };
      uploads.delete(upload.id);
      for (const part of upload.parts.values()) blobs.release(part.file);
      store(bucket, object);
      send(
        res,
        el(
          'CompleteMultipartUploadResult',
          [
            el('Location', `${context.endpoint()}/${upload.bucket}/${encodeURI(upload.key)}`),
            el('Bucket', upload.bucket),
            el('Key', t.key),
            el('ETag', etag),
            ...Object.entries(checksums).map(([a, v]) => el(`Checksum${a.toUpperCase()}`, v)),
          ],
          { xmlns: XMLNS },
        ),
      );
    },
    AbortMultipartUpload(req, res) {
      const upload = uploadOf(req);
      uploads.delete(upload.id);
      for (const part of upload.parts.values()) blobs.release(part.file);
      send(res, undefined, 204);
    },
  };
}
