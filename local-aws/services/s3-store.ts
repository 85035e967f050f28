import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, type ReadStream } from 'node:fs';
import { copyFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { AwsError } from '../server/aws-error';

/** What S3 stores with an object besides its bytes. */
export interface ObjectHeaders {
  contentType?: string;
  cacheControl?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  /** User metadata (x-amz-meta-*), names lower-cased as S3 returns them. */
  metadata: Record<string, string>;
}

export interface S3Object extends ObjectHeaders {
  key: string;
  /** Where the bytes live (one immutable file per version). */
  file: string;
  size: number;
  /** Quoted, as S3 returns it: "md5" or "md5-of-md5s-N". */
  etag: string;
  lastModified: Date;
  /** x-amz-checksum-<algorithm> as sent (lower-case algorithm name -> base64 value). */
  checksums: Record<string, string>;
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE';
  acl?: string;
}

export interface Part {
  number: number;
  file: string;
  size: number;
  etag: string;
  checksums: Record<string, string>;
}

export interface MultipartUpload extends ObjectHeaders {
  id: string;
  bucket: string;
  key: string;
  initiated: Date;
  checksumAlgorithm?: string;
  parts: Map<number, Part>;
}

export class Bucket {
  readonly objects = new Map<string, S3Object>();
  private sorted: string[] | undefined;
  constructor(
    readonly name: string,
    readonly created: Date,
  ) {}

  put(object: S3Object): S3Object | undefined {
    const previous = this.objects.get(object.key);
    if (previous === undefined) this.sorted = undefined;
    this.objects.set(object.key, object);
    return previous;
  }

  delete(key: string): S3Object | undefined {
    const previous = this.objects.get(key);
    if (previous !== undefined) {
      this.objects.delete(key);
      this.sorted = undefined;
    }
    return previous;
  }

  /** Keys in code-unit order (S3's UTF-8 order for all but astral characters), sorted lazily. */
  keys(): string[] {
    this.sorted ??= [...this.objects.keys()].sort();
    return this.sorted;
  }
}

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;
const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];

/** Checksums the store can verify itself; the others are stored as sent. */
function computeChecksum(algorithm: string, body: Buffer): string | undefined {
  if (algorithm === 'sha1' || algorithm === 'sha256') {
    return createHash(algorithm).update(body).digest('base64');
  }
  if (algorithm === 'crc32' && typeof zlib.crc32 === 'function') {
    const value = Buffer.alloc(4);
    value.writeUInt32BE(zlib.crc32(body) >>> 0);
    return value.toString('base64');
  }
  return undefined;
}

/** The x-amz-checksum-* values of a request (headers or aws-chunked trailers), verified where possible. */
export function checksumsOf(
  headers: Record<string, string>,
  trailers: Record<string, string>,
  body: Buffer,
): Record<string, string> {
  const checksums: Record<string, string> = {};
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const sent = trailers[`x-amz-checksum-${algorithm}`] ?? headers[`x-amz-checksum-${algorithm}`];
    if (sent === undefined) continue;
    const computed = computeChecksum(algorithm, body);
    if (computed !== undefined && computed !== sent) {
      throw new AwsError(
        'BadDigest',
        `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
      );
    }
    checksums[algorithm] = sent;
  }
  const md5 = headers['content-md5'];
  if (md5 !== undefined && createHash('md5').update(body).digest('base64') !== md5) {
    throw new AwsError(
      'BadDigest',
      'The Content-MD5 you specified did not match what we received.',
    );
  }
  return checksums;
}

/**
 * Decodes an aws-chunked body (SigV4 streaming, signed or unsigned, with optional trailing
 * checksums) into the object bytes and the trailers. Plain bodies pass through unchanged.
 */
export function decodeBody(
  headers: Record<string, string>,
  body: Buffer,
): { body: Buffer; trailers: Record<string, string> } {
  const streaming = (headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
  const chunked = (headers['content-encoding'] ?? '')
    .split(',')
    .some((e) => e.trim() === 'aws-chunked');
  if (!streaming && !chunked) return { body, trailers: {} };
  const chunks: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new AwsError('IncompleteBody', 'The aws-chunked body ended early');
    const sizeText = body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '';
    const size = Number.parseInt(sizeText, 16);
    if (!Number.isFinite(size)) throw new AwsError('InvalidRequest', 'Malformed aws-chunked body');
    offset = lineEnd + 2;
    if (size === 0) break;
    chunks.push(body.subarray(offset, offset + size));
    offset += size + 2;
  }
  for (const line of body.subarray(offset).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const decoded = Buffer.concat(chunks);
  const declared = headers['x-amz-decoded-content-length'];
  if (declared !== undefined && Number(declared) !== decoded.length) {
    throw new AwsError(
      'IncompleteBody',
      'The request body is shorter than x-amz-decoded-content-length',
    );
  }
  return { body: decoded, trailers };
}

export function md5Hex(body: Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

/** Object bytes on disk: one immutable file per written version, removed when replaced. */
export class BlobStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async write(body: Buffer): Promise<string> {
    const file = path.join(this.dir, randomUUID());
    await writeFile(file, body);
    return file;
  }

  async copy(source: string): Promise<string> {
    const file = path.join(this.dir, randomUUID());
    await copyFile(source, file);
    return file;
  }

  /** Concatenates part files into one object file. */
  async concat(sources: readonly string[]): Promise<string> {
    const file = path.join(this.dir, randomUUID());
    const out = createWriteStream(file);
    for (const source of sources) {
      await pipeline(createReadStream(source), out, { end: false });
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    return file;
  }

  read(file: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(file, range);
  }

  /** Removes a replaced version later, so reads already streaming it finish first. */
  release(file: string | undefined): void {
    if (file === undefined) return;
    setTimeout(() => void unlink(file).catch(() => undefined), 30_000).unref();
  }
}
