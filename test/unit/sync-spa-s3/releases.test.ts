import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../src/core/errors';
import { InputReader } from '../../../src/core/inputs';
import { readInputs } from '../../../src/sync-spa-s3/inputs';
import { expiredReleases, newReleaseRef, type ReleaseRef } from '../../../src/sync-spa-s3/releases';

// release-history: how many release manifests (and their snapshots) stay under .releases/.

const DAY = 24 * 3600 * 1000;
const now = Date.UTC(2026, 10, 22, 12);
/** Releases one day apart, newest first: r9 (yesterday) ... r0 (ten days ago). */
const refs: ReleaseRef[] = Array.from({ length: 10 }, (_, i) =>
  newReleaseRef('', `r${9 - i}`, new Date(now - (i + 1) * DAY)),
);
const ids = (list: ReleaseRef[]): string[] => list.map((r) => r.releaseId);

describe('expiredReleases', () => {
  it('keeps the newest `history` releases, counting a new one being published', () => {
    const base = { now, protect: new Set<string>() };
    expect(ids(expiredReleases(refs, { ...base, history: 3, publishingNew: true }))).toEqual([
      'r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1', 'r0',
    ]); // prettier-ignore
    expect(ids(expiredReleases(refs, { ...base, history: 3, publishingNew: false }))).toEqual([
      'r6', 'r5', 'r4', 'r3', 'r2', 'r1', 'r0',
    ]); // prettier-ignore
    expect(expiredReleases(refs, { ...base, history: 30, publishingNew: true })).toEqual([]);
  });

  it('never deletes a release younger than keep-for, nor a protected one', () => {
    const expired = expiredReleases(refs, {
      history: 2,
      publishingNew: true,
      keepForMs: 5.5 * DAY,
      now,
      protect: new Set([refs[8]?.key ?? '']),
    });
    // r9..r5 are younger than 5.5 days; r1 is protected (e.g. the live release).
    expect(ids(expired)).toEqual(['r4', 'r3', 'r2', 'r0']);
  });
});

describe('the release-history input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'site-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = (extra: Record<string, string>) =>
    readInputs(
      new InputReader(
        (name) => ({ directory: dir, bucket: 'site', 'aws-region': 'eu-west-1', ...extra })[name],
      ),
      { GITHUB_RUN_ID: '1' },
    );

  it('defaults to 30', () => {
    expect(read({}).releaseHistory).toBe(30);
  });

  it('must cover keep-releases, and is a whole number', () => {
    expect(() => read({ 'keep-releases': '5', 'release-history': '3' })).toThrow(
      ConfigurationError,
    );
    expect(() => read({ 'keep-releases': '5', 'release-history': '3' })).toThrow(
      /release-history \(3\) must be at least keep-releases \(5\)/,
    );
    expect(() => read({ 'release-history': 'lots' })).toThrow(/release-history/);
    expect(read({ 'keep-releases': '5', 'release-history': '5' }).releaseHistory).toBe(5);
  });
});
