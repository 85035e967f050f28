import { ConfigurationError } from '../core/errors';
import { quote } from '../core/inputs';
import { isContentHashedPath } from '../s3/hashed-names';

/** CloudFront's in-progress limits per distribution. */
export const MAX_FILE_PATHS = 3000;
export const MAX_WILDCARD_PATHS = 15;

/** Checks and normalises an invalidation path: leading slash, `*` only at the end. */
export function normalizePath(raw: string, input: string): string {
  const path = raw.startsWith('/') ? raw : `/${raw}`;
  if (path.slice(0, -1).includes('*')) {
    throw new ConfigurationError(
      `${quote(raw)}: CloudFront accepts * only as the last character of a path`,
      input,
    );
  }
  if (/\s/.test(path))
    throw new ConfigurationError(`${quote(raw)} contains whitespace; URL-encode it`, input);
  return path;
}

/** Paths that need invalidating: hashed assets never do (a new build gives them new names). */
export function needsInvalidation(path: string): boolean {
  return path.endsWith('*') || !isContentHashedPath(decodeURIComponent(path));
}

export interface CollapseOptions {
  /** At most this many paths in the batch (each file path is charged past 1,000 a month). */
  maxPaths: number;
  /** At most this many wildcard paths (CloudFront allows 15 in progress). */
  maxWildcards: number;
}

/**
 * Shrinks a list of paths to at most `maxPaths` entries by replacing the folders with the most
 * paths by `folder/*`, deepest folders first, falling back to `/*`. Paths already covered by a
 * wildcard are dropped. The result covers every input path.
 */
export function collapsePaths(input: readonly string[], options: CollapseOptions): string[] {
  let paths = dedupe(input);
  if (paths.includes('/*')) return ['/*'];
  while (paths.length > options.maxPaths) {
    const wildcards = paths.filter((p) => p.endsWith('*')).length;
    const best = bestFolder(paths);
    if (best === undefined || wildcards >= options.maxWildcards) return ['/*'];
    paths = dedupe([...paths, `${best}*`]);
  }
  if (paths.filter((p) => p.endsWith('*')).length > options.maxWildcards) return ['/*'];
  return paths;
}

function dedupe(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)];
  const prefixes = unique.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return unique
    .filter((p) => !prefixes.some((prefix) => p !== `${prefix}*` && p.startsWith(prefix)))
    .sort();
}

/** The folder below the root holding the most paths (ties: the deepest), if one holds two. */
function bestFolder(paths: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let depth = 2; depth < parts.length; depth++) {
      const folder = `${parts.slice(0, depth).join('/')}/`;
      if (folder === path) continue;
      counts.set(folder, (counts.get(folder) ?? 0) + 1);
    }
  }
  let best: string | undefined;
  let saved = 1;
  for (const [folder, count] of counts) {
    if (count > saved || (count === saved && best !== undefined && folder.length > best.length)) {
      best = folder;
      saved = count;
    }
  }
  return best;
}
