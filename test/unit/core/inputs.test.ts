import { ConfigurationError } from '../../../src/core/errors';
import {
  assertArn,
  assertRegion,
  environmentInputs,
  InputReader,
  parseDuration,
  quote,
} from '../../../src/core/inputs';
import { captureStdout, type CapturedOutput } from '../../support/capture-stdout';

function reader(values: Record<string, string>): InputReader {
  return new InputReader((name) => values[name]);
}

/** Runs `fn`, expects a ConfigurationError naming `input`, returns it for more checks. */
function rejection(fn: () => unknown, input: string): ConfigurationError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigurationError);
  const error = caught as ConfigurationError;
  expect(error.input).toBe(input);
  expect(error.message.startsWith(`Input '${input}': `)).toBe(true);
  return error;
}

let out: CapturedOutput;
beforeEach(() => {
  out = captureStdout();
});
afterEach(() => out.restore());

describe('environmentInputs', () => {
  it('reads INPUT_<NAME> as the runner sets it (upper case, spaces as _, hyphens kept)', () => {
    process.env['INPUT_AWS-REGION'] = 'eu-west-1';
    process.env.INPUT_MY_INPUT = 'x';
    try {
      expect(environmentInputs('aws-region')).toBe('eu-west-1');
      expect(environmentInputs('my input')).toBe('x');
      expect(new InputReader().required('aws-region')).toBe('eu-west-1');
    } finally {
      delete process.env['INPUT_AWS-REGION'];
      delete process.env.INPUT_MY_INPUT;
    }
  });
});

describe('optional, required, string', () => {
  it('trims, and treats empty or blank as absent', () => {
    const inputs = reader({ a: '  v  ', blank: '   ', empty: '' });
    expect(inputs.optional('a')).toBe('v');
    expect(inputs.optional('blank')).toBeUndefined();
    expect(inputs.optional('empty')).toBeUndefined();
    expect(inputs.optional('absent')).toBeUndefined();
    expect(inputs.string('blank', 'fallback')).toBe('fallback');
    expect(inputs.string('a', 'fallback')).toBe('v');
  });

  it('required rejects a missing or blank value, naming the input', () => {
    const inputs = reader({ blank: ' ' });
    expect(rejection(() => inputs.required('cluster'), 'cluster').message).toMatch(/required/);
    rejection(() => inputs.required('blank'), 'blank');
  });

  it('matching accepts the pattern and explains the expected format otherwise', () => {
    const inputs = reader({ ok: 'abc-1', bad: 'ABC 1' });
    expect(inputs.matching('ok', /^[a-z0-9-]+$/, 'lower-case letters, digits and -')).toBe('abc-1');
    expect(inputs.matching('absent', /^x$/, 'x')).toBeUndefined();
    const error = rejection(
      () => inputs.matching('bad', /^[a-z0-9-]+$/, 'lower-case letters, digits and -'),
      'bad',
    );
    expect(error.message).toContain('lower-case letters, digits and -');
    expect(error.message).toContain('"ABC 1"');
  });
});

describe('boolean', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    [' true ', true],
  ])('%j is %s', (value, expected) => {
    expect(reader({ flag: value }).boolean('flag', !expected)).toBe(expected);
  });

  it('uses the fallback when absent or empty', () => {
    expect(reader({}).boolean('flag', true)).toBe(true);
    expect(reader({ flag: '' }).boolean('flag', false)).toBe(false);
  });

  it.each(['ture', 'yes', 'no', '1', '0', 'on', 'off', 'tRUE', 'false!'])(
    'rejects %j with the input name and the accepted values',
    (value) => {
      const error = rejection(
        () => reader({ 'wait-for-stable': value }).boolean('wait-for-stable', false),
        'wait-for-stable',
      );
      expect(error.message).toContain('expected true or false');
      expect(error.message).toContain(JSON.stringify(value));
    },
  );
});

describe('integer and number', () => {
  it('parses whole numbers within the range', () => {
    const inputs = reader({ n: '7', neg: '-3', big: '20' });
    expect(inputs.integer('n', 1, { min: 1, max: 20 })).toBe(7);
    expect(inputs.integer('neg', 0)).toBe(-3);
    expect(inputs.integer('big', 1, { min: 1, max: 20 })).toBe(20);
    expect(inputs.integer('absent', 5)).toBe(5);
    expect(inputs.integer('absent')).toBeUndefined();
  });

  it.each(['1.5', 'five', '1e3', '0x10', '', '99999999999999999999'].filter((v) => v !== ''))(
    'integer rejects %j, naming the input and the range',
    (value) => {
      const error = rejection(
        () => reader({ 'max-attempts': value }).integer('max-attempts', 5, { min: 1, max: 20 }),
        'max-attempts',
      );
      expect(error.message).toContain('expected a whole number from 1 to 20');
    },
  );

  it.each([
    ['0', 'from 1 to 20'],
    ['21', 'from 1 to 20'],
  ])('integer rejects %j outside the range (%s)', (value, range) => {
    const error = rejection(
      () => reader({ 'max-attempts': value }).integer('max-attempts', 5, { min: 1, max: 20 }),
      'max-attempts',
    );
    expect(error.message).toContain(range);
    expect(error.message).toContain(`got ${value}`);
  });

  it('describes one-sided ranges', () => {
    expect(rejection(() => reader({ n: '0' }).integer('n', 1, { min: 1 }), 'n').message).toContain(
      'of at least 1',
    );
    expect(rejection(() => reader({ n: '11' }).number('n', 1, { max: 10 }), 'n').message).toContain(
      'of at most 10',
    );
  });

  it('number accepts decimals and rejects words', () => {
    const inputs = reader({ ratio: '0.25', dot: '.5', whole: '3', bad: 'half' });
    expect(inputs.number('ratio', 1, { min: 0, max: 1 })).toBe(0.25);
    expect(inputs.number('dot', 1)).toBe(0.5);
    expect(inputs.number('whole', 1)).toBe(3);
    expect(rejection(() => inputs.number('bad', 1), 'bad').message).toContain('expected a number');
    expect(
      rejection(() => reader({ ratio: '1.5' }).number('ratio', 1, { min: 0, max: 1 }), 'ratio')
        .message,
    ).toContain('from 0 to 1');
  });
});

