import type { InputOf } from '../generated/action-names';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { readAwsSettings, type AwsSettings } from '../core/aws-clients';
import { ConfigurationError } from '../core/errors';
import { actionInputs, type ActionInputs, quote } from '../core/inputs';
import type { OutsideLinks } from './local-files';

/** Only the inputs actions/sync-spa-s3/action.yml declares can be read. */
type Inputs = ActionInputs<'sync-spa-s3'>;

export const ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const;

/** A glob rule from `cache-control` or `content-type`: first match wins. */
export interface GlobRule {
  glob: string;
  value: string;
}

export interface SyncInputs {
  aws: AwsSettings;
  /** Absolute path of the build directory. */
  directory: string;
  bucket: string;
  /** '' or 'some/prefix/' (always ending in a slash). */
  prefix: string;
  indexFile: string;
  /** Extra entry files (globs), uploaded last with no-cache, besides HTML and the usual suspects. */
  entryFiles: string[];
  /** Extra content-hashed files (globs), cached for a year. */
  hashedFiles: string[];
  cacheControl: GlobRule[];
  contentType: GlobRule[];
  exclude: string[];
  /** A link resolving outside the build: refuse the build, or skip the link with a warning. */
  symlinks: OutsideLinks;
  precompressed: boolean;
  acl?: (typeof ACLS)[number];
  prune: boolean;
  keepReleases: number;
  keepForMs?: number;
  /** Release manifests (and snapshots) kept under .releases/; older ones are deleted. */
  releaseHistory: number;
  maxDeleteRatio: number;
  dryRun: boolean;
  /** How long to wait for another sync's lock on the site (0: fail at once). */
  lockTimeoutMs: number;
  concurrency: number;
  multipartThreshold: number;
  partSize: number;
  releaseId: string;
  /** URL path the prefix is served under, for changed-paths ('/' by default). */
  urlBase: string;
  /** Restore mode: 'previous' or a release id. */
  restoreRelease?: string;
}

const MIB = 1024 * 1024;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Reads and checks every input once; any mistake is a ConfigurationError naming the input. */
export function readInputs(inputs = actionInputs('sync-spa-s3'), env = process.env): SyncInputs {
  const aws = readAwsSettings(inputs, 'sync-spa-s3');
  const bucket = inputs.required('bucket');
  if (!BUCKET.test(bucket)) {
    throw new ConfigurationError(
      `${quote(bucket)} is not a valid S3 bucket name (the name only, no s3:// or slashes)`,
      'bucket',
    );
  }
  const rawPrefix = inputs.string('prefix', '').replace(/^\/+|\/+$/g, '');
  if (rawPrefix.split('/').some((part) => part === '..' || part === '.')) {
    throw new ConfigurationError(`${quote(rawPrefix)} must not contain . or .. segments`, 'prefix');
  }
  const restoreRelease = inputs.optional('restore-release');
  const directory = path.resolve(
    env.GITHUB_WORKSPACE ?? process.cwd(),
    inputs.string('directory', 'dist'),
  );
  if (restoreRelease === undefined) checkDirectory(directory);
  const partSize = inputs.integer('part-size-mb', 8, { min: 5, max: 5 * 1024 }) * MIB;
  const multipartThreshold =
    inputs.integer('multipart-threshold-mb', 16, { min: 5, max: 5 * 1024 }) * MIB;
  const keepFor = inputs.duration('keep-for', undefined, { min: 0, max: 365 * 24 * 3_600_000 });
  const acl = inputs.oneOf('acl', ACLS);
  const urlBase = readUrlBase(inputs);
  const keepReleases = inputs.integer('keep-releases', 2, { min: 1, max: 100 });
  return {
    aws,
    directory,
    bucket,
    prefix: rawPrefix === '' ? '' : `${rawPrefix}/`,
    indexFile:
      inputs.matching(
        'index-file',
        /^[^/].*[^/]$/,
        'a path inside the directory, e.g. index.html',
      ) ?? 'index.html',
    entryFiles: inputs.globs('entry-files'),
    hashedFiles: inputs.globs('hashed-files'),
    cacheControl: globRules(inputs, 'cache-control'),
    contentType: globRules(inputs, 'content-type'),
    exclude: inputs.globs('exclude'),
    symlinks: inputs.oneOf('symlinks', ['refuse', 'skip'], 'refuse'),
    precompressed: inputs.boolean('precompressed', false),
    ...(acl === undefined ? {} : { acl }),
    prune: inputs.boolean('delete', true),
    keepReleases,
    ...(keepFor === undefined ? {} : { keepForMs: keepFor }),
    releaseHistory: releaseHistory(inputs, keepReleases),
    maxDeleteRatio: inputs.number('max-delete-ratio', 0.5, { min: 0, max: 1 }),
    dryRun: inputs.boolean('dry-run', false),
    lockTimeoutMs: inputs.duration('lock-timeout', '10m', { min: 0, max: 3_600_000 }),
    concurrency: inputs.integer('concurrency', 32, { min: 1, max: 256 }),
    multipartThreshold,
    partSize,
    releaseId: releaseId(inputs, env),
    urlBase,
    ...(restoreRelease === undefined ? {} : { restoreRelease }),
  };
}

