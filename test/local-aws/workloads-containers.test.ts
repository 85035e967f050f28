import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AppRunnerClient,
  CreateServiceCommand,
  DescribeServiceCommand,
  ListOperationsCommand,
  UpdateServiceCommand,
  type OperationSummary,
} from '@aws-sdk/client-apprunner';
import { CreateRepositoryCommand, DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateExpressGatewayServiceCommand,
  CreateServiceCommand as CreateEcsServiceCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateExpressGatewayServiceCommand,
  UpdateServiceCommand as UpdateEcsServiceCommand,
} from '@aws-sdk/client-ecs';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { EcrService } from '../../local-aws/services/ecr';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import {
  BASE_IMAGE,
  containerEngineSupport,
  startContainerEngine,
  type ContainerEngine,
} from '../support/container-engine';

// Deployed images run for real: the stack starts each release's container on podman (Docker API)
// and the service URL reverse-proxies to it. Images are busybox httpd serving files that only
// the image has, plus what the deploy gave the container through its environment.

const support = containerEngineSupport();
const ROLE = 'arn:aws:iam::123456789012:role/deploy';
const HEALTH_TIMEOUT_MS = 20_000;

/** The app: files baked in at build time (MARKER), the env written at start, a CGI echo. */
const APP = [
  `FROM ${BASE_IMAGE}`,
  'ARG MARKER',
  'RUN mkdir -p /www/cgi-bin && echo "$MARKER" > /www/marker && echo ok > /www/health',
  'COPY echo.cgi /www/cgi-bin/echo',
  'RUN chmod +x /www/cgi-bin/echo',
  'CMD ["sh", "-c", "printf %s \\"$APP_VERSION\\" > /www/version && printf %s \\"$DB_PASSWORD\\" > /www/secret && exec httpd -f -p \\"${PORT:-8080}\\" -h /www"]',
  '',
].join('\n');
/** Serves, but its health path answers 404. */
const NO_HEALTH = APP.replace(' && echo ok > /www/health', '');
/** Exits at once. */
const EXITS = [`FROM ${BASE_IMAGE}`, 'CMD ["sh", "-c", "echo boom >&2; exit 3"]', ''].join('\n');
const ECHO_CGI = [
  '#!/bin/sh',
  "printf 'Content-Type: text/plain\\r\\n\\r\\n'",
  'echo "$REQUEST_METHOD $QUERY_STRING $HTTP_X_TEST"',
  'head -c "${CONTENT_LENGTH:-0}"',
  '',
].join('\n');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long a wait may take: every wait below covers at most one rollout whose candidate is
 * decided by its health check (bounded by HEALTH_TIMEOUT_MS) and, after a failure, one rollback
 * whose serving container is already running (decided by the same bound).
 */
const WAIT_MS = 3 * HEALTH_TIMEOUT_MS;

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * The service once its circuit breaker failed a deployment and rolled back, seen in its events.
 * A FAILED deployment is listed only until the rollback completes (then ECS keeps only the
 * PRIMARY one, as it does on AWS); with fast timings that window is shorter than one poll on a
 * busy machine, so the wait reads the events, which stay.
 */
async function rolledBackBy(ecs: ECSClient, cluster: string, name: string) {
  const service = (await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }))).services?.[0]; // prettier-ignore
  const messages = service?.events?.map((e) => e.message ?? '') ?? [];
  const failed = messages.some((m) => /\(deployment [^)]+\) deployment failed: tasks failed to start\./.test(m)); // prettier-ignore
  const rolledBack = messages.some((m) => /rolling back to deployment /.test(m));
  return failed && rolledBack ? service : undefined;
}

async function text(url: string, init?: RequestInit): Promise<{ status: number; body: string }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.text() };
}

