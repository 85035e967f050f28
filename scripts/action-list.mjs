// The list of actions the bundle ships, read from the action.yml files themselves: the build,
// the docs and the tests all iterate over this, so adding an action is adding its folder.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Every action: actions/<name>/action.yml in name order, then the root action.yml. `name` is the
 * dist/ folder its runs.main points at; `entry` is the TypeScript it is built from.
 *
 * @param {string} [base] the repository to read (the docs check runs it on a copy)
 * @returns {{ name: string, dir: string, actionFile: string, main: string, entry: string, spec: any }[]}
 */
export function listActions(base = root) {
  const files = readdirSync(path.join(base, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(base, 'actions', d.name, 'action.yml')))
    .map((d) => path.join(base, 'actions', d.name, 'action.yml'))
    .sort();
  files.push(path.join(base, 'action.yml'));
  return files.map((actionFile) => {
    let spec;
    try {
      spec = parse(readFileSync(actionFile, 'utf8'));
    } catch (error) {
      throw new Error(`${path.relative(base, actionFile)} is not valid YAML: ${error.message}`, {
        cause: error,
      });
    }
    if (typeof spec?.runs?.main !== 'string') {
      throw new Error(`${path.relative(base, actionFile)} has no runs.main`);
    }
    const main = path.resolve(path.dirname(actionFile), spec.runs.main);
    const name = path.basename(path.dirname(main));
    return {
      name,
      dir: path.dirname(actionFile),
      actionFile,
      main,
      entry: path.join(base, 'src', name, 'index.ts'),
      spec,
    };
  });
}
