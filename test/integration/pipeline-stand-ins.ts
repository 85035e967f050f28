import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE_IMAGE } from '../support/container-engine';

// Stand-ins for what cannot run on this machine, shared by the pipeline tests and the demo: the
// examples' real Dockerfiles start FROM images that cannot be pulled here, and `vite build`
// needs packages from the npm registry the examples do not vendor.

/** What the stand-in image serves besides its health answer. */
export interface StandInOptions {
  /** Example 4's accounts API: POST /api/signup and /api/login (401 for a wrong password). */
  accountsApi?: boolean;
  /** More files the image serves, by URL path without the leading slash (`api/products`). */
  files?: Record<string, string>;
}

/**
 * A build context for the example's backend: its real files, with a stand-in Dockerfile FROM the
 * local busybox image (the real one starts FROM images that cannot be pulled here) that keeps
 * what the platform sees: the port, the APP_VERSION build argument, a /health answer
 * (`{"status":"ok","version":"<APP_VERSION>"}`, also at /api/health) and /version.
 *
 * The local stack runs deployed images on the host network and tells the container its port in
 * PORT, so the stand-in listens on `${PORT:-<port>}`. By default it is busybox httpd. With
 * `accountsApi` or `files` it is a small HTTP/1.1 server in shell (busybox `nc -ll -e`, one
 * process per connection, see SHELL_SERVER) that also answers `x-app-version: <APP_VERSION>` on
 * /health and /api/* as the examples' backends do, serves `files`, and with `accountsApi` what
 * example 4's smoke step calls.
 */
export function standInContext(source: string, port: number, options: StandInOptions = {}): string {
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
  const files = Object.entries(options.files ?? {});
  if (files.length > 0) {
    for (const [file, content] of files) {
      mkdirSync(path.dirname(path.join(dir, 'stand-in-www', file)), { recursive: true });
      writeFileSync(path.join(dir, 'stand-in-www', file), content);
    }
    lines.push('COPY stand-in-www/ /www/');
  }
  if (options.accountsApi === true || files.length > 0) {
    const server = SHELL_SERVER.replace('ACCOUNTS=0', `ACCOUNTS=${options.accountsApi === true ? 1 : 0}`); // prettier-ignore
    writeFileSync(path.join(dir, 'stand-in-server.sh'), server);
    lines.push(
      'COPY stand-in-server.sh /stand-in-server.sh',
      // The base image is busybox alone: no /tmp until one is made (the accounts live there).
      'RUN chmod +x /stand-in-server.sh && mkdir -p -m 1777 /tmp',
      `CMD ["sh", "-c", "exec nc -ll -p \\"\${PORT:-${port}}\\" -e /stand-in-server.sh"]`,
    );
  } else {
    lines.push(`CMD ["sh", "-c", "exec httpd -f -p \\"\${PORT:-${port}}\\" -h /www"]`);
  }
  writeFileSync(path.join(dir, 'Dockerfile'), [...lines, ''].join('\n'));
  return dir;
}

/**
 * One HTTP/1.1 exchange on stdin/stdout (nc -e gives the script the connection): reads the
 * request line and headers, then exactly Content-Length bytes of body; answers with
 * Content-Length and `Connection: close`, then exits, which closes the connection. Every answer
 * carries x-app-version, as the examples' servers send it. GET serves /www (a path ending in / its
 * index.html); with ACCOUNTS=1, POST /api/signup and /api/login keep users in /tmp/users.
 */
const SHELL_SERVER = `#!/bin/sh
ACCOUNTS=0
read -r method target _
length=0
while read -r line; do
  line=$(printf '%s' "$line" | tr -d '\\r')
  [ -z "$line" ] && break
  case "$line" in [Cc]ontent-[Ll]ength:*) length=$(printf '%s' "\${line#*:}" | tr -d ' \\t') ;; esac
done
body=$([ "$length" -gt 0 ] && head -c "$length")
path=\${target%%\\?*}
type=application/json
version="x-app-version: $APP_VERSION\\r\\n"
reply() {
  printf "HTTP/1.1 %s\\r\\nContent-Type: %s\\r\\nContent-Length: %s\\r\\n\${version}Connection: close\\r\\n\\r\\n" "$1" "$type" "$(printf %s "$2" | wc -c)"
  [ "$method" = HEAD ] || printf %s "$2"
}
field() { printf '%s' "$body" | sed -n "s/.*\\"$1\\" *: *\\"\\([^\\"]*\\)\\".*/\\1/p"; }
email=$(field email)
password=$(field password)
case "$ACCOUNTS $method $path" in
  "1 POST /api/signup")
    if [ -z "$email" ] || [ -z "$password" ]; then reply '400 Bad Request' '{"error":"email and password required"}'
    elif grep -q "^$email " /tmp/users 2>/dev/null; then reply '409 Conflict' '{"error":"exists"}'
    elif { echo "$email $password" >> /tmp/users; } 2>/dev/null; then reply '201 Created' "{\\"email\\":\\"$email\\"}"
    else reply '500 Internal Server Error' '{"error":"cannot store the user"}'; fi ;;
  "1 POST /api/login")
    if grep -qxF "$email $password" /tmp/users 2>/dev/null; then reply '200 OK' '{"token":"stand-in"}'
    else reply '401 Unauthorized' '{"error":"invalid credentials"}'; fi ;;
  *" GET "* | *" HEAD "*)
    file="/www$path"
    case "$file" in */) file="\${file}index.html" ;; esac
    case "$file" in *.html) type='text/html; charset=utf-8' ;; /www/version) type=text/plain ;; esac
    case "$path" in *..*) reply '400 Bad Request' '{"error":"bad path"}' ;;
    *) if [ -f "$file" ]; then reply '200 OK' "$(cat "$file")"; else reply '404 Not Found' '{"error":"not found"}'; fi ;; esac ;;
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
