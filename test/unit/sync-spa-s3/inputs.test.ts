import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputReader } from '../../../src/core/inputs';
import { readInputs } from '../../../src/sync-spa-s3/inputs';
import { scanBuild } from '../../../src/sync-spa-s3/sync';

describe('sync-spa-s3 inputs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'site-inputs-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = (extra: Record<string, string>) =>
    readInputs(
      new InputReader(
        (name) => ({ directory: dir, bucket: 'site', 'aws-region': 'eu-west-1', ...extra })[name],
      ),
      { GITHUB_RUN_ID: '1' },
    );

  it('symlinks: refuse by default, skip on request, nothing else', () => {
    expect(read({}).symlinks).toBe('refuse');
    expect(read({ symlinks: 'skip' }).symlinks).toBe('skip');
    expect(() => read({ symlinks: 'follow' })).toThrow(
      /Input 'symlinks': expected one of refuse, skip, got "follow"/,
    );
  });
});

describe('sync-spa-s3 refusals before the first write', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'site-checks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const read = (extra: Record<string, string> = {}) =>
    readInputs(
      new InputReader(
        (name) => ({ directory: dir, bucket: 'site', 'aws-region': 'eu-west-1', ...extra })[name],
      ),
      { GITHUB_RUN_ID: '1' },
    );

  it('refuses a zero-byte index.html', async () => {
    writeFileSync(path.join(dir, 'index.html'), '');
    await expect(scanBuild(read())).rejects.toThrow(
      /Input 'index-file': "index.html" in .* is empty \(0 bytes\)/,
    );
  });

  it("refuses a key past S3's 1,024 bytes (with a snapshot's folder), before any request", async () => {
    writeFileSync(path.join(dir, 'index.html'), 'x');
    const name = `${'é'.repeat(120)}.txt`; // 244 bytes, 124 characters
    let folder = dir;
    for (let i = 0; i < 3; i++) {
      folder = path.join(folder, 'd'.repeat(200));
      mkdirSync(folder);
    }
    writeFileSync(path.join(folder, name), 'y');
    await expect(scanBuild(read({ prefix: 'app' }))).resolves.toHaveLength(2);
    await expect(scanBuild(read({ prefix: 'p'.repeat(200) }))).rejects.toThrow(
      /passes S3's limit of 1024 bytes/,
    );
  });

  it('validates url-base', () => {
    writeFileSync(path.join(dir, 'index.html'), 'x');
    expect(read({ 'url-base': '/app' }).urlBase).toBe('/app/');
    expect(read({ 'url-base': '/' }).urlBase).toBe('/');
    expect(read({ 'url-base': 'docs/v2/' }).urlBase).toBe('/docs/v2/');
    for (const bad of [
      '/app?x=1',
      '/a b',
      '/app/*',
      '/../x',
      'https://host/app',
      '/a#b',
      '/%zz',
      '/a//b',
    ]) {
      expect(() => read({ 'url-base': bad })).toThrow(/Input 'url-base': expected the URL path/);
    }
  });
});
