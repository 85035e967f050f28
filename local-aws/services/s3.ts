import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { AwsError } from '../server/aws-error';
import { el, renderXml, requestId, xmlValue, xmlValues, type XmlNode } from '../server/protocols';
import type { ApiRequest, ApiResponse } from '../server/request';
import type { AwsService, ServiceFactory } from '../server/service';
import type { StackContext } from '../server/stack-context';
import {
  BlobStore,
  Bucket,
  checksumsOf,
  decodeBody,
  MAX_PARTS,
  md5Hex,
  MIN_PART_SIZE,
  type MultipartUpload,
  type ObjectHeaders,
  type S3Object,
} from './s3-store';

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** The S3 service's state handle, for tests and for CloudFront's edge. */
export interface S3Service extends AwsService {
  bucket(name: string): Bucket | undefined;
  createBucket(name: string): Bucket;
  /** The object's bytes. */
  readObject(bucket: string, key: string): Promise<Buffer>;
  head(bucket: string, key: string): S3Object | undefined;
  openObject(object: S3Object): NodeJS.ReadableStream;
}

interface Target {
  bucket: string;
  key: string;
}

function target(req: ApiRequest): Target {
  // Path-style: /bucket/key (the key keeps its slashes; each segment is percent-encoded).
  const raw = req.url.pathname.slice(1);
  const slash = raw.indexOf('/');
  const bucket = decodeURIComponent(slash < 0 ? raw : raw.slice(0, slash));
  const key = slash < 0 ? '' : decodeURIComponent(raw.slice(slash + 1));
  return { bucket, key };
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

function headersOf(req: ApiRequest): ObjectHeaders {
  const h = req.headers;
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(h)) {
    if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
  }
  const encoding = (h['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'aws-chunked')
    .join(', ');
  return {
    metadata,
    ...(h['content-type'] !== undefined ? { contentType: h['content-type'] } : {}),
    ...(h['cache-control'] !== undefined ? { cacheControl: h['cache-control'] } : {}),
    ...(encoding !== '' ? { contentEncoding: encoding } : {}),
    ...(h['content-disposition'] !== undefined
      ? { contentDisposition: h['content-disposition'] }
      : {}),
    ...(h['content-language'] !== undefined ? { contentLanguage: h['content-language'] } : {}),
  };
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

function send(
  res: ApiResponse,
  root: XmlNode | undefined,
  status = 200,
  headers: Record<string, string> = {},
): void {
  const text =
    root === undefined ? '' : `<?xml version="1.0" encoding="UTF-8"?>\n${renderXml(root)}`;
  res.writeHead(status, {
    ...(root === undefined ? {} : { 'content-type': 'application/xml' }),
    'content-length': Buffer.byteLength(text),
    'x-amz-request-id': requestId(),
    ...headers,
  });
  res.end(text);
}

const noSuchBucket = (name: string): AwsError =>
  new AwsError('NoSuchBucket', `The specified bucket does not exist: ${name}`, 404);
const noSuchKey = (): AwsError =>
  new AwsError('NoSuchKey', 'The specified key does not exist.', 404);

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
    ListObjects: (req, res, t) => list(req, res, t, 1),
    ListObjectsV2: (req, res, t) => list(req, res, t, 2),
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
    DeleteObject(_req, res, t) {
      const bucket = bucketOf(t.bucket);
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

  function list(req: ApiRequest, res: ApiResponse, t: Target, version: 1 | 2): void {
    const bucket = bucketOf(t.bucket);
    const q = req.url.searchParams;
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const maxKeys = Math.min(1000, Math.max(0, Number(q.get('max-keys') ?? 1000)));
    const urlEncode = q.get('encoding-type') === 'url';
    const enc = (text: string): string =>
      urlEncode ? encodeURIComponent(text).replace(/%2F/g, '/') : text;
    const token = q.get('continuation-token');
    let after = version === 2 ? (q.get('start-after') ?? '') : (q.get('marker') ?? '');
    if (version === 2 && token !== null) {
      after = Buffer.from(token, 'base64').toString('utf8');
    }
    const keys = bucket.keys();
    let index = lowerBound(keys, after === '' ? prefix : after > prefix ? after : prefix);
    if (after !== '' && keys[index] === after) index++;
    const contents: XmlNode[] = [];
    const prefixes: string[] = [];
    let last = '';
    let truncated = false;
    for (; index < keys.length; index++) {
      const key = keys[index] ?? '';
      if (!key.startsWith(prefix)) break;
      if (contents.length + prefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (delimiter !== '') {
        const cut = key.indexOf(delimiter, prefix.length);
        if (cut >= 0) {
          const common = key.slice(0, cut + delimiter.length);
          if (prefixes[prefixes.length - 1] !== common) prefixes.push(common);
          last = key;
          // Skip every key under the same common prefix.
          while (index + 1 < keys.length && (keys[index + 1] ?? '').startsWith(common)) {
            index++;
            last = keys[index] ?? last;
          }
          continue;
        }
      }
      const object = bucket.objects.get(key);
      if (object === undefined) continue;
      contents.push(
        el('Contents', [
          el('Key', enc(key)),
          el('LastModified', object.lastModified.toISOString()),
          el('ETag', object.etag),
          ...(Object.keys(object.checksums).length > 0
            ? Object.keys(object.checksums).map((a) => el('ChecksumAlgorithm', a.toUpperCase()))
            : []),
          el('Size', object.size),
          el('StorageClass', 'STANDARD'),
        ]),
      );
      last = key;
    }
    const children: XmlNode[] = [el('Name', t.bucket), el('Prefix', enc(prefix))];
    if (version === 2) {
      children.push(el('KeyCount', contents.length + prefixes.length));
      if (token !== null) children.push(el('ContinuationToken', token));
      if (q.get('start-after') !== null)
        children.push(el('StartAfter', enc(q.get('start-after') ?? '')));
      if (truncated)
        children.push(el('NextContinuationToken', Buffer.from(last).toString('base64')));
    } else {
      children.push(el('Marker', enc(q.get('marker') ?? '')));
      if (truncated) children.push(el('NextMarker', enc(last)));
    }
    children.push(el('MaxKeys', maxKeys));
    if (delimiter !== '') children.push(el('Delimiter', enc(delimiter)));
    if (urlEncode) children.push(el('EncodingType', 'url'));
    children.push(el('IsTruncated', truncated));
    children.push(...contents);
    children.push(...prefixes.map((p) => el('CommonPrefixes', el('Prefix', enc(p)))));
    send(res, el('ListBucketResult', children, { xmlns: XMLNS }));
  }

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

function checksumHeaders(checksums: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(checksums).map(([a, v]) => [`x-amz-checksum-${a}`, v]));
}

function pick<T extends object, K extends keyof T>(
  from: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

function lowerBound(keys: readonly string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? '') < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function pipe(stream: NodeJS.ReadableStream, res: ApiResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('error', reject);
    res.on('close', resolve);
    stream.pipe(res);
  });
}
