import {
  formatJsonPath,
  jsonValueEquals,
  readJsonPath,
  showJsonValue,
  type JsonPath,
} from './json-path';
import type { StatusSet } from './status-set';

/** Where the service reports the version it runs, and the version the new release must report. */
export interface VersionCheck {
  expected: string;
  header?: string;
  jsonPath?: JsonPath;
}

/** What a response must satisfy to count as healthy. */
export interface Expectations {
  statuses: StatusSet;
  bodyContains?: string;
  bodyRegex?: RegExp;
  json?: { path: JsonPath; equals: string };
  version?: VersionCheck;
}

/** The parts of a response the checks look at. */
export interface ObservedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bodyTruncated: boolean;
}

export interface Verdict {
  passed: boolean;
  /** Why the response failed; undefined when it passed. */
  reason?: string;
  /** The version the service reported, when a version check is configured and it reported one. */
  versionSeen?: string;
}

/** Judges one response: status, then version, then the body checks. The first failure wins. */
export function evaluateResponse(response: ObservedResponse, expect: Expectations): Verdict {
  const body = lazyJson(response.body);
  const version =
    expect.version === undefined ? undefined : readVersion(response, expect.version, body);
  const seen = version?.seen === undefined ? {} : { versionSeen: version.seen };
  const fail = (reason: string): Verdict => ({ passed: false, reason, ...seen });

  if (!expect.statuses.has(response.status)) {
    return fail(statusReason(response, expect.statuses));
  }
  if (expect.version !== undefined && version !== undefined) {
    if (version.seen === undefined) return fail(version.problem ?? 'no version reported');
    if (!versionMatches(version.seen, expect.version.expected)) {
      return fail(
        `version ${JSON.stringify(version.seen)} answered, expected ${JSON.stringify(expect.version.expected)} ` +
          '(the previous release may still be serving)',
      );
    }
  }
  const truncated = response.bodyTruncated ? ' (in the first 1 MiB of the body)' : '';
  if (expect.bodyContains !== undefined && !response.body.includes(expect.bodyContains)) {
    return fail(`body does not contain ${JSON.stringify(expect.bodyContains)}${truncated}`);
  }
  if (expect.bodyRegex !== undefined && !expect.bodyRegex.test(response.body)) {
    return fail(`body does not match ${String(expect.bodyRegex)}${truncated}`);
  }
  if (expect.json !== undefined) {
    const path = formatJsonPath(expect.json.path);
    const document = body();
    if (!document.ok) return fail(`body is not JSON, cannot read ${path}`);
    const found = readJsonPath(document.value, expect.json.path);
    if (!found.found) return fail(`JSON path ${path} is missing`);
    if (!jsonValueEquals(found.value, expect.json.equals)) {
      return fail(
        `JSON path ${path} is ${JSON.stringify(showJsonValue(found.value))}, expected ${JSON.stringify(expect.json.equals)}`,
      );
    }
  }
  return { passed: true, ...seen };
}

/**
 * Version equality: exact, ignoring case and a `sha256:` prefix; two hexadecimal ids of at least
 * 7 characters also match when one is a prefix of the other (a short commit SHA).
 */
export function versionMatches(seen: string, expected: string): boolean {
  const a = normaliseVersion(seen);
  const b = normaliseVersion(expected);
  if (a === b) return true;
  const hex = /^[0-9a-f]{7,64}$/;
  return hex.test(a) && hex.test(b) && (a.startsWith(b) || b.startsWith(a));
}

function normaliseVersion(version: string): string {
  return version
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, '');
}

function statusReason(response: ObservedResponse, statuses: StatusSet): string {
  const location = header(response, 'location');
  const redirect =
    response.status >= 300 && response.status < 400 && location !== undefined
      ? ` (a redirect to ${location}; set follow-redirects: true to follow it)`
      : '';
  return `status ${response.status}${redirect}, expected ${statuses.text}`;
}

function readVersion(
  response: ObservedResponse,
  check: VersionCheck,
  body: () => JsonBody,
): { seen?: string; problem?: string } {
  if (check.header !== undefined) {
    const value = header(response, check.header);
    return value === undefined || value.trim() === ''
      ? { problem: `no ${check.header} header in the response` }
      : { seen: value.trim() };
  }
  if (check.jsonPath !== undefined) {
    const path = formatJsonPath(check.jsonPath);
    const document = body();
    if (!document.ok) return { problem: `body is not JSON, cannot read the version at ${path}` };
    const found = readJsonPath(document.value, check.jsonPath);
    if (!found.found || found.value === null || typeof found.value === 'object') {
      return { problem: `no version at JSON path ${path}` };
    }
    return { seen: showJsonValue(found.value) };
  }
  return { problem: 'no version source configured' };
}

function header(response: ObservedResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

type JsonBody = { ok: true; value: unknown } | { ok: false };

function lazyJson(text: string): () => JsonBody {
  let parsed: JsonBody | undefined;
  return () => {
    if (parsed === undefined) {
      try {
        parsed = { ok: true, value: JSON.parse(text) as unknown };
      } catch {
        parsed = { ok: false };
      }
    }
    return parsed;
  };
}
