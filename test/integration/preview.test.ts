import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AppRunnerState } from '../../local-aws/services/apprunner';
import type { S3Service } from '../../local-aws/services/s3';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import {
  postgresAvailable,
  startPostgres,
  type DatabaseConnection,
  type DatabaseServer,
} from '../support/databases';
import { nodeRuntimes, runDist, type DistRun } from '../support/run-dist';
import { createTestBuild, type TestBuild } from './sync-spa-s3-build';

// The compiled preview action against the local stack (App Runner, S3) and a real PostgreSQL, as
// the runner runs it: a pull request is opened, pushed to again, and closed.
const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/api';
const ROLE = 'arn:aws:iam::123456789012:role/apprunner-ecr-access';
const image = (n: number): string => `${REPO}@sha256:${n.toString(16).repeat(64).slice(0, 64)}`;
const FAST = { 'poll-interval': '100ms', 'max-poll-interval': '300ms', timeout: '30s' };
const SERVICE = 'notes-api';
const BUCKET = 'notes-site';
const timings: Record<string, number> = { 'apprunner.operation': 300, 'apprunner.rollback': 300, 'apprunner.delete': 150 }; // prettier-ignore

const describeDb = postgresAvailable() ? describe : describe.skip;

describeDb('preview dist: open, push, close a pull request', () => {
  let stack: LocalAws;
  let pg: DatabaseServer;
  let db: DatabaseConnection;
  let build: TestBuild;
  let migrations: string;

  beforeAll(async () => {
    [stack, pg] = await Promise.all([startLocalAws({ only: ['apprunner', 's3'], timings }), startPostgres()]); // prettier-ignore
    db = await pg.createDatabase('notes');
    await pg.query(db.database, 'CREATE TABLE public.notes (id int PRIMARY KEY, body text)');
    await pg.query(db.database, "INSERT INTO public.notes VALUES (1, 'production')");
    stack.service<S3Service>('s3').createBucket(BUCKET);
    migrations = mkdtempSync(path.join(os.tmpdir(), 'preview-migrations-'));
    writeFileSync(
      path.join(migrations, 'V1__notes.sql'),
      "CREATE TABLE notes (id int PRIMARY KEY, body text);\nINSERT INTO notes VALUES (1, 'preview');\n",
    );
  });
  afterAll(async () => {
    rmSync(migrations, { recursive: true, force: true });
    await Promise.all([stack?.stop(), pg?.stop()]);
  });
  beforeEach(() => (build = createTestBuild()));
  afterEach(() => build.remove());

  const s3 = (): S3Service => stack.service<S3Service>('s3');
  const apprunner = (): AppRunnerState => stack.service<AppRunnerState>('apprunner');
  const lastSeq = (): number => stack.requests.all().at(-1)?.seq ?? 0;
  const since = (mark: number) => stack.requests.all().filter((r) => r.seq > mark);
  const keys = (prefix: string): string[] =>
    [...(s3().bucket(BUCKET)?.objects.keys() ?? [])].filter((k) => k.startsWith(prefix));
  const schemas = async (): Promise<string[]> =>
    (await pg.query<{ nspname: string }>(db.database, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pr_%'")).map((r) => r.nspname); // prettier-ignore

  function httpsGet(url: string): Promise<string> {
    return new Promise((resolve, reject) => {
      request(url, { ca: stack.workloads.tls!.ca }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve(body));
      })
        .on('error', reject)
        .end();
    });
  }

  const preview = (node: string, pr: number, inputs: Record<string, string>): Promise<DistRun> =>
    runDist('preview', {
      node,
      env: stack.env,
      inputs: {
        ...FAST,
        service: SERVICE,
        bucket: BUCKET,
        'pull-request': String(pr),
        'database-url': db.url,
        ...inputs,
      },
    });

  it.each(nodeRuntimes().map((runtime, i) => [runtime.label, runtime.path, 10 + i] as const))(
    'on %s: both URLs answer with the commit, a push uploads only what changed, a close removes everything',
    async (_label, node, pr) => {
      // Production: a service, a site at the bucket's root and the public schema's data.
      const production = await runDist('deploy-apprunner', {
        node,
        env: stack.env,
        inputs: { ...FAST, service: SERVICE, image: image(1), 'access-role-arn': ROLE, environment: 'APP_VERSION=production' }, // prettier-ignore
      });
      expect(production.exitCode).toBe(0);
      build.write('c0ffee1');
      const open = await preview(node, pr, {
        mode: 'deploy',
        image: image(2),
        'access-role-arn': ROLE,
        environment: 'APP_VERSION=c0ffee1',
        directory: build.dir,
        'site-url': 'https://d111111abcdef8.cloudfront.net',
        'migrations-path': migrations,
      });
      expect(open.errors).toEqual([]);
      expect(open.exitCode).toBe(0);
      expect(open.outputs).toMatchObject({
        'service-name': `${SERVICE}-pr-${pr}`,
        prefix: `previews/pr-${pr}/`,
        schema: `pr_${pr}`,
        environment: `preview/pr-${pr}`,
        'frontend-url': `https://d111111abcdef8.cloudfront.net/pr-${pr}/`,
      });
      expect(JSON.parse(await httpsGet(`${open.outputs['backend-url']}/version`))).toMatchObject({ image: image(2), version: 'c0ffee1' }); // prettier-ignore
      const index = (await s3().readObject(BUCKET, `previews/pr-${pr}/index.html`)).toString();
      expect(index).toContain('<title>c0ffee1</title>');
      const service = apprunner().byName(`${SERVICE}-pr-${pr}`)!;
      expect(service.config.InstanceConfiguration).toMatchObject({ Cpu: '256', Memory: '512' });
      const env = service.config.SourceConfiguration?.ImageRepository?.ImageConfiguration?.RuntimeEnvironmentVariables ?? {}; // prettier-ignore
      expect(env.DATABASE_URL).toContain(`search_path%3Dpr_${pr}`);
      expect(await pg.query(db.database, `SELECT body FROM pr_${pr}.notes`)).toEqual([{ body: 'preview' }]); // prettier-ignore

      // A push: new image and commit; only index.html changed in the build.
      const html = path.join(build.dir, 'index.html');
      writeFileSync(html, readFileSync(html, 'utf8').replace('c0ffee1', 'beefca2'));
      const pushed = Date.now();
      const push = await preview(node, pr, {
        mode: 'deploy',
        image: image(3),
        'access-role-arn': ROLE,
        environment: 'APP_VERSION=beefca2',
        directory: build.dir,
        'migrations-path': migrations,
      });
      const pushToLiveMs = Date.now() - pushed;
      expect(push.errors).toEqual([]);
      expect(push.outputs['files-uploaded']).toBe('1');
      expect(JSON.parse(await httpsGet(`${push.outputs['backend-url']}/version`))).toMatchObject({ version: 'beefca2' }); // prettier-ignore
      expect((await s3().readObject(BUCKET, `previews/pr-${pr}/index.html`)).toString()).toContain('beefca2'); // prettier-ignore
      process.stdout.write(`preview ${_label}: push to live preview ${pushToLiveMs} ms\n`);

      // The close: the prefix, the service and the schema are gone; production is untouched.
      const mark = lastSeq();
      const close = await preview(node, pr, { mode: 'teardown' });
      expect(close.errors).toEqual([]);
      expect(close.exitCode).toBe(0);
      const calls = since(mark);
      expect(calls.map((r) => r.operation)).toEqual(expect.arrayContaining(['DeleteService', 'DeleteObjects'])); // prettier-ignore
      process.stdout.write(`preview ${_label}: teardown API calls ${calls.length} (${calls.map((r) => r.operation).join(', ')})\n`); // prettier-ignore
      expect(keys(`previews/pr-${pr}/`)).toEqual([]);
      expect(apprunner().byName(`${SERVICE}-pr-${pr}`)).toBeUndefined();
      expect(await schemas()).not.toContain(`pr_${pr}`);
      expect(apprunner().byName(SERVICE)).toBeDefined();
      expect(await pg.query(db.database, 'SELECT body FROM public.notes')).toEqual([{ body: 'production' }]); // prettier-ignore

      // Idempotent: a second close changes nothing and succeeds.
      const again = await preview(node, pr, { mode: 'teardown' });
      expect(again.exitCode).toBe(0);
      expect(again.outputs.removed).toBe(String(pr));
    },
  );

  it('refuses a janitor TTL typo before any request', async () => {
    const mark = lastSeq();
    const run = await preview(nodeRuntimes()[0]!.path, 1, { mode: 'janitor', ttl: '7 days' });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/ttl/);
    expect(since(mark)).toEqual([]);
  });
});
