import { readFileSync } from 'node:fs';
import { readAwsSettings, type AwsSettings } from '../core/aws-clients';
import { ConfigurationError } from '../core/errors';
import {
  actionInputs,
  environmentInputs,
  quote,
  type ActionInputs,
  type InputSource,
} from '../core/inputs';

/** Only the inputs actions/preview/action.yml declares can be read. */
type Inputs = ActionInputs<'preview'>;
import {
  readInputs as readAppRunnerInputs,
  type DeployAppRunnerConfig,
} from '../deploy-apprunner/inputs';
import {
  readInputs as readMigrationInputs,
  type RunMigrationsInputs,
} from '../run-migrations/inputs';
import { readInputs as readSyncInputs, type SyncInputs } from '../sync-spa-s3/inputs';
import { previewNames, type PreviewNames } from './names';

export const MODES = ['deploy', 'teardown', 'janitor'] as const;
export type PreviewMode = (typeof MODES)[number];
export type OnLimit = 'fail' | 'teardown-oldest';

export interface PreviewInputs {
  mode: PreviewMode;
  aws: AwsSettings;
  /** The production service's name; previews are `<service>-pr-<N>`. */
  baseService: string;
  bucket: string;
  /** Set for deploy and teardown; absent for the janitor. */
  names?: PreviewNames;
  /** Previews untouched for longer than this are removed by the janitor. */
  ttlMs: number;
  /** Open pull requests the janitor keeps (besides the TTL); undefined = not checked. */
  openPullRequests?: number[];
  maxPreviews: number;
  onLimit: OnLimit;
  /** The preview's frontend URL: `https://pr-<N>.<domain>/` or `<site-url>/pr-<N>/`. */
  frontendUrl?: string;
  /** The environment variable that carries the preview database's URL to the backend. */
  databaseEnv: string;
  /** Deploy only: the frontend (sync-spa-s3's inputs, prefix previews/pr-<N>/). */
  site?: SyncInputs;
  /** Deploy only: the backend (deploy-apprunner's inputs for `<service>-pr-<N>`). */
  backend?: DeployAppRunnerConfig;
  /** run-migrations' inputs for the production database (the schema is added per PR). */
  database?: RunMigrationsInputs;
}

const ACTION = 'preview';
const SERVICE = /^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$/;
const DATABASE_INPUTS = ['database-url', 'database-secret-id', 'database-parameter'] as const;
/** Previews are small and alone: the smallest App Runner size, one instance. */
export const PREVIEW_SIZE = { cpu: '0.25 vCPU', memory: '0.5 GB', instances: '1' };

