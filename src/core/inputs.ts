import { ConfigurationError } from './errors';
import { maskSecret } from './mask';
import { warnAnnotation } from './summary';
import { ACTIONS, type ActionName, type InputOf } from '../generated/action-names';

/** Where input values come from. The runner passes them as INPUT_<NAME> variables. */
export type InputSource = (name: string) => string | undefined;

export const environmentInputs: InputSource = (name) =>
  process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];

const TRUE_WORDS = ['true', 'True', 'TRUE'];
const FALSE_WORDS = ['false', 'False', 'FALSE'];
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** eu-west-1, us-gov-west-1, cn-northwest-1, us-isob-east-1, eusc-de-east-1; not an AZ (eu-west-1a). */
export const REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+){1,3}-\d{1,2}$/;
/** arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE; the account is 12 digits, `aws` or empty. */
const ARN = /^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/;

export interface NumberRange {
  min?: number;
  max?: number;
}

/**
 * Reads every input once, strictly: unknown words are errors, never silently a default.
 * Each error is a ConfigurationError that names the input and the accepted values.
 *
 * `Name` is the union of the input names the action's action.yml declares
 * (`InputOf<'deploy-ecs'>` from src/generated/action-names.ts), so reading an undeclared input
 * does not compile. `deprecated` maps old input names to the names that replaced them
 * (`ACTIONS[name].deprecatedInputs`): an old name still works, with a warning annotation that
 * names the new one; both set to different values is an error.
 */
export class InputReader<Name extends string = string> {
  private readonly warned = new Set<string>();

  constructor(
    private readonly source: InputSource = environmentInputs,
    private readonly deprecated: Readonly<Record<string, string>> = {},
  ) {}

  /** The raw value of `name`, or of a deprecated name of it when only that one is set. */
  private raw(name: Name): string | undefined {
    const value = this.source(name);
    for (const [old, current] of Object.entries(this.deprecated)) {
      if (current !== name) continue;
      const legacy = this.source(old);
      if (legacy === undefined || legacy.trim() === '') continue;
      if (value !== undefined && value.trim() !== '' && value.trim() !== legacy.trim()) {
        throw new ConfigurationError(
          `is also set under its deprecated name '${old}', to another value: set only '${name}'`,
          name,
        );
      }
      if (!this.warned.has(old)) {
        this.warned.add(old);
        warnAnnotation(
          `Input '${old}' is deprecated and will be removed in the next major version: use '${name}' instead.`,
          'Deprecated input',
        );
      }
      if (value === undefined || value.trim() === '') return legacy;
    }
    return value;
  }

  /** The trimmed value, or undefined when the input is empty or absent. */
  optional(name: Name): string | undefined {
    const value = this.raw(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  required(name: Name): string {
    const value = this.optional(name);
    if (value === undefined) {
      throw new ConfigurationError('is required but was empty or not set', name);
    }
    return value;
  }

  string(name: Name, fallback: string): string {
    return this.optional(name) ?? fallback;
  }

  /** A value that must match `pattern`; `expected` explains the format in the error. */
  matching(name: Name, pattern: RegExp, expected: string): string | undefined {
    const value = this.optional(name);
    if (value !== undefined && !pattern.test(value)) {
      throw new ConfigurationError(`expected ${expected}, got ${quote(value)}`, name);
    }
    return value;
  }

  /** A secret: masked in the log the moment it is read, never echoed in errors. */
  secret(name: Name): string | undefined {
    const raw = this.raw(name);
    if (raw !== undefined && raw !== '') maskSecret(raw);
    const value = raw?.trim();
    if (value !== undefined && value !== '') maskSecret(value);
    return value === undefined || value === '' ? undefined : value;
  }

  boolean(name: Name, fallback: boolean): boolean {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (TRUE_WORDS.includes(value)) return true;
    if (FALSE_WORDS.includes(value)) return false;
    throw new ConfigurationError(`expected true or false, got ${quote(value)}`, name);
  }

  integer(name: Name, fallback: number, range?: NumberRange): number;
  integer(name: Name, fallback?: undefined, range?: NumberRange): number | undefined;
  integer(name: Name, fallback?: number, range: NumberRange = {}): number | undefined {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new ConfigurationError(
        `expected a whole number${describeRange(range)}, got ${quote(value)}`,
        name,
      );
    }
    return checkRange(name, Number(value), range, 'a whole number');
  }

  number(name: Name, fallback: number, range?: NumberRange): number;
  number(name: Name, fallback?: undefined, range?: NumberRange): number | undefined;
  number(name: Name, fallback?: number, range: NumberRange = {}): number | undefined {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(value)) {
      throw new ConfigurationError(
        `expected a number${describeRange(range)}, got ${quote(value)}`,
        name,
      );
    }
    return checkRange(name, Number(value), range, 'a number');
  }

