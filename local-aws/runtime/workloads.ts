import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ContainerRuntime,
  type ContainerEngineOptions,
  type LaunchSpec,
  type RunningContainer,
} from './containers';
import { proxyTo } from './proxy';
import { Candidate, type Release } from './rollout';

export type { Release, Verdict } from './rollout';
export { Candidate } from './rollout';
export type { ContainerEngineOptions, LaunchSpec } from './containers';

const run = promisify(execFile);

/** The stack's own certificate authority and the loopback server certificate it signed. */
export interface TlsMaterial {
  /** PEM file of the CA: trust it with NODE_EXTRA_CA_CERTS (stack.env sets it) or `ca`. */
  caFile: string;
  ca: string;
  key: string;
  cert: string;
}

/**
 * A service endpoint on loopback that stays at one URL across deployments, like an App Runner
 * service URL or an ALB: it answers for whichever release is current.
 *
 * One port speaks both HTTP and HTTPS (the first byte of a connection tells a TLS handshake from
 * a plain request), so `url` (http) and `httpsUrl` reach the same service. HTTPS uses a
 * certificate for localhost and 127.0.0.1 signed by the stack's CA.
 *
 * - `GET <health path>` (default /health): 200 `{"status":"ok",...}`, or 503 when the image is
 *   marked unhealthy.
 * - `GET /version`: `{"image","digest","version"}`; every response carries `x-image` and
 *   `x-app-version` headers. `version` is the APP_VERSION env var, else the image digest or tag.
 * - anything else: 200 with a short text naming the image.
 *
 * With a container engine (`containers` option of the stack) a release is a real container:
 * `launch()` starts it and checks its health, `serve()` switches traffic to it (and only then
 * stops the previous one), and every request is reverse-proxied to it. An image marked
 * unhealthy still answers 503 on the health path.
 */
export class Endpoint {
  private current: Release | undefined;
  private container: RunningContainer | undefined;
  /** `localhost:PORT`: what App Runner reports as ServiceUrl (a host without scheme). */
  readonly hostPort: string;
  /** `https://localhost:PORT` when the stack has TLS material, else undefined. */
  readonly httpsUrl: string | undefined;

  constructor(
    readonly name: string,
    /** `http://HOST:PORT`. */
    readonly url: string,
    private readonly closeServers: () => Promise<void>,
    private readonly isUnhealthy: (image: string) => boolean,
    public healthPath: string,
    tls: boolean,
    private readonly runtime?: ContainerRuntime,
  ) {
    const port = new URL(url).port;
    this.hostPort = `localhost:${port}`;
    this.httpsUrl = tls ? `https://localhost:${port}` : undefined;
  }

  get release(): Release | undefined {
    return this.current;
  }

  /** Whether releases run as real containers (a container engine is configured). */
  get runsContainers(): boolean {
    return this.runtime !== undefined;
  }

  /** The container serving traffic, when releases run for real. */
  get servingContainer(): RunningContainer | undefined {
    return this.container;
  }

  /**
   * Starts rolling out a release: with a container engine its container starts (pulled from the
   * registry by the deployed reference) and must pass `spec.healthPath` within the deadline;
   * without one it is decided at once (marked images fail).
   */
  launch(spec: LaunchSpec): Candidate {
    const release: Release = { image: spec.image, env: { ...spec.env } };
    const runtime = this.runtime;
    const marked = (image: string): boolean => this.isUnhealthy(image);
    const stop = (container: RunningContainer): void => {
      if (container.id !== this.container?.id) void runtime?.stop(container.id);
    };
    if (runtime === undefined || spec.simulate === true || this.isUnhealthy(spec.image)) {
      return new Candidate(release, marked, undefined, stop);
    }
    return new Candidate(
      release,
      marked,
      async (candidate) => {
        candidate.container = await runtime.run(this.name, spec);
        await runtime.waitHealthy(candidate.container, spec.healthPath);
      },
      stop,
    );
  }

