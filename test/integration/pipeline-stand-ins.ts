import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE_IMAGE } from '../support/container-engine';

// Stand-ins for what cannot run on this machine, shared by the pipeline tests and the demo: the
// examples' real Dockerfiles start FROM images that cannot be pulled here, and `vite build`
// needs packages from the npm registry the examples do not vendor.

/**
 * A build context for the example's backend: its real files, with a stand-in Dockerfile FROM the
 * local busybox image (the real one starts FROM images that cannot be pulled here) that keeps
 * what the platform sees: the port, the APP_VERSION build argument, a /health answer
 * (`{"status":"ok","version":"<APP_VERSION>"}`, also at /api/health) and /version.
 *
 * The local stack runs deployed images on the host network and tells the container its port in
 * PORT, so the stand-in listens on `${PORT:-<port>}`. With `accountsApi` the backend is a tiny
 * HTTP server in shell (busybox `nc -ll -e`, one process per request) that also answers what
 * example 4's smoke step calls: POST /api/signup and /api/login (401 for a wrong password).
 */
export function standInContext(
  source: string,
  port: number,
  options: { accountsApi?: boolean } = {},
): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'context-'));
  cpSync(source, dir, { recursive: true });
  const real = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  writeFileSync(path.join(dir, 'Dockerfile.real'), real);
  const health = 'echo "{\\"status\\":\\"ok\\",\\"version\\":\\"$APP_VERSION\\"}"';
  const lines = [
    `FROM ${BASE_IMAGE}`,
    'ARG APP_VERSION=dev',
    'ENV APP_VERSION=$APP_VERSION',
    `RUN mkdir -p /www/api && ${health} > /www/health && cp /www/health /www/api/health && printf %s "$APP_VERSION" > /www/version`,
    `EXPOSE ${port}`,
  ];
  if (options.accountsApi === true) {
    writeFileSync(path.join(dir, 'stand-in-api.sh'), ACCOUNTS_API);
    lines.push(
      'COPY stand-in-api.sh /stand-in-api.sh',
      // The base image is busybox alone: no /tmp until one is made (the users live there).
      'RUN chmod +x /stand-in-api.sh && mkdir -p -m 1777 /tmp',
      `CMD ["sh", "-c", "exec nc -ll -p \\"\${PORT:-${port}}\\" -e /stand-in-api.sh"]`,
    );
  } else {
    lines.push(`CMD ["sh", "-c", "exec httpd -f -p \\"\${PORT:-${port}}\\" -h /www"]`);
  }
  writeFileSync(path.join(dir, 'Dockerfile'), [...lines, ''].join('\n'));
  return dir;
}

/** One HTTP request on stdin/stdout: the accounts API of example 4, users kept in /tmp/users. */
const ACCOUNTS_API = `#!/bin/sh
read -r method target _
length=0
while read -r line; do
  line=$(printf '%s' "$line" | tr -d '\\r')
  [ -z "$line" ] && break
  case "$line" in [Cc]ontent-[Ll]ength:*) length=$(printf '%s' "\${line#*:}" | tr -d ' ') ;; esac
done
body=$([ "$length" -gt 0 ] && head -c "$length")
reply() { printf 'HTTP/1.1 %s\\r\\nContent-Type: application/json\\r\\nContent-Length: %s\\r\\nConnection: close\\r\\n\\r\\n%s' "$1" "$(printf %s "$2" | wc -c)" "$2"; }
field() { printf '%s' "$body" | sed -n "s/.*\\"$1\\" *: *\\"\\([^\\"]*\\)\\".*/\\1/p"; }
email=$(field email)
password=$(field password)
case "$method \${target%%\\?*}" in
  "GET /health" | "GET /api/health") reply '200 OK' "{\\"status\\":\\"ok\\",\\"version\\":\\"$APP_VERSION\\"}" ;;
  "GET /version") reply '200 OK' "$APP_VERSION" ;;
  "POST /api/signup")
    if [ -z "$email" ] || [ -z "$password" ]; then reply '400 Bad Request' '{"error":"email and password required"}'
    elif grep -q "^$email " /tmp/users 2>/dev/null; then reply '409 Conflict' '{"error":"exists"}'
    elif { echo "$email $password" >> /tmp/users; } 2>/dev/null; then reply '201 Created' "{\\"email\\":\\"$email\\"}"
    else reply '500 Internal Server Error' '{"error":"cannot store the user"}'; fi ;;
  "POST /api/login")
    if grep -qxF "$email $password" /tmp/users 2>/dev/null; then reply '200 OK' '{"token":"stand-in"}'
    else reply '401 Unauthorized' '{"error":"invalid credentials"}'; fi ;;
  *) reply '404 Not Found' '{"error":"not found"}' ;;
esac
`;

export interface SpaBuild {
  dir: string;
  index: string;
  asset: string;
  remove(): void;
}

/**
 * What `vite build` makes of the example's frontend: index.html with %VITE_APP_VERSION%
 * replaced and its module script pointing at a content-hashed bundle in assets/.
 */
export function standInSpa(source: string, version: string, extra = ''): SpaBuild {
  const html = readFileSync(path.join(source, 'index.html'), 'utf8');
  const entry = /<script type="module" src="\/([^"]+)"><\/script>/.exec(html)?.[1];
  if (entry === undefined) throw new Error(`${source}/index.html has no module script`);
  const code = `${readFileSync(path.join(source, entry), 'utf8')}\n// ${version}${extra}\n`;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 8);
  const asset = `assets/index-${hash}.js`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spa-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, asset), code);
  const index = html
    .replace(/%VITE_APP_VERSION%/g, version)
    .replace(`src="/${entry}"`, `src="/${asset}"`);
  writeFileSync(path.join(dir, 'index.html'), index);
  return { dir, index, asset, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
