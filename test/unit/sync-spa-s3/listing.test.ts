import {
  decodeXml,
  encodeXml,
  pageWithoutObjects,
  parseListing,
} from '../../../src/sync-spa-s3/listing';

const contents = (key: string, size: number, etag: string): string =>
  `<Contents><Key>${key}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>` +
  `<ETag>${etag}</ETag><ChecksumAlgorithm>SHA1</ChecksumAlgorithm><Size>${size}</Size>` +
  '<StorageClass>STANDARD</StorageClass></Contents>';
const page = (head: string, body: string, tail = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
  `<Name>site</Name><Prefix>app/</Prefix>${head}${body}${tail}</ListBucketResult>`;

describe('sync-spa-s3 listing parser', () => {
  it('reads key, size and ETag of every object, decoding entities and character references', () => {
    const xml = page(
      '<KeyCount>3</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>' +
        '<NextContinuationToken>tok&amp;en/+=</NextContinuationToken>',
      contents('app/a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;.js', 12, '&quot;0123abcd&quot;') +
        contents('app/caf&#233; &#x1F600;&#13;.txt', 0, '"ffff-2"') +
        contents('app/日本語/ü.html', 7, '&#34;e&#34;'),
    );
    expect(parseListing(xml)).toEqual({
      objects: [
        { key: `app/a&b <c> "d" 'e'.js`, size: 12, etag: '"0123abcd"' },
        { key: 'app/café 😀\r.txt', size: 0, etag: '"ffff-2"' },
        { key: 'app/日本語/ü.html', size: 7, etag: '"e"' },
      ],
      truncated: true,
      nextToken: 'tok&en/+=',
    });
  });

  it('finds the page fields after the objects too (some S3-compatible stores put them last)', () => {
    const xml = page(
      '',
      contents('k', 1, '"e"'),
      '<IsTruncated>false</IsTruncated><Owner><ID>x</ID></Owner>',
    );
    expect(parseListing(xml)).toEqual({
      objects: [{ key: 'k', size: 1, etag: '"e"' }],
      truncated: false,
    });
    expect(parseListing(page('<IsTruncated>false</IsTruncated>', ''))).toEqual({
      objects: [],
      truncated: false,
    });
  });

  it('leaves to the SDK every page it does not fully understand', () => {
    const ok = '<IsTruncated>false</IsTruncated>';
    for (const xml of [
      '<Error><Code>AccessDenied</Code></Error>',
      page('<EncodingType>url</EncodingType>' + ok, contents('a%20b', 1, '"e"')),
      page(ok, contents('a &nbsp; b', 1, '"e"')), // an entity XML does not define
      page(ok, contents('a & b', 1, '"e"')), // a bare ampersand
      page(ok, contents('a\rb', 1, '"e"')), // a raw CR an XML parser would normalise
      page(ok, contents('a', -1, '"e"')),
      page(ok, '<Contents><Size>1</Size><ETag>"e"</ETag></Contents>'), // no key
      page(ok, '<Contents><Key>a</Key><Size>1</Size>'), // cut short
      page('<IsTruncated>yes</IsTruncated>', ''),
      page('<IsTruncated>true</IsTruncated>', contents('a', 1, '"e"')), // truncated, no token
    ]) {
      expect(parseListing(xml)).toBeUndefined();
    }
  });

  it('hands the SDK a page that says the same about truncation and nothing else', () => {
    for (const original of [
      { objects: [], truncated: true, nextToken: 'a<b>&"c\'' },
      { objects: [], truncated: false },
    ]) {
      expect(parseListing(pageWithoutObjects(original))).toEqual(original);
    }
    expect(decodeXml(encodeXml(`<&>"' x`))).toBe(`<&>"' x`);
  });
});
