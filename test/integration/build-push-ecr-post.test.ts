import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EcrService } from '../../local-aws/services/ecr';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import {
  containerEngineSupport,
  startContainerEngine,
  type ContainerEngine,
} from '../support/container-engine';
import { runDist } from '../support/run-dist';

const support = containerEngineSupport();
if (!support.ok) console.warn(`build-push-ecr post tests skipped: ${support.reason}`);

/**
 * The post step of build-push-ecr, run as the runner runs it: the main step is killed between
 * its `docker login` and its logout (during the build), then dist/build-push-ecr-post gets the
 * same inputs and the main step's saved state as STATE_* variables.
 */
(support.ok ? describe : describe.skip)('build-push-ecr post step', () => {
  let stack: LocalAws;
  let engine: ContainerEngine;
  let registry: string;

  beforeAll(async () => {
    [stack, engine] = await Promise.all([startLocalAws({ only: ['ecr'] }), startContainerEngine()]);
    await engine.buildBaseImage();
    registry = stack.service<EcrService>('ecr').registryHost ?? '';
  }, 90_000);
  afterAll(async () => {
    await Promise.all([stack?.stop(), engine?.stop()]);
  });

  const logins = (): string[] => {
    const file = path.join(engine.env.DOCKER_CONFIG ?? '', 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, unknown> };
    return Object.keys(config.auths ?? {});
  };
  const inputs = {
    repository: 'app/post',
    'create-repository': 'true',
    context: 'test/fixtures/images/hello',
  };
  const env = (): Record<string, string> => ({ ...stack.env, ...engine.env });

  it('logs docker out of the registry a killed main step left it logged in to', async () => {
    const killed = await runDist('build-push-ecr', {
      inputs,
      env: env(),
      killWhen: { pattern: /::group::Build /, signal: 'SIGKILL' },
      timeoutMs: 90_000,
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(JSON.parse(killed.state['docker-login'] ?? '{}')).toEqual({
      registry,
      dockerConfig: engine.env.DOCKER_CONFIG,
    });
    expect(logins()).toContain(registry);

    const cleaned = await runDist('build-push-ecr-post', {
      inputs,
      env: env(),
      state: killed.state,
    });
    expect(cleaned.errors).toEqual([]);
    expect(cleaned.exitCode).toBe(0);
    expect(cleaned.log).toContain(`Logged docker out of ${registry}`);
    expect(logins()).not.toContain(registry);
  }, 120_000);

  it('does nothing after a main step that logged out itself', async () => {
    const done = await runDist('build-push-ecr', { inputs, env: env(), timeoutMs: 90_000 });
    expect(done.exitCode).toBe(0);
    expect(done.state['docker-login']).toBe('');
    const post = await runDist('build-push-ecr-post', { inputs, env: env(), state: done.state });
    expect(post.exitCode).toBe(0);
    expect(post.log).toContain('Nothing to clean up');
  }, 120_000);

  it('keeps the login with post-cleanup: false', async () => {
    const killed = await runDist('build-push-ecr', {
      inputs,
      // Another commit: a build (the first commit's image would be found and skipped).
      env: { ...env(), GITHUB_SHA: 'b'.repeat(40) },
      killWhen: { pattern: /::group::Build /, signal: 'SIGKILL' },
      timeoutMs: 90_000,
    });
    expect(logins()).toContain(registry);
    const kept = await runDist('build-push-ecr-post', {
      inputs: { ...inputs, 'post-cleanup': 'false' },
      env: env(),
      state: killed.state,
    });
    expect(kept.exitCode).toBe(0);
    expect(kept.warnings.join('\n')).toContain(`docker stays logged in to ${registry}`);
    expect(logins()).toContain(registry);
  }, 120_000);
});
