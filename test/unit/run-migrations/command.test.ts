import type { DatabaseConfig } from '../../../src/database/connection';
import { commandEnvironment, runCommand } from '../../../src/run-migrations/command';
import { captureStdout } from '../../support/capture-stdout';

const config: DatabaseConfig = {
  engine: 'postgres',
  host: 'db',
  port: 5432,
  user: 'app',
  password: 'pw/1',
  database: 'shop',
  ssl: 'disable',
};

describe('command mode', () => {
  it('exports the parts asked for and masks the rebuilt URL', () => {
    const out = captureStdout();
    try {
      expect(
        commandEnvironment(config, [
          ['DATABASE_URL', 'url'],
          ['PGHOST', 'host'],
          ['PGPORT', 'port'],
        ]),
      ).toEqual({
        DATABASE_URL: 'postgres://app:pw%2F1@db:5432/shop',
        PGHOST: 'db',
        PGPORT: '5432',
      });
      expect(out.commands('add-mask')).toContain('postgres://app:pw%2F1@db:5432/shop');
    } finally {
      out.restore();
    }
  });

  it('returns the exit code, and stops the command when cancelled', async () => {
    await expect(
      runCommand(config, { command: 'exit 7', env: [], workingDirectory: process.cwd() }),
    ).resolves.toMatchObject({ exitCode: 7 });
    const controller = new AbortController();
    const running = runCommand(config, {
      command: 'sleep 20',
      env: [],
      workingDirectory: process.cwd(),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const result = await running;
    expect(result).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
    expect(result.durationMs).toBeLessThan(5000);
  });
});
