import { createServer, type Server } from 'node:http';
import { AwsError } from './aws-error';
import type { FaultRule } from './faults';
import {
  credentialScope,
  lowerCaseHeaders,
  readBody,
  type ApiRequest,
  type ApiResponse,
} from './request';
import type { AwsService } from './service';
import type { StackContext } from './stack-context';

/** Default errors for `throttle` faults, per service protocol. */
const THROTTLE: Record<string, { status: number; code: string }> = {
  s3: { status: 503, code: 'SlowDown' },
  cloudfront: { status: 400, code: 'Throttling' },
  sts: { status: 400, code: 'Throttling' },
};

/**
 * The stack's one API endpoint. Requests are routed by the SigV4 credential scope's service
 * name, as AWS routes them by host name; `/_local/...` is the stack's own control API.
 */
export function createApiServer(context: StackContext, services: Map<string, AwsService>): Server {
  // Services register after the server listens (some need its endpoint), so route at request time.
  const route = (signingName: string): [string, AwsService] | undefined => {
    for (const [name, service] of services) {
      if (service.signingNames.includes(signingName)) return [name, service];
    }
    return undefined;
  };

  return createServer((raw, res) => {
    void (async () => {
      const started = performance.now(); // before the body: an upload's wave starts as it is sent
      const url = new URL(raw.url ?? '/', `http://${raw.headers.host ?? 'localhost'}`);
      const headers = lowerCaseHeaders(raw);
      const body = await readBody(raw);
      const req: ApiRequest = {
        method: raw.method ?? 'GET',
        url,
        path: decodeURIComponent(url.pathname),
        headers,
        body,
        raw,
      };

      if (url.pathname.startsWith('/_local/')) {
        await control(context, services, req, res);
        return;
      }
      const scope = credentialScope(headers, url);
      const routed = scope === undefined ? undefined : route(scope.service);
      if (scope === undefined || routed === undefined) {
        const text = JSON.stringify({
          __type:
            scope === undefined ? 'MissingAuthenticationTokenException' : 'UnknownServiceException',
          message:
            scope === undefined
              ? 'Missing Authentication Token'
              : `The local stack has no service ${scope.service}`,
        });
        res.writeHead(scope === undefined ? 403 : 400, { 'content-type': 'application/json' });
        res.end(text);
        return;
      }
      req.signingName = scope.service;
      req.accessKeyId = scope.accessKeyId;
      const [serviceName, service] = routed;
      const operation = service.operationOf(req);
      const faults = context.faults.match(serviceName, operation);
      let applied: string | undefined;
      for (const fault of faults.filter((f) => f.kind === 'latency')) {
        await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 1000));
        applied = 'latency';
      }
      const failure = faults.find((f) => f.kind !== 'latency');
      if (failure?.kind === 'reset') {
        context.requests.record({
          service: serviceName,
          operation,
          method: req.method,
          path: req.path,
          status: 0,
          fault: 'reset',
          started,
        });
        raw.socket.destroy();
        return;
      }
      res.on('finish', () =>
        context.requests.record({
          service: serviceName,
          operation,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          started,
          ...(failure !== undefined
            ? { fault: failure.kind }
            : applied !== undefined
              ? { fault: applied }
              : {}),
        }),
      );
      if (failure?.kind === 'gateway') {
        const body = failure.body ?? GATEWAY_PAGE;
        res.writeHead(failure.status ?? 502, {
          'content-type': body === '' ? 'text/plain' : 'text/html',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
        return;
      }
      try {
        if (failure !== undefined) throw faultError(serviceName, failure);
        await service.handle(req, res);
      } catch (error) {
        if (res.headersSent) {
          res.destroy();
        } else if (error instanceof AwsError) {
          service.sendError(res, error);
        } else {
          console.error(`local-aws ${serviceName}.${operation}:`, error);
          service.sendError(res, new AwsError('InternalFailure', String(error), 500));
        }
      }
    })().catch((error: unknown) => {
      console.error('local-aws: request failed', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
}

/** What a reverse proxy in front of an unreachable upstream answers. */
const GATEWAY_PAGE =
  '<!doctype html>\n<html><head><title>502 Bad Gateway</title></head>\n' +
  '<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';

function faultError(service: string, fault: FaultRule): AwsError {
  if (fault.kind === 'throttle') {
    const t = THROTTLE[service] ?? { status: 400, code: 'ThrottlingException' };
    return new AwsError(
      fault.code ?? t.code,
      fault.message ?? 'Rate exceeded',
      fault.status ?? t.status,
    );
  }
  const status = fault.status ?? 500;
  const code =
    fault.code ??
    (service === 's3'
      ? 'InternalError'
      : status >= 500
        ? 'InternalFailure'
        : 'ValidationException');
  return new AwsError(code, fault.message ?? 'Injected fault', status);
}

async function control(
  context: StackContext,
  services: Map<string, AwsService>,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const path = req.url.pathname.slice('/_local/'.length);
  const json = (): Record<string, unknown> =>
    req.body.length === 0 ? {} : (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>);
  try {
    if (path === 'health') return send(200, { status: 'ok', services: [...services.keys()] });
    if (path === 'requests' && req.method === 'GET') return send(200, context.requests.all());
    if (path === 'requests' && req.method === 'DELETE') {
      context.requests.clear();
      return send(200, {});
    }
    if (path === 'faults' && req.method === 'POST')
      return send(200, context.faults.add(json() as unknown as FaultRule));
    if (path === 'faults' && req.method === 'GET') return send(200, context.faults.list());
    if (path === 'faults' && req.method === 'DELETE') {
      context.faults.clear();
      return send(200, {});
    }
    if (path === 'images/unhealthy' && req.method === 'POST') {
      context.workloads.markUnhealthy(String(json().image));
      return send(200, {});
    }
    const [name, ...rest] = path.split('/');
    const service = name === undefined ? undefined : services.get(name);
    if (service?.control !== undefined && (await service.control(rest.join('/'), req, res))) return;
    send(404, { message: `no control at /_local/${path}` });
  } catch (error) {
    send(400, { message: String(error) });
  }
}
