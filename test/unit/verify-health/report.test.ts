import { InputReader } from '../../../src/core/inputs';
import { readInputs } from '../../../src/verify-health/inputs';
import { failureMessage, outputsFor, summaryFor } from '../../../src/verify-health/report';
import type { VerifyOutcome } from '../../../src/verify-health/verify';

const target = { url: new URL('https://a.example/health'), display: 'https://a.example/health' };

const healthy: VerifyOutcome = {
  healthy: true,
  rounds: 4,
  elapsedMs: 2300,
  firstHealthyAfterMs: 1234,
  urls: [
    {
      target,
      checks: 4,
      passed: 3,
      latencies: [10, 12, 30, 11],
      last: { target, passed: true, status: 200, latencyMs: 11, versionSeen: 'abc1234' },
    },
  ],
};

const unhealthy: VerifyOutcome = {
  healthy: false,
  reason:
    'not healthy within 3.0s (5 round(s)): https://a.example/health: status 503, expected 200-299',
  rounds: 5,
  elapsedMs: 3000,
  urls: [
    {
      target,
      checks: 5,
      passed: 0,
      latencies: [5],
      last: { target, passed: false, reason: 'connection refused (nothing listening yet)' },
      lastFailure: {
        target,
        passed: false,
        status: 503,
        reason: 'status 503',
        bodyExcerpt: '<h1>Bad & gone</h1>',
      },
    },
  ],
};

describe('verify-health report', () => {
  let stdout: jest.SpyInstance;
  beforeEach(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => stdout.mockRestore());
  const config = () =>
    readInputs(
      new InputReader(
        (name) =>
          ({
            urls: 'https://a.example/health',
            'expected-version': 'abc1234',
            'version-header': 'x-version',
            'latency-budget-p95': '500ms',
          })[name],
      ),
    );

  it('gives the outputs a rollback step reads', () => {
    expect(outputsFor(healthy)).toEqual({
      healthy: 'true',
      attempts: '4',
      'first-healthy-after': '1.2',
      latencies: JSON.stringify({
        'https://a.example/health': { count: 4, p50: 11, p95: 30, max: 30 },
      }),
      reason: '',
    });
    expect(outputsFor(unhealthy)).toMatchObject({
      healthy: 'false',
      attempts: '5',
      'first-healthy-after': '',
    });
    expect(outputsFor(unhealthy).reason).toBe(unhealthy.reason);
  });

  it('writes a row per URL with checks, passes, p95, last status and version', () => {
    const html = summaryFor(healthy, config()).toString();
    expect(html).toContain('✅ Healthy: 3 consecutive round(s) passed');
    expect(html).toContain(
      '<tr><td>https://a.example/health</td><td>4</td><td>3</td><td>30 ms</td><td>200</td><td>abc1234</td></tr>',
    );
    expect(html).toContain('<td>Expected version</td><td>abc1234</td>');
    expect(html).toContain('<td>Latency budget (p95)</td><td>500ms</td>');
  });

  it('shows the reason and the last failing response, escaped, on failure', () => {
    const html = summaryFor(unhealthy, config()).toString();
    expect(html).toContain('❌ Not healthy: not healthy within 3.0s');
    expect(html).toContain('<td>no response</td>');
    expect(html).toContain('<td>https://a.example/health</td><td>5</td><td>0</td><td>5 ms</td>');
    expect(failureMessage(unhealthy)).toBe(
      `release not healthy: ${unhealthy.reason}\n` +
        'last failing response from https://a.example/health: status 503, body: <h1>Bad & gone</h1>',
    );
  });
});
