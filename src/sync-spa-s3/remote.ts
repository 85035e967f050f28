import { createReadStream } from 'node:fs';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  type ObjectCannedACL,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import * as core from '@actions/core';
import { clientConfig, describingFailures, type AwsSettings } from '../core/aws-clients';
import { AimdConcurrency, createAdaptiveLimit, isThrottling } from '../core/adaptive-limit';
import type { Limit } from '../core/concurrency';
import { describeError } from '../core/errors';
import { isTransientError, retry } from '../core/retry';
import { proxyAgentOptions } from '../core/proxy';
import type { ObjectHeaders } from './headers';
import type { LocalFile } from './local-files';
import { BodyBuffers, boundHeap } from './memory';
import { compareKeys, readRawListing, type ListingPage } from './listing';
import { uploadInParts } from './multipart-upload';
import type { HeadInfo, RemoteObject } from './plan';
import { awsHttpStatus } from '../core/aws-errors';

/** Files up to this size are read whole for their upload, into reused buffers (memory stays below concurrency x this). */
const SMALL_FILE = 1024 * 1024;

/** The young generation's cap (MB, both semi-spaces): see boundHeap. */
const YOUNG_GENERATION_MB = 32;

/** The SigV4 header naming the payload's hash (or UNSIGNED-PAYLOAD). */
const PAYLOAD_HASH = 'x-amz-content-sha256';

/** The user metadata that carries a file's content identity. */
export const SHA1_METADATA = 'content-sha1';

export interface SiteBucketOptions {
  bucket: string;
  concurrency: number;
  partSize: number;
  multipartThreshold: number;
  acl?: string;
  signal?: AbortSignal;
}

/** Concurrency grows from the input's value up to this many times it (and never past 256). */
const CONCURRENCY_GROWTH = 4;

/**
 * The bucket as the sync sees it: every request goes through one concurrency limit (which
 * adapts: see AimdConcurrency; every attempt the server throttles halves it), uploads
 * stream from disk (a fresh stream per attempt, so retries after a reset or a SlowDown resend
 * the whole body), and each upload carries its SHA-1 so S3 verifies what it stored.
 */
export class SiteBucket {
  readonly limit: Limit;
  /** The most requests that may ever run at once (the adaptive limit's cap). */
  readonly maxConcurrency: number;
  private readonly concurrency: AimdConcurrency;
  /** Listing pages read, and how many of them parseListing read (the others the SDK parsed). */
  readonly listed = { pages: 0, parsedRaw: 0 };
  private readonly client: S3Client;
  /** Streams cannot be replayed by the SDK's own retries: these requests retry here. */
  private uploadClient: S3Client | undefined;
  private readonly maxAttempts: number;
  private readonly bodies = new BodyBuffers(SMALL_FILE);
  private readonly config: S3ClientConfig;

  constructor(
    settings: AwsSettings,
    private readonly options: SiteBucketOptions,
  ) {
    const cap = Math.max(options.concurrency, Math.min(256, options.concurrency * CONCURRENCY_GROWTH)); // prettier-ignore
    this.maxConcurrency = cap;
    this.concurrency = new AimdConcurrency({ initial: options.concurrency, cap });
    this.config = {
      ...clientConfig(settings, 's3'),
      requestHandler: {
        httpAgent: { keepAlive: true, maxSockets: cap, ...proxyAgentOptions() },
        httpsAgent: { keepAlive: true, maxSockets: cap, ...proxyAgentOptions() },
      },
    };
    this.client = this.watchThrottling(new S3Client(this.config));
    describingFailures(this.client);
    // The logger middleware copies and filters every output for a logger that is a no-op here
    // (~30 ms of a no-op deploy's main thread, on the listing alone).
    this.client.middlewareStack.remove('loggerMiddleware');
    this.maxAttempts = settings.maxAttempts;
    this.limit = createAdaptiveLimit(this.concurrency);
  }

  /** The concurrency it started from and the highest and lowest it reached. */
  get concurrencyReached(): { initial: number; highest: number; lowest: number } {
    return { initial: this.options.concurrency, ...this.concurrency.reached };
  }

