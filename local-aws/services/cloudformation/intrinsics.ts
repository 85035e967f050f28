import { AwsError } from '../../server/aws-error';
import type { Template } from './model';

/** A value only known once a resource exists (change sets show it as a dynamic change). */
export class Unresolved {
  constructor(readonly source: string) {}
}

/** `Ref: AWS::NoValue`: the property is removed. */
export const NO_VALUE = Symbol('AWS::NoValue');

export interface ResourceValues {
  physicalId: string;
  attributes: Record<string, unknown>;
}

export interface EvalContext {
  template: Template;
  stackName: string;
  stackId: string;
  region: string;
  accountId: string;
  parameters: Record<string, string>;
  conditions: Record<string, boolean>;
  /** A resource's values; undefined when it does not exist (yet). */
  resource(logicalId: string): ResourceValues | undefined;
  importValue(name: string): string | undefined;
}

const templateError = (message: string): AwsError =>
  new AwsError('ValidationError', `Template error: ${message}`);

export function pseudoParameter(name: string, ctx: EvalContext): unknown {
  switch (name) {
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::AccountId':
      return ctx.accountId;
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::StackId':
      return ctx.stackId;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::NotificationARNs':
      return [];
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      return undefined;
  }
}

function ref(name: string, ctx: EvalContext): unknown {
  const pseudo = pseudoParameter(name, ctx);
  if (pseudo !== undefined) return pseudo;
  const declared = ctx.template.Parameters?.[name];
  if (declared !== undefined) {
    const value = ctx.parameters[name] ?? '';
    return declared.Type.startsWith('List<') || declared.Type === 'CommaDelimitedList'
      ? value.split(',')
      : value;
  }
  if (ctx.template.Resources[name] === undefined) {
    throw new AwsError(
      'ValidationError',
      `Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`,
    );
  }
  return ctx.resource(name)?.physicalId ?? new Unresolved(`Ref ${name}`);
}

function getAtt(logicalId: string, attribute: string, ctx: EvalContext): unknown {
  if (ctx.template.Resources[logicalId] === undefined) {
    throw templateError(`instance of Fn::GetAtt references undefined resource ${logicalId}`);
  }
  const values = ctx.resource(logicalId);
  if (values === undefined) return new Unresolved(`${logicalId}.${attribute}`);
  if (!(attribute in values.attributes)) {
    throw templateError(
      `resource ${logicalId} does not support attribute type ${attribute} in Fn::GetAtt`,
    );
  }
  return values.attributes[attribute];
}

function sub(text: string, variables: Record<string, unknown>, ctx: EvalContext): unknown {
  let unresolved: Unresolved | undefined;
  const out = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    let value: unknown;
    if (name in variables) value = variables[name];
    else if (name.includes('.') && !name.startsWith('AWS::')) {
      const dot = name.indexOf('.');
      value = getAtt(name.slice(0, dot), name.slice(dot + 1), ctx);
    } else value = ref(name, ctx);
    if (value instanceof Unresolved) {
      unresolved = value;
      return whole;
    }
    return String(value);
  });
  return unresolved ?? out;
}

const asArray = (value: unknown, fn: string): unknown[] => {
  if (!Array.isArray(value)) throw templateError(`${fn} requires a list argument`);
  return value;
};

