// After ncc: minify the chunks, trim the maps, write licenses.txt.
//
// ncc minifies an action's entry file but leaves the chunks of its dynamic imports as webpack
// wrote them (readable, ~2.3x larger). This pass minifies those chunks with terser, composing
// each chunk's source map with ncc's, then keeps in every map what a stack trace of ours needs:
// the mappings, names and embedded sources of the project's own files. Mappings into
// node_modules are dropped (they were ~3/4 of every map and made each dist folder twice its
// code): a frame inside a dependency keeps its bundle position, and the package and version are
// in the lockfile and licenses.txt.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { minify } from 'terser';

const CHUNK = /^\d+\.index\.js$/;

/**
 * Minifies the chunks in one action's dist folder and trims every map in it. ncc writes map
 * sources relative to a folder one level below the one it ran in; `rebase` ({ from: where ncc
 * ran, root: the repository, to: dist/<name> in the repository }) makes them relative to the
 * map's own folder, as source maps resolve them: `../../src/core/wait.ts`. `to` is the
 * action's place in the repository even when the build writes elsewhere (--out), so every
 * build of the same commit is byte-identical.
 */
export async function finishBundle(dir, rebase) {
  const files = readdirSync(dir);
  for (const file of files.filter((f) => CHUNK.test(f))) {
    const code = readFileSync(path.join(dir, file), 'utf8');
    const mapFile = path.join(dir, `${file}.map`);
    const map = JSON.parse(readFileSync(mapFile, 'utf8'));
    const result = await minify(code, {
      module: true,
      ecma: 2022,
      compress: { passes: 1 },
      mangle: true,
      format: { comments: false },
      sourceMap: { content: map, filename: file, url: `${file}.map` },
    });
    if (result.code === undefined || typeof result.map !== 'string') {
      throw new Error(`terser produced nothing for ${file}`);
    }
    writeFileSync(path.join(dir, file), `${result.code}\n`);
    writeFileSync(mapFile, result.map);
  }
  const packages = new Set();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js.map'))) {
    const mapFile = path.join(dir, file);
    const map = rebaseSources(JSON.parse(readFileSync(mapFile, 'utf8')), rebase);
    for (const source of map.sources) {
      const packageDir = packageDirectory(source, rebase?.to ?? dir);
      if (packageDir !== undefined) packages.add(packageDir);
    }
    writeFileSync(mapFile, JSON.stringify(ownCodeOnly(map)));
  }
  writeLicenses(dir, packages);
}

/** Whether a map source is the project's own file (not a dependency, not webpack's runtime). */
export function isOwnSource(source) {
  return (
    !source.includes('node_modules/') &&
    !source.startsWith('webpack') &&
    !source.includes('/webpack/') &&
    // webpack's names for Node built-ins: `<build folder>/external node-commonjs "node:fs"`
    !source.includes('external ')
  );
}

/** The folder of the package a map source belongs to, or undefined for the project's own. */
export function packageDirectory(source, base) {
  const at = source.lastIndexOf('node_modules/');
  if (at === -1) return undefined;
  const rest = source.slice(at + 'node_modules/'.length).split('/');
  const depth = rest[0]?.startsWith('@') ? 2 : 1;
  return path.resolve(base, source.slice(0, at), 'node_modules', ...rest.slice(0, depth));
}

/**
 * Writes licenses.txt: every package whose code is in the bundle (read from the source maps
 * before they are trimmed), sorted by name, each with its license and license file - the
 * format ncc's --license writes. A license text several packages share word for word (the AWS
 * SDK's Apache-2.0 text, about 11 KB, is in every @aws-sdk and @smithy package) is written once,
 * under the first package that has it; the others name that package. This keeps every bundle's
 * notices complete at a fraction of the size (run-migrations: 261 KB of licenses before).
 */
export function writeLicenses(dir, packageDirs) {
  const entries = new Map();
  for (const packageDir of [...packageDirs].sort()) {
    const manifestFile = path.join(packageDir, 'package.json');
    if (!existsSync(manifestFile)) continue;
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const licenseFile = readdirSync(packageDir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = licenseFile ? readFileSync(path.join(packageDir, licenseFile), 'utf8').trim() : '';
    const entry = { name: manifest.name, license: manifest.license ?? 'UNKNOWN', text };
    entries.set(`${entry.name}\n${entry.license}\n${text}`, entry);
  }
  const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const firstWithText = new Map();
  const blocks = sorted.map(([, { name, license, text }]) => {
    const first = firstWithText.get(text);
    if (text === '' || first === undefined) {
      if (text !== '') firstWithText.set(text, name);
      return `${name}\n${license}\n${text}`;
    }
    return `${name}\n${license}\n(the same license text as ${first}, above)`;
  });
  writeFileSync(path.join(dir, 'licenses.txt'), `${blocks.join('\n\n')}\n`);
}

/**
 * Keeps only the segments that map to the project's own sources, and only the sources and names
 * those segments use (renumbered), with their embedded content.
 */
export function ownCodeOnly(map) {
  const sourceIndex = new Map();
  const nameIndex = new Map();
  const sources = [];
  const sourcesContent = [];
  const names = [];
  const lines = decode(map.mappings).map((segments) =>
    segments.flatMap((segment) => {
      if (segment.length === 1) return [];
      const source = map.sources[segment[1]];
      if (source === undefined || !isOwnSource(source)) return [];
      if (!sourceIndex.has(segment[1])) {
        sourceIndex.set(segment[1], sources.length);
        sources.push(source);
        sourcesContent.push(map.sourcesContent?.[segment[1]] ?? null);
      }
      const kept = [segment[0], sourceIndex.get(segment[1]), segment[2], segment[3]];
      if (segment.length === 5) {
        if (!nameIndex.has(segment[4])) {
          nameIndex.set(segment[4], names.length);
          names.push(map.names[segment[4]]);
        }
        kept.push(nameIndex.get(segment[4]));
      }
      return [kept];
    }),
  );
  return { ...map, sources, sourcesContent, names, mappings: encode(lines) };
}

/**
 * Re-expresses map sources ncc wrote (relative to a folder one level below `rebase.from`) as
 * relative to `rebase.to`. Webpack's own pseudo-files (its runtime, externals) sit inside the
 * build folder; they are placed at the root instead, so no build folder name leaks out.
 */
export function rebaseSources(map, rebase) {
  if (rebase === undefined) return map;
  const base = path.join(rebase.from, 'level');
  return {
    ...map,
    sources: map.sources.map((source) => {
      if (source.startsWith('webpack:') || path.isAbsolute(source)) return source;
      const resolved = path.resolve(base, source);
      const inside = path.relative(rebase.from, resolved);
      const target =
        inside.startsWith('..') || path.isAbsolute(inside)
          ? resolved
          : path.join(rebase.root, inside);
      return path.relative(rebase.to, target);
    }),
  };
}
