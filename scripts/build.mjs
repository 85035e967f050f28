// Builds every action's entry with ncc into its own dist/<name>/ folder (ncc writes numbered
// chunk files beside each entry, so entries never share a folder). Runs two builds at a time.
import { spawn } from 'node:child_process';
import { rmSync, readdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listActions, root } from './action-list.mjs';

const only = process.argv.slice(2);
const actions = listActions().filter((a) => only.length === 0 || only.includes(a.name));
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

if (only.length === 0) {
  // A full build starts from nothing, so a removed action leaves no stale folder behind.
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
}

function build(action) {
  const out = path.join(root, 'dist', action.name);
  rmSync(out, { recursive: true, force: true });
  const args = [ncc, 'build', action.entry, '-o', out, '--minify', '--source-map',
    '--no-source-map-register', '--license', 'licenses.txt', '--target', 'es2022', '--quiet'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`ncc failed for ${action.name} (exit ${code})`));
      else if (!existsSync(path.join(out, 'index.js'))) reject(new Error(`no index.js for ${action.name}`));
      else resolve(readdirSync(out).length);
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
      console.log(`built dist/${action.name} in ${((Date.now() - t) / 1000).toFixed(1)}s`);
    }
  }),
);
console.log(`built ${actions.length} actions in ${((Date.now() - started) / 1000).toFixed(1)}s`);
