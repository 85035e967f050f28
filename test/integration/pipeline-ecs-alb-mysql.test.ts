import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { EcrService } from '../../local-aws/services/ecr';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import {
  BASE_IMAGE,
  containerEngineSupport,
  startContainerEngine,
  type ContainerEngine,
} from '../support/container-engine';
import { mariaDbAvailable, startMariaDb, type DatabaseServer } from '../support/databases';
import { nodeRuntimes } from '../support/run-dist';
import {
  PipelineRecorder,
  writesSince,
  exampleDir,
  get,
  runWorkflowStep,
  seconds,
  standInBackend,
} from './pipeline-support';

// Example 4 (examples/ecs-fargate-alb-mysql) end to end: its workflow's steps in order, from the
// compiled dist/ entries, against the local ECS (classic services registered from the example's
// own task definition files), podman and a real MariaDB:
//   build-push-ecr x2 -> run-migrations -> deploy-ecs (backend, frontend) -> verify-health ->
//   "Smoke-test signup and login" (the workflow's own bash, run as written) ->
//   [on failure] deploy-ecs previous-image for both services.
// The stack runs the deployed stand-in images on podman: the backend's health reports the commit
// baked into its image, and the workflow's own curl smoke step (signup, login, a wrong password
// answered 401) runs against the running backend container.

const EXAMPLE = 'ecs-fargate-alb-mysql';
const engineSupport = containerEngineSupport();
const ready = engineSupport.ok && mariaDbAvailable();
if (!ready) console.warn(`example 4 pipeline skipped: ${engineSupport.ok ? 'no MariaDB' : engineSupport.reason}`); // prettier-ignore

const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'test' };
const sha = (n: number): string => `${n}`.repeat(40).slice(0, 40);
const WORKFLOW = path.join(exampleDir(EXAMPLE), '.github/workflows/deploy.yml');
const network = { awsvpcConfiguration: { subnets: ['subnet-a'], securityGroups: ['sg-web'] } };
const FAST = { 'poll-interval': '50ms', timeout: '30s' };

