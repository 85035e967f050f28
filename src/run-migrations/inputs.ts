import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readAwsSettings, type AwsSettings } from '../core/aws-clients';
import { ConfigurationError } from '../core/errors';
import { actionInputs, type ActionInputs, quote } from '../core/inputs';
import {
  CONNECTION_PARTS,
  engineOf,
  type ConnectionPart,
  type Engine,
  type SslMode,
} from '../database/connection';
import { checkTableName } from '../database/history';
import { parseVersion } from '../database/migration-files';

/** Only the inputs actions/run-migrations/action.yml declares can be read. */
type Inputs = ActionInputs<'run-migrations'>;

/** Where the connection comes from: exactly one of these inputs. */
export type ConnectionSource =
  | { kind: 'url'; url: string; input: 'database-url' }
  | { kind: 'secretsmanager'; id: string; input: 'database-secret-id' }
  | { kind: 'ssm'; id: string; input: 'database-parameter' };

/** Names of the keys of a JSON secret (RDS's by default). */
export interface SecretKeys {
  engine: string;
  host: string;
  port: string;
  user: string;
  password: string;
  database: string;
}

export const RDS_SECRET_KEYS: SecretKeys = {
  engine: 'engine',
  host: 'host',
  port: 'port',
  user: 'username',
  password: 'password',
  database: 'dbname',
};

export interface ConnectionInputs {
  source: ConnectionSource;
  secretKeys: SecretKeys;
  /** Override or complete what the source gives (RDS-managed secrets hold only user and password). */
  engine?: Engine;
  host?: string;
  port?: number;
  database?: string;
  ssl?: SslMode;
  sslCa?: string;
}

export type MigrationMode =
  | {
      kind: 'sql';
      folder: string;
      dryRun: boolean;
      target?: number[];
      baselineVersion?: number[];
      table: string;
    }
  | { kind: 'command'; command: string; env: [string, ConnectionPart][]; workingDirectory: string };

/** Where the migration runs: on the runner, or as a one-off ECS task inside the VPC. */
export interface EcsTaskInputs {
  cluster: string;
  taskDefinition?: string;
  service?: string;
  container: string;
  image?: string;
  /** The container command: exec form (a JSON array) or `sh -c <command>`. */
  command: string[];
  subnets: string[];
  securityGroups: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  timeoutMs: number;
}

