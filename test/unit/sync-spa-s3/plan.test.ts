import type { LocalFile } from '../../../src/sync-spa-s3/local-files';
import {
  planSync,
  urlPaths,
  type PlanInput,
  type RemoteObject,
} from '../../../src/sync-spa-s3/plan';
import type { LoadedRelease, ManifestEntry } from '../../../src/sync-spa-s3/releases';

const file = (path: string, sha1: string, kind: LocalFile['kind'] = 'hashed'): LocalFile => ({
  path,
  absolute: `/build/${path}`,
  size: 10,
  sha1,
  kind,
  headers: { contentType: 'text/plain', cacheControl: kind === 'entry' ? 'no-cache' : 'public' },
});
const entry = (f: LocalFile, etag: string): ManifestEntry => ({
  sha1: f.sha1,
  size: f.size,
  etag,
  kind: f.kind,
  ...f.headers,
});
const release = (id: string, stamp: string, files: [LocalFile, string][]): LoadedRelease => ({
  key: `.releases/${stamp}_${id}.json`,
  stamp,
  releaseId: id,
  manifest: {
    format: 1,
    releaseId: id,
    createdAt: '',
    snapshotPrefix: '',
    files: Object.fromEntries(files.map(([f, e]) => [f.path, entry(f, e)])),
  },
});
const remote = (entries: [string, string][]): Map<string, RemoteObject> =>
  new Map(entries.map(([key, etag]) => [key, { key, etag, size: 10 }]));
const input = (overrides: Partial<PlanInput>): PlanInput => ({
  files: [],
  prefix: '',
  urlBase: '/',
  remote: new Map(),
  releases: [],
  heads: new Map(),
  prune: true,
  keepReleases: 2,
  now: Date.UTC(2026, 0, 10),
  ...overrides,
});

describe('planSync', () => {
  const index1 = file('index.html', 'i1', 'entry');
  const app1 = file('app-1111aaaa.js', 'a1');

  it('trusts a release only while the object still has the ETag it recorded', () => {
    const r1 = release('r1', '20260101T000000000Z', [
      [index1, '"e-index"'],
      [app1, '"e-app"'],
    ]);
    const same = planSync(
      input({
        files: [index1, app1],
        remote: remote([
          ['index.html', '"e-index"'],
          ['app-1111aaaa.js', '"changed-out-of-band"'],
        ]),
        releases: [r1],
        live: r1,
      }),
    );
    expect(same.unchanged.map((f) => f.path)).toEqual(['index.html']);
    expect(same.upload.map((f) => f.path)).toEqual(['app-1111aaaa.js']);
  });

  it('uploads a same-size edit (content hash differs) and lists its URL paths as changed', () => {
    const r1 = release('r1', '20260101T000000000Z', [[index1, '"e-index"']]);
    const index2 = file('index.html', 'i2', 'entry');
    const plan = planSync(
      input({
        files: [index2],
        remote: remote([['index.html', '"e-index"']]),
        releases: [r1],
        live: r1,
      }),
    );
    expect(plan.upload).toEqual([index2]);
    expect(plan.changedPaths).toEqual(['/index.html', '/']);
    expect(plan.noop).toBe(false);
  });

  it('rewrites headers alone by a copy when only the rules changed', () => {
    const r1 = release('r1', '20260101T000000000Z', [[app1, '"e-app"']]);
    const retuned = { ...app1, headers: { ...app1.headers, cacheControl: 'no-store' } };
    const plan = planSync(
      input({
        files: [retuned],
        remote: remote([['app-1111aaaa.js', '"e-app"']]),
        releases: [r1],
        live: r1,
      }),
    );
    expect(plan.updateHeaders).toEqual([retuned]);
  });

  it('prunes only files absent from the newest keep-releases releases, never unmanaged objects', () => {
    const old = file('old-9999zzzz.js', 'o');
    const r1 = release('r1', '20260101T000000000Z', [
      [index1, '"i"'],
      [old, '"o"'],
    ]);
    const r2 = release('r2', '20260102T000000000Z', [[index1, '"i"']]);
    const objects = remote([
      ['index.html', '"i"'],
      ['old-9999zzzz.js', '"o"'],
      ['user/upload.png', '"u"'],
    ]);
    const keepAfterOne = planSync(
      input({ files: [index1], remote: objects, releases: [r1], live: r1 }),
    );
    expect(keepAfterOne.prune).toEqual([]);
    const afterTwo = planSync(
      input({
        files: [file('index.html', 'i3', 'entry')],
        remote: objects,
        releases: [r2, r1],
        live: r2,
      }),
    );
    expect(afterTwo.prune).toEqual(['old-9999zzzz.js']);
    expect(afterTwo.unmanaged).toBe(1);
    const keptByAge = planSync(
      input({
        files: [file('index.html', 'i3', 'entry')],
        remote: objects,
        releases: [r2, r1],
        live: r2,
        keepForMs: 30 * 86_400_000,
      }),
    );
    expect(keptByAge.prune).toEqual([]);
  });

  it('does not count an unchanged redeploy as a release: it never advances pruning', () => {
    const old = file('old-9999zzzz.js', 'o');
    const r1 = release('r1', '20260101T000000000Z', [
      [index1, '"i"'],
      [old, '"o"'],
    ]);
    const r2 = release('r2', '20260102T000000000Z', [[index1, '"i"']]);
    const objects = remote([
      ['index.html', '"i"'],
      ['old-9999zzzz.js', '"o"'],
    ]);
    const idle = planSync(
      input({ files: [index1], remote: objects, releases: [r2, r1], live: r2 }),
    );
    expect(idle).toMatchObject({ noop: true, prune: [] });
    const index3 = file('index.html', 'i3', 'entry');
    const next = planSync(
      input({ files: [index3], remote: objects, releases: [r2, r1], live: r2 }),
    );
    expect(next.prune).toEqual(['old-9999zzzz.js']);
  });

  it('is a no-op when the live release already is this build', () => {
    const r1 = release('r1', '20260101T000000000Z', [
      [index1, '"i"'],
      [app1, '"a"'],
    ]);
    const plan = planSync(
      input({
        files: [index1, app1],
        remote: remote([
          ['index.html', '"i"'],
          ['app-1111aaaa.js', '"a"'],
        ]),
        releases: [r1],
        live: r1,
      }),
    );
    expect(plan).toMatchObject({
      noop: true,
      upload: [],
      updateHeaders: [],
      prune: [],
      changedPaths: [],
    });
  });

  it('encodes URL paths and adds folder paths for index.html', () => {
    expect(urlPaths('/', 'docs/a b/index.html')).toEqual([
      '/docs/a%20b/index.html',
      '/docs/a%20b/',
    ]);
    expect(urlPaths('/app/', 'x.js')).toEqual(['/app/x.js']);
  });
});
