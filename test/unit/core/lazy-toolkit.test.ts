import { createServer, type IncomingMessage } from 'node:http';
import { type AddressInfo } from 'node:net';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { getExecOutput } from '../../../vendor/lazy-exec/index.js';

// @actions/core is given stand-ins for @actions/http-client and @actions/exec (package.json
// "overrides", vendor/lazy-*) so that neither loads at action start. What @actions/core does
// with them must still work: an OIDC token request over real HTTP, and running a command.
const repoRoot = path.resolve(__dirname, '..', '..', '..');

function resolvedFromCore(name: string): string {
  for (const dir of [
    path.join(repoRoot, 'node_modules', '@actions', 'core', 'node_modules', name),
    path.join(repoRoot, 'node_modules', name),
  ]) {
    try {
      return realpathSync(dir);
    } catch {
      // not installed at this level
    }
  }
  throw new Error(`${name} is not installed for @actions/core`);
}

describe('lazy toolkit stand-ins', () => {
  it('are what @actions/core resolves', () => {
    expect(resolvedFromCore('@actions/http-client')).toBe(
      path.join(repoRoot, 'vendor', 'lazy-http-client'),
    );
    expect(resolvedFromCore('@actions/exec')).toBe(path.join(repoRoot, 'vendor', 'lazy-exec'));
  });

  it('core.getIDToken still fetches a token over HTTP with the bearer token', async () => {
    const requests: IncomingMessage[] = [];
    const server = createServer((req, res) => {
      requests.push(req);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ value: 'id-token-from-server' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const saved = { ...process.env };
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `http://127.0.0.1:${port}/token?api-version=2.0`;
      process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'request-token';
      await expect(core.getIDToken('sts.amazonaws.com')).resolves.toBe('id-token-from-server');
      expect(requests).toHaveLength(1);
      expect(requests[0]?.url).toBe('/token?api-version=2.0&audience=sts.amazonaws.com');
      expect(requests[0]?.headers.authorization).toBe('Bearer request-token');
      // The token is masked the moment it is read.
      expect(write.mock.calls.map(([chunk]) => String(chunk)).join('')).toContain(
        '::add-mask::id-token-from-server',
      );
    } finally {
      write.mockRestore();
      process.env = saved;
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('the exec stand-in runs a real command', async () => {
    const result = await getExecOutput(process.execPath, ['-e', 'process.stdout.write("ran")'], {
      silent: true,
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'ran' });
  });
});
