import * as core from '@actions/core';
import { describeError } from '../core/errors';

export interface DockerResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A docker command that failed; `output` holds what it printed (never secrets: none are passed). */
export class DockerCommandError extends Error {
  override readonly name = 'DockerCommandError';
  constructor(
    readonly command: string,
    readonly output: string,
    readonly exitCode: number,
  ) {
    super(`docker ${command} failed (exit ${exitCode}): ${lastLines(output)}`);
  }
}

function lastLines(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.slice(-3).join(' | ') || 'no output';
}

/** Runs the docker CLI (via @actions/exec, loaded on first use). `input` goes to stdin. */
export async function docker(
  args: readonly string[],
  options: { input?: string; env?: Record<string, string>; silent?: boolean } = {},
): Promise<DockerResult> {
  const exec = await import('@actions/exec');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, options.env ?? {});
  try {
    return await exec.getExecOutput('docker', [...args], {
      ignoreReturnCode: true,
      silent: options.silent ?? false,
      env,
      ...(options.input === undefined ? {} : { input: Buffer.from(options.input) }),
    });
  } catch (error) {
    throw new DockerCommandError(
      args[0] ?? '',
      `could not run docker: ${describeError(error)}`,
      127,
    );
  }
}

/** Runs docker and throws DockerCommandError on a non-zero exit. */
export async function dockerOk(
  args: readonly string[],
  options: { input?: string; env?: Record<string, string>; silent?: boolean } = {},
): Promise<DockerResult> {
  const result = await docker(args, options);
  if (result.exitCode !== 0) {
    throw new DockerCommandError(
      args.slice(0, 2).join(' '),
      `${result.stdout}\n${result.stderr}`,
      result.exitCode,
    );
  }
  return result;
}

/** Which builder this runner has: buildx (GitHub's runners), the legacy builder, or no docker. */
export async function detectBuilder(): Promise<'buildx' | 'legacy' | 'none'> {
  try {
    const buildx = await docker(['buildx', 'version'], { silent: true });
    if (buildx.exitCode === 0) return 'buildx';
    const version = await docker(['version', '--format', '{{.Client.Version}}'], { silent: true });
    return version.exitCode === 127 ? 'none' : 'legacy';
  } catch {
    return 'none';
  }
}

/**
 * `docker login --password-stdin`: the password never appears on a command line. Quiet when it
 * succeeds (the CLI's notice about its credential store says nothing about this deploy); its
 * output is in the error when it fails.
 */
export async function dockerLogin(
  registry: string,
  username: string,
  password: string,
): Promise<void> {
  const args = ['login', '--username', username, '--password-stdin', registry];
  await dockerOk(args, { input: password, silent: true });
  core.info(`Logged in to ${registry}: docker ${args.join(' ')}`);
}

export async function dockerLogout(registry: string): Promise<void> {
  await docker(['logout', registry], { silent: true });
}
