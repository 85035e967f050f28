import {
  formatJsonPath,
  jsonValueEquals,
  parseJsonPath,
  readJsonPath,
} from '../../../src/verify-health/json-path';
import { parseStatusSet, type StatusSet } from '../../../src/verify-health/status-set';
import { excerpt, Redactor } from '../../../src/verify-health/redact';
import { percentile, latencyStats } from '../../../src/verify-health/stats';

function statuses(text: string): StatusSet {
  const set = parseStatusSet(text);
  if (typeof set === 'string') throw new Error(set);
  return set;
}

describe('parseStatusSet', () => {
  it('reads single statuses, lists and ranges', () => {
    const set = statuses('200, 204 300-302');
    expect([200, 204, 300, 301, 302].every((s) => set.has(s))).toBe(true);
    expect([199, 201, 303, 500].some((s) => set.has(s))).toBe(false);
    expect(set.text).toBe('200, 204, 300-302');
  });

  it.each([
    ['2xx', /not a status/],
    ['200-', /not a status/],
    ['99', /not a status/],
    ['600', /outside 100-599/],
    ['299-200', /ends before it starts/],
    [' , ', /no status given/],
  ])('rejects %j', (text, message) => {
    expect(parseStatusSet(text)).toMatch(message);
  });
});

describe('JSON paths', () => {
  const doc = { status: 'ok', build: { version: 'abc' }, checks: [{ ok: true }], 'x-y': 3 };

  it.each([
    ['status', 'ok'],
    ['build.version', 'abc'],
    ['checks[0].ok', true],
    ['$.build.version', 'abc'],
    ['["x-y"]', 3],
  ])('reads %s', (text, value) => {
    const path = parseJsonPath(text);
    expect(typeof path).not.toBe('string');
    expect(readJsonPath(doc, path as (string | number)[])).toEqual({ found: true, value });
  });

  it('reports missing steps without throwing', () => {
    for (const text of ['missing', 'checks[3].ok', 'status.inner', 'build[0]']) {
      expect(readJsonPath(doc, parseJsonPath(text) as (string | number)[])).toEqual({
        found: false,
      });
    }
  });

  it.each(['', 'a..b', 'a[x]', '[0', 'a b', '.a'])('rejects %j', (text) => {
    expect(typeof parseJsonPath(text)).toBe('string');
  });

  it('formats paths back canonically', () => {
    expect(formatJsonPath(parseJsonPath('checks[0].ok') as (string | number)[])).toBe(
      'checks[0].ok',
    );
    expect(formatJsonPath(['a b', 1])).toBe('["a b"][1]');
  });

  it('compares strings as text and other values as JSON', () => {
    expect(jsonValueEquals('ok', 'ok')).toBe(true);
    expect(jsonValueEquals('true', 'true')).toBe(true);
    expect(jsonValueEquals(true, 'true')).toBe(true);
    expect(jsonValueEquals(3, '3')).toBe(true);
    expect(jsonValueEquals(3, '"3"')).toBe(false);
    expect(jsonValueEquals(null, 'null')).toBe(true);
    expect(jsonValueEquals({ b: 1, a: 2 }, '{"a":2,"b":1}')).toBe(true);
    expect(jsonValueEquals(false, 'true')).toBe(false);
    expect(jsonValueEquals(1, 'not json')).toBe(false);
  });
});

describe('Redactor', () => {
  it('replaces every secret and its encoded forms, longest first', () => {
    const redactor = new Redactor(['s3cr3t', 's3cr3t-token value', 'a"b']);
    expect(redactor.redact('x s3cr3t-token value y s3cr3t z')).toBe('x *** y *** z');
    expect(redactor.redact('url s3cr3t-token%20value, json a\\"b')).toBe('url ***, json ***');
  });

  it('caps excerpts and says how much was cut', () => {
    expect(excerpt('abc', 5)).toBe('abc');
    expect(excerpt('abcdefgh', 5)).toBe('abcde... (3 more characters)');
    expect(excerpt('<p>\n    a\t b\n</p>\n')).toBe('<p> a b </p>');
  });
});

describe('latency statistics', () => {
  it('uses nearest-rank percentiles', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile([7], 95)).toBe(7);
    expect(latencyStats([3.4, 1.2, 10.6])).toEqual({ count: 3, p50: 3, p95: 11, max: 11 });
    expect(latencyStats([])).toBeUndefined();
  });
});
