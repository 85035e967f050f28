import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import os from 'node:os';
import path from 'node:path';
import {
  checkBuild,
  hashFile,
  hashFiles,
  scanDirectory,
  startHashWorker,
} from '../../../src/sync-spa-s3/local-files';

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

  it('hashes with a worker thread sharing the work, the same as on the main thread alone', async () => {
    const sizes = [0, 1, 4096, 1_500_000, 70_000, 3_100_000, 12, 999_999];
    sizes.forEach((size, i) => {
      const content = Buffer.alloc(size);
      for (let b = 0; b < size; b++) content[b] = (b * (i + 3)) % 253;
      writeFileSync(path.join(dir, `f${i}.bin`), content);
    });
    const files = await scanDirectory(dir, []);
    const options = { multipartThreshold: 1_000_000, partSize: 1_000_000 };
    const reported = { main: 0, worker: 0 };
    const byWorker = await hashFiles(files, {
      ...options,
      workerMinBytes: 0,
      mainThread: false,
      onHashed: (bytes, thread) => (reported[thread] += bytes),
    });
    const shared = await hashFiles(files, { ...options, workerMinBytes: 0 });
    const alone = await hashFiles(files, { ...options, workerMinBytes: Infinity });
    expect(shared.size).toBe(sizes.length);
    expect([...byWorker.entries()]).toEqual([...alone.entries()]);
    expect([...shared.entries()]).toEqual([...alone.entries()]);
    for (const file of files) {
      const partSize = file.size >= options.multipartThreshold ? options.partSize : undefined;
      expect(shared.get(file.path)).toEqual(
        hashFile(file.absolute, Buffer.alloc(65_536), partSize),
      );
    }
    expect(shared.get('f5.bin')?.parts).toHaveLength(4);
    expect(reported).toEqual({ main: 0, worker: sizes.reduce((a, b) => a + b, 0) });
  });

  it('hashes with a worker started before the scan (biggest files first there), or stops it for a small build', async () => {
    const sizes = [5, 3_000_000, 70_000, 0, 1_200_000, 400, 900_000];
    sizes.forEach((size, i) =>
      writeFileSync(path.join(dir, `g${i}.bin`), Buffer.alloc(size, i + 1)),
    );
    const files = await scanDirectory(dir, []);
    const options = { multipartThreshold: 1_000_000, partSize: 1_000_000 };
    const alone = await hashFiles(files, { ...options, workerMinBytes: Infinity });
    const reported = { main: 0, worker: 0 };
    const early = await hashFiles(files, {
      ...options,
      workerMinBytes: 0,
      worker: startHashWorker(),
      onHashed: (bytes, thread) => (reported[thread] += bytes),
    });
    expect([...early.entries()]).toEqual([...alone.entries()]);
    expect(reported.main + reported.worker).toBe(sizes.reduce((a, b) => a + b, 0));
    const byWorker = await hashFiles(files, {
      ...options,
      workerMinBytes: 0,
      mainThread: false,
      worker: startHashWorker(),
    });
    expect([...byWorker.entries()]).toEqual([...alone.entries()]);
    // Too small for a worker: the one started is stopped and the main thread hashes it all.
    const stopped = { main: 0, worker: 0 };
    const small = await hashFiles(files, {
      ...options,
      worker: startHashWorker(),
      workerMinBytes: Infinity,
      onHashed: (bytes, thread) => (stopped[thread] += bytes),
    });
    expect([...small.entries()]).toEqual([...alone.entries()]);
    expect(stopped.worker).toBe(0);
  });

  it('reports a file that vanished before hashing, with or without the worker', async () => {
    writeFileSync(path.join(dir, 'a.bin'), 'a');
    writeFileSync(path.join(dir, 'b.bin'), 'b');
    const files = await scanDirectory(dir, []);
    rmSync(path.join(dir, 'b.bin'));
    const options = { multipartThreshold: 1_000_000, partSize: 1_000_000 };
    await expect(hashFiles(files, { ...options, workerMinBytes: 0 })).rejects.toThrow(/ENOENT/);
    await expect(
      hashFiles(files, { ...options, workerMinBytes: 0, mainThread: false }),
    ).rejects.toThrow(/ENOENT/);
    await expect(hashFiles(files, { ...options, workerMinBytes: Infinity })).rejects.toThrow(
      /ENOENT/,
    );
  });
});

