// Types for scripts/release-notes.mjs (used by its tests).
export function releaseNotes(changelog: string, version: string): string | undefined;
