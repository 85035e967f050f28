import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import type { EcrService } from '../../local-aws/services/ecr';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import {
  containerEngineSupport,
  startContainerEngine,
  type ContainerEngine,
} from '../support/container-engine';
import { nodeRuntimes } from '../support/run-dist';
import {
  PipelineRecorder,
  exampleDir,
  get,
  seconds,
  standInBackend,
  writesSince,
} from './pipeline-support';

// Example 3 (examples/ecs-all-in-one-ssm) end to end: three images built to ECR (repositories
// created with keep-last-10 and scan on push), one ECS service whose single task runs all three
// containers (registered from the example's task definition file, SSM secret references
// included), smoke checks, and the rollback step that redeploys the previous images of all three
// containers when the checks fail. Steps in the workflow's order, from the compiled dist/ entries,
// against the local ECS and podman.
//
// The stack runs the task's main container (nginx, the one with a port mapping) on podman and the
// service URL reaches it; the API and web containers are not run. So the nginx stand-in answers
// for the whole task: /health and /api/products as the API container does (x-app-version: the
// APP_VERSION baked into the image), / with the web container's page, each with x-app-version
// as the example's servers send it. The smoke checks are the workflow's.

const EXAMPLE = 'ecs-all-in-one-ssm';
const engineSupport = containerEngineSupport();
if (!engineSupport.ok) console.warn(`example 3 pipeline skipped: ${engineSupport.reason}`);

const sha = (n: number): string => `${n}`.repeat(40).slice(0, 40);
const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'test' };
const network = { awsvpcConfiguration: { subnets: ['subnet-a'], securityGroups: ['sg-shop'] } };
const FAST = { 'poll-interval': '50ms', timeout: '30s' };
/** What the example's API container answers at /api/products (app/backend/server.js). */
const PRODUCTS = JSON.stringify([
  { id: 1, name: 'Coffee', price: 3.5 },
  { id: 2, name: 'Tea', price: 2.9 },
]);
const PARTS = [
  ['backend', 'app/backend', 3000],
  ['frontend', 'app/frontend', 8080],
  ['nginx', 'app/nginx', 80],
] as const;

