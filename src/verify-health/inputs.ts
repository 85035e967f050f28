import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../core/errors';
import { actionInputs, type ActionInputs, quote } from '../core/inputs';
import { isSensitiveHeader, maskSecret } from '../core/mask';
import { BUNDLE_NAME, BUNDLE_VERSION } from '../core/version';
import type { Expectations, VersionCheck } from './evaluate';
import { parseJsonPath, type JsonPath } from './json-path';
import { parseStatusSet } from './status-set';

/** Only the inputs actions/verify-health/action.yml declares can be read. */
type Inputs = ActionInputs<'verify-health'>;

/** One URL to check, and how it is shown (no password, no token values). */
export interface Target {
  url: URL;
  display: string;
}

export interface VerifyHealthConfig {
  targets: Target[];
  method: string;
  /** Request headers; every value was masked when read. */
  headers: Record<string, string>;
  /** Every secret value read, so shown text can be redacted (summaries and outputs are not masked by the runner). */
  secrets: string[];
  expect: Expectations;
  timeoutMs: number;
  intervalMs: number;
  maxIntervalMs: number;
  requestTimeoutMs: number;
  consecutiveSuccesses: number;
  latencyBudgetP95Ms?: number;
  followRedirects: boolean;
  /** PEM contents of ca-file. */
  extraCa?: string;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Reads and checks every input once; any mistake is a ConfigurationError naming the input. */
export function readInputs(inputs = actionInputs('verify-health')): VerifyHealthConfig {
  const secrets: string[] = [];
  const headerMap = inputs.keyValues('headers', { secret: true });
  const headers: Record<string, string> = {};
  for (const [name, value] of headerMap) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new ConfigurationError(`${quote(name)} is not a valid header name`, 'headers');
    }
    if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) {
      throw new ConfigurationError(
        `the value of ${name} has characters an HTTP header cannot carry (control characters or beyond Latin-1)`,
        'headers',
      );
    }
    headers[name] = value;
    secrets.push(...headerSecrets(value));
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) {
    headers['User-Agent'] = `${BUNDLE_NAME}/${BUNDLE_VERSION} verify-health`;
  }

  const method = inputs.oneOf('method', METHODS, 'GET');
  const targets = readTargets(inputs, secrets);
  const expect = readExpectations(inputs, method);
  const intervalMs = inputs.duration('interval', '2s', { min: 50, max: 600_000 });
  const maxIntervalMs = inputs.duration('max-interval', '15s', { min: 50, max: 600_000 });
  if (maxIntervalMs < intervalMs) {
    throw new ConfigurationError('must not be shorter than interval', 'max-interval');
  }
  const budget = inputs.duration('latency-budget-p95', undefined, { min: 1, max: 600_000 });
  const extraCa = readCaFile(inputs);
  return {
    targets,
    method,
    headers,
    secrets,
    expect,
    timeoutMs: inputs.duration('timeout', '5m', { min: 1000, max: 6 * 3_600_000 }),
    intervalMs,
    maxIntervalMs,
    requestTimeoutMs: inputs.duration('request-timeout', '10s', { min: 100, max: 300_000 }),
    consecutiveSuccesses: inputs.integer('consecutive-successes', 3, { min: 1, max: 100 }),
    ...(budget === undefined ? {} : { latencyBudgetP95Ms: budget }),
    followRedirects: inputs.boolean('follow-redirects', false),
    ...(extraCa === undefined ? {} : { extraCa }),
  };
}

/** `urls` crossed with `paths`; a bare host name (as App Runner reports its URL) means https. */
function readTargets(inputs: Inputs, secrets: string[]): Target[] {
  const bases = splitUrlList(inputs.optional('urls') ?? '', /^[a-z][a-z0-9+.-]*:\/\//i);
  if (bases.length === 0) {
    throw new ConfigurationError('is required: one URL per line (or comma separated)', 'urls');
  }
  const paths = splitUrlList(inputs.optional('paths') ?? '', /^\//);
  for (const p of paths) {
    if (!p.startsWith('/')) throw new ConfigurationError(`${quote(p)} must start with /`, 'paths');
  }
  const targets: Target[] = [];
  for (const base of bases) {
    const url = parseUrl(base);
    const list = paths.length === 0 ? [url] : paths.map((p) => joinPath(url, p));
    for (const target of list) {
      rememberUrlSecrets(target, secrets);
      const display = displayUrl(target);
      if (targets.some((t) => t.display === display)) {
        throw new ConfigurationError(`${display} is listed twice`, 'urls');
      }
      targets.push({ url: target, display });
    }
  }
  return targets;
}

/**
 * A list of URLs (or paths), one per line or comma separated. A comma inside a query string
 * (?ids=1,2) belongs to the URL: after a ?, only a comma followed by the start of another entry
 * (`next`: a scheme, or a / for paths) separates.
 */
export function splitUrlList(text: string, next: RegExp): string[] {
  const items: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let current = '';
    const parts = line.split(',');
    parts.forEach((part, index) => {
      if (index === 0) current = part;
      else if (!current.includes('?') || part.trim() === '' || next.test(part.trimStart())) {
        items.push(current);
        current = part;
      } else current += `,${part}`;
    });
    items.push(current);
  }
  return items.map((item) => item.trim()).filter((item) => item !== '' && !item.startsWith('#'));
}

function parseUrl(text: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigurationError(`${quote(redactUserinfo(text))} is not a valid URL`, 'urls');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(`${quote(displayUrl(url))} must be an http or https URL`, 'urls');
  }
  return url;
}

