import * as core from '@actions/core';
import type { ActionName, OutputOf } from '../generated/action-names';
import { redact } from './mask';

/** Outputs of action `A` by name: only the outputs its action.yml declares (undefined: unset). */
export type ActionOutputs<A extends ActionName> = { [K in OutputOf<A>]?: string | undefined };

/**
 * Sets one output of action `A`. The action is named so that only an output its action.yml
 * declares compiles (src/generated/action-names.ts). An output is a file the runner does not
 * mask, so the value is redacted first (src/core/mask.ts, the one redaction path).
 */
export function setOutput<A extends ActionName>(
  _action: A,
  name: OutputOf<A>,
  value: string,
): void {
  core.setOutput(name, redact(value));
}

/** Sets every output of `outputs` that has a value (undefined ones are left unset). */
export function setOutputs<A extends ActionName>(action: A, outputs: ActionOutputs<A>): void {
  for (const [name, value] of Object.entries(outputs) as [OutputOf<A>, string | undefined][]) {
    if (value !== undefined) setOutput(action, name, value);
  }
}
