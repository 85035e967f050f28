import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultRule } from '../server/faults';
import type { StackContext } from '../server/stack-context';
import { sha256Digest, type RegistryClient } from './registry-client';

/** The service name registry requests carry in the request log and in fault rules. */
export const REGISTRY_SERVICE = 'ecr-registry';

/** What the front of the registry asks the ECR control plane. */
export interface RegistryPolicy {
  /** The account id, used in error messages as the registry id. */
  registryId: string;
  /** Whether `AWS:<password>` is a valid, unexpired authorization token. */
  authorize(username: string, password: string): boolean;
  repositoryExists(name: string): boolean;
  isTagImmutable(name: string, tag: string): boolean;
  /** Called after a manifest was stored (a push or an API PutImage). */
  onManifestPut(name: string, digest: string, tag: string | undefined): Promise<void>;
}

export interface RegistryFront {
  /** localhost:PORT: the registry host as clients name it (`docker login localhost:PORT`). */
  host: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const ROUTE =
  /^\/v2\/(.+?)\/(manifests\/([^/]+)|blobs\/uploads(?:\/.*)?|blobs\/(sha256:[a-f0-9]+)|tags\/list)$/;

/** Which registry operation a request is, as named in the request log and fault rules. */
export function registryOperation(method: string, path: string): string {
  if (path === '/v2/' || path === '/v2') return 'Ping';
  if (path === '/v2/_catalog') return 'Catalog';
  const match = ROUTE.exec(path);
  const part = match?.[2] ?? '';
  if (part.startsWith('manifests/')) {
    const verb = { GET: 'Get', HEAD: 'Head', PUT: 'Put', DELETE: 'Delete' }[method] ?? method;
    return `${verb}Manifest`;
  }
  if (part.startsWith('blobs/uploads')) return 'UploadBlob';
  if (part.startsWith('blobs/')) return method === 'HEAD' ? 'HeadBlob' : 'GetBlob';
  if (part === 'tags/list') return 'ListTags';
  return 'Unknown';
}

/**
 * The registry as ECR clients reach it: a loopback front that checks the ECR authorization
 * token (HTTP Basic, user AWS), answers NAME_UNKNOWN for repositories ECR does not know,
 * refuses to move an immutable tag (as ECR refuses such a `docker push`), records the request
 * log, applies injected faults, and forwards everything else to the real registry.
 */
export async function startRegistryFront(options: {
  context: StackContext;
  upstream: RegistryClient;
  policy: RegistryPolicy;
  port?: number;
  requireAuth: boolean;
}): Promise<RegistryFront> {
  const { context, upstream, policy } = options;
  const upstreamUrl = new URL(upstream.url);
  let host = '';

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error('local-aws ecr-registry:', error);
      if (!res.headersSent) sendRegistryError(res, 500, 'UNKNOWN', String(error));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://registry');
    const path = url.pathname;
    const operation = registryOperation(method, path);
    const faults = context.faults.match(REGISTRY_SERVICE, operation);
    let applied: string | undefined;
    for (const fault of faults.filter((f) => f.kind === 'latency')) {
      await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 1000));
      applied = 'latency';
    }
    const failure = faults.find((f) => f.kind !== 'latency');
    const record = (status: number, fault?: string): void =>
      context.requests.record({
        service: REGISTRY_SERVICE,
        operation,
        method,
        path,
        status,
        ...(fault === undefined ? {} : { fault }),
      });
    if (failure?.kind === 'reset') {
      record(0, 'reset');
      req.socket.destroy();
      return;
    }
    res.on('finish', () => record(res.statusCode, failure?.kind ?? applied));
    if (failure !== undefined) {
      sendFault(res, failure);
      return;
    }

    if (options.requireAuth && !authorized(req.headers.authorization)) {
      res.setHeader(
        'www-authenticate',
        `Basic realm="http://${host}/",service="ecr.amazonaws.com"`,
      );
      sendRegistryError(res, 401, 'DENIED', 'Not Authorized');
      return;
    }
    const match = ROUTE.exec(path);
    const name = match?.[1];
    if (name !== undefined && !policy.repositoryExists(name)) {
      sendRegistryError(
        res,
        404,
        'NAME_UNKNOWN',
        `The repository with name '${name}' does not exist in the registry with id '${policy.registryId}'`,
      );
      return;
    }
    const reference = match?.[3];
    if (name !== undefined && reference !== undefined && method === 'PUT') {
      await putManifest(req, res, name, decodeURIComponent(reference));
      return;
    }
    forward(req, res, undefined);
  }

  async function putManifest(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    reference: string,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const isTag = !reference.startsWith('sha256:');
    if (isTag && policy.isTagImmutable(name, reference)) {
      const existing = await upstream.resolve(name, reference);
      if (existing !== undefined && existing !== sha256Digest(body)) {
        sendRegistryError(
          res,
          400,
          'TAG_INVALID',
          `The image tag '${reference}' already exists in the '${name}' repository and cannot be overwritten because the repository is immutable.`,
        );
        return;
      }
    }
    forward(req, res, body, async (status, headers) => {
      const digest = headers['docker-content-digest'];
      if (status === 201 && typeof digest === 'string') {
        await policy.onManifestPut(name, digest, isTag ? reference : undefined);
      }
    });
  }

  function authorized(header: string | undefined): boolean {
    const match = /^Basic\s+(.+)$/i.exec(header ?? '');
    if (match === null) return false;
    const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon > 0 && policy.authorize(decoded.slice(0, colon), decoded.slice(colon + 1));
  }

  /** Streams a request to the real registry (or sends `body` when it was already read). */
  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer | undefined,
    beforeReply?: (status: number, headers: IncomingMessage['headers']) => Promise<void>,
  ): void {
    const headers = { ...req.headers };
    delete headers.authorization;
    if (body !== undefined) {
      headers['content-length'] = String(body.length);
      delete headers['transfer-encoding'];
    }
    const upstreamReq = httpRequest(
      {
        hostname: upstreamUrl.hostname,
        port: upstreamUrl.port,
        method: req.method,
        path: req.url,
        headers,
      },
      (upstreamRes) => {
        const status = upstreamRes.statusCode ?? 502;
        void (beforeReply ?? (() => Promise.resolve()))(status, upstreamRes.headers)
          .catch((error: unknown) => console.error('local-aws ecr-registry hook:', error))
          .finally(() => {
            res.writeHead(status, upstreamRes.headers);
            upstreamRes.pipe(res);
          });
      },
    );
    upstreamReq.on('error', (error) => {
      if (!res.headersSent) sendRegistryError(res, 502, 'UNAVAILABLE', String(error));
      else res.destroy();
    });
    if (body !== undefined) upstreamReq.end(body);
    else req.pipe(upstreamReq);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, context.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  // `localhost:PORT`, not 127.0.0.1: Docker clients treat localhost registries as plain HTTP.
  host = `localhost:${port}`;
  return {
    host,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A registry API error document: `{"errors":[{"code","message"}]}`. */
export function sendRegistryError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  const text = JSON.stringify({ errors: [{ code, message, detail: null }] });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'docker-distribution-api-version': 'registry/2.0',
  });
  res.end(text);
}

function sendFault(res: ServerResponse, fault: FaultRule): void {
  if (fault.kind === 'throttle') {
    res.setHeader('retry-after', '1');
    sendRegistryError(
      res,
      fault.status ?? 429,
      fault.code ?? 'TOOMANYREQUESTS',
      fault.message ?? 'Rate exceeded',
    );
    return;
  }
  sendRegistryError(
    res,
    fault.status ?? 500,
    fault.code ?? 'UNKNOWN',
    fault.message ?? 'Injected fault',
  );
}
