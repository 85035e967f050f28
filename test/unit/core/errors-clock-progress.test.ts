import { formatDuration, type Clock } from '../../../src/core/clock';
import {
  CancelledError,
  ConfigurationError,
  DeploymentFailedError,
  describeError,
  isConfigurationError,
  WaitTimeoutError,
} from '../../../src/core/errors';
import { formatBytes, ProgressReporter } from '../../../src/core/progress';

describe('errors', () => {
  it('ConfigurationError names the input in its message and carries it', () => {
    const error = new ConfigurationError('expected one of a, b, got "c"', 'mode');
    expect(error.message).toBe(`Input 'mode': expected one of a, b, got "c"`);
    expect(error.input).toBe('mode');
    expect(error.name).toBe('ConfigurationError');
    expect(isConfigurationError(error)).toBe(true);
    expect(isConfigurationError(new Error('x'))).toBe(false);
    expect(new ConfigurationError('no credentials').message).toBe('no credentials');
  });

  it('each error class has its own name', () => {
    expect(new DeploymentFailedError('x').name).toBe('DeploymentFailedError');
    expect(new CancelledError('x').name).toBe('CancelledError');
    const timeout = new WaitTimeoutError('x', 'PENDING');
    expect([timeout.name, timeout.lastState]).toEqual(['WaitTimeoutError', 'PENDING']);
  });

  it('describeError reads anything thrown', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(Object.assign(new Error(''), { code: 'ECONNRESET' }))).toBe(
      'Error ECONNRESET',
    );
    expect(describeError(new TypeError(''))).toBe('TypeError');
    expect(describeError('text')).toBe('text');
    expect(describeError({ a: 1 })).toBe('{"a":1}');
    expect(describeError(undefined)).toBe('undefined');
    expect(describeError(Symbol('s'))).toBe('Symbol(s)');
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(describeError(cyclic)).toBe('[object Object]');
    expect(describeError(new AggregateError([new Error('a'), new Error('a')], 'all failed'))).toBe(
      'all failed: a',
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [999.4, '999ms'],
    [999.6, '1.0s'],
    [12_340, '12.3s'],
    [59_940, '59.9s'],
    [59_960, '1m 00s'],
    [245_000, '4m 05s'],
    [3_599_400, '59m 59s'],
    [3_600_000, '1h 00m'],
    [7_380_000, '2h 03m'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('ProgressReporter', () => {
  it('prints a line per interval with items, bytes, rate and elapsed time', () => {
    let now = 0;
    const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };
    const lines: string[] = [];
    const progress = new ProgressReporter({
      label: 'upload',
      totalItems: 10,
      totalBytes: 10 * 1024 * 1024,
      intervalMs: 5000,
      clock,
      log: (line) => lines.push(line),
    });
    now = 1000;
    progress.advance(2, 2 * 1024 * 1024);
    expect(lines).toEqual([]);
    now = 5000;
    progress.advance(3, 3 * 1024 * 1024);
    now = 8000;
    progress.advance(5, 5 * 1024 * 1024);
    progress.finish();
    expect(lines).toEqual([
      'upload: 5/10, 5.0 MB/10.0 MB, 1.0 MB/s, 5.0s elapsed',
      'upload: 10/10, 10.0 MB/10.0 MB, 1.3 MB/s, 8.0s elapsed',
    ]);
  });

  it('formatBytes', () => {
    expect([0, 1023, 1536, 5 * 1024 * 1024, 3 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.5 KB',
      '5.0 MB',
      '3.00 GB',
    ]);
  });
});
