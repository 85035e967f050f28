import { ConfigurationError } from '../../../src/core/errors';
import {
  connectionPart,
  connectionUrl,
  parseDatabaseUrl,
  type DatabaseConfig,
} from '../../../src/database/connection';
import { captureStdout, type CapturedOutput } from '../../support/capture-stdout';

describe('database URLs', () => {
  let out: CapturedOutput;
  beforeEach(() => {
    out = captureStdout();
  });
  afterEach(() => out.restore());

  it('parses PostgreSQL and MySQL URLs, masking the password and the URL first', () => {
    const url = 'postgresql://app:p%40ss%3Aword@db.internal:6543/shop?sslmode=require';
    expect(parseDatabaseUrl(url, 'database-url')).toEqual({
      engine: 'postgres',
      host: 'db.internal',
      port: 6543,
      user: 'app',
      password: 'p@ss:word',
      database: 'shop',
      ssl: 'require',
    });
    expect(out.commands('add-mask')).toEqual(
      expect.arrayContaining([url, 'p@ss:word', 'p%40ss%3Aword']),
    );
    expect(parseDatabaseUrl('mariadb://root:pw@10.0.0.5/app', 'x')).toMatchObject({
      engine: 'mysql',
      port: 3306,
    });
  });

  it('rejects what is not a usable URL without echoing it', () => {
    for (const bad of [
      'not a url with s3cret',
      'redis://u:s3cret@h/db',
      'postgres://u:s3cret@h:5432/',
      'postgres://:s3cret@h/db',
    ]) {
      let caught: unknown;
      try {
        parseDatabaseUrl(bad, 'database-url');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigurationError);
      expect((caught as Error).message).not.toContain('s3cret');
    }
  });

  it('rebuilds a URL and the parts a command can receive', () => {
    const config: DatabaseConfig = {
      engine: 'postgres',
      host: 'h',
      port: 5432,
      user: 'u@x',
      password: 'p/w',
      database: 'd',
      ssl: 'verify-full',
    };
    expect(connectionUrl(config)).toBe('postgres://u%40x:p%2Fw@h:5432/d?sslmode=verify-full');
    expect(connectionUrl({ ...config, engine: 'mysql', ssl: 'disable' })).toBe(
      'mysql://u%40x:p%2Fw@h:5432/d',
    );
    expect(connectionPart(config, 'port')).toBe('5432');
    expect(connectionPart(config, 'password')).toBe('p/w');
  });
});
