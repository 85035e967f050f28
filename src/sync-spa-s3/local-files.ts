import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { ConfigurationError } from '../core/errors';
import { quote } from '../core/inputs';
import type { FileKind, ObjectHeaders } from './headers';

export interface LocalFile {
  /** Path relative to the build directory, with forward slashes. */
  path: string;
  absolute: string;
  size: number;
  /** SHA-1 of the content (hex), the content identity stored with the object. */
  sha1: string;
  /** SHA-1 of each multipart part (base64), for files uploaded in parts. */
  partSha1?: string[];
  kind: FileKind;
  headers: ObjectHeaders;
}

export interface ScannedFile {
  path: string;
  absolute: string;
  size: number;
}

/** The folder where release manifests live, under the prefix; a build must not contain it. */
export const RELEASES_DIR = '.releases';

/** What to do with a link that resolves outside the build directory. */
export type OutsideLinks = 'refuse' | 'skip';

export interface ScanOptions {
  /** A link resolving outside the build: refuse the build (default) or skip the link. */
  outsideLinks?: OutsideLinks;
  /** Told of each link skipped (outside the build, dangling, or to a directory). */
  onSkippedLink?: (relPath: string, reason: string) => void;
}

/**
 * Lists the build's files, minus the excluded globs. A file link is followed only when its
 * resolved target lies inside the build directory (then the target is what is read); a link
 * that resolves outside it is refused or skipped, so nothing outside the build is ever read.
 * Directory links are not followed. Synchronous: it runs first, before the SDK's loading takes
 * the thread, so the hashing worker can start at once.
 */
export async function scanDirectory(
  root: string,
  exclude: readonly string[],
  options: ScanOptions = {},
): Promise<ScannedFile[]> {
  const excluded = exclude.length === 0 ? () => false : picomatch([...exclude], { dot: true });
  const realRoot = realpathSync(root);
  const files: ScannedFile[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const absolute = path.join(dir, entry.name);
      if (excluded(relPath) || entry.name === '.git') continue;
      if (entry.isDirectory()) {
        walk(absolute, relPath);
      } else if (entry.isFile()) {
        files.push({ path: relPath, absolute, size: statSync(absolute).size });
      } else if (entry.isSymbolicLink()) {
        const target = linkTarget(absolute, realRoot);
        if (target.kind === 'file') {
          files.push({ path: relPath, absolute: target.real, size: target.size });
        } else if (target.kind === 'outside' && options.outsideLinks !== 'skip') {
          throw new ConfigurationError(
            `${quote(relPath)} is a link to a file outside the build directory: refusing to publish it (copy the file into the build, or set symlinks to skip)`,
            'symlinks',
          );
        } else {
          options.onSkippedLink?.(relPath, target.kind);
        }
      }
    }
  };
  walk(realRoot, '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return Promise.resolve(files);
}

type LinkTarget =
  { kind: 'file'; real: string; size: number } | { kind: 'outside' | 'dangling' | 'not a file' };

/** Where a link leads, resolved through every link on the way; only a file inside the root counts. */
function linkTarget(link: string, realRoot: string): LinkTarget {
  let real: string;
  try {
    real = realpathSync(link);
  } catch {
    return { kind: 'dangling' };
  }
  const stats = statSync(real);
  // A folder link is never followed, wherever it leads: nothing is read through it.
  if (!stats.isFile()) return { kind: 'not a file' };
  const relative = path.relative(realRoot, real);
  if (
    relative === '' ||
    relative === '..' ||
    relative.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relative)
  ) {
    return { kind: 'outside' };
  }
  return { kind: 'file', real, size: stats.size };
}

/** S3's longest object key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/**
 * Refuses, before the first write, a file whose key would pass S3's 1,024-byte limit: under the
 * prefix, and under .releases/<stamp>_<release-id>/ where its snapshot may be kept.
 */
export function checkKeyLengths(
  files: readonly ScannedFile[],
  prefix: string,
  releaseId: string,
): void {
  const snapshotPrefix = `${prefix}${RELEASES_DIR}/${'0'.repeat(19)}_${releaseId}/`;
  for (const file of files) {
    const bytes = Buffer.byteLength(snapshotPrefix + file.path);
    if (bytes > MAX_KEY_BYTES) {
      throw new ConfigurationError(
        `${quote(file.path)}: its key (with the prefix and a release snapshot's folder, ${bytes} bytes) passes S3's limit of ${MAX_KEY_BYTES} bytes; shorten the name, the prefix or the release id`,
        'directory',
      );
    }
  }
}

