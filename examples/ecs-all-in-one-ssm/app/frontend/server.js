// The web container: serves the built pages; nginx in front routes /api/* to the API container.
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';

const root = path.resolve('public');
const version = process.env.APP_VERSION ?? 'dev';
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  // Every answer names the release, so the smoke checks can tell the new pages are served.
  response.setHeader('x-app-version', version);
  if (url.pathname === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' });
    return response.end(JSON.stringify({ status: 'ok', version }));
  }
  let file = path.join(root, path.normalize(url.pathname));
  if (!file.startsWith(root) || !existsSync(file) || file === root)
    file = path.join(root, 'index.html');
  response.writeHead(200, {
    'content-type': types[path.extname(file)] ?? 'application/octet-stream',
  });
  createReadStream(file).pipe(response);
}).listen(8080, '0.0.0.0');