describe('sync-spa-s3 links in the build', () => {
  let base: string;
  let build: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'links-'));
    build = path.join(base, 'build');
    mkdirSync(path.join(build, 'assets'), { recursive: true });
    writeFileSync(path.join(build, 'index.html'), 'index');
    writeFileSync(path.join(build, 'assets', 'app.js'), 'app');
    writeFileSync(path.join(base, 'secret.txt'), 'outside the build');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  // Every form of a link whose target lies outside the build: absolute or relative (../), to a
  // sibling folder whose name starts with the build's, to a system file.
  const outsideTarget = (form: string, linkDir: string): string => {
    const secret = path.join(base, 'secret.txt');
    if (form === 'absolute') return secret;
    if (form === 'relative') return path.relative(linkDir, secret);
    if (form === 'sibling') return path.relative(linkDir, path.join(base, 'build-other', 'x.txt'));
    return '/etc/hostname';
  };

  it('refuses a link that resolves outside the build, whatever its form, by default', async () => {
    mkdirSync(path.join(base, 'build-other'));
    writeFileSync(path.join(base, 'build-other', 'x.txt'), 'sibling');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('absolute', 'relative', 'sibling', 'system'),
        fc.constantFrom('', 'assets/'),
        fc.stringMatching(/^[a-z][a-z0-9.-]{0,12}$/),
        async (form, folder, name) => {
          const link = path.join(build, folder, `${name}.lnk`);
          const relTarget = outsideTarget(form, path.dirname(link));
          symlinkSync(relTarget, link);
          try {
            await expect(scanDirectory(build, [])).rejects.toThrow(
              /Input 'symlinks': ".*\.lnk" is a link to a file outside the build directory/,
            );
            const skipped: string[] = [];
            const files = await scanDirectory(build, [], {
              outsideLinks: 'skip',
              onSkippedLink: (file, reason) => skipped.push(`${file}:${reason}`),
            });
            expect(files.map((f) => f.path)).toEqual(['assets/app.js', 'index.html']);
            expect(skipped).toEqual([`${folder}${name}.lnk:outside`]);
          } finally {
            rmSync(link);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a link through a linked folder or a chain of links that ends outside', async () => {
    symlinkSync(base, path.join(build, 'up'));
    symlinkSync(path.join(build, 'up', 'secret.txt'), path.join(build, 'via-folder.txt'));
    await expect(scanDirectory(build, [])).rejects.toThrow(/"via-folder.txt"/);
    rmSync(path.join(build, 'via-folder.txt'));
    symlinkSync('../secret.txt', path.join(build, 'hop2'));
    symlinkSync('hop2', path.join(build, 'hop1.txt'));
    const skipped: string[] = [];
    const files = await scanDirectory(build, [], {
      outsideLinks: 'skip',
      onSkippedLink: (file) => skipped.push(file),
    });
    expect(files.map((f) => f.path)).toEqual(['assets/app.js', 'index.html']);
    expect(skipped.sort()).toEqual(['hop1.txt', 'hop2', 'up']);
  });

  it('follows a link to a file inside the build, reading the target', async () => {
    symlinkSync('assets/app.js', path.join(build, 'app-latest.js'));
    symlinkSync(path.join(build, 'index.html'), path.join(build, 'assets', '..index.html'));
    const files = await scanDirectory(build, []);
    expect(files.map((f) => [f.path, f.absolute, f.size])).toEqual([
      ['app-latest.js', path.join(realpathSync(build), 'assets', 'app.js'), 3],
      ['assets/..index.html', path.join(realpathSync(build), 'index.html'), 5],
      ['assets/app.js', path.join(realpathSync(build), 'assets', 'app.js'), 3],
      ['index.html', path.join(realpathSync(build), 'index.html'), 5],
    ]);
  });

  it('reads a build directory that is itself a link', async () => {
    symlinkSync(build, path.join(base, 'build-link'));
    const files = await scanDirectory(path.join(base, 'build-link'), []);
    expect(files.map((f) => f.path)).toEqual(['assets/app.js', 'index.html']);
  });
});
