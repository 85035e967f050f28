import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  CloudFrontClient,
  CreateDistributionCommand,
  GetInvalidationCommand,
} from '@aws-sdk/client-cloudfront';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { S3Service } from '../../local-aws/services/s3';
import { spaDistributionConfig } from '../local-aws/cloudfront-fixtures';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy';
import { selfSignedCert, sequence, startFixtureServer } from '../support/http-fixtures';
import { node24Path, runDist } from '../support/run-dist';
import { createTestBuild } from './sync-spa-s3-build';

// Self-hosted runners behind a corporate proxy: the compiled actions, run on Node 24 as the
// runner runs them, send every AWS SDK request (the client factory's, and sync-spa-s3's own
// agents) and every health check through HTTPS_PROXY /
// HTTP_PROXY (a real forward proxy on loopback records what passed), and go direct to the hosts
// NO_PROXY names. Node 24 only: the proxy support is Node's own (http.Agent `proxyEnv`, 24.5+),
// and the runner runs the bundles on node24.
const node = node24Path();
if (node === undefined && process.env.CI)
  throw new Error('Node 24 is missing (.ci/run installs it)');

const NO_PROXY_VARIABLES = {
  HTTPS_PROXY: undefined,
  HTTP_PROXY: undefined,
  NO_PROXY: undefined,
  https_proxy: undefined,
  http_proxy: undefined,
  no_proxy: undefined,
};

