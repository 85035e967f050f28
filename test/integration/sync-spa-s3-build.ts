import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small SPA build: index.html referencing content-hashed assets, plus friends. */
export interface TestBuild {
  dir: string;
  /** Asset paths index.html references. */
  assets: string[];
  write(
    version: string,
    options?: { assets?: number; extra?: Record<string, string | Buffer> },
  ): void;
  remove(): void;
}

export function assetName(version: string, index: number): string {
  const hash = Buffer.from(`${version}:${index}`).toString('hex').padEnd(8, '0').slice(-8);
  return `assets/chunk${index}-${hash}${index % 2}.js`;
}

export function createTestBuild(): TestBuild {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spa-build-'));
  const build: TestBuild = {
    dir,
    assets: [],
    write(version, options = {}) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(path.join(dir, 'assets'), { recursive: true });
      build.assets = Array.from({ length: options.assets ?? 4 }, (_, i) => assetName(version, i));
      for (const asset of build.assets)
        writeFileSync(path.join(dir, asset), `export const chunk = ${JSON.stringify(asset)};\n`);
      const scripts = build.assets
        .map((a) => `<script type="module" src="/${a}"></script>`)
        .join('');
      writeFileSync(
        path.join(dir, 'index.html'),
        `<!doctype html><title>${version}</title>${scripts}`,
      );
      writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *\n');
      writeFileSync(path.join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
      for (const [file, content] of Object.entries(options.extra ?? {})) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), content);
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return build;
}

/** Sets a file's modification time, as a fresh checkout or an old cache would. */
export function setMtime(file: string, when: Date): void {
  utimesSync(file, when, when);
}

/** A request on sync-spa-s3's site lock object (taken and released by every sync). */
export function isLockRequest(request: { path: string }): boolean {
  return request.path.split('?')[0]?.endsWith('/.releases/lock.json') === true;
}
