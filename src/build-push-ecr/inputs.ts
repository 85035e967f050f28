import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { readAwsSettings, type AwsSettings } from '../core/aws-clients';
import { ConfigurationError } from '../core/errors';
import { actionInputs, type ActionInputs, quote } from '../core/inputs';
import { REPOSITORY_NAME, TAG_PATTERN } from '../ecr/names';

/** Only the inputs actions/build-push-ecr/action.yml declares can be read. */
type Inputs = ActionInputs<'build-push-ecr'>;

/** Repository settings applied (idempotently) when `create-repository` is true. */
export interface RepositorySettings {
  create: boolean;
  tagMutability?: 'MUTABLE' | 'IMMUTABLE';
  scanOnPush?: boolean;
  keepImages?: number;
}

export interface BuildOptions {
  context: string;
  dockerfile: string;
  buildArgs: Map<string, string>;
  /** Build secrets by id; values masked when read, handed to buildx through the environment. */
  secrets: Map<string, string>;
  target?: string;
  platforms: string[];
  cacheFrom: string[];
  cacheTo: string[];
  provenance: boolean;
  sbom: boolean;
}

/** Build mode: build once, push, tag. Promote mode: tag an image already in the repository. */
export type Mode =
  | { kind: 'build'; build: BuildOptions; skipExisting: boolean }
  | { kind: 'promote'; source: { imageTag?: string; imageDigest?: string } };

export interface BuildPushConfig {
  aws: AwsSettings;
  /** Private ECR (default) or ECR Public (public.ecr.aws). */
  registryType: 'private' | 'public';
  repository: string;
  repositorySettings: RepositorySettings;
  /** Every tag to apply, the commit tag (tag-prefix + GITHUB_SHA) first in build mode. */
  tags: string[];
  /** The commit tag in build mode: tag-prefix + GITHUB_SHA. */
  commitTag?: string;
  mode: Mode;
  logout: boolean;
  pushAttempts: number;
}

const OS = new Set(['linux', 'windows', 'darwin', 'freebsd']);
const ARCH = new Set(['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64', 'mips64le']);
const VARIANT = /^v[5-8]$/;
const CACHE = /^(type=[a-z]+(,[a-z-]+=[^,\s]*)*|[a-z0-9.:/_-]+)$/i;

/** Reads and checks every input once; any mistake is a ConfigurationError naming the input. */
export function readInputs(
  inputs = actionInputs('build-push-ecr'),
  env = process.env,
): BuildPushConfig {
  const aws = readAwsSettings(inputs, 'build-push-ecr');
  const repository = inputs.required('repository');
  if (/\.dkr\.ecr\.|amazonaws\.com|^public\.ecr\.aws|:/.test(repository)) {
    throw new ConfigurationError(
      `give the repository name (e.g. my-team/backend), not an image URI: got ${quote(repository)}`,
      'repository',
    );
  }
  if (!REPOSITORY_NAME.test(repository) || repository.length < 2 || repository.length > 256) {
    throw new ConfigurationError(
      `${quote(repository)} is not a valid ECR repository name (lower case letters, digits, . _ - and / between parts), e.g. my-team/backend`,
      'repository',
    );
  }
  const extraTags = inputs.list('tags');
  for (const tag of extraTags) checkTag(tag, 'tags');
  const sourceTag = inputs.optional('source-tag');
  const sourceDigest = inputs.matching(
    'source-digest',
    /^sha256:[a-f0-9]{64}$/,
    'a digest such as sha256:<64 hex digits>',
  );
  if (sourceTag !== undefined) checkTag(sourceTag, 'source-tag');

  const registryType = inputs.oneOf('registry-type', ['private', 'public'], 'private');
  const repositorySettings = readRepositorySettings(inputs);
  if (registryType === 'public') {
    for (const [name, value] of [
      ['image-tag-mutability', repositorySettings.tagMutability],
      ['scan-on-push', repositorySettings.scanOnPush],
      ['keep-images', repositorySettings.keepImages],
      ['source-tag', sourceTag],
      ['source-digest', sourceDigest],
    ] as const) {
      if (value !== undefined) {
        throw new ConfigurationError(
          name.startsWith('source-')
            ? 'promoting without a rebuild needs private ECR (ECR Public has no BatchGetImage)'
            : 'is not a setting of ECR Public repositories (registry-type: public)',
          name,
        );
      }
    }
  }
  const config = {
    aws,
    registryType,
    repository,
    repositorySettings,
    logout: inputs.boolean('logout', true),
    pushAttempts: inputs.integer('push-attempts', 4, { min: 1, max: 10 }),
  };

  if (sourceTag !== undefined || sourceDigest !== undefined) {
    for (const name of [
      'build-args',
      'build-secrets',
      'target',
      'platforms',
      'cache-from',
      'cache-to',
    ] as const) {
      if (inputs.optional(name) !== undefined) {
        throw new ConfigurationError(
          'promotes an existing image (source-tag/source-digest are set) and builds nothing: remove this input or the source',
          name,
        );
      }
    }
    if (extraTags.length === 0) {
      throw new ConfigurationError(
        'is required when promoting (source-tag or source-digest): the tags to give the image',
        'tags',
      );
    }
    return {
      ...config,
      tags: unique(extraTags),
      mode: {
        kind: 'promote',
        source: {
          ...(sourceTag === undefined ? {} : { imageTag: sourceTag }),
          ...(sourceDigest === undefined ? {} : { imageDigest: sourceDigest }),
        },
      },
    };
  }

  const sha = env.GITHUB_SHA?.trim();
  if (sha === undefined || !/^[0-9a-f]{40}$/.test(sha)) {
    throw new ConfigurationError(
      `GITHUB_SHA must be a 40-character commit SHA (the runner sets it), got ${quote(sha ?? '')}`,
    );
  }
  // Several images in one repository: a prefix keeps their commit tags apart (frontend-<sha>).
  const prefix = inputs.matching(
    'tag-prefix',
    /^[A-Za-z0-9_][A-Za-z0-9._-]{0,80}$/,
    'a tag prefix such as frontend-',
  );
  const commitTag = `${prefix ?? ''}${sha}`;
  return {
    ...config,
    tags: unique([commitTag, ...extraTags]),
    commitTag,
    mode: {
      kind: 'build',
      build: readBuildOptions(inputs, env),
      skipExisting: inputs.boolean('skip-existing', true),
    },
  };
}

