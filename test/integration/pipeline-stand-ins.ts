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
 * what the platform sees: the port, the APP_VERSION build argument, a /health answer.
 */
export function standInContext(source: string, port: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'context-'));
  cpSync(source, dir, { recursive: true });
  const real = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  writeFileSync(path.join(dir, 'Dockerfile.real'), real);
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    [
      `FROM ${BASE_IMAGE}`,
      'ARG APP_VERSION=dev',
      'ENV APP_VERSION=$APP_VERSION',
      'RUN mkdir -p /www && echo "{\\"status\\":\\"ok\\",\\"version\\":\\"$APP_VERSION\\"}" > /www/health',
      `EXPOSE ${port}`,
      `CMD ["httpd", "-f", "-p", "${port}", "-h", "/www"]`,
      '',
    ].join('\n'),
  );
  return dir;
}

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