(support.ok ? describe : describe.skip)('deployed images run on the container engine', () => {
  let engine: ContainerEngine;
  let stack: LocalAws;
  let work: string;
  const images: Record<string, string> = {};
  const config = { region: 'us-east-1', credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' }, maxAttempts: 1 }; // prettier-ignore
  let apprunner: AppRunnerClient;
  let ecs: ECSClient;
  let secretArn: string;
  let parameterArn: string;

  /** Builds and pushes one variant; returns its reference by digest. */
  async function push(tag: string, dockerfile: string, marker = tag): Promise<string> {
    const ecr = stack.service<EcrService>('ecr');
    const file = path.join(work, `Dockerfile.${tag}`);
    writeFileSync(file, dockerfile);
    const target = `${ecr.registryHost ?? ''}/app:${tag}`;
    const build = await engine.docker(['build', '-q', '-f', file, '--build-arg', `MARKER=${marker}`, '-t', target, work]); // prettier-ignore
    if (build.code !== 0) throw new Error(build.stderr);
    const pushed = await engine.docker(['push', target]);
    if (pushed.code !== 0) throw new Error(pushed.stderr);
    const client = new ECRClient({ ...config, endpoint: stack.endpoint });
    const described = await client.send(
      new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: tag }] }),
    );
    return `${ecr.registryHost ?? ''}/app@${described.imageDetails?.[0]?.imageDigest ?? ''}`;
  }

  /** Containers the stack runs for a service (its label), via the engine. */
  async function containersOf(service: string): Promise<string[]> {
    const result = await engine.docker(['ps', '-q', '--filter', `label=local-aws.service=${service}`]); // prettier-ignore
    return result.stdout.split('\n').filter((line) => line !== '');
  }

  beforeAll(async () => {
    engine = await startContainerEngine();
    [stack] = await Promise.all([
      startLocalAws({
        containers: { dockerHost: engine.dockerHost, healthTimeoutMs: HEALTH_TIMEOUT_MS },
        services: { ecr: { requireAuth: false } },
        timings: {
          'apprunner.operation': 100,
          'apprunner.rollback': 100,
          'ecs.deployment': 100,
        },
      }),
      engine.buildBaseImage(),
    ]);
    work = mkdtempSync(path.join(os.tmpdir(), 'workload-images-'));
    writeFileSync(path.join(work, 'echo.cgi'), ECHO_CGI);
    const client = new ECRClient({ ...config, endpoint: stack.endpoint });
    await client.send(new CreateRepositoryCommand({ repositoryName: 'app' }));
    images.v1 = await push('v1', APP, 'only-in-image-v1');
    images.v2 = await push('v2', APP, 'only-in-image-v2');
    images.noHealth = await push('no-health', NO_HEALTH);
    images.exits = await push('exits', EXITS);
    apprunner = new AppRunnerClient({ ...config, endpoint: stack.endpoint });
    ecs = new ECSClient({ ...config, endpoint: stack.endpoint });
    const secrets = new SecretsManagerClient({ ...config, endpoint: stack.endpoint });
    secretArn =
      (await secrets.send(new CreateSecretCommand({ Name: 'db', SecretString: '{"password":"s3cr3t-pw"}' }))).ARN ?? ''; // prettier-ignore
    const ssm = new SSMClient({ ...config, endpoint: stack.endpoint });
    await ssm.send(new PutParameterCommand({ Name: '/app/db-password', Value: 'ssm-pw', Type: 'SecureString' })); // prettier-ignore
    parameterArn = `arn:aws:ssm:us-east-1:${stack.accountId}:parameter/app/db-password`;
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    // Every container the stack started is gone once it stopped.
    const left = engine === undefined ? [] : await containersOf('');
    await engine?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  const source = (image: string, version: string) => ({
    ImageRepository: {
      ImageIdentifier: image,
      ImageRepositoryType: 'ECR' as const,
      ImageConfiguration: {
        Port: '8080',
        RuntimeEnvironmentVariables: { APP_VERSION: version },
        RuntimeEnvironmentSecrets: { DB_PASSWORD: `${secretArn}:password::` },
      },
    },
    AuthenticationConfiguration: { AccessRoleArn: ROLE },
  });
  const lastOperation = async (arn: string): Promise<OperationSummary | undefined> =>
    (await apprunner.send(new ListOperationsCommand({ ServiceArn: arn }))).OperationSummaryList?.[0]; // prettier-ignore
  const operationEnded = (arn: string) =>
    until('the operation to end', async () => {
      const operation = await lastOperation(arn);
      return operation?.Status === 'IN_PROGRESS' || operation?.Status === 'ROLLBACK_IN_PROGRESS'
        ? undefined
        : operation;
    });

  it('App Runner runs the image: the URL serves what the container serves, with its env and secrets; broken images roll back for real', async () => {
    const created = await apprunner.send(
      new CreateServiceCommand({
        ServiceName: 'web-real',
        SourceConfiguration: source(images.v1!, 'sha-1111'),
        HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health' },
      }),
    );
    const arn = created.Service?.ServiceArn ?? '';
    const url = `http://${created.Service?.ServiceUrl ?? ''}`;
    expect((await operationEnded(arn)).Status).toBe('SUCCEEDED');
    expect(await text(`${url}/marker`)).toEqual({ status: 200, body: 'only-in-image-v1\n' });
    expect((await text(`${url}/version`)).body).toBe('sha-1111');
    expect((await text(`${url}/secret`)).body).toBe('s3cr3t-pw'); // the JSON key of the secret
    expect((await text(`${url}/nope`)).status).toBe(404); // the container's answer, not a stand-in
    // Any method, query, header and body reach the container.
    const echoed = await text(`${url}/cgi-bin/echo?a=1`, {
      method: 'POST',
      headers: { 'x-test': 'hdr' },
      body: 'payload-123',
    });
    expect(echoed).toEqual({ status: 200, body: 'POST a=1 hdr\npayload-123' });
    const [first] = await containersOf('apprunner:' + arn);
    expect(first).toBeDefined();

    // Health path 404: the new container never takes traffic; the first one keeps serving.
    await apprunner.send(new UpdateServiceCommand({ ServiceArn: arn, SourceConfiguration: source(images.noHealth!, 'sha-bad') })); // prettier-ignore
    expect((await operationEnded(arn)).Status).toBe('ROLLBACK_SUCCEEDED');
    expect((await text(`${url}/marker`)).body).toBe('only-in-image-v1\n');
    expect((await text(`${url}/version`)).body).toBe('sha-1111');
    const described = await apprunner.send(new DescribeServiceCommand({ ServiceArn: arn }));
    expect(described.Service?.SourceConfiguration?.ImageRepository?.ImageIdentifier).toBe(images.v1); // prettier-ignore
    expect(described.Service?.Status).toBe('RUNNING');

    // A process that exits: rolled back as well, fast (no need to wait for the deadline).
    const started = Date.now();
    await apprunner.send(new UpdateServiceCommand({ ServiceArn: arn, SourceConfiguration: source(images.exits!, 'sha-exit') })); // prettier-ignore
    expect((await operationEnded(arn)).Status).toBe('ROLLBACK_SUCCEEDED');
    expect(Date.now() - started).toBeLessThan(HEALTH_TIMEOUT_MS);
    expect(await containersOf('apprunner:' + arn)).toEqual([first]);

    // A good update switches traffic, then stops the old container.
    await apprunner.send(new UpdateServiceCommand({ ServiceArn: arn, SourceConfiguration: source(images.v2!, 'sha-2222') })); // prettier-ignore
    expect((await operationEnded(arn)).Status).toBe('SUCCEEDED');
    expect((await text(`${url}/marker`)).body).toBe('only-in-image-v2\n');
    expect((await text(`${url}/version`)).body).toBe('sha-2222');
    const now = await containersOf('apprunner:' + arn);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(first);
  }, 90_000);

  it('App Runner: a create whose image fails its health check ends CREATE_FAILED', async () => {
    const created = await apprunner.send(
      new CreateServiceCommand({
        ServiceName: 'web-broken',
        SourceConfiguration: source(images.noHealth!, 'sha-x'),
        HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health' },
      }),
    );
    const arn = created.Service?.ServiceArn ?? '';
    expect((await operationEnded(arn)).Status).toBe('FAILED');
    const described = await apprunner.send(new DescribeServiceCommand({ ServiceArn: arn }));
    expect(described.Service?.Status).toBe('CREATE_FAILED');
    expect((await text(`http://${created.Service?.ServiceUrl ?? ''}/marker`)).status).toBe(503);
    expect(await containersOf('apprunner:' + arn)).toEqual([]);
  }, 60_000);

  it('ECS: a classic service runs its main container; the circuit breaker rolls back to the one still serving', async () => {
    const register = async (image: string, version: string): Promise<string> =>
      (
        await ecs.send(
          new RegisterTaskDefinitionCommand({
            family: 'web',
            networkMode: 'awsvpc',
            requiresCompatibilities: ['FARGATE'],
            cpu: '256',
            memory: '512',
            containerDefinitions: [
              {
                name: 'web',
                image,
                essential: true,
                portMappings: [{ containerPort: 8080 }],
                environment: [{ name: 'APP_VERSION', value: version }],
                secrets: [{ name: 'DB_PASSWORD', valueFrom: parameterArn }],
              },
            ],
          }),
        )
      ).taskDefinition?.taskDefinitionArn ?? '';
    const network = { awsvpcConfiguration: { subnets: ['subnet-1'] } };
    await ecs.send(
      new CreateEcsServiceCommand({
        cluster: 'c1',
        serviceName: 'web',
        taskDefinition: await register(images.v1!, 'ecs-1'),
        desiredCount: 1,
        networkConfiguration: network,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    const settled = (): Promise<NonNullable<unknown>> =>
      until('the deployment to settle', async () => {
        const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'c1', services: ['web'] }))).services?.[0]; // prettier-ignore
        const primary = service?.deployments?.[0];
        return service?.deployments?.length === 1 && primary?.rolloutState === 'COMPLETED'
          ? service
          : undefined;
      });
    await settled();
    const url = stack.workloads.get('ecs:c1/web')!.url;
    expect((await text(`${url}/marker`)).body).toBe('only-in-image-v1\n');
    expect((await text(`${url}/version`)).body).toBe('ecs-1');
    expect((await text(`${url}/secret`)).body).toBe('ssm-pw');
    const first = await containersOf('ecs:c1/web');

    const bad = await register(images.noHealth!, 'ecs-bad');
    await ecs.send(new UpdateEcsServiceCommand({ cluster: 'c1', service: 'web', taskDefinition: bad })); // prettier-ignore
    const failed = await until('the circuit breaker', () => rolledBackBy(ecs, 'c1', 'web'));
    expect(failed.events?.map((e) => e.message).join('\n')).toMatch(/Health check .* failed: HTTP 404/); // prettier-ignore
    const rolledBack = (await settled()) as { taskDefinition?: string };
    expect(rolledBack.taskDefinition).toMatch(/web:1$/);
    expect((await text(`${url}/version`)).body).toBe('ecs-1');
    expect(await containersOf('ecs:c1/web')).toEqual(first);
  }, 90_000);

  it('ECS Express Mode: the ingress endpoint serves the running image; an exiting image rolls back', async () => {
    const created = await ecs.send(
      new CreateExpressGatewayServiceCommand({
        serviceName: 'api',
        executionRoleArn: ROLE,
        infrastructureRoleArn: ROLE,
        healthCheckPath: '/health',
        primaryContainer: {
          image: images.v1!,
          containerPort: 8080,
          environment: [{ name: 'APP_VERSION', value: 'express-1' }],
        },
      }),
    );
    const arn = created.service?.serviceArn ?? '';
    const endpoint = created.service?.activeConfigurations?.[0]?.ingressPaths?.[0]?.endpoint ?? '';
    const serving = (version: string) =>
      until(`${version} to serve`, async () => {
        const service = (await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn: arn }))).service; // prettier-ignore
        if (service?.activeConfigurations?.length !== 1) return undefined;
        const answer = await text(`${endpoint}/version`);
        return answer.body === version ? service : undefined;
      });
    await serving('express-1');
    expect((await text(`${endpoint}/marker`)).body).toBe('only-in-image-v1\n');

    await ecs.send(
      new UpdateExpressGatewayServiceCommand({
        serviceArn: arn,
        primaryContainer: { image: images.exits!, containerPort: 8080, environment: [{ name: 'APP_VERSION', value: 'express-x' }] }, // prettier-ignore
      }),
    );
    const failed = await until('the rollback', () => rolledBackBy(ecs, 'default', 'api'));
    expect(failed.events?.map((e) => e.message).join('\n')).toMatch(/Essential container exited \(exit code 3\)/); // prettier-ignore
    await serving('express-1');
    expect((await text(`${endpoint}/marker`)).body).toBe('only-in-image-v1\n');

    await ecs.send(
      new UpdateExpressGatewayServiceCommand({
        serviceArn: arn,
        primaryContainer: { image: images.v2!, containerPort: 8080, environment: [{ name: 'APP_VERSION', value: 'express-2' }] }, // prettier-ignore
      }),
    );
    await serving('express-2');
    expect((await text(`${endpoint}/marker`)).body).toBe('only-in-image-v2\n');
    expect(await containersOf('ecs:default/api')).toHaveLength(1);
  }, 90_000);
});
