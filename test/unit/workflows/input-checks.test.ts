import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asMap, jobsOf, stepsOf, workflowFiles, type Yaml } from './workflow-files';

// The first job of deploy.yml and of rollback.yml checks every input before anything changes.
// These tests run those exact scripts (read from the workflow files) with bash, the runner's
// shell, the way the runner does: inputs arrive as environment variables, outputs go to
// GITHUB_OUTPUT, errors are ::error:: lines.

function stepScript(workflow: string, jobId: string, stepId: string): { run: string; env: Yaml } {
  const file = workflowFiles().find(
    (candidate) => candidate.rel === `.github/workflows/${workflow}`,
  );
  if (file === undefined) throw new Error(`${workflow} is missing`);
  const job = jobsOf(file.doc).find(([id]) => id === jobId)?.[1];
  const step = stepsOf(job ?? {}).find((candidate) => candidate.id === stepId);
  if (step === undefined || typeof step.run !== 'string')
    throw new Error(`${jobId}.${stepId} has no run`);
  return { run: step.run, env: asMap(step.env) };
}

interface ScriptRun {
  status: number | null;
  errors: string[];
  outputs: Record<string, string>;
  stdout: string;
}

function runScript(script: string, env: Record<string, string>): ScriptRun {
  const work = mkdtempSync(path.join(os.tmpdir(), 'wf-step-'));
  const output = path.join(work, 'output');
  writeFileSync(output, '');
  try {
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GITHUB_OUTPUT: output, ...env },
      encoding: 'utf8',
    });
    const outputs: Record<string, string> = {};
    for (const line of readFileSync(output, 'utf8').split('\n')) {
      const at = line.indexOf('=');
      if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
    }
    return {
      status: result.status,
      stdout: result.stdout,
      outputs,
      errors: result.stdout
        .split('\n')
        .filter((line) => line.startsWith('::error'))
        .map((line) => line.replace(/^::error[^:]*::/, '')),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The step's env block, filled with values as if from `inputs` (every key set, '' by default). */
function envFor(step: { env: Yaml }, values: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of Object.keys(step.env)) env[key] = values[key] ?? '';
  for (const key of Object.keys(values)) {
    if (!(key in env)) throw new Error(`${key} is not in the step's env block`);
  }
  return env;
}

const ROLE = 'arn:aws:iam::123456789012:role/deploy';
const DIGEST = `sha256:${'a1'.repeat(32)}`;

describe('rollback.yml: the request is checked before any change', () => {
  const step = stepScript('rollback.yml', 'validate', 'check');
  const base = {
    ENVIRONMENT: 'production',
    TARGET: 'previous',
    AWS_REGION_INPUT: 'eu-west-1',
    ROLE_TO_ASSUME: ROLE,
    PLATFORM: 'apprunner',
    SERVICE: 'api',
    ECR_REPOSITORY: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api',
    BUCKET: 'site-bucket',
    DISTRIBUTION_ID: 'E2EXAMPLE',
  };
  const run = (values: Record<string, string>): ScriptRun =>
    runScript(step.run, envFor(step, { ...base, ...values }));

  it('previous rolls back every configured part', () => {
    const result = run({});
    expect(result.status).toBe(0);
    expect(result.outputs).toMatchObject({
      backend: 'true',
      frontend: 'true',
      image: `${base.ECR_REPOSITORY}:production-previous`,
      release: 'previous',
    });
  });

  it('a bare digest is the backend only, in the named repository', () => {
    const result = run({ TARGET: DIGEST });
    expect(result.status).toBe(0);
    expect(result.outputs).toMatchObject({
      backend: 'true',
      frontend: 'false',
      image: `${base.ECR_REPOSITORY}@${DIGEST}`,
    });
  });

  it('an image reference (digest or tag) is the backend only', () => {
    for (const image of [
      `${base.ECR_REPOSITORY}@${DIGEST}`,
      `${base.ECR_REPOSITORY}:production-previous`,
    ]) {
      const result = run({ TARGET: image });
      expect([result.status, result.outputs.image, result.outputs.frontend]).toEqual([
        0,
        image,
        'false',
      ]);
    }
  });

  it('previous with only a bucket restores the site and touches no image', () => {
    const result = run({ SERVICE: '', ECR_REPOSITORY: '' });
    expect(result.status).toBe(0);
    expect(result.outputs).toMatchObject({
      backend: 'false',
      frontend: 'true',
      image: '',
      release: 'previous',
    });
  });

  it('a release id is the frontend only', () => {
    const result = run({ TARGET: '20261121T234500Z-0a1b2c3' });
    expect(result.status).toBe(0);
    expect(result.outputs).toMatchObject({
      backend: 'false',
      frontend: 'true',
      release: '20261121T234500Z-0a1b2c3',
    });
  });

  it('splits CLUSTER/SERVICE on ECS', () => {
    const result = run({ PLATFORM: 'ecs', SERVICE: 'prod-cluster/web' });
    expect(result.outputs).toMatchObject({ cluster: 'prod-cluster', service: 'web' });
  });

  it.each([
    [{ TARGET: 'sha256:abc' }, 'target'],
    [{ TARGET: 'previous; rm -rf /' }, 'target'],
    [{ TARGET: '$(touch /tmp/pwned)' }, 'target'],
    [{ TARGET: DIGEST, ECR_REPOSITORY: '' }, 'ecr-repository'],
    [{ TARGET: DIGEST, ECR_REPOSITORY: 'api' }, 'ecr-repository'],
    [{ ECR_REPOSITORY: 'api' }, 'ecr-repository'],
    [{ ENVIRONMENT: 'prod env' }, 'environment'],
    [{ TARGET: DIGEST, SERVICE: '' }, 'service'],
    [{ TARGET: 'release-1', BUCKET: '' }, 'bucket'],
    [{ TARGET: 'release-1', DISTRIBUTION_ID: '' }, 'distribution-id'],
    [{ SERVICE: '', BUCKET: '' }, 'target'],
    [{ PLATFORM: 'ecs', SERVICE: 'web' }, 'service'],
    [{ PLATFORM: 'lambda' }, 'platform'],
    [{ AWS_REGION_INPUT: 'eu-west-1a' }, 'aws-region'],
    [{ ROLE_TO_ASSUME: 'deploy' }, 'role-to-assume'],
    [{ ENVIRONMENT: '' }, 'environment'],
  ])('refuses %j, naming %s, and writes no outputs', (values, input) => {
    const result = run(values);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::error title=rollback input ${input}::`);
    expect(result.stdout).toContain('rollback refused: nothing was changed');
    expect(result.outputs).toEqual({});
  });

  it('never evaluates the target as shell', () => {
    const marker = path.join(os.tmpdir(), `wf-pwned-${process.pid}`);
    run({ TARGET: `$(touch ${marker})` });
    run({ TARGET: `\`touch ${marker}\`` });
    expect(() => readFileSync(marker)).toThrow();
  });
});