  /** A duration such as `90s`, `15m`, `1h30m` or `500ms`; a bare number means seconds. */
  duration(name: Name, fallback: string, range?: NumberRange): number;
  duration(name: Name, fallback?: undefined, range?: NumberRange): number | undefined;
  duration(name: Name, fallback?: string, range: NumberRange = {}): number | undefined {
    const value = this.optional(name) ?? fallback;
    if (value === undefined) return undefined;
    const ms = parseDuration(value);
    if (ms === undefined) {
      throw new ConfigurationError(
        `expected a duration such as 90s, 15m, 1h30m or 500ms, got ${quote(value)}`,
        name,
      );
    }
    if (
      (range.min !== undefined && ms < range.min) ||
      (range.max !== undefined && ms > range.max)
    ) {
      throw new ConfigurationError(
        `expected a duration${describeRange(range, formatMs)}, got ${quote(value)}`,
        name,
      );
    }
    return ms;
  }

  oneOf<const T extends string>(name: Name, values: readonly T[], fallback: T): T;
  oneOf<const T extends string>(
    name: Name,
    values: readonly T[],
    fallback?: undefined,
  ): T | undefined;
  oneOf<const T extends string>(name: Name, values: readonly T[], fallback?: T): T | undefined {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (!(values as readonly string[]).includes(value)) {
      throw new ConfigurationError(
        `expected one of ${values.join(', ')}, got ${quote(value)}`,
        name,
      );
    }
    return value as T;
  }

  /** Items separated by newlines or commas, trimmed, empty ones dropped. */
  list(name: Name): string[] {
    const value = this.optional(name);
    if (value === undefined) return [];
    return value
      .split(/[\n,]/)
      .map((item) => item.trim())
      .filter((item) => item !== '' && !item.startsWith('#'));
  }

  /** Lines of `KEY=value` (value may contain `=`); duplicate keys are an error. */
  keyValues(name: Name, options: { secret?: boolean } = {}): Map<string, string> {
    const result = new Map<string, string>();
    const value = options.secret === true ? this.secret(name) : this.optional(name);
    if (value === undefined) return result;
    for (const [index, rawLine] of value.split('\n').entries()) {
      const line = rawLine.trim();
      if (line === '' || line.startsWith('#')) continue;
      const eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationError(
          // Never echo the line: a KEY=value list may carry secrets, and a multi-line value
          // pasted in it splits into lines that are part of a secret.
          `line ${index + 1} must look like KEY=value (the line is not shown: it may hold part of a secret)`,
          name,
        );
      }
      const key = line.slice(0, eq).trim();
      if (result.has(key)) {
        throw new ConfigurationError(`key ${quote(key)} is given twice`, name);
      }
      const entry = line.slice(eq + 1).trim();
      if (options.secret === true) maskSecret(entry);
      result.set(key, entry);
    }
    return result;
  }

  /**
   * Glob patterns, one per line or comma separated (a comma inside `{a,b}` or `[...]` belongs to
   * the pattern); `!` negates; `#` starts a comment line.
   */
  globs(name: Name): string[] {
    const value = this.optional(name);
    if (value === undefined) return [];
    const patterns = value
      .split('\n')
      .flatMap((line) => splitTopLevelCommas(line))
      .map((item) => item.trim())
      .filter((item) => item !== '' && !item.startsWith('#'));
    for (const pattern of patterns) {
      const body = pattern.startsWith('!') ? pattern.slice(1) : pattern;
      if (body === '' || (/[[\]{}]/.test(body) && !balanced(body))) {
        throw new ConfigurationError(`${quote(pattern)} is not a valid glob pattern`, name);
      }
    }
    return patterns;
  }

  /**
   * An AWS region code such as eu-west-1. An empty fallback (an environment variable set to '')
   * counts as no fallback.
   */
  region(name: Name, fallback?: string): string | undefined {
    const value = this.optional(name) ?? (fallback?.trim() || undefined);
    if (value !== undefined) assertRegion(name, value);
    return value;
  }

  /** An ARN, optionally of one service (`iam`, `secretsmanager`...). */
  arn(name: Name, service?: string | readonly string[]): string | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    assertArn(name, value, service);
    return value;
  }
}

