import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import {
  isOwnSource,
  ownCodeOnly,
  packageDirectory,
  rebaseSources,
  writeLicenses,
} from '../../../scripts/finish-bundle.mjs';

// The pass after ncc (scripts/build.mjs): source maps keep the project's own code, name no
// temporary build folder, and licenses.txt lists the packages whose code is in the bundle.

describe('isOwnSource', () => {
  it.each([
    ['../src/core/wait.ts', true],
    ['../scripts/bundle-stubs/bowser.cjs', true],
    ['../node_modules/@aws-sdk/core/dist-es/index.js', false],
    ['../webpack/runtime/ensure chunk', false],
    ['webpack/bootstrap', false],
    ['../external node-commonjs "node:fs"', false],
  ])('%s -> %s', (source, own) => {
    expect(isOwnSource(source)).toBe(own);
  });
});

describe('ownCodeOnly', () => {
  it("keeps the project's segments, sources, contents and names, renumbered", () => {
    const map = {
      version: 3,
      file: 'index.js',
      sources: [
        '../node_modules/a/index.js',
        '../src/x.ts',
        '../node_modules/b/b.js',
        '../src/y.ts',
      ],
      sourcesContent: ['a', 'x source', 'b', 'y source'],
      names: ['dep', 'mine', 'other'],
      mappings: encode([
        [[0, 0, 0, 0, 0], [10, 1, 3, 4, 1], [20, 2, 0, 0, 2], [30, 3, 7, 1], [40]],
      ]),
    };
    const trimmed = ownCodeOnly(map);
    expect(trimmed.sources).toEqual(['../src/x.ts', '../src/y.ts']);
    expect(trimmed.sourcesContent).toEqual(['x source', 'y source']);
    expect(trimmed.names).toEqual(['mine']);
    expect(decode(trimmed.mappings)).toEqual([
      [
        [10, 0, 3, 4, 0],
        [30, 1, 7, 1],
      ],
    ]);
    expect(trimmed.file).toBe('index.js');
  });
});

describe('rebaseSources', () => {
  const root = '/repo';
  const from = '/repo/.ncc-build-abc';
  const to = '/repo/dist/invalidate-cdn';
  it("makes paths relative to the map's folder, and hides the build folder", () => {
    const map = {
      sources: [
        '../../src/core/wait.ts',
        '../../node_modules/pg/lib/client.js',
        '../webpack/bootstrap',
        'webpack:///x',
      ],
    };
    expect(rebaseSources(map, { from, root, to }).sources).toEqual([
      '../../src/core/wait.ts',
      '../../node_modules/pg/lib/client.js',
      '../../webpack/bootstrap',
      'webpack:///x',
    ]);
  });

  it('resolves like a source map consumer: from dist/<name>/ to the repository file', () => {
    const [source = ''] = rebaseSources(
      { sources: ['../../src/core/wait.ts'] },
      { from, root, to },
    ).sources;
    expect(path.resolve(to, source)).toBe('/repo/src/core/wait.ts');
  });
});

describe('packageDirectory', () => {
  it('finds the package, scoped or nested, of a source', () => {
    const base = '/repo/dist/x';
    expect(packageDirectory('../../node_modules/pg/lib/client.js', base)).toBe(
      '/repo/node_modules/pg',
    );
    expect(packageDirectory('../../node_modules/@smithy/core/dist-es/index.js', base)).toBe(
      '/repo/node_modules/@smithy/core',
    );
    expect(
      packageDirectory(
        '../../node_modules/@actions/core/node_modules/@actions/http-client/lib/a.js',
        base,
      ),
    ).toBe('/repo/node_modules/@actions/core/node_modules/@actions/http-client');
    expect(packageDirectory('../../src/core/wait.ts', base)).toBeUndefined();
  });
});

describe('writeLicenses', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'licenses-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  function fakePackage(name: string, license: string, file?: [string, string]): string {
    const dir = path.join(work, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, license }));
    if (file !== undefined) writeFileSync(path.join(dir, file[0]), file[1]);
    return dir;
  }

  it('lists each package once, sorted, with its license text', () => {
    const zed = fakePackage('zed', 'ISC', ['LICENSE', 'ISC text\n']);
    const scoped = fakePackage('@scope/pkg', 'MIT', ['license.md', 'MIT text']);
    const bare = fakePackage('bare', 'Apache-2.0');
    const out = path.join(work, 'dist');
    mkdirSync(out);
    writeLicenses(out, new Set([zed, scoped, bare, zed]));
    expect(readFileSync(path.join(out, 'licenses.txt'), 'utf8')).toBe(
      '@scope/pkg\nMIT\nMIT text\n\nbare\nApache-2.0\n\n\nzed\nISC\nISC text\n',
    );
  });

  it('writes a license text several packages share once, and names it for the others', () => {
    const apache = 'Apache License\nVersion 2.0, January 2004\n';
    const a = fakePackage('@aws-sdk/a', 'Apache-2.0', ['LICENSE', apache]);
    const b = fakePackage('@aws-sdk/b', 'Apache-2.0', ['LICENSE.txt', `${apache}\n`]);
    const own = fakePackage('@smithy/c', 'Apache-2.0', ['LICENSE', 'Apache License, changed\n']);
    const out = path.join(work, 'dist');
    mkdirSync(out);
    writeLicenses(out, new Set([b, own, a]));
    expect(readFileSync(path.join(out, 'licenses.txt'), 'utf8')).toBe(
      '@aws-sdk/a\nApache-2.0\nApache License\nVersion 2.0, January 2004\n\n' +
        '@aws-sdk/b\nApache-2.0\n(the same license text as @aws-sdk/a, above)\n\n' +
        '@smithy/c\nApache-2.0\nApache License, changed\n',
    );
  });
});