(ready ? describe : describe.skip)(
  'pipeline: example 4, frontend and backend on ECS behind an ALB + MySQL',
  () => {
    let stack: LocalAws;
    let engine: ContainerEngine;
    let db: DatabaseServer;
    let ecs: ECSClient;
    let password: string;
    let pipeline: PipelineRecorder;
    const contexts: string[] = [];

    beforeAll(async () => {
      engine = await startContainerEngine();
      [stack, db] = await Promise.all([
        startLocalAws({
          only: ['sts', 'ecr', 'ecs', 'logs', 'secretsmanager'],
          timings: { 'ecs.deployment': 150 },
          containers: { dockerHost: engine.dockerHost, healthTimeoutMs: 20_000 },
        }),
        startMariaDb(),
        engine.buildBaseImage(),
      ]);
      const { region, endpoint } = stack;
      const ecr = new ECRClient({ region, endpoint, credentials });
      for (const name of ['accounts/backend', 'accounts/frontend'])
        await ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
      const accounts = await db.createDatabase('accounts');
      password = accounts.password;
      const secret = await new SecretsManagerClient({ region, endpoint, credentials }).send(
        new CreateSecretCommand({
          Name: 'accounts/production/db',
          SecretString: JSON.stringify({ engine: 'mysql', host: accounts.host, port: accounts.port, username: accounts.user, password: accounts.password, dbname: accounts.database }), // prettier-ignore
        }),
      );
      ecs = new ECSClient({ region, endpoint, credentials });
      await ecs.send(new CreateClusterCommand({ clusterName: 'accounts' }));
      // The services as the infrastructure code created them, from the example's task definitions.
      for (const [service, file] of [
        ['accounts-backend', 'backend-task-definition.json'],
        ['accounts-frontend', 'frontend-task-definition.json'],
      ] as const) {
        // The secret's real ARN replaces the example's placeholder (the container reads it at start).
        const text = readFileSync(path.join(exampleDir(EXAMPLE), 'ecs', file), 'utf8').replaceAll(
          /arn:aws:secretsmanager:[^:]+:\d+:secret:accounts\/production\/db-[A-Za-z0-9]{6}/g,
          secret.ARN!,
        );
        const definition = JSON.parse(text) as RegisterTaskDefinitionCommandInput;
        await ecs.send(new RegisterTaskDefinitionCommand(definition));
        await ecs.send(
          new CreateServiceCommand({
            cluster: 'accounts',
            serviceName: service,
            taskDefinition: definition.family,
            desiredCount: 2,
            networkConfiguration: network,
            deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The ALB's target group checks /api/health on the backend.
      stack.workloads.get('ecs:accounts/accounts-backend')!.healthPath = '/api/health';
      contexts.push(
        standInBackend(EXAMPLE, 'app/backend', 3000, { accountsApi: true }),
        standInBackend(EXAMPLE, 'app/frontend', 8080),
      );
      pipeline = new PipelineRecorder(
        () => ({ ...stack.env, ...engine.env }),
        nodeRuntimes()[0]!.path,
      );
    }, 120_000);

    afterAll(async () => {
      for (const dir of contexts) rmSync(dir, { recursive: true, force: true });
      await Promise.all([stack?.stop(), engine?.stop(), db?.stop()]);
    });

    const backendUrl = (): string => stack.workloads.get('ecs:accounts/accounts-backend')!.url;
    const frontendUrl = (): string => stack.workloads.get('ecs:accounts/accounts-frontend')!.url;
    const imageOf = async (service: string, container: string): Promise<string | undefined> => {
      const described = await ecs.send(new DescribeServicesCommand({ cluster: 'accounts', services: [service] })); // prettier-ignore
      const definition = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: described.services![0]!.taskDefinition! })); // prettier-ignore
      return definition.taskDefinition!.containerDefinitions!.find((c) => c.name === container)
        ?.image;
    };

    /** The workflow's steps for one commit; returns whether the health check passed. */
    async function deployRun(commit: string, options: { failAfterDeploy?: boolean } = {}) {
      const env = { GITHUB_SHA: commit, GITHUB_RUN_ID: commit.slice(0, 4) };
      const backendImage = await pipeline.ok('build-push-ecr', { repository: 'accounts/backend', context: contexts[0]!, 'build-args': `APP_VERSION=${commit}` }, env); // prettier-ignore
      const frontendImage = await pipeline.ok('build-push-ecr', { repository: 'accounts/frontend', context: contexts[1]!, 'build-args': `APP_VERSION=${commit}` }, env); // prettier-ignore
      await pipeline.ok('run-migrations', { engine: 'mysql', 'database-secret-id': 'accounts/production/db', 'migrations-path': path.join(exampleDir(EXAMPLE), 'db/migrations') }, env); // prettier-ignore
      const backend = await pipeline.ok('deploy-ecs', { ...FAST, mode: 'service', cluster: 'accounts', service: 'accounts-backend', container: 'api', image: backendImage.image! }, env); // prettier-ignore
      const frontend = await pipeline.ok('deploy-ecs', { ...FAST, mode: 'service', cluster: 'accounts', service: 'accounts-frontend', container: 'web', image: frontendImage.image! }, env); // prettier-ignore
      const digest = backendImage.image!.split('@')[1]!;
      if (options.failAfterDeploy === true) stack.workloads.markUnhealthy(digest);
      // expected-version: the commit, as the workflow expects; the running image reports it.
      const health = await pipeline.step('verify-health', { urls: backendUrl(), paths: '/api/health', 'expected-version': commit, 'version-json-path': '$.version', timeout: '2s', interval: '100ms', 'consecutive-successes': '2' }, env); // prettier-ignore
      // The workflow's own smoke step (curl signup, login, a wrong password answered 401), run
      // against the backend's service URL (the ALB's /api/* in AWS): it reaches the container.
      const smoke = health.exitCode === 0 ? await smokeTest(env.GITHUB_RUN_ID) : undefined;
      if (smoke?.status === 0)
        return { ok: true, backend: backendImage.image!, frontend: frontendImage.image! };
      const failedAt = Date.now();
      await pipeline.ok('deploy-ecs', { ...FAST, mode: 'service', cluster: 'accounts', service: 'accounts-backend', container: 'api', image: backend['previous-image']! }, env); // prettier-ignore
      await pipeline.ok('deploy-ecs', { ...FAST, mode: 'service', cluster: 'accounts', service: 'accounts-frontend', container: 'web', image: frontend['previous-image']! }, env); // prettier-ignore
      return {
        ok: false,
        backend: backendImage.image!,
        frontend: frontendImage.image!,
        rollbackMs: Date.now() - failedAt,
      };
    }

    let first: { backend: string; frontend: string };
    let smokeRuns = 0;
    const smokeOutputs: string[] = [];
    async function smokeTest(runId: string) {
      const started = Date.now();
      const smoke = await runWorkflowStep(WORKFLOW, 'Smoke-test signup and login', { SITE: backendUrl(), RUN_ID: `${runId}-${++smokeRuns}` }, 20_000); // prettier-ignore
      smokeOutputs.push(smoke.stdout, smoke.stderr);
      if (smoke.status !== 0) console.warn(`smoke step exited ${smoke.status}: ${smoke.stdout}${smoke.stderr}`); // prettier-ignore
      return { ...smoke, ms: Date.now() - started };
    }

    it('deploys both services from new images after migrating MySQL', async () => {
      const run = await deployRun(sha(1));
      expect(run.ok).toBe(true);
      first = run;
      const registry = stack.service<EcrService>('ecr').registryHost;
      expect(run.backend).toMatch(new RegExp(`^${registry}/accounts/backend@sha256:`));
      expect(await imageOf('accounts-backend', 'api')).toBe(run.backend);
      expect(await imageOf('accounts-frontend', 'web')).toBe(run.frontend);
      const health = await get(`${backendUrl()}/api/health`);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', version: sha(1) });
      // The smoke step's signup reached the container: its user exists there now.
      const again = await fetch(`${backendUrl()}/api/signup`, { method: 'POST', body: JSON.stringify({ email: `smoke-${sha(1).slice(0, 4)}-1@example.com`, password: 'x' }) }); // prettier-ignore
      expect(again.status).toBe(409);
      const login = await fetch(`${backendUrl()}/api/login`, { method: 'POST', body: JSON.stringify({ email: 'smoke-nobody@example.com', password: 'x' }) }); // prettier-ignore
      expect(login.status).toBe(401);
      const tables = await db.query<{ TABLE_NAME: string }>('accounts', "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users'"); // prettier-ignore
      expect(tables).toHaveLength(1);
    }, 180_000);

    it('a second run of the same commit changes nothing', async () => {
      const mark = stack.requests.all().at(-1)?.seq ?? 0;
      const run = await deployRun(sha(1));
      expect(run).toMatchObject({ ok: true, backend: first.backend, frontend: first.frontend });
      expect(writesSince(stack, mark)).toEqual([]);
    }, 180_000);

    it('a backend that turns unhealthy after the deploy is rolled back on both services to the first release, which keeps serving', async () => {
      const run = await deployRun(sha(2), { failAfterDeploy: true });
      expect(run.ok).toBe(false);
      expect(await imageOf('accounts-backend', 'api')).toBe(first.backend);
      expect(await imageOf('accounts-frontend', 'web')).toBe(first.frontend);
      // The rollback started the first image again: its container answers with the first commit.
      expect(JSON.parse((await get(`${backendUrl()}/api/health`)).body)).toMatchObject({ status: 'ok', version: sha(1) }); // prettier-ignore
      expect((await get(`${frontendUrl()}/version`)).body).toBe(sha(1));
      expect((await smokeTest('after-rollback')).status).toBe(0);
      console.log(
        `example 4: failed health check -> both ECS services restored in ${seconds(run.rollbackMs!)}`,
      );
    }, 180_000);

    it('a backend image whose container cannot start is rolled back by the ECS circuit breaker: the deploy step fails', async () => {
      const broken = mkdtempSync(path.join(os.tmpdir(), 'broken-'));
      writeFileSync(path.join(broken, 'Dockerfile'), `FROM ${BASE_IMAGE}\nCMD ["sh", "-c", "echo cannot connect to the database >&2; exit 3"]\n`); // prettier-ignore
      const env = { GITHUB_SHA: sha(3), GITHUB_RUN_ID: '3333' };
      const build = await pipeline.ok('build-push-ecr', { repository: 'accounts/backend', context: broken, 'build-args': `APP_VERSION=${sha(3)}` }, env); // prettier-ignore
      rmSync(broken, { recursive: true, force: true });
      const deploy = await pipeline.step('deploy-ecs', { ...FAST, mode: 'service', cluster: 'accounts', service: 'accounts-backend', container: 'api', image: build.image! }, env); // prettier-ignore
      expect(deploy.exitCode).toBe(1);
      expect(deploy.errors.join('\n')).toMatch(/circuit breaker|rolled back/i);
      const described = await ecs.send(new DescribeServicesCommand({ cluster: 'accounts', services: ['accounts-backend'] })); // prettier-ignore
      expect(described.services![0]!.events!.map((e) => e.message).join('\n')).toMatch(/Essential container exited \(exit code 3\)/); // prettier-ignore
      expect(await imageOf('accounts-backend', 'api')).toBe(first.backend);
      expect(JSON.parse((await get(`${backendUrl()}/api/health`)).body)).toMatchObject({ status: 'ok', version: sha(1) }); // prettier-ignore
      expect((await smokeTest('after-breaker')).status).toBe(0);
    }, 180_000);

    it('no secret value appears in any log, output or summary', () => {
      expect(pipeline.runs.length).toBeGreaterThan(12);
      const secrets = [password, ...stack.service<EcrService>('ecr').state.issuedPasswords()];
      expect(pipeline.leaks(secrets)).toEqual([]);
      expect(smokeOutputs.length).toBeGreaterThan(4);
      expect(secrets.filter((secret) => smokeOutputs.some((text) => text.includes(secret)))).toEqual([]); // prettier-ignore
    });
  },
);
