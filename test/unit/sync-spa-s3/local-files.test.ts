import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkBuild, hashFile, scanDirectory } from '../../../src/sync-spa-s3/local-files';

describe('sync-spa-s3 local files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'local-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes a file whole and per part, across read-buffer boundaries', () => {
    const content = Buffer.alloc(2_500_000);
    for (let i = 0; i < content.length; i++) content[i] = (i * 7) % 251;
    writeFileSync(path.join(dir, 'big.bin'), content);
    const partSize = 1_000_000;
    const result = hashFile(path.join(dir, 'big.bin'), Buffer.alloc(300_000), partSize);
    const sha1 = (b: Buffer, enc: 'hex' | 'base64'): string =>
      createHash('sha1').update(b).digest(enc);
    expect(result.sha1).toBe(sha1(content, 'hex'));
    expect(result.parts).toEqual([
      sha1(content.subarray(0, 1_000_000), 'base64'),
      sha1(content.subarray(1_000_000, 2_000_000), 'base64'),
      sha1(content.subarray(2_000_000), 'base64'),
    ]);
    expect(hashFile(path.join(dir, 'big.bin'), Buffer.alloc(4096)).parts).toBeUndefined();
  });

  it('lists files with forward slashes, minus exclusions, and refuses builds that cannot be published', async () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), 'x');
    writeFileSync(path.join(dir, 'assets', 'a.js'), 'y');
    writeFileSync(path.join(dir, 'assets', 'a.js.map'), 'z');
    const files = await scanDirectory(dir, ['**/*.map']);
    expect(files.map((f) => f.path)).toEqual(['assets/a.js', 'index.html']);
    expect(() => checkBuild(files, dir, 'index.html')).not.toThrow();
    expect(() => checkBuild(files, dir, 'app.html')).toThrow(
      /Input 'index-file': "app.html" is missing/,
    );
    expect(() => checkBuild([], dir, 'index.html')).toThrow(/Input 'directory': .* is empty/);
    expect(() =>
      checkBuild(
        [...files, { path: '.releases/x.json', absolute: '', size: 1 }],
        dir,
        'index.html',
      ),
    ).toThrow(/\.releases/);
  });
});
