import * as core from '@actions/core';
import { DeploymentFailedError } from '../core/errors';
import { displayText } from '../core/mask';
import type { ActionContext } from '../core/run-action';
import { readInputs } from './inputs';
import { changeLines, headline, isFailure, summaryFor, writeOutputs } from './report';

/** Creates or updates the App Runner service and reports the outcome of its own operation. */
export async function run({ signal }: ActionContext): Promise<void> {
  const config = readInputs();
  for (const name of config.sensitiveEnvironment) {
    core.warning(
      `${name} looks like a secret passed as a plain environment variable (visible in the App Runner console); pass it through the secrets input instead`,
      { title: 'deploy-apprunner' },
    );
  }
  const { deploy } = await import('./deploy');
  const outcome = await core.group(`Deploying ${config.spec.image} to ${config.service}`, () =>
    deploy(config, signal, (line) => core.info(displayText(line))),
  );
  const lines = changeLines(outcome);
  core.info(
    lines.length === 0
      ? 'No configuration changes'
      : `Changes:\n  ${lines.map(displayText).join('\n  ')}`,
  );
  writeOutputs(outcome);
  await summaryFor(outcome).write();
  if (isFailure(outcome)) throw new DeploymentFailedError(headline(outcome));
  core.info(displayText(headline(outcome)));
}
