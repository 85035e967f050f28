import * as core from '@actions/core';
import { InputReader } from './inputs';

/**
 * What a `post:` step must undo when the main step was cancelled or killed before it could:
 * main records it the moment it exists (core.saveState appends to GITHUB_STATE at once, so the
 * record survives a SIGKILL) and clears it once undone; the runner hands the last value to the
 * post step as STATE_<key>. A post step with nothing recorded does nothing.
 */
export class CleanupRecord<T> {
  constructor(private readonly key: string) {}

  /** Records what is left behind until `clear()`. */
  save(value: T): void {
    core.saveState(this.key, JSON.stringify(value));
  }

  /** Main undid it itself: nothing is left for the post step. */
  clear(): void {
    core.saveState(this.key, '');
  }

  /** What main left behind, in the post step; undefined when it finished cleanly. */
  read(): T | undefined {
    const raw = core.getState(this.key);
    return raw === '' ? undefined : (JSON.parse(raw) as T);
  }
}

/** The input that turns the post step's cleanup off. */
export const POST_CLEANUP_INPUT = 'post-cleanup';

/** Reads `post-cleanup` (default true); a typo is a ConfigurationError, in main before any change. */
export function readPostCleanup(inputs = new InputReader()): boolean {
  return inputs.boolean(POST_CLEANUP_INPUT, true);
}
