import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../src/core/errors';
import { InputReader } from '../../../src/core/inputs';
import { readInputs } from '../../../src/verify-health/inputs';

function read(inputs: Record<string, string>) {
  return readInputs(new InputReader((name) => inputs[name]));
}

function configError(inputs: Record<string, string>): ConfigurationError {
  try {
    read(inputs);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('verify-health inputs', () => {
  let stdout: jest.SpyInstance;
  beforeEach(() => {
    // maskSecret writes ::add-mask:: commands; keep them out of the test output.
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => stdout.mockRestore());

  it('has safe defaults', () => {
    const config = read({ urls: 'https://app.example.com/healthz' });
    expect(config).toMatchObject({
      method: 'GET',
      timeoutMs: 300_000,
      intervalMs: 2000,
      maxIntervalMs: 15_000,
      requestTimeoutMs: 10_000,
      consecutiveSuccesses: 3,
      followRedirects: false,
    });
    expect(config.latencyBudgetP95Ms).toBeUndefined();
    expect(config.expect.statuses.text).toBe('200-299');
    expect(config.headers['User-Agent']).toMatch(/verify-health/);
    expect(config.targets.map((t) => t.display)).toEqual(['https://app.example.com/healthz']);
  });

  it('crosses urls with paths and treats a bare host as https', () => {
    const config = read({
      urls: 'abc123.eu-west-1.awsapprunner.com\nhttps://cdn.example.com/app/',
      paths: '/healthz, /api/version?full=1',
    });
    expect(config.targets.map((t) => t.display)).toEqual([
      'https://abc123.eu-west-1.awsapprunner.com/healthz',
      'https://abc123.eu-west-1.awsapprunner.com/api/version?full=1',
      'https://cdn.example.com/app/healthz',
      'https://cdn.example.com/app/api/version?full=1',
    ]);
  });

  it('keeps header values as secrets and hides URL passwords and tokens', () => {
    const config = read({
      urls: 'https://user:pa55word@api.example.com/health?api_key=k3y-value&x=1',
      headers: 'Authorization=Bearer s3cr3t\nX-Tenant=acme',
    });
    expect(config.headers).toMatchObject({ Authorization: 'Bearer s3cr3t', 'X-Tenant': 'acme' });
    expect(config.secrets).toEqual(
      expect.arrayContaining(['Bearer s3cr3t', 'acme', 'pa55word', 'k3y-value']),
    );
    expect(config.targets[0]?.display).toBe('https://api.example.com/health?api_key=***&x=1');
    expect(config.targets[0]?.url.password).toBe('pa55word');
  });

  it('shows short token-like query values as *** without masking them everywhere', () => {
    const config = read({ urls: 'https://api.example.com/health?cache_key=on' });
    expect(config.targets[0]?.display).toBe('https://api.example.com/health?cache_key=***');
    expect(config.secrets).not.toContain('on');
  });

  it('reads every check', () => {
    const config = read({
      urls: 'http://127.0.0.1:8080/',
      method: 'POST',
      'expected-status': '200,204',
      'body-contains': 'ok',
      'body-regex': '^\\{',
      'json-path': 'checks[0].ok',
      'json-equals': 'true',
      'expected-version': 'abc1234',
      'version-json-path': 'build.sha',
      timeout: '90s',
      interval: '250ms',
      'max-interval': '5s',
      'request-timeout': '3s',
      'consecutive-successes': '5',
      'latency-budget-p95': '800ms',
      'follow-redirects': 'true',
    });
    expect(config).toMatchObject({
      method: 'POST',
      timeoutMs: 90_000,
      intervalMs: 250,
      maxIntervalMs: 5000,
      requestTimeoutMs: 3000,
      consecutiveSuccesses: 5,
      latencyBudgetP95Ms: 800,
      followRedirects: true,
      expect: {
        bodyContains: 'ok',
        bodyRegex: /^\{/,
        json: { path: ['checks', 0, 'ok'], equals: 'true' },
        version: { expected: 'abc1234', jsonPath: ['build', 'sha'] },
      },
    });
    expect(config.expect.statuses.has(204)).toBe(true);
  });

  it('reads a CA bundle file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vh-ca-'));
    writeFileSync(
      path.join(dir, 'ca.pem'),
      '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n',
    );
    writeFileSync(path.join(dir, 'bad.pem'), 'hello');
    expect(
      read({ urls: 'https://x.example', 'ca-file': path.join(dir, 'ca.pem') }).extraCa,
    ).toMatch(/BEGIN CERTIFICATE/);
    expect(
      configError({ urls: 'https://x.example', 'ca-file': path.join(dir, 'bad.pem') }).message,
    ).toMatch(/^Input 'ca-file': .* holds no PEM certificate/);
    expect(
      configError({ urls: 'https://x.example', 'ca-file': path.join(dir, 'none.pem') }).input,
    ).toBe('ca-file');
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['urls', {}, /is required/],
    ['urls', { urls: 'ftp://files.example.com/' }, /must be an http or https URL/],
    ['urls', { urls: 'http://exa mple.com/' }, /is not a valid URL/],
    ['urls', { urls: 'https://a.example/x, https://a.example/x' }, /listed twice/],
    ['paths', { urls: 'https://a.example', paths: 'healthz' }, /must start with \//],
    ['method', { urls: 'https://a.example', method: 'get' }, /expected one of GET, HEAD/],
    ['headers', { urls: 'https://a.example', headers: 'Authorization: Bearer x' }, /KEY=value/],
    ['headers', { urls: 'https://a.example', headers: 'Bad Name=1' }, /not a valid header name/],
    ['headers', { urls: 'https://a.example', headers: 'X-Token=caf\u00e9\u20ac' }, /cannot carry/],
    ['headers', { urls: 'https://a.example', headers: 'X-Token=a\u0007b' }, /cannot carry/],
    ['expected-status', { urls: 'https://a.example', 'expected-status': '2xx' }, /not a status/],
    [
      'body-regex',
      { urls: 'https://a.example', 'body-regex': '(' },
      /not a valid regular expression/,
    ],
    ['json-equals', { urls: 'https://a.example', 'json-path': 'status' }, /go together/],
    ['json-path', { urls: 'https://a.example', 'json-equals': 'ok' }, /go together/],
    [
      'json-path',
      { urls: 'https://a.example', 'json-path': 'a..b', 'json-equals': '1' },
      /expected a key/,
    ],
    [
      'expected-version',
      { urls: 'https://a.example', 'expected-version': 'abc' },
      /needs version-header/,
    ],
    [
      'version-header',
      { urls: 'https://a.example', 'version-header': 'x-version' },
      /expected-version is empty/,
    ],
    [
      'version-json-path',
      {
        urls: 'https://a.example',
        'expected-version': 'a',
        'version-header': 'x-v',
        'version-json-path': 'v',
      },
      /not both/,
    ],
    [
      'body-contains',
      { urls: 'https://a.example', method: 'HEAD', 'body-contains': 'ok' },
      /HEAD responses/,
    ],
    ['timeout', { urls: 'https://a.example', timeout: 'soon' }, /expected a duration/],
    ['timeout', { urls: 'https://a.example', timeout: '10ms' }, /1s.*6h/],
    [
      'max-interval',
      { urls: 'https://a.example', interval: '10s', 'max-interval': '5s' },
      /not be shorter/,
    ],
    [
      'consecutive-successes',
      { urls: 'https://a.example', 'consecutive-successes': '0' },
      /at least|from 1/,
    ],
    [
      'follow-redirects',
      { urls: 'https://a.example', 'follow-redirects': 'ture' },
      /expected true or false/,
    ],
    ['latency-budget-p95', { urls: 'https://a.example', 'latency-budget-p95': 'fast' }, /duration/],
  ])('rejects a bad %s', (input, inputs, message) => {
    const error = configError(inputs);
    expect(error.input).toBe(input);
    expect(error.message).toMatch(message);
  });

  it('never echoes a header value in an error', () => {
    const error = configError({
      urls: 'https://a.example',
      headers: 'Authorization Bearer s3cr3t',
    });
    expect(error.message).not.toContain('s3cr3t');
  });
});
