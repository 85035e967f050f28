import { ACTIONS, type InputOf } from '../generated/action-names';
import { ConfigurationError } from '../core/errors';
import { actionInputs, type ActionInputs } from '../core/inputs';

/** Only the inputs the root action.yml declares can be read. */
type Inputs = ActionInputs<'deploy'>;

/** The single actions the root action runs, by their folder name. */
export type PartName =
  | 'build-push-ecr'
  | 'run-migrations'
  | 'deploy-apprunner'
  | 'deploy-ecs'
  | 'verify-health'
  | 'sync-spa-s3'
  | 'invalidate-cdn';

/** Inputs of one single action, by the names its action.yml declares. */
export type PartInputs = Record<string, string>;

export interface BackendPlan {
  deployPart: 'deploy-apprunner' | 'deploy-ecs';
  /** build-push-ecr inputs; undefined when `image` names an existing image. */
  build?: PartInputs;
  image?: string;
  migrations?: PartInputs;
  /** deploy-apprunner or deploy-ecs inputs, without `image` (known after the build). */
  deploy: PartInputs;
  /** verify-health inputs, without `urls` (the service URL is known after the deploy). */
  verify: PartInputs;
  serviceUrl?: string;
}

export interface FrontendPlan {
  sync: PartInputs;
  /** invalidate-cdn inputs without `paths` (what the sync changed). */
  invalidate?: PartInputs;
  /** verify-health inputs of the site check. */
  verify?: PartInputs;
  siteUrl?: string;
}

export interface DeployConfig {
  backend?: BackendPlan;
  frontend?: FrontendPlan;
  autoRollback: boolean;
}

const AWS_COMMON = ['aws-region', 'endpoint-url', 'max-attempts', 'retry-mode'] as const;

/** Root inputs a part receives under its own name: errors of the part name the root input. */
const RENAMED: Partial<Record<PartName, Record<string, string>>> = {
  'verify-health': { timeout: 'health-timeout', paths: 'health-check-path' },
  'deploy-ecs': { 'min-tasks': 'min-instances', 'max-tasks': 'max-instances' },
};

/** The root input a part's input comes from (the same name unless renamed). */
export function rootInputName(part: PartName, name: string): string {
  return RENAMED[part]?.[name] ?? name;
}

/** Inputs of the backend (none is used with platform none). */
const BACKEND_INPUTS: readonly InputOf<'deploy'>[] = [
  'repository', 'context', 'dockerfile', 'build-args', 'image', 'service', 'access-role-arn',
  'port', 'cpu', 'memory', 'min-instances', 'max-instances', 'environment', 'secrets',
  'health-check-path', 'cluster', 'ecs-mode', 'container', 'execution-role-arn',
  'infrastructure-role-arn', 'service-url', 'migrations-path', 'engine', 'database-url',
  'database-secret-id', 'expected-version', 'version-json-path', 'version-header', 'headers',
]; // prettier-ignore
const ECS_INPUTS: readonly InputOf<'deploy'>[] = ['cluster', 'ecs-mode', 'container', 'execution-role-arn', 'infrastructure-role-arn']; // prettier-ignore
/** What ECS Express Mode takes and a classic service (whose task definition has it) does not. */
const ECS_EXPRESS_INPUTS: readonly InputOf<'deploy'>[] = [
  'execution-role-arn', 'infrastructure-role-arn', 'port', 'cpu', 'memory', 'min-instances',
  'max-instances', 'environment', 'secrets',
]; // prettier-ignore

/**
 * The defaults action.yml declares: the runner passes them whether or not the user set the
 * input, so a value equal to its default does not count as set (generated from action.yml by
 * `npm run docs`; test/unit/deploy/inputs-by-mode.test.ts checks the ones the mode checks meet).
 */
export const ROOT_DEFAULTS: Readonly<Record<string, string>> = ACTIONS.deploy.defaults;

/**
 * An input that the chosen mode does not use is a mistake (a value that would be silently
 * ignored), reported naming the mode, whatever its value (its default aside).
 */
function refuseUnused(inputs: Inputs, names: readonly InputOf<'deploy'>[], mode: string): void {
  for (const name of names) {
    const value = inputs.optional(name);
    if (value !== undefined && value !== ROOT_DEFAULTS[name]) {
      throw new ConfigurationError(`does not apply with ${mode}: remove it`, name);
    }
  }
}

/** Copies the named root inputs that are set into a part's inputs (same names unless mapped). */
function pick(
  inputs: Inputs,
  names: readonly (InputOf<'deploy'> | [root: InputOf<'deploy'>, part: string])[],
): PartInputs {
  const out: PartInputs = {};
  for (const entry of names) {
    const [root, part] = typeof entry === 'string' ? [entry, entry] : entry;
    const value = inputs.optional(root);
    if (value !== undefined) out[part] = value;
  }
  return out;
}

/**
 * Reads the root action's inputs once and splits them into the single actions' inputs. The
 * single actions check their own inputs strictly (validateParts runs those checks before any
 * change); this checks what only the combination can tell.
 */