describe('duration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['45', 45_000],
    ['0', 0],
    ['1m500ms', 60_500],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(reader({ timeout: text }).duration('timeout', '1m')).toBe(ms);
  });

  it('uses the fallback when absent', () => {
    expect(reader({}).duration('timeout', '15m')).toBe(900_000);
    expect(reader({}).duration('timeout')).toBeUndefined();
  });

  it.each(['15 m', '15M', '-5s', 'm', 'ms', '1d', 'soon', '1h1h', '1.5m', 's15'])(
    'rejects %j with the input name and examples of the format',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
      const error = rejection(() => reader({ timeout: text }).duration('timeout', '1m'), 'timeout');
      expect(error.message).toContain('90s, 15m');
      expect(error.message).toContain(JSON.stringify(text));
    },
  );

  it('enforces a range, shown as durations', () => {
    const range = { min: 10_000, max: 3_600_000 };
    expect(reader({ timeout: '30m' }).duration('timeout', '1m', range)).toBe(1_800_000);
    const error = rejection(
      () => reader({ timeout: '2h' }).duration('timeout', '1m', range),
      'timeout',
    );
    expect(error.message).toContain('from 10s to 1h');
    rejection(() => reader({ timeout: '5s' }).duration('timeout', '1m', range), 'timeout');
  });
});

describe('oneOf', () => {
  it('accepts only the listed values, case-sensitively', () => {
    const modes = ['standard', 'adaptive'] as const;
    expect(reader({ 'retry-mode': 'adaptive' }).oneOf('retry-mode', modes, 'standard')).toBe(
      'adaptive',
    );
    expect(reader({}).oneOf('retry-mode', modes, 'standard')).toBe('standard');
    expect(reader({}).oneOf('retry-mode', modes)).toBeUndefined();
    const error = rejection(
      () => reader({ 'retry-mode': 'Adaptive' }).oneOf('retry-mode', modes, 'standard'),
      'retry-mode',
    );
    expect(error.message).toContain('expected one of standard, adaptive');
  });
});

describe('list', () => {
  it('splits on newlines and commas, trims, drops empty items and # comments', () => {
    const inputs = reader({ paths: 'a, b\n\n  c  \n# comment\nd,,e' });
    expect(inputs.list('paths')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(inputs.list('absent')).toEqual([]);
  });
});

describe('keyValues', () => {
  it('parses KEY=value lines; values may contain =; comments and blank lines are skipped', () => {
    const map = reader({
      env: 'A=1\n  B = two words \n# note\n\nURL=postgres://h/db?sslmode=require&x=1\nEMPTY=',
    }).keyValues('env');
    expect([...map]).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['URL', 'postgres://h/db?sslmode=require&x=1'],
      ['EMPTY', ''],
    ]);
    expect(reader({}).keyValues('env').size).toBe(0);
  });

  it('rejects a line without a key, naming the input and the expected form', () => {
    const error = rejection(() => reader({ env: 'A=1\njust-a-word' }).keyValues('env'), 'env');
    expect(error.message).toContain('line 2 must look like KEY=value');
    // The line is never echoed: it may be part of a multi-line secret.
    expect(error.message).not.toContain('just-a-word');
    rejection(() => reader({ env: '=value' }).keyValues('env'), 'env');
  });

  it('rejects a duplicate key', () => {
    const error = rejection(() => reader({ env: 'A=1\nA=2' }).keyValues('env'), 'env');
    expect(error.message).toContain('"A" is given twice');
  });

  it('as a secret: masks each value and never echoes a bad line', () => {
    const map = reader({ secrets: 'DB_PASSWORD=s3cr3t-value\nTOKEN=abc=def' }).keyValues(
      'secrets',
      { secret: true },
    );
    expect(map.get('TOKEN')).toBe('abc=def');
    const masked = out.commands('add-mask');
    expect(masked).toContain('s3cr3t-value');
    expect(masked).toContain('abc=def');
    const error = rejection(
      () => reader({ secrets: 'hunter2-no-equals' }).keyValues('secrets', { secret: true }),
      'secrets',
    );
    expect(error.message).not.toContain('hunter2');
  });
});

