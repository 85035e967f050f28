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

/**
 * What the build bundles: every action's main entry, plus a post entry for each action whose
 * action.yml has `runs.post` (dist/<name>-post/index.js, built from src/<name>/post.ts; its own
 * folder, since ncc's chunk files must not be shared). `of` is the action an entry belongs to.
 *
 * @param {string} [base]
 * @returns {{ name: string, entry: string, main: string, of: string }[]}
 */
export function listBuildEntries(base = root) {
  return listActions(base).flatMap((action) => {
    const entries = [
      { name: action.name, entry: action.entry, main: action.main, of: action.name },
    ];
    const post = action.spec.runs?.post;
    if (typeof post === 'string') {
      const main = path.resolve(path.dirname(action.actionFile), post);
      const name = path.basename(path.dirname(main));
      if (name !== `${action.name}-post` || path.basename(main) !== 'index.js') {
        throw new Error(
          `${path.relative(base, action.actionFile)}: runs.post must be dist/${action.name}-post/index.js`,
        );
      }
      entries.push({
        name,
        entry: path.join(base, 'src', action.name, 'post.ts'),
        main,
        of: action.name,
      });
    }
    return entries;
  });
}
