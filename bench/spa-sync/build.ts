import { createCipheriv } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Deterministic pseudo-random bytes (AES-CTR keystream): fast, and the same on every run. */
export class Bytes {
  private readonly cipher;
  constructor(seed: string) {
    const key = Buffer.alloc(16);
    key.write(seed);
    this.cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  }
  next(size: number): Buffer {
    return this.cipher.update(Buffer.alloc(size));
  }
  /** A number in [0, 1). */
  random(): number {
    return this.next(4).readUInt32BE() / 2 ** 32;
  }
}

export interface GeneratedBuild {
  files: number;
  bytes: number;
  /** JS chunk paths, for renames. */
  chunks: string[];
}

const KB = 1024;
const MB = 1024 * KB;

/**
 * A build shaped like a real SPA's output: `scale` x (1,200 JS and 300 CSS chunks of 1-200 KB,
 * 400 images of 5-500 KB), a few large media files of 5-20 MB, index.html and friends.
 */
export function generateBuild(dir: string, scale = 1, seed = 'spa-sync-bench'): GeneratedBuild {
  const bytes = new Bytes(seed);
  const hash = (): string => bytes.next(4).toString('hex');
  // Sizes skewed towards the small end, as real chunks are.
  const size = (min: number, max: number): number =>
    Math.round(min + (max - min) * bytes.random() ** 3);
  const out: GeneratedBuild = { files: 0, bytes: 0, chunks: [] };
  const write = (file: string, content: Buffer | string): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
    out.files++;
    out.bytes += Buffer.byteLength(content);
  };
  const text = (n: number): string =>
    bytes
      .next(Math.ceil((n * 3) / 4))
      .toString('base64')
      .slice(0, n);
  for (let i = 0; i < 1200 * scale; i++) {
    const file = `assets/chunk-${i}-${hash()}.js`;
    write(file, `export const c${i}="${text(size(1 * KB, 200 * KB))}";\n`);
    out.chunks.push(file);
  }
  for (let i = 0; i < 300 * scale; i++)
    write(`assets/style-${i}-${hash()}.css`, `.c${i}{content:"${text(size(1 * KB, 200 * KB))}"}\n`);
  for (let i = 0; i < 400 * scale; i++)
    write(
      `assets/img-${i}-${hash()}.${['png', 'jpg', 'webp', 'svg'][i % 4]}`,
      bytes.next(size(5 * KB, 500 * KB)),
    );
  for (const [i, mb] of [5, 7, 10, 20].entries())
    write(`media/video-${i}-${hash()}.mp4`, bytes.next(mb * MB));
  write('index.html', indexHtml(out.chunks.slice(0, 20), 'v1'));
  write('robots.txt', 'User-agent: *\nAllow: /\n');
  write('manifest.webmanifest', JSON.stringify({ name: 'bench', start_url: '/' }));
  write('favicon.ico', bytes.next(4 * KB));
  write('sw.js', 'self.addEventListener("fetch",()=>{});\n');
  return out;
}

export function indexHtml(chunks: readonly string[], version: string): string {
  return `<!doctype html><html><head><title>${version}</title>${chunks.map((c) => `<script type="module" src="/${c}"></script>`).join('')}</head><body><div id="root"></div></body></html>\n`;
}

/** A build of `count` small files (200 B-4 KB: icons, translations, data), index.html included. */
export function generateSmallFiles(
  dir: string,
  count: number,
  seed = 'spa-sync-small',
): GeneratedBuild {
  const bytes = new Bytes(seed);
  const out: GeneratedBuild = { files: 0, bytes: 0, chunks: [] };
  for (let i = 0; i < count - 1; i++) {
    const file = `assets/d${i % 50}/item-${i}-${bytes.next(4).toString('hex')}.json`;
    const content = bytes.next(200 + Math.round(3900 * bytes.random() ** 2)).toString('base64');
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), JSON.stringify({ i, content }));
    out.files++;
    out.bytes += content.length;
    out.chunks.push(file);
  }
  writeFileSync(path.join(dir, 'index.html'), indexHtml([], 'v1'));
  out.files++;
  return out;
}
