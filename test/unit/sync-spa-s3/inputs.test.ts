import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputReader } from '../../../src/core/inputs';
import { readInputs } from '../../../src/sync-spa-s3/inputs';

describe('sync-spa-s3 inputs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'site-inputs-'));
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

  it('symlinks: refuse by default, skip on request, nothing else', () => {
    expect(read({}).symlinks).toBe('refuse');
    expect(read({ symlinks: 'skip' }).symlinks).toBe('skip');
    expect(() => read({ symlinks: 'follow' })).toThrow(
      /Input 'symlinks': expected one of refuse, skip, got "follow"/,
    );
  });
});
