import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { DockerApi } from './docker-api';

/**
 * Runs deployed images for real on a container engine that serves the Docker Engine API on a
 * unix socket (podman `system service`, dockerd). Containers use the host network: the stack
 * picks a free loopback port and hands it to the container in the PORT environment variable
 * (the image must listen on it); the service endpoint then reverse-proxies to that port.
 */

export interface ContainerEngineOptions {
  /** The engine's Docker API socket: `unix:///run/podman/podman.sock`. */
  dockerHost: string;
  /** How long a new container may take to pass its health check, in ms (default 30000). */
  healthTimeoutMs?: number;
}

/** What to run: the image and environment a deployment gave its main container. */
export interface LaunchSpec {
  /** The deployed reference (registry/repo@sha256:... or :tag). */
  image: string;
  /** Plain environment variables. */
  env: Record<string, string>;
  /** Environment variables from secrets: name -> Secrets Manager or SSM ARN (valueFrom). */
  secrets?: Record<string, string>;
  /** The port the deploy configured for the container (App Runner Port, ECS containerPort). */
  port: number;
  /** The HTTP path that must answer 2xx/3xx before traffic switches; undefined: TCP (any answer). */
  healthPath: string | undefined;
  /** Overrides the image's CMD (ECS `command`). */
  command?: string[];
  /** Not run even with an engine (nothing to health-check, e.g. a worker without a port). */
  simulate?: boolean;
}

/** A started container and where it listens. */
export interface RunningContainer {
  id: string;
  name: string;
  /** The host port the container was told to listen on (PORT). */
  port: number;
}

/** Turns a deployed reference into one the engine can pull (the ECR front -> its registry). */
export type ImageResolver = (image: string) => string;
/** Resolves secret ARNs to their values (the platform reads them with its execution role). */
export type SecretResolver = (secrets: Record<string, string>) => Promise<Record<string, string>>;

export class ContainerRuntime {
  readonly api: DockerApi;
  /** Label on every container this stack starts, so stop() removes exactly those. */
  private readonly label = `local-aws.stack=${randomBytes(6).toString('hex')}`;
  private readonly started = new Set<string>();
  private sequence = 0;
  private closed = false;
  resolveImage: ImageResolver = (image) => image;
  resolveSecrets: SecretResolver = (secrets) => {
    if (Object.keys(secrets).length === 0) return Promise.resolve({});
    return Promise.reject(new Error('secrets cannot be resolved: no secret resolver'));
  };

  constructor(
    readonly options: ContainerEngineOptions,
    private readonly host: string,
  ) {
    this.api = new DockerApi(options.dockerHost);
  }

  get healthTimeoutMs(): number {
    return this.options.healthTimeoutMs ?? 30_000;
  }

  /** Pulls (when needed), creates and starts the container; throws with the engine's reason. */
  async run(service: string, spec: LaunchSpec): Promise<RunningContainer> {
    const reference = this.resolveImage(spec.image);
    // A registry reference is always pulled (a tag may have moved); a local-only image is used.
    if (reference !== spec.image || !(await this.api.hasImage(reference))) {
      await this.api.pull(reference);
    }
    const secrets = await this.resolveSecrets(spec.secrets ?? {});
    const port = await freePort(this.host);
    const env = { ...spec.env, ...secrets, PORT: String(port) };
    this.sequence++;
    const name = `local-aws-${service.replace(/[^A-Za-z0-9_.-]/g, '-').slice(-60)}-${this.sequence}-${randomBytes(3).toString('hex')}`;
    const [key, value] = this.label.split('=') as [string, string];
    const id = await this.api.create(name, {
      Image: reference,
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      ...(spec.command === undefined ? {} : { Cmd: spec.command }),
      Labels: { [key]: value, 'local-aws.service': service },
      HostConfig: { NetworkMode: 'host' },
    });
    this.started.add(id);
    try {
      if (this.closed) throw new Error('the stack stopped');
      await this.api.start(id);
    } catch (error) {
      await this.stop(id);
      throw error;
    }
    return { id, name, port };
  }

  /**
   * Waits until `GET <healthPath>` answers 2xx/3xx. Rejects when the container exits, when it
   * keeps answering its health path with a failure (4xx/5xx) for ANSWERED_FAILURE_MS in a
   * row - like the platforms' unhealthy threshold, it is up and failing - or when it has not
   * answered at all by the deadline (still starting: slow starts on a loaded machine get the
   * whole health timeout), with the reason a deploy would report.
   */
  async waitHealthy(container: RunningContainer, healthPath: string | undefined): Promise<void> {
    const deadline = Date.now() + this.healthTimeoutMs;
    let last: string;
    let failingSince: number | undefined;
    for (;;) {
      if (this.closed) throw new Error('the stack stopped');
      const status = await probe(`http://${this.host}:${container.port}${healthPath ?? '/'}`);
      if (healthPath === undefined ? status !== 0 : status >= 200 && status < 400) return;
      last = status === 0 ? 'no answer' : `HTTP ${status}`;
      failingSince = status === 0 ? undefined : (failingSince ?? Date.now());
      const state = await this.api.state(container.id);
      if (state === undefined || !state.running) {
        const logs = await this.api.logs(container.id, 5);
        throw new Error(
          `Essential container exited (exit code ${state?.exitCode ?? 'unknown'})` +
            (logs === '' ? '' : `: ${logs.split('\n').slice(-3).join(' | ')}`),
        );
      }
      const failing =
        failingSince !== undefined && Date.now() - failingSince >= ANSWERED_FAILURE_MS;
      if (failing || Date.now() > deadline) {
        const waited = failing
          ? `for ${ANSWERED_FAILURE_MS} ms in a row`
          : `after ${this.healthTimeoutMs} ms`;
        throw new Error(
          `Health check on port ${container.port} (PORT) ${healthPath === undefined ? 'over TCP' : `path ${healthPath}`} failed: ${last} ${waited}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  /** Kills and removes a container (idempotent). */
  async stop(id: string): Promise<void> {
    this.started.delete(id);
    await this.api.remove(id).catch(() => undefined);
  }

  /** Removes every container this stack started. */
  async closeAll(): Promise<void> {
    this.closed = true;
    const ids = new Set(this.started);
    for (const id of await this.api.listByLabel(this.label).catch(() => [])) ids.add(id);
    await Promise.all([...ids].map((id) => this.stop(id)));
  }
}

/** How long a container may answer its health check with a failure before it is unhealthy. */
const ANSWERED_FAILURE_MS = 2000;

/** A free TCP port on the host (the container binds it through the host network). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The status of one GET, or 0 when nothing answered. */
function probe(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}
