import * as core from '@actions/core';
import { CleanupRecord, readPostCleanup } from '../core/post-state';

/** A registry the main step logged docker into and has not logged out of. */
export interface LoginRecord {
  registry: string;
  /** DOCKER_CONFIG when main logged in (the folder holding the credentials), if set. */
  dockerConfig?: string;
}

/** Saved before `docker login`, cleared after `docker logout` (when `logout` is true). */
export const registryLogin = new CleanupRecord<LoginRecord>('docker-login');

export function loginRecord(registry: string): LoginRecord {
  const dockerConfig = process.env.DOCKER_CONFIG;
  return { registry, ...(dockerConfig === undefined ? {} : { dockerConfig }) };
}

/**
 * The post step of build-push-ecr: removes the registry credentials from the Docker config when
 * the main step was cancelled or killed between its login and its logout. Nothing recorded:
 * nothing to do. `post-cleanup: false` keeps the login.
 */
export async function logoutLeftover(): Promise<void> {
  const login = registryLogin.read();
  if (login === undefined) {
    core.info('Nothing to clean up: the main step logged out (or never logged in).');
    return;
  }
  if (!readPostCleanup()) {
    core.warning(`post-cleanup is false: docker stays logged in to ${login.registry}`);
    return;
  }
  const { dockerOk } = await import('./docker-cli');
  await dockerOk(['logout', login.registry], {
    silent: true,
    ...(login.dockerConfig === undefined ? {} : { env: { DOCKER_CONFIG: login.dockerConfig } }),
  });
  core.info(`Logged docker out of ${login.registry}: the main step ended before it did`);
}
