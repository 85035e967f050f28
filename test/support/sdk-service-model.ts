import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SDK_PACKAGE, type Shape, type ServiceModel } from './service-model';

// The model of an operation newer than Debian's botocore (ECS Express Mode), taken from the
// schema compiled into the SDK v3 client (`<Operation>$`: structures, lists, maps, scalar types,
// required members) and the client's enums (linked to members through its type declarations,
// where the schema keeps enums as plain strings), in botocore's shape format so one validator
// checks both.

// (the package of each service: SDK_PACKAGE)

type SchemaRef = number | (() => unknown) | unknown[];

const SCALAR: Record<number, string> = {
  0: 'string',
  1: 'double',
  2: 'boolean',
  4: 'timestamp',
  5: 'timestamp',
  6: 'timestamp',
  7: 'timestamp',
  15: 'structure',
  17: 'long',
  19: 'double',
  21: 'blob',
  42: 'blob',
};

/** Member enums by structure name and member: `{ ExpressGatewayServiceStatus: { statusCode: 'ExpressGatewayServiceStatusCode' } }`. */
function memberEnums(
  pkg: string,
  enums: Record<string, unknown>,
): Map<string, Map<string, string>> {
  const dir = path.join(
    path.dirname(require.resolve(`${pkg}/package.json`)),
    'dist-types',
    'models',
  );
  const result = new Map<string, Map<string, string>>();
  for (const file of readdirSync(dir).filter((f) => /^models_\d+\.d\.ts$/.test(f))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const block of text.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
      const members = new Map<string, string>();
      for (const member of block[2]!.matchAll(/^ {4}(\w+)\??: (\w+)(\[\])? \| undefined;$/gm)) {
        if (typeof enums[member[2]!] === 'object') members.set(member[1]!, member[2]!);
      }
      if (members.size > 0) result.set(block[1]!, members);
    }
  }
  return result;
}

/** A one-operation ServiceModel for `operation` of `service`, from the SDK v3 client. */
export function sdkModel(service: string, operation: string): ServiceModel {
  const pkg = SDK_PACKAGE[service];
  if (pkg === undefined) throw new Error(`no SDK package known for ${service}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exports = require(pkg) as Record<string, unknown>;
  const op = exports[`${operation}$`] as unknown[] | undefined;
  if (op === undefined) throw new Error(`${pkg} has no schema for ${operation}`);
  const enums = memberEnums(pkg, exports);
  const shapes: Record<string, Shape> = {};
  let anonymous = 0;

  const deref = (ref: SchemaRef): unknown => (typeof ref === 'function' ? ref() : ref);
  const shapeOf = (ref: SchemaRef, enumName?: string): string => {
    let schema = deref(ref);
    // A member with traits: [schema, traits].
    if (Array.isArray(schema) && typeof schema[0] !== 'number')
      schema = deref(schema[0] as SchemaRef);
    if (typeof schema === 'number') {
      if (schema & 64) return listOf(shapeOf(schema & ~64, enumName));
      if (schema & 128) return mapOf(shapeOf(0), shapeOf(schema & ~128, enumName));
      const type = SCALAR[schema];
      if (type === undefined) throw new Error(`unknown SDK schema code ${schema}`);
      const name = enumName ?? `__${type}`;
      const values =
        enumName === undefined ? undefined : Object.values(exports[enumName] as object);
      shapes[name] ??= values === undefined ? { type } : { type, enum: values as string[] };
      return name;
    }
    const array = schema as unknown[];
    const [kind, , name] = array as [number, string, string];
    if (kind === 0) return shapeOf(array[4] as SchemaRef, enumName); // a named simple shape
    if (shapes[name] !== undefined) return name;
    if (kind === 1) {
      shapes[name] = { type: 'list' };
      shapes[name].member = { shape: shapeOf(array[4] as SchemaRef, enumName) };
      return name;
    }
    if (kind === 2) {
      shapes[name] = { type: 'map' };
      shapes[name].key = { shape: shapeOf(array[4] as SchemaRef) };
      shapes[name].value = { shape: shapeOf(array[5] as SchemaRef) };
      return name;
    }
    if (kind === 3) {
      const shape: Shape = { type: 'structure', members: {} };
      shapes[name] = shape;
      const names = array[4] as string[];
      const refs = array[5] as SchemaRef[];
      const required = (array[6] as number | undefined) ?? 0;
      shape.required = names.slice(0, required);
      names.forEach((member, i) => {
        shape.members![member] = { shape: shapeOf(refs[i]!, enums.get(name)?.get(member)) };
      });
      return name;
    }
    throw new Error(`unknown SDK schema kind ${kind} (${name})`);
  };
  function listOf(member: string): string {
    const name = `__list${++anonymous}`;
    shapes[name] = { type: 'list', member: { shape: member } };
    return name;
  }
  function mapOf(key: string, value: string): string {
    const name = `__map${++anonymous}`;
    shapes[name] = { type: 'map', key: { shape: key }, value: { shape: value } };
    return name;
  }

  const output = shapeOf(op[5] as SchemaRef);
  return {
    service,
    protocol: 'json',
    operations: { [operation]: { name: operation, output: { shape: output } } },
    shapes,
  };
}