export function readInputs(inputs = actionInputs('deploy')): DeployConfig {
  const platform = inputs.oneOf('platform', ['apprunner', 'ecs', 'none'] as const, 'apprunner');
  const aws = pick(inputs, AWS_COMMON);
  const autoRollback = inputs.boolean('auto-rollback', true);
  const backend = platform === 'none' ? undefined : readBackend(inputs, platform, aws);
  const frontend = readFrontend(inputs, aws);
  if (backend === undefined && frontend === undefined) {
    throw new ConfigurationError(
      'nothing to deploy: set platform (with repository or image, and service) or bucket',
      'platform',
    );
  }
  if (platform === 'none') refuseUnused(inputs, BACKEND_INPUTS, 'platform none (no backend)');
  if (frontend === undefined)
    refuseUnused(inputs, ['directory', 'prefix'], 'no bucket (no frontend)');
  return {
    autoRollback,
    ...(backend === undefined ? {} : { backend }),
    ...(frontend === undefined ? {} : { frontend }),
  };
}

function readBackend(inputs: Inputs, platform: 'apprunner' | 'ecs', aws: PartInputs): BackendPlan {
  const image = inputs.optional('image');
  const repository = inputs.optional('repository');
  if (image === undefined && repository === undefined) {
    throw new ConfigurationError(
      `is required to build the backend image (or set image to deploy an existing one)`,
      'repository',
    );
  }
  if (inputs.optional('service') === undefined) {
    throw new ConfigurationError(`is required when platform is ${platform}`, 'service');
  }
  if (platform === 'apprunner') refuseUnused(inputs, ECS_INPUTS, 'platform apprunner');
  else refuseUnused(inputs, ['access-role-arn'], 'platform ecs');
  const healthPath = inputs.string('health-check-path', '/health');
  const deploy =
    platform === 'apprunner'
      ? {
          ...aws,
          ...pick(inputs, [
            'service',
            'access-role-arn',
            'port',
            'cpu',
            'memory',
            'min-instances',
            'max-instances',
            'environment',
            'secrets',
          ]),
          'health-check-path': healthPath,
        }
      : readEcsDeploy(inputs, aws, healthPath);
  const migrationsPath = inputs.optional('migrations-path');
  if (migrationsPath === undefined) {
    refuseUnused(inputs, ['engine', 'database-url', 'database-secret-id'], 'no migrations-path');
  }
  const migrations =
    migrationsPath === undefined
      ? undefined
      : {
          ...aws,
          ...pick(inputs, ['engine', 'database-url', 'database-secret-id']),
          'migrations-path': migrationsPath,
        };
  const serviceUrl = inputs.optional('service-url');
  return {
    deployPart: platform === 'apprunner' ? 'deploy-apprunner' : 'deploy-ecs',
    ...(image === undefined
      ? {
          build: { ...aws, ...pick(inputs, ['repository', 'context', 'dockerfile', 'build-args']) },
        }
      : { image }),
    ...(migrations === undefined ? {} : { migrations }),
    deploy,
    verify: {
      paths: healthPath,
      ...pick(inputs, [
        'expected-version',
        'version-json-path',
        'version-header',
        'headers',
        ['health-timeout', 'timeout'],
      ]),
    },
    ...(serviceUrl === undefined ? {} : { serviceUrl }),
  };
}

/** deploy-ecs inputs of a classic service only (its deployment strategy and task count). */
const SERVICE_ONLY = [
  'deployment-strategy',
  'bake-time',
  'canary-percent',
  'canary-bake-time',
  'linear-step-percent',
  'linear-step-bake-time',
  'alarms',
  'desired-count',
] as const satisfies readonly InputOf<'deploy'>[];

function readEcsDeploy(inputs: Inputs, aws: PartInputs, healthPath: string): PartInputs {
  const mode = inputs.oneOf('ecs-mode', ['express', 'service'] as const, 'express');
  const common = { ...aws, mode, ...pick(inputs, ['cluster', 'service']) };
  if (mode === 'service') {
    if (inputs.optional('container') === undefined) {
      throw new ConfigurationError(
        'is required with ecs-mode service (the container whose image is replaced)',
        'container',
      );
    }
    if (inputs.optional('service-url') === undefined) {
      throw new ConfigurationError(
        'is required with ecs-mode service: a classic service reports no URL to check',
        'service-url',
      );
    }
    refuseUnused(inputs, ECS_EXPRESS_INPUTS, 'ecs-mode service (its task definition has them)');
    return { ...common, ...pick(inputs, ['container', ...SERVICE_ONLY]) };
  }
  refuseUnused(inputs, ['container', ...SERVICE_ONLY], 'ecs-mode express');
  return {
    ...common,
    ...pick(inputs, [
      'execution-role-arn',
      'infrastructure-role-arn',
      'port',
      'cpu',
      'memory',
      ['min-instances', 'min-tasks'],
      ['max-instances', 'max-tasks'],
      'environment',
      'secrets',
    ]),
    'health-check-path': healthPath,
  };
}

function readFrontend(inputs: Inputs, aws: PartInputs): FrontendPlan | undefined {
  const bucket = inputs.optional('bucket');
  if (bucket === undefined) {
    for (const name of ['distribution-id', 'site-url'] as const) {
      if (inputs.optional(name) !== undefined)
        throw new ConfigurationError('needs bucket (the single-page app to publish)', name);
    }
    return undefined;
  }
  const distributionId = inputs.optional('distribution-id');
  const siteUrl = inputs.optional('site-url');
  return {
    sync: { ...aws, bucket, ...pick(inputs, ['directory', 'prefix']) },
    ...(distributionId === undefined
      ? {}
      : { invalidate: { ...aws, 'distribution-id': distributionId } }),
    ...(siteUrl === undefined
      ? {}
      : { verify: { urls: siteUrl, ...pick(inputs, [['health-timeout', 'timeout']]) }, siteUrl }),
  };
}