  /** Reports every throttled attempt (the SDK's own retries included) to the adaptive limit. */
  private watchThrottling(client: S3Client): S3Client {
    client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if (isThrottling(error)) this.concurrency.throttled();
          throw error;
        }
      },
      { step: 'deserialize', priority: 'high', name: 'syncSpaThrottling' },
    );
    return client;
  }

  /** The client of uploads, made on the first one (a no-op deploy uploads nothing). */
  private get uploads(): S3Client {
    if (this.uploadClient !== undefined) return this.uploadClient;
    const uploads = this.watchThrottling(new S3Client({ ...this.config, maxAttempts: 1 }));
    // SigV4 would otherwise SHA-256 every in-memory body just to sign it: a third pass over the
    // bytes, about a tenth of a first upload's CPU. S3 accepts an unsigned payload; the content is
    // still verified end to end by the SHA-1 checksum S3 checks on arrival (and by TLS).
    uploads.middlewareStack.add(
      (next) => (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers !== undefined) request.headers[PAYLOAD_HASH] = 'UNSIGNED-PAYLOAD';
        return next(args);
      },
      { step: 'build', name: 'unsignedPayload' },
    );
    uploads.middlewareStack.remove('loggerMiddleware');
    describingFailures(uploads);
    this.uploadClient = uploads;
    return uploads;
  }

  destroy(): void {
    this.client.destroy();
    this.uploadClient?.destroy();
  }

  private get bucket(): string {
    return this.options.bucket;
  }

  private retrying<T>(description: string, fn: () => Promise<T>): Promise<T> {
    return retry(fn, {
      description,
      maxAttempts: this.maxAttempts,
      isRetryable: isTransientError,
      backoff: { initialDelayMs: 200, maxDelayMs: 5000 },
      ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
      onRetry: (error, attempt, delay) =>
        core.info(
          `${description}: attempt ${attempt} failed (${describeError(error)}), retrying in ${delay} ms`,
        ),
    });
  }

  private call<T>(
    fn: (client: S3Client, options: { abortSignal?: AbortSignal }) => Promise<T>,
  ): Promise<T> {
    return this.limit(() => fn(this.client, this.abort()));
  }

  /**
   * Every object under the prefix (ListObjectsV2, 1,000 a page), in key order. With `splitAt`
   * (keys expected in the bucket, e.g. every 900th file of the build), the key ranges between
   * them are listed at once (StartAfter) instead of one page after the other: a page is one
   * round trip, and a build of 8,000 files takes 8 of them.
   */
  async list(prefix: string, splitAt: readonly string[] = []): Promise<RemoteObject[]> {
    const bounds = [...new Set(splitAt.filter((k) => k.startsWith(prefix)))].sort(compareKeys);
    const ranges = await Promise.all(
      [undefined, ...bounds].map((after, i) => this.listRange(prefix, after, bounds[i])),
    );
    return ranges.flat();
  }

  /** The objects after `after` (exclusive) up to `last` (inclusive); undefined: no bound. */
  private async listRange(
    prefix: string,
    after: string | undefined,
    last: string | undefined,
  ): Promise<RemoteObject[]> {
    const objects: RemoteObject[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await this.listPage(prefix, token, token === undefined ? after : undefined);
      for (const object of page.objects) {
        if (last !== undefined && compareKeys(object.key, last) > 0) return objects;
        objects.push(object);
      }
      const end = objects.at(-1)?.key;
      if (!page.truncated || page.nextToken === undefined) return objects;
      if (last !== undefined && end !== undefined && compareKeys(end, last) >= 0) return objects;
      token = page.nextToken;
    }
  }

  /** One page, its objects read from the raw body when possible (readRawListing). */
  private async listPage(
    prefix: string,
    token: string | undefined,
    after: string | undefined,
  ): Promise<ListingPage> {
    const command = new ListObjectsV2Command({
      Bucket: this.bucket,
      Prefix: prefix,
      ...(token === undefined ? {} : { ContinuationToken: token }),
      ...(after === undefined ? {} : { StartAfter: after }),
    });
    const raw = readRawListing(command);
    const page = await this.call((c, o) => c.send(command, o));
    this.listed.pages++;
    const fast = raw.page();
    if (fast !== undefined) {
      this.listed.parsedRaw++;
      return fast;
    }
    return {
      objects: (page.Contents ?? []).map((item) => ({
        key: item.Key ?? '',
        size: item.Size ?? 0,
        etag: item.ETag ?? '',
      })),
      truncated: page.IsTruncated === true,
      ...(page.NextContinuationToken === undefined
        ? {}
        : { nextToken: page.NextContinuationToken }),
    };
  }

  async head(key: string): Promise<HeadInfo | undefined> {
    try {
      const head = await this.call((c, o) =>
        c.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), o),
      );
      const sha1 = head.Metadata?.[SHA1_METADATA];
      return {
        etag: head.ETag ?? '',
        ...(sha1 === undefined ? {} : { sha1 }),
        ...(head.ContentType === undefined ? {} : { contentType: head.ContentType }),
        ...(head.CacheControl === undefined ? {} : { cacheControl: head.CacheControl }),
        ...(head.ContentEncoding === undefined ? {} : { contentEncoding: head.ContentEncoding }),
      };
    } catch (error) {
      if (awsHttpStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async getJson(key: string): Promise<unknown> {
    const result = await this.call((c, o) =>
      c.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), o),
    );
    return JSON.parse((await result.Body?.transformToString()) ?? 'null') as unknown;
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.call((c, o) =>
      c.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: JSON.stringify(value),
          ContentType: 'application/json',
          CacheControl: 'no-cache',
          ...this.acl(),
        }),
        o,
      ),
    );
  }

  /** No ACL header unless asked: buckets created today have ACLs disabled and reject them. */
  private acl(): { ACL?: ObjectCannedACL } {
    return this.options.acl === undefined ? {} : { ACL: this.options.acl as ObjectCannedACL };
  }

  private objectFields(file: LocalFile): {
    ContentType: string;
    CacheControl: string;
    ContentEncoding?: string;
    Metadata: Record<string, string>;
  } {
    return {
      ContentType: file.headers.contentType,
      CacheControl: file.headers.cacheControl,
      ...(file.headers.contentEncoding === undefined
        ? {}
        : { ContentEncoding: file.headers.contentEncoding }),
      Metadata: { [SHA1_METADATA]: file.sha1 },
    };
  }

  /** Uploads a file (in parts past the threshold); returns the new ETag. */
  async upload(file: LocalFile, key: string, onBytes: (bytes: number) => void): Promise<string> {
    if (file.partSha1 !== undefined && file.size >= this.options.multipartThreshold)
      return this.uploadParts(file, key, onBytes);
    const put = async (Body: Buffer | Readable): Promise<string> => {
      const result = await this.uploads.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body,
          ContentLength: file.size,
          ChecksumSHA1: Buffer.from(file.sha1, 'hex').toString('base64'),
          ...this.objectFields(file),
          ...this.acl(),
        }),
        this.abort(),
      );
      return result.ETag ?? '';
    };
    // Small files in one synchronous read into a reused buffer: from the page cache it takes
    // microseconds, where fs/promises' open, fstat, read and close cost this thread ~0.4 ms per
    // file. Big ones streamed. Each attempt reads the file again.
    const etag = await this.limit(() =>
      this.retrying(`upload ${file.path}`, () =>
        file.size <= SMALL_FILE
          ? this.bodies.withFile(file.absolute, file.size, put)
          : put(createReadStream(file.absolute)),
      ),
    );
    boundHeap(YOUNG_GENERATION_MB);
    onBytes(file.size);
    return etag;
  }

  private abort(): { abortSignal?: AbortSignal } {
    return this.options.signal === undefined ? {} : { abortSignal: this.options.signal };
  }

  private uploadParts(
    file: LocalFile,
    key: string,
    onBytes: (bytes: number) => void,
  ): Promise<string> {
    return uploadInParts(
      {
        bucket: this.bucket,
        partSize: this.options.partSize,
        call: (fn) => this.call(fn),
        sendPart: (description, fn) =>
          this.limit(() => this.retrying(description, () => fn(this.uploads, this.abort()))),
      },
      file,
      key,
      { ...this.objectFields(file), ...this.acl() },
      onBytes,
    );
  }

  /**
   * Server-side copy. With `headers`, the object's headers and content-sha1 are replaced;
   * without, they are copied from the source. Returns the new ETag.
   */
  async copy(
    from: string,
    to: string,
    replace?: { headers: ObjectHeaders; sha1: string },
  ): Promise<string> {
    const source = `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`;
    const result = await this.call((c, o) =>
      c.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: to,
          CopySource: source,
          ...(replace === undefined
            ? { MetadataDirective: 'COPY' }
            : {
                MetadataDirective: 'REPLACE',
                ContentType: replace.headers.contentType,
                CacheControl: replace.headers.cacheControl,
                ...(replace.headers.contentEncoding === undefined
                  ? {}
                  : { ContentEncoding: replace.headers.contentEncoding }),
                Metadata: { [SHA1_METADATA]: replace.sha1 },
              }),
          ...this.acl(),
        }),
        o,
      ),
    );
    return result.CopyObjectResult?.ETag ?? '';
  }

  /** Deletes keys in batches of 1,000; any per-key error fails the step. */
  async delete(keys: readonly string[]): Promise<void> {
    const batches: string[][] = [];
    for (let i = 0; i < keys.length; i += 1000) batches.push(keys.slice(i, i + 1000));
    await Promise.all(
      batches.map(async (batch) => {
        const result = await this.call((c, o) =>
          c.send(
            new DeleteObjectsCommand({
              Bucket: this.bucket,
              Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
            }),
            o,
          ),
        );
        const failed = result.Errors ?? [];
        if (failed.length > 0) {
          throw new Error(
            `could not delete ${failed.length} objects, e.g. ${failed[0]?.Key}: ${failed[0]?.Code} ${failed[0]?.Message ?? ''}`,
          );
        }
      }),
    );
  }

  // The bucket lock's object (src/sync-spa-s3/lock.ts): conditional writes, each answering
  // undefined/false when its condition does not hold (412 PreconditionFailed, 404 NoSuchKey).

  /** Creates the object only if the key is free (If-None-Match: *); its ETag, or undefined. */
  async createIfAbsent(key: string, body: string): Promise<string | undefined> {
    return this.conditionalPut(key, body, { IfNoneMatch: '*' });
  }

  /** Replaces the object only if its ETag is still `etag` (If-Match); the new ETag, or undefined. */
  async replaceIfMatch(key: string, body: string, etag: string): Promise<string | undefined> {
    return this.conditionalPut(key, body, { IfMatch: etag });
  }

  /** The object's text and ETag, or undefined when there is none. */
  async readWithEtag(key: string): Promise<{ text: string; etag: string } | undefined> {
    try {
      const result = await this.call((c, o) =>
        c.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), o),
      );
      return { text: (await result.Body?.transformToString()) ?? '', etag: result.ETag ?? '' };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Deletes the object only if its ETag is still `etag`; false when it changed or is gone. */
  async deleteIfMatch(key: string, etag: string): Promise<boolean> {
    try {
      await this.call((c, o) =>
        c.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key, IfMatch: etag }), o),
      );
      return true;
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404) return false;
      throw error;
    }
  }

  private async conditionalPut(
    key: string,
    body: string,
    condition: { IfNoneMatch: string } | { IfMatch: string },
  ): Promise<string | undefined> {
    try {
      const result = await this.call((c, o) =>
        c.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: body,
            ContentType: 'application/json',
            CacheControl: 'no-store',
            ...condition,
          }),
          o,
        ),
      );
      return result.ETag ?? '';
    } catch (error) {
      // 409 ConditionalRequestConflict: a concurrent write to the key won the race.
      if ([404, 409, 412].includes(statusOf(error) ?? 0)) return undefined;
      throw error;
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}
