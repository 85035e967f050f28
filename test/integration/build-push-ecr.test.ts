import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  BatchGetImageCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  PutImageCommand,
} from '@aws-sdk/client-ecr';
import type { EcrService } from '../../local-aws/services/ecr';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import {
  containerEngineSupport,
  startContainerEngine,
  type ContainerEngine,
} from '../support/container-engine';
import { findLeaks, nodeRuntimes, runDist, type DistRun } from '../support/run-dist';

const support = containerEngineSupport();
if (!support.ok) console.warn(`build-push-ecr integration tests skipped: ${support.reason}`);

const HELLO = 'test/fixtures/images/hello';
const sha = (n: number): string => n.toString(16).padStart(40, 'a');

(support.ok ? describe : describe.skip)(
  'build-push-ecr (compiled) against podman and the local ECR',
  () => {
    let stack: LocalAws;
    let engine: ContainerEngine;
    let ecr: ECRClient;
    let registry: string;
    let upstream: string;

    beforeAll(async () => {
      [stack, engine] = await Promise.all([
        startLocalAws({ only: ['ecr', 'ecr-public'] }),
        startContainerEngine(),
      ]);
      await engine.buildBaseImage();
      ecr = new ECRClient({
        region: stack.region,
        endpoint: stack.endpoint,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      const service = stack.service<EcrService>('ecr');
      registry = service.registryHost ?? '';
      upstream = service.upstreamUrl ?? '';
    }, 90_000);
    afterAll(async () => {
      await Promise.all([stack?.stop(), engine?.stop()]);
    });

    /** Runs the action; returns the run and the API and registry requests it caused. */
    async function action(
      inputs: Record<string, string>,
      options: { sha?: string; node?: string } = {},
    ): Promise<{ run: DistRun; api: string[]; registryOps: string[] }> {
      const before = stack.requests.all().length;
      const run = await runDist('build-push-ecr', {
        inputs,
        env: { ...stack.env, ...engine.env, GITHUB_SHA: options.sha ?? sha(1) },
        ...(options.node === undefined ? {} : { node: options.node }),
        timeoutMs: 90_000,
      });
      const made = stack.requests.all().slice(before);
      return {
        run,
        api: made.filter((r) => r.service === 'ecr').map((r) => r.operation),
        registryOps: made.filter((r) => r.service === 'ecr-registry').map((r) => r.operation),
      };
    }

    /** The digest the registry itself holds for a tag (no auth, straight to docker-registry). */
    async function registryDigest(repository: string, tag: string): Promise<string | null> {
      const res = await fetch(`${upstream}/v2/${repository}/manifests/${tag}`, {
        method: 'HEAD',
        headers: {
          accept:
            'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json',
        },
      });
      return res.ok ? res.headers.get('docker-content-digest') : null;
    }

    async function registryTags(repository: string): Promise<string[]> {
      const res = await fetch(`${upstream}/v2/${repository}/tags/list`);
      return res.ok ? (((await res.json()) as { tags: string[] | null }).tags ?? []).sort() : [];
    }

    function passwordsLeaked(run: DistRun): string[] {
      return findLeaks(run, stack.service<EcrService>('ecr').state.issuedPasswords());
    }

    describe.each(nodeRuntimes())('on $label', ({ label, path: node }) => {
      const repository = `app/web-${label.startsWith('node24') ? 'n24' : 'machine'}`;

      it('builds with the legacy builder (no buildx here), pushes, and outputs the registry digest', async () => {
        const started = Date.now();
        const { run, api, registryOps } = await action(
          {
            repository,
            'create-repository': 'true',
            'image-tag-mutability': 'MUTABLE',
            'scan-on-push': 'true',
            'keep-images': '5',
            context: HELLO,
            'build-args': 'VERSION=1',
            tags: 'main, latest',
          },
          { node },
        );
        const elapsed = Date.now() - started;
        expect(run.errors).toEqual([]);
        expect(run.exitCode).toBe(0);
        const digest = await registryDigest(repository, sha(1));
        expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
        expect(run.outputs).toMatchObject({
          image: `${registry}/${repository}@${digest}`,
          digest,
          tags: `${sha(1)},main,latest`,
          registry,
          'repository-uri': `${registry}/${repository}`,
          skipped: 'false',
        });
        expect(await registryTags(repository)).toEqual([sha(1), 'latest', 'main'].sort());
        expect(api).toEqual([
          'DescribeRepositories',
          'CreateRepository',
          'GetLifecyclePolicy',
          'PutLifecyclePolicy',
          'DescribeImages',
          'GetAuthorizationToken',
          'DescribeImages',
        ]);
        expect(registryOps).toContain('PutManifest');
        // Fallback: buildx was probed, then docker build + docker push ran.
        expect(run.log).toContain(
          'docker buildx is not installed: building with docker build, then docker push',
        );
        expect(run.log).toMatch(/\[command\]\S*docker build --file/);
        expect(run.log).toMatch(/\[command\]\S*docker push /);
        expect(run.log).toMatch(/docker login --username AWS --password-stdin localhost:\d+/);
        expect(run.summary).toContain(digest);
        expect(run.summary).toContain('Build time');
        expect(run.summary).toContain('legacy');
        expect(passwordsLeaked(run)).toEqual([]);
        // Logged out afterwards: no credentials left in the docker config.
        const config = JSON.parse(
          readFileSync(path.join(engine.env.DOCKER_CONFIG ?? '', 'config.json'), 'utf8'),
        ) as {
          auths?: Record<string, unknown>;
        };
        expect(Object.keys(config.auths ?? {})).not.toContain(registry);
        const repo = await ecr.send(
          new DescribeRepositoriesCommand({ repositoryNames: [repository] }),
        );
        expect(repo.repositories?.[0]).toMatchObject({
          imageTagMutability: 'MUTABLE',
          imageScanningConfiguration: { scanOnPush: true },
        });
        const policy = await ecr.send(
          new GetLifecyclePolicyCommand({ repositoryName: repository }),
        );
        expect(JSON.parse(policy.lifecyclePolicyText ?? '{}')).toMatchObject({
          rules: [{ selection: { countType: 'imageCountMoreThan', countNumber: 5 } }],
        });
        console.log(
          `build-push-ecr first build on ${label}: ${elapsed} ms (${run.summary.match(/Build time<\/td><td>([^<]+)/)?.[1]} build, ${run.summary.match(/Push time<\/td><td>([^<]+)/)?.[1]} push)`,
        );
      }, 90_000);

      it('skips the build on a re-run, with two API calls and no registry call', async () => {
        const first = await registryDigest(repository, sha(1));
        const { run, api, registryOps } = await action(
          { repository, context: HELLO, tags: 'main, latest' },
          { node },
        );
        expect(run.exitCode).toBe(0);
        expect(run.outputs).toMatchObject({
          skipped: 'true',
          digest: first,
          image: `${registry}/${repository}@${first}`,
        });
        expect(api).toEqual(['DescribeRepositories', 'DescribeImages']);
        expect(registryOps).toEqual([]);
        expect(run.log).not.toMatch(/\[command\]\S*docker (build|push|login)/);
        expect(run.summary).toContain('build skipped');
        // Re-running with create-repository applies nothing new: settings already match.
        const again = await action(
          {
            repository,
            'create-repository': 'true',
            'image-tag-mutability': 'MUTABLE',
            'scan-on-push': 'true',
            'keep-images': '5',
            context: HELLO,
          },
          { node },
        );
        expect(again.run.outputs.skipped).toBe('true');
        expect(again.api).toEqual(['DescribeRepositories', 'GetLifecyclePolicy', 'DescribeImages']);
      }, 60_000);

      it.each([
        ['tags', { tags: 'bad tag!' }, /Input 'tags': "bad tag!" is not a valid image tag/],
        [
          'platforms',
          { platforms: 'linux/amd64, windoze/x86' },
          /Input 'platforms': "windoze\/x86" is not a platform/,
        ],
        ['dockerfile', { context: 'test/fixtures/images' }, /Input 'dockerfile': no Dockerfile at/],
        [
          'repository',
          { repository: 'Not_Valid' },
          /Input 'repository': "Not_Valid" is not a valid ECR repository name/,
        ],
      ])('fails on a bad %s before any AWS call', async (_name, bad, message) => {
        const { run, api, registryOps } = await action(
          { repository: 'app/bad', context: HELLO, 'create-repository': 'true', ...bad },
          { node },
        );
        expect(run.exitCode).toBe(1);
        expect(run.errors.join('\n')).toMatch(message);
        expect(api).toEqual([]);
        expect(registryOps).toEqual([]);
      });
    });

    it('fails on an unknown repository without create-repository, before anything is pushed', async () => {
      const { run, api, registryOps } = await action({ repository: 'app/unknown', context: HELLO });
      expect(run.exitCode).toBe(1);
      expect(run.errors.join('\n')).toMatch(
        /Input 'repository': ECR repository "app\/unknown" does not exist .*create-repository: true/,
      );
      expect(api).toEqual(['DescribeRepositories']);
      expect(registryOps).toEqual([]);
    });

    it('refuses several platforms without buildx, naming the input, before any AWS call', async () => {
      const { run, api } = await action({
        repository: 'app/web-n24',
        context: HELLO,
        platforms: 'linux/amd64,linux/arm64',
      });
      expect(run.exitCode).toBe(1);
      expect(run.errors.join('\n')).toMatch(
        /Input 'platforms': building for several platforms needs docker buildx/,
      );
      expect(api).toEqual([]);
    });

    it('builds and pushes to ECR Public, then skips on a re-run', async () => {
      const first = await action(
        {
          repository: 'tools',
          'registry-type': 'public',
          'create-repository': 'true',
          context: 'test/fixtures/images/scratch',
        },
        { sha: sha(40) },
      );
      expect(first.run.errors).toEqual([]);
      const digest = await registryDigest('local/tools', sha(40));
      expect(first.run.outputs).toMatchObject({
        digest,
        image: `${registry}/local/tools@${digest}`,
        registry,
        skipped: 'false',
      });
      expect(first.api).toEqual([]);
      expect(stack.requests.operations('ecr-public')).toEqual(
        expect.arrayContaining([
          'DescribeRepositories',
          'CreateRepository',
          'GetAuthorizationToken',
          'DescribeImages',
        ]),
      );
      expect(passwordsLeaked(first.run)).toEqual([]);
      const again = await action(
        { repository: 'tools', 'registry-type': 'public', context: 'test/fixtures/images/scratch' },
        { sha: sha(40) },
      );
      expect(again.run.outputs).toMatchObject({ skipped: 'true', digest });
      expect(again.registryOps).toEqual([]);
    }, 60_000);

    it('keeps several images apart in one repository with tag-prefix', async () => {
      const common = { repository: 'app/multi', 'create-repository': 'true' };
      const frontend = await action(
        { ...common, 'tag-prefix': 'frontend-', context: 'test/fixtures/images/scratch' },
        { sha: sha(30) },
      );
      const backend = await action(
        { ...common, 'tag-prefix': 'backend-', context: HELLO },
        { sha: sha(30) },
      );
      expect(frontend.run.errors).toEqual([]);
      expect(backend.run.errors).toEqual([]);
      expect(backend.run.outputs.skipped).toBe('false');
      expect(frontend.run.outputs.digest).toBe(
        await registryDigest('app/multi', `frontend-${sha(30)}`),
      );
      expect(backend.run.outputs.digest).toBe(
        await registryDigest('app/multi', `backend-${sha(30)}`),
      );
      expect(frontend.run.outputs.digest).not.toBe(backend.run.outputs.digest);
      const again = await action(
        { ...common, 'tag-prefix': 'frontend-', context: 'test/fixtures/images/scratch' },
        { sha: sha(30) },
      );
      expect(again.run.outputs).toMatchObject({
        skipped: 'true',
        digest: frontend.run.outputs.digest,
      });
    }, 60_000);

    it('promotes and rolls back by retagging through the API, without docker', async () => {
      const source = await registryDigest('app/web-n24', sha(1));
      const { run, api, registryOps } = await action({
        repository: 'app/web-n24',
        'source-tag': sha(1),
        tags: 'prod-7, rollback',
      });
      expect(run.errors).toEqual([]);
      expect(run.outputs).toMatchObject({
        digest: source,
        image: `${registry}/app/web-n24@${source}`,
        tags: 'prod-7,rollback',
        skipped: 'false',
      });
      expect(await registryDigest('app/web-n24', 'prod-7')).toBe(source);
      expect(await registryDigest('app/web-n24', 'rollback')).toBe(source);
      expect(api).toEqual([
        'DescribeRepositories',
        'BatchGetImage',
        'PutImage',
        'PutImage',
        'DescribeImages',
      ]);
      expect(registryOps).toEqual([]);
      expect(run.log).not.toMatch(/\[command\]/);
      // Promoting again is a no-op (ImageAlreadyExistsException means done).
      const again = await action({
        repository: 'app/web-n24',
        'source-digest': source ?? '',
        tags: 'prod-7',
      });
      expect(again.run.exitCode).toBe(0);
      expect(again.run.log).toContain('already is');
      // A missing source fails clearly.
      const missing = await action({
        repository: 'app/web-n24',
        'source-tag': 'nope',
        tags: 'prod-8',
      });
      expect(missing.run.exitCode).toBe(1);
      expect(missing.run.errors.join('\n')).toMatch(/source image nope is not in/);
    }, 60_000);

    describe('an immutable repository', () => {
      const repository = 'app/locked';

      it('builds into it, then refuses to move an immutable tag before building', async () => {
        const first = await action(
          {
            repository,
            'create-repository': 'true',
            'image-tag-mutability': 'IMMUTABLE',
            context: HELLO,
            tags: 'release',
          },
          { sha: sha(10) },
        );
        expect(first.run.errors).toEqual([]);
        const digest = await registryDigest(repository, 'release');
        expect(first.run.outputs.digest).toBe(digest);

        const second = await action(
          { repository, context: HELLO, tags: 'release', 'build-args': 'VERSION=2' },
          { sha: sha(11) },
        );
        expect(second.run.exitCode).toBe(1);
        expect(second.run.errors.join('\n')).toMatch(
          /tag "release" already names sha256:[a-f0-9]{64} in the immutable repository "app\/locked"; immutable tags cannot be moved/,
        );
        expect(second.registryOps).toEqual([]);
        expect(second.run.log).not.toMatch(/\[command\]\S*docker build/);
        expect(await registryDigest(repository, 'release')).toBe(digest);
      }, 60_000);

      it('reports the registry refusing a push that would move an immutable tag', async () => {
        const { run } = await action(
          { repository, context: HELLO, 'skip-existing': 'false', 'build-args': 'VERSION=3' },
          { sha: sha(10) },
        );
        expect(run.exitCode).toBe(1);
        expect(run.errors.join('\n')).toMatch(
          /refused the push.*immutable repository "app\/locked"; immutable tags cannot be moved/,
        );
        expect(await registryTags(repository)).toEqual([sha(10), 'release'].sort());
      }, 60_000);

      it('refuses to promote onto an immutable tag that names another image', async () => {
        const { run } = await action({
          repository: 'app/locked',
          'source-tag': sha(10),
          tags: 'release',
        });
        expect(run.exitCode).toBe(0);
        expect(run.log).toContain('already is');
        // Another image in the repository (same layers, one more manifest field: a new digest).
        const got = await ecr.send(
          new BatchGetImageCommand({
            repositoryName: repository,
            imageIds: [{ imageTag: 'release' }],
          }),
        );
        const manifest = JSON.parse(got.images?.[0]?.imageManifest ?? '{}') as Record<
          string,
          unknown
        >;
        await ecr.send(
          new PutImageCommand({
            repositoryName: repository,
            imageManifest: JSON.stringify({ ...manifest, annotations: { variant: 'other' } }),
            imageTag: 'other',
          }),
        );
        const conflict = await action({ repository, 'source-tag': 'other', tags: 'release' });
        expect(conflict.run.exitCode).toBe(1);
        expect(conflict.run.errors.join('\n')).toMatch(
          /tag "release" already names a different image in the immutable repository/,
        );
      }, 60_000);
    });

    it('retries injected ECR API throttling and registry failures, and still outputs the registry digest', async () => {
      stack.injectFault({
        service: 'ecr',
        operation: 'DescribeImages',
        kind: 'throttle',
        times: 2,
      });
      stack.injectFault({
        service: 'ecr',
        operation: 'GetAuthorizationToken',
        kind: 'error',
        status: 500,
        times: 1,
      });
      stack.injectFault({
        service: 'ecr-registry',
        operation: 'PutManifest',
        kind: 'error',
        status: 503,
        times: 1,
      });
      const { run, api } = await action(
        {
          repository: 'app/faulty',
          'create-repository': 'true',
          context: HELLO,
          'build-args': 'VERSION=5',
        },
        { sha: sha(20) },
      );
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.outputs.digest).toBe(await registryDigest('app/faulty', sha(20)));
      expect(api.filter((op) => op === 'GetAuthorizationToken')).toHaveLength(2);
      expect(run.warnings.join('\n')).toMatch(/docker push .* failed \(attempt 1\), retrying/);
      const faults = stack.requests
        .filter('ecr-registry', 'PutManifest')
        .map((r) => r.fault ?? 'none');
      expect(faults).toContain('error');
    }, 90_000);

    it('gives up after push-attempts when the registry keeps failing', async () => {
      // A registry that keeps answering 503 (more times than any client retries on its own).
      stack.injectFault({
        service: 'ecr-registry',
        operation: 'PutManifest',
        kind: 'error',
        status: 503,
        times: 50,
      });
      const { run, registryOps } = await action(
        {
          repository: 'app/faulty',
          'create-repository': 'true',
          context: HELLO,
          'build-args': 'VERSION=6',
          'push-attempts': '2',
        },
        { sha: sha(21) },
      );
      stack.faults.clear();
      expect(run.exitCode).toBe(1);
      expect(run.warnings.join('\n')).toMatch(/failed \(attempt 1\), retrying/);
      expect(registryOps.filter((op) => op === 'PutManifest').length).toBeGreaterThanOrEqual(2);
      expect(run.errors.join('\n')).toMatch(/docker push .* failed after 2 attempts/);
      expect(await registryDigest('app/faulty', sha(21))).toBeNull();
    }, 90_000);
  },
);
