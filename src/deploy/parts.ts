import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeError } from '../core/errors';
import { InputReader } from '../core/inputs';
import type { ActionMain } from '../core/run-action';
import type { PartInputs, PartName } from './inputs';

// The root action runs the single actions' own run() functions, in this process, one at a time:
// the same code, the same input checks, the same summaries. Each part reads its inputs from
// INPUT_* variables and writes outputs to GITHUB_OUTPUT, so while a part runs, the root action's
// INPUT_* variables are replaced by the part's and GITHUB_OUTPUT points at a private file that
// is read back afterwards. Modules load only when a part runs (start-up stays small).

type MainModule = { run: ActionMain };
type InputsModule = { readInputs: (inputs: InputReader) => unknown };

const MAINS: Record<PartName, () => Promise<MainModule>> = {
  'build-push-ecr': () => import('../build-push-ecr/main'),
  'run-migrations': () => import('../run-migrations/main'),
  'deploy-apprunner': () => import('../deploy-apprunner/main'),
  'deploy-ecs': () => import('../deploy-ecs/main'),
  'verify-health': () => import('../verify-health/main'),
  'sync-spa-s3': () => import('../sync-spa-s3/main'),
  'invalidate-cdn': () => import('../invalidate-cdn/main'),
};

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

/** Runs one single action's run() with the given inputs; returns its outputs. */
export const runPart: RunPart = async (part, inputs, signal) => {
  const { run } = await MAINS[part]();
  const work = mkdtempSync(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), `deploy-${part}-`));
  const outputFile = path.join(work, 'output');
  writeFileSync(outputFile, '');
  const saved = Object.entries(process.env).filter(
    ([key]) => key.startsWith('INPUT_') || key === 'GITHUB_OUTPUT',
  );
  try {
    for (const [key] of saved) delete process.env[key];
    for (const [name, value] of Object.entries(inputs)) process.env[inputVariable(name)] = value;
    process.env.GITHUB_OUTPUT = outputFile;
    try {
      await run({ signal });
    } catch (error) {
      throw new PartFailedError(part, error, parseOutputFile(readFileSync(outputFile, 'utf8')));
    }
    return parseOutputFile(readFileSync(outputFile, 'utf8'));
  } finally {
    for (const key of Object.keys(process.env)) {
      if (key.startsWith('INPUT_') || key === 'GITHUB_OUTPUT') delete process.env[key];
    }
    for (const [key, value] of saved) process.env[key] = value;
    rmSync(work, { recursive: true, force: true });
  }
};

/**
 * Runs a part's own input checks (its readInputs) on the inputs it will get, so a mistake in
 * any part is a ConfigurationError before the first part changes anything. Values only known
 * later (the image, the service URL) are stood in for by well-formed placeholders.
 */
export async function checkPartInputs(part: PartName, inputs: PartInputs): Promise<void> {
  const { readInputs } = await INPUT_CHECKS[part]();
  readInputs(new InputReader((name) => inputs[name]));
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