function joinPath(base: URL, extra: string): URL {
  const url = new URL(base.href);
  const [pathname = '', search] = extra.split('?', 2) as [string, string | undefined];
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${pathname}`;
  if (search !== undefined) url.search = `?${search}`;
  return url;
}

/**
 * A header value and the credential inside it: `Bearer abc` is shown as ***, and so is `abc`
 * alone (a server may echo the token without its scheme); Basic credentials decoded too.
 */
function headerSecrets(value: string): string[] {
  const found = [value];
  const match = /^([A-Za-z][\w-]*)\s+(\S{4,})$/.exec(value.trim());
  if (match?.[2] !== undefined) {
    found.push(match[2]);
    if (match[1]?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(match[2], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) found.push(decoded, decoded.slice(colon + 1));
    }
  }
  return found.filter((secret) => secret.length >= 4);
}

/** Passwords in URLs and token-like query values are secrets too. */
function rememberUrlSecrets(url: URL, secrets: string[]): void {
  const found: string[] = [];
  if (url.password !== '') {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    // The request carries them as Basic credentials, which a server may echo back.
    const basic = Buffer.from(`${user}:${password}`).toString('base64');
    found.push(url.password, password, basic);
  }
  for (const [name, value] of url.searchParams) {
    // Shown as *** either way; values this short are flags, not secrets, and masking them
    // would garble every log line.
    if (isSensitiveHeader(name) && value.length >= 4) found.push(value, encodeURIComponent(value));
  }
  for (const secret of found) {
    maskSecret(secret);
    secrets.push(secret);
  }
}

/** A URL as shown: no user info, token-like query values replaced. */
export function displayUrl(url: URL): string {
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  for (const name of [...new Set(shown.searchParams.keys())]) {
    if (isSensitiveHeader(name)) shown.searchParams.set(name, '***');
  }
  return shown.href;
}

function redactUserinfo(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//***@');
}

function readExpectations(inputs: Inputs, method: string): Expectations {
  const statusText = inputs.string('expected-status', '200-299');
  const statuses = parseStatusSet(statusText);
  if (typeof statuses === 'string') throw new ConfigurationError(statuses, 'expected-status');

  const bodyContains = inputs.optional('body-contains');
  const bodyRegexText = inputs.optional('body-regex');
  const jsonPathText = inputs.optional('json-path');
  const jsonEquals = inputs.optional('json-equals');
  if ((jsonPathText === undefined) !== (jsonEquals === undefined)) {
    throw new ConfigurationError(
      'json-path and json-equals go together: give both or neither',
      jsonPathText === undefined ? 'json-path' : 'json-equals',
    );
  }
  const version = readVersionCheck(inputs);
  if (method === 'HEAD') {
    const bodyInput = [
      ['body-contains', bodyContains],
      ['body-regex', bodyRegexText],
      ['json-path', jsonPathText],
      ['version-json-path', version?.jsonPath],
    ].find(([, value]) => value !== undefined);
    if (bodyInput !== undefined) {
      throw new ConfigurationError(
        `HEAD responses have no body to check; use method GET`,
        String(bodyInput[0]),
      );
    }
  }
  return {
    statuses,
    ...(bodyContains === undefined ? {} : { bodyContains }),
    ...(bodyRegexText === undefined ? {} : { bodyRegex: compileRegex(bodyRegexText) }),
    ...(jsonPathText === undefined || jsonEquals === undefined
      ? {}
      : { json: { path: jsonPath('json-path', jsonPathText), equals: jsonEquals } }),
    ...(version === undefined ? {} : { version }),
  };
}

function readVersionCheck(inputs: Inputs): VersionCheck | undefined {
  const expected = inputs.optional('expected-version');
  const header = inputs.matching(
    'version-header',
    /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/,
    'an HTTP header name',
  );
  const pathText = inputs.optional('version-json-path');
  if (header !== undefined && pathText !== undefined) {
    throw new ConfigurationError(
      'give version-header or version-json-path, not both',
      'version-json-path',
    );
  }
  if (expected === undefined) {
    const stray =
      header !== undefined
        ? 'version-header'
        : pathText !== undefined
          ? 'version-json-path'
          : undefined;
    if (stray !== undefined) {
      throw new ConfigurationError(
        'is set but expected-version is empty: set expected-version too',
        stray,
      );
    }
    return undefined;
  }
  if (header === undefined && pathText === undefined) {
    throw new ConfigurationError(
      'needs version-header or version-json-path: where the service reports its version',
      'expected-version',
    );
  }
  return {
    expected,
    ...(header === undefined ? {} : { header: header.toLowerCase() }),
    ...(pathText === undefined ? {} : { jsonPath: jsonPath('version-json-path', pathText) }),
  };
}

function jsonPath(input: string, text: string): JsonPath {
  const parsed = parseJsonPath(text);
  if (typeof parsed === 'string') {
    throw new ConfigurationError(
      `${parsed} (a path looks like status, build.version or checks[0].ok)`,
      input,
    );
  }
  return parsed;
}

function compileRegex(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch (error) {
    throw new ConfigurationError(
      `is not a valid regular expression: ${(error as Error).message}`,
      'body-regex',
    );
  }
}

function readCaFile(inputs: Inputs): string | undefined {
  const file = inputs.optional('ca-file');
  if (file === undefined) return undefined;
  const resolved = path.resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), file);
  let pem: string;
  try {
    pem = readFileSync(resolved, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read ${resolved}: ${(error as Error).message}`, 'ca-file');
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigurationError(
      `${resolved} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
      'ca-file',
    );
  }
  return pem;
}
