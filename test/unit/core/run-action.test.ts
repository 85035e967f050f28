import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../../src/core/errors';
import { runAction, type ActionContext } from '../../../src/core/run-action';
import { captureStdout, type CapturedOutput } from '../../support/capture-stdout';

// The summary file is resolved once per module load by @actions/core, so the whole file shares
// one and truncates it before each test.
const dir = mkdtempSync(path.join(os.tmpdir(), 'run-action-test-'));
const summaryFile = path.join(dir, 'summary.md');
process.env.GITHUB_STEP_SUMMARY = summaryFile;

let out: CapturedOutput;
beforeEach(() => {
  writeFileSync(summaryFile, '');
  out = captureStdout();
});
afterEach(() => {
  out.restore();
  // core.setFailed sets process.exitCode; it must not fail the test run itself.
  process.exitCode = undefined;
});
afterAll(() => {
  delete process.env.GITHUB_STEP_SUMMARY;
  rmSync(dir, { recursive: true, force: true });
});

const summary = (): string => readFileSync(summaryFile, 'utf8');

describe('runAction', () => {
  it('a successful run sets no failure and writes no failure summary', async () => {
    let received: ActionContext | undefined;
    await runAction('deploy-ecs', (context) => {
      received = context;
      return Promise.resolve();
    });
    expect(received?.signal.aborted).toBe(false);
    expect(process.exitCode).toBeUndefined();
    expect(out.commands('error')).toEqual([]);
    expect(summary()).toBe('');
  });

  it('an Error fails the step with the action name in front, and writes a failure summary', async () => {
    await runAction('deploy-ecs', () => Promise.reject(new Error('service <web> rolled back')));
    expect(process.exitCode).toBe(1);
    expect(out.commands('error')).toEqual(['deploy-ecs: service <web> rolled back']);
    expect(summary()).toContain('<h3>deploy-ecs failed</h3>');
    expect(summary()).toContain('<p>deploy-ecs: service &lt;web&gt; rolled back</p>');
    expect(summary()).toContain('<td>Kind</td><td>failure</td>');
    expect(summary()).toMatch(/<td>After<\/td><td>\d+ms<\/td>/);
  });

  it('logs the stack trace only at debug level', async () => {
    await runAction('x', () => Promise.reject(new Error('boom')));
    expect(out.commands('debug').join('\n')).toContain('Error: boom\n    at ');
    expect(out.commands('error')).toEqual(['x: boom']);
  });

  it('a ConfigurationError says which input, and is reported as a configuration error', async () => {
    await runAction('sync-spa-s3', () =>
      Promise.reject(new ConfigurationError('expected true or false, got "ture"', 'delete')),
    );
    expect(out.commands('error')).toEqual([
      `sync-spa-s3: Input 'delete': expected true or false, got "ture"`,
    ]);
    expect(summary()).toContain('<td>Kind</td><td>configuration error</td>');
  });

  it('a synchronous throw inside run() is caught too', async () => {
    await runAction('x', () => {
      throw new Error('thrown before any await');
    });
    expect(out.commands('error')).toEqual(['x: thrown before any await']);
    expect(process.exitCode).toBe(1);
  });

  it.each([
    ['a string', 'plain string failure', 'x: plain string failure'],
    ['an object', { code: 42, reason: 'odd' }, 'x: {"code":42,"reason":"odd"}'],
    ['undefined', undefined, 'x: undefined'],
    ['null', null, 'x: null'],
    ['a number', 7, 'x: 7'],
    ['an Error without a message', new Error(''), 'x: Error'],
    [
      'an AggregateError from a refused connection',
      new AggregateError([
        Object.assign(new Error('connect ECONNREFUSED ::1:80'), { code: 'ECONNREFUSED' }),
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:80'), { code: 'ECONNREFUSED' }),
      ]),
      'x: connect ECONNREFUSED ::1:80; connect ECONNREFUSED 127.0.0.1:80',
    ],
  ])('%s thrown still fails the step with the name prefix', async (_label, thrown, message) => {
    await runAction('x', () => Promise.reject(thrown));
    expect(process.exitCode).toBe(1);
    expect(out.commands('error')).toEqual([message]);
    expect(summary()).toContain('<h3>x failed</h3>');
  });

  it('still fails the step when the summary cannot be written', async () => {
    // A directory where the summary file should be: appending to it fails with EISDIR.
    rmSync(summaryFile);
    mkdirSync(summaryFile);
    try {
      await runAction('x', () => Promise.reject(new Error('boom')));
    } finally {
      rmSync(summaryFile, { recursive: true });
    }
    expect(out.commands('error')).toEqual(['x: boom']);
    expect(out.commands('debug').join('\n')).toContain('could not write the failure summary');
    expect(process.exitCode).toBe(1);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s aborts the signal run() receives, and the listeners are removed afterwards',
    async (signal) => {
      const before = process.listenerCount(signal);
      await runAction('verify-health', async ({ signal: abort }) => {
        expect(process.listenerCount(signal)).toBe(before + 1);
        process.emit(signal, signal);
        expect(abort.aborted).toBe(true);
        expect((abort.reason as Error).message).toBe(`cancelled by ${signal}`);
        await Promise.resolve();
        throw abort.reason;
      });
      expect(process.listenerCount(signal)).toBe(before);
      expect(out.commands('warning')).toEqual([`verify-health: received ${signal}, stopping`]);
      expect(out.commands('error')).toEqual([`verify-health: cancelled by ${signal}`]);
    },
  );
});
