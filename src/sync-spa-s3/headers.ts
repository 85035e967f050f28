import mime from 'mime';
import picomatch from 'picomatch';
import { looksHashed } from '../s3/hashed-names';
import type { GlobRule } from './inputs';

/** How a file is published: entry files last and never cached, hashed assets cached for a year. */
export type FileKind = 'entry' | 'hashed' | 'other';

export interface ObjectHeaders {
  contentType: string;
  cacheControl: string;
  contentEncoding?: string;
}

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_ENTRY = 'no-cache';
export const CACHE_OTHER = 'public, max-age=300';

/** Files a browser or crawler requests by a fixed name: they must always be fresh. */
const DEFAULT_ENTRY_GLOBS = [
  '**/*.html',
  '**/*.htm',
  '**/manifest.json',
  '**/manifest.webmanifest',
  '**/site.webmanifest',
  '**/asset-manifest.json',
  '**/service-worker.js',
  '**/sw.js',
  '**/robots.txt',
  '**/sitemap.xml',
  '**/ngsw.json',
];
/** Folders whose contents bundlers name by content hash. */
const DEFAULT_HASHED_GLOBS = ['_next/static/**', '_app/immutable/**'];

const TEXT_TYPES =
  /^(text\/|application\/(javascript|json|xml|manifest\+json|ld\+json)|image\/svg\+xml)/;

const matcher = (globs: readonly string[]): ((path: string) => boolean) =>
  globs.length === 0 ? () => false : picomatch([...globs], { dot: true });

export interface HeaderRules {
  entry: string[];
  hashed: string[];
  cacheControl: GlobRule[];
  contentType: GlobRule[];
  precompressed: boolean;
}

/** Decides kind and headers for every file of the build from its path alone. */
export class Classifier {
  private readonly isEntry: (p: string) => boolean;
  private readonly isHashed: (p: string) => boolean;
  private readonly cacheRules: { match: (p: string) => boolean; value: string }[];
  private readonly typeRules: { match: (p: string) => boolean; value: string }[];

  constructor(private readonly rules: HeaderRules) {
    this.isEntry = matcher([...DEFAULT_ENTRY_GLOBS, ...rules.entry]);
    this.isHashed = matcher([...DEFAULT_HASHED_GLOBS, ...rules.hashed]);
    this.cacheRules = rules.cacheControl.map((r) => ({ match: matcher([r.glob]), value: r.value }));
    this.typeRules = rules.contentType.map((r) => ({ match: matcher([r.glob]), value: r.value }));
  }

  /** The file a precompressed sibling (`app.js.br`) stands for, when precompressed is on. */
  compressedOriginal(
    file: string,
    all: ReadonlySet<string>,
  ): { original: string; encoding: string } | undefined {
    if (!this.rules.precompressed) return undefined;
    const match = /^(.*)\.(br|gz)$/.exec(file);
    if (match === null || !all.has(match[1] ?? '')) return undefined;
    return { original: match[1] ?? '', encoding: match[2] === 'br' ? 'br' : 'gzip' };
  }

  kind(file: string): FileKind {
    if (this.isEntry(file)) return 'entry';
    if (this.isHashed(file) || looksHashed(file)) return 'hashed';
    return 'other';
  }

  headers(file: string, all: ReadonlySet<string>): { kind: FileKind; headers: ObjectHeaders } {
    const sibling = this.compressedOriginal(file, all);
    const subject = sibling?.original ?? file;
    const kind = this.kind(subject);
    const cacheControl =
      this.cacheRules.find((r) => r.match(file))?.value ??
      (kind === 'entry' ? CACHE_ENTRY : kind === 'hashed' ? CACHE_IMMUTABLE : CACHE_OTHER);
    const headers: ObjectHeaders = { contentType: this.contentType(file, subject), cacheControl };
    if (sibling !== undefined) headers.contentEncoding = sibling.encoding;
    return { kind, headers };
  }

