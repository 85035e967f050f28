// `npm run test:stress [-- --runs N --burners N]`: runs the whole suite (`npm test`) N times in a
// row (default 3) while CPU-bound processes (default 2) spin beside it for the whole time, to
// show that no test depends on the machine being idle. The burners are bounded: this script
// starts and stops them, and each one also exits when this script goes away or after
// --max-minutes (default 90). Not part of CI. Prints, per run, the exit code, jest's test counts,
// the time taken and the load average.
import { fork, spawn } from 'node:child_process';
import os from 'node:os';
import { setImmediate, setInterval, clearInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';

if (process.argv[2] === '--burn') {
  // A burner: spins until its parent disconnects or its time is up.
  const until = Date.now() + Number(process.argv[3]) * 60_000;
  process.on('disconnect', () => process.exit(0));
  const spin = () => {
    const slice = Date.now() + 50;
    let x = 0;
    while (Date.now() < slice) x = (x * 31 + 7) % 1_000_003;
    if (Date.now() > until) process.exit(0);
    setImmediate(spin); // lets the disconnect event in
  };
  spin();
} else {
  const option = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? fallback : Number(process.argv[i + 1]);
  };
  const runs = option('runs', 3);
  const burnerCount = option('burners', 2);
  const maxMinutes = option('max-minutes', 90);
  const self = fileURLToPath(import.meta.url);
  const burners = Array.from({ length: burnerCount }, () =>
    fork(self, ['--burn', String(maxMinutes)], { stdio: 'ignore' }),
  );
  const stopBurners = () => {
    for (const burner of burners) if (burner.connected) burner.disconnect();
    for (const burner of burners) burner.kill();
  };
  process.on('SIGINT', () => {
    stopBurners();
    process.exit(130);
  });
  console.log(`test:stress: ${runs} run(s) of npm test beside ${burnerCount} CPU-bound process(es) on ${os.cpus().length} core(s)`); // prettier-ignore
  const results = [];
  for (let run = 1; run <= runs; run++) {
    const started = Date.now();
    const loads = [];
    const sampler = setInterval(() => loads.push(os.loadavg()[0]), 10_000);
    let tail = '';
    const child = spawn('npm', ['test'], { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        process.stdout.write(chunk);
        tail = (tail + chunk.toString()).slice(-20_000);
      });
    }
    const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
    clearInterval(sampler);
    const tests = /^Tests:\s+(.*)$/m.exec(tail)?.[1] ?? 'no jest summary';
    const seconds = Math.round((Date.now() - started) / 1000);
    const load = loads.length === 0 ? os.loadavg()[0] : loads.reduce((a, b) => a + b) / loads.length; // prettier-ignore
    results.push({ run, code, tests, seconds, load: load.toFixed(1) });
    if (code !== 0) break;
  }
  stopBurners();
  console.log('\ntest:stress results (load = mean 1-minute load average during the run):');
  for (const r of results)
    console.log(`  run ${r.run}: exit ${r.code}, ${r.seconds}s, load ${r.load}, tests: ${r.tests}`);
  const passed = results.filter((r) => r.code === 0).length;
  console.log(`  ${passed} of ${runs} passed`);
  process.exit(passed === runs ? 0 : 1);
}
