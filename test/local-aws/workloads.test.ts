import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Workloads } from '../../local-aws/runtime/workloads';
import { startLocalAws } from '../../local-aws/stack';

const exec = promisify(execFile);

function httpsGet(url: string, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, ca === undefined ? {} : { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('workload endpoints', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'workloads-test-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('answers HTTP and HTTPS on one port for the current release, and health follows markUnhealthy', async () => {
    const workloads = new Workloads('127.0.0.1', { dataDir: tempDir() });
    const tls = await workloads.prepareTls();
    expect(tls).toBeDefined();
    const endpoint = await workloads.endpoint('svc-a', '/healthz');
    try {
      expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(endpoint.httpsUrl).toBe(`https://${endpoint.hostPort}`);
      expect((await fetch(`${endpoint.url}/healthz`)).status).toBe(503); // nothing deployed yet

      endpoint.serve({ image: 'repo/app@sha256:' + 'a'.repeat(64), env: { APP_VERSION: '1.2.3' } });
      const plain = await fetch(`${endpoint.url}/version`);
      expect(await plain.json()).toMatchObject({
        version: '1.2.3',
        digest: `sha256:${'a'.repeat(64)}`,
      });
      const secure = await httpsGet(`${endpoint.httpsUrl}/healthz`, tls!.ca);
      expect(secure.status).toBe(200);
      // The certificate is for localhost and 127.0.0.1 and chains to the stack's CA only.
      expect((await httpsGet(`https://127.0.0.1:${new URL(endpoint.url).port}/`, tls!.ca)).status).toBe(200); // prettier-ignore
      await expect(httpsGet(`${endpoint.httpsUrl}/`)).rejects.toThrow(/certificate/);

      workloads.markUnhealthy('sha256:' + 'a'.repeat(64));
      expect(endpoint.wouldBeHealthy(endpoint.release!.image)).toBe(false);
      expect((await httpsGet(`${endpoint.httpsUrl}/healthz`, tls!.ca)).status).toBe(503);
      workloads.markHealthy('sha256:' + 'a'.repeat(64));
      expect((await fetch(`${endpoint.url}/healthz`)).status).toBe(200);
    } finally {
      await workloads.closeAll();
    }
  });

  it('reuses the CA kept in dataDir, and creates it fast', async () => {
    const dataDir = tempDir();
    const started = Date.now();
    const first = await new Workloads('127.0.0.1', { dataDir }).prepareTls();
    const elapsed = Date.now() - started;
    const second = await new Workloads('127.0.0.1', { dataDir }).prepareTls();
    expect(second!.ca).toBe(first!.ca);
    expect(readFileSync(first!.caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(elapsed).toBeLessThan(1500); // about 150 ms here; generous for slow CI machines
  });

  it('puts NODE_EXTRA_CA_CERTS in stack.env, so a Node process started with it trusts the URLs', async () => {
    const stack = await startLocalAws({ only: ['sts'] });
    try {
      expect(stack.env.NODE_EXTRA_CA_CERTS).toBe(stack.workloads.caFile);
      const endpoint = await stack.workloads.endpoint('svc-env');
      endpoint.serve({ image: 'repo/app:v9', env: {} });
      const script = `fetch(process.argv[1]).then(async (r) => console.log(r.status, await r.text()))`;
      const { stdout } = await exec(process.execPath, ['-e', script, `${endpoint.httpsUrl}/`], {
        env: { ...process.env, ...stack.env },
      });
      expect(stdout.trim()).toBe('200 hello from svc-env (repo/app:v9)');
    } finally {
      await stack.stop();
    }
  });
});
