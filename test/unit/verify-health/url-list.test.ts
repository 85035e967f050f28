import fc from 'fast-check';
import { InputReader } from '../../../src/core/inputs';
import { readInputs, splitUrlList } from '../../../src/verify-health/inputs';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const query = fc
  .array(
    fc.tuple(
      fc.stringMatching(/^[a-z]{1,6}$/),
      fc.array(fc.stringMatching(/^[a-z0-9]{1,4}$/), { minLength: 1, maxLength: 3 }),
    ),
    { minLength: 0, maxLength: 3 },
  )
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v.join(',')}`).join('&')}`)); // prettier-ignore
/** URLs as people list them: with a query whose values hold commas, or none. */
const url = fc
  .tuple(
    fc.constantFrom('https://', 'http://'),
    fc.stringMatching(/^[a-z]{1,8}\.example\.com$/),
    fc.constantFrom('', '/health', '/api/v1/status'),
    query,
  )
  .map(([scheme, host, path, q]) => `${scheme}${host}${path === '' && q !== '' ? '/' : path}${q}`); // prettier-ignore

describe('URL lists', () => {
  it('keep commas inside query strings, whatever the separators', () => {
    fc.assert(
      fc.property(
        fc.array(url, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(',', ', ', '\n', ' ,\n'),
        (urls, separator) => {
          expect(splitUrlList(urls.join(separator), SCHEME)).toEqual(urls);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('verify-health checks each URL of such a list whole', () => {
    const config = readInputs(
      new InputReader(
        (name) =>
          ({
            urls: 'https://a.example.com/health?ids=1,2,3, https://b.example.com',
            paths: '/x?f=a,b, /y',
          })[name],
      ),
    );
    expect(config.targets.map((t) => t.url.href)).toEqual([
      'https://a.example.com/health/x?f=a,b',
      'https://a.example.com/health/y?ids=1,2,3',
      'https://b.example.com/x?f=a,b',
      'https://b.example.com/y',
    ]);
  });
});
