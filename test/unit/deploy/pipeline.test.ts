import { ConfigurationError } from '../../../src/core/errors';
import { InputReader } from '../../../src/core/inputs';
import { readInputs, type PartInputs, type PartName } from '../../../src/deploy/inputs';
import { PartFailedError, checkPartInputs, type RunPart } from '../../../src/deploy/parts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLACEHOLDER_IMAGE, plannedParts, runPipeline } from '../../../src/deploy/pipeline';

const NEW = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:${'b'.repeat(64)}`;
const OLD = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:${'a'.repeat(64)}`;

function config(values: Record<string, string>) {
  return readInputs(new InputReader((name) => values[name]));
}

const FULL = {
  repository: 'api',
  context: 'app/backend',
  service: 'api-service',
  port: '8080',
  'migrations-path': 'db/migrations',
  engine: 'postgres',
  'database-url': 'postgres://u:p@db/app',
  'expected-version': 'abc123',
  'version-json-path': '$.version',
  bucket: 'site',
  directory: 'web/dist',
  'distribution-id': 'E2QWRUHEXAMPLE',
  'site-url': 'https://site.example',
  'aws-region': 'eu-west-1',
};

interface Call {
  part: PartName;
  inputs: PartInputs;
}

/** A stand-in for the single actions: records calls, answers from a script. */
function fakeParts(answer: (call: Call, index: number) => Record<string, string> | Error) {
  const calls: Call[] = [];
  const runPart: RunPart = (part, inputs) => {
    const call = { part, inputs };
    calls.push(call);
    const result = answer(call, calls.length - 1);
    if (result instanceof Error) return Promise.reject(new PartFailedError(part, result, {}));
    return Promise.resolve(result);
  };
  return { calls, runPart };
}

const normal = ({ part, inputs }: Call): Record<string, string> | Error => {
  switch (part) {
    case 'build-push-ecr':
      return { image: NEW };
    case 'deploy-apprunner':
      return {
        status: 'updated',
        'service-url': 'https://api.example',
        image: inputs.image ?? '',
        'previous-image': OLD,
      };
    case 'sync-spa-s3':
      return inputs['restore-release'] === 'previous'
        ? { status: 'restored', 'release-id': 'r1', 'changed-paths': '/index.html' }
        : {
            status: 'synced',
            'release-id': 'r2',
            'changed-paths': '/index.html\n/assets/app-2.js',
          };
    default:
      return { status: 'ok' };
  }
};

const signal = new AbortController().signal;