/** Reads and checks every input once; any mistake is a ConfigurationError naming the input. */
export function readInputs(
  source: InputSource = environmentInputs,
  env: NodeJS.ProcessEnv = process.env,
): PreviewInputs {
  const inputs = actionInputs('preview', source);
  const mode = inputs.oneOf('mode', MODES, 'deploy');
  const aws = readAwsSettings(inputs, ACTION);
  const baseService = inputs.required('service');
  if (!SERVICE.test(baseService) || /-pr-\d+$/.test(baseService)) {
    throw new ConfigurationError(
      `expected the production service's name (4-40 letters, digits, - and _, not itself a preview), got ${quote(baseService)}`,
      'service',
    );
  }
  const bucket = inputs.required('bucket');
  const pr = mode === 'janitor' ? undefined : pullRequest(inputs, env);
  const names = pr === undefined ? undefined : previewNames(baseService, pr);
  if (names !== undefined && names.service.length > 40) {
    throw new ConfigurationError(
      `the preview service name ${quote(names.service)} is longer than App Runner's 40 characters: shorten service`,
      'service',
    );
  }
  const common = {
    mode,
    aws,
    baseService,
    bucket,
    ...(names === undefined ? {} : { names }),
    ttlMs: inputs.duration('ttl', '168h', { min: 60_000, max: 365 * 24 * 3_600_000 }),
    ...openPulls(inputs),
    maxPreviews: inputs.integer('max-previews', 10, { min: 1, max: 100 }),
    onLimit: inputs.oneOf('on-limit', ['fail', 'teardown-oldest'], 'fail'),
    databaseEnv: inputs.matching('database-env-name', /^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') ?? 'DATABASE_URL', // prettier-ignore
    ...frontendUrl(inputs, names),
  };
  if (inputs.optional('history-table')?.includes('.') === true) {
    throw new ConfigurationError('must be a bare table name: a preview keeps its history in its own schema pr_<N>', 'history-table'); // prettier-ignore
  }
  const hasDatabase = DATABASE_INPUTS.some((name) => inputs.optional(name) !== undefined);
  const database = hasDatabase
    ? readMigrationInputs(actionInputs('run-migrations', overlay(source, { 'run-on': 'runner', 'lock-name': `preview-${names?.schema ?? 'janitor'}`, command: '', image: '' }))) // prettier-ignore
    : undefined;
  if (mode !== 'deploy' || names === undefined) {
    return { ...common, ...(database === undefined ? {} : { database }) };
  }
  const site = readSyncInputs(
    actionInputs(
      'sync-spa-s3',
      overlay(source, {
        bucket,
        prefix: names.prefix,
        'url-base':
          common.frontendUrl?.includes(`/${names.label}/`) === true ? `/${names.label}/` : '/',
      }),
    ),
    env,
  );
  const backend = readAppRunnerInputs(
    actionInputs(
      'deploy-apprunner',
      overlay(source, {
        service: names.service,
        cpu: PREVIEW_SIZE.cpu,
        memory: PREVIEW_SIZE.memory,
        'min-instances': PREVIEW_SIZE.instances,
        'max-instances': PREVIEW_SIZE.instances,
        'auto-scaling-name': 'preview-one-instance',
        tags: tagLines(inputs.optional('tags'), baseService, names.pr),
      }),
    ),
  );
  return { ...common, site, backend, ...(database === undefined ? {} : { database }) };
}

/** A source that answers `overrides` first, then the action's own inputs. */
export function overlay(source: InputSource, overrides: Record<string, string>): InputSource {
  return (name) => (Object.hasOwn(overrides, name) ? overrides[name] : source(name));
}

function tagLines(given: string | undefined, base: string, pr: number): string {
  return [given ?? '', `preview-of=${base}`, `preview-pr=${pr}`].filter((l) => l !== '').join('\n');
}

/** The PR number: the pull-request input, else the pull_request event's own number. */
function pullRequest(inputs: Inputs, env: NodeJS.ProcessEnv): number {
  const given = inputs.integer('pull-request', undefined, { min: 1, max: 999_999_999 });
  if (given !== undefined) return given;
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath !== undefined && eventPath !== '') {
    try {
      const event = JSON.parse(readFileSync(eventPath, 'utf8')) as {
        pull_request?: { number?: unknown };
        number?: unknown;
      };
      const number = event.pull_request?.number ?? event.number;
      if (typeof number === 'number' && Number.isSafeInteger(number) && number > 0) return number;
    } catch {
      // no readable event: fall through to the error naming the input
    }
  }
  throw new ConfigurationError(
    'is required outside a pull_request event: pass ${{ github.event.pull_request.number }}',
    'pull-request',
  );
}

function openPulls(inputs: Inputs): { openPullRequests?: number[] } {
  const raw = inputs.optional('open-pull-requests');
  if (raw === undefined) return {};
  const numbers = raw.split(/[\s,]+/).filter((w) => w !== '');
  for (const word of numbers) {
    if (!/^[1-9]\d{0,8}$/.test(word)) {
      throw new ConfigurationError(
        `expected pull request numbers, got ${quote(word)}`,
        'open-pull-requests',
      );
    }
  }
  return { openPullRequests: numbers.map(Number) };
}

function frontendUrl(inputs: Inputs, names: PreviewNames | undefined): { frontendUrl?: string } {
  const domain = inputs.matching('preview-domain', /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, 'a domain such as preview.example.com'); // prettier-ignore
  const site = inputs.matching(
    'site-url',
    /^https?:\/\/[^\s/]+\/?$/,
    'a URL such as https://d111111abcdef8.cloudfront.net',
  );
  if (domain !== undefined && site !== undefined) {
    throw new ConfigurationError(
      'give preview-domain (a host per PR) or site-url (a path per PR), not both',
      'site-url',
    );
  }
  if (names === undefined) return {};
  if (domain !== undefined) return { frontendUrl: `https://${names.label}.${domain}/` };
  if (site !== undefined) return { frontendUrl: `${site.replace(/\/$/, '')}/${names.label}/` };
  return {};
}
