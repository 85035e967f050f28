import { NotImplementedError } from './errors';
import type { ActionMain } from './run-action';

/** The run() of an action whose implementation has not landed: it fails, it never pretends. */
export function notImplemented(action: string, issue: string): ActionMain {
  return () =>
    Promise.reject(
      new NotImplementedError(
        `${action} is not implemented yet (tracked in ${issue}); this release cannot run it`,
      ),
    );
}