describe('root action pipeline', () => {
  it('runs build -> migrate -> deploy -> verify, then publish -> invalidate -> verify', async () => {
    const parts = fakeParts(normal);
    const outcome = await runPipeline(config(FULL), { runPart: parts.runPart, signal });
    expect(parts.calls.map((c) => c.part)).toEqual([
      'build-push-ecr',
      'run-migrations',
      'deploy-apprunner',
      'verify-health',
      'sync-spa-s3',
      'invalidate-cdn',
      'verify-health',
    ]);
    expect(parts.calls[2]!.inputs).toMatchObject({
      service: 'api-service',
      image: NEW,
      port: '8080',
      'aws-region': 'eu-west-1',
    });
    expect(parts.calls[3]!.inputs).toMatchObject({
      urls: 'https://api.example',
      paths: '/health',
      'expected-version': 'abc123',
    });
    expect(parts.calls[5]!.inputs).toMatchObject({
      'distribution-id': 'E2QWRUHEXAMPLE',
      'changed-paths': '/index.html\n/assets/app-2.js',
    });
    expect(outcome).toMatchObject({
      status: 'deployed',
      image: NEW,
      releaseId: 'r2',
      rollbacks: [],
    });
  });

  it('a failed backend check redeploys the previous image and checks it (not the new version)', async () => {
    const parts = fakeParts((call, index) =>
      call.part === 'verify-health' && index === 3
        ? new Error('version abc123 never answered')
        : normal(call),
    );
    const outcome = await runPipeline(config(FULL), { runPart: parts.runPart, signal });
    expect(parts.calls.map((c) => c.part)).toEqual([
      'build-push-ecr',
      'run-migrations',
      'deploy-apprunner',
      'verify-health',
      'deploy-apprunner',
      'verify-health',
    ]);
    expect(parts.calls[4]!.inputs.image).toBe(OLD);
    expect(parts.calls[5]!.inputs).not.toHaveProperty('expected-version');
    expect(parts.calls[5]!.inputs).not.toHaveProperty('version-json-path');
    expect(outcome.status).toBe('rolled-back');
    expect(outcome.rollbacks).toEqual([
      expect.objectContaining({ part: 'backend', from: NEW, to: OLD, ok: true }),
    ]);
    expect(outcome.failure).toContain('never answered');
  });

  it('a failed site check restores the previous release and rolls the backend back too', async () => {
    const parts = fakeParts((call, index) =>
      call.part === 'verify-health' && index === 6 ? new Error('site answered 503') : normal(call),
    );
    const outcome = await runPipeline(config(FULL), { runPart: parts.runPart, signal });
    expect(
      parts.calls
        .slice(7)
        .map((c) => [
          c.part,
          c.inputs.image ?? c.inputs['restore-release'] ?? c.inputs['changed-paths'] ?? '',
        ]),
    ).toEqual([
      ['deploy-apprunner', OLD],
      ['verify-health', ''],
      ['sync-spa-s3', 'previous'],
      ['invalidate-cdn', '/index.html'],
    ]);
    expect(outcome.rollbacks.map((r) => [r.part, r.from, r.to, r.ok])).toEqual([
      ['backend', NEW, OLD, true],
      ['frontend', 'r2', 'r1', true],
    ]);
  });

  it('auto-rollback false leaves the failed release in place', async () => {
    const parts = fakeParts((call, index) => (index === 3 ? new Error('unhealthy') : normal(call)));
    const outcome = await runPipeline(config({ ...FULL, 'auto-rollback': 'false' }), {
      runPart: parts.runPart,
      signal,
    });
    expect(parts.calls).toHaveLength(4);
    expect(outcome).toMatchObject({ status: 'failed', rollbacks: [] });
  });

  it('a deploy that fails on its own (AWS rolled it back) fails without touching the site', async () => {
    const parts = fakeParts((call) =>
      call.part === 'deploy-apprunner' ? new Error('rolled back by App Runner') : normal(call),
    );
    const outcome = await runPipeline(config(FULL), { runPart: parts.runPart, signal });
    expect(parts.calls.map((c) => c.part)).toEqual([
      'build-push-ecr',
      'run-migrations',
      'deploy-apprunner',
    ]);
    expect(outcome).toMatchObject({
      status: 'failed',
      failure: 'deploy-apprunner: rolled back by App Runner',
      rollbacks: [],
    });
  });

  it('reports unchanged when nothing changed, and skips an empty invalidation', async () => {
    const parts = fakeParts((call) =>
      call.part === 'deploy-apprunner'
        ? { status: 'unchanged', 'service-url': 'https://api.example', 'previous-image': NEW }
        : call.part === 'sync-spa-s3'
          ? { status: 'unchanged', 'release-id': 'r2', 'changed-paths': '' }
          : normal(call),
    );
    const outcome = await runPipeline(config(FULL), { runPart: parts.runPart, signal });
    expect(parts.calls.map((c) => c.part)).not.toContain('invalidate-cdn');
    expect(outcome.status).toBe('unchanged');
  });
});

