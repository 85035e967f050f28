import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApiServer } from './server/api-server';
import { FaultInjector, type FaultRule } from './server/faults';
import { RequestLog } from './server/request-log';
import type { AwsService } from './server/service';
import type { StackContext } from './server/stack-context';
import type { ContainerEngineOptions } from './runtime/containers';
import { sdkSecretResolver } from './runtime/secrets';
import { Workloads } from './runtime/workloads';
import type { EcrService } from './services/ecr';
import { serviceFactories } from './services';

export interface LocalAwsOptions {
  /** API port; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  /** Where the stack keeps data; a fresh temporary folder by default, removed on stop. */
  dataDir?: string;
  /** Timings in ms by name (see each service's documentation), e.g. { 'apprunner.operation': 200 }. */
  timings?: Record<string, number>;
  /** Per-service options, by service name. */
  services?: Record<string, Record<string, unknown>>;
  /** Only these services (default: all). */
  only?: string[];
  /** Seed for fault rates. */
  faultSeed?: number;
  /**
   * Run deployed App Runner / ECS images for real on this container engine (a Docker API
   * socket, e.g. podman `system service`): `{ dockerHost: 'unix:///path/podman.sock' }`.
   * Without it, services are simulated (see README, "Workloads").
   */
  containers?: ContainerEngineOptions;
}

export interface LocalAws {
  endpoint: string;
  region: string;
  accountId: string;
  /** Environment that points the AWS SDK (and so the bundle) at this stack. */
  env: Record<string, string>;
  faults: FaultInjector;
  requests: RequestLog;
  workloads: Workloads;
  context: StackContext;
  /** A service's state handle, for tests: `stack.service<S3Service>('s3')`. */
  service<T = AwsService>(name: string): T;
  injectFault(rule: FaultRule): void;
  stop(): Promise<void>;
}

export const DUMMY_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIALOCALSTACK000001',
  AWS_SECRET_ACCESS_KEY: 'local-aws-secret-key-not-a-real-secret',
  AWS_SESSION_TOKEN: 'local-aws-session-token',
};

/** Starts every service of the local AWS stack on loopback. */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const host = options.host ?? '127.0.0.1';
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'local-aws-'));
  const services = new Map<string, AwsService>();
  let endpoint = '';
  const context: StackContext = {
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '123456789012',
    host,
    endpoint: () => endpoint,
    dataDir,
    timing: (name, fallback) => options.timings?.[name] ?? fallback,
    faults: new FaultInjector(options.faultSeed),
    requests: new RequestLog(),
    workloads: new Workloads(host, {
      dataDir,
      ...(options.containers === undefined ? {} : { containers: options.containers }),
    }),
    options: (service) => options.services?.[service] ?? {},
    service: <T>(name: string) => services.get(name) as T | undefined,
  };

  const server = createApiServer(context, services);
  const [tls] = await Promise.all([
    // The CA that workload endpoints' HTTPS certificates chain to (App Runner URLs are https).
    context.workloads.prepareTls(),
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, resolve);
    }),
  ]);
  endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;

  const names = Object.keys(serviceFactories).filter(
    (n) => options.only === undefined || options.only.includes(n),
  );
  const started = await Promise.all(
    names.map(async (name) => [name, await serviceFactories[name]!(context)] as const),
  );
  for (const [name, service] of started) services.set(name, service);
  const runtime = context.workloads.containers;
  if (runtime !== undefined) {
    // The engine pulls from the ECR registry itself (no ECR auth), by the deployed reference.
    runtime.resolveImage = (image) => {
      const ecr = services.get('ecr') as EcrService | undefined;
      const front = ecr?.registryHost;
      const upstream = ecr?.upstreamUrl === undefined ? undefined : new URL(ecr.upstreamUrl).host;
      if (front === undefined || upstream === undefined || !image.startsWith(`${front}/`)) {
        return image;
      }
      return `${upstream}${image.slice(front.length)}`;
    };
    runtime.resolveSecrets = sdkSecretResolver(() => endpoint, context.region, {
      accessKeyId: DUMMY_CREDENTIALS.AWS_ACCESS_KEY_ID,
      secretAccessKey: DUMMY_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
      sessionToken: DUMMY_CREDENTIALS.AWS_SESSION_TOKEN,
    });
  }

  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: context.region,
    AWS_DEFAULT_REGION: context.region,
    ...DUMMY_CREDENTIALS,
    AWS_EC2_METADATA_DISABLED: 'true',
    // Node reads this at start-up: processes given stack.env trust the workloads' HTTPS.
    ...(tls === undefined ? {} : { NODE_EXTRA_CA_CERTS: tls.caFile }),
  };

  return {
    endpoint,
    region: context.region,
    accountId: context.accountId,
    env,
    faults: context.faults,
    requests: context.requests,
    workloads: context.workloads,
    context,
    service<T>(name: string): T {
      const service = services.get(name);
      if (service === undefined) throw new Error(`the local stack has no service ${name}`);
      return service as T;
    },
    injectFault: (rule) => void context.faults.add(rule),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...services.values()].map((s) => s.close?.()));
      await context.workloads.closeAll();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
