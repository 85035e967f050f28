import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BodyBuffers } from '../../../src/sync-spa-s3/memory';

describe('sync-spa-s3 upload body buffers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'body-buffers-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, size: number, fill: number): string => {
    writeFileSync(path.join(dir, name), Buffer.alloc(size, fill));
    return path.join(dir, name);
  };

  it('gives each upload exactly its file, never more buffers than uploads at once, reused after', async () => {
    const pool = new BodyBuffers(1024 * 1024);
    const files = Array.from({ length: 40 }, (_, i) =>
      file(`f${i}`, [10, 70_000, 300_000, 1024 * 1024][i % 4] ?? 1, i),
    );
    const seen = new Set<ArrayBuffer>();
    let running = 0;
    let maxRunning = 0;
    // 40 uploads, 8 at a time (what the upload limit does).
    const lanes = Array.from({ length: 8 }, async (_, lane) => {
      for (let i = lane; i < files.length; i += 8) {
        const name = files[i] ?? '';
        await pool.withFile(name, [10, 70_000, 300_000, 1024 * 1024][i % 4] ?? 1, async (body) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          seen.add(body.buffer as ArrayBuffer);
          expect(body.length).toBe([10, 70_000, 300_000, 1024 * 1024][i % 4]);
          expect(body.every((b) => b === i)).toBe(true);
          await new Promise((resolve) => setImmediate(resolve));
          running--;
        });
      }
    });
    await Promise.all(lanes);
    expect(maxRunning).toBe(8);
    // Buffers only grow and are replaced, never multiplied: at most a few generations per lane.
    expect(seen.size).toBeLessThanOrEqual(8 * 4);
    expect(pool.freeBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    // Once grown, the same sizes need no new buffer.
    const before = pool.freeBytes;
    await Promise.all(
      files.slice(0, 8).map((name, i) =>
        pool.withFile(name, [10, 70_000, 300_000, 1024 * 1024][i % 4] ?? 1, async () => {
          await new Promise((resolve) => setImmediate(resolve));
        }),
      ),
    );
    expect(pool.freeBytes).toBe(before);
  });

  it('gives the buffer back when the upload fails, and refuses a file that changed size', async () => {
    const pool = new BodyBuffers(1024 * 1024);
    const name = file('a', 1000, 1);
    await expect(
      pool.withFile(name, 1000, () => Promise.reject(new Error('reset'))),
    ).rejects.toThrow('reset');
    expect(pool.freeBytes).toBe(64 * 1024);
    await expect(pool.withFile(name, 999, () => Promise.resolve())).rejects.toThrow(
      /changed while publishing \(1000 bytes, 999 when hashed\)/,
    );
    await expect(pool.withFile(name, 1001, () => Promise.resolve())).rejects.toThrow(
      /changed while publishing \(1000 bytes, 1001 when hashed\)/,
    );
    await expect(pool.withFile(name, 2 * 1024 * 1024, () => Promise.resolve())).rejects.toThrow(
      RangeError,
    );
    expect(pool.freeBytes).toBe(64 * 1024);
  });
});