  /**
   * Headers for a file whose name has no known type (no extension), decided by its first bytes:
   * an HTML page (then an entry file), JSON, UTF-8 text, else application/octet-stream. A
   * content-type or cache-control rule still wins.
   */
  headersByContent(
    file: string,
    all: ReadonlySet<string>,
    readHead: () => Buffer,
  ): { kind: FileKind; headers: ObjectHeaders } {
    const named = this.headers(file, all);
    const untyped =
      named.headers.contentType === 'application/octet-stream' &&
      !this.typeRules.some((r) => r.match(file)) &&
      !/\.[^/.]+$/.test(file.slice(file.lastIndexOf('/') + 1));
    if (!untyped) return named;
    const type = sniffType(readHead());
    if (type === undefined) return named;
    const kind: FileKind = type.startsWith('text/html') ? 'entry' : named.kind;
    const cacheControl =
      this.cacheRules.find((r) => r.match(file))?.value ??
      (kind === 'entry' ? CACHE_ENTRY : named.headers.cacheControl);
    return { kind, headers: { ...named.headers, contentType: type, cacheControl } };
  }

  private contentType(file: string, subject: string): string {
    const ruled = this.typeRules.find((r) => r.match(file))?.value;
    if (ruled !== undefined) return ruled;
    const type = mime.getType(subject) ?? wellKnownType(subject) ?? 'application/octet-stream';
    // One string per type, not one per file (a build holds thousands of files, a dozen types).
    let value = this.types.get(type);
    if (value === undefined) {
      value = TEXT_TYPES.test(type) ? `${type}; charset=utf-8` : type;
      this.types.set(type, value);
    }
    return value;
  }

  private readonly types = new Map<string, string>();
}

/**
 * Extensionless files under .well-known/ whose type their specification sets: Apple's app site
 * association and OpenID/OAuth discovery documents are JSON.
 */
function wellKnownType(file: string): string | undefined {
  const match = /(?:^|\/)\.well-known\/([^/]+)$/.exec(file);
  if (match === null) return undefined;
  const name = match[1] ?? '';
  if (
    /^(apple-app-site-association|apple-developer-merchantid-domain-association|openid-configuration|oauth-authorization-server|assetlinks|nodeinfo|webfinger|jwks)$/.test(
      name,
    )
  ) {
    return 'application/json';
  }
  return name.includes('.') ? undefined : 'text/plain';
}

/** The type of a file by its first bytes, when they tell: HTML, JSON, or UTF-8 text. */
export function sniffType(head: Buffer): string | undefined {
  if (head.length === 0 || head.includes(0)) return undefined;
  const text = head.toString('utf8');
  if (text.includes('\uFFFD')) return undefined; // not UTF-8 (or cut in a character: rare)
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (/^<(!doctype html|html[\s>]|head[\s>]|body[\s>])/i.test(start))
    return 'text/html; charset=utf-8';
  if (/^[{[]/.test(start)) return 'application/json; charset=utf-8';
  return 'text/plain; charset=utf-8';
}

export function sameHeaders(a: ObjectHeaders, b: Partial<ObjectHeaders>): boolean {
  return (
    a.contentType === b.contentType &&
    a.cacheControl === b.cacheControl &&
    (a.contentEncoding ?? '') === (b.contentEncoding ?? '')
  );
}

/**
 * A name that looks content-hashed but was published before with other content is not
 * content-hashed: a year of immutable caching would keep the old content at the edge. Such files
 * become mutable (short cache, unless a cache-control rule says otherwise); their paths are
 * returned so they are invalidated and reported.
 */
export function demoteRepublished<
  F extends { path: string; sha1: string; kind: FileKind; headers: ObjectHeaders },
>(
  files: readonly F[],
  published: readonly { manifest: { files: Record<string, { sha1: string } | undefined> } }[],
): { files: F[]; demoted: string[] } {
  const demoted: string[] = [];
  const result = files.map((file) => {
    if (file.kind !== 'hashed') return file;
    const other = published.some((release) => {
      const entry = release.manifest.files[file.path];
      return entry !== undefined && entry.sha1 !== file.sha1;
    });
    if (!other) return file;
    demoted.push(file.path);
    const cacheControl =
      file.headers.cacheControl === CACHE_IMMUTABLE ? CACHE_OTHER : file.headers.cacheControl;
    return { ...file, kind: 'other' as const, headers: { ...file.headers, cacheControl } };
  });
  return { files: result, demoted };
}
