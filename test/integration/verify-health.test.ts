import {
  flapping,
  redirect,
  selfSignedCert,
  sequence,
  startFixtureServer,
  type FixtureServer,
} from '../support/http-fixtures';
import { findLeaks, nodeRuntimes, runDist, type DistRun } from '../support/run-dist';

// The compiled action against real HTTP(S) servers on loopback, as the runner runs it.
const SECRET = 'Bearer s3cr3t-token-value';
const COOKIE = 'session=c00kie-v4lue';
const NEW = '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39';
const OLD = '0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e';

const servers: FixtureServer[] = [];
async function server(...args: Parameters<typeof startFixtureServer>): Promise<FixtureServer> {
  const s = await startFixtureServer(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Short timings so every scenario takes a second or two. */
const fast = { interval: '100ms', 'max-interval': '300ms', 'request-timeout': '2s' };
const secretHeaders = `Authorization=${SECRET}\nCookie=${COOKIE}`;

function expectNoLeaks(run: DistRun): void {
  expect(findLeaks(run, [SECRET, 's3cr3t-token-value', COOKIE, 'c00kie-v4lue'])).toEqual([]);
}

describe.each(nodeRuntimes())('verify-health dist on $label', ({ path: node }) => {
  it('waits through a cold start (connections refused) and passes after 3 rounds in a row', async () => {
    // Refuse connections until the action has logged a refused round, then come up.
    const s = await server({
      refuseForMs: 60_000,
      routes: { '/healthz': () => ({ headers: { 'x-app-version': NEW }, body: { status: 'ok' } }) },
    });
    const run = await runDist('verify-health', {
      node,
      inputs: {
        urls: s.origin,
        paths: '/healthz',
        headers: secretHeaders,
        'expected-version': NEW.slice(0, 7),
        'version-header': 'x-app-version',
        'json-path': 'status',
        'json-equals': 'ok',
        timeout: '10s',
        ...fast,
      },
      onStdout: (chunk) => {
        if (chunk.includes('connection refused')) void s.startListening();
      },
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.healthy).toBe('true');
    expect(Number(run.outputs.attempts)).toBeGreaterThanOrEqual(4);
    const firstHealthy = Number(run.outputs['first-healthy-after']);
    expect(firstHealthy).toBeGreaterThan(0);
    expect(firstHealthy).toBeLessThanOrEqual(run.durationMs / 1000);
    expect(run.log).toMatch(/connection refused \(nothing listening yet\)/);
    const latencies = JSON.parse(run.outputs.latencies ?? '{}') as Record<
      string,
      { count: number; p95: number }
    >;
    expect(latencies[`${s.origin}/healthz`]?.count).toBe(3);
    expect(s.requests).toHaveLength(3);
    expect(s.requests[0]?.headers.authorization).toBe(SECRET);
    expect(run.summary).toMatch(
      new RegExp(
        `<td>${s.origin}/healthz</td><td>\\d+</td><td>3</td><td>\\d+ ms</td><td>200</td><td>${NEW}</td>`,
      ),
    );
    expectNoLeaks(run);
  });

  it('fails at the deadline when the service flaps, with healthy=false for a rollback step', async () => {
    const s = await server({
      routes: {
        '/': flapping({ body: 'ok' }, (req) => ({
          status: 503,
          body: `draining; auth was ${String(req.headers.authorization)}`,
        })),
      },
    });
    const run = await runDist('verify-health', {
      node,
      inputs: { urls: `${s.origin}/`, headers: secretHeaders, timeout: '2s', ...fast },
    });
    expect(run.exitCode).toBe(1);
    expect(run.durationMs).toBeGreaterThanOrEqual(2000);
    expect(run.outputs).toMatchObject({ healthy: 'false', 'first-healthy-after': '' });
    expect(Number(run.outputs.attempts)).toBeGreaterThanOrEqual(4);
    expect(run.outputs.reason).toMatch(/^not healthy within 2\.0s .*status 503, expected 200-299/);
    expect(run.errors[0]).toMatch(/^verify-health: release not healthy: /);
    expect(run.errors[0]).toContain(
      `last failing response from ${s.origin}/: status 503, body: draining; auth was ***`,
    );
    expect(run.summary).toContain('❌ Not healthy');
    expectNoLeaks(run);
  });

  it('never prints secret header values, even when the server echoes them', async () => {
    const s = await server({
      routes: {
        '/': (req) => ({
          status: 500,
          headers: { 'x-app-version': String(req.headers.authorization) },
          body: { echoed: req.headers },
        }),
      },
    });
    const run = await runDist('verify-health', {
      node,
      inputs: {
        urls: `${s.origin}/`,
        headers: secretHeaders,
        'expected-version': NEW,
        'version-header': 'x-app-version',
        timeout: '1s',
        ...fast,
      },
    });
    expect(run.exitCode).toBe(1);
    expect(s.requests[0]?.headers).toMatchObject({ authorization: SECRET, cookie: COOKIE });
    // The echoed values were shown, redacted, in the log, the error, the summary and the outputs.
    expect(run.errors[0]).toContain('"authorization":"***","cookie":"***"');
    expect(run.summary).toContain('<td>***</td>');
    expect(run.masked).toEqual(expect.arrayContaining([SECRET, COOKIE]));
    expectNoLeaks(run);
  });

  it('fails naming both versions while the old release keeps answering', async () => {
    const s = await server({ routes: { '/version': () => ({ body: { build: { sha: OLD } } }) } });
    const run = await runDist('verify-health', {
      node,
      inputs: {
        urls: `${s.origin}/version`,
        'expected-version': NEW,
        'version-json-path': 'build.sha',
        timeout: '1500ms',
        ...fast,
      },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.healthy).toBe('false');
    expect(run.errors[0]).toContain(
      `version "${OLD}" answered, expected "${NEW}" (the previous release may still be serving)`,
    );
    expect(run.summary).toContain(`<td>${OLD}</td>`);
  });

  it('fails on a wrong body and shows a capped excerpt of it', async () => {
    const s = await server({
      routes: { '/': () => ({ body: { status: 'degraded', detail: 'd'.repeat(2000) } }) },
    });
    const run = await runDist('verify-health', {
      node,
      inputs: { urls: `${s.origin}/`, 'body-regex': '"status":\\s*"ok"', timeout: '1s', ...fast },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.reason).toContain('body does not match /"status":\\s*"ok"/');
    expect(run.errors[0]).toMatch(
      /body: \{"status":"degraded","detail":"d+\.\.\. \(\d+ more characters\)/,
    );
    expect(run.errors[0]?.length).toBeLessThan(1200);
  });

  it('follows a redirect only when asked', async () => {
    const s = await server({
      routes: { '/old': redirect('/health'), '/health': () => ({ body: 'ok' }) },
    });
    const inputs = { urls: `${s.origin}/old`, 'body-contains': 'ok', timeout: '1s', ...fast };
    const kept = await runDist('verify-health', { node, inputs });
    expect(kept.exitCode).toBe(1);
    expect(kept.outputs.reason).toContain(
      'status 302 (a redirect to /health; set follow-redirects: true to follow it), expected 200-299',
    );
    expect(s.requests.every((r) => r.path === '/old')).toBe(true);

    const followed = await runDist('verify-health', {
      node,
      inputs: { ...inputs, 'follow-redirects': 'true', 'consecutive-successes': '2' },
    });
    expect(followed.exitCode).toBe(0);
    expect(followed.outputs.healthy).toBe('true');
    expect(s.requests.filter((r) => r.path === '/health')).toHaveLength(2);
  });

  it('fails fast with a clear TLS error on a self-signed certificate, and passes with ca-file', async () => {
    const tls = selfSignedCert();
    const s = await server({ tls, routes: { '/': sequence({ body: 'ok' }) } });
    const run = await runDist('verify-health', {
      node,
      inputs: { urls: `${s.origin}/`, headers: secretHeaders, timeout: '30s', ...fast },
    });
    expect(run.exitCode).toBe(1);
    expect(run.durationMs).toBeLessThan(5000);
    expect(run.outputs).toMatchObject({ healthy: 'false', attempts: '1' });
    expect(run.errors[0]).toContain(`${s.origin}/: TLS error DEPTH_ZERO_SELF_SIGNED_CERT`);
    expect(run.errors[0]).toContain('not retried');
    expect(s.requests).toHaveLength(0);
    expectNoLeaks(run);

    const trusted = await runDist('verify-health', {
      node,
      inputs: {
        urls: `${s.origin}/`,
        'ca-file': tls.certFile,
        'consecutive-successes': '1',
        timeout: '5s',
        ...fast,
      },
    });
    expect(trusted.errors).toEqual([]);
    expect(trusted.outputs.healthy).toBe('true');
  });

  it('stops promptly when the workflow is cancelled', async () => {
    const s = await server({ routes: { '/': () => ({ status: 503 }) } });
    const run = await runDist('verify-health', {
      node,
      inputs: { urls: `${s.origin}/`, timeout: '30s', ...fast },
      // Once the first round failed, so the action is surely waiting (a cancel timed from the
      // spawn could land before Node has even loaded the action on a busy machine).
      killWhen: { pattern: /round 1 .*FAIL/, signal: 'SIGTERM' },
    });
    expect(run.exitCode).toBe(1);
    // Promptly: well within the 30 s timeout; at most one request-timeout (2 s) plus an interval.
    expect(run.exitAfterCancelMs).toBeLessThan(5000);
    expect(run.errors[0]).toMatch(
      /^verify-health: Cancelled while waiting for the URL to pass 3 consecutive/,
    );
    expect(s.requests.length).toBeGreaterThanOrEqual(1);
  });

  it('rejects a bad input before sending any request', async () => {
    const s = await server({ routes: { '/': () => ({ body: 'ok' }) } });
    const run = await runDist('verify-health', {
      node,
      inputs: { urls: `${s.origin}/`, headers: secretHeaders, 'expected-status': '2xx' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/^verify-health: Input 'expected-status': "2xx" is not a status/);
    expect(s.requests).toHaveLength(0);
    expectNoLeaks(run);
  });
});
