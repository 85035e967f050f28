import { rmSync } from 'node:fs';
import path from 'node:path';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AppRunnerState } from '../../local-aws/services/apprunner';
import type { EcrService } from '../../local-aws/services/ecr';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import {
  containerEngineSupport,
  startContainerEngine,
  type ContainerEngine,
} from '../support/container-engine';
import { mariaDbAvailable, startMariaDb, type DatabaseServer } from '../support/databases';
import { nodeRuntimes } from '../support/run-dist';
import {
  PipelineRecorder,
  createSpaSite,
  exampleDir,
  get,
  standInBackend,
  standInSpaBuild,
  type SpaBuild,
} from './pipeline-support';
import { isLockRequest } from './sync-spa-s3-build';

// Example 2 (examples/fastapi-apprunner-vite-mysql) end to end: its pipeline is one step, the
// bundle's root action, run from dist/deploy as the runner runs it, against the local stack,
// podman and a real MariaDB (MySQL protocol). A re-run changes nothing; a release that never
// answers with the expected version is rolled back by the action itself (backend and site).
// The stack runs the deployed images on podman: the service URL reaches the container, whose
// /health reports the APP_VERSION baked into its image, so every run expects the commit as the
// example's workflow does. Differences from the example's workflow: the stand-in image and SPA
// build (see pipeline-stand-ins.ts).

const EXAMPLE = 'fastapi-apprunner-vite-mysql';
const engineSupport = containerEngineSupport();
const ready = engineSupport.ok && mariaDbAvailable();
if (!ready) console.warn(`example 2 pipeline skipped: ${engineSupport.ok ? 'no MariaDB' : engineSupport.reason}`); // prettier-ignore

const SERVICE = 'tasks-api';
const BUCKET = 'tasks-site-production';
const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'test' };
const sha = (n: number): string => `${n}`.repeat(40).slice(0, 40);

