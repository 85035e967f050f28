import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { actionFiles, repoRoot } from './repo-files';

// What the build (scripts/build.mjs + scripts/finish-bundle.mjs) must leave in every dist/<name>/:
// a folder under the size budget (issue "Foundation": each dist/<name>/ under 1.5 MB, maps and
// licenses included), maps that name only repository paths and the project's own sources, and a
// licenses file. Sizes are deterministic for a given lockfile, so this is a plain check.

const BUDGET = 1_500_000;
// Every action's main bundle, and its post bundle (dist/<name>-post/) when it has a post step.
const names = [
  ...new Set(
    actionFiles().flatMap((a) =>
      a.spec.runs?.post === undefined ? [a.name] : [a.name, `${a.name}-post`],
    ),
  ),
].sort();

describe.each(names)('dist/%s', (name) => {
  const dir = path.join(repoRoot, 'dist', name);
  const files = readdirSync(dir);

  it(`is under ${BUDGET.toLocaleString('en')} bytes`, () => {
    const bytes = files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
    expect(bytes).toBeLessThan(BUDGET);
  });

  it("has a map per script, naming only the project's own files by repository path", () => {
    const scripts = files.filter((f) => f.endsWith('.js'));
    expect(files.filter((f) => f.endsWith('.js.map')).sort()).toEqual(
      scripts.map((f) => `${f}.map`).sort(),
    );
    for (const file of scripts) {
      const map = JSON.parse(readFileSync(path.join(dir, `${file}.map`), 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      for (const source of map.sources) {
        // Relative to the map's folder, as consumers resolve them: ../../src/core/wait.ts.
        expect(source).toMatch(/^\.\.\/\.\.\/(src|scripts\/bundle-stubs|vendor)\//);
        expect(existsSync(path.resolve(dir, source))).toBe(true);
      }
      expect(map.sourcesContent?.every((c) => typeof c === 'string')).toBe(true);
    }
  });

  it('carries a licenses file', () => {
    expect(files).toContain('licenses.txt');
  });
});
