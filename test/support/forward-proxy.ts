import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

// A real forward proxy on loopback, as a corporate proxy would be: CONNECT tunnels (HTTPS) and
// absolute-URI requests (plain HTTP), each recorded before it is passed on.

export interface ProxiedRequest {
  /** `CONNECT` for a tunnel, else the HTTP method of an absolute-URI request. */
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
}

export interface ForwardProxy {
  /** `http://127.0.0.1:PORT`, what HTTPS_PROXY / HTTP_PROXY take. */
  url: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    const target = request.url ?? '';
    requests.push({ method: request.method ?? '', target });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      response.writeHead(400).end('a forward proxy takes absolute URIs');
      return;
    }
    const upstream = http.request(
      {
        host: url.hostname,
        port: url.port === '' ? 80 : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end('upstream unreachable'));
    request.pipe(upstream);
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? '';
    requests.push({ method: 'CONNECT', target });
    const colon = target.lastIndexOf(':');
    const upstream = net.connect(Number(target.slice(colon + 1)), target.slice(0, colon), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
