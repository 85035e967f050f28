import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';

interface Request {
  uri: string;
  headers: Record<string, { value: string }>;
}
type Result = Request | { statusCode: number; headers: Record<string, { value: string }> };

// The function as CloudFront runs it: the file's source, evaluated alone (no module system, no
// Node globals), its top-level handler called with a viewer-request event.
const source = readFileSync(
  path.join(__dirname, '../../../infra/functions/preview-router.js'),
  'utf8',
);
const sandbox: { handler?: (event: { request: Request }) => Result } = {};
runInNewContext(source, sandbox);
const route = (host: string, uri: string): Result => {
  const handler = sandbox.handler;
  if (handler === undefined) throw new Error('the file defines no handler');
  return handler({ request: { uri, headers: { host: { value: host } } } });
};
const uriOf = (result: Result): string => ('uri' in result ? result.uri : `${result.statusCode}`);

describe('preview router (CloudFront Function)', () => {
  it('uses only what cloudfront-js-2.0 has: no require, import or export', () => {
    expect(source).not.toMatch(/\brequire\(|^\s*(import|export)\b/m);
  });

  it.each([
    ['pr-7.preview.example.com', '/', '/previews/pr-7/index.html'],
    ['pr-7.preview.example.com', '/assets/app.3f9a.js', '/previews/pr-7/assets/app.3f9a.js'],
    ['pr-7.preview.example.com', '/settings/profile', '/previews/pr-7/index.html'],
    ['PR-12.Preview.Example.com', '/favicon.ico', '/previews/pr-12/favicon.ico'],
    ['d1.cloudfront.net', '/pr-7/', '/previews/pr-7/index.html'],
    ['d1.cloudfront.net', '/pr-7/assets/app.js', '/previews/pr-7/assets/app.js'],
    ['d1.cloudfront.net', '/pr-7/orders/42', '/previews/pr-7/index.html'],
  ])('routes %s%s to %s', (host, uri, expected) => {
    expect(uriOf(route(host, uri))).toBe(expected);
  });

  it.each([
    ['www.example.com', '/'],
    ['www.example.com', '/assets/app.js'],
    ['pr-0.preview.example.com', '/'],
    ['pr-x.preview.example.com', '/'],
    ['d1.cloudfront.net', '/pr-07/'],
    ['d1.cloudfront.net', '/previews/pr-7/index.html'],
    ['d1.cloudfront.net', '/pr-7x/'],
  ])('leaves production requests alone: %s%s', (host, uri) => {
    expect(uriOf(route(host, uri))).toBe(uri);
  });

  it('redirects /pr-<N> to /pr-<N>/ so relative URLs resolve under the preview', () => {
    const result = route('d1.cloudfront.net', '/pr-7');
    expect(result).toMatchObject({ statusCode: 301, headers: { location: { value: '/pr-7/' } } });
  });
});
