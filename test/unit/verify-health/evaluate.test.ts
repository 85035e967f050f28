import {
  evaluateResponse,
  versionMatches,
  type Expectations,
  type ObservedResponse,
} from '../../../src/verify-health/evaluate';
import { parseJsonPath, type JsonPath } from '../../../src/verify-health/json-path';
import { parseStatusSet, type StatusSet } from '../../../src/verify-health/status-set';

const ok = parseStatusSet('200-299') as StatusSet;
const path = (text: string): JsonPath => parseJsonPath(text) as JsonPath;

function response(overrides: Partial<ObservedResponse> = {}): ObservedResponse {
  return { status: 200, headers: {}, body: '', bodyTruncated: false, ...overrides };
}

describe('evaluateResponse', () => {
  it('passes a response that meets every expectation and reports the version', () => {
    const expect_: Expectations = {
      statuses: ok,
      bodyContains: '"ok"',
      bodyRegex: /"status":\s*"ok"/,
      json: { path: path('checks[0].ok'), equals: 'true' },
      version: { expected: 'abc1234', header: 'x-version' },
    };
    const body = JSON.stringify({ status: 'ok', checks: [{ ok: true }] });
    expect(
      evaluateResponse(response({ body, headers: { 'x-version': 'abc1234' } }), expect_),
    ).toEqual({
      passed: true,
      versionSeen: 'abc1234',
    });
  });

  it('fails on an unexpected status and explains a redirect that was not followed', () => {
    expect(evaluateResponse(response({ status: 503 }), { statuses: ok })).toEqual({
      passed: false,
      reason: 'status 503, expected 200-299',
    });
    const verdict = evaluateResponse(response({ status: 302, headers: { location: '/next' } }), {
      statuses: ok,
    });
    expect(verdict.reason).toBe(
      'status 302 (a redirect to /next; set follow-redirects: true to follow it), expected 200-299',
    );
  });

  it('names the expected and the seen version when the old release answers', () => {
    const verdict = evaluateResponse(response({ body: '{"build":{"sha":"0ld0ld0"}}' }), {
      statuses: ok,
      version: { expected: 'abcdef1', jsonPath: path('build.sha') },
    });
    expect(verdict).toEqual({
      passed: false,
      versionSeen: '0ld0ld0',
      reason: expect.stringMatching(/version "0ld0ld0" answered, expected "abcdef1"/) as string,
    });
  });

  it('reports where the version is missing', () => {
    expect(
      evaluateResponse(response(), {
        statuses: ok,
        version: { expected: 'v2', header: 'x-version' },
      }).reason,
    ).toBe('no x-version header in the response');
    expect(
      evaluateResponse(response({ body: 'plain' }), {
        statuses: ok,
        version: { expected: 'v2', jsonPath: path('version') },
      }).reason,
    ).toBe('body is not JSON, cannot read the version at version');
    expect(
      evaluateResponse(response({ body: '{"version":{"a":1}}' }), {
        statuses: ok,
        version: { expected: 'v2', jsonPath: path('version') },
      }).reason,
    ).toBe('no version at JSON path version');
  });

  it('checks the body: substring, regular expression, JSON path', () => {
    const body = '{"status":"degraded","n":2}';
    expect(
      evaluateResponse(response({ body }), { statuses: ok, bodyContains: 'healthy' }).reason,
    ).toBe('body does not contain "healthy"');
    expect(
      evaluateResponse(response({ body }), { statuses: ok, bodyRegex: /"status":"ok"/ }).reason,
    ).toBe('body does not match /"status":"ok"/');
    expect(
      evaluateResponse(response({ body }), {
        statuses: ok,
        json: { path: path('status'), equals: 'ok' },
      }).reason,
    ).toBe('JSON path status is "degraded", expected "ok"');
    expect(
      evaluateResponse(response({ body }), {
        statuses: ok,
        json: { path: path('x.y'), equals: '1' },
      }).reason,
    ).toBe('JSON path x.y is missing');
    expect(
      evaluateResponse(response({ body: '<html>' }), {
        statuses: ok,
        json: { path: path('status'), equals: 'ok' },
      }).reason,
    ).toBe('body is not JSON, cannot read status');
    expect(
      evaluateResponse(response({ body, bodyTruncated: true }), {
        statuses: ok,
        bodyContains: 'zzz',
      }).reason,
    ).toBe('body does not contain "zzz" (in the first 1 MiB of the body)');
  });
});

describe('versionMatches', () => {
  it.each([
    ['abc1234', 'abc1234', true],
    ['ABC1234', 'abc1234', true],
    ['abc1234', 'abc1234def5678abc1234def5678abc1234def56', true],
    ['abc1234def5678abc1234def5678abc1234def56', 'abc1234', true],
    ['sha256:' + 'a'.repeat(64), 'a'.repeat(64), true],
    ['abc123', 'abc1234', false],
    ['abc1235', 'abc1234def', false],
    ['v1.2', 'v1.2.3', false],
    ['v1.2.3', 'v1.2.3', true],
  ])('%s vs %s: %s', (seen, expected, result) => {
    expect(versionMatches(seen, expected)).toBe(result);
  });
});
