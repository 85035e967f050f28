import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AppRunnerState } from '../../local-aws/services/apprunner';
import type { EcrService } from '../../local-aws/services/ecr';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import {
  BASE_IMAGE,
  containerEngineSupport,
  startContainerEngine,
  type ContainerEngine,
} from '../support/container-engine';
import { postgresAvailable, startPostgres, type DatabaseServer } from '../support/databases';
import { nodeRuntimes } from '../support/run-dist';
import {
  PipelineRecorder,
  createSpaSite,
  rollbackRequest,
  exampleDir,
  get,
  seconds,
  standInBackend,
  standInSpaBuild,
  type SpaBuild,
} from './pipeline-support';
import { isLockRequest } from './sync-spa-s3-build';

// Example 1 (examples/dotnet-apprunner-react-postgres) end to end: the steps of the reusable
// deploy.yml, in its order, from the compiled dist/ entries, against the local stack with a
// real registry and builder (podman) and a real PostgreSQL:
//   build-push-ecr -> run-migrations -> deploy-apprunner -> sync-spa-s3 -> invalidate-cdn ->
//   verify-health (backend, site) -> promote (build-push-ecr, on success) | rollback jobs (on failure).
// Then: a second run of the same commit changes nothing; a new commit deploys; a release whose
// health check fails after the deploy is rolled back (backend and site) automatically.

const EXAMPLE = 'dotnet-apprunner-react-postgres';
const engineSupport = containerEngineSupport();
const ready = engineSupport.ok && postgresAvailable();
if (!ready)
  console.warn(
    `example 1 pipeline skipped: ${engineSupport.ok ? 'no PostgreSQL' : engineSupport.reason}`,
  );

const SERVICE = 'notes-api';
const BUCKET = 'notes-site-production';
const ACCESS_ROLE = 'arn:aws:iam::123456789012:role/notes-apprunner-ecr-access';
const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'test' };
const sha = (n: number): string => `${n}`.repeat(40).slice(0, 40);
/** AWS writes a run may cause; a re-run of the same commit must cause none. */
const WRITES: Record<string, string[]> = {
  ecr: ['PutImage', 'CreateRepository'],
  'ecr-registry': ['PutManifest', 'PutBlob', 'StartUpload'],
  apprunner: ['CreateService', 'UpdateService', 'StartDeployment'],
  s3: ['PutObject', 'CopyObject', 'DeleteObject', 'DeleteObjects', 'CreateMultipartUpload'],
  cloudfront: ['CreateInvalidation'],
};

