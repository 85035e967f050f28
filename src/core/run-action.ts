import * as core from '@actions/core';
import { formatDuration } from './clock';
import { ConfigurationError, describeError } from './errors';
import { redact } from './mask';
import { SummaryBuilder } from './summary';

/** What every action's run() receives. */
export interface ActionContext {
  /** Aborts when the runner cancels the job (SIGINT/SIGTERM), so waits can stop cleanly. */
  signal: AbortSignal;
}

export type ActionMain = (context: ActionContext) => Promise<void>;

/**
 * The one error boundary: runs an action, prefixes any failure with the action's name, turns
 * anything thrown (Error or not) into core.setFailed, and writes a failure summary.
 */
export async function runAction(name: string, main: ActionMain): Promise<void> {
  const started = Date.now();
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    core.warning(`${name}: received ${signal}, stopping`);
    controller.abort(new Error(`cancelled by ${signal}`));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await main({ signal: controller.signal });
  } catch (error) {
    await reportFailure(name, error, Date.now() - started);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

async function reportFailure(name: string, error: unknown, elapsedMs: number): Promise<void> {
  const message = redact(`${name}: ${describeError(error)}`);
  if (error instanceof Error && error.stack !== undefined) {
    core.debug(redact(error.stack));
  }
  core.setFailed(message);
  try {
    await new SummaryBuilder()
      .heading(`${name} failed`, 3)
      .paragraph(message)
      .facts([
        ['Kind', error instanceof ConfigurationError ? 'configuration error' : 'failure'],
        ['After', formatDuration(elapsedMs)],
      ])
      .write();
  } catch (summaryError) {
    core.debug(`could not write the failure summary: ${describeError(summaryError)}`);
  }
}
