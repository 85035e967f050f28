// Builds every action's entry with ncc into its own dist/<name>/ folder (ncc writes numbered
// chunk files beside each entry, so entries never share a folder). Runs two builds at a time.
//
//   node scripts/build.mjs                 every action, into a fresh dist/
//   node scripts/build.mjs deploy-ecs ...  only these actions (their folders are replaced)
//   node scripts/build.mjs --out DIR ...   into DIR instead of dist/ (determinism checks)
import { spawn } from 'node:child_process';
import { rmSync, readdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listActions, root } from './action-list.mjs';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outRoot = outIndex === -1 ? path.join(root, 'dist') : path.resolve(args[outIndex + 1] ?? '');
const only = outIndex === -1 ? args : args.filter((_, i) => i !== outIndex && i !== outIndex + 1);
const all = listActions();
const unknown = only.filter((name) => !all.some((a) => a.name === name));
if (unknown.length > 0 || (outIndex !== -1 && args[outIndex + 1] === undefined)) {
  console.error(
    unknown.length > 0
      ? `unknown action(s): ${unknown.join(', ')}; known: ${all.map((a) => a.name).join(', ')}`
      : '--out needs a directory',
  );
  process.exit(2);
}
const actions = all.filter((a) => only.length === 0 || only.includes(a.name));
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

if (only.length === 0) {
  // A full build starts from nothing, so a removed action leaves no stale folder behind.
  rmSync(outRoot, { recursive: true, force: true });
}

function build(action) {
  const out = path.join(outRoot, action.name);
  rmSync(out, { recursive: true, force: true });
  const nccArgs = [
    ncc,
    'build',
    action.entry,
    '-o',
    out,
    '--minify',
    '--source-map',
    '--no-source-map-register',
    '--license',
    'licenses.txt',
    '--target',
    'es2022',
    '--quiet',
    // `npm run typecheck` checks the whole project once; ncc would type-check it again for every
    // entry (minutes on two cores). The emitted code is the same either way.
    '--transpile-only',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nccArgs, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`ncc failed for ${action.name} (exit ${code})`));
      } else if (!existsSync(path.join(out, 'index.js'))) {
        reject(new Error(`no index.js for ${action.name}`));
      } else {
        resolve(readdirSync(out).length);
      }
    });
  });
}

const queue = [...actions];
const parallel = Math.max(1, Math.min(2, os.availableParallelism?.() ?? 2));
const started = Date.now();
await Promise.all(
  Array.from({ length: parallel }, async () => {
    for (let action = queue.shift(); action; action = queue.shift()) {
      const t = Date.now();
      await build(action);
      const where = path.relative(root, path.join(outRoot, action.name));
      console.log(`built ${where} in ${((Date.now() - t) / 1000).toFixed(1)}s`);
    }
  }),
);
console.log(`built ${actions.length} actions in ${((Date.now() - started) / 1000).toFixed(1)}s`);
