import { request, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * Forwards one request to a container on loopback, as App Runner's front or an ALB does: any
 * method, path, query, headers and body; the answer comes back unchanged. The original Host is
 * kept and X-Forwarded-For/-Proto/-Port are added. 502 when the container does not answer.
 */
export function proxyTo(
  host: string,
  port: number,
  req: IncomingMessage,
  res: ServerResponse,
  extraHeaders: Record<string, string> = {},
): void {
  const incomingPort = req.socket.localPort;
  const headers = {
    ...req.headers,
    'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1',
    'x-forwarded-proto': 'encrypted' in req.socket ? 'https' : 'http',
    ...(incomingPort === undefined ? {} : { 'x-forwarded-port': String(incomingPort) }),
  };
  const upstream = request(
    { host, port, method: req.method, path: req.url ?? '/', headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...extraHeaders });
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) {
      res.destroy(error);
      return;
    }
    res.writeHead(502, { 'content-type': 'text/plain', ...extraHeaders });
    res.end(`502 Bad Gateway: the container did not answer (${error.message})\n`);
  });
  req.pipe(upstream);
}
