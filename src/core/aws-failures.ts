/**
 * Where an AWS call failed, in its error message: the operation, the HTTP status, the endpoint
 * host and the request id. A client from `createClient` carries `describeFailures` as a
 * middleware, so every call of every action gets it in one place.
 */

/** What the middleware sees of a request and of the SDK's context (structural, no SDK types). */
interface RequestArgs {
  request?: { hostname?: string; port?: number };
}
interface HandlerContext {
  clientName?: string;
  commandName?: string;
}
type Handler = (args: RequestArgs) => Promise<unknown>;

export interface MiddlewareStackLike {
  add(
    middleware: (next: Handler, context: HandlerContext) => Handler,
    options: { step: 'build'; name: string; override?: boolean },
  ): void;
}

/** The details an SDK error carries about the HTTP exchange. */
interface SdkErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

const DESCRIBED = Symbol.for('aws-web-deploy.described');

/**
 * Adds the middleware to a client's stack. It sits in the build step, outside the SDK's
 * retries, so it describes the error the caller finally gets.
 */
export function describeFailures(stack: MiddlewareStackLike): void {
  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        describeAwsFailure(error, {
          service: (context.clientName ?? '').replace(/Client$/, ''),
          operation: (context.commandName ?? '').replace(/Command$/, ''),
          host: hostOf(args.request),
        });
        throw error;
      }
    },
    { step: 'build', name: 'describeAwsFailures', override: true },
  );
}

function hostOf(request: RequestArgs['request']): string {
  if (request?.hostname === undefined) return 'the endpoint';
  return request.port === undefined ? request.hostname : `${request.hostname}:${request.port}`;
}

/**
 * Rewrites the error's message in place, so an error after the SDK's last retry says which call
 * failed and where: "S3 PutObject failed after 3 attempts: We encountered an internal error
 * (HTTP 500, s3.eu-west-1.amazonaws.com, request id X)". An answer that is not AWS's (an HTML
 * error page, an empty body, which the SDK reports as a JSON parse error or "UnknownError") is
 * said to be one; an AWS error keeps AWS's message.
 */
export function describeAwsFailure(
  error: unknown,
  where: { service: string; operation: string; host: string },
): void {
  if (!(error instanceof Error) || (error as { [DESCRIBED]?: boolean })[DESCRIBED] === true) return;
  Object.defineProperty(error, DESCRIBED, { value: true, enumerable: false });
  const e = error as SdkErrorShape & Error;
  const attempts = e.$metadata?.attempts;
  const after = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : '';
  const call = `${`${where.service} ${where.operation}`.trim()} failed${after}`;
  const reason = error.message === '' ? error.name : error.message;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  if (status === undefined) {
    error.message = `${call}: ${reason} (no HTTP answer, ${where.host})`;
    return;
  }
  const requestId = e.$metadata?.requestId;
  if (isNonAwsAnswer(e)) {
    const headers = e.$response?.headers ?? {};
    const type = (headers['content-type'] ?? 'no content-type').split(';')[0] ?? '';
    const empty = headers['content-length'] === '0' ? ', empty body' : '';
    error.message =
      `${call}: ${where.host} answered HTTP ${status} (${type}${empty}), which is not an AWS ` +
      `answer (a proxy, gateway or wrong endpoint-url in between?)` +
      (requestId === undefined ? '' : `; request id ${requestId}`);
    return;
  }
  const id = requestId === undefined ? '' : `, request id ${requestId}`;
  error.message = `${call}: ${reason} (HTTP ${status}, ${where.host}${id})`;
}

/** The SDK's signs of a body it could not read as an AWS answer. */
function isNonAwsAnswer(e: SdkErrorShape): boolean {
  const type = e.$response?.headers?.['content-type'] ?? '';
  return (
    e.name === 'SyntaxError' ||
    (e.message ?? '').includes('Deserialization error') ||
    (e.name === 'Unknown' && e.message === 'UnknownError') ||
    /^text\/html/i.test(type)
  );
}
