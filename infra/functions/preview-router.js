// CloudFront Function (runtime cloudfront-js-2.0), viewer request: serves each pull request's
// preview from previews/pr-<N>/ of the site bucket, addressed either by host
// (pr-<N>.<preview domain>) or by path (/pr-<N>/...). A path without a file extension is a client
// route and gets the preview's own index.html (the SPA fallback). Other requests pass unchanged.
// The preview action publishes each PR's build under that prefix (actions/preview).
var PR_HOST = /^pr-([1-9][0-9]{0,8})\./;
var PR_PATH = /^\/pr-([1-9][0-9]{0,8})(\/.*)?$/;

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- CloudFront calls handler by name
function handler(event) {
  var request = event.request;
  var host = request.headers.host ? request.headers.host.value.toLowerCase() : '';
  var uri = request.uri;
  var pr;
  var byHost = PR_HOST.exec(host);
  if (byHost) {
    pr = byHost[1];
  } else {
    var byPath = PR_PATH.exec(uri);
    if (!byPath) return request;
    if (byPath[2] === undefined) {
      // /pr-7 -> /pr-7/: relative asset URLs of the build resolve under the preview.
      return {
        statusCode: 301,
        statusDescription: 'Moved Permanently',
        headers: { location: { value: uri + '/' } },
      };
    }
    pr = byPath[1];
    uri = byPath[2];
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last === '' || last.indexOf('.') === -1) uri = '/index.html';
  request.uri = '/previews/pr-' + pr + uri;
  return request;
}
