import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// AWS's own service models (botocore's service-2.json and waiters-2.json, Debian package
// python3-botocore, plain JSON) and a validator of raw HTTP answers against an operation's output
// shape: required members present, every value of its modelled type (string, integer, long,
// double, boolean, timestamp, blob, list, map, structure), every enum value one the model lists.
// Members the model does not know are not errors (AWS adds members; clients ignore them).

export const BOTOCORE_DATA = '/usr/lib/python3/dist-packages/botocore/data';

interface MemberRef {
  shape: string;
  location?: 'header' | 'headers' | 'statusCode' | 'querystring' | 'uri';
  locationName?: string;
  flattened?: boolean;
}

export interface Shape {
  type: string;
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  flattened?: boolean;
  payload?: string;
  timestampFormat?: string;
  locationName?: string;
}

export interface ServiceModel {
  service: string;
  protocol: string;
  operations: Record<string, { name: string; output?: { shape: string } }>;
  shapes: Record<string, Shape>;
}

export interface Acceptor {
  state: 'success' | 'failure' | 'retry';
  matcher: 'path' | 'pathAll' | 'pathAny' | 'status' | 'error';
  argument?: string;
  expected: string | number | boolean;
}

export interface Waiter {
  operation: string;
  delay: number;
  maxAttempts: number;
  acceptors: Acceptor[];
}

function modelDir(service: string): string {
  const dir = path.join(BOTOCORE_DATA, service);
  if (!existsSync(dir)) {
    throw new Error(
      `no botocore model for ${service} in ${BOTOCORE_DATA} (apt-get install python3-botocore)`,
    );
  }
  const versions = readdirSync(dir).sort();
  return path.join(dir, versions[versions.length - 1]!);
}

export function hasBotocore(): boolean {
  return existsSync(BOTOCORE_DATA);
}

const models = new Map<string, ServiceModel>();
export function loadModel(service: string): ServiceModel {
  let model = models.get(service);
  if (model === undefined) {
    const raw = JSON.parse(
      readFileSync(path.join(modelDir(service), 'service-2.json'), 'utf8'),
    ) as {
      metadata: { protocol: string };
      operations: ServiceModel['operations'];
      shapes: ServiceModel['shapes'];
    };
    // CloudFront names its operations with the API version (GetInvalidation2020_05_31).
    const operations: ServiceModel['operations'] = {};
    for (const [name, op] of Object.entries(raw.operations)) {
      operations[name.replace(/\d{4}_\d{2}_\d{2}$/, '')] = op;
    }
    model = { service, protocol: raw.metadata.protocol, operations, shapes: raw.shapes };
    addNewerEnumValues(model);
    models.set(service, model);
  }
  return model;
}

/** The SDK v3 client of each botocore service: newer than Debian's botocore. */
export const SDK_PACKAGE: Record<string, string> = {
  apprunner: '@aws-sdk/client-apprunner',
  cloudfront: '@aws-sdk/client-cloudfront',
  ecr: '@aws-sdk/client-ecr',
  'ecr-public': '@aws-sdk/client-ecr-public',
  ecs: '@aws-sdk/client-ecs',
  logs: '@aws-sdk/client-cloudwatch-logs',
  s3: '@aws-sdk/client-s3',
  secretsmanager: '@aws-sdk/client-secrets-manager',
  ssm: '@aws-sdk/client-ssm',
};

/**
 * Enum values AWS added after Debian's botocore (App Runner's UPDATE_SERVICE operation type,
 * ...): the SDK v3 client exports each enum under the model's shape name; its values join the
 * botocore ones. No value is ever removed.
 */
function addNewerEnumValues(model: ServiceModel): void {
  const pkg = SDK_PACKAGE[model.service];
  if (pkg === undefined) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require(pkg) as Record<string, unknown>;
  for (const [name, shape] of Object.entries(model.shapes)) {
    const values = sdk[name];
    if (shape.enum === undefined || typeof values !== 'object' || values === null) continue;
    shape.enum = [...new Set([...shape.enum, ...(Object.values(values) as string[])])];
  }
}

/** Member names of a structure in the SDK v3 client's schema (`<Shape>$`), if it has one. */
function sdkMemberNames(service: string, shapeName: string): Set<string> | undefined {
  const pkg = SDK_PACKAGE[service];
  if (pkg === undefined) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const schema = (require(pkg) as Record<string, unknown>)[`${shapeName}$`];
  if (!Array.isArray(schema) || schema[0] !== 3) return undefined;
  return new Set(schema[4] as string[]);
}

