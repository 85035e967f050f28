import * as core from '@actions/core';
import type { PollSettings } from '../apprunner/service-state';
import { statusPolling } from '../core/backoff';
import { DeploymentFailedError } from '../core/errors';
import { displayText } from '../core/mask';
import type { ActionContext } from '../core/run-action';
import { readInputs, type PreviewInputs } from './inputs';
import { previewNames } from './names';
import { reportDeploy, reportRemoved, type DeployReport, type Removed } from './report';

/** Deploys, tears down or sweeps the pull-request previews of one production service. */
export async function run({ signal }: ActionContext): Promise<void> {
  const inputs = readInputs();
  if (inputs.mode === 'deploy') await reportDeploy(await deploy(inputs, signal));
  else if (inputs.mode === 'teardown')
    await reportRemoved('teardown', [await teardown(inputs, inputs.names?.pr ?? 0, signal)]); // prettier-ignore
  else await reportRemoved('janitor', await janitor(inputs, signal));
}

const log = (line: string): void => core.info(displayText(line));

function pollSettings(signal: AbortSignal): PollSettings {
  return { backoff: statusPolling(2_000, 15_000), signal, log };
}

/**
 * The cost guard, then the database schema (created and migrated), the backend service (its URL
 * in the database variable) and the frontend under previews/pr-<N>/.
 */
export async function deploy(inputs: PreviewInputs, signal: AbortSignal): Promise<DeployReport> {
  const started = Date.now();
  const names = inputs.names;
  const backendConfig = inputs.backend;
  const site = inputs.site;
  if (names === undefined || backendConfig === undefined || site === undefined) {
    throw new Error('deploy needs the preview names, backend and site inputs');
  }
  const { appRunnerClient, listPreviews } = await import('./backend');
  const client = appRunnerClient(inputs.aws);
  const torndown: Removed[] = [];
  try {
    const live = await listPreviews(client, inputs.baseService);
    const others = live.filter((p) => p.pr !== names.pr);
    let excess = others.length + 1 - inputs.maxPreviews;
    if (excess > 0 && inputs.onLimit === 'fail') {
      throw new DeploymentFailedError(
        `${others.length} previews are live (max-previews ${inputs.maxPreviews}): close a pull request, raise max-previews, or set on-limit: teardown-oldest`,
      );
    }
    for (const oldest of others) {
      if (excess <= 0) break;
      core.warning(`max-previews ${inputs.maxPreviews} reached: tearing down the oldest preview, PR #${oldest.pr}`, { title: 'preview' }); // prettier-ignore
      torndown.push(await teardown(inputs, oldest.pr, signal));
      excess -= 1;
    }
  } finally {
    client.destroy();
  }
  let databaseTarget: string | undefined;
  if (inputs.database !== undefined) {
    const { deployDatabase } = await import('./database');
    const db = await core.group(`Migrating the preview schema ${names.schema}`, () =>
      deployDatabase(
        inputs.database as NonNullable<PreviewInputs['database']>,
        names.schema,
        signal,
      ),
    );
    databaseTarget = db.target;
    backendConfig.spec.environment = { ...(backendConfig.spec.environment ?? {}), [inputs.databaseEnv]: db.url }; // prettier-ignore
  }
  const { deploy: deployService } = await import('../deploy-apprunner/deploy');
  const outcome = await core.group(
    `Deploying ${backendConfig.spec.image} to ${names.service}`,
    () => deployService(backendConfig, signal, log),
  );
  if (['rolled-back', 'failed', 'timed-out'].includes(outcome.status)) {
    throw new DeploymentFailedError(`the preview service ${names.service} ${outcome.status}: ${outcome.failure ?? ''}`); // prettier-ignore
  }
  const { publish } = await import('../sync-spa-s3/main');
  const synced = await core.group(`Publishing the frontend under ${names.prefix}`, () => publish(site, signal)); // prettier-ignore
  return {
    names,
    backendUrl: outcome.serviceUrl,
    frontendUrl: inputs.frontendUrl,
    serviceStatus: outcome.status,
    uploaded: synced.plan.upload.length,
    ...(databaseTarget === undefined ? {} : { database: databaseTarget }),
    torndown,
    elapsedMs: Date.now() - started,
  };
}

/** Removes one PR's prefix, service and schema; each part already gone is fine (idempotent). */
export async function teardown(
  inputs: PreviewInputs,
  pr: number,
  signal: AbortSignal,
): Promise<Removed> {
  const names = previewNames(inputs.baseService, pr);
  const { assertDeletable } = await import('./names');
  assertDeletable(names); // before any call
  const { appRunnerClient, deletePreviewService, listPreviews } = await import('./backend');
  const { deletePrefix } = await import('./frontend');
  const client = appRunnerClient(inputs.aws);
  let service: 'deleted' | 'absent' = 'absent';
  try {
    const found = (await listPreviews(client, inputs.baseService)).find((p) => p.pr === pr);
    if (found !== undefined) {
      log(`Deleting the service ${found.name}`);
      service = await deletePreviewService(client, found, 30 * 60_000, pollSettings(signal));
    }
  } finally {
    client.destroy();
  }
  log(`Deleting s3://${inputs.bucket}/${names.prefix}`);
  const objects = await deletePrefix(inputs.aws, inputs.bucket, names.prefix, signal);
  let schema: string | undefined;
  if (inputs.database !== undefined) {
    const { dropDatabase } = await import('./database');
    log(`Dropping ${names.schema}`);
    schema = (await dropDatabase(inputs.database, names.schema, signal)).target;
  }
  return { pr, service: names.service, serviceState: service, objects, ...(schema === undefined ? {} : { schema }) }; // prettier-ignore
}

/** Removes the previews whose PR is closed (not in open-pull-requests) or older than the TTL. */
export async function janitor(inputs: PreviewInputs, signal: AbortSignal): Promise<Removed[]> {
  const { appRunnerClient, listPreviews } = await import('./backend');
  const client = appRunnerClient(inputs.aws);
  let live;
  try {
    live = await listPreviews(client, inputs.baseService);
  } finally {
    client.destroy();
  }
  const now = Date.now();
  const open = inputs.openPullRequests === undefined ? undefined : new Set(inputs.openPullRequests);
  const stale = live.filter(
    (p) => now - p.updatedAt.getTime() > inputs.ttlMs || (open !== undefined && !open.has(p.pr)),
  );
  log(`${live.length} previews live, ${stale.length} to remove`);
  const removed: Removed[] = [];
  for (const preview of stale) removed.push(await teardown(inputs, preview.pr, signal));
  return removed;
}