/** The refusals that need the file list: an empty build, a missing entry file, a reserved name. */
export function checkBuild(
  files: readonly ScannedFile[],
  directory: string,
  indexFile: string,
): void {
  if (files.length === 0) {
    throw new ConfigurationError(
      `${quote(directory)} is empty: refusing to publish (and prune) an empty site`,
      'directory',
    );
  }
  if (!files.some((f) => f.path === indexFile)) {
    throw new ConfigurationError(
      `${quote(indexFile)} is missing from ${quote(directory)}: refusing to publish a build without its entry file`,
      'index-file',
    );
  }
  if (files.find((f) => f.path === indexFile)?.size === 0) {
    throw new ConfigurationError(
      `${quote(indexFile)} in ${quote(directory)} is empty (0 bytes): refusing to publish a blank site`,
      'index-file',
    );
  }
  if (files.some((f) => f.path.startsWith(`${RELEASES_DIR}/`))) {
    throw new ConfigurationError(
      `the build contains ${RELEASES_DIR}/, which holds release manifests: exclude it`,
      'directory',
    );
  }
}

/**
 * Hashes one file in 1 MiB reads into a reused buffer (bounded memory), and the SHA-1 of each
 * part when the file will be uploaded in parts. Synchronous reads: for a build's many small files
 * they are several times faster than streams; the caller yields to the event loop between files.
 *
 * Self-contained (built-in modules through process.getBuiltinModule, nothing from this module's
 * scope): the hashing worker runs it from its source text.
 */