(node === undefined ? describe.skip : describe)('forward proxy (compiled, node24)', () => {
  let stack: LocalAws;
  let proxy: ForwardProxy;
  let cf: CloudFrontClient;
  let apiHost: string;

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['s3', 'cloudfront'],
      timings: { 'cloudfront.invalidation': 200, 'cloudfront.deploy': 50 },
    });
    proxy = await startForwardProxy();
    apiHost = new URL(stack.endpoint).host;
    cf = new CloudFrontClient({
      region: 'us-east-1',
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
    });
  });
  afterAll(async () => {
    await proxy.close();
    await stack.stop();
  });
  beforeEach(() => proxy.requests.splice(0));

  let count = 0;
  async function distribution(): Promise<string> {
    const bucket = `proxied-${++count}`;
    stack.service<S3Service>('s3').createBucket(bucket);
    const created = await cf.send(
      new CreateDistributionCommand({
        DistributionConfig: spaDistributionConfig(bucket, `ref-${bucket}`, []),
      }),
    );
    return created.Distribution?.Id ?? '';
  }

  it('sends every AWS SDK request of invalidate-cdn through HTTP_PROXY (absolute URIs)', async () => {
    const id = await distribution();
    const before = stack.requests.count('cloudfront');
    const run = await runDist('invalidate-cdn', {
      node: node!,
      inputs: { 'distribution-id': id, paths: '/index.html', 'poll-interval': '100ms' },
      env: { ...stack.env, ...NO_PROXY_VARIABLES, HTTP_PROXY: proxy.url },
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const invalidationId = run.outputs['invalidation-id'] ?? '';
    const answer = await cf.send(
      new GetInvalidationCommand({ DistributionId: id, Id: invalidationId }),
    );
    expect(answer.Invalidation?.Status).toBe('Completed');
    const apiRequests = proxy.requests.filter((r) => r.target.startsWith(`http://${apiHost}/`));
    expect(apiRequests.map((r) => r.method)).toContain('POST');
    expect(apiRequests.map((r) => r.target)).toContain(
      `http://${apiHost}/2020-05-31/distribution/${id}/invalidation`,
    );
    // Nothing reached the API another way: as many proxied requests as the stack answered.
    expect(apiRequests).toHaveLength(stack.requests.count('cloudfront') - before - 1);
  });

  it('tunnels AWS SDK requests to an HTTPS endpoint through HTTPS_PROXY (CONNECT)', async () => {
    // AWS endpoints are HTTPS: a TLS front (trusted through NODE_EXTRA_CA_CERTS) passes each
    // request on to the local stack unchanged.
    const tls = selfSignedCert();
    const api = new URL(stack.endpoint);
    const front = https.createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
      const upstream = http.request(
        { host: api.hostname, port: api.port, path: request.url, method: request.method, headers: request.headers }, // prettier-ignore
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const frontPort = (front.address() as AddressInfo).port;
    try {
      const id = await distribution();
      const before = stack.requests.count('cloudfront');
      const run = await runDist('invalidate-cdn', {
        node: node!,
        inputs: { 'distribution-id': id, paths: '/index.html', 'poll-interval': '100ms' },
        env: {
          ...stack.env,
          ...NO_PROXY_VARIABLES,
          AWS_ENDPOINT_URL: `https://127.0.0.1:${frontPort}`,
          NODE_EXTRA_CA_CERTS: tls.certFile,
          HTTPS_PROXY: proxy.url,
        },
      });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.outputs.status).toBe('Completed');
      // Every connection to the endpoint was a tunnel through the proxy; the requests reached AWS.
      expect(proxy.requests.length).toBeGreaterThan(0);
      expect(proxy.requests.every((r) => r.method === 'CONNECT' && r.target === `127.0.0.1:${frontPort}`)).toBe(true); // prettier-ignore
      expect(stack.requests.count('cloudfront')).toBeGreaterThan(before + 1);
    } finally {
      front.closeAllConnections();
      await new Promise((resolve) => front.close(resolve));
    }
  });

  it('sends the S3 listing and uploads of sync-spa-s3 through HTTP_PROXY', async () => {
    const build = createTestBuild();
    try {
      build.write('v1');
      stack.service<S3Service>('s3').createBucket('proxied-site');
      const before = stack.requests.count('s3');
      const run = await runDist('sync-spa-s3', {
        node: node!,
        inputs: { directory: build.dir, bucket: 'proxied-site' },
        env: { ...stack.env, ...NO_PROXY_VARIABLES, HTTP_PROXY: proxy.url },
      });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      const s3Requests = proxy.requests.filter((r) => r.target.startsWith(`http://${apiHost}/proxied-site`)); // prettier-ignore
      expect(s3Requests.map((r) => r.method)).toEqual(expect.arrayContaining(['GET', 'PUT']));
      expect(s3Requests).toHaveLength(stack.requests.count('s3') - before);
    } finally {
      build.remove();
    }
  });

  it('goes direct to the hosts NO_PROXY names', async () => {
    const id = await distribution();
    const run = await runDist('invalidate-cdn', {
      node: node!,
      inputs: { 'distribution-id': id, paths: '/index.html', 'poll-interval': '100ms' },
      env: {
        ...stack.env,
        ...NO_PROXY_VARIABLES,
        HTTPS_PROXY: proxy.url,
        HTTP_PROXY: proxy.url,
        NO_PROXY: `example.com,${new URL(stack.endpoint).hostname}`,
      },
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('Completed');
    expect(proxy.requests).toEqual([]);
  });

  it('verify-health tunnels HTTPS checks through HTTPS_PROXY (CONNECT) and sends HTTP ones as absolute URIs', async () => {
    const tls = selfSignedCert();
    const secure = await startFixtureServer({
      tls,
      routes: { '/health': sequence({ body: 'ok' }) },
    });
    const plain = await startFixtureServer({ routes: { '/health': sequence({ body: 'ok' }) } });
    try {
      const run = await runDist('verify-health', {
        node: node!,
        inputs: {
          urls: `${secure.origin}\n${plain.origin}`,
          paths: '/health',
          'ca-file': tls.certFile,
          interval: '100ms',
          'max-interval': '300ms',
          'request-timeout': '2s',
          timeout: '10s',
        },
        env: { ...NO_PROXY_VARIABLES, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url },
      });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(secure.requests.length).toBeGreaterThan(0);
      expect(plain.requests.length).toBeGreaterThan(0);
      const tunnels = proxy.requests.filter((r) => r.method === 'CONNECT');
      expect(tunnels.map((r) => r.target)).toContain(`127.0.0.1:${secure.port}`);
      // One tunnel per check (a fresh connection each), as many as the server answered.
      expect(tunnels).toHaveLength(secure.requests.length);
      const forwarded = proxy.requests.filter((r) => r.method === 'GET');
      expect(forwarded).toHaveLength(plain.requests.length);
      expect(forwarded[0]?.target).toBe(`${plain.origin}/health`);
    } finally {
      await secure.close();
      await plain.close();
    }
  });
});