(ready ? describe : describe.skip)(
  'pipeline: example 1, .NET API on App Runner + React SPA + PostgreSQL',
  () => {
    let stack: LocalAws;
    let engine: ContainerEngine;
    let pg: DatabaseServer;
    let context: string;
    let distributionId: string;
    let edgeUrl: string;
    let appSecretArn: string;
    let dbPassword: string;
    let dbUrl: string;
    let pipeline: PipelineRecorder;
    const builds: SpaBuild[] = [];
    let runId = 100;

    beforeAll(async () => {
      engine = await startContainerEngine();
      // The stack runs the deployed images on the engine: the service answers from the container.
      [stack, pg] = await Promise.all([
        startLocalAws({
          only: ['sts', 'ecr', 'apprunner', 's3', 'cloudfront', 'secretsmanager'],
          timings: {
            'apprunner.operation': 200,
            'apprunner.rollback': 200,
            'cloudfront.invalidation': 100,
          },
          containers: { dockerHost: engine.dockerHost, healthTimeoutMs: 20_000 },
        }),
        startPostgres(),
        engine.buildBaseImage(),
      ]);
      const region = stack.region;
      const endpoint = stack.endpoint;
      await new ECRClient({ region, endpoint, credentials }).send(
        new CreateRepositoryCommand({ repositoryName: SERVICE }),
      );
      const db = await pg.createDatabase('notes');
      dbPassword = db.password;
      dbUrl = db.url;
      const secrets = new SecretsManagerClient({ region, endpoint, credentials });
      await secrets.send(
        new CreateSecretCommand({
          Name: 'notes/production/db',
          SecretString: JSON.stringify({
            engine: 'postgres',
            host: db.host,
            port: db.port,
            username: db.user,
            password: db.password,
            dbname: db.database,
          }),
        }),
      );
      appSecretArn = (
        await secrets.send(
          new CreateSecretCommand({
            Name: 'notes/production',
            SecretString: JSON.stringify({ DATABASE_URL: db.url }),
          }),
        )
      ).ARN!;
      ({ distributionId, edgeUrl } = await createSpaSite(stack, BUCKET, 'notes', credentials));
      context = standInBackend(EXAMPLE, 'app/backend', 8080);
      pipeline = new PipelineRecorder(
        () => ({ ...stack.env, ...engine.env }),
        nodeRuntimes()[0]!.path,
      );
    }, 120_000);

    afterAll(async () => {
      for (const build of builds) build.remove();
      if (context) rmSync(context, { recursive: true, force: true });
      await Promise.all([stack?.stop(), engine?.stop(), pg?.stop()]);
    });

    const apprunner = (): AppRunnerState => stack.service<AppRunnerState>('apprunner');
    const writesSince = (mark: number): string[] =>
      stack.requests
        .all()
        // Successful writes only: a re-tag the registry refuses as already done changes nothing;
        // sync-spa-s3's lock object (taken and released by every sync) is not the site.
        .filter(
          (r) =>
            r.seq > mark &&
            r.status < 300 &&
            (WRITES[r.service] ?? []).includes(r.operation) &&
            !isLockRequest(r),
        )
        .map((r) => `${r.service}:${r.operation}`);
    const mark = (): number => stack.requests.all().at(-1)?.seq ?? 0;

    interface RunResult {
      image: string;
      serviceUrl: string;
      releaseId: string;
      verified: boolean;
      rollbackMs?: number;
    }

    /** One run of deploy.yml for a commit, job by job as the workflow orders them. */
    async function deployRun(
      commit: string,
      spa: SpaBuild,
      options: { failAfterDeploy?: boolean } = {},
    ): Promise<RunResult> {
      const env = { GITHUB_SHA: commit, GITHUB_RUN_ID: String(++runId) };
      // build
      const build = await pipeline.ok('build-push-ecr', { repository: SERVICE, context, 'build-args': `APP_VERSION=${commit}`, 'skip-existing': 'true' }, env); // prettier-ignore
      // migrate
      await pipeline.ok('run-migrations', { engine: 'postgres', 'migrations-path': path.join(exampleDir(EXAMPLE), 'db/migrations'), 'database-secret-id': 'notes/production/db' }, env); // prettier-ignore
      // deploy-backend
      const deployed = await pipeline.ok('deploy-apprunner', {
      service: SERVICE,
      image: build.image!,
      'access-role-arn': ACCESS_ROLE,
      port: '8080',
      cpu: '0.25',
      memory: '0.5 GB',
      secrets: `DATABASE_URL=${appSecretArn}:DATABASE_URL::`,
      'health-check-path': '/health',
      'poll-interval': '100ms',
      'max-poll-interval': '200ms',
    }, env); // prettier-ignore
      const digest = build.image!.split('@')[1]!;
      if (options.failAfterDeploy === true) stack.workloads.markUnhealthy(digest);
      // publish (in parallel with the backend in the workflow)
      const published = await pipeline.ok(
        'sync-spa-s3',
        { bucket: BUCKET, directory: spa.dir, 'release-id': `${commit}-${runId}` },
        env,
      );
      // invalidate
      await pipeline.ok(
        'invalidate-cdn',
        {
          'distribution-id': distributionId,
          'changed-paths': published['changed-paths'] ?? '',
          'poll-interval': '100ms',
        },
        env,
      ); // prettier-ignore // prettier-ignore
      // verify-backend
      const health = { urls: deployed['service-url']!, paths: '/health', 'version-json-path': '$.version', interval: '100ms', 'max-interval': '200ms', 'consecutive-successes': '2' }; // prettier-ignore
      // The release must answer with its own version: the running container reports the
      // APP_VERSION baked into its image, the commit SHA, as deploy.yml expects.
      const verify = await pipeline.step('verify-health', { ...health, 'expected-version': commit, timeout: '2s' }, env); // prettier-ignore
      const failedAt = Date.now();
      const verified = verify.exitCode === 0;
      if (verified) {
        // verify-frontend, then promote
        await pipeline.ok('verify-health', { urls: edgeUrl, paths: '/', 'body-contains': commit, timeout: '10s', interval: '100ms', 'consecutive-successes': '1' }, env); // prettier-ignore
        const previous = deployed['previous-image'] ?? '';
        if (previous.includes('@sha256:') && previous !== build.image)
        await pipeline.ok('build-push-ecr', { repository: SERVICE, 'source-digest': previous.split('@')[1]!, tags: 'production-previous' }, env); // prettier-ignore
        await pipeline.ok('build-push-ecr', { repository: SERVICE, 'source-digest': digest, tags: 'production' }, env); // prettier-ignore
        return {
          image: build.image!,
          serviceUrl: deployed['service-url']!,
          releaseId: published['release-id']!,
          verified,
        };
      }
      // rollback-backend, rollback-frontend
      await pipeline.ok('deploy-apprunner', { service: SERVICE, image: deployed['previous-image']!, 'poll-interval': '100ms', 'max-poll-interval': '200ms' }, env); // prettier-ignore
      await pipeline.ok('verify-health', { urls: health.urls, paths: '/health', timeout: '10s', interval: '100ms' }, env); // prettier-ignore
      if (published.status === 'synced') {
        const restored = await pipeline.ok(
          'sync-spa-s3',
          { bucket: BUCKET, 'restore-release': 'previous' },
          env,
        );
        await pipeline.ok('invalidate-cdn', { 'distribution-id': distributionId, 'changed-paths': restored['changed-paths'] ?? '', 'poll-interval': '100ms' }, env); // prettier-ignore
      }
      return {
        image: build.image!,
        serviceUrl: deployed['service-url']!,
        releaseId: published['release-id']!,
        verified,
        rollbackMs: Date.now() - failedAt,
      };
    }

    function spa(version: string, extra = ''): SpaBuild {
      const build = standInSpaBuild(EXAMPLE, 'app/frontend', version, extra);
      builds.push(build);
      return build;
    }

    let first: RunResult;

    it('deploys the first commit: image in the registry, migrations applied, service on the new version, CDN serving the new index.html', async () => {
      first = await deployRun(sha(1), spa(sha(1)));
      expect(first.verified).toBe(true);
      const digest = first.image.split('@')[1]!;
      const ecr = stack.service<EcrService>('ecr');
      expect(first.image).toMatch(
        new RegExp(`^${ecr.registryHost}/${SERVICE}@sha256:[0-9a-f]{64}$`),
      );
      const tags = (await (await fetch(`${ecr.upstreamUrl}/v2/${SERVICE}/tags/list`)).json()) as {
        tags: string[];
      };
      expect(tags.tags).toEqual(expect.arrayContaining([sha(1), 'production']));
      const service = apprunner().byName(SERVICE)!;
      expect(service.config.SourceConfiguration.ImageRepository!.ImageIdentifier).toBe(first.image);
      expect(service.config.InstanceConfiguration).toEqual({ Cpu: '256', Memory: '512' });
      // The running container answers: its /health reports the APP_VERSION baked into the image.
      const health = await get(`${first.serviceUrl}/health`, stack.workloads.tls!.ca);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', version: sha(1) });
      expect((await get(`${first.serviceUrl}/version`, stack.workloads.tls!.ca)).body).toBe(sha(1));
      expect(apprunner().byName(SERVICE)!.endpoint.servingContainer).toBeDefined();
      expect(digest).toMatch(/^sha256:/);
      const history = await pg.query<{ version: string }>(
        'notes',
        'SELECT version FROM schema_history ORDER BY installed_rank',
      );
      expect(history.map((row) => row.version)).toEqual(['1', '2']);
      expect(await pg.query('notes', 'SELECT body FROM notes')).toEqual([
        { body: 'Deployed by aws-web-deploy-actions' },
      ]);
      const site = await get(`${edgeUrl}/`);
      expect(site.body).toContain(`<meta name="app-version" content="${sha(1)}" />`);
    }, 180_000);

    it('a second run of the same commit changes nothing', async () => {
      const before = mark();
      const again = await deployRun(sha(1), spa(sha(1)));
      expect(again).toMatchObject({ verified: true, image: first.image });
      expect(writesSince(before)).toEqual([]);
      const outputs = pipeline.runs
        .slice(-7)
        .map(({ name, run }) => `${name}:${run.outputs.status ?? run.outputs.skipped ?? ''}`);
      expect(outputs).toEqual(
        expect.arrayContaining([
          'run-migrations:up-to-date',
          'deploy-apprunner:unchanged',
          'sync-spa-s3:unchanged',
        ]),
      );
    }, 180_000);

    it('deploys a new commit that changes one file, keeping the old image as production-previous', async () => {
      const second = await deployRun(sha(2), spa(sha(2), 'changed'));
      expect(second.verified).toBe(true);
      expect(
        apprunner().byName(SERVICE)!.config.SourceConfiguration.ImageRepository!.ImageIdentifier,
      ).toBe(second.image);
      const ecr = stack.service<EcrService>('ecr');
      const previous = await fetch(
        `${ecr.upstreamUrl}/v2/${SERVICE}/manifests/production-previous`,
        {
          method: 'HEAD',
          headers: {
            accept:
              'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
          },
        },
      );
      expect(previous.headers.get('docker-content-digest')).toBe(first.image.split('@')[1]);
      expect((await get(`${edgeUrl}/`)).body).toContain(sha(2));
    }, 180_000);

    it('a release whose health check fails after the deploy is rolled back: backend and site', async () => {
      const live =
        apprunner().byName(SERVICE)!.config.SourceConfiguration.ImageRepository!.ImageIdentifier;
      const third = await deployRun(sha(3), spa(sha(3), 'broken'), { failAfterDeploy: true });
      expect(third.verified).toBe(false);
      expect(
        apprunner().byName(SERVICE)!.config.SourceConfiguration.ImageRepository!.ImageIdentifier,
      ).toBe(live);
      const health = await get(`${third.serviceUrl}/health`, stack.workloads.tls!.ca);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', version: sha(2) });
      const site = await get(`${edgeUrl}/`);
      expect(site.body).toContain(sha(2));
      expect(site.body).not.toContain(sha(3));
      console.log(
        `example 1: failed health check -> restored backend and site in ${seconds(third.rollbackMs!)}`,
      );
    }, 180_000);

    it('an image whose container fails its health check is rolled back by App Runner itself: the deploy step fails', async () => {
      const broken = mkdtempSync(path.join(os.tmpdir(), 'broken-'));
      writeFileSync(path.join(broken, 'Dockerfile'), `FROM ${BASE_IMAGE}\nCMD ["sh", "-c", "echo cannot start >&2; exit 1"]\n`); // prettier-ignore
      const env = { GITHUB_SHA: sha(4), GITHUB_RUN_ID: String(++runId) };
      const build = await pipeline.ok('build-push-ecr', { repository: SERVICE, context: broken, 'build-args': `APP_VERSION=${sha(4)}` }, env); // prettier-ignore
      rmSync(broken, { recursive: true, force: true });
      const deploy = await pipeline.step('deploy-apprunner', { service: SERVICE, image: build.image!, 'poll-interval': '100ms', 'max-poll-interval': '200ms' }, env); // prettier-ignore
      expect(deploy.exitCode).toBe(1);
      expect(deploy.errors.join('\n')).toMatch(/ROLLBACK_SUCCEEDED|rolled back/i);
      const service = apprunner().byName(SERVICE)!;
      expect(service.Status).toBe('RUNNING');
      const health = await get(`https://${service.ServiceUrl}/health`, stack.workloads.tls!.ca);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', version: sha(2) });
    }, 180_000);

    it('manual rollbacks (rollback.yml): the backend to previous; a site release whose assets are pruned is refused', async () => {
      const ecr = stack.service<EcrService>('ecr');
      const request = {
        ENVIRONMENT: 'production',
        TARGET: 'previous',
        AWS_REGION_INPUT: 'eu-west-1',
        ROLE_TO_ASSUME: 'arn:aws:iam::123456789012:role/notes-deploy',
        PLATFORM: 'apprunner',
        SERVICE: SERVICE,
        ECR_REPOSITORY: `${ecr.registryHost}/${SERVICE}`,
        BUCKET: '',
        DISTRIBUTION_ID: distributionId,
      };
      // A bad request is refused by the first job: nothing runs after it.
      expect(rollbackRequest({ ...request, TARGET: 'sha256:not-a-digest' }).status).toBe(1);
      const env = { GITHUB_SHA: sha(9), GITHUB_RUN_ID: '900' };
      const started = Date.now();
      // Backend, target previous: the image deploy.yml kept as production-previous (the first one).
      const backend = rollbackRequest(request);
      expect(backend.outputs).toMatchObject({ backend: 'true', frontend: 'false', image: `${ecr.registryHost}/${SERVICE}:production-previous` }); // prettier-ignore
      const redeployed = await pipeline.ok('deploy-apprunner', { service: SERVICE, image: backend.outputs.image!, 'poll-interval': '100ms', 'max-poll-interval': '200ms' }, env); // prettier-ignore
      await pipeline.ok('verify-health', { urls: redeployed['service-url']!, paths: '/health', timeout: '10s', interval: '100ms' }, env); // prettier-ignore
      const health = JSON.parse((await get(`${redeployed['service-url']}/health`, stack.workloads.tls!.ca)).body) as { version: string }; // prettier-ignore
      expect(health.version).toBe(sha(1)); // production-previous: the first commit's image
      expect(apprunner().byName(SERVICE)!.config.SourceConfiguration.ImageRepository!.ImageIdentifier).toBe(`${ecr.registryHost}/${SERVICE}:production-previous`); // prettier-ignore
      const elapsed = Date.now() - started;
      console.log(
        `example 1: manual backend rollback (rollback.yml steps) took ${seconds(elapsed)}`,
      );
      // Site, target = the first deploy's release id: its hashed assets were pruned (the default
      // keep-releases is 2), so the restore is refused and the live site is left as it was.
      const site = rollbackRequest({ ...request, SERVICE: '', BUCKET, TARGET: first.releaseId });
      expect(site.outputs).toMatchObject({
        backend: 'false',
        frontend: 'true',
        release: first.releaseId,
      });
      const refused = await pipeline.step('sync-spa-s3', { bucket: BUCKET, 'restore-release': site.outputs.release! }, env); // prettier-ignore
      expect(refused.exitCode).toBe(1);
      expect(refused.errors.join('\n')).toMatch(/cannot restore release .*files are gone/);
      expect((await get(`${edgeUrl}/`)).body).toContain(sha(2));
    }, 180_000);

    it('no secret value appears in any log, output or summary', () => {
      expect(pipeline.runs.length).toBeGreaterThan(20);
      expect(
        pipeline.leaks([
          dbPassword,
          dbUrl,
          ...stack.service<EcrService>('ecr').state.issuedPasswords(),
        ]),
      ).toEqual([]);
    });
  },
);