(ready ? describe : describe.skip)(
  'pipeline: example 2, FastAPI on App Runner + Vite SPA + MySQL, one step',
  () => {
    let stack: LocalAws;
    let engine: ContainerEngine;
    let db: DatabaseServer;
    let context: string;
    let distributionId: string;
    let edgeUrl: string;
    let secretArn: string;
    let password: string;
    let pipeline: PipelineRecorder;
    const builds: SpaBuild[] = [];

    beforeAll(async () => {
      engine = await startContainerEngine();
      // The stack runs the deployed images on the engine: the service answers from the container.
      [stack, db] = await Promise.all([
        startLocalAws({
          only: ['sts', 'ecr', 'apprunner', 's3', 'cloudfront', 'secretsmanager'],
          timings: {
            'apprunner.operation': 200,
            'apprunner.rollback': 200,
            'cloudfront.invalidation': 0,
          },
          containers: { dockerHost: engine.dockerHost, healthTimeoutMs: 20_000 },
        }),
        startMariaDb(),
        engine.buildBaseImage(),
      ]);
      const { region, endpoint } = stack;
      await new ECRClient({ region, endpoint, credentials }).send(new CreateRepositoryCommand({ repositoryName: SERVICE })); // prettier-ignore
      const tasks = await db.createDatabase('tasks');
      password = tasks.password;
      const secret = { engine: 'mysql', host: tasks.host, port: tasks.port, username: tasks.user, password: tasks.password, dbname: tasks.database }; // prettier-ignore
      secretArn = (
        await new SecretsManagerClient({ region, endpoint, credentials }).send(
          new CreateSecretCommand({
            Name: 'tasks/production/db',
            SecretString: JSON.stringify(secret),
          }),
        )
      ).ARN!;
      ({ distributionId, edgeUrl } = await createSpaSite(stack, BUCKET, 'tasks', credentials));
      context = standInBackend(EXAMPLE, 'app/backend', 8000);
      pipeline = new PipelineRecorder(
        () => ({ ...stack.env, ...engine.env }),
        nodeRuntimes()[0]!.path,
      );
    }, 120_000);

    afterAll(async () => {
      for (const build of builds) build.remove();
      if (context) rmSync(context, { recursive: true, force: true });
      await Promise.all([stack?.stop(), engine?.stop(), db?.stop()]);
    });

    /**
     * The example's root-action step, with this run's commit and SPA build: the backend must
     * report the commit at $.version of /health, as the example's workflow expects.
     */
    function deploy(commit: string, extra: Record<string, string> = {}, spaExtra = '') {
      const spa = standInSpaBuild(EXAMPLE, 'app/frontend', commit, spaExtra);
      builds.push(spa);
      return pipeline.step(
        'deploy',
        {
          platform: 'apprunner',
          repository: SERVICE,
          context,
          'build-args': `APP_VERSION=${commit}`,
          service: SERVICE,
          'access-role-arn': 'arn:aws:iam::123456789012:role/tasks-apprunner-ecr-access',
          port: '8000',
          cpu: '0.25',
          memory: '0.5 GB',
          'min-instances': '1',
          'max-instances': '3',
          secrets: ['host', 'username', 'password', 'dbname']
            .map(
              (key, i) =>
                `${['DB_HOST', 'DB_USER', 'DB_PASSWORD', 'DB_NAME'][i]}=${secretArn}:${key}::`,
            )
            .join('\n'),
          'health-check-path': '/health',
          'migrations-path': path.join(exampleDir(EXAMPLE), 'db/migrations'),
          engine: 'mysql',
          'database-secret-id': 'tasks/production/db',
          directory: spa.dir,
          bucket: BUCKET,
          'distribution-id': distributionId,
          'site-url': edgeUrl,
          'health-timeout': '3s',
          'expected-version': commit,
          'version-json-path': '$.version',
          ...extra,
        },
        { GITHUB_SHA: commit, GITHUB_RUN_ID: commit.slice(0, 5) },
      );
    }

    const service = () => stack.service<AppRunnerState>('apprunner').byName(SERVICE)!;
    /** What the running container reports at /health (through the service URL). */
    const health = async (): Promise<unknown> =>
      JSON.parse((await get(`https://${service().ServiceUrl}/health`, stack.workloads.tls!.ca)).body); // prettier-ignore
    const runningImage = (): string | undefined =>
    stack.service<AppRunnerState>('apprunner').byName(SERVICE)?.config.SourceConfiguration.ImageRepository?.ImageIdentifier; // prettier-ignore

    let firstImage: string;

    it('deploys everything in one step: image, migrations, service, site', async () => {
      const run = await deploy(sha(1));
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({
        status: 'deployed',
        'rolled-back': 'false',
        'site-url': edgeUrl,
      });
      firstImage = run.outputs.image!;
      expect(firstImage).toMatch(new RegExp(`^${stack.service<EcrService>('ecr').registryHost}/${SERVICE}@sha256:`)); // prettier-ignore
      expect(runningImage()).toBe(firstImage);
      // The container runs: it answers with the APP_VERSION baked into its image.
      expect(service().endpoint.servingContainer).toBeDefined();
      expect(await health()).toMatchObject({ status: 'ok', version: sha(1) });
      expect(run.outputs['service-url']).toBe(`https://${service().ServiceUrl}`);
      expect(service().config.InstanceConfiguration).toEqual({ Cpu: '256', Memory: '512' });
      expect(Object.keys(service().config.SourceConfiguration.ImageRepository!.ImageConfiguration!.RuntimeEnvironmentSecrets ?? {}).sort()).toEqual(['DB_HOST', 'DB_NAME', 'DB_PASSWORD', 'DB_USER']); // prettier-ignore
      const columns = await db.query<{ COLUMN_NAME: string }>('tasks', "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_NAME = 'tasks' ORDER BY ORDINAL_POSITION"); // prettier-ignore
      expect(columns.map((c) => c.COLUMN_NAME)).toEqual(['id', 'title', 'done', 'created_at']);
      expect((await get(`${edgeUrl}/`)).body).toContain(sha(1));
      // The root summary lists every part, and each part's own summary is there too.
      expect(run.summary).toContain('Deploy: deployed');
      for (const part of [
        'build-push-ecr',
        'run-migrations',
        'deploy-apprunner',
        'verify-health',
        'sync-spa-s3',
        'invalidate-cdn',
      ])
        expect(run.summary).toContain(part);
    }, 180_000);

    it('a second run of the same commit changes nothing', async () => {
      const mark = stack.requests.all().at(-1)?.seq ?? 0;
      const run = await deploy(sha(1));
      expect(run.exitCode).toBe(0);
      expect(run.outputs.status).toBe('unchanged');
      const writes = stack.requests
        .all()
        .filter(
          (r) =>
            r.seq > mark &&
            r.status < 300 &&
            /^(Put|Create|Update|Start|Copy|Delete)/.test(r.operation) &&
            // sync-spa-s3's lock object (taken and released by every sync) is not the site.
            !isLockRequest(r),
        )
        .map((r) => `${r.service}:${r.operation}`);
      expect(writes).toEqual([]);
    }, 180_000);

    it('a release that never answers with the expected version is rolled back by the action', async () => {
      await deploy(sha(2), {}, 'v2');
      const live = runningImage()!;
      expect(await health()).toMatchObject({ status: 'ok', version: sha(2) });
      expect((await get(`${edgeUrl}/`)).body).toContain(sha(2));
      // A build that missed the version: the container starts and is healthy, but reports
      // "stale" where the commit is expected, so the post-deploy check fails for real.
      const run = await deploy(sha(3), { 'build-args': 'APP_VERSION=stale' }, 'v3');
      expect(run.exitCode).toBe(1);
      expect(run.outputs).toMatchObject({ status: 'rolled-back', 'rolled-back': 'true' });
      expect(run.errors.join('\n')).toMatch(new RegExp(`"stale" answered, expected "${sha(3)}".*; rolled back \\(backend \\S+@sha256:\\S+ -> \\S+@sha256:\\S+\\)$`, 's')); // prettier-ignore
      expect(runningImage()).toBe(live);
      // The rollback started the previous image again: its container answers.
      expect(await health()).toMatchObject({ status: 'ok', version: sha(2) });
      // The site was never published: the backend check comes first.
      expect((await get(`${edgeUrl}/`)).body).toContain(sha(2));
      expect(run.summary).toContain('Rolled back');
      const measured = /From the failed check to the restored release: ([\d.]+)s/.exec(
        run.summary,
      )?.[1];
      expect(measured).toBeDefined();
      console.log(
        `example 2 (root action): failed backend check -> backend restored in ${measured}s`,
      );
    }, 180_000);

    it('a site that does not answer after publishing rolls back the site and the backend', async () => {
      const live = runningImage()!;
      const run = await deploy(sha(4), { 'site-url': 'http://127.0.0.1:9' }, 'v4');
      expect(run.exitCode).toBe(1);
      expect(run.outputs).toMatchObject({ status: 'rolled-back', 'rolled-back': 'true' });
      expect(run.errors.join('\n')).toMatch(
        /rolled back \(backend \S+ -> \S+; frontend \S+ -> \S+\)$/s,
      );
      expect(runningImage()).toBe(live);
      expect(await health()).toMatchObject({ status: 'ok', version: sha(2) });
      const site = (await get(`${edgeUrl}/`)).body;
      expect(site).toContain(sha(2));
      expect(site).not.toContain(sha(4));
      const measured = /From the failed check to the restored release: ([\d.]+)s/.exec(
        run.summary,
      )?.[1];
      console.log(
        `example 2 (root action): failed site check -> backend and site restored in ${measured}s`,
      );
    }, 180_000);

    it('no secret value appears in any log, output or summary', () => {
      expect(pipeline.runs.length).toBe(5);
      expect(
        pipeline.leaks([password, ...stack.service<EcrService>('ecr').state.issuedPasswords()]),
      ).toEqual([]);
    });
  },
);
