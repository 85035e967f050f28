// The Debian packages the demo and the tests need (the list lives in .ci/install-system.sh, the
// script CI runs). When some are missing: installed by that script when this runs as root or
// with passwordless sudo, saying which and why; otherwise the one command to run is printed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = '.ci/install-system.sh';

/** Packages of the list that dpkg does not report installed; undefined without dpkg (not Debian). */
export function missingSystemPackages() {
  const check = spawnSync('bash', [SCRIPT, '--check'], { cwd: root, encoding: 'utf8' });
  if (check.status === 2) return undefined;
  return check.stdout.split(/\s+/).filter((name) => name !== '');
}

/** True when everything is there (or was just installed); false after printing what to run. */
export function ensureSystemPackages() {
  const missing = missingSystemPackages();
  if (missing === undefined) {
    console.log(`Not a Debian system: install what ${SCRIPT} lists with your package manager.`);
    return true;
  }
  if (missing.length === 0) return true;
  const why =
    'a container engine (podman, runc, skopeo, docker-registry, busybox-static) to build, push and ' +
    'run images, PostgreSQL and MariaDB servers for migrations, the AWS CLI and openssl';
  console.log(`Missing Debian packages: ${missing.join(' ')}.`);
  console.log(`The demo and the tests need ${why}.`);
  const root_ = process.getuid?.() === 0;
  const sudo = !root_ && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!root_ && !sudo) {
    console.log(`Install them once with:\n\n    sudo bash ${SCRIPT}\n`);
    return false;
  }
  console.log(`Installing them with ${root_ ? '' : 'sudo '}bash ${SCRIPT} (apt-get)...`);
  const command = root_ ? ['bash', [SCRIPT]] : ['sudo', ['-n', 'bash', SCRIPT]];
  const run = spawnSync(command[0], command[1], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.log(`Installing failed; run it yourself:\n\n    sudo bash ${SCRIPT}\n`);
    return false;
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(ensureSystemPackages() ? 0 : 1);
}