function callFunction(name: string, arg: unknown, ctx: EvalContext): unknown {
  if (name === 'Fn::If') {
    const [condition, whenTrue, whenFalse] = asArray(arg, name);
    return evaluate(conditionValue(String(condition), ctx) ? whenTrue : whenFalse, ctx);
  }
  const value = evaluate(arg, ctx);
  const unresolved = findUnresolved(value);
  if (unresolved !== undefined && name !== 'Fn::Select') return unresolved;
  switch (name) {
    case 'Fn::GetAtt': {
      const [logicalId, attribute] =
        typeof value === 'string'
          ? [value.split('.')[0], value.split('.').slice(1).join('.')]
          : asArray(value, name);
      return getAtt(String(logicalId), String(attribute), ctx);
    }
    case 'Fn::Join': {
      const [delimiter, items] = asArray(value, name);
      return asArray(items, name).map(String).join(String(delimiter));
    }
    case 'Fn::Select': {
      const [index, items] = asArray(value, name);
      if (items instanceof Unresolved) return items;
      if (index instanceof Unresolved) return index;
      const list = asArray(items, name);
      const item = list[Number(index)];
      if (item === undefined)
        throw templateError('Fn::Select cannot select nonexistent value at index ' + String(index));
      return item;
    }
    case 'Fn::Split': {
      const [delimiter, text] = asArray(value, name);
      return String(text).split(String(delimiter));
    }
    case 'Fn::Sub': {
      if (typeof value === 'string') return sub(value, {}, ctx);
      const [text, variables] = asArray(value, name);
      return sub(String(text), (variables ?? {}) as Record<string, unknown>, ctx);
    }
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((zone) => `${value === '' ? ctx.region : String(value)}${zone}`);
    case 'Fn::ImportValue': {
      const imported = ctx.importValue(String(value));
      if (imported === undefined) {
        throw new AwsError('ValidationError', `No export named ${String(value)} found.`);
      }
      return imported;
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = asArray(value, name).map(String) as [string, string, string];
      const found = ctx.template.Mappings?.[map]?.[top]?.[second];
      if (found === undefined)
        throw templateError(`Unable to get mapping for ${map}::${top}::${second}`);
      return found;
    }
    case 'Fn::Base64':
      return Buffer.from(String(value)).toString('base64');
    case 'Fn::Equals': {
      const [a, b] = asArray(value, name);
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not':
      return !asArray(value, name)[0];
    case 'Fn::And':
      return asArray(value, name).every(Boolean);
    case 'Fn::Or':
      return asArray(value, name).some(Boolean);
    default:
      throw templateError(`Encountered unsupported function: ${name}`);
  }
}

/** Evaluates intrinsic functions, pseudo parameters and conditions in a template value. */
export function evaluate(value: unknown, ctx: EvalContext): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => evaluate(item, ctx)).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object' || value instanceof Unresolved) return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    if (key === 'Ref') return ref(String(arg), ctx);
    if (key === 'Condition' && typeof arg === 'string') return conditionValue(arg, ctx);
    if (key.startsWith('Fn::')) return callFunction(key, arg, ctx);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const evaluated = evaluate(item, ctx);
    if (evaluated !== NO_VALUE) out[key] = evaluated;
  }
  return out;
}

export function findUnresolved(value: unknown): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnresolved(item);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) {
      const found = findUnresolved(item);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function conditionValue(name: string, ctx: EvalContext): boolean {
  const value = ctx.conditions[name];
  if (value === undefined) throw templateError(`unresolved condition dependency ${name} in Fn::If`);
  return value;
}

/** Evaluates the Conditions section (conditions may refer to earlier or later conditions). */
export function evaluateConditions(ctx: EvalContext): Record<string, boolean> {
  const declared = ctx.template.Conditions ?? {};
  const done: Record<string, boolean> = {};
  const visiting = new Set<string>();
  const solve = (name: string): boolean => {
    const known = done[name];
    if (known !== undefined) return known;
    if (!(name in declared)) throw templateError(`unresolved condition dependency ${name}`);
    if (visiting.has(name)) throw templateError(`circular condition dependency ${name}`);
    visiting.add(name);
    const scoped: EvalContext = {
      ...ctx,
      conditions: new Proxy(done, { get: (_, key: string) => solve(key) }),
    };
    const result = evaluate(declared[name], scoped);
    if (typeof result !== 'boolean') throw templateError(`condition ${name} is not a boolean`);
    done[name] = result;
    return result;
  };
  for (const name of Object.keys(declared)) solve(name);
  return done;
}

/** The resources a template value refers to (Ref, Fn::GetAtt, Fn::Sub variables). */
export function referencedResources(
  value: unknown,
  template: Template,
  into = new Set<string>(),
): Set<string> {
  const add = (name: string): void => {
    if (template.Resources[name] !== undefined) into.add(name);
  };
  if (Array.isArray(value)) {
    for (const item of value) referencedResources(item, template, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, arg] of Object.entries(value)) {
      if (key === 'Ref' && typeof arg === 'string') add(arg);
      else if (key === 'Fn::GetAtt') {
        add(typeof arg === 'string' ? (arg.split('.')[0] ?? '') : String((arg as unknown[])[0]));
      } else if (key === 'Fn::Sub') {
        const text = typeof arg === 'string' ? arg : String((arg as unknown[])[0]);
        for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g))
          add((match[1] ?? '').split('.')[0] ?? '');
        if (Array.isArray(arg)) referencedResources(arg[1], template, into);
      } else referencedResources(arg, template, into);
    }
  }
  return into;
}
