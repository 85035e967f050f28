import { Readable } from 'node:stream';
import type { RawAnswer } from './service-model';

// Records the raw HTTP answers an SDK v3 client receives (status, headers, body as sent), before
// the SDK deserializes them: the middleware sits innermost in the deserialize step, reads the
// body and hands the SDK an identical stream.

export interface RecordedAnswer extends RawAnswer {
  /** The botocore service name: `ecr`, `apprunner`, `s3`, ... */
  service: string;
  /** The API operation: `DescribeServices`. */
  operation: string;
}

interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<{ response: unknown }>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<{ response: unknown }>,
      options: { step: 'deserialize'; priority: 'low'; name: string },
    ): void;
  };
}

async function readAll(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

/** Adds every answer `client` receives to `into`, as service `service`. */
export function recordAnswers(client: unknown, service: string, into: RecordedAnswer[]): void {
  (client as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as RawResponse;
      const body = await readAll(response.body);
      response.body = Readable.from([body]);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers))
        headers[name.toLowerCase()] = value;
      into.push({
        service,
        operation: (context.commandName ?? '').replace(/Command$/, ''),
        status: response.statusCode,
        headers,
        body: body.toString('utf8'),
      });
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'answerRecorder' },
  );
}
