import {
  CloudFrontClient,
  CreateDistributionCommand,
  CreateInvalidationCommand,
} from '@aws-sdk/client-cloudfront';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { CloudFrontService } from '../../local-aws/services/cloudfront';
import type { S3Service } from '../../local-aws/services/s3';
import { nodeRuntimes, runDist, type DistRun } from '../support/run-dist';
import { spaDistributionConfig } from '../local-aws/cloudfront-fixtures';
import { createTestBuild } from './sync-spa-s3-build';

const INVALIDATION_MS = 400;

describe('invalidate-cdn (compiled)', () => {
  let stack: LocalAws;
  let cf: CloudFrontClient;
  let count = 0;

  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['s3', 'cloudfront'],
      timings: { 'cloudfront.invalidation': INVALIDATION_MS, 'cloudfront.deploy': 50 },
    });
    cf = new CloudFrontClient({
      region: 'us-east-1',
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
    });
  });
  afterAll(() => stack.stop());

  const distribution = async (alias?: string): Promise<string> => {
    const bucket = `cdn-${++count}`;
    stack.service<S3Service>('s3').createBucket(bucket);
    const created = await cf.send(
      new CreateDistributionCommand({
        DistributionConfig: spaDistributionConfig(bucket, `ref-${bucket}`, alias ? [alias] : []),
      }),
    );
    return created.Distribution?.Id ?? '';
  };
  const invalidate = (
    inputs: Record<string, string>,
    options: { node?: string; runId?: string } = {},
  ): Promise<DistRun> =>
    runDist('invalidate-cdn', {
      inputs: { 'poll-interval': '100ms', ...inputs },
      env: { ...stack.env, GITHUB_RUN_ID: options.runId ?? '1001' },
      ...(options.node ? { node: options.node } : {}),
    });
  const invalidations = (id: string): { paths: string[]; status: string }[] =>
    stack.service<CloudFrontService>('cloudfront').distribution(id)?.invalidations ?? [];

  describe.each(nodeRuntimes())('on $label', ({ path: node }) => {
    it('finds the distribution by alias, drops hashed assets, waits for Completed, and a re-run creates nothing new', async () => {
      const alias = `www-${count + 1}.example.com`;
      const id = await distribution(alias);
      const changed = [
        '/index.html',
        '/',
        '/assets/app-3f2a1b4c.js',
        '/assets/vendor-DiwrgT9a.css',
        '/logo.svg',
      ].join('\n');
      const run = await invalidate({ alias, 'changed-paths': changed }, { node });
      expect(run.errors).toEqual([]);
      expect(run.outputs).toMatchObject({
        status: 'Completed',
        paths: '/\n/index.html\n/logo.svg',
      });
      expect(invalidations(id)).toEqual([
        expect.objectContaining({ paths: ['/', '/index.html', '/logo.svg'], status: 'Completed' }),
      ]);
      expect(run.summary).toContain('invalidate-cdn: Completed');
      const again = await invalidate({ alias, 'changed-paths': changed }, { node });
      expect(again.outputs['invalidation-id']).toBe(run.outputs['invalidation-id']);
      expect(invalidations(id)).toHaveLength(1);
    });
  });

  it('after sync-spa-s3, makes the CDN stop serving the stale copy of what changed', async () => {
    const id = await distribution();
    const bucket = `cdn-${count}`;
    const edge = stack.service<CloudFrontService>('cloudfront').edgeUrl(id);
    const build = createTestBuild();
    try {
      build.write('v1', { extra: { 'logo.svg': '<svg>v1</svg>' } });
      const sync = (runId: string): Promise<DistRun> =>
        runDist('sync-spa-s3', {
          inputs: { directory: build.dir, bucket },
          env: { ...stack.env, GITHUB_RUN_ID: runId },
        });
      await sync('3001');
      expect(await (await fetch(`${edge}/logo.svg`)).text()).toBe('<svg>v1</svg>');
      build.write('v2', { extra: { 'logo.svg': '<svg>v2</svg>' } });
      const synced = await sync('3002');
      // logo.svg is cached for 5 minutes at the edge: still the old one.
      expect(await (await fetch(`${edge}/logo.svg`)).text()).toBe('<svg>v1</svg>');
      const run = await invalidate(
        { 'distribution-id': id, 'changed-paths': synced.outputs['changed-paths'] ?? '' },
        { runId: '3002' },
      );
      expect(run.outputs.status).toBe('Completed');
      expect(run.outputs.paths?.split('\n')).toEqual(['/', '/index.html', '/logo.svg']);
      expect(await (await fetch(`${edge}/logo.svg`)).text()).toBe('<svg>v2</svg>');
      expect(await (await fetch(`${edge}/`)).text()).toContain('<title>v2');
    } finally {
      build.remove();
    }
  });

  it('collapses a long list into folder wildcards and batches it as one invalidation', async () => {
    const id = await distribution();
    const docs = Array.from({ length: 250 }, (_, i) => `/docs/page-${i}.html`);
    const run = await invalidate({
      'distribution-id': id,
      paths: ['/index.html', ...docs].join('\n'),
      'max-paths': '20',
    });
    expect(run.outputs.paths).toBe('/docs/*\n/index.html');
    expect(invalidations(id)).toHaveLength(1);
    expect(run.summary).toContain('collapsed from 251');
  });

  it('waits out TooManyInvalidationsInProgress and 503s within its deadline', async () => {
    // A stack whose invalidations take long enough to still be in progress when the action starts.
    const slow = await startLocalAws({
      only: ['s3', 'cloudfront'],
      timings: { 'cloudfront.invalidation': 2500 },
    });
    try {
      const client = new CloudFrontClient({
        region: 'us-east-1',
        endpoint: slow.endpoint,
        credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      });
      slow.service<S3Service>('s3').createBucket('busy');
      const created = await client.send(
        new CreateDistributionCommand({
          DistributionConfig: spaDistributionConfig('busy', 'busy'),
        }),
      );
      const id = created.Distribution?.Id ?? '';
      const wildcards = Array.from({ length: 15 }, (_, i) => `/busy${i}/*`);
      await client.send(
        new CreateInvalidationCommand({
          DistributionId: id,
          InvalidationBatch: { CallerReference: 'busy', Paths: { Quantity: 15, Items: wildcards } },
        }),
      );
      slow.injectFault({
        service: 'cloudfront',
        operation: 'CreateInvalidation',
        kind: 'error',
        status: 503,
        code: 'ServiceUnavailable',
        times: 1,
      });
      const run = await runDist('invalidate-cdn', {
        inputs: {
          'distribution-id': id,
          paths: '/app/*',
          'max-attempts': '1',
          'poll-interval': '200ms',
        },
        env: slow.env,
      });
      expect(run.errors).toEqual([]);
      expect(run.outputs.status).toBe('Completed');
      const statuses = slow.requests
        .filter('cloudfront', 'CreateInvalidation')
        .map((r) => r.status);
      // The setup's 201, the injected 503, TooManyInvalidationsInProgress (400) until the busy batch completes, then 201.
      expect(statuses.slice(0, 3)).toEqual([201, 503, 400]);
      expect(statuses[statuses.length - 1]).toBe(201);
    } finally {
      await slow.stop();
    }
  });

  it('fails at its deadline with the last state, and skips when nothing needs invalidating', async () => {
    const id = await distribution();
    stack.injectFault({
      service: 'cloudfront',
      operation: 'CreateInvalidation',
      kind: 'error',
      status: 503,
      code: 'ServiceUnavailable',
      times: 1000,
    });
    const late = await invalidate({
      'distribution-id': id,
      paths: '/x/*',
      timeout: '1s',
      'max-attempts': '1',
    });
    stack.faults.clear();
    expect(late.exitCode).toBe(1);
    expect(late.errors[0]).toMatch(
      /Timed out after .* waiting for CloudFront to accept the invalidation.*last state: ServiceUnavailable/,
    );
    const skipped = await invalidate({
      'distribution-id': id,
      'changed-paths': '/assets/app-3f2a1b4c.js',
    });
    expect(skipped.outputs).toMatchObject({ status: 'skipped', 'invalidation-id': '' });
    const bad = await invalidate({ 'distribution-id': id, alias: 'www.example.com', paths: '/' });
    expect(bad.errors[0]).toMatch(/set exactly one of distribution-id and alias/);
    const wildcard = await invalidate({ 'distribution-id': id, paths: '/a*b' });
    expect(wildcard.errors[0]).toMatch(/Input 'paths': .* only as the last character/);
  });
});
