import path from 'node:path';
import { AwsError } from '../server/aws-error';
import { el, requestId, xmlValue, type XmlNode } from '../server/protocols';
import type { ApiRequest, ApiResponse } from '../server/request';
import type { AwsService, ServiceFactory } from '../server/service';
import type { StackContext } from '../server/stack-context';
import { listObjects } from './s3-list';
import { multipartHandlers } from './s3-multipart';
import { checksumHeaders, headersOf, pick, send, target, XMLNS, type Target } from './s3-wire';
import {
  BlobStore,
  Bucket,
  checksumsOf,
  decodeBody,
  md5Hex,
  type MultipartUpload,
  type ObjectHeaders,
  type S3Object,
} from './s3-store';

/** The S3 service's state handle, for tests and for CloudFront's edge. */
export interface S3Service extends AwsService {
  bucket(name: string): Bucket | undefined;
  createBucket(name: string): Bucket;
  /** The object's bytes. */
  readObject(bucket: string, key: string): Promise<Buffer>;
  head(bucket: string, key: string): S3Object | undefined;
  openObject(object: S3Object): NodeJS.ReadableStream;
}

/** The operation name of a request, as the S3 API reference names it. */
export function s3Operation(req: ApiRequest): string {
  const { bucket, key } = target(req);
  const q = req.url.searchParams;
  const m = req.method;
  if (bucket === '') return m === 'GET' ? 'ListBuckets' : 'Unknown';
  if (key === '') {
    if (m === 'PUT') return 'CreateBucket';
    if (m === 'HEAD') return 'HeadBucket';
    if (m === 'DELETE') return 'DeleteBucket';
    if (m === 'POST' && q.has('delete')) return 'DeleteObjects';
    if (m === 'GET' && q.has('location')) return 'GetBucketLocation';
    if (m === 'GET' && q.has('uploads')) return 'ListMultipartUploads';
    if (m === 'GET') return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    return 'Unknown';
  }
  if (m === 'PUT' && q.has('uploadId')) return 'UploadPart';
  if (m === 'PUT')
    return req.headers['x-amz-copy-source'] !== undefined ? 'CopyObject' : 'PutObject';
  if (m === 'POST' && q.has('uploads')) return 'CreateMultipartUpload';
  if (m === 'POST' && q.has('uploadId')) return 'CompleteMultipartUpload';
  if (m === 'DELETE' && q.has('uploadId')) return 'AbortMultipartUpload';
  if (m === 'DELETE') return 'DeleteObject';
  if (m === 'HEAD') return 'HeadObject';
  if (m === 'GET' && q.has('uploadId')) return 'ListParts';
  if (m === 'GET') return 'GetObject';
  return 'Unknown';
}

function objectHeaders(object: S3Object, withChecksums: boolean): Record<string, string> {
  const out: Record<string, string> = {
    'content-type': object.contentType ?? 'binary/octet-stream',
    'content-length': String(object.size),
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    'x-amz-request-id': requestId(),
  };
  if (object.cacheControl !== undefined) out['cache-control'] = object.cacheControl;
  if (object.contentEncoding !== undefined) out['content-encoding'] = object.contentEncoding;
  if (object.contentDisposition !== undefined)
    out['content-disposition'] = object.contentDisposition;
  if (object.contentLanguage !== undefined) out['content-language'] = object.contentLanguage;
  for (const [name, value] of Object.entries(object.metadata)) out[`x-amz-meta-${name}`] = value;
  if (withChecksums) {
    for (const [algorithm, value] of Object.entries(object.checksums)) {
      out[`x-amz-checksum-${algorithm}`] = value;
    }
    if (object.checksumType !== undefined) out['x-amz-checksum-type'] = object.checksumType;
  }
  return out;
}

const noSuchBucket = (name: string): AwsError =>
  new AwsError('NoSuchBucket', `The specified bucket does not exist: ${name}`, 404);
const noSuchKey = (): AwsError =>
  new AwsError('NoSuchKey', 'The specified key does not exist.', 404);

/**
 * Conditional writes and deletes, as the S3 User Guide documents them: PutObject with
 * `If-None-Match: *` fails with 412 PreconditionFailed when the key exists (only `*` is
 * accepted); `If-Match: <etag>` (PutObject, DeleteObject) fails with 412 when the ETag differs,
 * and with 404 NoSuchKey when there is no object. Checked when the write is applied, so of two
 * concurrent writes only one can pass.
 */
function checkPreconditions(
  headers: Record<string, string | string[] | undefined>,
  existing: S3Object | undefined,
  allowIfNoneMatch: boolean,
): void {
  const ifNoneMatch = headers['if-none-match'];
  const ifMatch = headers['if-match'];
  if (allowIfNoneMatch && ifNoneMatch !== undefined) {
    if (ifNoneMatch !== '*') {
      throw new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501); // prettier-ignore
    }
    if (existing !== undefined) throw preconditionFailed();
  }
  if (typeof ifMatch === 'string') {
    if (existing === undefined) throw noSuchKey();
    const unquote = (etag: string): string => etag.replace(/^"|"$/g, '');
    if (ifMatch !== '*' && unquote(ifMatch) !== unquote(existing.etag)) throw preconditionFailed();
  }
}

