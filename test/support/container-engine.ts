/**
 * A real container engine for tests: podman serving the Docker API on a private unix socket,
 * driven by the real `docker` CLI.
 *
 * ```ts
 * const support = containerEngineSupport();          // throws in CI when podman is missing
 * (support.ok ? describe : describe.skip)('...', () => {
 *   let engine: ContainerEngine;
 *   beforeAll(async () => {
 *     engine = await startContainerEngine();
 *     await engine.buildBaseImage();                // local/busybox:latest, so RUN works
 *   }, 60_000);
 *   afterAll(() => engine.stop());
 *   // run docker (or a compiled action) with engine.env: DOCKER_HOST, DOCKER_CONFIG...
 * });
 * ```
 *
 * Podman runs with runc and no default ulimits (crun fails on these machines), vfs storage in
 * a temporary folder, and `localhost` registries marked insecure (plain HTTP), so images pushed
 * to the local stack's registry (`localhost:PORT/<repo>`) need no TLS. Nothing can be pulled:
 * build FROM scratch or FROM the base image `buildBaseImage()` makes from /bin/busybox.
 * Share one engine per test file: starting is quick (~0.1 s), but every build costs seconds.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';

/** The base image `buildBaseImage()` builds: busybox as /bin/sh and every applet. */
export const BASE_IMAGE = 'local/busybox:latest';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ContainerEngine {
  /**
   * Environment for the docker CLI (and for actions that run it): DOCKER_HOST at the engine,
   * DOCKER_CONFIG a private folder (logins never touch ~/.docker), and the podman settings.
   */
  env: Record<string, string>;
  /** unix:///.../podman.sock */
  dockerHost: string;
  /** Runs the real docker CLI against the engine. `input` goes to stdin. */
  docker(
    args: readonly string[],
    options?: { input?: string; cwd?: string },
  ): Promise<CommandResult>;
  /** Builds BASE_IMAGE from the machine's static busybox (once per engine; ~2 s). */
  buildBaseImage(): Promise<string>;
  /** Stops the engine and removes its storage. */
  stop(): Promise<void>;
}

export type EngineSupport = { ok: true } | { ok: false; reason: string };

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = result.stdout.trim();
  return result.status === 0 && found !== '' ? found : undefined;
}

/**
 * Whether the tests can use a container engine here. Locally, a missing podman (or docker CLI,
 * runc, static busybox) is a reason to skip; in CI (`CI` set) it is an error, so a broken
 * runner image can never turn these tests into silent skips.
 */
export function containerEngineSupport(): EngineSupport {
  const missing = ['podman', 'docker', 'runc'].filter((command) => which(command) === undefined);
  if (!existsSync(busyboxPath())) missing.push('busybox-static (/bin/busybox)');
  if (missing.length === 0) return { ok: true };
  const reason = `container engine unavailable: missing ${missing.join(', ')} (.ci/install-system.sh installs them)`;
  if (process.env.CI) throw new Error(reason);
  return { ok: false, reason };
}

function busyboxPath(): string {
  return process.env.BUSYBOX_STATIC ?? '/bin/busybox';
}

/** Starts `podman system service` on a private socket and waits until the Docker API answers. */
export async function startContainerEngine(
  options: { timeoutMs?: number } = {},
): Promise<ContainerEngine> {
  const support = containerEngineSupport();
  if (!support.ok) throw new Error(support.reason);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'engine-'));
  const containersConf = path.join(dir, 'containers.conf');
  writeFileSync(
    containersConf,
    ['[containers]', 'default_ulimits = []', '', '[engine]', 'runtime = "runc"', ''].join('\n'),
  );
  const registriesConf = path.join(dir, 'registries.conf');
  writeFileSync(
    registriesConf,
    [
      'unqualified-search-registries = []',
      '',
      '[[registry]]',
      'location = "localhost"',
      'insecure = true',
      '',
      '[[registry]]',
      'location = "127.0.0.1"',
      'insecure = true',
      '',
    ].join('\n'),
  );
  const dockerConfig = path.join(dir, 'docker-config');
  mkdirSync(dockerConfig);
  const socket = path.join(dir, 'podman.sock');
  const dockerHost = `unix://${socket}`;
  const podmanEnv = {
    CONTAINERS_CONF: containersConf,
    CONTAINERS_REGISTRIES_CONF: registriesConf,
  };
  const child = spawn(
    'podman',
    [
      '--root',
      path.join(dir, 'root'),
      '--runroot',
      path.join(dir, 'runroot'),
      '--storage-driver',
      'vfs',
      'system',
      'service',
      '--time',
      '0',
      dockerHost,
    ],
    {
      env: { ...process.env, ...podmanEnv, TMPDIR: dir },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: false,
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  try {
    await waitForPing(socket, child, options.timeoutMs ?? 20_000);
  } catch (error) {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`podman did not start: ${(error as Error).message}\n${stderr}`, {
      cause: error,
    });
  }

  const env: Record<string, string> = {
    DOCKER_HOST: dockerHost,
    DOCKER_CONFIG: dockerConfig,
    ...podmanEnv,
  };
  let baseImage: Promise<string> | undefined;
  const engine: ContainerEngine = {
    env,
    dockerHost,
    docker: (args, runOptions = {}) => runDocker(args, env, runOptions),
    buildBaseImage() {
      baseImage ??= (async () => {
        const context = path.join(dir, 'base-image');
        mkdirSync(context, { recursive: true });
        copyFileSync(busyboxPath(), path.join(context, 'busybox'));
        writeFileSync(
          path.join(context, 'Dockerfile'),
          [
            'FROM scratch',
            'COPY busybox /bin/busybox',
            'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
            'CMD ["/bin/sh"]',
            '',
          ].join('\n'),
        );
        const result = await runDocker(['build', '-q', '-t', BASE_IMAGE, context], env, {});
        if (result.code !== 0) throw new Error(`building ${BASE_IMAGE} failed: ${result.stderr}`);
        return BASE_IMAGE;
      })();
      return baseImage;
    },
    async stop() {
      // Containers outlive the API service (conmon keeps them): remove them first, or their
      // mounts keep the storage busy and their processes keep running.
      await removeAllContainers(socket).catch(() => undefined);
      await stopProcess(child);
      // podman's files may still be going away after it exits (ENOTEMPTY): retry, as rm -rf would.
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
  return engine;
}

function runDocker(
  args: readonly string[],
  env: Record<string, string>,
  options: { input?: string; cwd?: string },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, {
      env: { ...process.env, ...env },
      cwd: options.cwd ?? process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

async function waitForPing(socket: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`podman exited with ${child.exitCode}`);
    if (existsSync(socket) && (await ping(socket))) return;
    if (Date.now() > deadline) throw new Error(`no answer on ${socket} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Kills and removes every container of the engine (Docker API: list, then DELETE ?force). */
async function removeAllContainers(socket: string): Promise<void> {
  const call = (method: string, apiPath: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = request({ socketPath: socket, path: apiPath, method }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
  const containers = JSON.parse(await call('GET', '/containers/json?all=true')) as { Id: string }[];
  await Promise.all(containers.map((c) => call('DELETE', `/containers/${c.Id}?force=true&v=true`)));
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