export function hashFile(
  file: string,
  buffer: Buffer,
  partSize?: number,
): { sha1: string; parts?: string[] } {
  const { createHash } = process.getBuiltinModule('node:crypto');
  const { closeSync, openSync, readSync } = process.getBuiltinModule('node:fs');
  const whole = createHash('sha1');
  const parts: string[] = [];
  let part = partSize === undefined ? undefined : createHash('sha1');
  let inPart = 0;
  const fd = openSync(file, 'r');
  try {
    for (
      let read = readSync(fd, buffer, 0, buffer.length, null);
      read > 0;
      read = readSync(fd, buffer, 0, buffer.length, null)
    ) {
      const chunk = buffer.subarray(0, read);
      whole.update(chunk);
      if (part === undefined || partSize === undefined) continue;
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(partSize - inPart, chunk.length - offset);
        part.update(chunk.subarray(offset, offset + take));
        inPart += take;
        offset += take;
        if (inPart === partSize) {
          parts.push(part.digest('base64'));
          part = createHash('sha1');
          inPart = 0;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  if (part !== undefined && inPart > 0) parts.push(part.digest('base64'));
  return partSize === undefined
    ? { sha1: whole.digest('hex') }
    : { sha1: whole.digest('hex'), parts };
}

type FileHash = { sha1: string; parts?: string[] };

/**
 * What the hashing worker is given: the files, biggest first, and one claim flag per file that
 * both threads set (compare-and-swap) before hashing it.
 */
interface HashJob {
  files: { absolute: string; partSize?: number }[];
  claimed: Int32Array;
}

/**
 * The hashing worker's body, run from its source text with `hashFile` as its argument: claims
 * files from the biggest down until none is left, then posts [position, hash] pairs. A file it
 * cannot read is left out; the main thread hashes it again and reports the error.
 */
function hashWorker(hash: typeof hashFile): void {
  const { parentPort } = process.getBuiltinModule('node:worker_threads');
  parentPort?.once('message', ({ files, claimed }: HashJob) => {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    const results: [number, FileHash][] = [];
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      if (file === undefined || Atomics.compareExchange(claimed, i, 0, 1) !== 0) continue;
      try {
        results.push([i, hash(file.absolute, buffer, file.partSize)]);
      } catch {
        // left for the main thread
      }
    }
    parentPort.postMessage(results);
  });
}

/**
 * Builds smaller than this are hashed on the main thread alone: a worker takes ~30 ms to start
 * (on its own thread, while the main thread loads the SDK and reads the bucket).
 */
const WORKER_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Hashes every file. For builds of some size a worker thread hashes from the biggest file down
 * while the main thread, between its own work (loading the SDK, reading the bucket), hashes from
 * the smallest up, in slices of a few MiB so requests in flight progress; they meet in between
 * (each file claimed once, by compare-and-swap). Big files first keeps the two threads finishing
 * together, and the main thread never blocks long on one file.
 */
export async function hashFiles(
  files: readonly ScannedFile[],
  options: {
    multipartThreshold: number;
    partSize: number;
    /** After each file, with the thread that hashed it. */
    onHashed?: (bytes: number, thread: 'main' | 'worker') => void;
    /** Use a worker from this total size (default 8 MiB); Infinity: never. */
    workerMinBytes?: number;
    /** false: the main thread only hashes what the worker could not (tests). */
    mainThread?: boolean;
    /** A worker started earlier (startHashWorker), used or stopped here. */
    worker?: HashWorker;
    /** With a worker, the main thread joins in once this settles. */
    mainThreadAfter?: Promise<unknown>;
  },
): Promise<Map<string, FileHash>> {
  const partSizeOf = (file: ScannedFile): number | undefined =>
    file.size >= options.multipartThreshold ? options.partSize : undefined;
  // Positions in the order of work: biggest first (ties in path order).
  const order = files
    .map((_, index) => index)
    .sort((a, b) => (files[b]?.size ?? 0) - (files[a]?.size ?? 0) || a - b);
  const claimed = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, files.length)));
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const useWorker = totalBytes >= (options.workerMinBytes ?? WORKER_MIN_BYTES);
  if (!useWorker) options.worker?.stop();
  const fromWorker = useWorker
    ? (options.worker ?? startHashWorker()).hash({
        files: order.map((index) => {
          const file = files[index] as ScannedFile;
          const partSize = partSizeOf(file);
          return partSize === undefined
            ? { absolute: file.absolute }
            : { absolute: file.absolute, partSize };
        }),
        claimed,
      })
    : undefined;
  const byIndex = new Map<number, FileHash>();
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  let sinceYield = 0;
  const hashOne = (index: number, file: ScannedFile): void => {
    byIndex.set(index, hashFile(file.absolute, buffer, partSizeOf(file)));
    sinceYield += file.size + 4096;
  };
  if (options.mainThread !== false || fromWorker === undefined) {
    // The main thread's own work first (loading the SDK, which the bucket's reading waits for).
    if (fromWorker !== undefined) await options.mainThreadAfter?.catch(() => undefined);
    for (let position = order.length - 1; position >= 0; position--) {
      if (Atomics.compareExchange(claimed, position, 0, 1) !== 0) {
        if (fromWorker !== undefined) break; // the worker got here from the other end
        continue;
      }
      const index = order[position] as number;
      const file = files[index] as ScannedFile;
      hashOne(index, file);
      options.onHashed?.(file.size, 'main');
      if (sinceYield >= 4 * 1024 * 1024) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
  for (const [position, hash] of (await fromWorker) ?? []) {
    const index = order[position] as number;
    byIndex.set(index, hash);
    options.onHashed?.(files[index]?.size ?? 0, 'worker');
  }
  // Whatever the worker could not do (an unreadable file, a worker that failed to start).
  files.forEach((file, index) => {
    if (byIndex.has(index)) return;
    hashOne(index, file);
    options.onHashed?.(file.size, 'main');
  });
  const hashes = new Map<string, FileHash>();
  files.forEach((file, index) => hashes.set(file.path, byIndex.get(index) as FileHash));
  return hashes;
}

/** A hashing worker thread, started before its job is known (its start-up overlaps the scan). */
export interface HashWorker {
  /** Hands the worker its job; resolves with its results (none if it failed). */
  hash(job: HashJob): Promise<[number, FileHash][]>;
  /** Ends a worker that will get no job. */
  stop(): void;
}

/**
 * Starts a hashing worker: ~80 ms of start-up on its own thread, best begun before the scan.
 * A worker that cannot start hashes nothing (the main thread does it all).
 */
export function startHashWorker(): HashWorker {
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  let worker: InstanceType<typeof Worker> | undefined;
  let results: [number, FileHash][] = [];
  let exited: Promise<void> = Promise.resolve();
  try {
    const started = new Worker(`(${hashWorker.toString()})(${hashFile.toString()})`, {
      eval: true,
    });
    started.on('message', (message: [number, FileHash][]) => (results = message));
    started.on('error', () => undefined);
    exited = new Promise((resolve) => started.on('exit', () => resolve()));
    worker = started;
  } catch {
    worker = undefined;
  }
  return {
    async hash(job) {
      if (worker === undefined) return [];
      try {
        worker.postMessage(job);
      } catch {
        void worker.terminate();
      }
      await exited;
      return results;
    },
    stop() {
      void worker?.terminate();
    },
  };
}
