import { createHash } from 'node:crypto';
import { readAwsSettings, type AwsSettings } from '../core/aws-clients';
import { ConfigurationError } from '../core/errors';
import { actionInputs } from '../core/inputs';
import {
  MAX_FILE_PATHS,
  MAX_WILDCARD_PATHS,
  collapsePaths,
  needsInvalidation,
  normalizePath,
} from '../cloudfront/paths';

export interface InvalidateInputs {
  aws: AwsSettings;
  distributionId?: string;
  alias?: string;
  /** The batch to send (already filtered and collapsed); empty means nothing to do. */
  paths: string[];
  /** Paths before collapsing, for the summary. */
  requested: number;
  callerReference: string;
  wait: boolean;
  timeoutMs: number;
  pollIntervalMs: number;
}

/** Reads and checks every input once; any mistake is a ConfigurationError naming the input. */
export function readInputs(
  inputs = actionInputs('invalidate-cdn'),
  env = process.env,
): InvalidateInputs {
  const aws = readAwsSettings(inputs, 'invalidate-cdn');
  const distributionId = inputs.matching(
    'distribution-id',
    /^[A-Z0-9]{8,20}$/,
    'a CloudFront distribution ID such as E2QWRUHEXAMPLE',
  );
  const alias = inputs.matching(
    'alias',
    /^(\*\.)?[a-z0-9.-]+\.[a-z]{2,}$/i,
    'a domain name such as www.example.com',
  );
  if ((distributionId === undefined) === (alias === undefined)) {
    throw new ConfigurationError(
      'set exactly one of distribution-id and alias',
      distributionId === undefined ? 'distribution-id' : 'alias',
    );
  }
  if (
    inputs.optional('paths') === undefined &&
    inputs.optional('changed-paths') === undefined &&
    !hasInput(env, 'changed-paths')
  ) {
    throw new ConfigurationError(
      'set paths, or changed-paths (the output of sync-spa-s3)',
      'paths',
    );
  }
  const explicit = inputs.list('paths').map((p) => normalizePath(p, 'paths'));
  const includeHashed = inputs.boolean('invalidate-hashed', false);
  const changed = inputs
    .list('changed-paths')
    .map((p) => normalizePath(p, 'changed-paths'))
    .filter((p) => includeHashed || needsInvalidation(p));
  const maxPaths = inputs.integer('max-paths', 100, { min: 1, max: MAX_FILE_PATHS });
  const requested = [...new Set([...explicit, ...changed])];
  const paths = collapsePaths(requested, { maxPaths, maxWildcards: MAX_WILDCARD_PATHS });
  const target = distributionId ?? alias ?? '';
  return {
    aws,
    ...(distributionId === undefined ? {} : { distributionId }),
    ...(alias === undefined ? {} : { alias: alias.toLowerCase() }),
    paths,
    requested: requested.length,
    callerReference: inputs.optional('caller-reference') ?? callerReference(target, paths, env),
    wait: inputs.boolean('wait', true),
    timeoutMs: inputs.duration('timeout', '30m', { min: 1000, max: 6 * 3_600_000 }),
    pollIntervalMs: inputs.duration('poll-interval', '10s', { min: 100, max: 300_000 }),
  };
}

/** An input that is declared but empty (changed-paths of a sync that changed nothing). */
function hasInput(env: NodeJS.ProcessEnv, name: string): boolean {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}` in env;
}

/**
 * The same for every attempt of one workflow run with the same paths, so a re-run returns the
 * earlier invalidation instead of paying for a second one.
 */
export function callerReference(
  target: string,
  paths: readonly string[],
  env: NodeJS.ProcessEnv,
): string {
  const digest = createHash('sha256')
    .update(
      [target, env.GITHUB_REPOSITORY ?? '', env.GITHUB_RUN_ID ?? '', ...[...paths].sort()].join(
        '\n',
      ),
    )
    .digest('hex')
    .slice(0, 24);
  const run = env.GITHUB_RUN_ID === undefined ? 'local' : `run-${env.GITHUB_RUN_ID}`;
  return `${run}-${digest}`;
}
