import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './repo-files';

// The inputs/outputs section of every README is generated from action.yml by
// scripts/generate-docs.mjs (`npm run docs`); --check regenerates it in memory and compares.
const generator = path.join(repoRoot, 'scripts', 'generate-docs.mjs');

function generate(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [generator, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('action READMEs', () => {
  it('every README section matches its action.yml (run `npm run docs` when this fails)', () => {
    const { status, output } = generate('--check');
    expect(output).toMatch(/READMEs match their action.yml/);
    expect(status).toBe(0);
  });

  describe('on a copy of the repository', () => {
    let copy: string;
    beforeEach(() => {
      copy = mkdtempSync(path.join(os.tmpdir(), 'docs-check-'));
      cpSync(path.join(repoRoot, 'actions'), path.join(copy, 'actions'), { recursive: true });
      for (const file of ['action.yml', 'README.md']) {
        cpSync(path.join(repoRoot, file), path.join(copy, file));
      }
      // Start from a copy whose READMEs are in sync, whatever the state of the real ones.
      expect(generate('--root', copy).status).toBe(0);
      expect(generate('--check', '--root', copy).status).toBe(0);
    });
    afterEach(() => rmSync(copy, { recursive: true, force: true }));

    it('a changed input description is reported as drift, and `npm run docs` fixes it', () => {
      const file = path.join(copy, 'actions', 'deploy-ecs', 'action.yml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          /(\n {2}retry-mode:\n {4}description: ).*\n/,
          '$1Retry mode | changed.\n',
        ),
      );
      const drift = generate('--check', '--root', copy);
      expect(drift.status).toBe(1);
      expect(drift.output).toContain('actions/deploy-ecs/README.md differs from its action.yml');
      expect(drift.output).not.toContain('actions/deploy-apprunner/README.md');

      expect(generate('--root', copy).status).toBe(0);
      const readme = readFileSync(path.join(copy, 'actions', 'deploy-ecs', 'README.md'), 'utf8');
      expect(readme).toContain('| `retry-mode` | Retry mode \\| changed. | no | `standard` |');
      expect(generate('--check', '--root', copy).status).toBe(0);
    });

    it('keeps the prose around the markers and creates a missing README', () => {
      const readmeFile = path.join(copy, 'actions', 'invalidate-cdn', 'README.md');
      const before = readFileSync(readmeFile, 'utf8');
      const edited = before
        .replace('<!-- action-docs:start -->', 'Prose before.\n\n<!-- action-docs:start -->')
        .replace(
          /<!-- action-docs:end -->\n?/,
          '<!-- action-docs:end -->\n\n## Examples\n\nMore prose.\n',
        );
      writeFileSync(readmeFile, edited.replace('| `status` |', '| `stale` |'));
      rmSync(path.join(copy, 'actions', 'verify-health', 'README.md'));

      expect(generate('--check', '--root', copy).output).toContain(
        'actions/verify-health/README.md is missing',
      );
      expect(generate('--root', copy).status).toBe(0);
      expect(readFileSync(readmeFile, 'utf8')).toBe(edited);
      const created = readFileSync(
        path.join(copy, 'actions', 'verify-health', 'README.md'),
        'utf8',
      );
      expect(created).toMatch(
        /^# verify-health\n\n.+\n\n## Inputs and outputs\n\n<!-- action-docs:start -->/,
      );
    });
  });
});
