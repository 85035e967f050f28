// `npm run demo`: provisions example 1's infrastructure from its synthesized CloudFormation
// template (infra/templates/, the template a user deploys) and deploys example 1
// (examples/dotnet-apprunner-react-postgres) end to end with the bundle's root action (dist/deploy, as the runner runs it) against the embedded local AWS
// stack, a real container engine (podman) and a real PostgreSQL; prints the summary and the local
// URLs; then changes one file of the SPA and deploys again to show the incremental path. Each
// step's log is shown as the Actions UI shows it (groups folded to their titles), each job
// summary as aligned text (scripts/summary-text.ts), and one closing block says what to open and
// how long each deploy took. Runs on Node 24 (scripts/node24.mjs), like the actions.
// Keeps the stack up until Ctrl+C (`--exit` or CI=1 stops after the second deploy).
//
// The stack runs the deployed image on the same podman (its `containers` option): the service URL
// reverse-proxies to the running container, which answers /health with the commit baked into the
// image, and the deploy expects that version. `--simulate` keeps the image from running: the
// service URL then answers for the deployed image from the stack itself (the health check passes
// without the image running), and the demo says so.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AppRunnerState } from '../local-aws/services/apprunner';
import type { CloudFrontService } from '../local-aws/services/cloudfront';
import { startLocalAws } from '../local-aws/stack';
import { summaryText } from './summary-text';
import { standInContext, standInSpa } from '../test/integration/pipeline-stand-ins';
import { containerEngineSupport, startContainerEngine } from '../test/support/container-engine';
import { postgresAvailable, startPostgres } from '../test/support/databases';
import { EXAMPLE_TEMPLATE, provisionExampleStack } from './demo-provision';

const EXAMPLE = 'dotnet-apprunner-react-postgres';
const repoRoot = process.cwd();
const exitWhenDone = process.argv.includes('--exit') || process.env.CI !== undefined;
const simulate = process.argv.includes('--simulate');
const credentials = { accessKeyId: 'AKIADEMO', secretAccessKey: 'demo' };

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

interface StepRun {
  exitCode: number | null;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs a compiled action as the runner does (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), its log shown live. */
async function runAction(
  name: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
): Promise<StepRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `demo-${name}-`));
  const output = path.join(dir, 'output');
  const summary = path.join(dir, 'summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
  );
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', name, 'index.js')], {
    env: { ...process.env, ...env, ...inputEnv, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: dir, GITHUB_WORKSPACE: repoRoot }, // prettier-ignore
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The log as the Actions UI shows it: each ::group:: folded to its title (the docker CLI's
  // build output and notices sit in them); annotations always shown; all of it if the step fails.
  const full: string[] = [];
  let group: string | undefined;
  const show = (line: string): void => {
    if (line === '' || line.startsWith('::add-mask::') || line.startsWith('::debug::')) return;
    full.push(`  | ${line}`);
    if (line.startsWith('::group::')) {
      group = line.slice('::group::'.length);
      say(`  | ▸ ${group}`);
    } else if (line === '::endgroup::') group = undefined;
    else if (group === undefined || /^::(error|warning)/.test(line)) say(`  | ${line}`);
  };
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', show);
  createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', show);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (exitCode !== 0) say(`\n  The step failed; its whole log:\n${full.join('\n')}`);
  const outputs: Record<string, string> = {};
  const lines = readFileSync(output, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (heredoc === null) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i] ?? '');
    outputs[heredoc[1]!] = value.join('\n');
  }
  const text = readFileSync(summary, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return { exitCode, outputs, summary: text };
}

