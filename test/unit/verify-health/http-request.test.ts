import { InputReader } from '../../../src/core/inputs';
import { checkTarget } from '../../../src/verify-health/check';
import {
  classify,
  MAX_BODY_CHARS,
  RequestFailure,
  sendRequest,
  type RequestSpec,
} from '../../../src/verify-health/http-request';
import { readInputs } from '../../../src/verify-health/inputs';
import { Redactor } from '../../../src/verify-health/redact';
import {
  redirect,
  selfSignedCert,
  startFixtureServer,
  type FixtureServer,
} from '../../support/http-fixtures';

const servers: FixtureServer[] = [];
async function server(...args: Parameters<typeof startFixtureServer>): Promise<FixtureServer> {
  const s = await startFixtureServer(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function spec(url: string, overrides: Partial<RequestSpec> = {}): RequestSpec {
  return {
    url: new URL(url),
    method: 'GET',
    headers: {},
    timeoutMs: 2000,
    followRedirects: false,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<RequestFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestFailure) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('sendRequest on a real loopback server', () => {
  it('sends the method and headers and reads status, headers, body and latency', async () => {
    const s = await server({
      routes: {
        '/health': () => ({ status: 200, headers: { 'x-version': 'v2' }, body: { status: 'ok' } }),
      },
    });
    const response = await sendRequest(
      spec(`${s.origin}/health?x=1`, {
        headers: { Authorization: 'Bearer t0k3n', 'X-Tenant': 'acme' },
      }),
    );
    expect(response).toMatchObject({
      status: 200,
      body: '{"status":"ok"}',
      bodyTruncated: false,
      redirects: 0,
    });
    expect(response.headers['x-version']).toBe('v2');
    expect(response.latencyMs).toBeGreaterThan(0);
    expect(s.requests[0]).toMatchObject({ method: 'GET', path: '/health?x=1' });
    expect(s.requests[0]?.headers).toMatchObject({
      authorization: 'Bearer t0k3n',
      'x-tenant': 'acme',
    });
  });

  it('sends URL credentials as basic auth', async () => {
    const s = await server({ routes: { '/': () => ({ status: 204 }) } });
    const url = new URL(s.origin);
    url.username = 'deploy';
    url.password = 'p@ss';
    await sendRequest(spec(url.href));
    expect(s.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('deploy:p@ss').toString('base64')}`,
    );
  });

  it('classifies a closed port as connection refused', async () => {
    const s = await server({ routes: {}, refuseForMs: 60_000 });
    const error = await failure(sendRequest(spec(`${s.origin}/`)));
    expect(error).toMatchObject({ kind: 'refused', code: 'ECONNREFUSED' });
  });

  it('classifies a name that does not resolve as DNS (RFC 6761 .invalid never resolves)', async () => {
    const error = await failure(
      sendRequest(spec('http://verify-health-test.invalid/', { timeoutMs: 10_000 })),
    );
    expect(error.kind).toBe('dns');
    expect(error.message).toMatch(
      /^verify-health-test\.invalid does not resolve yet \((ENOTFOUND|EAI_AGAIN)\)$/,
    );
  });

  it('gives up on a slow response after the request timeout', async () => {
    const s = await server({ routes: { '/slow': () => ({ status: 200, delayMs: 1500 }) } });
    const started = Date.now();
    const error = await failure(sendRequest(spec(`${s.origin}/slow`, { timeoutMs: 200 })));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('returns a redirect as is unless asked to follow it', async () => {
    const s = await server({
      routes: { '/old': redirect('/new'), '/new': () => ({ body: 'here' }) },
    });
    const kept = await sendRequest(spec(`${s.origin}/old`));
    expect(kept).toMatchObject({ status: 302, redirects: 0 });
    expect(kept.headers.location).toBe('/new');
    const followed = await sendRequest(spec(`${s.origin}/old`, { followRedirects: true }));
    expect(followed).toMatchObject({ status: 200, body: 'here', redirects: 1 });
    expect(followed.finalUrl.pathname).toBe('/new');
  });

  it('turns POST into GET on 303 and drops credentials when a redirect leaves the origin', async () => {
    const other = await server({ routes: { '/landing': () => ({ body: 'other origin' }) } });
    const s = await server({ routes: { '/submit': redirect(`${other.origin}/landing`, 303) } });
    const response = await sendRequest(
      spec(`${s.origin}/submit`, {
        method: 'POST',
        followRedirects: true,
        headers: { Authorization: 'Bearer t0k3n', Cookie: 'sid=1', 'X-Tenant': 'acme' },
      }),
    );
    expect(response.body).toBe('other origin');
    expect(s.requests[0]?.method).toBe('POST');
    expect(s.requests[0]?.headers.authorization).toBe('Bearer t0k3n');
    expect(other.requests[0]?.method).toBe('GET');
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    expect(other.requests[0]?.headers.cookie).toBeUndefined();
    expect(other.requests[0]?.headers['x-tenant']).toBe('acme');
  });

  it('stops a redirect loop', async () => {
    const s = await server({ routes: { '/a': redirect('/b'), '/b': redirect('/a') } });
    const error = await failure(sendRequest(spec(`${s.origin}/a`, { followRedirects: true })));
    expect(error.kind).toBe('redirect');
    expect(error.message).toMatch(/more than 10 redirects/);
  });

  it('caps the body it keeps at 1 MiB', async () => {
    const s = await server({
      routes: { '/big': () => ({ body: 'x'.repeat(MAX_BODY_CHARS + 5000) }) },
    });
    const response = await sendRequest(spec(`${s.origin}/big`));
    expect(response.bodyTruncated).toBe(true);
    expect(response.body.length).toBe(MAX_BODY_CHARS);
  });

  it('reports a self-signed certificate as a TLS error, and trusts it with an extra CA', async () => {
    const tls = selfSignedCert();
    const s = await server({ routes: { '/': () => ({ body: 'secure' }) }, tls });
    const error = await failure(sendRequest(spec(`${s.origin}/`)));
    expect(error).toMatchObject({ kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(error.message).toMatch(/self-signed certificate; trust it with the ca-file input/);
    const trusted = await sendRequest(spec(`${s.origin}/`, { extraCa: tls.cert }));
    expect(trusted.body).toBe('secure');
  });

  it('reports HTTPS to a plain HTTP port as a TLS error', async () => {
    const s = await server({ routes: { '/': () => ({ body: 'plain' }) } });
    const error = await failure(sendRequest(spec(`${s.origin.replace('http:', 'https:')}/`)));
    expect(error.kind).toBe('tls');
  });
});

describe('classify', () => {
  const url = new URL('https://new-service.example/');
  it.each([
    ['ENOTFOUND', 'dns', /new-service.example does not resolve yet/],
    ['EAI_AGAIN', 'dns', /does not resolve yet/],
    ['ECONNRESET', 'reset', /connection reset/],
    ['ETIMEDOUT', 'timeout', /timed out/],
    ['EHOSTUNREACH', 'network', /EHOSTUNREACH/],
    ['CERT_HAS_EXPIRED', 'tls', /certificate has expired/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', /does not cover this host name/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls', /intermediate/],
  ])('%s is %s', (code, kind, message) => {
    const error = classify(Object.assign(new Error('boom'), { code }), url);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });
});

describe('checkTarget', () => {
  let stdout: jest.SpyInstance;
  beforeEach(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => stdout.mockRestore());

  it('redacts secrets a server echoes back in its body', async () => {
    const s = await server({
      routes: {
        '/': (req) => ({ status: 500, body: `you sent ${String(req.headers.authorization)}` }),
      },
    });
    const config = readInputs(
      new InputReader(
        (name) => ({ urls: `${s.origin}/`, headers: 'Authorization=Bearer s3cr3t-token' })[name],
      ),
    );
    const target = config.targets[0];
    if (target === undefined) throw new Error('no target');
    const result = await checkTarget(target, config, new Redactor(config.secrets));
    expect(result).toMatchObject({
      passed: false,
      status: 500,
      reason: 'status 500, expected 200-299',
    });
    expect(result.bodyExcerpt).toBe('you sent ***');
  });
});
