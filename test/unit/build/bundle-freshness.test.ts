import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertFreshBundle, bundlesRunBy, staleSources } from '../../support/bundle-freshness';

// Integration tests run dist/<name>/index.js; they must refuse a bundle built from older sources
// (test/support/run-dist.ts calls assertFreshBundle before every run). Checked here on a small
// repository in a temporary folder, whose maps embed their sources as the build writes them.

let repo: string;

beforeEach(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'bundle-freshness-'));
  mkdirSync(path.join(repo, 'src', 'core'), { recursive: true });
  writeFileSync(path.join(repo, 'src', 'core', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(path.join(repo, 'src', 'core', 'b.ts'), 'export const b = 2;\n');
  for (const name of ['deploy', 'verify-health']) {
    const dist = path.join(repo, 'dist', name);
    mkdirSync(dist, { recursive: true });
    writeFileSync(
      path.join(dist, 'index.js.map'),
      JSON.stringify({
        version: 3,
        sources: ['../../src/core/a.ts'],
        sourcesContent: ['export const a = 1;\n'],
      }),
    );
    writeFileSync(
      path.join(dist, '105.index.js.map'),
      JSON.stringify({
        version: 3,
        sources: ['../../src/core/b.ts', '../../src/core/a.ts'],
        sourcesContent: ['export const b = 2;\n', 'export const a = 1;\n'],
      }),
    );
  }
});

afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('staleSources', () => {
  it('finds nothing when every embedded source matches the file', () => {
    expect(staleSources(path.join(repo, 'dist', 'deploy'), repo)).toEqual([]);
  });

  it('names a source edited after the build, once, from whichever map embeds it', () => {
    writeFileSync(path.join(repo, 'src', 'core', 'a.ts'), 'export const a = 3;\n');
    expect(staleSources(path.join(repo, 'dist', 'deploy'), repo)).toEqual([
      { source: path.join('src', 'core', 'a.ts'), reason: 'changed' },
    ]);
  });

  it('names a source deleted after the build, in a lazily loaded chunk too', () => {
    rmSync(path.join(repo, 'src', 'core', 'b.ts'));
    expect(staleSources(path.join(repo, 'dist', 'deploy'), repo)).toEqual([
      { source: path.join('src', 'core', 'b.ts'), reason: 'missing' },
    ]);
  });

  it('does not vouch for a map without the embedded text', () => {
    writeFileSync(
      path.join(repo, 'dist', 'deploy', 'index.js.map'),
      JSON.stringify({ version: 3, sources: ['../../src/core/a.ts'] }),
    );
    expect(staleSources(path.join(repo, 'dist', 'deploy'), repo)).toEqual([
      { source: path.join('src', 'core', 'a.ts'), reason: 'changed' },
    ]);
  });
});

describe('assertFreshBundle', () => {
  it('refuses a stale bundle, naming the source and the command that rebuilds it', () => {
    writeFileSync(path.join(repo, 'src', 'core', 'b.ts'), 'export const b = 5;\n');
    expect(() => assertFreshBundle('verify-health', repo)).toThrow(
      `dist/verify-health is older than its sources (${path.join('src', 'core', 'b.ts')} (edited) ` +
        'since it was built). Rebuild it: node scripts/build.mjs verify-health (or npm run build)',
    );
  });

  it('accepts a bundle built from the sources as they are', () => {
    expect(() => assertFreshBundle('deploy', repo)).not.toThrow();
  });
});

describe('bundlesRunBy', () => {
  it('is the bundle itself for a single action, and every bundle for the root action', () => {
    expect(bundlesRunBy('verify-health', repo)).toEqual(['verify-health']);
    mkdirSync(path.join(repo, 'dist', 'build-push-ecr'));
    expect(bundlesRunBy('deploy', repo)).toEqual(['deploy', 'build-push-ecr', 'verify-health']);
  });
});
