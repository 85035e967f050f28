// Types for scripts/finish-bundle.mjs (used by its tests).
export interface SourceMap {
  version?: number;
  file?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}
export interface Rebase {
  /** The folder ncc ran in. */
  from: string;
  /** The repository root. */
  root: string;
  /** The action's dist folder in the repository (where the maps' sources are relative to). */
  to: string;
}
export function finishBundle(dir: string, rebase?: Rebase): Promise<void>;
export function isOwnSource(source: string): boolean;
export function packageDirectory(source: string, base: string): string | undefined;
export function writeLicenses(dir: string, packageDirs: Set<string>): void;
export function ownCodeOnly<T extends SourceMap>(map: T): T;
export function rebaseSources<T extends { sources: string[] }>(map: T, rebase?: Rebase): T;
