// Restores the lockfile entries of platform-specific optional packages (napi-rs style binaries
// such as @swc/core-darwin-arm64 or @unrs/resolver-binding-win32-x64-msvc) that npm leaves out
// when the registry it installs from does not serve them (npm/cli#4828). Without those entries
// `npm ci` refuses the lockfile ("Missing: @swc/core-darwin-arm64@ from lock file") on every
// machine. Each restored entry carries the exact version its parent pins and the os/cpu/libc
// its name stands for, so npm skips it on other platforms and fetches it on its own.
//
//   node scripts/lockfile-platforms.mjs          add the missing entries (after npm install)
//   node scripts/lockfile-platforms.mjs --check  exit 1 when any is missing
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PLATFORM =
  /-(darwin|linux|win32|android|freebsd|openharmony)-(x64|arm64|arm|ia32|ppc64|s390x|riscv64|loong64)(?:-(gnu|musl|msvc|gnueabihf|musleabihf|eabi))?$/;

/** os/cpu/libc for a platform package name, or undefined when the name is not one. */
export function platformOf(name) {
  const match = PLATFORM.exec(name);
  if (match === null) return undefined;
  const [, os, cpu, abi] = match;
  const result = { os: [os], cpu: [cpu] };
  if (os === 'linux' && abi !== undefined) {
    result.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  }
  return result;
}

/** The entries to add: [location, entry] for every missing platform package. */
export function missingEntries(lock) {
  const packages = lock.packages ?? {};
  const added = new Map();
  for (const [location, pkg] of Object.entries(packages)) {
    for (const [name, spec] of Object.entries(pkg.optionalDependencies ?? {})) {
      const nested = `${location === '' ? '' : `${location}/`}node_modules/${name}`;
      const hoisted = `node_modules/${name}`;
      if (packages[nested] || packages[hoisted] || added.has(hoisted)) continue;
      const platform = platformOf(name);
      if (platform === undefined || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) continue;
      added.set(hoisted, {
        version: spec,
        cpu: platform.cpu,
        ...(pkg.dev === true ? { dev: true } : {}),
        ...(platform.libc ? { libc: platform.libc } : {}),
        optional: true,
        os: platform.os,
      });
    }
  }
  return [...added];
}

function sortedPackages(packages) {
  const keys = Object.keys(packages).sort((a, b) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'),
  );
  return Object.fromEntries(keys.map((key) => [key, packages[key]]));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = path.join(root, 'package-lock.json');
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  const missing = missingEntries(lock);
  if (process.argv.includes('--check')) {
    for (const [location] of missing) console.error(`package-lock.json lacks ${location}`);
    if (missing.length > 0) {
      console.error('Run `node scripts/lockfile-platforms.mjs` after npm install.');
      process.exit(1);
    }
    console.log('package-lock.json lists every platform package');
  } else {
    lock.packages = sortedPackages({ ...lock.packages, ...Object.fromEntries(missing) });
    writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
    console.log(`added ${missing.length} platform package entries to package-lock.json`);
  }
}
