import { collapsePaths, needsInvalidation, normalizePath } from '../../../src/cloudfront/paths';

describe('invalidation paths', () => {
  it('normalises paths and rejects a * before the end', () => {
    expect(normalizePath('index.html', 'paths')).toBe('/index.html');
    expect(() => normalizePath('/a*/b', 'paths')).toThrow(
      /Input 'paths': .* only as the last character/,
    );
  });

  it('never invalidates content-hashed assets', () => {
    expect(needsInvalidation('/assets/index-3f2a1b4c.js')).toBe(false);
    expect(needsInvalidation('/_next/static/chunks/main.js')).toBe(false);
    expect(needsInvalidation('/index.html')).toBe(true);
    expect(needsInvalidation('/logo.svg')).toBe(true);
    expect(needsInvalidation('/assets/*')).toBe(true);
  });

  it('keeps a short list as it is', () => {
    expect(collapsePaths(['/b', '/a', '/a'], { maxPaths: 10, maxWildcards: 15 })).toEqual([
      '/a',
      '/b',
    ]);
  });

  it('collapses the biggest folder into a wildcard when over the limit', () => {
    const docs = Array.from({ length: 40 }, (_, i) => `/docs/page${i}.html`);
    const result = collapsePaths(['/index.html', '/', ...docs, '/blog/a.html', '/blog/b.html'], {
      maxPaths: 10,
      maxWildcards: 15,
    });
    expect(result).toEqual(['/', '/blog/a.html', '/blog/b.html', '/docs/*', '/index.html']);
  });

  it('falls back to /* when wildcards would exceed their limit', () => {
    const many = Array.from({ length: 20 }, (_, i) => [`/d${i}/a`, `/d${i}/b`]).flat();
    expect(collapsePaths(many, { maxPaths: 5, maxWildcards: 3 })).toEqual(['/*']);
    expect(collapsePaths(['/x', '/*'], { maxPaths: 5, maxWildcards: 3 })).toEqual(['/*']);
  });

  it('drops paths a wildcard already covers', () => {
    expect(
      collapsePaths(['/docs/*', '/docs/a.html', '/b'], { maxPaths: 10, maxWildcards: 15 }),
    ).toEqual(['/b', '/docs/*']);
  });
});
