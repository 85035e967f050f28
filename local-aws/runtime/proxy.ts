import {
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';

/** Headers that describe one connection, not the message (RFC 9110 7.6.1): never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // The front answers 100 Continue itself (Node's server does, as an ALB does): the body is sent
  // to the container at once, which then never has to know about the expectation.
  'expect',
]);

export interface ProxyOptions {
  /** How long the container may stay silent (no response bytes) before 504, in ms (60000, an ALB's default idle timeout). */
  timeoutMs?: number;
}

/**
 * Forwards one request to a container on loopback, as App Runner's front or an ALB does: any
 * method, path, query, headers and body; status, headers and body come back unchanged. The
 * original Host is kept and X-Forwarded-For/-Proto/-Port are added.
 *
 * Each side has its own connection: hop-by-hop headers (Connection, Keep-Alive, Transfer-Encoding,
 * Expect...) are not forwarded, so the proxy frames the answer to the client itself (Content-Length
 * when the container gave one, else chunked): a container that answers `Connection: close` and
 * ends its body by closing (a shell server under `nc -e`) does not close the client's keep-alive
 * connection. Upstream connections are not pooled (one per request, as simple servers expect).
 * 502 when the container does not answer, 504 when it stays silent past the timeout; a client that
 * goes away aborts the upstream request.
 */
export function proxyTo(
  host: string,
  port: number,
  req: IncomingMessage,
  res: ServerResponse,
  extraHeaders: Record<string, string> = {},
  options: ProxyOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const incomingPort = req.socket.localPort;
  const headers: OutgoingHttpHeaders = {
    ...endToEnd(req.headers),
    'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1',
    'x-forwarded-proto': 'encrypted' in req.socket ? 'https' : 'http',
    ...(incomingPort === undefined ? {} : { 'x-forwarded-port': String(incomingPort) }),
  };
  const upstream = request(
    { host, port, method: req.method, path: req.url ?? '/', headers, agent: false },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...endToEnd(answer.headers), ...extraHeaders });
      // A body cut short (the container died mid-answer) must not look complete to the client.
      answer.on('aborted', () => res.destroy());
      answer.on('error', () => res.destroy());
      answer.pipe(res);
    },
  );
  upstream.setTimeout(timeoutMs, () => {
    upstream.destroy(new GatewayTimeout(`the container did not answer within ${timeoutMs} ms`));
  });
  upstream.on('error', (error) => {
    if (res.headersSent) {
      res.destroy(error);
      return;
    }
    const status = error instanceof GatewayTimeout ? 504 : 502;
    res.writeHead(status, { 'content-type': 'text/plain', ...extraHeaders });
    res.end(
      status === 504
        ? `504 Gateway Timeout: ${error.message}\n`
        : `502 Bad Gateway: the container did not answer (${error.message})\n`,
    );
  });
  // The client went away before the whole answer was sent: stop asking the container.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

class GatewayTimeout extends Error {}

/** The end-to-end headers: without the hop-by-hop ones and those the Connection header names. */
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
  );
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && !named.has(name)) kept[name] = value;
  }
  return kept;
}
