import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
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

/** Lists the build's files (following no directory symlinks), minus the excluded globs. */
export async function scanDirectory(
  root: string,
  exclude: readonly string[],
): Promise<ScannedFile[]> {
  const excluded = exclude.length === 0 ? () => false : picomatch([...exclude], { dot: true });
  const files: ScannedFile[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
        const absolute = path.join(dir, entry.name);
        if (excluded(relPath) || entry.name === '.git') return;
        if (entry.isDirectory()) return walk(absolute, relPath);
        const info = entry.isSymbolicLink()
          ? await stat(absolute).catch(() => undefined)
          : undefined;
        if (entry.isFile() || info?.isFile() === true) {
          files.push({ path: relPath, absolute, size: info?.size ?? (await stat(absolute)).size });
        }
        return undefined;
      }),
    );
  };
  await walk(root, '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
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
 */
export function hashFile(
  file: string,
  buffer: Buffer,
  partSize?: number,
): { sha1: string; parts?: string[] } {
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

/** Hashes every file, yielding to the event loop every few MiB so requests in flight progress. */
export async function hashFiles(
  files: readonly ScannedFile[],
  options: { multipartThreshold: number; partSize: number; onHashed?: (bytes: number) => void },
): Promise<Map<string, { sha1: string; parts?: string[] }>> {
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const hashes = new Map<string, { sha1: string; parts?: string[] }>();
  let sinceYield = 0;
  for (const file of files) {
    const multipart = file.size >= options.multipartThreshold;
    hashes.set(
      file.path,
      hashFile(file.absolute, buffer, multipart ? options.partSize : undefined),
    );
    options.onHashed?.(file.size);
    sinceYield += file.size + 4096;
    if (sinceYield >= 8 * 1024 * 1024) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return hashes;
}
