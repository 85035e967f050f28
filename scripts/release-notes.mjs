// Prints the CHANGELOG.md section of one version (the release notes of its GitHub Release), and
// fails when there is none: a release is not cut without its entry.
//
//   node scripts/release-notes.mjs v1.2.3     (or 1.2.3)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './action-list.mjs';

/**
 * The body of the `## <version>` section of a changelog (heading excluded), trimmed; undefined
 * when the changelog has no such section. The heading may carry a date: `## 1.2.3 - 2026-12-04`.
 *
 * @param {string} changelog
 * @param {string} version
 * @returns {string | undefined}
 */
export function releaseNotes(changelog, version) {
  const bare = version.replace(/^v/, '');
  const lines = changelog.split('\n');
  const heading = new RegExp(`^## \\[?${bare.replace(/\./g, '\\.')}\\]?(\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) return undefined;
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  const body = lines
    .slice(start + 1, end === -1 ? undefined : end)
    .join('\n')
    .trim();
  return body === '' ? undefined : body;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const version = process.argv[2];
  if (version === undefined) {
    console.error('usage: node scripts/release-notes.mjs vX.Y.Z');
    process.exit(2);
  }
  const notes = releaseNotes(readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'), version);
  if (notes === undefined) {
    console.error(`CHANGELOG.md has no "## ${version.replace(/^v/, '')}" section: add one`);
    process.exit(1);
  }
  console.log(notes);
}
