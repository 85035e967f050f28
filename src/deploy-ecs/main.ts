import { readPostCleanup } from '../core/post-state';
import type { ActionContext } from '../core/run-action';
import { readInputs } from './inputs';
import { writeOutputs, writeSummary } from './report';

/** Deploys to ECS (Express Mode or a classic service) or runs a one-off task, then reports. */
export async function run({ signal }: ActionContext): Promise<void> {
  const config = readInputs();
  readPostCleanup(); // read by the post step; a typo fails here, before anything changes
  const started = Date.now();
  const { runMode } = await import('./modes');
  const outcome = await runMode(config, signal, started);
  writeOutputs(outcome.report);
  await writeSummary(outcome.report);
  if (outcome.error !== undefined) throw outcome.error;
}
