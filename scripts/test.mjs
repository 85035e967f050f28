// `npm test`: the Debian packages check, then typecheck, lint, build and every jest project, with
// the independent parts overlapped: typecheck and lint run beside the build and then beside jest
// (which needs only the build, and mostly waits on containers, databases and the local stack),
// so the two cores stay busy. Their output is shown when they end; a failure stops everything
// and the exit code is not 0. Arguments go to jest (`npm test -- --json`); jest runs on Node 24.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './system-packages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (...parts) => path.join(root, 'node_modules', ...parts);

if (!ensureSystemPackages()) process.exit(1);

const children = new Set();
let stopping = false;

/** Runs a command; buffered output unless `live`. Resolves with its exit code and output. */
function run(name, command, args, { live = false } = {}) {
  const started = Date.now();
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe'] }); // prettier-ignore
  children.add(child);
  let output = '';
  if (!live) for (const stream of [child.stdout, child.stderr]) stream.on('data', (c) => (output += c)); // prettier-ignore
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      children.delete(child);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      resolve({ name, code: code ?? (signal === null ? 1 : 128), output, seconds });
    }),
  );
}

function report(result) {
  if (result.output.trim() !== '') process.stdout.write(`\n${result.output.trimEnd()}\n`);
  const verdict = result.code === 0 ? 'passed' : `FAILED (exit ${result.code})`;
  console.log(`> ${result.name} ${verdict} in ${result.seconds}s`);
}

/** Stops whatever still runs (a failure ends the whole test run). */
function stopAll() {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
}
process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});

const failures = [];
const checked = (promise) =>
  promise.then((result) => {
    if (stopping && result.code !== 0) return result;
    report(result);
    if (result.code !== 0) {
      failures.push(result.name);
      stopAll();
    }
    return result;
  });

console.log('> typecheck, lint and build in parallel; jest (on Node 24) once the build is done');
const typecheck = checked(run('typecheck', process.execPath, [bin('typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json'])); // prettier-ignore
const lint = checked(run('lint', 'npm', ['run', '--silent', 'lint']));
const jest = checked(
  run('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]),
).then(
  (build) =>
    build.code !== 0 || stopping
      ? undefined
      : checked(run('jest', process.execPath, [path.join(root, 'scripts', 'node24.mjs'), bin('jest', 'bin', 'jest.js'), ...process.argv.slice(2)], { live: true })), // prettier-ignore
);
await Promise.all([typecheck, lint, jest]);
if (failures.length > 0) {
  console.log(`\nnpm test failed: ${failures.join(', ')}`);
  process.exit(1);
}