  /** A candidate for what serves now (ECS rolls back by deploying the last completed release). */
  keepCurrent(): Candidate | undefined {
    if (this.current === undefined) return undefined;
    return Candidate.serving(this.current, this.container, (image) => this.isUnhealthy(image), () => undefined); // prettier-ignore
  }

  /**
   * Switches traffic to a release (a completed deployment) and its candidate's container; the
   * previous container is stopped once traffic has moved. undefined stops serving.
   */
  serve(release: Release | undefined, candidate?: Candidate): void {
    const previous = this.container;
    this.current = release;
    this.container = release === undefined ? undefined : candidate?.container;
    if (previous !== undefined && previous.id !== this.container?.id) {
      void this.runtime?.stop(previous.id);
    }
  }

  /** Reverse-proxies a request to the serving container; false when there is none. */
  proxy(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const container = this.container;
    const release = this.current;
    if (container === undefined || release === undefined) return false;
    if (path === this.healthPath && this.isUnhealthy(release.image)) return false;
    proxyTo('127.0.0.1', container.port, req, res);
    return true;
  }

  /** Whether a release would pass its health check (used by the deploy state machines). */
  wouldBeHealthy(image: string): boolean {
    return !this.isUnhealthy(image);
  }

  handle(
    path: string,
    healthPath: string = this.healthPath,
  ): { status: number; body: string; headers: Record<string, string> } {
    const release = this.current;
    if (release === undefined) {
      return {
        status: 503,
        body: 'no release deployed',
        headers: { 'content-type': 'text/plain' },
      };
    }
    const digest = /@(sha256:[a-f0-9]{64})$/.exec(release.image)?.[1];
    const version =
      release.env.APP_VERSION ?? digest ?? release.image.split(':').pop() ?? release.image;
    const headers = { 'x-image': release.image, 'x-app-version': version };
    if (path === healthPath) {
      const healthy = !this.isUnhealthy(release.image);
      return {
        status: healthy ? 200 : 503,
        body: JSON.stringify({
          status: healthy ? 'ok' : 'unhealthy',
          image: release.image,
          version,
        }),
        headers: { ...headers, 'content-type': 'application/json' },
      };
    }
    if (path === '/version') {
      return {
        status: 200,
        body: JSON.stringify({ image: release.image, digest: digest ?? null, version }),
        headers: { ...headers, 'content-type': 'application/json' },
      };
    }
    return {
      status: 200,
      body: `hello from ${this.name} (${release.image})\n`,
      headers: { ...headers, 'content-type': 'text/plain' },
    };
  }

  async close(): Promise<void> {
    await this.closeServers();
    const container = this.container;
    this.container = undefined;
    if (container !== undefined) await this.runtime?.stop(container.id);
  }
}

export interface WorkloadsOptions {
  /** Where the CA and server certificate are kept (and reused when already there). */
  dataDir?: string;
  /** Run deployed images on this container engine (default: simulate them). */
  containers?: ContainerEngineOptions;
}

/** The running services of the stack and the images marked unhealthy. */
export class Workloads {
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly unhealthy = new Set<string>();
  private tlsMaterial: TlsMaterial | undefined;
  /** The container engine that runs deployed images, when configured. */
  readonly containers: ContainerRuntime | undefined;

  constructor(
    private readonly host: string,
    private readonly options: WorkloadsOptions = {},
  ) {
    this.containers =
      options.containers === undefined ? undefined : new ContainerRuntime(options.containers, host);
  }

  /** Marks an image unhealthy by exact reference, digest (sha256:...) or tag suffix (:bad). */
  markUnhealthy(pattern: string): void {
    this.unhealthy.add(pattern);
  }

  markHealthy(pattern: string): void {
    this.unhealthy.delete(pattern);
  }

  isUnhealthy(image: string): boolean {
    for (const pattern of this.unhealthy) {
      if (image === pattern || image.endsWith(`@${pattern}`) || image.endsWith(pattern))
        return true;
    }
    return false;
  }

