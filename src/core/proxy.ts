// Forward proxies (self-hosted runners behind a corporate proxy): HTTPS_PROXY, HTTP_PROXY and
// NO_PROXY (either case) are honoured by Node's own proxy support in http.Agent (`proxyEnv`,
// Node 24.5 and later, what the runner's node24 is): HTTPS goes through a CONNECT tunnel, plain
// HTTP as absolute-URI requests, and NO_PROXY hosts are reached directly. No dependency, no
// bundled code. Every AWS SDK client (aws-clients.ts) and verify-health's requests use it; the
// docker CLI inherits the variables with the rest of the environment.

import * as core from '@actions/core';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'] as const;

/** The proxy variables set (non-empty) in `env`, both spellings; undefined when no proxy is set. */
export function proxyEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> | undefined {
  const found: Record<string, string> = {};
  for (const name of PROXY_VARIABLES) {
    for (const variable of [name, name.toLowerCase()]) {
      const value = env[variable]?.trim();
      if (value !== undefined && value !== '') found[variable] = value;
    }
  }
  const hasProxy = Object.keys(found).some((name) => !/^no_proxy$/i.test(name));
  return hasProxy ? found : undefined;
}

let warnedOldNode = false;

/** Options of an http(s).Agent that honour the proxy variables: `{ proxyEnv }`, or nothing. */
export function proxyAgentOptions(
  env: NodeJS.ProcessEnv = process.env,
  nodeVersion: string = process.versions.node,
): { proxyEnv?: Record<string, string> } {
  const proxyEnv = proxyEnvironment(env);
  if (proxyEnv === undefined) return {};
  if (!warnedOldNode && !nodeHasProxySupport(nodeVersion)) {
    warnedOldNode = true;
    const names = Object.keys(proxyEnv).filter((name) => !/^no_proxy$/i.test(name));
    core.warning(
      `${names.join(', ')} is set, but Node ${nodeVersion} ignores it (Node 24.5 or later honours it): AWS and health-check requests go direct`,
    );
  }
  return { proxyEnv };
}

/** Whether this Node's http.Agent takes `proxyEnv` (24.5 and later). */
export function nodeHasProxySupport(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 24 || (major === 24 && minor >= 5);
}
