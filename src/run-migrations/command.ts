import { spawn } from 'node:child_process';
import { maskSecret } from '../core/mask';
import { connectionPart, type ConnectionPart, type DatabaseConfig } from '../database/connection';

export interface CommandOptions {
  command: string;
  env: [string, ConnectionPart][];
  workingDirectory: string;
  signal?: AbortSignal;
  /** Grace period between SIGTERM and SIGKILL when cancelled. */
  killAfterMs?: number;
}

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
}

/** The environment a migration tool gets: the runner's, plus the connection under the names asked for. */
export function commandEnvironment(
  config: DatabaseConfig,
  env: [string, ConnectionPart][],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, part] of env) {
    const value = connectionPart(config, part);
    // A URL rebuilt from parts is a new string holding the password: mask it too.
    if (part === 'url' || part === 'password') maskSecret(value);
    out[name] = value;
  }
  return out;
}

/**
 * Runs the user's migration tool (`sh -c command`) with the connection in its environment. Its
 * output streams straight to the job log (where the runner masks every registered secret); the
 * exit code is returned. Cancellation sends SIGTERM, then SIGKILL after a grace period.
 */
export async function runCommand(
  config: DatabaseConfig,
  options: CommandOptions,
): Promise<CommandResult> {
  const started = Date.now();
  const child = spawn('sh', ['-c', options.command], {
    cwd: options.workingDirectory,
    env: { ...process.env, ...commandEnvironment(config, options.env) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 10_000);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, sig) => resolve([code, sig]));
      },
    );
    return { exitCode, signal, durationMs: Date.now() - started };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (killTimer !== undefined) clearTimeout(killTimer);
  }
}
