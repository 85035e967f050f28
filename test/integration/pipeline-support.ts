import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { BASE_IMAGE } from '../support/container-engine';
import { findLeaks, repoRoot, runDist, type DistRun } from '../support/run-dist';

// What the end-to-end pipeline tests share: stand-ins for what cannot run here (base images
// that cannot be pulled, `vite build` without the npm registry's packages), and a recorder that
// runs the compiled actions in order like a workflow job and keeps every run for the leak check.

export function exampleDir(name: string): string {
  return path.join(repoRoot, 'examples', name);
}

/**
 * A build context for the example's backend: its real files, with a stand-in Dockerfile FROM the
 * local busybox image (the real one starts FROM images that cannot be pulled here) that keeps
 * what the platform sees: the port, the APP_VERSION build argument, a /health answer.
 */
export function standInBackend(example: string, backend: string, port: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `context-${example}-`));
  cpSync(path.join(exampleDir(example), backend), dir, { recursive: true });
  const real = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  writeFileSync(path.join(dir, 'Dockerfile.real'), real);
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    [
      `FROM ${BASE_IMAGE}`,
      'ARG APP_VERSION=dev',
      'ENV APP_VERSION=$APP_VERSION',
      'RUN mkdir -p /www && echo "{\\"status\\":\\"ok\\",\\"version\\":\\"$APP_VERSION\\"}" > /www/health',
      `EXPOSE ${port}`,
      `CMD ["httpd", "-f", "-p", "${port}", "-h", "/www"]`,
      '',
    ].join('\n'),
  );
  return dir;
}

export interface SpaBuild {
  dir: string;
  index: string;
  asset: string;
  remove(): void;
}

/**
 * What `vite build` makes of the example's frontend: index.html with %VITE_APP_VERSION%
 * replaced and its module script pointing at a content-hashed bundle in assets/.
 */
export function standInSpaBuild(
  example: string,
  frontend: string,
  version: string,
  extra = '',
): SpaBuild {
  const source = path.join(exampleDir(example), frontend);
  const html = readFileSync(path.join(source, 'index.html'), 'utf8');
  const entry = /<script type="module" src="\/([^"]+)"><\/script>/.exec(html)?.[1];
  if (entry === undefined) throw new Error(`${example}: index.html has no module script`);
  const code = `${readFileSync(path.join(source, entry), 'utf8')}\n// ${version}${extra}\n`;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 8);
  const asset = `assets/index-${hash}.js`;
  const dir = mkdtempSync(path.join(os.tmpdir(), `spa-${example}-`));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, asset), code);
  const index = html
    .replace(/%VITE_APP_VERSION%/g, version)
    .replace(`src="/${entry}"`, `src="/${asset}"`);
  writeFileSync(path.join(dir, 'index.html'), index);
  return { dir, index, asset, remove: () => rmSync(dir, { recursive: true, force: true }) };
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