const preconditionFailed = (): AwsError =>
  new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412); // prettier-ignore

/**
 * S3 (restXml, path-style addressing): buckets, objects with metadata and checksums, listing,
 * copy, batch delete and multipart uploads. Object bytes live on disk under the stack's data dir.
 */
export const createS3Service: ServiceFactory = (context: StackContext) => {
  const buckets = new Map<string, Bucket>();
  const uploads = new Map<string, MultipartUpload>();
  const blobs = new BlobStore(path.join(context.dataDir, 's3'));

  const bucketOf = (name: string): Bucket => {
    const bucket = buckets.get(name);
    if (bucket === undefined) throw noSuchBucket(name);
    return bucket;
  };
  const createBucket = (name: string): Bucket => {
    const bucket = buckets.get(name) ?? new Bucket(name, new Date());
    buckets.set(name, bucket);
    return bucket;
  };
  const store = (bucket: Bucket, object: S3Object): void => {
    blobs.release(bucket.put(object)?.file);
  };

  const handlers: Record<
    string,
    (req: ApiRequest, res: ApiResponse, t: Target) => Promise<void> | void
  > = {
    ListBuckets(_req, res) {
      send(
        res,
        el(
          'ListAllMyBucketsResult',
          [
            el('Owner', [el('ID', context.accountId), el('DisplayName', 'local')]),
            el(
              'Buckets',
              [...buckets.values()].map((b) =>
                el('Bucket', [el('Name', b.name), el('CreationDate', b.created.toISOString())]),
              ),
            ),
          ],
          { xmlns: XMLNS },
        ),
      );
    },
    CreateBucket(_req, res, t) {
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(t.bucket)) {
        throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.');
      }
      if (buckets.has(t.bucket) && context.region !== 'us-east-1') {
        throw new AwsError(
          'BucketAlreadyOwnedByYou',
          'Your previous request to create the named bucket succeeded and you already own it.',
          409,
        );
      }
      createBucket(t.bucket);
      send(res, undefined, 200, { location: `/${t.bucket}` });
    },
    HeadBucket(_req, res, t) {
      if (!buckets.has(t.bucket)) throw new AwsError('NotFound', 'Not Found', 404);
      send(res, undefined, 200, { 'x-amz-bucket-region': context.region });
    },
    DeleteBucket(_req, res, t) {
      const bucket = bucketOf(t.bucket);
      if (bucket.objects.size > 0) {
        throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409);
      }
      buckets.delete(t.bucket);
      send(res, undefined, 204);
    },
    GetBucketLocation(_req, res, t) {
      bucketOf(t.bucket);
      const region = context.region === 'us-east-1' ? '' : context.region;
      send(res, el('LocationConstraint', region, { xmlns: XMLNS }));
    },
    ListObjects: (req, res, t) => listObjects(bucketOf(t.bucket), req, res, 1),
    ListObjectsV2: (req, res, t) => listObjects(bucketOf(t.bucket), req, res, 2),
    async PutObject(req, res, t) {
      const bucket = bucketOf(t.bucket);
      const { body, trailers } = decodeBody(req.headers, req.body);
      const checksums = checksumsOf(req.headers, trailers, body);
      const etag = `"${md5Hex(body)}"`;
      const object: S3Object = {
        key: t.key,
        file: await blobs.write(body),
        size: body.length,
        etag,
        lastModified: new Date(),
        checksums,
        ...headersOf(req),
        ...(Object.keys(checksums).length > 0 ? { checksumType: 'FULL_OBJECT' as const } : {}),
        ...(req.headers['x-amz-acl'] !== undefined ? { acl: req.headers['x-amz-acl'] } : {}),
      };
      try {
        checkPreconditions(req.headers, bucket.objects.get(t.key), true);
      } catch (error) {
        blobs.release(object.file);
        throw error;
      }
      store(bucket, object);
      send(res, undefined, 200, { etag, ...checksumHeaders(checksums) });
    },
    async GetObject(req, res, t) {
      const object = bucketOf(t.bucket).objects.get(t.key);
      if (object === undefined) throw noSuchKey();
      const headers = objectHeaders(object, req.headers['x-amz-checksum-mode'] === 'ENABLED');
      if (req.headers['if-none-match'] === object.etag) {
        send(res, undefined, 304, { etag: object.etag });
        return;
      }
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      if (range !== null && object.size > 0) {
        const start =
          range[1] === '' ? Math.max(0, object.size - Number(range[2])) : Number(range[1]);
        const end =
          range[1] !== '' && range[2] !== ''
            ? Math.min(Number(range[2]), object.size - 1)
            : object.size - 1;
        if (start > end)
          throw new AwsError('InvalidRange', 'The requested range is not satisfiable', 416);
        res.writeHead(206, {
          ...headers,
          'content-length': String(end - start + 1),
          'content-range': `bytes ${start}-${end}/${object.size}`,
        });
        await pipe(blobs.read(object.file, { start, end }), res);
        return;
      }
      res.writeHead(200, headers);
      await pipe(blobs.read(object.file), res);
    },
    HeadObject(req, res, t) {
      const bucket = buckets.get(t.bucket);
      const object = bucket?.objects.get(t.key);
      if (object === undefined) throw new AwsError('NotFound', 'Not Found', 404);
      res.writeHead(200, objectHeaders(object, req.headers['x-amz-checksum-mode'] === 'ENABLED'));
      res.end();
    },
    async CopyObject(req, res, t) {
      const bucket = bucketOf(t.bucket);
      const source = decodeURIComponent(
        (req.headers['x-amz-copy-source'] ?? '').split('?')[0] ?? '',
      ).replace(/^\//, '');
      const slash = source.indexOf('/');
      const from = bucketOf(source.slice(0, slash)).objects.get(source.slice(slash + 1));
      if (slash < 0 || from === undefined) throw noSuchKey();
      const replace = (req.headers['x-amz-metadata-directive'] ?? 'COPY') === 'REPLACE';
      if (!replace && t.bucket === source.slice(0, slash) && t.key === from.key) {
        throw new AwsError(
          'InvalidRequest',
          "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        );
      }
      const headers: ObjectHeaders = replace
        ? headersOf(req)
        : {
            metadata: from.metadata,
            ...pick(from, [
              'contentType',
              'cacheControl',
              'contentEncoding',
              'contentDisposition',
              'contentLanguage',
            ]),
          };
      const object: S3Object = {
        key: t.key,
        file: await blobs.copy(from.file),
        size: from.size,
        etag: from.etag,
        lastModified: new Date(),
        checksums: from.checksums,
        ...headers,
        ...(from.checksumType !== undefined ? { checksumType: from.checksumType } : {}),
      };
      store(bucket, object);
      send(
        res,
        el(
          'CopyObjectResult',
          [el('LastModified', object.lastModified.toISOString()), el('ETag', object.etag)],
          { xmlns: XMLNS },
        ),
      );
    },
    DeleteObject(req, res, t) {
      const bucket = bucketOf(t.bucket);
      checkPreconditions(req.headers, bucket.objects.get(t.key), false);
      blobs.release(bucket.delete(t.key)?.file);
      send(res, undefined, 204);
    },
    DeleteObjects(req, res, t) {
      const bucket = bucketOf(t.bucket);
      const xml = req.body.toString('utf8');
      const objects = [...xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map((m) => m[1] ?? '');
      if (objects.length > 1000) {
        throw new AwsError(
          'MalformedXML',
          'The XML you provided was not well-formed or did not validate against our published schema',
        );
      }
      const quiet = xmlValue(xml, 'Quiet') === 'true';
      const deleted: XmlNode[] = [];
      for (const entry of objects) {
        const key = xmlValue(entry, 'Key') ?? '';
        blobs.release(bucket.delete(key)?.file);
        if (!quiet) deleted.push(el('Deleted', el('Key', key)));
      }
      send(res, el('DeleteResult', deleted, { xmlns: XMLNS }));
    },
  };

  Object.assign(handlers, multipartHandlers({ context, uploads, blobs, bucketOf, store }));

  const service: S3Service = {
    signingNames: ['s3'],
    operationOf: s3Operation,
    sendError(res, error) {
      const body =
        res.req.method === 'HEAD'
          ? undefined
          : el('Error', [
              el('Code', error.code),
              el('Message', error.message),
              el('RequestId', requestId()),
            ]);
      send(res, body, error.status, error.headers);
    },
    async handle(req, res) {
      const operation = s3Operation(req);
      const handler = handlers[operation];
      if (handler === undefined) {
        throw new AwsError(
          'NotImplemented',
          `The local stack does not implement S3 ${operation}`,
          501,
        );
      }
      await handler(req, res, target(req));
    },
    bucket: (name) => buckets.get(name),
    createBucket,
    head: (bucket, key) => buckets.get(bucket)?.objects.get(key),
    openObject: (object) => blobs.read(object.file),
    async readObject(bucket, key) {
      const object = buckets.get(bucket)?.objects.get(key);
      if (object === undefined) throw noSuchKey();
      const chunks: Buffer[] = [];
      for await (const chunk of blobs.read(object.file)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
  return service;
};

function pipe(stream: NodeJS.ReadableStream, res: ApiResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('error', reject);
    res.on('close', resolve);
    stream.pipe(res);
  });
}
