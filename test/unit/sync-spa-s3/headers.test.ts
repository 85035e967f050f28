import {
  CACHE_ENTRY,
  CACHE_IMMUTABLE,
  CACHE_OTHER,
  Classifier,
} from '../../../src/sync-spa-s3/headers';
import { looksHashed } from '../../../src/s3/hashed-names';

const classifier = (
  overrides: Partial<ConstructorParameters<typeof Classifier>[0]> = {},
): Classifier =>
  new Classifier({
    entry: [],
    hashed: [],
    cacheControl: [],
    contentType: [],
    precompressed: false,
    ...overrides,
  });

describe('sync-spa-s3 header rules', () => {
  it('recognises content hashes of the common bundlers, and not ordinary names', () => {
    for (const name of [
      'assets/index-BxK3p9aZ.js',
      'static/js/main.3f2a1b4c.chunk.js',
      'main.a1b2c3d4e5f6a7b8.js',
      'assets/logo-4f5e6d7c.svg',
    ]) {
      expect([name, looksHashed(name)]).toEqual([name, true]);
    }
    for (const name of [
      'index.html',
      'fonts/Inter-SemiBold.woff2',
      'jquery-3.7.1.min.js',
      'MaterialIcons-Regular.ttf',
      'favicon.ico',
    ]) {
      expect([name, looksHashed(name)]).toEqual([name, false]);
    }
  });

  it('gives entry files no-cache, hashed assets a year, other files a short TTL, with charset for text', () => {
    const all = new Set<string>();
    expect(classifier().headers('index.html', all)).toEqual({
      kind: 'entry',
      headers: { contentType: 'text/html; charset=utf-8', cacheControl: CACHE_ENTRY },
    });
    expect(classifier().headers('docs/guide.html', all).kind).toBe('entry');
    expect(classifier().headers('service-worker.js', all).headers.cacheControl).toBe(CACHE_ENTRY);
    expect(classifier().headers('manifest.webmanifest', all).headers.contentType).toBe(
      'application/manifest+json; charset=utf-8',
    );
    expect(classifier().headers('assets/app-3f2a1b4c.js', all)).toEqual({
      kind: 'hashed',
      headers: { contentType: 'text/javascript; charset=utf-8', cacheControl: CACHE_IMMUTABLE },
    });
    expect(classifier().headers('_next/static/abc/_buildManifest.js', all).kind).toBe('hashed');
    expect(classifier().headers('images/photo.png', all)).toEqual({
      kind: 'other',
      headers: { contentType: 'image/png', cacheControl: CACHE_OTHER },
    });
  });

  it('lets user rules override, first match wins', () => {
    const c = classifier({
      cacheControl: [
        { glob: 'fonts/**', value: 'public, max-age=604800' },
        { glob: '**', value: 'no-store' },
      ],
      contentType: [{ glob: '**/*.wasm', value: 'application/wasm' }],
      entry: ['config.js'],
    });
    expect(c.headers('fonts/a.woff2', new Set()).headers.cacheControl).toBe(
      'public, max-age=604800',
    );
    expect(c.headers('index.html', new Set()).headers.cacheControl).toBe('no-store');
    expect(c.headers('lib/x.wasm', new Set()).headers.contentType).toBe('application/wasm');
    expect(c.kind('config.js')).toBe('entry');
  });

  it('serves precompressed siblings with the original type and Content-Encoding only when asked', () => {
    const all = new Set(['app-3f2a1b4c.js', 'app-3f2a1b4c.js.br', 'app-3f2a1b4c.js.gz', 'data.gz']);
    expect(classifier({ precompressed: true }).headers('app-3f2a1b4c.js.br', all).headers).toEqual({
      contentType: 'text/javascript; charset=utf-8',
      cacheControl: CACHE_IMMUTABLE,
      contentEncoding: 'br',
    });
    expect(
      classifier({ precompressed: true }).headers('app-3f2a1b4c.js.gz', all).headers
        .contentEncoding,
    ).toBe('gzip');
    expect(classifier({ precompressed: true }).headers('data.gz', all).headers).toEqual({
      contentType: 'application/gzip',
      cacheControl: CACHE_OTHER,
    });
    expect(classifier().headers('app-3f2a1b4c.js.br', all).headers.contentEncoding).toBeUndefined();
  });
});
