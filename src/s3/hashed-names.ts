/**
 * A content hash in a file name, as bundlers write them: a segment of 8+ characters from the
 * hash alphabets (hex; base64url, which may hold - and _) after a dot or dash. Words are not
 * hashes, even long ones with digits or capitals: camelCase or PascalCase words (heroImage,
 * SemiBold), a word and a number (report2024, v2024x), a number alone (a date, a version).
 * The name is only a hint: a name already published with other content is not content-hashed,
 * whatever it looks like (sync-spa-s3 checks the content too).
 */
export function looksHashed(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  // Vite/Rollup: NAME-HASH with an 8-character base64url hash that may itself hold - or _.
  const withSeparators = stem.split('.').some((part, index) => {
    const tail = (index === 0 ? /-([A-Za-z0-9_-]{8})$/ : /(?:^|-)([A-Za-z0-9_-]{8})$/).exec(part)?.[1]; // prettier-ignore
    return tail !== undefined && /[-_]/.test(tail) && isSeparatedHash(tail);
  });
  if (withSeparators) return true;
  return stem.split(/[.\-_~]/).some((segment) => segment.length >= 8 && isHashLike(segment));
}

/**
 * Words and numbers run together: camelCase or PascalCase words of 3+ lowercase letters (or
 * acronyms), numbers between them, an optional one-letter prefix (iPhone15Pro, v2024release).
 */
const WORDS = /^[a-z]?\d*(?:(?:[A-Z]?[a-z]{3,}|[A-Z]{2,})\d*)+$/;

/** An 8-character base64url hash holding - or _: letters and digits, no piece a plain word. */
function isSeparatedHash(tail: string): boolean {
  if (!/\d/.test(tail) || !/[A-Za-z]/.test(tail)) return false;
  return tail.split(/[-_]/).every((piece) => !/^[A-Z]?[a-z]{3,}$/.test(piece));
}

/** Random-looking: hex with letters and digits, or mixed alphanumerics that are not words. */
function isHashLike(segment: string): boolean {
  if (!/^[A-Za-z0-9]+$/.test(segment)) return false;
  if (/^\d+$/.test(segment)) return false; // a number, a date
  if (/^[0-9a-f]+$/.test(segment)) return /\d/.test(segment); // hex (webpack, esbuild)
  if (/^[0-9A-F]+$/.test(segment)) return /\d/.test(segment) && /[A-F]/.test(segment);
  if (WORDS.test(segment)) return false;
  const classes = segment.replace(/[a-z]/g, 'a').replace(/[A-Z]/g, 'A').replace(/\d/g, '0');
  const runs = classes.replace(/(.)\1+/g, '$1').length;
  // Random base62/base64url: several changes of character class (Vite's BxK3p9aZ has 8).
  return runs >= 4 || (/\d/.test(segment) && /[a-zA-Z]/.test(segment) && runs >= 3);
}

/** Folders whose contents bundlers name by content (Next.js, SvelteKit). */
export const IMMUTABLE_FOLDERS = ['_next/static/', '_app/immutable/'];

/** Whether a site path never changes content under its name (so never needs invalidating). */
export function isContentHashedPath(path: string): boolean {
  const clean = path.replace(/^\/+/, '');
  return (
    IMMUTABLE_FOLDERS.some((folder) => clean.startsWith(folder) || clean.includes(`/${folder}`)) ||
    looksHashed(clean)
  );
}