export function loadWaiters(service: string): Record<string, Waiter> {
  const file = path.join(modelDir(service), 'waiters-2.json');
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, 'utf8')) as { waiters: Record<string, Waiter> }).waiters;
}

/** A raw HTTP answer as it came off the wire. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Problems of an answer to `operation` against its output shape; empty when it conforms. */
export function validateAnswer(
  model: ServiceModel,
  operation: string,
  answer: RawAnswer,
): string[] {
  const op = model.operations[operation];
  if (op === undefined) return [`${model.service}:${operation} is not in the model`];
  if (op.output === undefined) return [];
  const outputName = op.output.shape;
  const output = model.shapes[outputName]!;
  const problems: string[] = [];
  const check = new Checker(model, problems);
  if (model.protocol === 'json') {
    let body: unknown;
    try {
      body = answer.body.trim() === '' ? {} : JSON.parse(answer.body);
    } catch {
      return [`${operation}: the body is not JSON: ${answer.body.slice(0, 80)}`];
    }
    check.json(outputName, body, operation);
    return problems;
  }
  if (model.protocol !== 'rest-xml') return [`protocol ${model.protocol} is not supported here`];
  const headerMembers = new Set<string>();
  for (const [name, ref] of Object.entries(output.members ?? {})) {
    const where = `${operation}.${name}`;
    if (ref.location === 'header') {
      headerMembers.add(name);
      const value = answer.headers[(ref.locationName ?? name).toLowerCase()];
      if (value !== undefined) check.scalarText(ref.shape, value, where, 'header');
    } else if (ref.location === 'headers' || ref.location === 'statusCode') {
      headerMembers.add(name);
    }
  }
  for (const name of output.required ?? []) {
    const ref = output.members?.[name];
    if (
      ref?.location === 'header' &&
      answer.headers[(ref.locationName ?? name).toLowerCase()] === undefined
    ) {
      problems.push(`${operation}.${name}: required header ${ref.locationName ?? name} is missing`);
    }
  }
  if (output.payload !== undefined) {
    const ref = output.members![output.payload]!;
    const shape = model.shapes[ref.shape]!;
    if (shape.type !== 'structure') return problems; // a streamed body (GetObject)
    const root = parseXml(answer.body);
    if (root === undefined) {
      problems.push(`${operation}: no XML body for its ${output.payload}`);
      return problems;
    }
    check.xml(ref.shape, root, `${operation}.${output.payload}`);
    return problems;
  }
  const bodyMembers = Object.keys(output.members ?? {}).filter((name) => !headerMembers.has(name));
  if (bodyMembers.length === 0) return problems;
  const root = parseXml(answer.body);
  if (root === undefined) {
    problems.push(`${operation}: no XML body`);
    return problems;
  }
  check.xml(outputName, root, operation, headerMembers);
  return problems;
}

class Checker {
  constructor(
    private readonly model: ServiceModel,
    private readonly problems: string[],
  ) {}

  private shape(name: string): Shape {
    const shape = this.model.shapes[name];
    if (shape === undefined)
      throw new Error(`shape ${name} is not in the ${this.model.service} model`);
    return shape;
  }