describe('deploy.yml: inputs are checked before any change', () => {
  const step = stepScript('deploy.yml', 'plan', 'plan');
  const base = {
    ENVIRONMENT: 'staging',
    PLATFORM: 'apprunner',
    ECS_MODE: 'service',
    ECR_REPOSITORY: 'api',
    SERVICE: 'api',
    ROLE_TO_ASSUME: ROLE,
    DATABASE_ENGINE: 'postgres',
  };
  const run = (values: Record<string, string>): ScriptRun =>
    runScript(step.run, envFor(step, { ...base, ...values }));

  it('plans the parts that are configured', () => {
    expect(run({ PLATFORM: 'ecs', CONTAINER: 'api' }).outputs).toEqual({
      backend: 'true',
      migrations: 'false',
      frontend: 'false',
    });
    expect(run({}).outputs).toEqual({ backend: 'true', migrations: 'false', frontend: 'false' });
    expect(
      run({
        MIGRATIONS_PATH: 'db',
        FRONTEND_DIRECTORY: 'web',
        BUCKET: 'b',
        DISTRIBUTION_ID: 'E1',
      }).outputs,
    ).toEqual({ backend: 'true', migrations: 'true', frontend: 'true' });
    expect(
      run({ PLATFORM: 'none', FRONTEND_DIRECTORY: 'web', BUCKET: 'b', DISTRIBUTION_ID: 'E1' })
        .outputs,
    ).toEqual({ backend: 'false', migrations: 'false', frontend: 'true' });
  });

  it.each([
    [{ PLATFORM: 'beanstalk' }, 'platform'],
    [{ ECR_REPOSITORY: '' }, 'ecr-repository'],
    [{ SERVICE: '' }, 'service'],
    [{ MIGRATIONS_PATH: 'db', DATABASE_ENGINE: 'sqlite' }, 'database-engine'],
    [{ FRONTEND_DIRECTORY: 'web' }, 'bucket'],
    [{ PLATFORM: 'none' }, 'platform'],
    [{ PLATFORM: 'ecs', ECS_MODE: 'fargate' }, 'ecs-mode'],
    [{ PLATFORM: 'ecs', ECS_MODE: 'service' }, 'container'],
    [{ ENVIRONMENT: 'prod;rm' }, 'environment'],
    [{ ROLE_TO_ASSUME: 'not-an-arn' }, 'role-to-assume'],
  ])('refuses %j, naming %s', (values, input) => {
    const result = run(values);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::error title=deploy.yml input ${input}::`);
    expect(result.outputs).toEqual({});
  });

  it.each([
    ['container-port', 'port', { OLD_CONTAINER_PORT: '3000' }],
    [
      'runtime-secrets',
      'secrets',
      { OLD_RUNTIME_SECRETS: 'A=arn:aws:ssm:eu-west-1:1:parameter/a' },
    ],
    ['health-path', 'health-check-path', { OLD_HEALTH_PATH: '/ready' }],
    ['migrations-directory', 'migrations-path', { OLD_MIGRATIONS_DIRECTORY: 'db' }],
  ])('accepts the deprecated %s with a warning naming %s', (old, current, values) => {
    const result = run(values);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `::warning title=Deprecated input::Input '${old}' is deprecated and will be removed in the next major version: use '${current}' instead.`,
    );
  });

  it('refuses a deprecated name and its new name set to different values', () => {
    const result = run({ OLD_CONTAINER_PORT: '3000', NEW_PORT: '9000' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      "::error title=deploy.yml input port::is also set under its deprecated name 'container-port', to another value: set only 'port'",
    );
    expect(run({ OLD_CONTAINER_PORT: '3000', NEW_PORT: '3000' }).status).toBe(0);
    expect(run({ OLD_CONTAINER_PORT: '3000', NEW_PORT: '8080' }).status).toBe(0);
  });
});
