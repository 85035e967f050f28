import { renderXml, requestId, type XmlNode } from '../server/protocols';
import type { ApiRequest, ApiResponse } from '../server/request';
import type { ObjectHeaders } from './s3-store';

export const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** An S3 response: an XML document (or no body) with S3's request id header. */
export function send(
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

export interface Target {
  bucket: string;
  key: string;
}

export function target(req: ApiRequest): Target {
  // Path-style: /bucket/key (the key keeps its slashes; each segment is percent-encoded).
  const raw = req.url.pathname.slice(1);
  const slash = raw.indexOf('/');
  const bucket = decodeURIComponent(slash < 0 ? raw : raw.slice(0, slash));
  const key = slash < 0 ? '' : decodeURIComponent(raw.slice(slash + 1));
  return { bucket, key };
}

export function headersOf(req: ApiRequest): ObjectHeaders {
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

export function checksumHeaders(checksums: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(checksums).map(([a, v]) => [`x-amz-checksum-${a}`, v]));
}

export function pick<T extends object, K extends keyof T>(
  from: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}
