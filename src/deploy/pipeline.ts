import { describeError } from '../core/errors';
import type { ActionOutputs } from '../core/outputs';
import type { InputOf } from '../generated/action-names';
import type { BackendPlan, DeployConfig, FrontendPlan, PartName } from './inputs';
import { PartFailedError, type RunPart } from './parts';

/** Well-formed stand-ins for values only known once earlier parts ran (input checks only). */
export const PLACEHOLDER_IMAGE = `000000000000.dkr.ecr.us-east-1.amazonaws.com/placeholder@sha256:${'0'.repeat(64)}`;
export const PLACEHOLDER_URL = 'https://placeholder.invalid';
export const PLACEHOLDER_PATHS = '/index.html';

export interface StepRecord {
  part: PartName;
  label: string;
  ok: boolean;
  ms: number;
  detail: string;
}

export interface Rollback {
  part: 'backend' | 'frontend';
  from: string;
  to: string;
  ok: boolean;
  detail: string;
}

export interface DeployOutcome {
  status: 'deployed' | 'unchanged' | 'rolled-back' | 'failed';
  image?: string;
  serviceUrl?: string;
  releaseId?: string;
  siteUrl?: string;
  steps: StepRecord[];
  rollbacks: Rollback[];
  /** Why the deploy failed (status failed or rolled-back). */
  failure?: string;
  /** Time from the failed check to the end of the rollback. */
  rollbackMs?: number;
}

export interface PipelineDeps {
  runPart: RunPart;
  signal: AbortSignal;
  now?: () => number;
  log?: (line: string) => void;
}

/** The inputs every part will get, with placeholders for values known later. */
export function plannedParts(config: DeployConfig): [PartName, Record<string, string>][] {
  const parts: [PartName, Record<string, string>][] = [];
  const backend = config.backend;
  if (backend !== undefined) {
    if (backend.build !== undefined) parts.push(['build-push-ecr', backend.build]);
    if (backend.migrations !== undefined) parts.push(['run-migrations', backend.migrations]);
    parts.push([
      backend.deployPart,
      { ...backend.deploy, image: backend.image ?? PLACEHOLDER_IMAGE },
    ]);
    parts.push([
      'verify-health',
      { ...backend.verify, urls: backend.serviceUrl ?? PLACEHOLDER_URL },
    ]);
  }
  const frontend = config.frontend;
  if (frontend !== undefined) {
    parts.push(['sync-spa-s3', frontend.sync]);
    if (frontend.invalidate !== undefined)
      parts.push([
        'invalidate-cdn',
        { ...frontend.invalidate, 'changed-paths': PLACEHOLDER_PATHS },
      ]);
    if (frontend.verify !== undefined) parts.push(['verify-health', frontend.verify]);
  }
  return parts;
}

