import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigurationError, describeError } from '../core/errors';
import { actionInputs, type InputReader } from '../core/inputs';
import { rootInputName, type PartInputs, type PartName } from './inputs';

// The root action runs the single actions' compiled bundles, one at a time, each in a child
// process started the way the runner starts an action: `node dist/<part>/index.js` with the
// part's inputs as INPUT_* variables and a private GITHUB_OUTPUT file that is read back
// afterwards. The same code, the same input checks, the same summaries - and dist/deploy stays
// small, because it does not carry a second copy of every action.
//
// The child's stdout is passed through line by line (workflow commands such as ::add-mask::
// and ::group:: reach the runner unchanged); its ::error:: line becomes a plain log line and
// the reason of the PartFailedError, so the root action reports one failure with the whole
// story (what failed, what was rolled back) instead of two.

type InputsModule = { readInputs: (inputs: InputReader) => unknown };

const INPUT_CHECKS: Record<PartName, () => Promise<InputsModule>> = {
  'build-push-ecr': () => import('../build-push-ecr/inputs'),
  'run-migrations': () => import('../run-migrations/inputs'),
  'deploy-apprunner': () => import('../deploy-apprunner/inputs'),
  'deploy-ecs': () => import('../deploy-ecs/inputs'),
  'verify-health': () => import('../verify-health/inputs'),
  'sync-spa-s3': () => import('../sync-spa-s3/inputs'),
  'invalidate-cdn': () => import('../invalidate-cdn/inputs'),
};

/** A part failed; carries the outputs it wrote before failing (a deploy's previous-image...). */
export class PartFailedError extends Error {
  override readonly name = 'PartFailedError';
  constructor(
    readonly part: PartName,
    override readonly cause: unknown,
    readonly outputs: Record<string, string>,
  ) {
    super(`${part}: ${describeError(cause)}`);
  }
}

export type RunPart = (
  part: PartName,
  inputs: PartInputs,
  signal: AbortSignal,
) => Promise<Record<string, string>>;

export interface PartRunnerOptions {
  /** The folder holding every action's bundle (`dist/`): `<bundles>/<part>/index.js`. */
  bundles: string;
  /** The Node.js binary (default: the one running the root action, the runner's). */
  node?: string;
  /** Where the child's log lines go (default: this process's stdout). */
  write?: (line: string) => void;
}

/** The bundles next to the running root action: dist/deploy/index.js -> dist/. */
export function bundlesBesideEntry(entry = process.argv[1]): string {
  if (entry === undefined) throw new Error('cannot tell where the root action runs from');
  return path.dirname(path.dirname(path.resolve(entry)));
}

/** A RunPart that runs each part's compiled bundle in a child process. */
export function createPartRunner(options: PartRunnerOptions): RunPart {
  const node = options.node ?? process.execPath;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return async (part, inputs, signal) => {
    const entry = path.join(options.bundles, part, 'index.js');
    if (!existsSync(entry)) {
      throw new Error(
        `the ${part} bundle is missing at ${entry}; the action's checkout is incomplete`,
      );
    }
    const work = mkdtempSync(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), `deploy-${part}-`));
    const outputFile = path.join(work, 'output');
    writeFileSync(outputFile, '');
    try {
      const env: NodeJS.ProcessEnv = {};
      for (const [key, value] of Object.entries(process.env)) {
        if (!key.startsWith('INPUT_')) env[key] = value;
      }
      for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;
      env.GITHUB_OUTPUT = outputFile;
      const { code, errors } = await runChild(node, entry, env, signal, write);
      const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
      if (code !== 0) {
        const reason = errors.at(-1)?.replace(new RegExp(`^${part}: `), '');
        throw new PartFailedError(
          part,
          new Error(reason ?? `exited with code ${code} without an error message`),
          outputs,
        );
      }
      return outputs;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
}

interface ChildResult {
  code: number;
  /** The messages of the child's ::error:: commands, in order. */
  errors: string[];
}

function runChild(
  node: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
  write: (line: string) => void,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
      return;
    }
    const child = spawn(node, [entry], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const errors: string[] = [];
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', (line) => {
      const error = /^::error(?: [^:]*)?::(.*)$/.exec(line);
      if (error === null) {
        write(line);
        return;
      }
      const message = unescapeCommandData(error[1] ?? '');
      errors.push(message);
      write(`Error: ${message.replace(/\n/g, ' ')}`);
    });
    // Cancellation reaches the part as the runner's would: SIGTERM, which aborts its waits.
    const onAbort = (): void => {
      child.kill('SIGTERM');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    const closed = new Promise<void>((done) => lines.once('close', done));
    child.on('exit', (code, killedBy) => {
      signal.removeEventListener('abort', onAbort);
      void closed.then(() => resolve({ code: code ?? (killedBy === null ? 1 : 128), errors }));
    });
  });
}

/** Reverses the runner's escaping of workflow command data (%25, %0D, %0A). */
function unescapeCommandData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/**
 * Runs a part's own input checks (its readInputs) on the inputs it will get, so a mistake in
 * any part is a ConfigurationError before the first part changes anything. Values only known
 * later (the image, the service URL) are stood in for by well-formed placeholders.
 */
export async function checkPartInputs(part: PartName, inputs: PartInputs): Promise<void> {
  const { readInputs } = await INPUT_CHECKS[part]();
  try {
    readInputs(actionInputs(part, (name) => inputs[name]));
  } catch (error) {
    // The part names its own input; the user set the root input it comes from.
    if (!(error instanceof ConfigurationError) || error.input === undefined) throw error;
    const root = error.input;
    if (rootInputName(part, root) === root) throw error;
    const message = error.message.slice(`Input '${root}': `.length);
    throw new ConfigurationError(message, rootInputName(part, root));
  }
}

function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Parses the runner's file-command format (`name<<DELIMITER ... DELIMITER`, or `name=value`). */
export function parseOutputFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
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
