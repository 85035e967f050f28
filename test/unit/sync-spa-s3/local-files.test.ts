import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