/**
 * The URL path the prefix is served under: a path of URL-safe characters (percent-encoded
 * where needed), no . or .. segments, no query, fragment, wildcard or whitespace; '/' by default.
 */
function readUrlBase(inputs: Inputs): string {
  const raw = inputs.string('url-base', '/');
  const trimmed = raw.replace(/^\/+|\/+$/g, '');
  const valid =
    /^[A-Za-z0-9._~!$&'()+,;=:@%/-]*$/.test(trimmed) &&
    !/%(?![0-9A-Fa-f]{2})/.test(trimmed) &&
    !/\/\//.test(trimmed) &&
    !trimmed.split('/').some((part) => part === '.' || part === '..');
  if (!valid) {
    throw new ConfigurationError(
      `expected the URL path the site is served under, such as /app/ (no query, fragment, *, spaces or . and .. segments), got ${quote(raw)}`,
      'url-base',
    );
  }
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

function releaseHistory(inputs: Inputs, keepReleases: number): number {
  const history = inputs.integer('release-history', 30, { min: 1, max: 1000 });
  if (history < keepReleases) {
    throw new ConfigurationError(
      `release-history (${history}) must be at least keep-releases (${keepReleases}): pruning reads the manifests of the releases it keeps`,
      'release-history',
    );
  }
  return history;
}

/** The refusals that must happen before any request: a missing or empty build directory. */
function checkDirectory(directory: string): void {
  if (!existsSync(directory)) {
    throw new ConfigurationError(
      `${quote(directory)} does not exist: build the app first, or point directory at its output`,
      'directory',
    );
  }
  if (!statSync(directory).isDirectory()) {
    throw new ConfigurationError(`${quote(directory)} is not a directory`, 'directory');
  }
}

function globRules(inputs: Inputs, name: InputOf<'sync-spa-s3'>): GlobRule[] {
  return [...inputs.keyValues(name).entries()].map(([glob, value]) => {
    if (value === '')
      throw new ConfigurationError(`the rule for ${quote(glob)} has no value`, name);
    return { glob, value };
  });
}

/** A release id that is the same for every attempt of one workflow run (re-runs converge). */
function releaseId(inputs: Inputs, env: NodeJS.ProcessEnv): string {
  const given = inputs.matching(
    'release-id',
    /^[A-Za-z0-9._-]{1,100}$/,
    'letters, digits, dot, dash or underscore (at most 100)',
  );
  if (given !== undefined) return given;
  const sha = (env.GITHUB_SHA ?? '').slice(0, 12);
  const run = env.GITHUB_RUN_ID ?? '';
  if (sha !== '' && run !== '') return `${sha}-${run}`;
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}
