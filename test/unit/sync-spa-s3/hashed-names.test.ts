import fc from 'fast-check';
import { needsInvalidation } from '../../../src/cloudfront/paths';
import { looksHashed } from '../../../src/s3/hashed-names';
import { CACHE_IMMUTABLE, CACHE_OTHER, demoteRepublished } from '../../../src/sync-spa-s3/headers';

const WORDS = ['hero', 'image', 'report', 'annual', 'final', 'background', 'logo', 'dark', 'mode', 'icon', 'banner', 'summer', 'team', 'photo', 'invoice', 'release', 'screenshot']; // prettier-ignore
const capital = (w: string): string => w[0]?.toUpperCase() + w.slice(1);
/** Names people give files: camelCase or PascalCase words, with numbers (years, sizes) between. */
const humanName = fc
  .tuple(
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
    fc.boolean(),
    fc.option(fc.integer({ min: 1, max: 20991231 }), { nil: undefined }),
    fc.constantFrom('.jpg', '.pdf', '.png', '.svg', '.webp', ''),
  )
  .map(([words, pascal, number, ext]) => {
    const [first = 'x', ...rest] = words;
    const stem = (pascal ? capital(first) : first) + rest.map(capital).join('');
    return `${stem}${number ?? ''}${ext}`;
  });
const hex = fc.stringMatching(/^[0-9a-f]{8,20}$/).filter((s) => /\d/.test(s) && /[a-f]/.test(s));
/**
 * Rollup/Vite base64url hashes: mixed case and digits, - and _ possible. A hash that happens to
 * read as words (3+ lowercase letters in a row, as in DiwrgTda, or capitals and digits only in
 * acronym runs, as in aAA0AAAA: a + AA + 0 + AAAA, the shape of v2024RC or iOS17SDK) is left
 * out: such a name is treated as mutable, the safe side (cached 5 minutes instead of a year).
 */
const READS_AS_WORDS = /^[a-z]?\d*(?:(?:[A-Z]?[a-z]{3,}|[A-Z]{2,})\d*)+$/;
const base64url = fc
  .stringMatching(/^[A-Za-z0-9_-]{8}$/)
  .filter(
    (s) =>
      /\d/.test(s) &&
      /[a-z]/.test(s) &&
      /[A-Z]/.test(s) &&
      !/^[-_]|[-_]$/.test(s) &&
      (s.match(/[-_]/g) ?? []).length <= 1 &&
      !/[a-z]{3}/.test(s) &&
      !(/^[A-Za-z0-9]+$/.test(s) && READS_AS_WORDS.test(s)),
  );

describe('content-hashed names', () => {
  it('are not words and numbers: heroImage.jpg, report2024.pdf and their kind', () => {
    expect(looksHashed('heroImage.jpg')).toBe(false);
    expect(looksHashed('report2024.pdf')).toBe(false);
    expect(needsInvalidation('/heroImage.jpg')).toBe(true);
    fc.assert(
      fc.property(humanName, fc.constantFrom('', 'assets/', 'img/'), (name, folder) => {
        expect([name, looksHashed(folder + name)]).toEqual([name, false]);
      }),
      { numRuns: 500 },
    );
  });

  it('are the hashes bundlers write, hex and base64url with - or _ inside', () => {
    expect(looksHashed('assets/index-B-3aR_kZ.js')).toBe(true);
    fc.assert(
      fc.property(
        fc.constantFrom('main', 'index', 'vendor', 'chunk', 'app'),
        fc.oneof(
          hex.map((h) => `.${h}`),
          hex.map((h) => `-${h}`),
          base64url.map((h) => `-${h}`),
        ),
        fc.constantFrom('.js', '.css', '.woff2', '.chunk.js'),
        (name, hash, ext) => {
          const file = `assets/${name}${hash}${ext}`;
          expect([file, looksHashed(file)]).toEqual([file, true]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('a hashed-looking name published before with other content', () => {
  const file = (path: string, sha1: string, cacheControl = CACHE_IMMUTABLE) => ({
    path,
    sha1,
    kind: 'hashed' as const,
    headers: { contentType: 'text/javascript', cacheControl },
  });

  it('is mutable: short cache (unless a rule set one), reported for invalidation', () => {
    const releases = [
      { manifest: { files: { 'assets/app-3f2a1b4c.js': { sha1: 'old' } } } },
      { manifest: { files: { 'assets/lib-9d8e7f6a.js': { sha1: 'same' } } } },
    ];
    const { files, demoted } = demoteRepublished(
      [
        file('assets/app-3f2a1b4c.js', 'new'),
        file('assets/lib-9d8e7f6a.js', 'same'),
        file('assets/new-1a2b3c4d.js', 'x'),
      ],
      releases,
    );
    expect(demoted).toEqual(['assets/app-3f2a1b4c.js']);
    expect(files.map((f) => [f.path, f.kind, f.headers.cacheControl])).toEqual([
      ['assets/app-3f2a1b4c.js', 'other', CACHE_OTHER],
      ['assets/lib-9d8e7f6a.js', 'hashed', CACHE_IMMUTABLE],
      ['assets/new-1a2b3c4d.js', 'hashed', CACHE_IMMUTABLE],
    ]);
    const ruled = demoteRepublished([file('assets/app-3f2a1b4c.js', 'new', 'max-age=60')], releases); // prettier-ignore
    expect(ruled.files[0]?.headers.cacheControl).toBe('max-age=60');
    // The path sync-spa-s3 reports for it makes invalidate-cdn invalidate it.
    expect(needsInvalidation('/assets/app-3f2a1b4c.js')).toBe(false);
    expect(needsInvalidation('/assets/app-3f2a1b4c.js*')).toBe(true);
  });
});
