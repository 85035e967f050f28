import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** A Debian `docker-registry` (distribution 2.8) child process on loopback. */
export interface RunningRegistry {
  /** http://127.0.0.1:PORT, the registry's own address (no auth, no faults). */
  url: string;
  port: number;
  storageDir: string;
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/bin/docker-registry', '/usr/local/bin/docker-registry'];

/** The registry binary: DOCKER_REGISTRY_BIN, else the Debian package's, else undefined. */
export function findRegistryBinary(): string | undefined {
  const fromEnv = process.env.DOCKER_REGISTRY_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? fromEnv : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir !== '' && existsSync(path.join(dir, 'docker-registry'))) {
      return path.join(dir, 'docker-registry');
    }
  }
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

/** A free loopback port (the registry cannot listen on port 0 and report it back). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `docker-registry serve CONFIG` with filesystem storage under `dataDir`, deletes
 * enabled and no auth, and waits until `/v2/` answers.
 */
export async function startDockerRegistry(options: {
  binary: string;
  dataDir: string;
  host?: string;
  readyTimeoutMs?: number;
}): Promise<RunningRegistry> {
  const host = options.host ?? '127.0.0.1';
  const storageDir = path.join(options.dataDir, 'storage');
  mkdirSync(storageDir, { recursive: true });
  let lastError = '';
  // A port picked free can be taken before the registry binds it: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort(host);
    const config = path.join(options.dataDir, 'config.yml');
    writeFileSync(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: warn',
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${storageDir}`,
        '  delete:',
        '    enabled: true',
        '  maintenance:',
        '    uploadpurging:',
        '      enabled: false',
        'http:',
        `  addr: ${host}:${port}`,
        '',
      ].join('\n'),
    );
    const child = spawn(options.binary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const url = `http://${host}:${port}`;
    const ready = await waitReady(url, child, options.readyTimeoutMs ?? 10_000);
    if (ready) {
      return { url, port, storageDir, stop: () => stopChild(child) };
    }
    lastError = stderr.trim();
    await stopChild(child);
  }
  throw new Error(`docker-registry did not start: ${lastError || 'no output'}`);
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const res = await fetch(`${url}/v2/`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
