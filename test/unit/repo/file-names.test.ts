import { readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo-files';

// File and folder names are kebab-case (dots separate extensions: `run-dist.ts`,
// `action-list.test.ts`). Conventional names are kept as the tools expect them, and fixtures
// under test/fixtures mirror what users' repositories contain, so they are not checked.
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$/;
const CONVENTIONAL = new Set(['README.md', 'Dockerfile', 'LICENSE', 'CHANGELOG.md']);
const SKIPPED = new Set(['node_modules', 'test/fixtures']);

function walk(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
    const relative = path.posix.join(dir, entry.name);
    if (SKIPPED.has(relative) || entry.name === 'node_modules') continue;
    found.push(relative);
    if (entry.isDirectory()) walk(relative, found);
  }
  return found;
}

describe('file names', () => {
  it.each(['src', 'local-aws', 'test'])('everything under %s/ is kebab-case', (top) => {
    const offenders = walk(top).filter((file) => {
      const base = path.posix.basename(file);
      return !CONVENTIONAL.has(base) && !KEBAB.test(base);
    });
    expect(offenders).toEqual([]);
  });

  it('the check itself rejects other styles', () => {
    for (const bad of ['runDist.ts', 'run_dist.ts', 'RunDist.ts', 'run--dist.ts', '-x.ts']) {
      expect({ bad, ok: KEBAB.test(bad) }).toEqual({ bad, ok: false });
    }
    for (const good of ['run-dist.ts', 'action-files.test.ts', 'v2', 'jest-resolver.cjs']) {
      expect({ good, ok: KEBAB.test(good) }).toEqual({ good, ok: true });
    }
  });
});
