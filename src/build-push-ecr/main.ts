import { readPostCleanup } from '../core/post-state';
import type { ActionContext } from '../core/run-action';
import { readInputs } from './inputs';

/** Reads every input first (bad input fails before any AWS call), then loads the AWS side. */
export async function run(context: ActionContext): Promise<void> {
  const config = readInputs();
  readPostCleanup(); // read by the post step; a typo fails here, before anything changes
  const { buildPushEcr } = await import('./build-push');
  const { setOutputs, summarize } = await import('./report');
  const result = await buildPushEcr(config, context);
  setOutputs(result);
  await summarize(result).write();
}
