import type { AwsSettings } from '../../../src/core/aws-clients';
import { ConfigurationError } from '../../../src/core/errors';
import { RDS_SECRET_KEYS, type ConnectionInputs } from '../../../src/run-migrations/inputs';
import {
  resolveConnection,
  type SecretReaders,
} from '../../../src/run-migrations/resolve-connection';
import { captureStdout, type CapturedOutput } from '../../support/capture-stdout';

const aws: AwsSettings = {
  region: 'eu-west-1',
  maxAttempts: 1,
  retryMode: 'standard',
  action: 'run-migrations',
};
const readers = (value: string): SecretReaders & { calls: string[] } => {
  const calls: string[] = [];
  return {
    calls,
    secretsManager: (_settings, ref) => {
      calls.push(`sm:${ref.id}`);
      return Promise.resolve(value);
    },
    ssm: (_settings, ref) => {
      calls.push(`ssm:${ref.id}`);
      return Promise.resolve(value);
    },
  };
};
const fromSecret = (overrides: Partial<ConnectionInputs> = {}): ConnectionInputs => ({
  source: { kind: 'secretsmanager', id: 'prod/db', input: 'database-secret-id' },
  secretKeys: { ...RDS_SECRET_KEYS },
  ...overrides,
});

describe('resolveConnection', () => {
  let out: CapturedOutput;
  beforeEach(() => {
    out = captureStdout();
  });
  afterEach(() => out.restore());

  it('reads an RDS-shaped JSON secret and masks its password', async () => {
    const secret = JSON.stringify({
      engine: 'aurora-postgresql',
      host: 'db.cluster',
      port: 5432,
      username: 'app',
      password: 'Sup3r-secret',
      dbname: 'shop',
    });
    const r = readers(secret);
    await expect(resolveConnection(fromSecret(), aws, r)).resolves.toEqual({
      engine: 'postgres',
      host: 'db.cluster',
      port: 5432,
      user: 'app',
      password: 'Sup3r-secret',
      database: 'shop',
      ssl: 'disable',
    });
    expect(r.calls).toEqual(['sm:prod/db']);
    expect(out.commands('add-mask')).toEqual(expect.arrayContaining(['Sup3r-secret', secret]));
  });

  it('completes an RDS-managed secret (user and password only) from inputs, with renamed keys', async () => {
    const r = readers(JSON.stringify({ login: 'admin', pass: 'x-Secret-9' }));
    const config = await resolveConnection(
      fromSecret({
        secretKeys: { ...RDS_SECRET_KEYS, user: 'login', password: 'pass' },
        engine: 'mysql',
        host: 'db.internal',
        database: 'app',
      }),
      aws,
      r,
    );
    expect(config).toMatchObject({
      engine: 'mysql',
      host: 'db.internal',
      port: 3306,
      user: 'admin',
      password: 'x-Secret-9',
      database: 'app',
    });
  });

  it('reads a URL from an SSM parameter; inputs override its parts', async () => {
    const r = readers('postgres://app:pw-123456@old-host:5432/shop');
    const config = await resolveConnection(
      {
        source: { kind: 'ssm', id: '/prod/db-url', input: 'database-parameter' },
        secretKeys: RDS_SECRET_KEYS,
        host: 'new-host',
        port: 6432,
        ssl: 'require',
      },
      aws,
      r,
    );
    expect(config).toMatchObject({
      host: 'new-host',
      port: 6432,
      database: 'shop',
      ssl: 'require',
    });
    expect(r.calls).toEqual(['ssm:/prod/db-url']);
  });

  it('explains what is missing: engine, host, database', async () => {
    await expect(
      resolveConnection(
        fromSecret(),
        aws,
        readers('{"username":"u","password":"p-secret","host":"h","dbname":"d"}'),
      ),
    ).rejects.toThrow(/Input 'engine': the connection does not say which engine/);
    await expect(
      resolveConnection(
        fromSecret({ engine: 'postgres' }),
        aws,
        readers('{"username":"u","password":"p-secret"}'),
      ),
    ).rejects.toThrow(
      /Input 'database-host': the connection has no host: the secret has no "host" key/,
    );
    const error = await resolveConnection(
      fromSecret(),
      aws,
      readers('{"username": "u", "password": "p-secret",'),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).not.toContain('p-secret');
  });
});
