import { closeSync, openSync, readSync } from 'node:fs';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * Read buffers for small upload bodies, reused from one upload to the next. A fresh buffer per
 * file (readFileSync) left tens of MB of bodies waiting for the GC and fragmented the allocator,
 * so the step's memory grew with the number of files; these are at most one per upload in
 * flight, each at most the largest small file (a power of two from 64 KiB), whatever the build.
 */
export class BodyBuffers {
  /** Buffers not in use, smallest first. */
  private readonly free: Buffer[] = [];

  constructor(private readonly maxSize: number) {}

  /**
   * Reads a whole file into a buffer of the pool, runs fn with it (a view of exactly the file's
   * bytes), and gives the buffer back once fn has settled: fn must not keep the view.
   */
  async withFile<T>(file: string, size: number, fn: (body: Buffer) => Promise<T>): Promise<T> {
    if (size > this.maxSize) throw new RangeError(`${file}: ${size} bytes is not a small file`);
    // The smallest free buffer that fits; else a new one, replacing the smallest free one (so
    // there are never more buffers than uploads at once, and they only grow: no churn once
    // they have reached the build's largest small file).
    const fits = this.free.findIndex((b) => b.length >= size);
    const buffer =
      fits === -1
        ? (this.free.shift(), Buffer.allocUnsafeSlow(Math.min(this.maxSize, sizeClass(size))))
        : (this.free.splice(fits, 1)[0] as Buffer);
    try {
      return await fn(buffer.subarray(0, readWhole(file, buffer, size)));
    } finally {
      const at = this.free.findIndex((b) => b.length >= buffer.length);
      this.free.splice(at === -1 ? this.free.length : at, 0, buffer);
    }
  }

  /** Bytes of the buffers not in use (for tests). */
  get freeBytes(): number {
    return this.free.reduce((sum, b) => sum + b.length, 0);
  }
}

function sizeClass(size: number): number {
  let n = 64 * 1024;
  while (n < size) n *= 2;
  return n;
}

/** Reads exactly `size` bytes of a file; a file that changed size since it was hashed fails. */
function readWhole(file: string, buffer: Buffer, size: number): number {
  const fd = openSync(file, 'r');
  try {
    let read = 0;
    for (let n = 1; n > 0 && read <= size; read += n) {
      n = readSync(fd, buffer, read, Math.min(buffer.length, size + 1) - read, null);
    }
    if (read !== size) {
      throw new Error(`${file} changed while publishing (${read} bytes, ${size} when hashed)`);
    }
    return read;
  } finally {
    closeSync(fd);
  }
}

/**
 * Bounds the V8 heap of a long upload. Two V8 heuristics made it grow with the build:
 * - the young generation doubles while objects keep surviving scavenges, up to 128 MB on a
 *   64-bit Node: thousands of uploads got there after a few seconds, over half of the step's
 *   peak memory, for no measurable speed. Node takes --max-semi-space-size only at start (an
 *   action cannot pass it), but the growth factor is read at each resize: it is set to 1 once
 *   the young generation reaches half of `youngMb` (one doubling between two calls still stays
 *   within it);
 * - the old generation may grow to up to 4x what is live before a full GC, and what is live
 *   grows with the file count: the growing factor is set to 1.5 instead (read after each GC).
 * Call it from time to time (it only reads heap statistics once the flags are set).
 */
export function boundHeap(youngMb: number): void {
  if (!oldBounded) {
    setFlagsFromString('--heap-growing-percent=50');
    oldBounded = true;
  }
  if (youngCapped) return;
  const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (newSpace === undefined || newSpace.space_size * 2 < youngMb * 1024 * 1024) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  youngCapped = true;
}

let oldBounded = false;
let youngCapped = false;
