import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import path from 'node:path';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { SecretsManagerState } from '../../local-aws/services/secretsmanager';
import {
  postgresAvailable,
  startPostgres,
  type DatabaseConnection,
  type DatabaseServer,
} from '../support/databases';
import { findLeaks, nodeRuntimes, repoRoot, runDist, type DistRun } from '../support/run-dist';

/**
 * The compiled run-migrations action reading its connection from the local stack's Secrets
 * Manager and SSM Parameter Store, and running an external migration tool (command mode) under
 * the lock, against a real PostgreSQL server.
 */
const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'migrations');
const maybe = postgresAvailable() ? it : it.skip;

describe('run-migrations: connection from Secrets Manager / SSM, and command mode', () => {
  let server: DatabaseServer;
  let stack: LocalAws;
  const runs: DistRun[] = [];
  let counter = 0;
  const freshDatabase = async (): Promise<DatabaseConnection> =>
    server.createDatabase(`src_${++counter}`);
  const action = async (
    inputs: Record<string, string>,
    options: { node?: string; env?: Record<string, string> } = {},
  ): Promise<DistRun> => {
    const run = await runDist('run-migrations', {
      inputs: { 'migrations-path': path.join(FIXTURES, 'postgres'), ...inputs },
      env: { ...stack.env, ...options.env },
      ...(options.node === undefined ? {} : { node: options.node }),
    });
    runs.push(run);
    return run;
  };
  const sm = (): SecretsManagerClient =>
    new SecretsManagerClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
  const rdsSecret = (db: DatabaseConnection): string =>
    JSON.stringify({
      engine: 'postgres',
      host: db.host,
      port: db.port,
      username: db.user,
      password: db.password,
      dbname: db.database,
    });

  beforeAll(async () => {
    stack = await startLocalAws({ only: ['secretsmanager', 'ssm'] });
    if (postgresAvailable()) server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
    if (server !== undefined) {
      for (const run of runs) expect(findLeaks(run, [server.password, server.url])).toEqual([]);
      await server.stop();
    }
  });

  maybe(
    'reads an RDS-shaped JSON secret from Secrets Manager (by ARN) on every runtime',
    async () => {
      for (const runtime of nodeRuntimes()) {
        const db = await freshDatabase();
        const created = await sm().send(
          new CreateSecretCommand({ Name: `rds-db-${db.database}`, SecretString: rdsSecret(db) }),
        );
        const before = stack.requests.count('secretsmanager', 'GetSecretValue');
        const run = await action({ 'database-secret-id': created.ARN! }, { node: runtime.path });
        expect(run.errors).toEqual([]);
        expect(run.outputs.status).toBe('applied');
        expect(run.masked).toEqual(expect.arrayContaining([server.password]));
        expect(stack.requests.count('secretsmanager', 'GetSecretValue')).toBe(before + 1);
        expect(
          await server.query(db.database, 'SELECT count(*)::int AS n FROM schema_history'),
        ).toEqual([{ n: 4 }]);
      }
    },
    60_000,
  );

  maybe(
    'reads a URL from an SSM SecureString parameter, with keys renamed and the host given as an input',
    async () => {
      const db = await freshDatabase();
      const ssm = new SSMClient({
        region: stack.region,
        endpoint: stack.endpoint,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      await ssm.send(
        new PutParameterCommand({
          Name: `/app/${db.database}/url`,
          Type: 'SecureString',
          Value: db.url.replace('127.0.0.1', 'db.invalid'),
        }),
      );
      const run = await action({
        'database-parameter': `/app/${db.database}/url`,
        'database-host': '127.0.0.1',
        'dry-run': 'true',
      });
      expect(run.errors).toEqual([]);
      expect(run.outputs).toMatchObject({ status: 'planned', 'pending-count': '4' });
      expect(run.masked).toEqual(expect.arrayContaining([server.password]));

      const renamed = await freshDatabase();
      await sm().send(
        new CreateSecretCommand({
          Name: `custom-${renamed.database}`,
          SecretString: JSON.stringify({ login: renamed.user, pass: renamed.password }),
        }),
      );
      const custom = await action({
        'database-secret-id': `custom-${renamed.database}`,
        'secret-keys': 'user=login\npassword=pass',
        engine: 'postgres',
        'database-host': renamed.host,
        'database-port': String(renamed.port),
        'database-name': renamed.database,
      });
      expect(custom.errors).toEqual([]);
      expect(custom.outputs.status).toBe('applied');
    },
  );

  maybe('explains a missing secret (configuration error) and an undecryptable one', async () => {
    const missing = await action({ 'database-secret-id': 'does/not/exist' });
    expect(missing.exitCode).toBe(1);
    expect(missing.errors.join('\n')).toContain(
      "Input 'database-secret-id': no secret does/not/exist in us-east-1: check the name or ARN, and the region",
    );
    const db = await freshDatabase();
    await sm().send(
      new CreateSecretCommand({ Name: `kms-${db.database}`, SecretString: rdsSecret(db) }),
    );
    stack
      .service<SecretsManagerState>('secretsmanager')
      .setDecryptionFailure(`kms-${db.database}`, true);
    const undecryptable = await action({ 'database-secret-id': `kms-${db.database}` });
    expect(undecryptable.exitCode).toBe(1);
    expect(undecryptable.errors.join('\n')).toMatch(
      /cannot be decrypted with its KMS key \(DecryptionFailure\)/,
    );
    await expect(server.query(db.database, 'SELECT 1 FROM schema_history')).rejects.toThrow();
  });

  describe('command mode', () => {
    const tool = `node ${path.join(FIXTURES, 'tool', 'migrate.cjs')}`;
    const commandInputs = (db: DatabaseConnection): Record<string, string> => ({
      'database-url': db.url,
      command: tool,
      'command-env': 'DATABASE_URL=url\nPGPASSWORD=password\nDB_HOST=host',
      'migrations-path': '',
    });

    maybe(
      'runs the tool with the connection in the variables named, under the lock, output streamed',
      async () => {
        const db = await freshDatabase();
        const run = await action(commandInputs(db));
        expect(run.errors).toEqual([]);
        expect(run.exitCode).toBe(0);
        expect(run.outputs).toMatchObject({ status: 'command-succeeded', applied: '[]' });
        expect(run.log).toContain('tool: lock held by another session: yes');
        expect(run.log).toContain('tool: PGPASSWORD given: yes, DB_HOST=127.0.0.1');
        expect(run.log).toContain('tool: applied 1 migration');
        expect(run.log.indexOf('Holding the migration lock')).toBeLessThan(
          run.log.indexOf('tool: applied'),
        );
        expect(run.log.indexOf('tool: applied')).toBeLessThan(
          run.log.indexOf('Released the migration lock'),
        );
        expect(run.summary).toContain('Migration command succeeded');
      },
    );

    maybe('honours the exit code of the tool', async () => {
      const db = await freshDatabase();
      const run = await action(commandInputs(db), { env: { TOOL_EXIT: '3' } });
      expect(run.exitCode).toBe(1);
      expect(run.errors.join('\n')).toContain('the migration command exited with code 3');
      expect(run.log).toContain('Released the migration lock');
    });

    maybe('two runs started together execute the tool one after the other', async () => {
      const db = await freshDatabase();
      // Each run of the tool takes 1.5 s: far longer than the gap between the two start-ups.
      const slow = { env: { TOOL_SLEEP_MS: '1500' } };
      const both = await Promise.all([
        action(commandInputs(db), slow),
        action(commandInputs(db), slow),
      ]);
      expect(both.map((r) => r.exitCode)).toEqual([0, 0]);
      const rows = await server.query<{ started: Date; ended: Date }>(
        db.database,
        'SELECT started, ended FROM tool_runs ORDER BY started',
      );
      expect(rows).toHaveLength(2);
      const [first, second] = rows as [
        { started: Date; ended: Date },
        { started: Date; ended: Date },
      ];
      expect(second.started.getTime()).toBeGreaterThanOrEqual(first.ended.getTime());
      expect(both.some((r) => /another migration is running/.test(r.log))).toBe(true);
    });
  });
});
