import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request as every service sees it: parsed URL, lower-case headers and the whole body. */
export interface ApiRequest {
  method: string;
  url: URL;
  /** Decoded path, e.g. /bucket/key with spaces. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** SigV4 signing name from the credential scope (s3, ecr, apprunner...), if signed. */
  signingName?: string;
  /** Access key id from the credential scope, if signed. */
  accessKeyId?: string;
  raw: IncomingMessage;
}

export type ApiResponse = ServerResponse;

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

/** Reads the signing name and access key from an Authorization header or a presigned URL. */
export function credentialScope(
  headers: Record<string, string>,
  url: URL,
): { accessKeyId: string; region: string; service: string } | undefined {
  const source =
    headers.authorization ??
    (url.searchParams.get('X-Amz-Credential') === null
      ? undefined
      : `Credential=${url.searchParams.get('X-Amz-Credential')}`);
  const match = source === undefined ? null : SCOPE.exec(source);
  if (match === null) return undefined;
  return { accessKeyId: match[1] ?? '', region: match[2] ?? '', service: match[3] ?? '' };
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined)
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}