(engineSupport.ok ? describe : describe.skip)(
  'pipeline: example 3, three images on one ECS all-in-one service',
  () => {
    let stack: LocalAws;
    let engine: ContainerEngine;
    let ecs: ECSClient;
    let ecr: ECRClient;
    let pipeline: PipelineRecorder;
    const contexts: Record<string, string> = {};

    beforeAll(async () => {
      engine = await startContainerEngine();
      [stack] = await Promise.all([
        startLocalAws({
          only: ['sts', 'ecr', 'ecs', 'logs'],
          timings: { 'ecs.deployment': 150 },
          containers: { dockerHost: engine.dockerHost, healthTimeoutMs: 20_000 },
        }),
        engine.buildBaseImage(),
      ]);
      const { region, endpoint } = stack;
      ecr = new ECRClient({ region, endpoint, credentials });
      ecs = new ECSClient({ region, endpoint, credentials });
      await ecs.send(new CreateClusterCommand({ clusterName: 'shop' }));
      const definition = JSON.parse(readFileSync(path.join(exampleDir(EXAMPLE), 'ecs/task-definition.json'), 'utf8')) as RegisterTaskDefinitionCommandInput; // prettier-ignore
      await ecs.send(new RegisterTaskDefinitionCommand(definition));
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'shop',
          serviceName: 'shop-all-in-one',
          taskDefinition: definition.family,
          desiredCount: 1,
          networkConfiguration: network,
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const page = readFileSync(path.join(exampleDir(EXAMPLE), 'app/frontend/public/index.html'), 'utf8'); // prettier-ignore
      for (const [name, dir, port] of PARTS) {
        const files = name === 'nginx' ? { 'api/products': PRODUCTS, 'index.html': page } : {};
        contexts[name] = standInBackend(EXAMPLE, dir, port, { files });
      }
      pipeline = new PipelineRecorder(
        () => ({ ...stack.env, ...engine.env }),
        nodeRuntimes()[0]!.path,
      );
    }, 120_000);

    afterAll(async () => {
      for (const dir of Object.values(contexts)) rmSync(dir, { recursive: true, force: true });
      await Promise.all([stack?.stop(), engine?.stop()]);
    });

    const serviceUrl = (): string => stack.workloads.get('ecs:shop/shop-all-in-one')!.url;
    const images = async (): Promise<Record<string, string>> => {
      const described = await ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['shop-all-in-one'] })); // prettier-ignore
      const definition = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: described.services![0]!.taskDefinition! })); // prettier-ignore
      return Object.fromEntries(
        definition.taskDefinition!.containerDefinitions!.map((c) => [c.name!, c.image!]),
      );
    };

    /** The workflow's steps for one commit; returns the images built and whether the smoke checks passed. */
    /**
     * The workflow's steps for one commit. With `staleVersion` the nginx image is built without
     * the commit (APP_VERSION=stale): it starts and is healthy, but the smoke checks fail for real.
     */
    async function deployRun(commit: string, options: { staleVersion?: boolean } = {}) {
      const env = { GITHUB_SHA: commit, GITHUB_RUN_ID: commit.slice(0, 4) };
      const built: Record<string, string> = {};
      for (const [name] of PARTS) {
        const version = options.staleVersion === true && name === 'nginx' ? 'stale' : commit;
        const outputs = await pipeline.ok('build-push-ecr', { repository: `shop/${name}`, context: contexts[name]!, 'build-args': `APP_VERSION=${version}`, 'create-repository': 'true', 'scan-on-push': 'true', 'keep-images': '10' }, env); // prettier-ignore
        built[name] = outputs.image!;
      }
      const deployed = await pipeline.ok('deploy-ecs', { ...FAST, mode: 'service', cluster: 'shop', service: 'shop-all-in-one', images: Object.entries(built).map(([c, i]) => `${c}=${i}`).join('\n') }, env); // prettier-ignore
      // Smoke tests: the workflow's checks (the version on the API paths, see the top).
      const smoke = await pipeline.step('verify-health', { urls: serviceUrl(), paths: '/health\n/api/products\n/', 'expected-version': commit, 'version-header': 'x-app-version', timeout: '2s', interval: '100ms', 'consecutive-successes': '2' }, env); // prettier-ignore
      const page =
        smoke.exitCode === 0
          ? await pipeline.step('verify-health', { urls: serviceUrl(), paths: '/', 'body-contains': '<h1>Shop</h1>', timeout: '2s', interval: '100ms' }, env) // prettier-ignore
          : undefined;
      if (page?.exitCode === 0) return { ok: true, built, smokeErrors: [] };
      const failedAt = Date.now();
      const previous = JSON.parse(deployed['previous-images']!) as Record<string, string>;
      await pipeline.ok('deploy-ecs', { ...FAST, mode: 'service', cluster: 'shop', service: 'shop-all-in-one', images: ['backend', 'frontend', 'nginx'].map((c) => `${c}=${previous[c]}`).join('\n') }, env); // prettier-ignore
      return { ok: false, built, rollbackMs: Date.now() - failedAt, smokeErrors: smoke.errors };
    }

    let first: Record<string, string>;

    it('builds three images into repositories with keep-last-10 and scan on push, and deploys them in one task', async () => {
      const run = await deployRun(sha(1));
      expect(run.ok).toBe(true);
      first = run.built;
      expect(await images()).toEqual(first);
      const repositories = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['shop/backend', 'shop/frontend', 'shop/nginx'] })); // prettier-ignore
      for (const repository of repositories.repositories!) {
        expect(repository.imageScanningConfiguration?.scanOnPush).toBe(true);
        const policy = await ecr.send(
          new GetLifecyclePolicyCommand({ repositoryName: repository.repositoryName! }),
        );
        expect(policy.lifecyclePolicyText).toContain('10');
      }
      // The SSM secret reference of the example's task definition is kept.
      const described = await ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['shop-all-in-one'] })); // prettier-ignore
      const definition = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: described.services![0]!.taskDefinition! })); // prettier-ignore
      expect(
        definition.taskDefinition!.containerDefinitions!.find((c) => c.name === 'backend')?.secrets,
      ).toEqual([
        {
          name: 'API_KEY',
          valueFrom: 'arn:aws:ssm:eu-central-1:123456789012:parameter/shop/production/api-key',
        },
      ]);
      // The nginx container runs: it answers with the APP_VERSION baked into its image.
      const health = await get(`${serviceUrl()}/health`);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', version: sha(1) });
      expect(health.headers['x-app-version']).toBe(sha(1));
      expect(JSON.parse((await get(`${serviceUrl()}/api/products`)).body)).toEqual(JSON.parse(PRODUCTS)); // prettier-ignore
      expect(stack.workloads.get('ecs:shop/shop-all-in-one')!.servingContainer).toBeDefined();
    }, 180_000);

    it('a second run of the same commit changes nothing', async () => {
      const mark = stack.requests.all().at(-1)?.seq ?? 0;
      const run = await deployRun(sha(1));
      expect(run).toMatchObject({ ok: true, built: first });
      expect((await get(`${serviceUrl()}/health`)).headers['x-app-version']).toBe(sha(1));
      expect(writesSince(stack, mark)).toEqual([]);
    }, 180_000);

    it('failed smoke checks roll all three containers back to the previous images', async () => {
      const run = await deployRun(sha(2), { staleVersion: true });
      expect(run.ok).toBe(false);
      expect(run.smokeErrors.join('\n')).toMatch(new RegExp(`"stale" answered, expected "${sha(2)}"`)); // prettier-ignore
      expect(run.built.nginx).not.toBe(first.nginx);
      expect(await images()).toEqual(first);
      // The rollback started the first nginx image again: its container answers.
      const health = await get(`${serviceUrl()}/health`);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', version: sha(1) });
      expect(health.headers['x-app-version']).toBe(sha(1));
      expect(run.rollbackMs!).toBeLessThan(5 * 60_000);
      console.log(
        `example 3: failed smoke checks -> three containers restored in ${seconds(run.rollbackMs!)}`,
      );
    }, 180_000);

    it('no registry password appears in any log, output or summary', () => {
      expect(pipeline.runs.length).toBeGreaterThan(12);
      expect(pipeline.leaks(stack.service<EcrService>('ecr').state.issuedPasswords())).toEqual([]);
    });
  },
);
