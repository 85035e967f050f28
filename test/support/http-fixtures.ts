// A real HTTP/HTTPS server on 127.0.0.1 with scripted behaviour, for health-check tests: refuse
// connections for a while (cold start), flap, report versions, redirect, serve a self-signed
// certificate. Every request it receives is recorded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import http, {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface FixtureRequest {
  /** 1-based count of requests this server has answered. */
  n: number;
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FixtureReply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type FixtureHandler = (request: FixtureRequest) => FixtureReply | Promise<FixtureReply>;

export interface TlsMaterial {
  key: string;
  cert: string;
  /** The certificate as a file, for a ca-file input. */
  certFile: string;
}

export interface FixtureOptions {
  /** Handlers by path (without the query); other paths answer 404. */
  routes: Record<string, FixtureHandler>;
  /** Serve HTTPS with this key and certificate. */
  tls?: TlsMaterial;
  /**
   * Nothing listens on the port for this long, or until startListening(): clients get
   * ECONNREFUSED (a cold start).
   */
  refuseForMs?: number;
}

export interface FixtureServer {
  /** `http(s)://127.0.0.1:PORT` */
  origin: string;
  port: number;
  requests: FixtureRequest[];
  /** Accepts connections from now on (before refuseForMs ends); resolves once bound. */
  startListening(): Promise<void>;
  close(): Promise<void>;
}

export async function startFixtureServer(options: FixtureOptions): Promise<FixtureServer> {
  const requests: FixtureRequest[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void answer(req, res, options.routes, requests);
  };
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : http.createServer(listener);
  server.keepAliveTimeout = 100;
  const refuseForMs = options.refuseForMs ?? 0;
  let port: number;
  let timer: NodeJS.Timeout | undefined;
  let bound: Promise<void> | undefined;
  const bind = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    bound ??= new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    return bound;
  };
  if (refuseForMs > 0) {
    // Reserve a free port, release it, and only bind it again later.
    port = await freePort();
    timer = setTimeout(() => void bind(), refuseForMs);
  } else {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    bound = Promise.resolve();
  }
  return {
    origin: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    startListening: bind,
    close: async () => {
      if (timer !== undefined) clearTimeout(timer);
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Record<string, FixtureHandler>,
  requests: FixtureRequest[],
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const request: FixtureRequest = {
    n: requests.length + 1,
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers: req.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
  requests.push(request);
  const handler = routes[request.path.split('?')[0] ?? '/'];
  const reply: FixtureReply = handler ? await handler(request) : { status: 404, body: 'not found' };
  if (reply.delayMs !== undefined) await new Promise((r) => setTimeout(r, reply.delayMs));
  const json = reply.body !== undefined && typeof reply.body !== 'string';
  const body =
    reply.body === undefined ? '' : json ? JSON.stringify(reply.body) : String(reply.body);
  res.writeHead(reply.status ?? 200, {
    'content-type': json ? 'application/json' : 'text/plain',
    ...reply.headers,
  });
  res.end(body);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Replies in order; the last one repeats. */
export function sequence(...replies: FixtureReply[]): FixtureHandler {
  return ({ n }) => replies[Math.min(n, replies.length) - 1] ?? {};
}

/** Odd requests get `a`, even ones `b`: a service that never stays up. */
export function flapping(
  a: FixtureReply | FixtureHandler,
  b: FixtureReply | FixtureHandler,
): FixtureHandler {
  return (request) => {
    const reply = request.n % 2 === 1 ? a : b;
    return typeof reply === 'function' ? reply(request) : reply;
  };
}

export function redirect(location: string, status = 302): FixtureHandler {
  return () => ({ status, headers: { location }, body: `moved to ${location}` });
}

let selfSigned: TlsMaterial | undefined;

/** A self-signed certificate for 127.0.0.1 and localhost, made once per test process with openssl. */
export function selfSignedCert(): TlsMaterial {
  if (selfSigned) return selfSigned;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-fixture-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  if (!existsSync(certFile)) throw new Error('openssl did not write a certificate');
  selfSigned = {
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
    certFile,
  };
  return selfSigned;
}