describe('globs', () => {
  it('accepts patterns and negations', () => {
    expect(
      reader({ files: '**/*.html\n!assets/**\nimg/*.{png,jpg}\n[a-z]*.js' }).globs('files'),
    ).toEqual(['**/*.html', '!assets/**', 'img/*.{png,jpg}', '[a-z]*.js']);
  });

  it('splits on commas outside braces and brackets', () => {
    expect(reader({ files: 'a/*, b/*.{js,css},[a,b]*' }).globs('files')).toEqual([
      'a/*',
      'b/*.{js,css}',
      '[a,b]*',
    ]);
    expect(reader({}).globs('files')).toEqual([]);
  });

  it.each(['!', 'img/*.{png,jpg', 'a]b[', '[a-z*.js', 'x}{'])(
    'rejects %j, naming the input',
    (pattern) => {
      const error = rejection(() => reader({ files: `ok/*\n${pattern}` }).globs('files'), 'files');
      expect(error.message).toContain('is not a valid glob pattern');
    },
  );
});

describe('region', () => {
  it.each([
    'eu-west-1',
    'us-east-1',
    'ap-southeast-5',
    'us-gov-west-1',
    'cn-northwest-1',
    'us-isob-east-1',
    'il-central-1',
    'eusc-de-east-1',
  ])('accepts %s', (region) => {
    expect(reader({ 'aws-region': region }).region('aws-region')).toBe(region);
  });

  it.each(['eu-west-1a', 'EU-WEST-1', 'euwest1', 'eu-west', 'west-1', 'eu_west_1', 'eu-west-1 x'])(
    'rejects %j with an example of a region code',
    (value) => {
      const error = rejection(
        () => reader({ 'aws-region': value }).region('aws-region'),
        'aws-region',
      );
      expect(error.message).toContain('such as eu-west-1');
      rejection(() => assertRegion('aws-region', value), 'aws-region');
    },
  );

  it('uses a fallback, treating an empty one as none', () => {
    expect(reader({}).region('aws-region', 'eu-central-1')).toBe('eu-central-1');
    expect(reader({}).region('aws-region', '')).toBeUndefined();
    expect(reader({}).region('aws-region')).toBeUndefined();
    rejection(() => reader({}).region('aws-region', 'nowhere'), 'aws-region');
  });
});

describe('arn', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/deploy', 'iam'],
    ['arn:aws:iam::aws:policy/AdministratorAccess', 'iam'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf', 'secretsmanager'],
    ['arn:aws:s3:::my-bucket', 's3'],
    ['arn:aws-cn:ecs:cn-north-1:123456789012:cluster/main', 'ecs'],
    ['arn:aws-us-gov:apprunner:us-gov-west-1:123456789012:service/web/abc', 'apprunner'],
  ])('accepts %s', (arn, service) => {
    expect(reader({ role: arn }).arn('role')).toBe(arn);
    expect(reader({ role: arn }).arn('role', service)).toBe(arn);
    expect(reader({ role: arn }).arn('role', [service, 'sts'])).toBe(arn);
  });

  it.each([
    'arn:aws:iam:123456789012:role/x',
    'arn:aws:iam::12345:role/x',
    'role/deploy',
    'arn:azure:iam::123456789012:role/x',
    'arn:aws:iam::123456789012:',
  ])('rejects %j with the expected shape', (value) => {
    const error = rejection(() => reader({ 'role-arn': value }).arn('role-arn'), 'role-arn');
    expect(error.message).toContain('arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE');
  });

  it('rejects an ARN of another service, naming the services accepted', () => {
    const value = 'arn:aws:iam::123456789012:role/x';
    const error = rejection(
      () => reader({ 'secret-arn': value }).arn('secret-arn', ['secretsmanager', 'ssm']),
      'secret-arn',
    );
    expect(error.message).toContain('an ARN of secretsmanager or ssm');
    expect(error.message).toContain('got an ARN of iam');
    rejection(() => assertArn('x', value, 'ecs'), 'x');
    expect(reader({}).arn('absent', 'iam')).toBeUndefined();
  });
});

describe('secret', () => {
  it('masks the value (raw and trimmed) the moment it is read', () => {
    expect(reader({ token: '  tok-123  ' }).secret('token')).toBe('tok-123');
    expect(out.commands('add-mask')).toEqual(expect.arrayContaining(['  tok-123  ', 'tok-123']));
    expect(reader({ token: '' }).secret('token')).toBeUndefined();
    expect(reader({}).secret('token')).toBeUndefined();
  });
});

describe('quote', () => {
  it('quotes and shortens long values', () => {
    expect(quote('a"b')).toBe('"a\\"b"');
    const long = quote('x'.repeat(500));
    expect(long.length).toBeLessThan(90);
    expect(long.endsWith('..."')).toBe(true);
  });
});
