import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { ConfigurationError } from '../../../src/core/errors';
import { connectionUrl } from '../../../src/database/connection';
import { deletePreviewService } from '../../../src/preview/backend';
import { previewConfig } from '../../../src/preview/database';
import { deletePrefix } from '../../../src/preview/frontend';
import { readInputs } from '../../../src/preview/inputs';
import { assertDeletable, previewNames, previewNumber } from '../../../src/preview/names';

const build = mkdtempSync(path.join(tmpdir(), 'preview-inputs-'));
mkdirSync(path.join(build, 'dist'));
writeFileSync(path.join(build, 'dist', 'index.html'), '<html></html>');
const base: Record<string, string> = {
  'aws-region': 'eu-west-1',
  service: 'web-api',
  bucket: 'site-bucket',
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:' + 'b'.repeat(64),
  'pull-request': '42',
  directory: path.join(build, 'dist'),
};
const read = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  readInputs((name) => ({ ...base, ...inputs })[name], env);

describe('preview names', () => {
  it('derives every name from the PR number', () => {
    expect(previewNames('api', 42)).toEqual({
      pr: 42,
      service: 'api-pr-42',
      prefix: 'previews/pr-42/',
      schema: 'pr_42',
      environment: 'preview/pr-42',
      label: 'pr-42',
    });
    expect(previewNumber('api', 'api-pr-42')).toBe(42);
    expect(previewNumber('api', 'api')).toBeUndefined();
    expect(previewNumber('api', 'api-v2-pr-3')).toBeUndefined(); // another service's preview
    expect(previewNumber('api', 'xapi-pr-3')).toBeUndefined();
    expect(previewNumber('api', 'api-pr-07')).toBeUndefined();
  });

  it.each([
    [{ service: 'api', prefix: 'previews/pr-1/', schema: 'pr_1' }, /service "api"/],
    [{ service: 'api-pr-1', prefix: '', schema: 'pr_1' }, /prefix ""/],
    [{ service: 'api-pr-1', prefix: 'previews/', schema: 'pr_1' }, /prefix "previews\/"/],
    [{ service: 'api-pr-1', prefix: 'previews/pr-1/../', schema: 'pr_1' }, /prefix/],
    [{ service: 'api-pr-1', prefix: 'previews/pr-1/', schema: 'public' }, /drop "public"/],
    [{ service: 'api-pr-1', prefix: 'previews/pr-1/', schema: 'pr_1; DROP' }, /drop/],
  ])('refuses to delete anything without the preview suffix: %j', (names, message) => {
    expect(() => assertDeletable(names)).toThrow(ConfigurationError);
    expect(() => assertDeletable(names)).toThrow(message);
  });
});

describe('deletion guards run before any call', () => {
  it('refuses a service without the suffix without sending a request', async () => {
    const client = new AppRunnerClient({ region: 'eu-west-1' });
    const send = jest.spyOn(client, 'send');
    await expect(
      deletePreviewService(client, { name: 'api', arn: 'arn:aws:apprunner:eu-west-1:123456789012:service/api/0123' }, 1000, { backoff: {}, log: () => undefined }), // prettier-ignore
    ).rejects.toThrow(ConfigurationError);
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses the site root before any request (no endpoint is reachable here)', async () => {
    await expect(
      deletePrefix({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 1, retryMode: 'standard', action: 'preview' }, 'site-bucket', '', new AbortController().signal), // prettier-ignore
    ).rejects.toThrow(ConfigurationError);
  });
});

describe('preview inputs', () => {
  it('deploys the smallest one-instance service, its own prefix and tags', () => {
    const inputs = read({});
    expect(inputs.mode).toBe('deploy');
    expect(inputs.names?.service).toBe('web-api-pr-42');
    expect(inputs.site?.prefix).toBe('previews/pr-42/');
    expect(inputs.site?.bucket).toBe('site-bucket');
    expect(inputs.backend?.service).toBe('web-api-pr-42');
    expect(inputs.backend?.spec.cpu).toBe(256);
    expect(inputs.backend?.spec.memory).toBe(512);
    expect(inputs.backend?.spec.autoScaling).toMatchObject({ MinSize: 1, MaxSize: 1 });
    expect(inputs.backend?.spec.tags).toEqual({ 'preview-of': 'web-api', 'preview-pr': '42' });
    expect(inputs.database).toBeUndefined();
  });

  it('takes the PR number from the pull_request event', () => {
    const event = path.join(build, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7 } }));
    expect(read({ 'pull-request': '' }, { GITHUB_EVENT_PATH: event }).names?.service).toBe(
      'web-api-pr-7',
    );
    expect(() => read({ 'pull-request': '' })).toThrow(/pull-request/);
  });

  it('serves on a host or a path per PR', () => {
    expect(read({ 'preview-domain': 'preview.example.com' }).frontendUrl).toBe(
      'https://pr-42.preview.example.com/',
    );
    const byPath = read({ 'site-url': 'https://d1.cloudfront.net/' });
    expect(byPath.frontendUrl).toBe('https://d1.cloudfront.net/pr-42/');
    expect(byPath.site?.urlBase).toBe('/pr-42/');
    expect(() =>
      read({ 'preview-domain': 'p.example.com', 'site-url': 'https://x.example.com' }),
    ).toThrow(/not both/);
  });

  it.each([
    [{ mode: 'destroy' }, /mode/],
    [{ service: 'web-api-pr-3' }, /service/],
    [{ service: 'a-very-long-production-service-name-x' }, /40 characters/],
    [{ 'max-previews': '0' }, /max-previews/],
    [{ 'on-limit': 'delete-newest' }, /on-limit/],
    [{ 'open-pull-requests': '1, two' }, /open-pull-requests/],
    [
      { 'history-table': 'public.schema_history', 'database-url': 'postgres://u:p@db/app' },
      /history-table/,
    ],
    [{ bucket: '' }, /bucket/],
  ])('rejects %j with an error naming the input', (given, message) => {
    expect(() => read(given)).toThrow(ConfigurationError);
    expect(() => read(given)).toThrow(message);
  });

  it('reads the production connection; the janitor needs no PR number', () => {
    const inputs = read({ mode: 'janitor', 'pull-request': '', 'database-url': 'postgres://u:p@db:5432/app', 'open-pull-requests': '3 5,8' }); // prettier-ignore
    expect(inputs.names).toBeUndefined();
    expect(inputs.openPullRequests).toEqual([3, 5, 8]);
    expect(inputs.database?.connection?.source.kind).toBe('url');
  });
});

describe('preview database', () => {
  const production = { engine: 'postgres' as const, host: 'db', port: 5432, user: 'app', password: 'p w', database: 'app', ssl: 'disable' as const }; // prettier-ignore
  it('gives a PostgreSQL preview its schema on the same database, a MySQL preview its own database', () => {
    const pg = previewConfig(production, 'pr_42');
    expect(pg.database).toBe('app');
    expect(connectionUrl(pg)).toBe(
      'postgres://app:p%20w@db:5432/app?options=-c%20search_path%3Dpr_42',
    );
    const my = previewConfig({ ...production, engine: 'mysql', port: 3306 }, 'pr_42');
    expect(connectionUrl(my)).toBe('mysql://app:p%20w@db:3306/pr_42');
    expect(() => previewConfig(production, 'app')).toThrow(ConfigurationError);
  });
});
