import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EcrService } from '../../local-aws/services/ecr';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import {
  containerEngineSupport,
  startContainerEngine,
  type ContainerEngine,
} from '../support/container-engine';
import { findLeaks, repoRoot, runDist } from '../support/run-dist';

// The buildx path, on a machine without the buildx plugin: a stand-in `docker` on PATH answers
// `buildx version` and turns `buildx build --push` into a real build and real pushes (see
// test/fixtures/images/buildx-shim/docker), so what is checked end to end is the action's side:
// detection, the command it runs, secrets through the environment, and the digest it reads from
// the buildx metadata file, against the real registry.
const support = containerEngineSupport();

(support.ok ? describe : describe.skip)('build-push-ecr with buildx (compiled)', () => {
  let stack: LocalAws;
  let engine: ContainerEngine;
  let work: string;

  beforeAll(async () => {
    [stack, engine] = await Promise.all([startLocalAws({ only: ['ecr'] }), startContainerEngine()]);
    await engine.buildBaseImage();
    work = mkdtempSync(path.join(os.tmpdir(), 'buildx-shim-'));
  }, 90_000);
  afterAll(async () => {
    await Promise.all([stack?.stop(), engine?.stop()]);
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('builds and pushes with one buildx command, secrets in the environment only', async () => {
    const realDocker = execFileSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).trim();
    const log = path.join(work, 'buildx.log');
    const shimDir = path.join(repoRoot, 'test/fixtures/images/buildx-shim');
    const secret = 'npm-token-value-0c1d2e3f';
    const run = await runDist('build-push-ecr', {
      inputs: {
        repository: 'app/bx',
        'create-repository': 'true',
        context: 'test/fixtures/images/hello',
        tags: 'edge',
        platforms: 'linux/amd64,linux/arm64',
        'build-args': 'VERSION=bx',
        'build-secrets': `npm=${secret}`,
        'cache-from': 'type=gha',
        'cache-to': 'type=gha,mode=max',
      },
      env: {
        ...stack.env,
        ...engine.env,
        PATH: `${shimDir}:${process.env.PATH ?? ''}`,
        SHIM_REAL_DOCKER: realDocker,
        SHIM_LOG: log,
      },
      timeoutMs: 90_000,
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const [call, ...more] = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { args: string[]; secrets: { spec: string; received: boolean }[] },
      );
    expect(more).toEqual([]);
    expect(call?.args.slice(0, 3)).toEqual(['buildx', 'build', '--push']);
    expect(call?.args).toEqual(
      expect.arrayContaining([
        '--platform',
        'linux/amd64,linux/arm64',
        '--cache-from',
        'type=gha',
        '--cache-to',
        'type=gha,mode=max',
        '--provenance=false',
        '--sbom=false',
      ]),
    );
    expect(call?.secrets).toEqual([{ spec: 'id=npm,env=BUILD_SECRET_NPM', received: true }]);
    expect(JSON.stringify(call?.args)).not.toContain(secret);
    expect(findLeaks(run, [secret])).toEqual([]);
    expect(run.log).not.toMatch(/\[command\]\S*docker push/);

    const upstream = stack.service<EcrService>('ecr').upstreamUrl ?? '';
    const head = await fetch(`${upstream}/v2/app/bx/manifests/edge`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    const digest = head.headers.get('docker-content-digest');
    expect(digest).toMatch(/^sha256:/);
    expect(run.outputs.digest).toBe(digest);
    expect(run.summary).toContain('buildx');
    expect(run.warnings).toEqual([]);
  }, 90_000);
});
