import { execFile } from 'node:child_process';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { promisify } from 'node:util';
import { proxyTo } from '../../local-aws/runtime/proxy';

// The service endpoints reverse-proxy to the deployed container: what a container may do on the
// wire (close-delimited answers, Connection: close, no 100 Continue, no answer at all) must come
// back to the client as it would through App Runner's front or an ALB, and never hang.

const exec = promisify(execFile);

/** Connections the hand-written servers hold, destroyed after each test. */
const sockets = new Set<Socket>();

/** An HTTP/1.1 server written by hand, as the shell stand-ins are: `answer` gets the raw request. */
function rawUpstream(answer: (request: string, socket: Socket) => void): Promise<NetServer> {
  return new Promise((resolve) => {
    const server = createNetServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      let received = '';
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        const head = received.indexOf('\r\n\r\n');
        if (head < 0) return;
        const length = Number(
          /\r\ncontent-length: *(\d+)/i.exec(received.slice(0, head))?.[1] ?? 0,
        );
        if (received.length - head - 4 < length) return;
        answer(received, socket);
      });
      socket.on('error', () => undefined);
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** A front server on loopback that proxies every request to the upstream port. */
function front(port: number, options?: { timeoutMs: number }): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => proxyTo('127.0.0.1', port, req, res, {}, options));
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: Server | NetServer): number => (server.address() as AddressInfo).port;

async function curl(args: string[]): Promise<string> {
  const { stdout } = await exec('curl', ['-sS', '--max-time', '10', ...args]);
  return stdout;
}

describe('proxyTo', () => {
  const servers: (Server | NetServer)[] = [];
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    for (const server of servers.splice(0)) {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  async function through(
    upstream: NetServer | Server,
    options?: { timeoutMs: number },
  ): Promise<string> {
    servers.push(upstream);
    const proxy = await front(portOf(upstream), options);
    servers.push(proxy);
    return `http://127.0.0.1:${portOf(proxy)}`;
  }

  it('passes a close-delimited answer (no Content-Length, Connection: close) through whole', async () => {
    const url = await through(
      await rawUpstream((_request, socket) => {
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\npart one, ',
        );
        setTimeout(() => socket.end('part two'), 50);
      }),
    );
    const started = Date.now();
    const response = await fetch(`${url}/x`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('part one, part two');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('forwards a POST body with its Content-Length to a server that reads exactly that, and answers Connection: close', async () => {
    const seen: string[] = [];
    const url = await through(
      await rawUpstream((raw, socket) => {
        seen.push(raw);
        const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
        socket.end(
          `HTTP/1.1 201 Created\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }),
    );
    const body = JSON.stringify({ email: 'a@example.com', password: 'p' }, null, 2);
    // curl as the example's smoke step calls it, twice on one connection (keep-alive to the front).
    const post = ['-f', '-X', 'POST', '-H', 'content-type: application/json', '-d', body];
    const out = await curl([...post, `${url}/api/signup`, '--next', ...post, `${url}/api/login`]);
    expect(out).toBe(body + body);
    expect(seen).toHaveLength(2);
    // Hop-by-hop headers are the proxy's own business: none of the client's reach the container.
    for (const raw of seen) {
      expect(raw).toContain(`\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`);
      expect(raw).toMatch(/\r\nx-forwarded-for: 127\.0\.0\.1\r\n/i);
      expect(raw).not.toMatch(/\r\n(keep-alive|proxy-connection|upgrade):/i);
    }
  });

  it('answers a client that expects 100-continue, though the container never sends it', async () => {
    const url = await through(
      await rawUpstream((raw, socket) => {
        const length = raw.length - raw.indexOf('\r\n\r\n') - 4;
        socket.end(
          `HTTP/1.1 200 OK\r\nContent-Length: ${String(length).length}\r\nConnection: close\r\n\r\n${length}`,
        );
      }),
    );
    const body = 'x'.repeat(5000);
    const started = Date.now();
    const out = await curl(['-f', '-H', 'Expect: 100-continue', '--expect100-timeout', '5', '-d', body, `${url}/upload`]); // prettier-ignore
    expect(out).toBe('5000');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('answers 504 when the container accepts the request but never answers', async () => {
    const url = await through(await rawUpstream(() => undefined), { timeoutMs: 300 });
    const response = await fetch(`${url}/slow`);
    expect(response.status).toBe(504);
    expect(await response.text()).toMatch(/did not answer within 300 ms/);
  });

  it('answers 502 when the container closes without answering', async () => {
    const url = await through(await rawUpstream((_raw, socket) => socket.destroy()));
    const response = await fetch(`${url}/gone`);
    expect(response.status).toBe(502);
  });

  it('stops the upstream request when the client goes away', async () => {
    let closed: () => void;
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
    const upstream = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('streaming');
      res.on('close', () => closed());
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const url = await through(upstream);
    await new Promise<void>((resolve, reject) => {
      const req = request(`${url}/stream`, (res: IncomingMessage) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      req.on('close', () => undefined);
      req.once('error', reject);
      req.end();
    });
    await upstreamClosed;
  });
});
