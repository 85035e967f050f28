import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parse } from 'yaml';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import type { CloudFrontService } from '../../local-aws/services/cloudfront';
import type { S3Service } from '../../local-aws/services/s3';
import type { LocalAws } from '../../local-aws/stack';
import { spaDistributionConfig } from '../local-aws/cloudfront-fixtures';
import { findLeaks, parseFileCommand, repoRoot, runDist, type DistRun } from '../support/run-dist';
import {
  standInContext,
  standInSpa,
  type SpaBuild,
  type StandInOptions,
} from './pipeline-stand-ins';
import { isLockRequest } from './sync-spa-s3-build';

export type { SpaBuild } from './pipeline-stand-ins';

// What the end-to-end pipeline tests share: stand-ins for what cannot run here (base images
// that cannot be pulled, `vite build` without the npm registry's packages), and a recorder that
// runs the compiled actions in order like a workflow job and keeps every run for the leak check.

export function exampleDir(name: string): string {
  return path.join(repoRoot, 'examples', name);
}

/** The example's backend folder as a stand-in build context (see pipeline-stand-ins.ts). */
export function standInBackend(
  example: string,
  backend: string,
  port: number,
  options: StandInOptions = {},
): string {
  return standInContext(path.join(exampleDir(example), backend), port, options);
}

/** The example's frontend built by the stand-in for `vite build`. */
export function standInSpaBuild(
  example: string,
  frontend: string,
  version: string,
  extra = '',
): SpaBuild {
  return standInSpa(path.join(exampleDir(example), frontend), version, extra);
}

/** Runs compiled actions one after another like the steps of a job; keeps every run. */
export class PipelineRecorder {
  readonly runs: { name: string; run: DistRun }[] = [];

  constructor(
    private readonly env: () => Record<string, string | undefined>,
    private readonly node?: string,
  ) {}

  async step(
    name: string,
    inputs: Record<string, string>,
    env: Record<string, string> = {},
  ): Promise<DistRun> {
    const run = await runDist(name, {
      inputs,
      env: { ...this.env(), ...env },
      timeoutMs: 120_000,
      ...(this.node === undefined ? {} : { node: this.node }),
    });
    this.runs.push({ name, run });
    return run;
  }

  /** A step that must succeed: fails the test with the step's errors otherwise. */
  async ok(
    name: string,
    inputs: Record<string, string>,
    env: Record<string, string> = {},
  ): Promise<Record<string, string>> {
    const run = await this.step(name, inputs, env);
    if (run.exitCode !== 0) {
      throw new Error(
        `${name} failed (exit ${run.exitCode}): ${run.errors.join(' | ') || run.log.slice(-2000)}`,
      );
    }
    return run.outputs;
  }

  /** Every secret value that appears in any captured log, output or summary. */
  leaks(secrets: readonly string[]): string[] {
    return this.runs.flatMap(({ name, run }) =>
      findLeaks(run, secrets).map((secret) => `${name}: ${secret.slice(0, 4)}...`),
    );
  }
}

/** GET over HTTP(S) trusting the stack's CA (NODE_EXTRA_CA_CERTS is not set in this process). */
export async function get(
  url: string,
  ca?: string,
): Promise<{ status: number; body: string; headers: Record<string, string> }> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    request(url, ca === undefined ? {} : { ca }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          headers: res.headers as Record<string, string>,
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}

/** Seconds with one decimal, for the measured figures the tests print. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * Runs one `run:` step of a workflow file (found by its name) with bash as the runner does, with
 * only PATH and the given environment. Returns its exit status and output.
 *
 * Asynchronous on purpose: the local stack (its service endpoints and their reverse proxy) runs in
 * this process, so a step that calls a service URL while spawnSync blocks the event loop waits
 * for an answer that cannot come until the step is killed.
 */
export function runWorkflowStep(
  workflowFile: string,
  stepName: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const workflow = parse(readFileSync(workflowFile, 'utf8')) as {
    jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
  };
  const step = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((candidate) => candidate.name === stepName);
  if (step?.run === undefined) throw new Error(`${workflowFile} has no run step '${stepName}'`);
  const script = step.run;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/**
 * The first job of .github/workflows/rollback.yml (the request check), run with bash exactly as
 * written there: returns its outputs (backend, frontend, image, release...) or its errors.
 */
export function rollbackRequest(values: Record<string, string>): {
  status: number | null;
  outputs: Record<string, string>;
  stdout: string;
} {
  const workflow = parse(
    readFileSync(path.join(repoRoot, '.github/workflows/rollback.yml'), 'utf8'),
  ) as {
    jobs: { validate: { steps: { id?: string; run?: string; env?: Record<string, string> }[] } };
  };
  const step = workflow.jobs.validate.steps.find((candidate) => candidate.id === 'check')!;
  const work = mkdtempSync(path.join(os.tmpdir(), 'rollback-request-'));
  const output = path.join(work, 'output');
  writeFileSync(output, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GITHUB_OUTPUT: output,
  };
  for (const key of Object.keys(step.env ?? {})) env[key] = values[key] ?? '';
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
    env,
    encoding: 'utf8',
  });
  const outputs = parseFileCommand(readFileSync(output, 'utf8'));
  rmSync(work, { recursive: true, force: true });
  return { status: result.status, outputs, stdout: result.stdout };
}

/** A site bucket behind a CloudFront distribution on the local stack: its id and edge URL. */
export async function createSpaSite(
  stack: LocalAws,
  bucket: string,
  reference: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<{ distributionId: string; edgeUrl: string }> {
  stack.service<S3Service>('s3').createBucket(bucket);
  const client = new CloudFrontClient({
    region: stack.region,
    endpoint: stack.endpoint,
    credentials,
  });
  const created = await client.send(
    new CreateDistributionCommand({ DistributionConfig: spaDistributionConfig(bucket, reference) }),
  );
  client.destroy();
  const distributionId = created.Distribution?.Id ?? '';
  return {
    distributionId,
    edgeUrl: stack.service<CloudFrontService>('cloudfront').edgeUrl(distributionId),
  };
}

/**
 * The writes (Put*, Create*, Update*, Register*, Run*) that succeeded after request `mark`; the
 * site lock's aside (coordination, not a change to the site).
 */
export function writesSince(stack: LocalAws, mark: number): string[] {
  return stack.requests
    .all()
    .filter(
      (r) =>
        r.seq > mark &&
        r.status < 300 &&
        /^(Put|Create|Update|Register|Run)/.test(r.operation) &&
        !isLockRequest(r),
    )
    .map((r) => `${r.service}:${r.operation}`);
}
