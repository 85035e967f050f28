import { ConfigurationError } from '../core/errors';

/** The names one pull request's preview uses, derived from the PR number only. */
export interface PreviewNames {
  pr: number;
  /** `<service>-pr-<N>`: the ephemeral backend service. */
  service: string;
  /** `previews/pr-<N>/`: the frontend's prefix in the site bucket. */
  prefix: string;
  /** `pr_<N>`: the PostgreSQL schema or MySQL database. */
  schema: string;
  /** `preview/pr-<N>`: the GitHub Deployment environment. */
  environment: string;
  /** `pr-<N>`: the host label or path segment the CloudFront Function routes. */
  label: string;
}

export const PREVIEW_ROOT = 'previews/';
const SERVICE_SUFFIX = /-pr-([1-9]\d{0,8})$/;
const PREFIX = /^previews\/pr-[1-9]\d{0,8}\/$/;
const SCHEMA = /^pr_[1-9]\d{0,8}$/;

export function previewNames(baseService: string, pr: number): PreviewNames {
  if (!Number.isSafeInteger(pr) || pr < 1 || pr > 999_999_999) {
    throw new ConfigurationError(`expected a pull request number, got ${pr}`, 'pull-request');
  }
  return {
    pr,
    service: `${baseService}-pr-${pr}`,
    prefix: `${PREVIEW_ROOT}pr-${pr}/`,
    schema: `pr_${pr}`,
    environment: `preview/pr-${pr}`,
    label: `pr-${pr}`,
  };
}

/** The PR number of a preview service of `baseService`, or undefined for any other name. */
export function previewNumber(baseService: string, name: string): number | undefined {
  if (!name.startsWith(`${baseService}-pr-`)) return undefined;
  const match = SERVICE_SUFFIX.exec(name);
  if (match === null || name.length !== baseService.length + match[0].length) return undefined;
  return Number(match[1]);
}

/**
 * The deletion guards: teardown and the janitor only ever delete a service whose name carries the
 * preview suffix, a key prefix under previews/pr-<N>/, and a schema named pr_<N>. Anything else is
 * refused before any call is made.
 */
export function assertDeletable(names: Pick<PreviewNames, 'service' | 'prefix' | 'schema'>): void {
  assertPreviewService(names.service);
  assertPreviewPrefix(names.prefix);
  assertPreviewSchema(names.schema);
}

export function assertPreviewService(service: string): void {
  if (!SERVICE_SUFFIX.test(service)) {
    throw new ConfigurationError(
      `refusing to delete the service ${JSON.stringify(service)}: only names ending in -pr-<number> are previews`,
      'service',
    );
  }
}

export function assertPreviewPrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) {
    throw new ConfigurationError(
      `refusing to delete the prefix ${JSON.stringify(prefix)}: only previews/pr-<number>/ is a preview`,
      'bucket',
    );
  }
}

export function assertPreviewSchema(schema: string): void {
  if (!SCHEMA.test(schema)) {
    throw new ConfigurationError(
      `refusing to drop ${JSON.stringify(schema)}: only pr_<number> schemas are previews`,
      'database-url',
    );
  }
}