describe('root action inputs', () => {
  it("passes every part's own input checks, with placeholders for values known later", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'root-inputs-'));
    const sha = process.env.GITHUB_SHA;
    process.env.GITHUB_SHA = 'a'.repeat(40);
    try {
      mkdirSync(path.join(dir, 'db'));
      writeFileSync(path.join(dir, 'db', 'V1__init.sql'), 'SELECT 1;');
      writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch');
      mkdirSync(path.join(dir, 'web'));
      writeFileSync(path.join(dir, 'web', 'index.html'), '<!doctype html>');
      const planned = plannedParts(
        config({
          ...FULL,
          context: dir,
          'migrations-path': path.join(dir, 'db'),
          directory: path.join(dir, 'web'),
        }),
      );
      expect(planned).toHaveLength(7);
      for (const [part, inputs] of planned) await checkPartInputs(part, inputs);
    } finally {
      if (sha === undefined) delete process.env.GITHUB_SHA;
      else process.env.GITHUB_SHA = sha;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a part's own input error before anything runs", async () => {
    const planned = plannedParts(config({ ...FULL, memory: '3 GB', cpu: '0.25' }));
    const deploy = planned.find(([part]) => part === 'deploy-apprunner')!;
    await expect(checkPartInputs(deploy[0], deploy[1])).rejects.toThrow(/memory/);
  });

  it('splits the inputs into each part, with placeholders for values known later', () => {
    const planned = plannedParts(
      config({
        ...FULL,
        platform: 'ecs',
        'ecs-mode': 'express',
        'min-instances': '2',
        environment: 'A=1',
      }),
    );
    const ecs = planned.find(([part]) => part === 'deploy-ecs')?.[1];
    expect(ecs).toMatchObject({
      mode: 'express',
      service: 'api-service',
      'min-tasks': '2',
      environment: 'A=1',
      image: PLACEHOLDER_IMAGE,
    });
    expect(planned.map(([part]) => part)).toEqual([
      'build-push-ecr',
      'run-migrations',
      'deploy-ecs',
      'verify-health',
      'sync-spa-s3',
      'invalidate-cdn',
      'verify-health',
    ]);
  });

  it('passes a classic service its deployment strategy, checked by deploy-ecs before anything runs', async () => {
    // A classic service's port is in its task definition: the root action refuses `port` there.
    const { port: _expressOnly, ...classic } = FULL;
    const values = {
      ...classic,
      platform: 'ecs',
      'ecs-mode': 'service',
      container: 'api',
      'service-url': 'https://api.example.com',
      'deployment-strategy': 'CANARY',
      'canary-percent': '10',
      alarms: 'api-5xx',
    };
    const ecs = plannedParts(config(values)).find(([part]) => part === 'deploy-ecs');
    expect(ecs?.[1]).toMatchObject({
      mode: 'service',
      'deployment-strategy': 'CANARY',
      'canary-percent': '10',
      alarms: 'api-5xx',
    });
    const wrong = plannedParts(config({ ...values, 'linear-step-percent': '20' })).find(
      ([part]) => part === 'deploy-ecs',
    );
    await expect(checkPartInputs(wrong![0], wrong![1])).rejects.toThrow(
      /Input 'linear-step-percent': applies to deployment-strategy LINEAR/,
    );
  });

  it.each([
    [{ platform: 'lambda' }, 'platform'],
    [{ repository: '' }, 'repository'],
    [{ service: '' }, 'service'],
    [{ platform: 'ecs', 'ecs-mode': 'service' }, 'container'],
    [{ platform: 'ecs', 'ecs-mode': 'service', container: 'api' }, 'service-url'],
    [
      { platform: 'ecs', 'ecs-mode': 'express', 'deployment-strategy': 'CANARY' },
      'deployment-strategy',
    ],
    [{ platform: 'none', bucket: '', 'distribution-id': '', 'site-url': '' }, 'platform'],
    [{ bucket: '', 'distribution-id': '', 'site-url': 'https://x' }, 'site-url'],
    [{ 'auto-rollback': 'ture' }, 'auto-rollback'],
  ])('refuses %j naming %s', (values, input) => {
    let caught: unknown;
    try {
      config({ ...FULL, ...values });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as ConfigurationError).input).toBe(input);
  });
});
