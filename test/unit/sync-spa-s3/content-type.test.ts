import fc from 'fast-check';
import { CACHE_ENTRY, Classifier, sniffType } from '../../../src/sync-spa-s3/headers';

const classifier = (contentType: { glob: string; value: string }[] = []) =>
  new Classifier({ entry: [], hashed: [], cacheControl: [], contentType, precompressed: false });
const none = new Set<string>();

describe('types of files whose name tells none', () => {
  it('.well-known files get the type their specification sets', () => {
    const c = classifier();
    expect(c.headers('.well-known/apple-app-site-association', none).headers.contentType).toBe('application/json; charset=utf-8'); // prettier-ignore
    expect(c.headers('.well-known/openid-configuration', none).headers.contentType).toBe('application/json; charset=utf-8'); // prettier-ignore
    expect(c.headers('.well-known/security.txt', none).headers.contentType).toBe('text/plain; charset=utf-8'); // prettier-ignore
  });

  it('extensionless files are typed by their first bytes; an HTML page is an entry file', () => {
    const c = classifier();
    const html = c.headersByContent('about', none, () => Buffer.from('<!DOCTYPE html><html>'));
    expect(html).toEqual({ kind: 'entry', headers: { contentType: 'text/html; charset=utf-8', cacheControl: CACHE_ENTRY } }); // prettier-ignore
    expect(c.headersByContent('LICENSE', none, () => Buffer.from('MIT License\n')).headers.contentType).toBe('text/plain; charset=utf-8'); // prettier-ignore
    expect(c.headersByContent('data/config', none, () => Buffer.from('{"a":1}')).headers.contentType).toBe('application/json; charset=utf-8'); // prettier-ignore
    expect(c.headersByContent('blob', none, () => Buffer.from([0x89, 0x50, 0x00, 0x01])).headers.contentType).toBe('application/octet-stream'); // prettier-ignore
    // A rule wins, and a file with an extension is typed by it alone.
    const ruled = classifier([{ glob: 'about', value: 'text/x-custom' }]);
    expect(ruled.headersByContent('about', none, () => Buffer.from('<html>')).headers.contentType).toBe('text/x-custom'); // prettier-ignore
    let read = false;
    c.headersByContent('app.js', none, () => ((read = true), Buffer.from('')));
    expect(read).toBe(false);
  });

  it('text is never application/octet-stream; bytes with a NUL are', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 200 }).filter((s) => !s.includes('\0')),
        (text) => {
          expect(sniffType(Buffer.from(text))).toMatch(/^(text\/plain|text\/html|application\/json); charset=utf-8$/); // prettier-ignore
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat({ max: 63 }),
        (bytes, at) => {
          const buffer = Buffer.from(bytes);
          buffer[at % buffer.length] = 0;
          expect(sniffType(buffer)).toBeUndefined();
        },
      ),
    );
  });
});
