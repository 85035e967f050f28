import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { ConfigurationError } from '../core/errors';
import { retry } from '../core/retry';
import type { ActionContext } from '../core/run-action';
import { warnAnnotation } from '../core/summary';
import { ImmutableTagError } from '../ecr/errors';
import type { ImageManifest } from '../ecr/images';
import { privateRegistryApi, publicRegistryApi, type RegistryApi } from '../ecr/registry-api';
import type { RepositoryInfo } from '../ecr/repository';
import {
  detectBuilder,
  DockerCommandError,
  dockerLogin,
  dockerLogout,
  dockerOk,
} from './docker-cli';
import {
  buildxCommand,
  isImmutableTagRefusal,
  isTransientRegistryFailure,
  legacyBuildCommand,
  parseBuildxMetadata,
  parsePushDigest,
} from './docker-commands';
import { loginRecord, registryLogin } from './cleanup';
import type { BuildOptions, BuildPushConfig } from './inputs';

/** What the step did, for outputs and the summary. */
export interface BuildPushResult {
  repository: RepositoryInfo;
  digest: string;
  tags: string[];
  /** True when the commit's image was already in the repository and nothing was built. */
  skipped: boolean;
  mode: 'build' | 'promote';
  builder?: 'buildx' | 'legacy';
  sizeInBytes?: number;
  buildMs?: number;
  pushMs?: number;
  /** Tags added through the API (skip and promote paths). */
  retagged: string[];
  repositoryChanges: string[];
}

