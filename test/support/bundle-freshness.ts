import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Whether a compiled bundle was built from the sources as they are now. Every map in
 * dist/<name>/ embeds the text of each of the project's own files that put code into the bundle
 * (scripts/finish-bundle.mjs keeps `sourcesContent` for them), so a bundle is stale exactly when
 * one of those texts differs from the file on disk, or the file is gone. Content, not mtimes:
 * in a fresh clone every file has the checkout time.
 */
export interface StaleSource {
  /** The source's path relative to the repository. */
  source: string;
  reason: 'changed' | 'missing';
}

export function staleSources(distDir: string, repoRoot: string): StaleSource[] {
  if (!existsSync(distDir)) return [];
  const stale = new Map<string, StaleSource>();
  for (const file of readdirSync(distDir)
    .filter((f) => f.endsWith('.js.map'))
    .sort()) {
    const map = JSON.parse(readFileSync(path.join(distDir, file), 'utf8')) as {
      sources?: string[];
      sourcesContent?: (string | null)[];
    };
    (map.sources ?? []).forEach((source, index) => {
      const absolute = path.resolve(distDir, source);
      const relative = path.relative(repoRoot, absolute);
      if (relative.startsWith('..') || stale.has(relative)) return;
      const embedded = map.sourcesContent?.[index];
      if (!existsSync(absolute)) {
        stale.set(relative, { source: relative, reason: 'missing' });
      } else if (embedded === null || embedded === undefined) {
        // A map without the text cannot vouch for the bundle: treat it as stale.
        stale.set(relative, { source: relative, reason: 'changed' });
      } else if (readFileSync(absolute, 'utf8') !== embedded) {
        stale.set(relative, { source: relative, reason: 'changed' });
      }
    });
  }
  return [...stale.values()].sort((a, b) => a.source.localeCompare(b.source));
}

const checked = new Set<string>();

/**
 * Throws, naming the sources and the command that rebuilds it, when dist/<name>/ is older than
 * its sources. Tests of a bundle refuse to test an old one: they would pass or fail on code
 * that is no longer there. Checked once per bundle and process.
 */
export function assertFreshBundle(name: string, repoRoot: string): void {
  const distDir = path.join(repoRoot, 'dist', name);
  if (checked.has(distDir)) return;
  const stale = staleSources(distDir, repoRoot);
  if (stale.length > 0) {
    const shown = stale
      .slice(0, 5)
      .map((s) => `${s.source} (${s.reason === 'missing' ? 'deleted' : 'edited'})`);
    const more = stale.length > 5 ? ` and ${stale.length - 5} more` : '';
    throw new Error(
      `dist/${name} is older than its sources (${shown.join(', ')}${more} since it was built). ` +
        `Rebuild it: node scripts/build.mjs ${name} (or npm run build)`,
    );
  }
  checked.add(distDir);
}

/** The bundles a run of `name` executes: the root action (deploy) runs every part's bundle too. */
export function bundlesRunBy(name: string, repoRoot: string): string[] {
  if (name !== 'deploy') return [name];
  const dist = path.join(repoRoot, 'dist');
  const parts = existsSync(dist)
    ? readdirSync(dist, { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name !== 'deploy')
        .map((d) => d.name)
        .sort()
    : [];
  return ['deploy', ...parts];
}
