import { ConfigurationError } from '../../../src/core/errors';
import { InputReader } from '../../../src/core/inputs';
import { readInputs } from '../../../src/run-migrations/inputs';
import { captureStdout, type CapturedOutput } from '../../support/capture-stdout';

const readRaw = (values: Record<string, string>) =>
  readInputs(new InputReader((name) => values[name]));
const read = (values: Record<string, string>) =>
  readInputs(new InputReader((name) => ({ 'aws-region': 'eu-west-1', ...values })[name]));
const inputError = (values: Record<string, string>, input: string): string => {
  let caught: unknown;
  try {
    read(values);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigurationError);
  expect((caught as ConfigurationError).input).toBe(input);
  return (caught as Error).message;
};

describe('run-migrations inputs', () => {
  let out: CapturedOutput;
  beforeEach(() => {
    out = captureStdout();
  });
  afterEach(() => out.restore());

  it('defaults to the built-in runner over ./migrations with a 10 minute lock wait', () => {
    const inputs = read({ 'database-url': 'postgres://u:p@h/d' });
    expect(inputs.mode).toMatchObject({ kind: 'sql', dryRun: false, table: 'schema_history' });
    expect(inputs.mode.kind === 'sql' && inputs.mode.folder.endsWith('/migrations')).toBe(true);
    expect(inputs.lockTimeoutMs).toBe(600_000);
    expect(inputs.connection?.source).toEqual({
      kind: 'url',
      url: 'postgres://u:p@h/d',
      input: 'database-url',
    });
    expect(out.commands('add-mask')).toContain('postgres://u:p@h/d');
  });

  it('needs exactly one connection source', () => {
    expect(inputError({}, 'database-url')).toMatch(/set one of database-url/);
    expect(
      inputError(
        { 'database-url': 'postgres://u:p@h/d', 'database-secret-id': 'x' },
        'database-secret-id',
      ),
    ).toMatch(/only one connection source/);
  });

  it('reads command mode with the variables the user names, and refuses runner-only inputs with it', () => {
    const inputs = read({
      'database-secret-id': 'db',
      command: 'alembic upgrade head',
      'command-env': 'SQLALCHEMY_URL=url\nPGPASSWORD=password',
    });
    expect(inputs.mode).toMatchObject({
      kind: 'command',
      command: 'alembic upgrade head',
      env: [
        ['SQLALCHEMY_URL', 'url'],
        ['PGPASSWORD', 'password'],
      ],
    });
    expect(read({ 'database-secret-id': 'db', command: 'x' }).mode).toMatchObject({
      env: [['DATABASE_URL', 'url']],
    });
    expect(
      inputError(
        { 'database-secret-id': 'db', command: 'x', 'command-env': 'URL=uri' },
        'command-env',
      ),
    ).toMatch(/expected one of url, host/);
    expect(inputError({ 'database-secret-id': 'db', command: 'x', target: '3' }, 'target')).toMatch(
      /built-in SQL runner only/,
    );
    expect(
      inputError({ 'database-secret-id': 'db', command: 'x', 'dry-run': 'true' }, 'dry-run'),
    ).toMatch(/built-in SQL runner only/);
  });

  it('checks versions, table names, engines, durations and secret-keys parts', () => {
    expect(read({ 'database-secret-id': 'db', target: 'V2_1' }).mode).toMatchObject({
      target: [2, 1],
    });
    expect(inputError({ 'database-secret-id': 'db', target: 'two' }, 'target')).toMatch(
      /expected a version such as 3/,
    );
    expect(
      inputError({ 'database-secret-id': 'db', 'history-table': 'x; drop' }, 'history-table'),
    ).toMatch(/expected a table name/);
    expect(inputError({ 'database-secret-id': 'db', engine: 'oracle' }, 'engine')).toMatch(
      /expected postgres or mysql/,
    );
    expect(
      inputError({ 'database-secret-id': 'db', 'lock-timeout': 'soon' }, 'lock-timeout'),
    ).toMatch(/duration/);
    expect(
      inputError({ 'database-secret-id': 'db', 'secret-keys': 'pwd=pass' }, 'secret-keys'),
    ).toMatch(/unknown part "pwd"/);
    expect(inputError({ 'database-secret-id': 'db', 'dry-run': 'ture' }, 'dry-run')).toMatch(
      /true or false/,
    );
  });

  it('needs no AWS region for a database-url on the runner, but does for secrets and ECS', () => {
    const saved = { region: process.env.AWS_REGION, fallback: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      expect(readRaw({ 'database-url': 'postgres://u:p@h/d' }).connection?.source.kind).toBe('url');
      expect(() => readRaw({ 'database-secret-id': 'db' })).toThrow(/Input 'aws-region'/);
      expect(() => readRaw({ 'database-url': 'postgres://u:p@h/d', 'max-attempts': '0' })).toThrow(
        /Input 'max-attempts'/,
      );
    } finally {
      if (saved.region !== undefined) process.env.AWS_REGION = saved.region;
      if (saved.fallback !== undefined) process.env.AWS_DEFAULT_REGION = saved.fallback;
    }
  });

  it('reads run-on: ecs-task: command in exec or shell form, no connection inputs', () => {
    const base = {
      'run-on': 'ecs-task',
      'ecs-cluster': 'prod',
      'ecs-container': 'app',
      'ecs-service': 'web',
    };
    const shell = read({ ...base, command: 'alembic upgrade head' });
    expect(shell.connection).toBeUndefined();
    expect(shell.ecsTask).toMatchObject({
      cluster: 'prod',
      service: 'web',
      command: ['sh', '-c', 'alembic upgrade head'],
      subnets: [],
    });
    expect(read({ ...base, command: '["./efbundle", "--verbose"]' }).ecsTask?.command).toEqual([
      './efbundle',
      '--verbose',
    ]);
    expect(
      read({ ...base, command: 'x', 'ecs-subnets': 'subnet-a, subnet-b' }).ecsTask,
    ).toMatchObject({
      subnets: ['subnet-a', 'subnet-b'],
      assignPublicIp: 'DISABLED',
    });
    expect(inputError({ ...base }, 'command')).toMatch(/runs your image's migration tool/);
    expect(inputError({ ...base, command: '["a", 1]' }, 'command')).toMatch(
      /JSON array of strings/,
    );
    expect(
      inputError({ ...base, command: 'x', 'database-secret-id': 'db' }, 'database-secret-id'),
    ).toMatch(/task definition's secrets/);
    expect(
      inputError(
        { 'run-on': 'ecs-task', 'ecs-cluster': 'prod', 'ecs-container': 'app', command: 'x' },
        'ecs-task-definition',
      ),
    ).toMatch(/needs ecs-task-definition/);
    expect(inputError({ ...base, command: 'x', 'command-env': 'A=url' }, 'command-env')).toMatch(
      /not used with run-on: ecs-task/,
    );
    expect(inputError({ ...base, 'run-on': 'vpc' }, 'run-on')).toMatch(
      /expected one of runner, ecs-task/,
    );
  });
});