/** The orchestration: repository, then skip, promote, or build and push. */
export async function buildPushEcr(
  config: BuildPushConfig,
  context: ActionContext,
): Promise<BuildPushResult> {
  const builder = config.mode.kind === 'build' ? await checkBuilder(config.mode.build) : undefined;
  const api =
    config.registryType === 'public'
      ? await publicRegistryApi(config.aws)
      : await privateRegistryApi(config.aws);
  const { repository, changes } = config.repositorySettings.create
    ? await api.ensureRepository(config.repository, config.repositorySettings)
    : { repository: await api.requireRepository(config.repository), changes: [] };
  for (const change of changes) core.info(`repository ${repository.name}: ${change}`);
  const base = { repository, repositoryChanges: changes };

  if (config.mode.kind === 'promote') {
    const retag = requireRetag(api);
    const source = config.mode.source;
    const found = await retag.getManifests(repository.name, [source]);
    const image = found.get(source.imageTag ?? source.imageDigest ?? '');
    if (image === undefined) {
      throw new Error(
        `the source image ${source.imageTag ?? source.imageDigest ?? ''} is not in ${repository.uri}; nothing to promote`,
      );
    }
    const retagged = await applyTags(api, repository.name, image, config.tags);
    const facts = await api.describeImage(repository.name, { imageDigest: image.digest });
    return {
      ...base,
      mode: 'promote',
      digest: image.digest,
      tags: config.tags,
      skipped: false,
      retagged,
      ...size(facts?.sizeInBytes),
    };
  }

  const { build, skipExisting } = config.mode;
  const commitTag = config.commitTag ?? '';
  const existing = await api.describeImage(repository.name, { imageTag: commitTag });
  const missing = config.tags.filter((tag) => !(existing?.tags ?? []).includes(tag));
  if (existing !== undefined && skipExisting && (missing.length === 0 || api.retag !== undefined)) {
    core.info(
      `${repository.uri}:${commitTag} already exists (${existing.digest}): skipping the build`,
    );
    let retagged: string[] = [];
    if (missing.length > 0) {
      const retag = requireRetag(api);
      const image = (
        await retag.getManifests(repository.name, [{ imageDigest: existing.digest }])
      ).get(existing.digest);
      if (image === undefined)
        throw new Error(`image ${existing.digest} disappeared from ${repository.uri}`);
      retagged = await applyTags(api, repository.name, image, missing);
    }
    return {
      ...base,
      mode: 'build',
      digest: existing.digest,
      tags: config.tags,
      skipped: true,
      retagged,
      ...size(existing.sizeInBytes),
    };
  }
  if (existing !== undefined && skipExisting) {
    core.info(
      `${repository.uri}:${commitTag} exists without ${missing.join(', ')}; ECR Public cannot add tags without a push, so building again`,
    );
  }
  if (repository.tagMutability === 'IMMUTABLE') {
    await refuseTakenTags(
      requireRetag(api),
      repository,
      config.tags.filter((tag) => tag !== commitTag),
    );
  }

  const login = await api.login();
  if (login.registry !== repository.registry) {
    core.debug(
      `registry from the token: ${login.registry}; from the repository: ${repository.registry}`,
    );
  }
  // From here until the logout, the post step logs out if this step is killed.
  if (config.logout) registryLogin.save(loginRecord(repository.registry));
  await pushRetry(
    config,
    'docker login',
    () => dockerLogin(repository.registry, login.username, login.password),
    context,
  );
  let pushed: { digest: string | undefined; buildMs: number; pushMs: number };
  try {
    pushed = await buildAndPush(config, build, builder ?? 'legacy', repository, context);
  } catch (error) {
    if (error instanceof DockerCommandError && isImmutableTagRefusal(error.output)) {
      throw new ImmutableTagError(
        `the registry refused the push: a tag in ${JSON.stringify(config.tags.join(', '))} already names a different image in the immutable repository ${JSON.stringify(repository.name)}; immutable tags cannot be moved`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    if (config.logout) {
      await dockerLogout(repository.registry);
      registryLogin.clear();
    }
  }

  // The registry's own record is the truth: the digest of the manifest it stored for our tag.
  const stored = await api.describeImage(repository.name, { imageTag: commitTag });
  if (stored === undefined)
    throw new Error(`the push finished but ${repository.uri}:${commitTag} is not in ECR`);
  if (pushed.digest !== undefined && pushed.digest !== stored.digest) {
    warnAnnotation(
      `docker reported ${pushed.digest} but ECR holds ${stored.digest} for ${commitTag}; using ECR's digest`,
      'build-push-ecr',
    );
  }
  return {
    ...base,
    mode: 'build',
    digest: stored.digest,
    tags: config.tags,
    skipped: false,
    builder: builder ?? 'legacy',
    buildMs: pushed.buildMs,
    pushMs: pushed.pushMs,
    retagged: [],
    ...size(stored.sizeInBytes),
  };
}

function requireRetag(api: RegistryApi): NonNullable<RegistryApi['retag']> {
  // Inputs refuse promote mode for ECR Public, and public repositories are never IMMUTABLE.
  if (api.retag === undefined) throw new Error(`retagging is not available for ${api.kind} ECR`);
  return api.retag;
}

function size(bytes: number | undefined): { sizeInBytes?: number } {
  return bytes === undefined ? {} : { sizeInBytes: bytes };
}

/** Which builder to use, and the inputs it cannot honour (ConfigurationError before any AWS call). */
async function checkBuilder(build: BuildOptions): Promise<'buildx' | 'legacy'> {
  const builder = await detectBuilder();
  if (builder === 'none') {
    throw new Error(
      'the docker CLI is not available on this runner; build-push-ecr needs docker (with buildx, ideally)',
    );
  }
  if (builder === 'legacy') {
    if (build.platforms.length > 1) {
      throw new ConfigurationError(
        'building for several platforms needs docker buildx, which this runner lacks (add docker/setup-buildx-action before this step)',
        'platforms',
      );
    }
    if (build.secrets.size > 0) {
      throw new ConfigurationError(
        'build secrets need docker buildx, which this runner lacks (add docker/setup-buildx-action before this step)',
        'build-secrets',
      );
    }
    core.info('docker buildx is not installed: building with docker build, then docker push');
    if (build.cacheFrom.length > 0 || build.cacheTo.length > 0) {
      warnAnnotation(
        'cache-from/cache-to are ignored: docker buildx is not installed on this runner',
        'build-push-ecr',
      );
    }
  }
  return builder;
}

async function refuseTakenTags(
  retag: NonNullable<RegistryApi['retag']>,
  repository: RepositoryInfo,
  tags: string[],
): Promise<void> {
  const taken = await retag.getManifests(
    repository.name,
    tags.map((imageTag) => ({ imageTag })),
  );
  const [tag, image] = [...taken][0] ?? [];
  if (tag !== undefined && image !== undefined) {
    throw new ImmutableTagError(
      `tag ${JSON.stringify(tag)} already names ${image.digest} in the immutable repository ${JSON.stringify(repository.name)}; immutable tags cannot be moved: drop it from tags, use a unique tag, or make the repository MUTABLE`,
    );
  }
}

async function applyTags(
  api: RegistryApi,
  repositoryName: string,
  image: ImageManifest,
  tags: string[],
): Promise<string[]> {
  const retag = requireRetag(api);
  const added: string[] = [];
  for (const tag of tags) {
    const outcome = await retag.tagImage(repositoryName, image, tag);
    core.info(
      `${repositoryName}:${tag} ${outcome === 'tagged' ? '->' : 'already is'} ${image.digest}`,
    );
    if (outcome === 'tagged') added.push(tag);
  }
  return added;
}

function pushRetry<T>(
  config: BuildPushConfig,
  what: string,
  fn: () => Promise<T>,
  context: ActionContext,
): Promise<T> {
  return retry(fn, {
    description: what,
    maxAttempts: config.pushAttempts,
    isRetryable: (error) =>
      error instanceof DockerCommandError && isTransientRegistryFailure(error.output),
    backoff: { initialDelayMs: 1000, maxDelayMs: 15_000 },
    signal: context.signal,
    onRetry: (error, attempt, delayMs) =>
      core.warning(
        `${what} failed (attempt ${attempt}), retrying in ${Math.round(delayMs / 100) / 10}s: ${(error as Error).message}`,
      ),
  });
}

async function buildAndPush(
  config: BuildPushConfig,
  build: BuildOptions,
  builder: 'buildx' | 'legacy',
  repository: RepositoryInfo,
  context: ActionContext,
): Promise<{ digest: string | undefined; buildMs: number; pushMs: number }> {
  const refs = config.tags.map((tag) => `${repository.uri}:${tag}`);
  if (builder === 'buildx') {
    const dir = mkdtempSync(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), 'build-push-ecr-'));
    try {
      const metadata = path.join(dir, 'metadata.json');
      const { args, env } = buildxCommand(build, refs, metadata);
      const started = Date.now();
      await core.group(`Build and push ${refs[0] ?? ''} (buildx)`, () =>
        pushRetry(config, 'docker buildx build --push', () => dockerOk(args, { env }), context),
      );
      return {
        digest: parseBuildxMetadata(readFileSync(metadata, 'utf8')),
        buildMs: Date.now() - started,
        pushMs: 0,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const buildStarted = Date.now();
  await core.group(`Build ${refs[0] ?? ''}`, () => dockerOk(legacyBuildCommand(build, refs)));
  const buildMs = Date.now() - buildStarted;
  const pushStarted = Date.now();
  const digests = new Set<string>();
  await core.group(`Push ${refs.length} tag(s) to ${repository.uri}`, async () => {
    for (const [index, ref] of refs.entries()) {
      const result = await pushRetry(
        config,
        `docker push ${ref}`,
        () => dockerOk(['push', ref]),
        context,
      );
      const digest = parsePushDigest(result.stdout, config.tags[index] ?? '');
      if (digest !== undefined) digests.add(digest);
    }
  });
  if (digests.size > 1)
    throw new Error(`the pushed tags report different digests: ${[...digests].join(', ')}`);
  return { digest: [...digests][0], buildMs, pushMs: Date.now() - pushStarted };
}