class CheckFailed extends Error {
  constructor(
    readonly which: 'backend' | 'frontend',
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * backend: build -> migrate -> deploy -> verify; then frontend: publish -> invalidate -> verify.
 * A failed check rolls back what this run changed (unless autoRollback is off): the previous
 * image is deployed again with the same action and checked, the previous site release is
 * restored and invalidated. A part that fails on its own (a deploy AWS rolled back, a migration
 * error) fails the run without a rollback of the parts that did not change yet.
 */
export async function runPipeline(
  config: DeployConfig,
  deps: PipelineDeps,
): Promise<DeployOutcome> {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => undefined);
  const outcome: DeployOutcome = { status: 'deployed', steps: [], rollbacks: [] };
  let changed = false;

  const step: Step = async (part, label, inputs) => {
    const started = now();
    try {
      const outputs = await deps.runPart(part, inputs as Record<string, string>, deps.signal);
      outcome.steps.push({
        part,
        label,
        ok: true,
        ms: now() - started,
        detail: outputs.status ?? '',
      });
      // What the part's bundle wrote to its output file: the outputs its action.yml declares.
      return outputs as ActionOutputs<typeof part>;
    } catch (error) {
      const detail =
        error instanceof PartFailedError ? describeError(error.cause) : describeError(error);
      outcome.steps.push({ part, label, ok: false, ms: now() - started, detail });
      throw error;
    }
  };

  const state: RunState = { frontendSynced: false };
  try {
    if (config.backend !== undefined) {
      await deployBackend(config.backend, step, outcome, state);
      changed ||= outcome.steps.some(
        (s) => s.part === config.backend?.deployPart && s.detail !== 'unchanged',
      );
    }
    if (config.frontend !== undefined) {
      await publishFrontend(config.frontend, step, outcome, state);
      changed ||= state.frontendSynced;
    }
  } catch (error) {
    const failedAt = now();
    if (!(error instanceof CheckFailed) || !config.autoRollback) {
      outcome.status = 'failed';
      outcome.failure = error instanceof CheckFailed ? error.reason : describeError(error);
      return outcome;
    }
    outcome.failure = error.reason;
    log(`${error.which} check failed: ${error.reason}; rolling back`);
    await rollBack(config, step, outcome, state);
    outcome.rollbackMs = now() - failedAt;
    outcome.status =
      outcome.rollbacks.every((r) => r.ok) && outcome.rollbacks.length > 0
        ? 'rolled-back'
        : 'failed';
    return outcome;
  }
  if (!changed) outcome.status = 'unchanged';
  return outcome;
}

/** What this run changed so far: what a rollback undoes. */
interface RunState {
  backend?: { previous?: string; image: string; url: string };
  frontendSynced: boolean;
}

/** Runs one part; its inputs and the outputs read from it are the names its action.yml declares. */
type Step = <P extends PartName>(
  part: P,
  label: string,
  inputs: { [K in InputOf<P>]?: string },
) => Promise<ActionOutputs<P>>;

function checkFailed(which: 'backend' | 'frontend', error: unknown): CheckFailed {
  return new CheckFailed(
    which,
    error instanceof PartFailedError ? describeError(error.cause) : describeError(error),
  );
}

async function deployBackend(
  plan: BackendPlan,
  step: Step,
  outcome: DeployOutcome,
  state: RunState,
): Promise<void> {
  let image = plan.image;
  if (plan.build !== undefined) {
    const built = await step('build-push-ecr', 'Build and push the image', plan.build);
    image = built.image;
  }
  if (image === undefined || image === '') throw new Error('build-push-ecr reported no image');
  outcome.image = image;
  if (plan.migrations !== undefined)
    await step('run-migrations', 'Migrate the database', plan.migrations);
  const deployed = await step(plan.deployPart, 'Deploy the backend', { ...plan.deploy, image });
  const url = deployed['service-url'] || plan.serviceUrl || '';
  if (url === '') throw new Error(`${plan.deployPart} reported no service-url; set service-url`);
  outcome.serviceUrl = url;
  state.backend = {
    image,
    url,
    ...(deployed['previous-image'] ? { previous: deployed['previous-image'] } : {}),
  };
  try {
    await step('verify-health', 'Verify the backend', { ...plan.verify, urls: url });
  } catch (error) {
    throw checkFailed('backend', error);
  }
}

async function publishFrontend(
  plan: FrontendPlan,
  step: Step,
  outcome: DeployOutcome,
  state: RunState,
): Promise<void> {
  const synced = await step('sync-spa-s3', 'Publish the site', plan.sync);
  const releaseId = synced['release-id'];
  if (releaseId !== undefined) outcome.releaseId = releaseId;
  if (plan.siteUrl !== undefined) outcome.siteUrl = plan.siteUrl;
  // Only a release this run published is rolled back (a re-run that changed nothing is not).
  state.frontendSynced = synced.status === 'synced';
  const changedPaths = synced['changed-paths'] ?? '';
  if (plan.invalidate !== undefined && changedPaths.trim() !== '') {
    await step('invalidate-cdn', 'Invalidate the CDN', {
      ...plan.invalidate,
      'changed-paths': changedPaths,
    });
  }
  if (plan.verify !== undefined) {
    try {
      await step('verify-health', 'Verify the site', plan.verify);
    } catch (error) {
      throw checkFailed('frontend', error);
    }
  }
}

async function rollBack(
  config: DeployConfig,
  step: Step,
  outcome: DeployOutcome,
  state: RunState,
): Promise<void> {
  const plan = config.backend;
  const backend = state.backend;
  if (plan !== undefined && backend?.previous !== undefined && backend.previous !== backend.image) {
    try {
      const redeployed = await step(plan.deployPart, 'Roll the backend back', {
        ...plan.deploy,
        image: backend.previous,
      });
      // The previous release reports its own version: check health, not the new version.
      const verify: Record<string, string> = { ...plan.verify, urls: backend.url };
      delete verify['expected-version'];
      delete verify['version-json-path'];
      delete verify['version-header'];
      await step('verify-health', 'Verify the rolled-back backend', verify);
      outcome.rollbacks.push({
        part: 'backend',
        from: backend.image,
        to: redeployed.image || backend.previous,
        ok: true,
        detail: 'previous image redeployed and healthy',
      });
    } catch (error) {
      outcome.rollbacks.push({
        part: 'backend',
        from: backend.image,
        to: backend.previous,
        ok: false,
        detail: describeError(error),
      });
    }
  }
  const site = config.frontend;
  if (site !== undefined && state.frontendSynced) {
    const from = outcome.releaseId ?? '';
    try {
      const restored = await step('sync-spa-s3', 'Restore the previous site release', {
        ...site.sync,
        'restore-release': 'previous',
      });
      const paths = restored['changed-paths'] ?? '';
      if (site.invalidate !== undefined && paths.trim() !== '') {
        await step('invalidate-cdn', 'Invalidate the restored paths', {
          ...site.invalidate,
          'changed-paths': paths,
        });
      }
      outcome.rollbacks.push({
        part: 'frontend',
        from,
        to: restored['release-id'] ?? 'previous',
        ok: true,
        detail: 'previous release restored',
      });
    } catch (error) {
      outcome.rollbacks.push({
        part: 'frontend',
        from,
        to: 'previous',
        ok: false,
        detail: describeError(error),
      });
    }
  }
}