/** The input reader of one action: it reads only the inputs its action.yml declares. */
export type ActionInputs<A extends ActionName> = InputReader<InputOf<A>>;

/**
 * The reader of action `A`'s inputs (from the environment unless `source` is given), which
 * accepts its deprecated input names with a warning.
 */
export function actionInputs<A extends ActionName>(
  action: A,
  source: InputSource = environmentInputs,
): ActionInputs<A> {
  return new InputReader<InputOf<A>>(source, ACTIONS[action].deprecatedInputs);
}

/** Throws a ConfigurationError naming `input` unless `value` is an AWS region code. */
export function assertRegion(input: string, value: string): void {
  if (!REGION_PATTERN.test(value)) {
    throw new ConfigurationError(
      `expected an AWS region code such as eu-west-1, got ${quote(value)}`,
      input,
    );
  }
}

export function assertArn(
  input: string,
  value: string,
  service?: string | readonly string[],
): void {
  const match = ARN.exec(value);
  const services =
    service === undefined ? undefined : typeof service === 'string' ? [service] : service;
  const expected = services === undefined ? 'an ARN' : `an ARN of ${services.join(' or ')}`;
  if (match === null) {
    throw new ConfigurationError(
      `expected ${expected} (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE), got ${quote(value)}`,
      input,
    );
  }
  if (services !== undefined && !services.includes(match[2] ?? '')) {
    throw new ConfigurationError(`expected ${expected}, got an ARN of ${match[2]}`, input);
  }
}

export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const parts = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(value);
  if (parts === null || value === '') return undefined;
  const [, h, m, s, ms] = parts;
  if (h === undefined && m === undefined && s === undefined && ms === undefined) return undefined;
  return (
    Number(h ?? 0) * (DURATION_UNITS.h ?? 0) +
    Number(m ?? 0) * (DURATION_UNITS.m ?? 0) +
    Math.round(Number(s ?? 0) * (DURATION_UNITS.s ?? 0)) +
    Number(ms ?? 0)
  );
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function checkRange(name: string, value: number, range: NumberRange, kind: string): number {
  if (
    (range.min !== undefined && value < range.min) ||
    (range.max !== undefined && value > range.max)
  ) {
    throw new ConfigurationError(`expected ${kind}${describeRange(range)}, got ${value}`, name);
  }
  return value;
}

function describeRange(range: NumberRange, show: (n: number) => string = String): string {
  const { min, max } = range;
  if (min !== undefined && max !== undefined) return ` from ${show(min)} to ${show(max)}`;
  if (min !== undefined) return ` of at least ${show(min)}`;
  if (max !== undefined) return ` of at most ${show(max)}`;
  return '';
}

function splitTopLevelCommas(line: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '{' || char === '[') depth++;
    else if ((char === '}' || char === ']') && depth > 0) depth--;
    else if (char === ',' && depth === 0) {
      items.push(line.slice(start, i));
      start = i + 1;
    }
  }
  items.push(line.slice(start));
  return items;
}

function balanced(pattern: string): boolean {
  let square = 0;
  let curly = 0;
  for (const char of pattern) {
    if (char === '[') square++;
    if (char === ']') square--;
    if (char === '{') curly++;
    if (char === '}') curly--;
    if (square < 0 || curly < 0) return false;
  }
  return square === 0 && curly === 0;
}

/** Quotes a user value for an error message, shortened so a huge value stays readable. */
export function quote(value: string): string {
  const short = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(short);
}
