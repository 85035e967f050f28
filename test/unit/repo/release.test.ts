import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { releaseNotes } from '../../../scripts/release-notes.mjs';
import { BUNDLE_VERSION } from '../../../src/core/version';
import { repoRoot } from './repo-files';

// What a release needs: Marketplace-valid metadata in the root action.yml, one version in
// package.json, src/core/version.ts and CHANGELOG.md, and docs that name the bundle the same way
// everywhere, at the major version the release workflow moves.

const BUNDLE_REPO = 'aws-web-deploy/aws-web-deploy-actions';
const read = (rel: string): string => readFileSync(path.join(repoRoot, rel), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string };
const major = `v${pkg.version.split('.')[0] ?? ''}`;

// GitHub's documented branding colours, and the Feather icons this bundle's actions use (all in
// the set GitHub's metadata syntax lists).
const COLORS = [
  'white',
  'black',
  'yellow',
  'blue',
  'green',
  'orange',
  'red',
  'purple',
  'gray-dark',
];
const ICONS = ['activity', 'cloud', 'database', 'package', 'refresh-cw', 'send', 'upload-cloud'];

describe('Marketplace metadata of the root action.yml', () => {
  const spec = parse(read('action.yml')) as {
    name?: unknown;
    description?: unknown;
    branding?: { icon?: unknown; color?: unknown };
  };

  it('has a name and a description of at most 125 characters', () => {
    expect(typeof spec.name).toBe('string');
    expect(typeof spec.description).toBe('string');
    expect(String(spec.description).length).toBeLessThanOrEqual(125);
    expect(String(spec.description).length).toBeGreaterThan(20);
  });

  it('has branding with a supported icon and colour', () => {
    expect(ICONS).toContain(spec.branding?.icon);
    expect(COLORS).toContain(spec.branding?.color);
  });

  it.each(
    execFileSync('git', ['ls-files', 'actions/*/action.yml'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file !== ''),
  )('%s has a supported branding icon and colour too', (file) => {
    const action = parse(read(file)) as { branding?: { icon?: unknown; color?: unknown } };
    expect(ICONS).toContain(action.branding?.icon);
    expect(COLORS).toContain(action.branding?.color);
  });
});

describe('version', () => {
  it('is a release version, the same in package.json, package-lock.json and src/core', () => {
    expect(pkg.version).toMatch(/^[1-9]\d*\.\d+\.\d+$/);
    const lock = JSON.parse(read('package-lock.json')) as {
      version: string;
      packages: Record<string, { version?: string }>;
    };
    expect([lock.version, lock.packages['']?.version, BUNDLE_VERSION]).toEqual([
      pkg.version,
      pkg.version,
      pkg.version,
    ]);
  });

  it('has a CHANGELOG section, which becomes the notes of its GitHub Release', () => {
    const changelog = read('CHANGELOG.md');
    expect(changelog).toMatch(
      new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')} - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
    );
    expect(releaseNotes(changelog, `v${pkg.version}`)).toMatch(/^The first release\.|^### /);
  });
});

describe('releaseNotes', () => {
  const changelog = [
    '# Changelog',
    '',
    '## 1.1.0 - 2027-01-02',
    '',
    '### Fixed',
    '- b',
    '',
    '## 1.0.0 - 2026-12-04',
    '- a',
    '',
  ].join('\n');

  it('is the body of the version section, up to the next one', () => {
    expect(releaseNotes(changelog, 'v1.1.0')).toBe('### Fixed\n- b');
    expect(releaseNotes(changelog, '1.0.0')).toBe('- a');
  });

  it('is undefined for a version without a section, or a prefix of one', () => {
    expect(releaseNotes(changelog, 'v1.2.0')).toBeUndefined();
    expect(releaseNotes(changelog, 'v1.1')).toBeUndefined();
    expect(releaseNotes('## 1.1.0\n', 'v1.1.0')).toBeUndefined();
  });
});

describe('docs name the bundle one way, at the released major version', () => {
  const docs = execFileSync('git', ['ls-files', '*.md', 'examples/**/*.yml'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file !== '' && file !== 'CHANGELOG.md');

  it('every reference to the bundle uses its repository name and @v<major>', () => {
    const wrong: string[] = [];
    for (const file of docs) {
      read(file)
        .split('\n')
        .forEach((line, index) => {
          if (/OWNER\/REPO|octo-org\/aws-web-deploy-actions/.test(line)) {
            wrong.push(`${file}:${index + 1}: placeholder owner: ${line.trim()}`);
          }
          for (const match of line.matchAll(
            /([\w.-]+)\/aws-web-deploy-actions(?:\/[\w./-]+)?@([\w.-]+)/g,
          )) {
            if (`${match[1] ?? ''}/aws-web-deploy-actions` !== BUNDLE_REPO) {
              wrong.push(`${file}:${index + 1}: not ${BUNDLE_REPO}: ${line.trim()}`);
            }
            if (match[2] !== major && !/^[0-9a-f]{40}$/.test(match[2] ?? '')) {
              wrong.push(`${file}:${index + 1}: @${match[2]}, not @${major}: ${line.trim()}`);
            }
          }
        });
    }
    expect(wrong).toEqual([]);
  });
});
