import * as core from '@actions/core';
import { DeploymentFailedError } from '../core/errors';
import type { ActionContext } from '../core/run-action';
import { readInputs } from './inputs';
import { bundlesBesideEntry, checkPartInputs, createPartRunner } from './parts';
import { plannedParts, runPipeline } from './pipeline';
import { summaryFor, writeOutputs } from './report';

/** The whole deploy as one step, driven by the single actions' own compiled bundles. */
export async function run({ signal }: ActionContext): Promise<void> {
  const config = readInputs();
  // Every part checks its inputs before the first one changes anything.
  for (const [part, inputs] of plannedParts(config)) await checkPartInputs(part, inputs);
  const outcome = await runPipeline(config, {
    runPart: createPartRunner({ bundles: bundlesBesideEntry() }),
    signal,
    log: (line) => core.info(line),
  });
  writeOutputs(outcome);
  await summaryFor(outcome).write();
  if (outcome.status === 'failed' || outcome.status === 'rolled-back') {
    throw new DeploymentFailedError(failureLine(outcome));
  }
  core.info(`Deploy ${outcome.status}`);
}

function failureLine(outcome: Awaited<ReturnType<typeof runPipeline>>): string {
  const reason = outcome.failure ?? 'a step failed';
  if (outcome.status !== 'rolled-back') return reason;
  const moves = outcome.rollbacks.map((r) => `${r.part} ${r.from} -> ${r.to}`).join('; ');
  return `${reason}; rolled back (${moves})`;
}