async function main(): Promise<void> {
  // podman builds the image (build-push-ecr) and, unless --simulate, runs it for App Runner.
  const engineSupport = containerEngineSupport();
  if (!engineSupport.ok)
    throw new Error(
      `${engineSupport.reason}; the demo builds the backend image with it (run bash .ci/install-system.sh)`,
    );
  if (!postgresAvailable())
    throw new Error('PostgreSQL is missing; run bash .ci/install-system.sh');

  say('Starting a container engine (podman), the local AWS stack and PostgreSQL...');
  const engine = await startContainerEngine();
  const [stack, pg] = await Promise.all([
    startLocalAws({
      timings: {
        'apprunner.operation': 1500,
        'cloudfront.invalidation': 500,
        'cloudformation.step': 20,
      },
      ...(simulate ? {} : { containers: { dockerHost: engine.dockerHost } }),
    }).catch(async (error: unknown) => {
      await engine.stop();
      throw error;
    }),
    startPostgres(),
  ]);
  say(
    simulate
      ? 'App Runner is simulated (--simulate): the service URL answers for the deployed image without running it.'
      : 'App Runner runs the deployed image on podman: the service URL reaches the running container.',
  );
  const work = mkdtempSync(path.join(os.tmpdir(), 'demo-'));
  const stop = async (): Promise<void> => {
    await Promise.all([stack.stop(), engine.stop(), pg.stop()]);
    rmSync(work, { recursive: true, force: true });
  };
  try {
    await engine.buildBaseImage();
    const { region, endpoint } = stack;
    say(`\n=== Infrastructure: ${EXAMPLE_TEMPLATE} through the local CloudFormation API ===`);
    const infra = await provisionExampleStack({ region, endpoint, credentials }, say);
    const out = infra.outputs;
    say(`  stack ${infra.stackName} CREATE_COMPLETE: ${infra.resourceCount} resources in ${infra.seconds.toFixed(1)}s`); // prettier-ignore
    // The stack records the RDS instance (the local stack cannot run RDS): its secrets now name
    // that instance's endpoint. Point them at the local PostgreSQL instead.
    const db = await pg.createDatabase('notes');
    const secrets = new SecretsManagerClient({ region, endpoint, credentials });
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: out.DatabaseSecretId,
        SecretString: JSON.stringify({ engine: 'postgres', host: db.host, port: db.port, username: db.user, password: db.password, dbname: db.database }), // prettier-ignore
      }),
    );
    const runtimeSecrets = out.RuntimeSecrets!;
    const appSecretArn = /^DATABASE_URL=(.+):DATABASE_URL::$/.exec(runtimeSecrets)?.[1];
    if (appSecretArn === undefined)
      throw new Error(`unexpected RuntimeSecrets output: ${runtimeSecrets}`);
    await secrets.send(
      new PutSecretValueCommand({ SecretId: appSecretArn, SecretString: JSON.stringify({ DATABASE_URL: db.url }) }), // prettier-ignore
    );
    say('  database secrets point at the local PostgreSQL (RDS is recorded, not run)');
    const distributionId = out.DistributionId!;
    // SiteUrl names the distribution's cloudfront.net host; locally its edge is on loopback.
    const siteUrl = stack.service<CloudFrontService>('cloudfront').edgeUrl(distributionId);

    // The application's working copy: the demo changes one of its files for the second deploy.
    const app = path.join(work, EXAMPLE);
    cpSync(path.join('examples', EXAMPLE), app, { recursive: true });
    const context = standInContext(path.join(app, 'app/backend'), 8080);

    const servedBy = (): string => {
      const service = stack.service<AppRunnerState>('apprunner').byName(out.Service!);
      const container = service?.endpoint.servingContainer;
      return container === undefined
        ? 'simulated by the stack: the image does not run'
        : `the running container ${container.name}`;
    };

    const deploys: { title: string; commit: string; seconds: number }[] = [];
    let serviceUrl = '';
    const deploy = async (commit: string, title: string): Promise<StepRun> => {
      const spa = standInSpa(path.join(app, 'app/frontend'), commit);
      say(`\n=== ${title} (commit ${commit.slice(0, 7)}) ===`);
      const started = Date.now();
      const run = await runAction(
        'deploy',
        {
          repository: out.EcrRepository!,
          context,
          'build-args': `APP_VERSION=${commit}`,
          service: out.Service!,
          'access-role-arn': out.AccessRoleArn!,
          port: '8080',
          cpu: '0.25',
          memory: '0.5 GB',
          secrets: runtimeSecrets,
          'health-check-path': '/health',
          'migrations-path': path.join(app, 'db/migrations'),
          engine: 'postgres',
          'database-secret-id': out.DatabaseSecretId!,
          directory: spa.dir,
          bucket: out.Bucket!,
          'distribution-id': distributionId,
          'site-url': siteUrl,
          'health-timeout': '1m',
          // The running container reports the APP_VERSION baked into its image: the new release.
          ...(simulate ? {} : { 'expected-version': commit, 'version-json-path': '$.version' }),
        },
        { ...stack.env, ...engine.env, GITHUB_SHA: commit, GITHUB_RUN_ID: commit.slice(0, 6) },
      );
      spa.remove();
      const seconds = (Date.now() - started) / 1000;
      say('\n  Job summary:\n');
      say(summaryText(run.summary));
      say(`\n  exit code ${run.exitCode} after ${seconds.toFixed(1)}s`);
      if (run.exitCode !== 0) throw new Error(`the deploy failed (exit ${run.exitCode})`);
      deploys.push({ title: title.split(':')[0] ?? title, commit, seconds });
      serviceUrl = run.outputs['service-url'] ?? '';
      return run;
    };

    await deploy(
      '1'.repeat(40),
      'First deploy: build, migrate, deploy, verify, publish, invalidate',
    );
    const main = path.join(app, 'app/frontend/src/main.jsx');
    writeFileSync(
      main,
      readFileSync(main, 'utf8').replace('<h1>Notes</h1>', '<h1>Notes (v2)</h1>'),
    );
    say('\nChanged one file: app/frontend/src/main.jsx (the page title).');
    await deploy('2'.repeat(40), 'Second deploy: only what changed is uploaded and invalidated');

    // One closing block: how long each deploy took and what to open.
    say('\n=== Done ===');
    for (const d of deploys) say(`  ${`${d.title} (commit ${d.commit.slice(0, 7)})`.padEnd(34)} ${d.seconds.toFixed(1)}s`); // prettier-ignore
    say('\n  Open:');
    say(`    site      ${siteUrl}/`);
    say(`    service   ${serviceUrl}/health  (${servedBy()})`);
    if (stack.workloads.tls !== undefined)
      say(`              over HTTPS with the stack's CA: curl --cacert ${stack.workloads.tls.caFile} ${serviceUrl}/health`); // prettier-ignore
    say(`    database  PostgreSQL on ${db.host}:${db.port}, database ${db.database}`);

    if (exitWhenDone) {
      say('\nThe stack stops now (--exit or CI); without them it keeps running until Ctrl+C.');
      return;
    }
    say('\nThe stack keeps running; press Ctrl+C to stop it.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
