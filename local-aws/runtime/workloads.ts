import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a running service reports about the release it serves. */
export interface Release {
  /** The image reference deployed (registry/repo@sha256:... or :tag). */
  image: string;
  /** Environment variables the deploy gave the container. */
  env: Record<string, string>;
}

/**
 * A service endpoint on loopback that stays at one URL across deployments, like an App Runner
 * service URL or an ALB: it answers for whichever release is current.
 *
 * - `GET <health path>` (default /health): 200 `{"status":"ok",...}`, or 503 when the image is
 *   marked unhealthy.
 * - `GET /version`: `{"image","digest","version"}`; every response carries `x-image` and
 *   `x-app-version` headers. `version` is the APP_VERSION env var, else the image digest or tag.
 * - anything else: 200 with a short text naming the image.
 */
export class Endpoint {
  private current: Release | undefined;

  constructor(
    readonly name: string,
    readonly url: string,
    private readonly server: Server,
    private readonly isUnhealthy: (image: string) => boolean,
  ) {}

  get release(): Release | undefined {
    return this.current;
  }

  /** Switches traffic to a release (a completed deployment). */
  serve(release: Release | undefined): void {
    this.current = release;
  }

  /** Whether a release would pass its health check (used by the deploy state machines). */
  wouldBeHealthy(image: string): boolean {
    return !this.isUnhealthy(image);
  }

  handle(
    path: string,
    healthPath: string,
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
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The running services of the stack and the images marked unhealthy. */
export class Workloads {
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly unhealthy = new Set<string>();

  constructor(private readonly host: string) {}

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

  /** The endpoint of a service, started on first use on a free loopback port. */
  async endpoint(key: string, healthPath = '/health'): Promise<Endpoint> {
    const existing = this.endpoints.get(key);
    if (existing !== undefined) return existing;
    const holder: { endpoint?: Endpoint } = {};
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://local').pathname;
      const answer = holder.endpoint?.handle(path, healthPath) ?? {
        status: 503,
        body: '',
        headers: {},
      };
      res.writeHead(answer.status, answer.headers);
      res.end(req.method === 'HEAD' ? undefined : answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, this.host, resolve));
    const { port } = server.address() as AddressInfo;
    const endpoint = new Endpoint(key, `http://${this.host}:${port}`, server, (image) =>
      this.isUnhealthy(image),
    );
    holder.endpoint = endpoint;
    this.endpoints.set(key, endpoint);
    return endpoint;
  }

  get(key: string): Endpoint | undefined {
    return this.endpoints.get(key);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.endpoints.values()].map((e) => e.close()));
    this.endpoints.clear();
  }
}
