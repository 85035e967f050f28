import { randomUUID } from 'node:crypto';
import { AwsError } from './aws-error';
import type { ApiRequest, ApiResponse } from './request';
import type { AwsService } from './service';

export function requestId(): string {
  return randomUUID();
}

export function sendJson(
  res: ApiResponse,
  body: unknown,
  protocol: '1.0' | '1.1',
  status = 200,
): void {
  const text = JSON.stringify(body ?? {});
  res.writeHead(status, {
    'content-type': `application/x-amz-json-${protocol}`,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId(),
  });
  res.end(text);
}

/** awsJson1_0 / awsJson1_1 error: `__type` and `message`, plus x-amzn-ErrorType. */
export function sendJsonError(res: ApiResponse, error: AwsError, protocol: '1.0' | '1.1'): void {
  const text = JSON.stringify({ __type: error.code, message: error.message });
  res.writeHead(error.status, {
    'content-type': `application/x-amz-json-${protocol}`,
    'content-length': Buffer.byteLength(text),
    'x-amzn-errortype': error.code,
    'x-amzn-requestid': requestId(),
    ...error.headers,
  });
  res.end(text);
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Minimal XML writer: `xml('Tag', children)` where children are strings (escaped), arrays or nested nodes. */
export type XmlValue = string | number | boolean | undefined | null | XmlNode | XmlValue[];
export interface XmlNode {
  tag: string;
  attrs?: Record<string, string>;
  children: XmlValue;
}
export function el(tag: string, children: XmlValue, attrs?: Record<string, string>): XmlNode {
  return attrs === undefined ? { tag, children } : { tag, children, attrs };
}
export function renderXml(value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(renderXml).join('');
  if (typeof value === 'object') {
    const attrs = Object.entries(value.attrs ?? {})
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join('');
    const inner = renderXml(value.children);
    return inner === ''
      ? `<${value.tag}${attrs}/>`
      : `<${value.tag}${attrs}>${inner}</${value.tag}>`;
  }
  return escapeXml(String(value));
}

export function sendXml(
  res: ApiResponse,
  root: XmlNode,
  status = 200,
  headers: Record<string, string> = {},
): void {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${renderXml(root)}`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(text),
    'x-amz-request-id': requestId(),
    ...headers,
  });
  res.end(text);
}

/** The error body of awsQuery and CloudFront restXml services. */
export function sendXmlErrorResponse(res: ApiResponse, error: AwsError, xmlns?: string): void {
  sendXml(
    res,
    el(
      'ErrorResponse',
      [
        el('Error', [el('Type', error.type), el('Code', error.code), el('Message', error.message)]),
        el('RequestId', requestId()),
      ],
      xmlns === undefined ? undefined : { xmlns },
    ),
    error.status,
    error.headers,
  );
}

/** Tiny XML reader for request bodies: returns the text of every <Tag> occurrence. */
export function xmlValues(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) out.push(unescapeXml(m[1] ?? ''));
  return out;
}
export function xmlValue(xml: string, tag: string): string | undefined {
  return xmlValues(xml, tag)[0];
}
export function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

export type JsonOperation = (input: Record<string, unknown>, req: ApiRequest) => unknown;

/**
 * An awsJson1_0 / awsJson1_1 service: one POST endpoint, the operation in X-Amz-Target
 * (`Prefix.Operation`), JSON in and out, errors as `__type`.
 */
export function jsonService(options: {
  signingNames: string[];
  targetPrefix: string;
  protocol: '1.0' | '1.1';
  operations: Record<string, JsonOperation>;
  control?: AwsService['control'];
  close?: AwsService['close'];
}): AwsService {
  const operationOf = (req: ApiRequest): string => {
    const target = req.headers['x-amz-target'] ?? '';
    return target.startsWith(`${options.targetPrefix}.`)
      ? target.slice(options.targetPrefix.length + 1)
      : target;
  };
  const service: AwsService = {
    signingNames: options.signingNames,
    operationOf,
    sendError: (res, error) => sendJsonError(res, error, options.protocol),
    async handle(req, res) {
      const name = operationOf(req);
      const operation = Object.prototype.hasOwnProperty.call(options.operations, name)
        ? options.operations[name]
        : undefined;
      if (operation === undefined) {
        throw new AwsError(
          'UnknownOperationException',
          `Operation ${name || '(none)'} is not supported by the local stack`,
        );
      }
      let input: Record<string, unknown>;
      try {
        input =
          req.body.length === 0
            ? {}
            : (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>);
      } catch {
        throw new AwsError('SerializationException', 'Request body is not valid JSON');
      }
      const output = await operation(input, req);
      sendJson(res, output ?? {}, options.protocol);
    },
  };
  if (options.control !== undefined) service.control = options.control;
  if (options.close !== undefined) service.close = options.close;
  return service;
}
