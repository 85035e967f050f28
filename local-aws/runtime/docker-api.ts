import { request } from 'node:http';

/**
 * The few Docker Engine API calls the stack needs to run a deployed image, over the engine's
 * unix socket (podman `system service` or dockerd). No client library: plain node:http.
 */

export interface DockerResponse {
  status: number;
  body: string;
  bytes: Buffer;
}

export class DockerApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'DockerApiError';
  }
}

export interface ContainerState {
  running: boolean;
  exitCode: number;
  error: string;
}

/** `unix:///path/to.sock` or a bare socket path. */
export function socketPathOf(dockerHost: string): string {
  if (dockerHost.startsWith('unix://')) return dockerHost.slice('unix://'.length);
  if (dockerHost.startsWith('/')) return dockerHost;
  throw new Error(`only unix sockets are supported as container engine host: ${dockerHost}`);
}

export class DockerApi {
  private readonly socketPath: string;

  constructor(dockerHost: string) {
    this.socketPath = socketPathOf(dockerHost);
  }

  call(method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<DockerResponse> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          socketPath: this.socketPath,
          method,
          path: `/v1.41${path}`,
          headers: payload === undefined ? {} : { 'content-type': 'application/json' },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, body: bytes.toString('utf8'), bytes });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  private async ok(method: string, path: string, body?: unknown): Promise<DockerResponse> {
    const response = await this.call(method, path, body);
    if (response.status >= 300) {
      throw new DockerApiError(`${method} ${path}: ${messageOf(response)}`, response.status);
    }
    return response;
  }

  async hasImage(reference: string): Promise<boolean> {
    const response = await this.call('GET', `/images/${encodeURIComponent(reference)}/json`);
    return response.status === 200;
  }

  /** Pulls an image; the engine streams progress and reports a failure inside a 200 answer. */
  async pull(reference: string): Promise<void> {
    const response = await this.ok('POST', `/images/create?fromImage=${encodeURIComponent(reference)}`); // prettier-ignore
    for (const line of response.body.split('\n')) {
      if (line.trim() === '') continue;
      let event: { error?: string };
      try {
        event = JSON.parse(line) as { error?: string };
      } catch {
        continue;
      }
      if (typeof event.error === 'string') throw new DockerApiError(event.error, 500);
    }
  }

  async create(name: string, spec: Record<string, unknown>): Promise<string> {
    const response = await this.ok('POST', `/containers/create?name=${encodeURIComponent(name)}`, spec); // prettier-ignore
    return (JSON.parse(response.body) as { Id: string }).Id;
  }

  async start(id: string): Promise<void> {
    await this.ok('POST', `/containers/${id}/start`);
  }

  async state(id: string): Promise<ContainerState | undefined> {
    const response = await this.call('GET', `/containers/${id}/json`);
    if (response.status === 404) return undefined;
    if (response.status >= 300) throw new DockerApiError(messageOf(response), response.status);
    const state = (JSON.parse(response.body) as { State?: Record<string, unknown> }).State ?? {};
    return {
      running: state.Running === true,
      exitCode: Number(state.ExitCode ?? 0),
      error: typeof state.Error === 'string' ? state.Error : '',
    };
  }

  /** The last lines the container wrote (stdout and stderr), for failure reasons. */
  async logs(id: string, tail = 20): Promise<string> {
    const response = await this.call('GET', `/containers/${id}/logs?stdout=1&stderr=1&tail=${tail}`); // prettier-ignore
    if (response.status >= 300) return '';
    // Without a TTY the stream is multiplexed: frames of [stream, 0, 0, 0, size (4 bytes BE)].
    const bytes = response.bytes;
    const parts: Buffer[] = [];
    let at = 0;
    while (at + 8 <= bytes.length && (bytes[at] ?? 9) <= 2) {
      const size = bytes.readUInt32BE(at + 4);
      parts.push(bytes.subarray(at + 8, at + 8 + size));
      at += 8 + size;
    }
    return (parts.length > 0 ? Buffer.concat(parts) : bytes).toString('utf8').trim();
  }

  /** Kills and removes a container at once (busybox as PID 1 ignores SIGTERM). */
  async remove(id: string): Promise<void> {
    const response = await this.call('DELETE', `/containers/${id}?force=true&v=true`);
    if (response.status >= 300 && response.status !== 404) {
      throw new DockerApiError(messageOf(response), response.status);
    }
  }

  /** Containers carrying a label (`key=value`), running or not. */
  async listByLabel(label: string): Promise<string[]> {
    const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
    const response = await this.ok('GET', `/containers/json?all=true&filters=${filters}`);
    return (JSON.parse(response.body) as { Id: string }[]).map((c) => c.Id);
  }
}

function messageOf(response: DockerResponse): string {
  try {
    const parsed = JSON.parse(response.body) as { message?: string };
    if (typeof parsed.message === 'string') return `${response.status} ${parsed.message}`;
  } catch {
    // not JSON
  }
  return `${response.status} ${response.body.slice(0, 300)}`;
}