function readRepositorySettings(inputs: Inputs): RepositorySettings {
  const create = inputs.boolean('create-repository', false);
  const tagMutability = inputs.oneOf('image-tag-mutability', ['MUTABLE', 'IMMUTABLE']);
  const scanOnPush =
    inputs.optional('scan-on-push') === undefined
      ? undefined
      : inputs.boolean('scan-on-push', false);
  const keepImages = inputs.integer('keep-images', undefined, { min: 1, max: 10_000 });
  const settings: RepositorySettings = {
    create,
    ...(tagMutability === undefined ? {} : { tagMutability }),
    ...(scanOnPush === undefined ? {} : { scanOnPush }),
    ...(keepImages === undefined ? {} : { keepImages }),
  };
  if (!create) {
    for (const [name, value] of [
      ['image-tag-mutability', tagMutability],
      ['scan-on-push', scanOnPush],
      ['keep-images', keepImages],
    ] as const) {
      if (value !== undefined) {
        throw new ConfigurationError(
          'is a repository setting, applied only with create-repository: true',
          name,
        );
      }
    }
  }
  return settings;
}

function readBuildOptions(inputs: Inputs, env: NodeJS.ProcessEnv): BuildOptions {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const context = path.resolve(workspace, inputs.string('context', '.'));
  if (!existsSync(context) || !statSync(context).isDirectory()) {
    throw new ConfigurationError(`${quote(context)} is not a directory`, 'context');
  }
  const dockerfileInput = inputs.optional('dockerfile');
  const dockerfile =
    dockerfileInput === undefined
      ? path.join(context, 'Dockerfile')
      : path.resolve(workspace, dockerfileInput);
  if (!existsSync(dockerfile) || !statSync(dockerfile).isFile()) {
    throw new ConfigurationError(
      `no Dockerfile at ${quote(dockerfile)}; set dockerfile (relative to the workspace) or context`,
      'dockerfile',
    );
  }
  const platforms = inputs.list('platforms');
  for (const platform of platforms) checkPlatform(platform);
  const buildArgs = inputs.keyValues('build-args');
  for (const key of buildArgs.keys()) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new ConfigurationError(
        `${quote(key)} is not a valid build argument name`,
        'build-args',
      );
    }
  }
  const secrets = inputs.keyValues('build-secrets', { secret: true });
  for (const id of secrets.keys()) {
    if (!/^[A-Za-z0-9_.-]+$/.test(id)) {
      throw new ConfigurationError(
        `${quote(id)} is not a valid secret id (letters, digits, . _ -)`,
        'build-secrets',
      );
    }
  }
  // One spec per line: the specs themselves contain commas (type=gha,mode=max).
  const cacheFrom = lines(inputs.optional('cache-from'));
  const cacheTo = lines(inputs.optional('cache-to'));
  for (const [name, list] of [
    ['cache-from', cacheFrom],
    ['cache-to', cacheTo],
  ] as const) {
    for (const entry of list) {
      if (!CACHE.test(entry)) {
        throw new ConfigurationError(
          `${quote(entry)} is not a cache spec such as type=gha,mode=max`,
          name,
        );
      }
    }
  }
  const target = inputs.matching('target', /^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a build stage name');
  return {
    context,
    dockerfile,
    buildArgs,
    secrets,
    ...(target === undefined ? {} : { target }),
    platforms,
    cacheFrom,
    cacheTo,
    provenance: inputs.boolean('provenance', false),
    sbom: inputs.boolean('sbom', false),
  };
}

function checkTag(tag: string, input: string): void {
  if (!TAG_PATTERN.test(tag)) {
    throw new ConfigurationError(
      `${quote(tag)} is not a valid image tag (up to 128 letters, digits, _ . -; not starting with . or -)`,
      input,
    );
  }
}

function checkPlatform(platform: string): void {
  const [os, arch, variant, extra] = platform.split('/');
  if (
    os === undefined ||
    arch === undefined ||
    extra !== undefined ||
    !OS.has(os) ||
    !ARCH.has(arch) ||
    (variant !== undefined && !VARIANT.test(variant))
  ) {
    throw new ConfigurationError(
      `${quote(platform)} is not a platform such as linux/amd64 or linux/arm64 (os/arch[/variant], one per line or comma separated)`,
      'platforms',
    );
  }
}

function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
