import fc from 'fast-check';
import { InputReader } from '../../../src/core/inputs';
import { readInputs as readInvalidateInputs } from '../../../src/invalidate-cdn/inputs';
import type { SyncInputs } from '../../../src/sync-spa-s3/inputs';
import type { LocalFile } from '../../../src/sync-spa-s3/local-files';
import { urlPaths, type SyncPlan } from '../../../src/sync-spa-s3/plan';
import { reportSync } from '../../../src/sync-spa-s3/report';
import type { SyncResult } from '../../../src/sync-spa-s3/sync';
import { captureStdout, type CapturedOutput } from '../../support/capture-stdout';

/** A file name as a hostile build can hold one: any character but / and NUL, of any script. */
const segment = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 12 })
  .filter((s) => !s.includes('/') && !s.includes('\0') && s !== '.' && s !== '..');
/** Names that the report and invalidation must survive: newlines, commands, *, commas, %. */
const hostileSegment = fc.oneof(
  segment,
  fc.constantFrom(
    'a\n::warning::pwned',
    'x\r\n::add-mask::y',
    '*',
    'a*b.js',
    'q,r.css',
    '100%.txt',
    '%0A',
    'line\u2028sep',
  ),
);
const filePath = fc.array(fc.oneof(segment, hostileSegment), { minLength: 1, maxLength: 4 });

describe('file names from the build', () => {
  let out: CapturedOutput;
  beforeEach(() => {
    out = captureStdout();
  });
  afterEach(() => out.restore());

  it('become URL paths invalidate-cdn accepts and that decode back to the file', () => {
    fc.assert(
      fc.property(filePath, fc.constantFrom('/', '/app/'), (segments, urlBase) => {
        const file = segments.join('/');
        const paths = urlPaths(urlBase, file);
        const read = readInvalidateInputs(
          new InputReader(
            (name) =>
              ({
                'aws-region': 'us-east-1',
                'distribution-id': 'E2QWRUHAPOMQZL',
                'changed-paths': paths.join('\n'),
                'invalidate-hashed': 'true',
                'max-paths': '3000',
              })[name],
          ),
          {},
        );
        expect(read.paths).toEqual([...new Set(paths)]);
        expect(decodeURIComponent(paths[0] ?? '')).toBe(`${urlBase}${file}`);
        for (const p of paths) expect(p.slice(0, -1)).not.toContain('*');
      }),
      { numRuns: 300 },
    );
  });

  it('never start a workflow command or a new line in the dry-run report', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(filePath, { minLength: 1, maxLength: 5 }), async (paths) => {
        out.restore();
        out = captureStdout();
        const files = paths.map(
          (segments) =>
            ({
              path: segments.join('/'),
              absolute: '/dev/null',
              size: 1,
              sha1: '',
              kind: 'asset',
              headers: { cacheControl: 'no-cache', contentType: 'text/plain' },
            }) as unknown as LocalFile,
        );
        const plan: SyncPlan = {
          upload: files,
          updateHeaders: files,
          unchanged: [],
          prune: files.map((f) => `site/${f.path}`),
          unmanaged: 0,
          changedPaths: files.flatMap((f) => urlPaths('/', f.path)),
          etags: new Map(),
          noop: false,
        };
        const inputs = { dryRun: true, bucket: 'site', prefix: 'site/' } as SyncInputs;
        const result = { files, plan, releaseId: 'r1', bytesUploaded: 0 } as SyncResult;
        await reportSync(inputs, result, 10);
        const lines = out.text().split('\n');
        const commands = lines.filter((line) => line.trimStart().startsWith('::'));
        // The only workflow commands (lines starting with ::, leading blanks aside) are the step
        // outputs the report sets.
        for (const line of commands) expect(line).toMatch(/^::set-output name=[a-z-]+::/);
        expect(lines.filter((l) => l.startsWith('  upload '))).toHaveLength(files.length);
      }),
      { numRuns: 100 },
    );
  });
});
