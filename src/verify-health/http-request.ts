import type { AgentOptions, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import { isSensitiveHeader } from '../core/mask';
import { proxyAgentOptions } from '../core/proxy';

/** One HTTP check as sent: no retries here, the round loop decides what to do with failures. */
export interface RequestSpec {
  url: URL;
  method: string;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  followRedirects: boolean;
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots. */
  extraCa?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as text, at most MAX_BODY_CHARS of it. */
  body: string;
  bodyTruncated: boolean;
  /** Where the last request went (differs from the URL after followed redirects). */
  finalUrl: URL;
  redirects: number;
  /** From the first byte sent to the end of the body, redirects included. */
  latencyMs: number;
}

/**
 * Why a request got no response. `tls` never heals by waiting, so it is not retried; the others
 * are what a cold start or a rollout looks like (nothing listening yet, DNS not propagated,
 * connections cut while the old task drains).
 */
export type FailureKind = 'tls' | 'dns' | 'refused' | 'reset' | 'timeout' | 'redirect' | 'network';

export class RequestFailure extends Error {
  override readonly name = 'RequestFailure';
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export const MAX_BODY_CHARS = 1024 * 1024;
const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Sends one request (following redirects when asked) and reads the body. */
export async function sendRequest(spec: RequestSpec): Promise<HttpResponse> {
  const started = performance.now();
  let url = spec.url;
  let method = spec.method;
  let headers = { ...spec.headers };
  for (let redirects = 0; ; redirects++) {
    const response = await once(url, method, headers, spec);
    const location = response.message.headers.location;
    if (!spec.followRedirects || !REDIRECTS.has(response.status) || location === undefined) {
      return {
        status: response.status,
        headers: response.message.headers,
        body: response.body,
        bodyTruncated: response.truncated,
        finalUrl: url,
        redirects,
        latencyMs: performance.now() - started,
      };
    }
    if (redirects >= MAX_REDIRECTS) {
      throw new RequestFailure(
        'redirect',
        `more than ${MAX_REDIRECTS} redirects (last to ${location})`,
      );
    }
    const next = new URL(location, url);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new RequestFailure('redirect', `redirect to a non-HTTP URL (${next.protocol})`);
    }
    if (next.origin !== url.origin) headers = withoutCredentials(headers);
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && method === 'POST')
    ) {
      if (method !== 'HEAD') method = 'GET';
    }
    url = next;
  }
}

/** Credentials stay with the origin they were given for, as browsers and curl do. */
function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !isSensitiveHeader(name)));
}

interface RawResponse {
  status: number;
  message: IncomingMessage;
  body: string;
  truncated: boolean;
}

async function once(
  url: URL,
  method: string,
  headers: Record<string, string>,
  spec: RequestSpec,
): Promise<RawResponse> {
  const https = url.protocol === 'https:';
  const transport = https ? await import('node:https') : await import('node:http');
  const { proxyEnv } = proxyAgentOptions();
  const options: RequestOptions & { ca?: string[] } = {
    method,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
    path: `${url.pathname}${url.search}`,
    headers,
    // A fresh connection per request (no keep-alive), through the forward proxy when one is set.
    agent: proxyEnv === undefined ? false : new transport.Agent({ proxyEnv } as AgentOptions),
  };
  if (url.username !== '' || url.password !== '') {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  if (https && spec.extraCa !== undefined) {
    const { rootCertificates } = await import('node:tls');
    options.ca = [...rootCertificates, spec.extraCa];
  }
  return new Promise<RawResponse>((resolve, reject) => {
    const request = transport.request(options, (message) => {
      const chunks: string[] = [];
      let length = 0;
      let truncated = false;
      message.setEncoding('utf8');
      const finish = (): void =>
        resolve({ status: message.statusCode ?? 0, message, body: chunks.join(''), truncated });
      message.on('data', (chunk: string) => {
        if (length + chunk.length > MAX_BODY_CHARS) {
          chunks.push(chunk.slice(0, MAX_BODY_CHARS - length));
          truncated = true;
          message.removeAllListeners('data');
          finish();
          request.destroy();
          return;
        }
        chunks.push(chunk);
        length += chunk.length;
      });
      message.on('end', finish);
      message.on('error', (error) => reject(classify(error, url)));
    });
    const timer = setTimeout(
      () =>
        request.destroy(
          new RequestFailure(
            'timeout',
            `no complete response within ${spec.timeoutMs} ms`,
            'ETIMEDOUT',
          ),
        ),
      spec.timeoutMs,
    );
    const onAbort = (): void => {
      request.destroy(new RequestFailure('network', 'cancelled', 'ABORT_ERR'));
    };
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('close', () => {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
    });
    request.on('error', (error) => reject(classify(error, url)));
    request.end();
  });
}

const TLS_CODE =
  /^(CERT_|ERR_TLS_|ERR_SSL_|ERR_OSSL_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|HOSTNAME_MISMATCH$|EPROTO$)/;

const TLS_HINTS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT:
    'the server presented a self-signed certificate; trust it with the ca-file input (or NODE_EXTRA_CA_CERTS) or fix the certificate',
  SELF_SIGNED_CERT_IN_CHAIN:
    'the certificate chain ends in an untrusted self-signed root; trust the root with the ca-file input (or NODE_EXTRA_CA_CERTS)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the certificate is not signed by a trusted CA, or the server does not send its intermediate certificates',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'the certificate issuer is not trusted here; trust it with the ca-file input (or NODE_EXTRA_CA_CERTS)',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet (check the clocks)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not cover this host name',
  EPROTO: 'the TLS handshake failed (is this port speaking plain HTTP?)',
};

/** Turns a socket/TLS/DNS error into a RequestFailure saying what it means for a health check. */
export function classify(error: unknown, url: URL): RequestFailure {
  if (error instanceof RequestFailure) return error;
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (code !== undefined && TLS_CODE.test(code)) {
    const hint = TLS_HINTS[code];
    return new RequestFailure(
      'tls',
      `TLS error ${code}${hint === undefined ? '' : `: ${hint}`} (${message})`,
      code,
    );
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new RequestFailure('dns', `${url.hostname} does not resolve yet (${code})`, code);
    case 'ECONNREFUSED':
      return new RequestFailure('refused', 'connection refused (nothing listening yet)', code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new RequestFailure('reset', `connection reset (${code})`, code);
    case 'ETIMEDOUT':
      return new RequestFailure('timeout', `connection timed out (${code})`, code);
    default:
      return new RequestFailure(
        'network',
        code === undefined ? message : `${code}: ${message}`,
        code,
      );
  }
}
