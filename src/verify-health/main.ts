import * as core from '@actions/core';
import { DeploymentFailedError } from '../core/errors';
import { displayText } from '../core/mask';
import type { ActionContext } from '../core/run-action';
import { checkTarget } from './check';
import { readInputs } from './inputs';
import { Redactor } from './redact';
import { failureMessage, summaryFor, writeOutputs } from './report';
import { verifyHealth } from './verify';

/** Checks the URLs until the release is proven healthy, or fails so it can be rolled back. */
export async function run({ signal }: ActionContext): Promise<void> {
  const config = readInputs();
  const redactor = new Redactor(config.secrets);
  const outcome = await core.group(
    `Checking ${config.targets.length} URL(s) until ${config.consecutiveSuccesses} round(s) in a row pass`,
    () =>
      verifyHealth(config, {
        check: (target) => checkTarget(target, config, redactor, signal),
        signal,
        log: (line) => core.info(displayText(line)),
      }),
  );
  writeOutputs(outcome);
  await summaryFor(outcome, config).write();
  if (!outcome.healthy) throw new DeploymentFailedError(failureMessage(outcome));
  core.info(
    `Healthy after ${outcome.rounds} round(s): ${config.targets.map((t) => t.display).join(', ')}`,
  );
}