export interface RunMigrationsInputs {
  aws: AwsSettings;
  /** Absent in ecs-task mode: the task reads its connection from its own task definition. */
  connection?: ConnectionInputs;
  mode: MigrationMode;
  ecsTask?: EcsTaskInputs;
  /** Lock name; derived from the database name when empty. */
  lockName?: string;
  lockTimeoutMs: number;
  connectTimeoutMs: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads and checks every input once; mistakes are ConfigurationErrors naming the input. */
export function readInputs(inputs = actionInputs('run-migrations')): RunMigrationsInputs {
  const runOn = inputs.oneOf('run-on', ['runner', 'ecs-task'], 'runner');
  const ecsTask = runOn === 'ecs-task' ? readEcsTask(inputs) : undefined;
  if (ecsTask === undefined) refuseEcsTaskInputs(inputs);
  const connection = ecsTask === undefined ? readConnection(inputs) : undefined;
  const aws = readAws(inputs, ecsTask !== undefined || connection?.source.kind !== 'url');
  const mode = readMode(inputs, ecsTask !== undefined);
  const lockName = inputs.matching(
    'lock-name',
    /^[\w.:/-]{1,200}$/,
    'a name of letters, digits and . _ : / -',
  );
  return {
    aws,
    ...(connection === undefined ? {} : { connection }),
    ...(ecsTask === undefined ? {} : { ecsTask }),
    mode,
    ...(lockName === undefined ? {} : { lockName }),
    lockTimeoutMs: inputs.duration('lock-timeout', '10m', { min: 0, max: 6 * 3_600_000 }),
    connectTimeoutMs: inputs.duration('connect-timeout', '2m', { min: 1000, max: 3_600_000 }),
  };
}

/**
 * The AWS settings. A database-url connection on the runner makes no AWS call, so it needs no
 * region: the settings then only carry the other inputs, checked as strictly as ever.
 */
function readAws(inputs: Inputs, needed: boolean): AwsSettings {
  try {
    return readAwsSettings(inputs, 'run-migrations');
  } catch (error) {
    if (needed || !(error instanceof ConfigurationError) || error.input !== 'aws-region')
      throw error;
    return {
      region: 'us-east-1',
      maxAttempts: inputs.integer('max-attempts', 5, { min: 1, max: 20 }),
      retryMode: inputs.oneOf('retry-mode', ['standard', 'adaptive'], 'standard'),
      action: 'run-migrations',
    };
  }
}

const CONNECTION_INPUTS = [
  'database-url',
  'database-secret-id',
  'database-parameter',
  'secret-keys',
  'database-host',
  'database-port',
  'database-name',
] as const;

const ECS_TASK_INPUTS = [
  'ecs-cluster',
  'ecs-task-definition',
  'ecs-service',
  'ecs-container',
  'image',
  'ecs-subnets',
  'ecs-security-groups',
] as const;

/**
 * On the runner, the ecs-task inputs would be ignored: each one set is an error naming the mode.
 * Those with a default (ecs-assign-public-ip, task-timeout) are still read, so a typo such as
 * `ture` is refused, and a public IP asked for is refused too.
 */
function refuseEcsTaskInputs(inputs: Inputs): void {
  for (const name of ECS_TASK_INPUTS) {
    if (inputs.optional(name) !== undefined) {
      throw new ConfigurationError('applies to run-on: ecs-task only, not run-on: runner', name);
    }
  }
  if (inputs.boolean('ecs-assign-public-ip', false)) {
    throw new ConfigurationError(
      'applies to run-on: ecs-task only, not run-on: runner',
      'ecs-assign-public-ip',
    );
  }
  inputs.duration('task-timeout', '30m', { min: 1000, max: 6 * 3_600_000 });
}

function readEcsTask(inputs: Inputs): EcsTaskInputs {
  for (const name of CONNECTION_INPUTS) {
    if (inputs.optional(name) !== undefined) {
      throw new ConfigurationError(
        "is not used with run-on: ecs-task: the task reads its connection from its task definition's secrets (valueFrom), as the application does; credentials passed as container overrides would show in the ECS console",
        name,
      );
    }
  }
  const command = inputs.optional('command');
  if (command === undefined) {
    throw new ConfigurationError(
      'run-on: ecs-task runs your image\'s migration tool: set command (e.g. "alembic upgrade head", or a JSON array such as ["./efbundle"])',
      'command',
    );
  }
  let argv: string[];
  if (command.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(command);
    } catch {
      parsed = undefined;
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length === 0 ||
      parsed.some((a) => typeof a !== 'string')
    ) {
      throw new ConfigurationError('starts with [ but is not a JSON array of strings', 'command');
    }
    argv = parsed as string[];
  } else {
    argv = ['sh', '-c', command];
  }
  const taskDefinition = inputs.optional('ecs-task-definition');
  const service = inputs.optional('ecs-service');
  if (taskDefinition === undefined && service === undefined) {
    throw new ConfigurationError(
      'run-on: ecs-task needs ecs-task-definition, or ecs-service to copy the task definition and network from',
      'ecs-task-definition',
    );
  }
  const subnets = inputs.list('ecs-subnets');
  const securityGroups = inputs.list('ecs-security-groups');
  if (subnets.length === 0 && securityGroups.length > 0) {
    throw new ConfigurationError('needs ecs-subnets too', 'ecs-security-groups');
  }
  const publicIp = inputs.boolean('ecs-assign-public-ip', false);
  if (publicIp && subnets.length === 0) {
    throw new ConfigurationError(
      'needs ecs-subnets (without them the task takes the network of ecs-service)',
      'ecs-assign-public-ip',
    );
  }
  const image = inputs.optional('image');
  return {
    cluster: inputs.required('ecs-cluster'),
    ...(taskDefinition === undefined ? {} : { taskDefinition }),
    ...(service === undefined ? {} : { service }),
    container: inputs.required('ecs-container'),
    ...(image === undefined ? {} : { image }),
    command: argv,
    subnets,
    securityGroups,
    ...(subnets.length === 0 ? {} : { assignPublicIp: publicIp ? 'ENABLED' : 'DISABLED' }),
    timeoutMs: inputs.duration('task-timeout', '30m', { min: 1000, max: 6 * 3_600_000 }),
  };
}

