import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface ActionFile {
  /** `actions/<name>/action.yml` or `action.yml`, relative to the repository. */
  file: string;
  /** The folder the file is in (`actions/<name>` or `.`). */
  dir: string;
  /** The dist/ folder and src/ folder name its runs.main points at. */
  name: string;
  spec: ActionSpec;
}

export interface ActionSpec {
  name?: unknown;
  description?: unknown;
  inputs?: Record<string, { description?: unknown; required?: unknown; default?: unknown } | null>;
  outputs?: Record<string, { description?: unknown; value?: unknown } | null>;
  runs?: { using?: unknown; main?: unknown; pre?: unknown; post?: unknown };
}

/** Every action.yml of the bundle: one per actions/ folder, plus the root one. */
export function actionFiles(): ActionFile[] {
  const dirs = readdirSync(path.join(repoRoot, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `actions/${d.name}`)
    .sort();
  return [...dirs, '.'].map((dir) => {
    const file = path.posix.join(dir, 'action.yml');
    const text = existsSync(path.join(repoRoot, file))
      ? readFileSync(path.join(repoRoot, file), 'utf8')
      : '';
    const spec = (parse(text) ?? {}) as ActionSpec;
    const main = typeof spec.runs?.main === 'string' ? spec.runs.main : '';
    return { file, dir, name: path.basename(path.dirname(main)), spec };
  });
}