  json(shapeName: string, value: unknown, where: string): void {
    const shape = this.shape(shapeName);
    if (value === null) return; // JSON null is an absent value
    switch (shape.type) {
      case 'structure': {
        if (typeof value !== 'object' || Array.isArray(value))
          return this.wrong(where, 'an object', value);
        const object = value as Record<string, unknown>;
        for (const name of shape.required ?? []) {
          if (object[name] === undefined || object[name] === null) {
            this.problems.push(`${where}.${name}: required member is missing`);
          }
        }
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          if (object[name] !== undefined) this.json(ref.shape, object[name], `${where}.${name}`);
        }
        this.unknownMembers(shapeName, shape, Object.keys(object), where);
        return;
      }
      case 'list':
        if (!Array.isArray(value)) return this.wrong(where, 'a list', value);
        value.forEach((item, i) => this.json(shape.member!.shape, item, `${where}[${i}]`));
        return;
      case 'map':
        if (typeof value !== 'object' || Array.isArray(value))
          return this.wrong(where, 'a map', value);
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          this.scalar(shape.key!.shape, key, `${where} key`);
          this.json(shape.value!.shape, item, `${where}[${key}]`);
        }
        return;
      default:
        this.scalar(shapeName, value, where);
    }
  }

  /** A JSON scalar of its modelled type (timestamps: epoch seconds, blobs: base64). */
  scalar(shapeName: string, value: unknown, where: string): void {
    const shape = this.shape(shapeName);
    switch (shape.type) {
      case 'string':
        if (typeof value !== 'string') return this.wrong(where, 'a string', value);
        return this.enumValue(shape, value, where);
      case 'integer':
      case 'long':
        if (typeof value !== 'number' || !Number.isInteger(value))
          return this.wrong(where, `an ${shape.type}`, value);
        return;
      case 'double':
      case 'float':
        if (typeof value !== 'number') return this.wrong(where, 'a number', value);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') return this.wrong(where, 'a boolean', value);
        return;
      case 'timestamp':
        // JSON protocols send epoch seconds (a number) unless the shape names another format.
        if (shape.timestampFormat === 'iso8601') {
          if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
            this.wrong(where, 'an iso8601 timestamp', value);
          }
        } else if (typeof value !== 'number') {
          this.wrong(where, 'a timestamp (epoch seconds)', value);
        }
        return;
      case 'blob':
        if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
          return this.wrong(where, 'base64', value);
        return;
      default:
        this.problems.push(`${where}: a ${shape.type} where a scalar was expected`);
    }
  }

  /** A scalar written as text (XML element or header) of its modelled type. */
  scalarText(shapeName: string, text: string, where: string, context: 'xml' | 'header'): void {
    const shape = this.shape(shapeName);
    switch (shape.type) {
      case 'string':
        return this.enumValue(shape, text, where);
      case 'integer':
      case 'long':
        if (!/^-?\d+$/.test(text.trim())) this.wrong(where, `an ${shape.type}`, text);
        return;
      case 'double':
      case 'float':
        if (Number.isNaN(Number(text))) this.wrong(where, 'a number', text);
        return;
      case 'boolean':
        if (text !== 'true' && text !== 'false') this.wrong(where, 'true or false', text);
        return;
      case 'timestamp': {
        const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
        const httpDate = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
        const format = shape.timestampFormat ?? (context === 'header' ? 'rfc822' : 'iso8601');
        if (!(format === 'rfc822' ? httpDate : iso).test(text))
          this.wrong(where, `a ${format} timestamp`, text);
        return;
      }
      case 'blob':
        return;
      default:
        this.problems.push(`${where}: a ${shape.type} where a scalar was expected`);
    }
  }

  xml(shapeName: string, node: XmlNode, where: string, skip: Set<string> = new Set()): void {
    const shape = this.shape(shapeName);
    switch (shape.type) {
      case 'structure': {
        const names = [...new Set(node.children.map((c) => c.name))];
        this.unknownMembers(
          shapeName,
          shape,
          names,
          where,
          (ref, name) => ref.locationName ?? name,
        );
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          if (skip.has(name) || ref.location !== undefined) continue;
          const target = this.shape(ref.shape);
          const element = ref.locationName ?? name;
          const flattened =
            (target.type === 'list' || target.type === 'map') &&
            (target.flattened ?? ref.flattened);
          const found = node.children.filter((c) => c.name === element);
          if (found.length === 0) {
            if (shape.required?.includes(name))
              this.problems.push(`${where}.${name}: required member is missing`);
            continue;
          }
          if (flattened) {
            this.xmlItems(target, found, `${where}.${name}`);
          } else {
            if (found.length > 1)
              this.problems.push(`${where}.${name}: appears ${found.length} times`);
            this.xml(ref.shape, found[0]!, `${where}.${name}`);
          }
        }
        return;
      }
      case 'list': {
        const itemName = shape.member!.locationName ?? 'member';
        const items = node.children.filter((c) => c.name === itemName);
        if (items.length !== node.children.length) {
          this.problems.push(`${where}: list items must be <${itemName}> elements`);
        }
        return this.xmlItems(shape, items, where);
      }
      case 'map':
        return this.xmlItems(
          shape,
          node.children.filter((c) => c.name === 'entry'),
          where,
        );
      default:
        if (node.children.length > 0)
          return this.wrong(where, `a ${shape.type}`, `<${node.children[0]!.name}>`);
        this.scalarText(shapeName, node.text, where, 'xml');
    }
  }

  private xmlItems(shape: Shape, items: XmlNode[], where: string): void {
    if (shape.type === 'list') {
      items.forEach((item, i) => this.xml(shape.member!.shape, item, `${where}[${i}]`));
      return;
    }
    for (const entry of items) {
      const key = entry.children.find((c) => c.name === (shape.key!.locationName ?? 'key'));
      const value = entry.children.find((c) => c.name === (shape.value!.locationName ?? 'value'));
      if (key === undefined || value === undefined) {
        this.problems.push(`${where}: a map entry without key or value`);
        continue;
      }
      this.xml(shape.value!.shape, value, `${where}[${key.text}]`);
    }
  }

  /**
   * Members the answer has but the model does not: an error unless the SDK v3 client's schema
   * of the same structure (newer than Debian's botocore) has them.
   */
  private unknownMembers(
    shapeName: string,
    shape: Shape,
    present: string[],
    where: string,
    nameOf: (ref: MemberRef, name: string) => string = (_ref, name) => name,
  ): void {
    const known = new Set(
      Object.entries(shape.members ?? {}).map(([name, ref]) => nameOf(ref, name)),
    );
    const unknown = present.filter((name) => !known.has(name));
    if (unknown.length === 0) return;
    const newer = sdkMemberNames(this.model.service, shapeName);
    for (const name of unknown) {
      if (newer?.has(name) !== true)
        this.problems.push(`${where}.${name}: not a member of ${shapeName}`);
    }
  }

  private enumValue(shape: Shape, value: string, where: string): void {
    if (shape.enum !== undefined && !shape.enum.includes(value)) {
      this.problems.push(
        `${where}: ${JSON.stringify(value)} is not one of ${shape.enum.join(', ')}`,
      );
    }
  }

  private wrong(where: string, expected: string, value: unknown): void {
    this.problems.push(`${where}: expected ${expected}, got ${JSON.stringify(value)}`);
  }
}