function readConnection(inputs: Inputs): ConnectionInputs {
  const url = inputs.secret('database-url');
  const secretId = inputs.optional('database-secret-id');
  const parameter = inputs.optional('database-parameter');
  const given = [
    url && 'database-url',
    secretId && 'database-secret-id',
    parameter && 'database-parameter',
  ].filter((x): x is string => typeof x === 'string');
  if (given.length !== 1) {
    throw new ConfigurationError(
      given.length === 0
        ? 'set one of database-url (a secret URL), database-secret-id (Secrets Manager) or database-parameter (SSM Parameter Store)'
        : `set only one connection source, got ${given.join(' and ')}`,
      given[1] ?? 'database-url',
    );
  }
  const source: ConnectionSource =
    url !== undefined
      ? { kind: 'url', url, input: 'database-url' }
      : secretId !== undefined
        ? { kind: 'secretsmanager', id: secretId, input: 'database-secret-id' }
        : { kind: 'ssm', id: parameter as string, input: 'database-parameter' };

  const secretKeys = { ...RDS_SECRET_KEYS };
  for (const [part, key] of inputs.keyValues('secret-keys')) {
    if (!(part in secretKeys)) {
      throw new ConfigurationError(
        `unknown part ${quote(part)}; expected lines such as user=username, with parts ${Object.keys(secretKeys).join(', ')}`,
        'secret-keys',
      );
    }
    secretKeys[part as keyof SecretKeys] = key;
  }
  const engineText = inputs.optional('engine');
  let engine: Engine | undefined;
  if (engineText !== undefined) {
    engine = engineOf(engineText);
    if (engine === undefined) {
      throw new ConfigurationError(
        `expected postgres or mysql (mariadb and aurora-* too), got ${quote(engineText)}`,
        'engine',
      );
    }
  }
  const host = inputs.matching(
    'database-host',
    /^[A-Za-z0-9.:[\]_-]+$/,
    'a host name or IP address',
  );
  const port = inputs.integer('database-port', undefined, { min: 1, max: 65535 });
  const database = inputs.optional('database-name');
  const ssl = inputs.oneOf('ssl', ['disable', 'require', 'verify-full']);
  const caPath = inputs.optional('ssl-ca');
  let sslCa: string | undefined;
  if (caPath !== undefined) {
    try {
      sslCa = readFileSync(path.resolve(process.env.GITHUB_WORKSPACE ?? '.', caPath), 'utf8');
    } catch {
      throw new ConfigurationError(`cannot read the CA bundle ${quote(caPath)}`, 'ssl-ca');
    }
    if (ssl !== 'verify-full')
      throw new ConfigurationError('is only used with ssl: verify-full', 'ssl-ca');
  }
  return {
    source,
    secretKeys,
    ...(engine === undefined ? {} : { engine }),
    ...(host === undefined ? {} : { host }),
    ...(port === undefined ? {} : { port }),
    ...(database === undefined ? {} : { database }),
    ...(ssl === undefined ? {} : { ssl }),
    ...(sslCa === undefined ? {} : { sslCa }),
  };
}

function readMode(inputs: Inputs, ecsTask = false): MigrationMode {
  const command = inputs.optional('command');
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const dryRun = inputs.boolean('dry-run', false);
  const target = inputs.optional('target');
  const baseline = inputs.optional('baseline-version');
  const folderInput = inputs.optional('migrations-path');
  if (command !== undefined) {
    for (const [name, value] of [
      ['migrations-path', folderInput],
      ['target', target],
      ['baseline-version', baseline],
    ] as const) {
      if (value !== undefined) {
        throw new ConfigurationError(
          'applies to the built-in SQL runner only; it cannot be combined with command',
          name,
        );
      }
    }
    if (dryRun)
      throw new ConfigurationError(
        "applies to the built-in SQL runner only; run your tool's own dry run in command",
        'dry-run',
      );
    if (ecsTask && inputs.optional('command-env') !== undefined) {
      throw new ConfigurationError(
        'is not used with run-on: ecs-task (the task definition carries the connection)',
        'command-env',
      );
    }
    const env: [string, ConnectionPart][] = [];
    const mapping = inputs.keyValues('command-env');
    for (const [name, part] of mapping.size === 0 ? new Map([['DATABASE_URL', 'url']]) : mapping) {
      if (!ENV_NAME.test(name))
        throw new ConfigurationError(
          `${quote(name)} is not a valid environment variable name`,
          'command-env',
        );
      if (!(CONNECTION_PARTS as readonly string[]).includes(part)) {
        throw new ConfigurationError(
          `${name}=${quote(part)}: expected one of ${CONNECTION_PARTS.join(', ')} (e.g. DATABASE_URL=url, PGPASSWORD=password)`,
          'command-env',
        );
      }
      env.push([name, part as ConnectionPart]);
    }
    return {
      kind: 'command',
      command,
      env,
      workingDirectory: path.resolve(workspace, inputs.string('working-directory', '.')),
    };
  }
  if (inputs.optional('command-env') !== undefined) {
    throw new ConfigurationError('is only used with command', 'command-env');
  }
  return {
    kind: 'sql',
    folder: path.resolve(workspace, folderInput ?? 'migrations'),
    dryRun,
    ...(target === undefined || target === 'latest'
      ? {}
      : { target: versionInput(target, 'target') }),
    ...(baseline === undefined
      ? {}
      : { baselineVersion: versionInput(baseline, 'baseline-version') }),
    table: checkTableName(inputs.string('history-table', 'schema_history')),
  };
}

function versionInput(value: string, input: string): number[] {
  const text = value.replace(/^V/i, '');
  if (!/^\d+(?:[._]\d+)*$/.test(text)) {
    throw new ConfigurationError(
      `expected a version such as 3 or 2.1 (or latest), got ${quote(value)}`,
      input,
    );
  }
  return parseVersion(text);
}
