import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clientConfig, type AwsSettings } from '../../../src/core/aws-clients';
import { nodeHasProxySupport, proxyAgentOptions, proxyEnvironment } from '../../../src/core/proxy';
import { captureStdout } from '../../support/capture-stdout';
import { docker } from '../../../src/build-push-ecr/docker-cli';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'].flatMap((n) => [
  n,
  n.toLowerCase(),
]);

describe('forward proxy settings', () => {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const name of PROXY_VARIABLES) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  });
  afterEach(() => {
    for (const name of PROXY_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('takes HTTPS_PROXY, HTTP_PROXY and NO_PROXY in either case, and nothing when no proxy is set', () => {
    expect(proxyEnvironment({})).toBeUndefined();
    expect(proxyEnvironment({ NO_PROXY: 'localhost', HTTPS_PROXY: ' ' })).toBeUndefined();
    expect(
      proxyEnvironment({
        https_proxy: 'http://proxy:3128',
        HTTP_PROXY: 'http://proxy:3128',
        no_proxy: '.internal,169.254.169.254',
        PATH: '/bin',
      }),
    ).toEqual({
      https_proxy: 'http://proxy:3128',
      HTTP_PROXY: 'http://proxy:3128',
      no_proxy: '.internal,169.254.169.254',
    });
    expect(proxyAgentOptions({})).toEqual({});
  });

  it('warns once, naming the variables, when this Node would ignore them', () => {
    expect(nodeHasProxySupport('24.5.0')).toBe(true);
    expect(nodeHasProxySupport('25.1.0')).toBe(true);
    expect(nodeHasProxySupport('24.4.1')).toBe(false);
    expect(nodeHasProxySupport('20.20.2')).toBe(false);
    const out = captureStdout();
    try {
      const env = { HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'localhost' };
      expect(proxyAgentOptions(env, '24.21.0')).toEqual({ proxyEnv: env });
      expect(out.commands('warning')).toEqual([]);
      proxyAgentOptions(env, '20.20.2');
      proxyAgentOptions(env, '20.20.2');
      expect(out.commands('warning')).toEqual([
        'HTTPS_PROXY is set, but Node 20.20.2 ignores it (Node 24.5 or later honours it): AWS and health-check requests go direct',
      ]);
    } finally {
      out.restore();
    }
  });

  const settings: AwsSettings = {
    region: 'eu-west-1',
    maxAttempts: 5,
    retryMode: 'standard',
    action: 'test',
  };

  it('gives every SDK client agents that honour the proxy (and leaves the defaults alone without one)', () => {
    expect(clientConfig(settings).requestHandler).toBeUndefined();
    process.env.HTTPS_PROXY = 'http://proxy.corp:3128';
    process.env.NO_PROXY = '127.0.0.1';
    const proxyEnv = { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '127.0.0.1' };
    expect(clientConfig(settings).requestHandler).toEqual({
      httpAgent: { proxyEnv },
      httpsAgent: { proxyEnv },
    });
    expect(clientConfig(settings, 's3').requestHandler?.httpsAgent).toEqual({ proxyEnv });
  });

  it('hands the proxy variables to the docker CLI (login, build, push) unchanged', async () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'fake-docker-'));
    try {
      // A stand-in docker that reads the password from stdin, as `docker login --password-stdin`
      // does (exiting before the write lands was an EPIPE), then prints the proxy variables.
      writeFileSync(
        path.join(bin, 'docker'),
        '#!/bin/sh\ncat >/dev/null\nprintf "%s|%s|%s" "$HTTPS_PROXY" "$HTTP_PROXY" "$NO_PROXY"\n',
      );
      chmodSync(path.join(bin, 'docker'), 0o755);
      process.env.HTTPS_PROXY = 'http://proxy.corp:3128';
      process.env.HTTP_PROXY = 'http://proxy.corp:3129';
      process.env.NO_PROXY = 'localhost';
      const previousPath = process.env.PATH;
      process.env.PATH = `${bin}${path.delimiter}${previousPath ?? ''}`;
      try {
        const result = await docker(['login', '--password-stdin'], { silent: true, input: 'x' });
        expect(result.stdout).toBe('http://proxy.corp:3128|http://proxy.corp:3129|localhost');
      } finally {
        process.env.PATH = previousPath;
      }
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