export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });
}

/** The root element of an XML document (elements and text; attributes and namespaces dropped). */
export function parseXml(text: string): XmlNode | undefined {
  const stack: XmlNode[] = [{ name: '#document', children: [], text: '' }];
  for (const token of text.match(/<[^>]+>|[^<]+/g) ?? []) {
    const top = stack[stack.length - 1]!;
    if (token.startsWith('<?') || token.startsWith('<!')) continue;
    if (token.startsWith('</')) {
      const name = token.slice(2, -1).trim();
      if (top.name !== name) throw new Error(`XML: </${name}> closes <${top.name}>`);
      stack.pop();
    } else if (token.startsWith('<')) {
      const name = /^<([^\s/>]+)/.exec(token)![1]!;
      const node: XmlNode = { name, children: [], text: '' };
      top.children.push(node);
      if (!token.endsWith('/>')) stack.push(node);
    } else {
      top.text += decode(token);
    }
  }
  if (stack.length !== 1) throw new Error(`XML: <${stack[stack.length - 1]!.name}> is not closed`);
  return stack[0]!.children[0];
}

/** The values `argument` selects: dotted paths with `[]` projections (`tasks[].lastStatus`). */
export function selectPath(value: unknown, argument: string): unknown[] {
  if (!/^\w+(\[\])?(\.\w+(\[\])?)*$/.test(argument)) {
    throw new Error(`waiter argument ${argument} is not a plain path; evaluate it by hand`);
  }
  let current: unknown[] = [value];
  let projected = false;
  for (const segment of argument.split('.')) {
    const name = segment.replace(/\[\]$/, '');
    const next: unknown[] = [];
    for (const item of current) {
      const child = (item as Record<string, unknown> | undefined)?.[name];
      if (segment.endsWith('[]')) {
        if (Array.isArray(child)) next.push(...(child as unknown[]));
      } else if (child !== undefined) {
        next.push(child);
      }
    }
    projected ||= segment.endsWith('[]');
    current = next;
  }
  return projected ? current : current.slice(0, 1);
}

/** Whether a waiter acceptor with a path matcher matches an answer (already parsed). */
export function acceptorMatches(acceptor: Acceptor, answer: unknown): boolean {
  const values = selectPath(answer, acceptor.argument ?? '');
  switch (acceptor.matcher) {
    case 'path':
      return values.length === 1 && values[0] === acceptor.expected;
    case 'pathAll':
      return values.length > 0 && values.every((v) => v === acceptor.expected);
    case 'pathAny':
      return values.some((v) => v === acceptor.expected);
    default:
      throw new Error(`matcher ${acceptor.matcher} is not a path matcher`);
  }
}

/** An XML element as a plain object: leaves as text, repeated children as lists. */
export function xmlToObject(node: XmlNode): unknown {
  if (node.children.length === 0) return node.text;
  const object: Record<string, unknown> = {};
  for (const child of node.children) {
    const value = xmlToObject(child);
    const existing = object[child.name];
    if (existing === undefined) object[child.name] = value;
    else
      object[child.name] = Array.isArray(existing)
        ? [...(existing as unknown[]), value]
        : [existing, value];
  }
  return object;
}
