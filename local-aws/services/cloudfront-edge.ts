import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3Service } from './s3';

/** What the edge needs to know about its distribution. */
export interface EdgeConfig {
  /** The S3 origin: bucket and origin path ('' or '/prefix'). */
  bucket: string | undefined;
  originPath: string;
  defaultRootObject: string;
  /** Seconds, as in the cache behaviour (legacy TTL fields). */
  minTtl: number;
  defaultTtl: number;
  maxTtl: number;
  errorResponses: Map<number, { pagePath?: string; responseCode?: number; cachingMinTtl: number }>;
}

interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  storedAt: number;
  ttlMs: number;
}

/** Objects bigger than this are served through but not cached. */
const MAX_CACHED_BYTES = 64 * 1024 * 1024;

/**
 * A CloudFront edge for one distribution: a real HTTP server on loopback that serves the S3
 * origin and caches what it serves (Cache-Control max-age / s-maxage clamped to the behaviour's
 * TTLs) until the TTL runs out or an invalidation for a matching path completes. SPA error
 * responses (e.g. 403/404 -> /index.html with 200) are applied as configured.
 */
export class Edge {
  private readonly cache = new Map<string, CachedResponse>();
  private server: Server | undefined;
  url = '';

  constructor(
    private readonly config: () => EdgeConfig,
    private readonly s3: () => S3Service | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async start(host: string): Promise<string> {
    this.server = createServer((req, res) => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://edge').pathname);
      this.respond(pathname)
        .then((response) => {
          res.writeHead(response.status, response.headers);
          res.end(req.method === 'HEAD' ? undefined : response.body);
        })
        .catch((error: unknown) => {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`local edge: ${String(error)}`);
        });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, host, resolve));
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Drops cached paths matching an invalidation path (`*` only as the last character). */
  invalidate(paths: readonly string[]): number {
    let dropped = 0;
    for (const key of [...this.cache.keys()]) {
      if (paths.some((p) => (p.endsWith('*') ? key.startsWith(p.slice(0, -1)) : key === p))) {
        this.cache.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  cachedPaths(): string[] {
    return [...this.cache.keys()];
  }

  private async respond(
    pathname: string,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const cached = this.cache.get(pathname);
    const now = this.now();
    if (cached !== undefined && now - cached.storedAt < cached.ttlMs) {
      return {
        status: cached.status,
        headers: {
          ...cached.headers,
          'x-cache': 'Hit from cloudfront',
          age: String(Math.floor((now - cached.storedAt) / 1000)),
        },
        body: cached.body,
      };
    }
    const fetched = await this.fromOrigin(pathname);
    if (fetched.ttlMs > 0 && fetched.body.length <= MAX_CACHED_BYTES)
      this.cache.set(pathname, fetched);
    else this.cache.delete(pathname);
    return {
      status: fetched.status,
      headers: { ...fetched.headers, 'x-cache': 'Miss from cloudfront' },
      body: fetched.body,
    };
  }

  private async fromOrigin(pathname: string): Promise<CachedResponse> {
    const config = this.config();
    const s3 = this.s3();
    const storedAt = this.now();
    if (config.bucket === undefined || s3 === undefined) {
      return {
        status: 502,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from('no S3 origin'),
        storedAt,
        ttlMs: 0,
      };
    }
    const objectPath =
      pathname === '/' && config.defaultRootObject !== ''
        ? `/${config.defaultRootObject}`
        : pathname;
    const found = await this.object(s3, config, objectPath);
    if (found !== undefined)
      return {
        ...found,
        status: 200,
        storedAt,
        ttlMs: this.ttl(found.headers['cache-control'], config),
      };
    // S3 behind an origin access control answers 403 for a missing key (no ListBucket).
    const status = s3.bucket(config.bucket) === undefined ? 404 : 403;
    const rule = config.errorResponses.get(status);
    if (rule?.pagePath !== undefined) {
      const page = await this.object(s3, config, rule.pagePath);
      if (page !== undefined) {
        return {
          ...page,
          status: rule.responseCode ?? status,
          storedAt,
          ttlMs: rule.cachingMinTtl * 1000,
        };
      }
    }
    return {
      status,
      headers: { 'content-type': 'application/xml' },
      body: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`,
      ),
      storedAt,
      ttlMs: (rule?.cachingMinTtl ?? 10) * 1000,
    };
  }

  private async object(
    s3: S3Service,
    config: EdgeConfig,
    objectPath: string,
  ): Promise<{ headers: Record<string, string>; body: Buffer } | undefined> {
    const key = `${config.originPath}${objectPath}`.replace(/^\/+/, '');
    const object = s3.head(config.bucket ?? '', key);
    if (object === undefined) return undefined;
    const body = await s3.readObject(config.bucket ?? '', key);
    const headers: Record<string, string> = {
      'content-type': object.contentType ?? 'binary/octet-stream',
      etag: object.etag,
      'last-modified': object.lastModified.toUTCString(),
      via: '1.1 local-edge (CloudFront)',
    };
    if (object.cacheControl !== undefined) headers['cache-control'] = object.cacheControl;
    if (object.contentEncoding !== undefined) headers['content-encoding'] = object.contentEncoding;
    return { headers, body };
  }

  /** CloudFront's TTL rule: origin max-age / s-maxage within [MinTTL, MaxTTL], else DefaultTTL. */
  private ttl(cacheControl: string | undefined, config: EdgeConfig): number {
    const directives = (cacheControl ?? '').toLowerCase();
    const sMax = /s-maxage=(\d+)/.exec(directives);
    const max = /max-age=(\d+)/.exec(directives);
    let seconds: number;
    if (/no-store|no-cache|private/.test(directives)) seconds = config.minTtl;
    else if (sMax !== null) seconds = Number(sMax[1]);
    else if (max !== null) seconds = Number(max[1]);
    else seconds = config.defaultTtl;
    return Math.min(Math.max(seconds, config.minTtl), config.maxTtl) * 1000;
  }
}
