// The list of actions the bundle ships, read from the action.yml files themselves: the build,
// the docs and the tests all iterate over this, so adding an action is adding its folder.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {{ name: string, dir: string, actionFile: string, main: string, entry: string, spec: any }[]} */
export function listActions() {
  const files = readdirSync(path.join(root, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, 'actions', d.name, 'action.yml')))
    .map((d) => path.join(root, 'actions', d.name, 'action.yml'))
    .sort();
  files.push(path.join(root, 'action.yml'));
  return files.map((actionFile) => {
    const spec = parse(readFileSync(actionFile, 'utf8'));
    const main = path.resolve(path.dirname(actionFile), spec.runs.main);
    const name = path.basename(path.dirname(main));
    return {
      name,
      dir: path.dirname(actionFile),
      actionFile,
      main,
      entry: path.join(root, 'src', name, 'index.ts'),
      spec,
    };
  });
}
