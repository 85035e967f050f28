/**
 * A content hash in a file name: a dot/dash/underscore-separated segment of 8+ characters from
 * the hash alphabets bundlers use (hex, base64url) with a digit, or with both cases (Vite).
 */
export function looksHashed(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return stem
    .split(/[.\-_~]/)
    .some(
      (segment) =>
        /^[A-Za-z0-9]{8,}$/.test(segment) &&
        (/\d/.test(segment) ||
          (/[a-z]/.test(segment) &&
            /[A-Z]/.test(segment) &&
            !/^[A-Z][a-z]+([A-Z][a-z]+)*$/.test(segment))),
    );
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