  /**
   * Creates (or reuses, from dataDir/tls) the stack's CA and a server certificate for localhost
   * and 127.0.0.1, with the openssl CLI. Endpoints started afterwards also answer HTTPS.
   * Returns undefined when openssl is not installed (endpoints then speak HTTP only).
   */
  async prepareTls(): Promise<TlsMaterial | undefined> {
    if (this.tlsMaterial !== undefined) return this.tlsMaterial;
    if (this.options.dataDir === undefined) return undefined;
    const dir = path.join(this.options.dataDir, 'tls');
    const file = (name: string): string => path.join(dir, name);
    if (!existsSync(file('server.crt'))) {
      mkdirSync(dir, { recursive: true });
      const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
      try {
        await run('openssl', [
          'req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.crt'),
          '-days', '3650', '-subj', '/CN=local-aws CA',
          '-addext', 'basicConstraints=critical,CA:TRUE',
          '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
        ]); // prettier-ignore
        await run('openssl', [
          'req', '-new', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'),
          '-subj', '/CN=localhost',
        ]); // prettier-ignore
        writeFileSync(
          file('server.ext'),
          'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nbasicConstraints=CA:FALSE\n' +
            'keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n',
        );
        await run('openssl', [
          'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'),
          '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '825',
          '-extfile', file('server.ext'), '-out', file('server.crt.tmp'),
        ]); // prettier-ignore
        // Written last under its final name: a half-made set is never mistaken for a cache hit.
        writeFileSync(file('server.crt'), readFileSync(file('server.crt.tmp')));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    }
    this.tlsMaterial = {
      caFile: file('ca.crt'),
      ca: readFileSync(file('ca.crt'), 'utf8'),
      key: readFileSync(file('server.key'), 'utf8'),
      cert: readFileSync(file('server.crt'), 'utf8'),
    };
    return this.tlsMaterial;
  }

  /** The CA file path once prepareTls() succeeded. */
  get caFile(): string | undefined {
    return this.tlsMaterial?.caFile;
  }

  get tls(): TlsMaterial | undefined {
    return this.tlsMaterial;
  }

  /** The endpoint of a service, started on first use on a free loopback port. */
  async endpoint(key: string, healthPath = '/health'): Promise<Endpoint> {
    const existing = this.endpoints.get(key);
    if (existing !== undefined) return existing;
    const holder: { endpoint?: Endpoint } = {};
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      const path = new URL(req.url ?? '/', 'http://local').pathname;
      if (holder.endpoint?.proxy(req, res, path) === true) return;
      const answer = holder.endpoint?.handle(path) ?? { status: 503, body: '', headers: {} };
      res.writeHead(answer.status, answer.headers);
      res.end(req.method === 'HEAD' ? undefined : answer.body);
    };
    const http: Server = createServer(handler);
    const tls = this.tlsMaterial;
    const https: HttpsServer | undefined =
      tls === undefined ? undefined : createHttpsServer({ key: tls.key, cert: tls.cert }, handler);
    // One port, both protocols: a TLS connection starts with a handshake record (0x16).
    const sockets = new Set<Socket>();
    const front: NetServer = createNetServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.once('data', (chunk: Buffer) => {
        socket.pause();
        socket.unshift(chunk);
        (chunk[0] === 0x16 && https !== undefined ? https : http).emit('connection', socket);
        process.nextTick(() => socket.resume());
      });
      socket.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => front.listen(0, this.host, resolve));
    const { port } = front.address() as AddressInfo;
    const close = async (): Promise<void> => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    };
    const endpoint = new Endpoint(
      key,
      `http://${this.host}:${port}`,
      close,
      (image) => this.isUnhealthy(image),
      healthPath,
      https !== undefined,
      this.containers,
    );
    holder.endpoint = endpoint;
    this.endpoints.set(key, endpoint);
    return endpoint;
  }

  get(key: string): Endpoint | undefined {
    return this.endpoints.get(key);
  }

  /** Stops one endpoint (a deleted service) and forgets it. */
  async remove(key: string): Promise<void> {
    const endpoint = this.endpoints.get(key);
    this.endpoints.delete(key);
    await endpoint?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.endpoints.values()].map((e) => e.close()));
    this.endpoints.clear();
    await this.containers?.closeAll();
  }
}
